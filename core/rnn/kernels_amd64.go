//go:build amd64

package rnn

import "golang.org/x/sys/cpu"

// On amd64 the kernels are four-lane AVX (kernels_amd64.s) where the CPU has
// it, gonum's two-lane SSE2 otherwise; both give the portable loops' bits.
var (
	gemvT  = gemvTBLAS
	ger    = gerBLAS
	gerSum = gerSumGo
)

func init() {
	if cpu.X86.HasAVX {
		gemvT, ger, gerSum = gemvTAVXGo, gerAVXGo, gerSumAVXGo
	}
}

//go:noescape
func gemvTAVX(a []float64, m, n int, x, y []float64)

//go:noescape
func gerAVX(a []float64, m, n int, x, y []float64)

// gemvTAVXGo is gemvT through gemvTAVX, with the slice checks the assembly
// leaves to Go.
func gemvTAVXGo(a []float64, m, n int, x []float64, beta float64, y []float64) {
	y = y[:n]
	if beta == 0 {
		clear(y)
	}
	if m == 0 || n == 0 {
		return
	}
	_, _ = a[m*n-1], x[m-1]
	gemvTAVX(a, m, n, x, y)
}

// gerAVXGo is ger through gerAVX.
func gerAVXGo(a []float64, m, n int, x, y []float64) {
	if m == 0 || n == 0 {
		return
	}
	_, _, _ = a[m*n-1], x[m-1], y[n-1]
	gerAVX(a, m, n, x, y)
}

//go:noescape
func gerSumAVX(a []float64, m, n int, xs, ys []float64, T int)

// gerSumAVXGo is gerSum through gerSumAVX for the 4 x 4 blocks, and
// gerSumLoop for the rows and columns left over.
func gerSumAVXGo(a []float64, m, n int, xs, ys []float64, T int) {
	if m == 0 || n == 0 || T == 0 {
		return
	}
	_, _, _ = a[m*n-1], xs[T*m-1], ys[T*n-1]
	m4, n4 := m&^3, n&^3
	if m4 > 0 && n4 > 0 {
		gerSumAVX(a, m, n, xs, ys, T)
	}
	gerSumLoop(a, m, n, xs, ys, T, 0, m4, n4, n)
	gerSumLoop(a, m, n, xs, ys, T, m4, m, 0, n)
}
