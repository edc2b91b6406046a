//go:build !amd64 && !wasm

package detmath

func tanhVec(x []float64) { tanhVecGo(x) }

func expVec(x []float64) { expVecGo(x) }
