//go:build !amd64

package detmath

var platformTanhVecs = map[string]func([]float64){}
