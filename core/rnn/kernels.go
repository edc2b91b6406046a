package rnn

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// The matrix kernels of a training cycle. All accumulate in a fixed order,
// so every implementation gives the same bits:
//
//	gemvT:   y = beta*y + A^T x, adding row after row of A (beta is 0 or 1)
//	ger:     A += x y^T, element by element
//	gerSum:  A += the sum of a window's x_k y_k^T, last k first
//	dotRows: y[k] = dot(row k of A, x), dot's four interleaved sums
//	gemvTMany, dotRowsMany: gemvT and dotRows for each of T vectors, in
//	one call (natively one assembly call for the whole window)
//
// On amd64 with AVX they are four-lane assembly without fused multiply-adds
// (kernels_amd64.s), elsewhere natively gonum's BLAS; under WebAssembly
// (kernels_wasm.go) they are loops unrolled over eight rows and two columns,
// since the wasm backend pays for every loop turn. gerSum keeps each element
// in a register over the whole window.

// gemvTManyGo is gemvTMany as T calls of gemvT: y_t = beta*y_t + A^T x_t
// for the rows x_t of the T x m xs and y_t of the T x n ys.
func gemvTManyGo(a []float64, m, n int, xs []float64, beta float64, ys []float64, T int) {
	for t := 0; t < T; t++ {
		gemvT(a, m, n, xs[t*m:(t+1)*m], beta, ys[t*n:(t+1)*n])
	}
}

// dotRowsManyGo is dotRowsMany as T calls of dotRows: y_t[k] = dot(row k of
// A, x_t) for the rows x_t of the T x n xs and y_t of the T x m ys.
func dotRowsManyGo(a []float64, m, n int, xs, ys []float64, T int) {
	for t := 0; t < T; t++ {
		dotRows(a, m, n, xs[t*n:(t+1)*n], ys[t*m:(t+1)*m])
	}
}

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
	for ; i+8 <= m; i += 8 {
		xb := x[i : i+8 : i+8]
		x0, x1, x2, x3, x4, x5, x6, x7 := xb[0], xb[1], xb[2], xb[3], xb[4], xb[5], xb[6], xb[7]
		ab := a[i*n : (i+8)*n]
		r0, r1, r2, r3 := ab[:n], ab[n:2*n], ab[2*n:3*n], ab[3*n:4*n]
		r4, r5, r6, r7 := ab[4*n:5*n], ab[5*n:6*n], ab[6*n:7*n], ab[7*n:]
		r0, r1, r2, r3 = r0[:len(y)], r1[:len(y)], r2[:len(y)], r3[:len(y)]
		r4, r5, r6, r7 = r4[:len(y)], r5[:len(y)], r6[:len(y)], r7[:len(y)]
		// Two columns an iteration: the WebAssembly build pays for every
		// loop turn.
		j := 0
		for ; j+1 < len(y); j += 2 {
			y0, y1 := y[j], y[j+1]
			y[j] = (((((((y0 + x0*r0[j]) + x1*r1[j]) + x2*r2[j]) + x3*r3[j]) +
				x4*r4[j]) + x5*r5[j]) + x6*r6[j]) + x7*r7[j]
			y[j+1] = (((((((y1 + x0*r0[j+1]) + x1*r1[j+1]) + x2*r2[j+1]) + x3*r3[j+1]) +
				x4*r4[j+1]) + x5*r5[j+1]) + x6*r6[j+1]) + x7*r7[j+1]
		}
		if j < len(y) {
			y[j] = (((((((y[j] + x0*r0[j]) + x1*r1[j]) + x2*r2[j]) + x3*r3[j]) +
				x4*r4[j]) + x5*r5[j]) + x6*r6[j]) + x7*r7[j]
		}
	}
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
			k := T
			for ; k >= 2; k -= 2 { // two k a turn: WebAssembly pays per loop turn
				x, y := xs[xo], ys[yo:yo+8:yo+8]
				s0 += x * y[0]
				s1 += x * y[1]
				s2 += x * y[2]
				s3 += x * y[3]
				s4 += x * y[4]
				s5 += x * y[5]
				s6 += x * y[6]
				s7 += x * y[7]
				x, y = xs[xo-m], ys[yo-n:yo-n+8:yo-n+8]
				s0 += x * y[0]
				s1 += x * y[1]
				s2 += x * y[2]
				s3 += x * y[3]
				s4 += x * y[4]
				s5 += x * y[5]
				s6 += x * y[6]
				s7 += x * y[7]
				xo -= 2 * m
				yo -= 2 * n
			}
			if k == 1 {
				x, y := xs[xo], ys[yo:yo+8:yo+8]
				s0 += x * y[0]
				s1 += x * y[1]
				s2 += x * y[2]
				s3 += x * y[3]
				s4 += x * y[4]
				s5 += x * y[5]
				s6 += x * y[6]
				s7 += x * y[7]
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
