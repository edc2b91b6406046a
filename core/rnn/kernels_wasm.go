//go:build js && wasm

package rnn

func gemvT(a []float64, m, n int, x []float64, beta float64, y []float64) {
	gemvTLoop(a, m, n, x, beta, y)
}

func ger(a []float64, m, n int, x, y []float64) { gerLoop(a, m, n, x, y) }
