//go:build wasm

package rnn

import "unsafe"

// gemvTWasm, gerSumWasm, dotRowsWasm and backStepWasm are in kernels_wasm.s
// (generated): the same operations as gemvTLoop, gerSumLoop, dotRowsGo and
// backStepGo in the same order, written with WebAssembly's own loops (see
// gen_kernels.go for why).

//go:noescape
func gemvTWasm(a, x, y *float64, m, n int, beta float64)

//go:noescape
func gerSumWasm(a, xs, ys *float64, m, n, T int)

// gemvT is small enough to be inlined: a Go call costs much under
// WebAssembly, and a window makes two of them a step.
func gemvT(a []float64, m, n int, x []float64, beta float64, y []float64) {
	if len(a) < m*n || len(x) < m || len(y) < n {
		panic(errShort)
	}
	gemvTWasm(unsafe.SliceData(a), unsafe.SliceData(x), unsafe.SliceData(y), m, n, beta)
}

func ger(a []float64, m, n int, x, y []float64) { gerLoop(a, m, n, x, y) }

func gerSum(a []float64, m, n int, xs, ys []float64, T int) {
	if m > 0 && n > 0 && T > 0 {
		_, _, _ = a[m*n-1], xs[T*m-1], ys[T*n-1] // the assembly reads these
		gerSumWasm(&a[0], &xs[(T-1)*m], &ys[(T-1)*n], m, n, T)
	}
}

//go:noescape
func dotRowsWasm(a, xs, ys *float64, m, n, T int)

func dotRows(a []float64, m, n int, x, y []float64) { dotRowsMany(a, m, n, x, y, 1) }

func dotRowsMany(a []float64, m, n int, xs, ys []float64, T int) {
	if len(a) < m*n || len(xs) < T*n || len(ys) < T*m {
		panic(errShort)
	}
	if m > 0 && T > 0 {
		dotRowsWasm(unsafe.SliceData(a), unsafe.SliceData(xs), unsafe.SliceData(ys), m, n, T)
	}
}

//go:noescape
func backStepWasm(h, dout, dnext, da, dbh, dwx *float64, n int)

// backStepFrom: the assembly is faster at every size.
const backStepFrom = 0

func backStep(h, dout, dnext, da, dBh, dwx []float64) {
	n := len(h)
	if min(len(dout), len(dnext), len(da), len(dBh), len(dwx)) < n {
		panic(errShort)
	}
	if n > 0 {
		backStepWasm(&h[0], &dout[0], &dnext[0], &da[0], &dBh[0], &dwx[0], n)
	}
}
