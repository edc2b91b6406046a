//go:build amd64

package rnn

import (
	"math"

	"golang.org/x/sys/cpu"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// On amd64 the kernels are four-lane AVX (kernels_amd64.s) where the CPU has
// it, gonum's two-lane SSE2 otherwise; both give the portable loops' bits.
// They are plain functions, not variables, so that the compiler calls them
// directly (and inlines the checks): a small network makes about 160 kernel
// calls a cycle.
var hasAVX = cpu.X86.HasAVX

func gemvT(a []float64, m, n int, x []float64, beta float64, y []float64) {
	if hasAVX {
		gemvTAVXGo(a, m, n, x, beta, y)
		return
	}
	gemvTBLAS(a, m, n, x, beta, y)
}

func ger(a []float64, m, n int, x, y []float64) {
	if hasAVX {
		gerAVXGo(a, m, n, x, y)
		return
	}
	gerBLAS(a, m, n, x, y)
}

func gerSum(a []float64, m, n int, xs, ys []float64, T int) {
	if hasAVX {
		gerSumAVXGo(a, m, n, xs, ys, T)
		return
	}
	gerSumGo(a, m, n, xs, ys, T)
}

func dotRows(a []float64, m, n int, x, y []float64) {
	if hasAVX {
		dotRowsAVXGo(a, m, n, x, y)
		return
	}
	dotRowsGo(a, m, n, x, y)
}

func gemvTMany(a []float64, m, n int, xs []float64, beta float64, ys []float64, T int) {
	if hasAVX {
		gemvTManyAVXGo(a, m, n, xs, beta, ys, T)
		return
	}
	gemvTManyGo(a, m, n, xs, beta, ys, T)
}

func dotRowsMany(a []float64, m, n int, xs, ys []float64, T int) {
	if hasAVX {
		dotRowsManyAVXGo(a, m, n, xs, ys, T)
		return
	}
	dotRowsManyGo(a, m, n, xs, ys, T)
}

//go:noescape
func gemvTAVX(a []float64, m, n int, x, y []float64, T int, zero bool)

//go:noescape
func gerAVX(a []float64, m, n int, x, y []float64)

// gemvTAVXGo is gemvT through gemvTAVX, with the slice checks the assembly
// leaves to Go.
func gemvTAVXGo(a []float64, m, n int, x []float64, beta float64, y []float64) {
	y = y[:n]
	if m == 0 || n == 0 {
		if beta == 0 {
			clear(y)
		}
		return
	}
	_, _ = a[m*n-1], x[m-1]
	gemvTAVX(a, m, n, x, y, 1, beta == 0)
}

// gemvTManyAVXGo is gemvTMany through gemvTAVX.
func gemvTManyAVXGo(a []float64, m, n int, xs []float64, beta float64, ys []float64, T int) {
	if T <= 0 {
		return
	}
	ys = ys[:T*n]
	if m == 0 || n == 0 {
		if beta == 0 {
			clear(ys)
		}
		return
	}
	_, _ = a[m*n-1], xs[T*m-1]
	gemvTAVX(a, m, n, xs, ys, T, beta == 0)
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

// gerSumAVXGo is gerSum through gerSumAVX, with the slice checks the
// assembly leaves to Go.
func gerSumAVXGo(a []float64, m, n int, xs, ys []float64, T int) {
	if m == 0 || n == 0 || T <= 0 {
		return
	}
	_, _, _ = a[m*n-1], xs[T*m-1], ys[T*n-1]
	gerSumAVX(a, m, n, xs, ys, T)
}

//go:noescape
func dotRowsAVX(a []float64, m, n int, x, y []float64, T int)

// dotRowsAVXGo is dotRows through dotRowsAVX.
func dotRowsAVXGo(a []float64, m, n int, x, y []float64) {
	if m == 0 {
		return
	}
	_ = y[m-1]
	if n > 0 {
		_, _ = a[m*n-1], x[n-1]
	}
	dotRowsAVX(a, m, n, x, y, 1)
}

// dotRowsManyAVXGo is dotRowsMany through dotRowsAVX.
func dotRowsManyAVXGo(a []float64, m, n int, xs, ys []float64, T int) {
	if m == 0 || T <= 0 {
		return
	}
	_ = ys[T*m-1]
	if n > 0 {
		_, _ = a[m*n-1], xs[T*n-1]
	}
	dotRowsAVX(a, m, n, xs, ys, T)
}

//go:noescape
func backStepAVX(h, dout, dnext, da, dbh, dwx *float64, n int)

// backStepFrom is the size from which the backward pass calls backStep:
// below 16 neurons the Go loop, inlined there, costs less than the call.
var backStepFrom = math.MaxInt

func init() {
	if hasAVX {
		backStepFrom = 16
	}
}

func backStep(h, dout, dnext, da, dBh, dwx []float64) {
	n := len(h)
	if !hasAVX || n == 0 {
		backStepGo(h, dout, dnext, da, dBh, dwx)
		return
	}
	if min(len(dout), len(dnext), len(da), len(dBh), len(dwx)) < n {
		panic(errShort)
	}
	backStepAVX(&h[0], &dout[0], &dnext[0], &da[0], &dBh[0], &dwx[0], n)
}

//go:noescape
func transposeAVX(w, wt *float64, n, rows int)

// transpose sets wt to the transpose of the n x n w: the first n&^3 rows
// and columns in transposeAVX's 4 x 4 blocks, the rest in Go.
func transpose(w, wt []float64, n int) {
	k := n &^ 3
	if !hasAVX || k == 0 {
		transposeGo(w, wt, n)
		return
	}
	_, _ = w[n*n-1], wt[n*n-1]
	transposeAVX(&w[0], &wt[0], n, k)
	transposeRest(w, wt, n, k, k)
}

//go:noescape
func absColSumsAVX(a *float64, m, n int, dst *float64)

// absColSums does the first n&^3 columns in absColSumsAVX, the rest in Go.
func absColSums(a []float64, m, n int, dst []float64) {
	k := n &^ 3
	if !hasAVX || k == 0 || m == 0 {
		absColSumsGo(a, m, n, dst)
		return
	}
	absColSumsAVX(&a[0], m, n, &dst[0])
	absColSumsFrom(a, m, n, dst, k)
}

// gonum's BLAS is assembly on amd64 (no fused multiply-adds, rows added in
// order), so it gives the portable loops' bits where AVX is missing.

// general returns data as an r x c row-major gonum matrix.
func general(data []float64, r, c int) blas64.General {
	return blas64.General{Rows: r, Cols: c, Stride: c, Data: data}
}

// vector returns x as a gonum vector.
func vector(x []float64) blas64.Vector {
	return blas64.Vector{N: len(x), Inc: 1, Data: x}
}

// gemvTBLAS is gemvT through gonum.
func gemvTBLAS(a []float64, m, n int, x []float64, beta float64, y []float64) {
	if m == 0 || n == 0 {
		if beta == 0 {
			clear(y)
		}
		return
	}
	blas64.Gemv(blas.Trans, 1, general(a, m, n), vector(x), beta, vector(y))
}

// gerBLAS is ger through gonum.
func gerBLAS(a []float64, m, n int, x, y []float64) {
	if m == 0 || n == 0 {
		return
	}
	blas64.Ger(1, vector(x), vector(y), general(a, m, n))
}
