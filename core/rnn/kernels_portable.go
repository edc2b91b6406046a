//go:build !amd64

package rnn

// Where there is no assembly for them (WebAssembly, other CPUs) these
// kernels are the portable loops; gemvT, ger, gerSum, dotRows and backStep
// differ by target (kernels_native.go, kernels_wasm.go).

func gemvTMany(a []float64, m, n int, xs []float64, beta float64, ys []float64, T int) {
	gemvTManyGo(a, m, n, xs, beta, ys, T)
}

func transpose(w, wt []float64, n int) { transposeGo(w, wt, n) }

func absColSums(a []float64, m, n int, dst []float64) { absColSumsGo(a, m, n, dst) }
