//go:build !wasm

package ff

import "github.com/diffstruct/diffstruct/core/rnn"

// Natively the matrix work is core/rnn's kernel (four-lane AVX on amd64,
// where the CPU has it) on the operands laid out as it takes them, with the
// same additions in the same order as the Go loops of kernels.go
// (TestKernelsMatchGo).

func tanhVec(x []float64) { tanhVecNative(x) }

func layerFwd(in []float64, cols, B int, w, b, z []float64, rows int, act bool) {
	z = z[:rows*B]
	for j, bj := range b[:rows] {
		zj := z[j*B : (j+1)*B]
		for t := range zj {
			zj[t] = bj
		}
	}
	gemvTMany(in, cols, B, w, 1, z, rows)
	if act {
		tanhVecNative(z)
	}
}

func backSum(d []float64, rows, B int, D []float64, mrows int, W []float64, mcols, off int, beta float64, tmp *[]float64) {
	wt := grow(tmp, rows*mrows) // columns off on of W, a row each
	for i := range mrows {
		for j, v := range W[i*mcols+off : i*mcols+off+rows] {
			wt[j*mrows+i] = v
		}
	}
	gemvTMany(D, mrows, B, wt, beta, d, rows)
}

func backGrad(d, a []float64, rows, B int, in []float64, cols int, gb, gw []float64, act bool, tmp *[]float64) {
	d = d[:rows*B]
	if act {
		for j := range rows {
			dj, aj := d[j*B:(j+1)*B], a[j*B:(j+1)*B]
			aj = aj[:len(dj)]
			g := gb[j]
			for t, v := range aj {
				dj[t] = float64(dj[t] * (1 - float64(v*v)))
				g += dj[t]
			}
			gb[j] = g
		}
	}
	xb := grow(tmp, B*cols) // in point-major
	for c := range cols {
		for t, v := range in[c*B : (c+1)*B] {
			xb[t*cols+c] = v
		}
	}
	gemvTMany(xb, B, cols, d, 0, gw, rows)
}

func sgd(w, g []float64, lr float64) { sgdGo(w, g, lr) }

// gemvTMany is rnn.GemvTMany, which also takes an empty matrix (a layer
// of no neurons or inputs): y_t = beta*y_t then.
func gemvTMany(a []float64, m, n int, xs []float64, beta float64, ys []float64, T int) {
	if m == 0 || n == 0 || T == 0 {
		if beta == 0 {
			clear(ys[:T*n])
		}
		return
	}
	rnn.GemvTMany(a, m, n, xs, beta, ys, T)
}
