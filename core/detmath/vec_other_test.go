//go:build !amd64

package detmath

var (
	platformTanhVecs = map[string]func([]float64){}
	platformExpVecs  = map[string]func([]float64){}
)
