//go:build !amd64 && !wasm

package ff

func tanhVecNative(x []float64) { tanhVecGo(x) }
