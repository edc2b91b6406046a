//go:build !amd64

package rnn

// Where there is no assembly (WebAssembly, other CPUs) the window-wide
// kernels are the portable loops; gemvT and ger differ by target
// (kernels_native.go, kernels_wasm.go).

func gerSum(a []float64, m, n int, xs, ys []float64, T int) { gerSumGo(a, m, n, xs, ys, T) }

func dotRows(a []float64, m, n int, x, y []float64) { dotRowsGo(a, m, n, x, y) }

func gemvTMany(a []float64, m, n int, xs []float64, beta float64, ys []float64, T int) {
	gemvTManyGo(a, m, n, xs, beta, ys, T)
}

func dotRowsMany(a []float64, m, n int, xs, ys []float64, T int) {
	dotRowsManyGo(a, m, n, xs, ys, T)
}
