package rnn

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// The two matrix kernels of a training cycle. Both accumulate in a fixed
// order, so every implementation gives the same bits:
//
//	gemvT: y = beta*y + A^T x, adding row after row of A (beta is 0 or 1)
//	ger:   A += x y^T, element by element
//
// On amd64 with AVX they are four-lane assembly without fused multiply-adds
// (kernels_amd64.s), elsewhere natively gonum's BLAS; under WebAssembly
// (kernels_wasm.go) they are loops unrolled over four rows, which gonum's
// portable code does not do and which the wasm backend needs. gerSum, the
// sum of a window's outer products, keeps each element in a register.

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

// gemvTLoop is gemvT as plain loops over four rows at a time. Each y[j]
// still receives the rows' products one after another, in row order.
func gemvTLoop(a []float64, m, n int, x []float64, beta float64, y []float64) {
	y = y[:n]
	if beta == 0 {
		clear(y)
	}
	i := 0
	for ; i+4 <= m; i += 4 {
		x0, x1, x2, x3 := x[i], x[i+1], x[i+2], x[i+3]
		r0 := a[i*n : i*n+n]
		r1 := a[(i+1)*n : (i+1)*n+n]
		r2 := a[(i+2)*n : (i+2)*n+n]
		r3 := a[(i+3)*n : (i+3)*n+n]
		r0, r1, r2, r3 = r0[:len(y)], r1[:len(y)], r2[:len(y)], r3[:len(y)]
		for j, yj := range y {
			y[j] = (((yj + x0*r0[j]) + x1*r1[j]) + x2*r2[j]) + x3*r3[j]
		}
	}
	for ; i < m; i++ {
		xi, r := x[i], a[i*n:i*n+n]
		r = r[:len(y)]
		for j, yj := range y {
			y[j] = yj + xi*r[j]
		}
	}
}

// gerLoop is ger as plain loops.
func gerLoop(a []float64, m, n int, x, y []float64) {
	y = y[:n]
	for i := 0; i < m; i++ {
		xi, r := x[i], a[i*n:i*n+n]
		r = r[:len(y)]
		for j, yj := range y {
			r[j] += xi * yj
		}
	}
}

// gerSumLoop adds xs_k ys_k^T to the m x n A for k = T-1 down to 0 (xs_k is
// row k of the T x m xs, ys_k row k of the T x n ys), restricted to the rows
// [i0, i1) and columns [j0, j1). Each element receives the products one
// after another in the order of k, exactly as T calls of ger would add them,
// but it stays in a register (eight columns at a time) instead of being
// loaded and stored T times.
func gerSumLoop(a []float64, m, n int, xs, ys []float64, T, i0, i1, j0, j1 int) {
	for i := i0; i < i1; i++ {
		row := a[i*n : i*n+n]
		j := j0
		for ; j+8 <= j1; j += 8 {
			a8 := row[j : j+8 : j+8]
			s0, s1, s2, s3, s4, s5, s6, s7 := a8[0], a8[1], a8[2], a8[3], a8[4], a8[5], a8[6], a8[7]
			xo, yo := (T-1)*m+i, (T-1)*n+j
			for k := T; k > 0; k-- {
				x, y := xs[xo], ys[yo:yo+8:yo+8]
				s0 += x * y[0]
				s1 += x * y[1]
				s2 += x * y[2]
				s3 += x * y[3]
				s4 += x * y[4]
				s5 += x * y[5]
				s6 += x * y[6]
				s7 += x * y[7]
				xo -= m
				yo -= n
			}
			a8[0], a8[1], a8[2], a8[3], a8[4], a8[5], a8[6], a8[7] = s0, s1, s2, s3, s4, s5, s6, s7
		}
		for ; j < j1; j++ {
			s, xo, yo := row[j], (T-1)*m+i, (T-1)*n+j
			for k := T; k > 0; k-- {
				s += xs[xo] * ys[yo]
				xo -= m
				yo -= n
			}
			row[j] = s
		}
	}
}

// gerSumGo is gerSum in portable Go.
func gerSumGo(a []float64, m, n int, xs, ys []float64, T int) {
	gerSumLoop(a, m, n, xs, ys, T, 0, m, 0, n)
}
