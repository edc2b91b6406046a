//go:build !(js && wasm) && !amd64

package rnn

func gemvT(a []float64, m, n int, x []float64, beta float64, y []float64) {
	gemvTBLAS(a, m, n, x, beta, y)
}

func ger(a []float64, m, n int, x, y []float64) { gerBLAS(a, m, n, x, y) }
