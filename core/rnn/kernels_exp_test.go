package rnn

import (
	"fmt"
	"testing"
)

// gemvT8 is gemvT over eight rows at a time with columns in fours.
func gemvTCol4(a []float64, m, n int, x []float64, beta float64, y []float64) {
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
		j := 0
		for ; j+2 <= n; j += 2 {
			yy := y[j : j+2 : j+2]
			a0, a1, a2, a3 := r0[j:j+2:j+2], r1[j:j+2:j+2], r2[j:j+2:j+2], r3[j:j+2:j+2]
			yy[0] = (((yy[0] + x0*a0[0]) + x1*a1[0]) + x2*a2[0]) + x3*a3[0]
			yy[1] = (((yy[1] + x0*a0[1]) + x1*a1[1]) + x2*a2[1]) + x3*a3[1]
		}
		for ; j < n; j++ {
			y[j] = (((y[j] + x0*r0[j]) + x1*r1[j]) + x2*r2[j]) + x3*r3[j]
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

func gemvT8(a []float64, m, n int, x []float64, beta float64, y []float64) {
	y = y[:n]
	if beta == 0 {
		clear(y)
	}
	i := 0
	for ; i+8 <= m; i += 8 {
		x0, x1, x2, x3, x4, x5, x6, x7 := x[i], x[i+1], x[i+2], x[i+3], x[i+4], x[i+5], x[i+6], x[i+7]
		r0 := a[i*n : i*n+n][:len(y)]
		r1 := a[(i+1)*n : (i+1)*n+n][:len(y)]
		r2 := a[(i+2)*n : (i+2)*n+n][:len(y)]
		r3 := a[(i+3)*n : (i+3)*n+n][:len(y)]
		r4 := a[(i+4)*n : (i+4)*n+n][:len(y)]
		r5 := a[(i+5)*n : (i+5)*n+n][:len(y)]
		r6 := a[(i+6)*n : (i+6)*n+n][:len(y)]
		r7 := a[(i+7)*n : (i+7)*n+n][:len(y)]
		for j, yj := range y {
			y[j] = (((((((yj + x0*r0[j]) + x1*r1[j]) + x2*r2[j]) + x3*r3[j]) + x4*r4[j]) + x5*r5[j]) + x6*r6[j]) + x7*r7[j]
		}
	}
	gemvTLoop(a[i*n:], m-i, n, x[i:], 1, y)
}

func gerCol2(a []float64, m, n int, x, y []float64) {
	y = y[:n]
	i := 0
	for ; i+2 <= m; i += 2 {
		x0, x1 := x[i], x[i+1]
		r0 := a[i*n : i*n+n][:len(y)]
		r1 := a[(i+1)*n : (i+1)*n+n][:len(y)]
		for j, yj := range y {
			r0[j] += x0 * yj
			r1[j] += x1 * yj
		}
	}
	for ; i < m; i++ {
		xi, r := x[i], a[i*n:i*n+n]
		r = r[:len(y)]
		for j, yj := range y {
			r[j] += xi * yj
		}
	}
}

func gerJ2(a []float64, m, n int, x, y []float64) {
	y = y[:n]
	for i := 0; i < m; i++ {
		xi, r := x[i], a[i*n:i*n+n]
		r = r[:len(y)]
		j := 0
		for ; j+2 <= len(y); j += 2 {
			rr, yy := r[j:j+2:j+2], y[j:j+2:j+2]
			rr[0] += xi * yy[0]
			rr[1] += xi * yy[1]
		}
		for ; j < len(y); j++ {
			r[j] += xi * y[j]
		}
	}
}

func BenchmarkKernels(b *testing.B) {
	for _, n := range []int{10, 40, 100} {
		a := make([]float64, n*n)
		x, y := make([]float64, n), make([]float64, n)
		for i := range a {
			a[i] = float64(i%7) * 0.1
		}
		for i := range x {
			x[i] = float64(i%5) * 0.1
		}
		for name, k := range map[string]func([]float64, int, int, []float64, float64, []float64){
			"gemvTLoop": gemvTLoop, "gemvT8": gemvT8, "gemvTCol4": gemvTCol4, "gemvTBLAS": gemvTBLAS, "gemvT": gemvT,
		} {
			b.Run(fmt.Sprintf("%s/N=%d", name, n), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					k(a, n, n, x, 0, y)
				}
			})
		}
		for name, k := range map[string]func([]float64, int, int, []float64, []float64){
			"gerLoop": gerLoop, "gerCol2": gerCol2, "gerJ2": gerJ2, "gerBLAS": gerBLAS, "ger": ger,
		} {
			b.Run(fmt.Sprintf("%s/N=%d", name, n), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					k(a, n, n, x, y)
				}
			})
		}
	}
}

func gerCol4(a []float64, m, n int, x, y []float64) {
	y = y[:n]
	i := 0
	for ; i+4 <= m; i += 4 {
		x0, x1, x2, x3 := x[i], x[i+1], x[i+2], x[i+3]
		r0 := a[i*n : i*n+n][:len(y)]
		r1 := a[(i+1)*n : (i+1)*n+n][:len(y)]
		r2 := a[(i+2)*n : (i+2)*n+n][:len(y)]
		r3 := a[(i+3)*n : (i+3)*n+n][:len(y)]
		for j, yj := range y {
			r0[j] += x0 * yj
			r1[j] += x1 * yj
			r2[j] += x2 * yj
			r3[j] += x3 * yj
		}
	}
	for ; i < m; i++ {
		xi, r := x[i], a[i*n:i*n+n]
		r = r[:len(y)]
		for j, yj := range y {
			r[j] += xi * yj
		}
	}
}

// fused: g += x r^T and y = W^T x, one pass over the rows.
func fused4(w, g []float64, m, n int, x, r, y []float64) {
	y = y[:n]
	r = r[:n]
	clear(y)
	i := 0
	for ; i+4 <= m; i += 4 {
		x0, x1, x2, x3 := x[i], x[i+1], x[i+2], x[i+3]
		w0 := w[i*n : i*n+n][:len(y)]
		w1 := w[(i+1)*n : (i+1)*n+n][:len(y)]
		w2 := w[(i+2)*n : (i+2)*n+n][:len(y)]
		w3 := w[(i+3)*n : (i+3)*n+n][:len(y)]
		g0 := g[i*n : i*n+n][:len(y)]
		g1 := g[(i+1)*n : (i+1)*n+n][:len(y)]
		g2 := g[(i+2)*n : (i+2)*n+n][:len(y)]
		g3 := g[(i+3)*n : (i+3)*n+n][:len(y)]
		for j, yj := range y {
			rj := r[j]
			g0[j] += x0 * rj
			g1[j] += x1 * rj
			g2[j] += x2 * rj
			g3[j] += x3 * rj
			y[j] = (((yj + x0*w0[j]) + x1*w1[j]) + x2*w2[j]) + x3*w3[j]
		}
	}
	gerLoop(g[i*n:], m-i, n, x[i:], r)
	gemvTLoop(w[i*n:], m-i, n, x[i:], 1, y)
}

func BenchmarkBack(b *testing.B) {
	n := 40
	w, g := make([]float64, n*n), make([]float64, n*n)
	x, r, y := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range w {
		w[i] = float64(i%7) * 0.1
	}
	b.Run("fused4", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			fused4(w, g, n, n, x, r, y)
		}
	})
	b.Run("separate", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			gerCol4(g, n, n, x, r)
			gemvTLoop(w, n, n, x, 0, y)
		}
	})
	b.Run("gerCol4", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			gerCol4(g, n, n, x, r)
		}
	})
}
