// Package fused is the scanner's positive control: an unrounded product
// added to something, which the compiler fuses on arm64 and at GOAMD64=v3.
package fused

// MulAdd returns x*y + z, fused where the CPU can.
func MulAdd(x, y, z float64) float64 { return x*y + z }

// Rounded returns x*y + z with the product rounded first: never fused.
func Rounded(x, y, z float64) float64 { return float64(x*y) + z }
