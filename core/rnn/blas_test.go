package rnn

import (
	"maps"
	"math"
	"testing"

	"github.com/diffstruct/diffstruct/core/rng"
)

// gonumGemvT and gonumGer hold gonum's kernels where the engine uses them
// (amd64 without AVX; blas_amd64_test.go): elsewhere gonum's pure Go may be
// compiled with fused multiply-adds and is not expected to match.
var gonumGemvT, gonumGer = map[string]func([]float64, int, int, []float64, float64, []float64){},
	map[string]func([]float64, int, int, []float64, []float64){}

// TestBLASKernelsAreOrdered guards the assumption that makes runs
// reproducible across platforms: our unrolled loops, the platform's kernels
// and (on amd64) gonum's Gemv with a transposed matrix and its Ger give
// exactly the bits of a plain loop that accumulates row after row.
func TestBLASKernelsAreOrdered(t *testing.T) {
	r := rng.New(11, 0)
	for m := 1; m <= 67; m++ {
		for _, cols := range []int{1, 3, 4, m} {
			a := make([]float64, m*cols)
			x, y := make([]float64, m), make([]float64, cols)
			for _, s := range [][]float64{a, x, y} {
				for i := range s {
					s[i] = r.Norm()
				}
			}
			want := append([]float64(nil), y...)
			for i := 0; i < m; i++ {
				for j := 0; j < cols; j++ {
					want[j] += float64(x[i] * a[i*cols+j])
				}
			}
			gemvTs := map[string]func([]float64, int, int, []float64, float64, []float64){
				"unrolled loop": gemvTLoop, "platform": gemvT,
			}
			maps.Copy(gemvTs, gonumGemvT)
			for name, kernel := range gemvTs {
				got := append([]float64(nil), y...)
				kernel(a, m, cols, x, 1, got)
				for j := range got {
					if got[j] != want[j] {
						t.Fatalf("%s %dx%d: element %d = %v, ordered loop gives %v", name, m, cols, j, got[j], want[j])
					}
				}
			}
			want0 := make([]float64, cols) // beta = 0: y's old values are ignored
			for i := 0; i < m; i++ {
				for j := 0; j < cols; j++ {
					want0[j] += float64(x[i] * a[i*cols+j])
				}
			}
			for name, kernel := range map[string]func([]float64, int, int, []float64, float64, []float64){
				"unrolled loop": gemvTLoop, "platform": gemvT,
			} {
				got := append([]float64(nil), y...)
				kernel(a, m, cols, x, 0, got)
				for j := range got {
					if math.Float64bits(got[j]) != math.Float64bits(want0[j]) {
						t.Fatalf("%s %dx%d, beta 0: element %d = %v, ordered loop gives %v", name, m, cols, j, got[j], want0[j])
					}
				}
			}
			wantA := append([]float64(nil), a...)
			for i := 0; i < m; i++ {
				for j := 0; j < cols; j++ {
					wantA[i*cols+j] += float64(x[i] * y[j])
				}
			}
			gers := map[string]func([]float64, int, int, []float64, []float64){"loop": gerLoop, "platform": ger}
			maps.Copy(gers, gonumGer)
			for name, kernel := range gers {
				got := append([]float64(nil), a...)
				kernel(got, m, cols, x, y)
				for i := range got {
					if got[i] != wantA[i] {
						t.Fatalf("%s %dx%d: element %d = %v, ordered loop gives %v", name, m, cols, i, got[i], wantA[i])
					}
				}
			}
		}
	}
}

// TestGerSumIsRepeatedGer checks that gerSum (AVX on amd64 where the CPU has
// it, portable Go elsewhere) gives the bits of T calls of the ordered ger
// loop, last k first, for every shape around the kernels' block sizes.
func TestGerSumIsRepeatedGer(t *testing.T) {
	r := rng.New(12, 0)
	for _, m := range []int{1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 40} {
		for _, n := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 40, 44} {
			for _, T := range []int{1, 2, 5, 40} {
				a := make([]float64, m*n)
				xs, ys := make([]float64, T*m), make([]float64, T*n)
				for _, s := range [][]float64{a, xs, ys} {
					for i := range s {
						s[i] = r.Norm()
					}
				}
				xs[0], ys[len(ys)-1] = 0, -0.0*r.Norm()
				want := append([]float64(nil), a...)
				for k := T - 1; k >= 0; k-- {
					for i := 0; i < m; i++ {
						for j := 0; j < n; j++ {
							want[i*n+j] += float64(xs[k*m+i] * ys[k*n+j])
						}
					}
				}
				for name, kernel := range map[string]func([]float64, int, int, []float64, []float64, int){
					"platform": gerSum, "portable": gerSumGo,
				} {
					got := append([]float64(nil), a...)
					kernel(got, m, n, xs, ys, T)
					for i := range got {
						if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
							t.Fatalf("%s %dx%d T=%d: element %d = %v, repeated ger gives %v", name, m, n, T, i, got[i], want[i])
						}
					}
				}
			}
		}
	}
}

// TestDotRowsIsDot checks that dotRows (AVX on amd64 where the CPU has it)
// gives dot's bits for every row, for lengths around its block size.
func TestDotRowsIsDot(t *testing.T) {
	r := rng.New(13, 0)
	for _, m := range []int{1, 3, 4, 7} {
		for _, n := range []int{0, 1, 3, 4, 5, 8, 10, 41} {
			a, x := make([]float64, m*n), make([]float64, n)
			for _, s := range [][]float64{a, x} {
				for i := range s {
					s[i] = r.Norm()
				}
			}
			if n > 0 {
				x[0] = -0.0 * r.Norm()
			}
			got := make([]float64, m)
			dotRows(a, m, n, x, got)
			for k := range got {
				want := dot(a[k*n:(k+1)*n], x)
				if math.Float64bits(got[k]) != math.Float64bits(want) {
					t.Fatalf("%dx%d: row %d = %v, dot gives %v", m, n, k, got[k], want)
				}
			}
		}
	}
}

// TestManyKernelsAreRepeated checks gemvTMany and dotRowsMany (one assembly
// call for all T vectors on amd64 with AVX) against T calls of the plain
// loops, bit for bit, beta 0 and 1.
func TestManyKernelsAreRepeated(t *testing.T) {
	r := rng.New(14, 0)
	for _, m := range []int{0, 1, 3, 4, 9, 10, 17} {
		for _, n := range []int{0, 1, 2, 4, 5, 10, 13} {
			for _, T := range []int{1, 2, 7} {
				a, xs, ys, xn := make([]float64, m*n), make([]float64, T*m), make([]float64, T*n), make([]float64, T*n)
				for _, s := range [][]float64{a, xs, ys, xn} {
					for i := range s {
						s[i] = r.Norm()
					}
				}
				for _, beta := range []float64{0, 1} {
					got, want := append([]float64(nil), ys...), append([]float64(nil), ys...)
					gemvTMany(a, m, n, xs, beta, got, T)
					for k := 0; k < T; k++ {
						gemvTLoop(a, m, n, xs[k*m:(k+1)*m], beta, want[k*n:(k+1)*n])
					}
					for i := range got {
						if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
							t.Fatalf("gemvTMany %dx%d T=%d beta %v: element %d = %v, loops give %v", m, n, T, beta, i, got[i], want[i])
						}
					}
				}
				got := make([]float64, T*m)
				dotRowsMany(a, m, n, xn, got, T)
				for k := 0; k < T; k++ {
					for i := 0; i < m; i++ {
						if want := dot(a[i*n:(i+1)*n], xn[k*n:(k+1)*n]); math.Float64bits(got[k*m+i]) != math.Float64bits(want) {
							t.Fatalf("dotRowsMany %dx%d T=%d: y_%d[%d] = %v, dot gives %v", m, n, T, k, i, got[k*m+i], want)
						}
					}
				}
			}
		}
	}
}

// BenchmarkKernels times each platform kernel against its portable loop at
// a 40-neuron window's shapes (40 steps, alphabet 4): the forward and
// backward gemvT, the Whh gradient's gerSum and the outputs' dotRowsMany.
func BenchmarkKernels(b *testing.B) {
	const n, v, T = 40, 4, 40
	r := rng.New(13, 0)
	fill := func(k int) []float64 {
		s := make([]float64, k)
		for i := range s {
			s[i] = r.Norm()
		}
		return s
	}
	a, xs, ys, why := fill(n*n), fill(T*n), fill(T*n), fill(v*n)
	ps := make([]float64, T*v)
	for _, k := range []struct {
		name string
		f    func()
	}{
		{"gemvT/platform", func() { gemvTMany(a, n, n, xs, 1, ys, T) }},
		{"gemvT/portable", func() {
			for t := 0; t < T; t++ {
				gemvTLoop(a, n, n, xs[t*n:(t+1)*n], 1, ys[t*n:(t+1)*n])
			}
		}},
		{"gerSum/platform", func() { gerSum(a, n, n, xs, ys, T) }},
		{"gerSum/portable", func() { gerSumGo(a, n, n, xs, ys, T) }},
		{"transpose/platform", func() { transpose(a, ys[:n*n], n) }},
		{"transpose/portable", func() { transposeGo(a, ys[:n*n], n) }},
		{"absColSums/platform", func() { absColSums(a, n, n, ps[:n]) }},
		{"absColSums/portable", func() { absColSumsGo(a, n, n, ps[:n]) }},
		{"backStep/platform", func() { backStep(xs[:n], xs[n:2*n], xs[2*n:3*n], ys[:n], ys[n:2*n], ys[2*n:3*n]) }},
		{"backStep/portable", func() { backStepGo(xs[:n], xs[n:2*n], xs[2*n:3*n], ys[:n], ys[n:2*n], ys[2*n:3*n]) }},
		{"dotRowsMany/platform", func() { dotRowsMany(why, v, n, xs, ps, T) }},
		{"dotRowsMany/portable", func() {
			for t := 0; t < T; t++ {
				dotRowsGo(why, v, n, xs[t*n:(t+1)*n], ps[t*v:(t+1)*v])
			}
		}},
	} {
		b.Run(k.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				k.f()
			}
		})
	}
}

// TestBackStepIsPortable checks the platform's backward elementwise step
// (assembly under WebAssembly) against the Go loop, bit for bit.
func TestBackStepIsPortable(t *testing.T) {
	r := rng.New(14, 0)
	for n := 0; n <= 41; n++ {
		vecs := make([][]float64, 6) // h, dout, dnext, da, dBh, dwx
		for i := range vecs {
			vecs[i] = make([]float64, n)
			for j := range vecs[i] {
				vecs[i][j] = r.Norm()
			}
		}
		if n > 2 {
			vecs[0][1], vecs[1][2] = 1, math.Copysign(0, -1)
		}
		got := make([][]float64, 6)
		for i := range vecs {
			got[i] = append([]float64(nil), vecs[i]...)
		}
		backStep(got[0], got[1], got[2], got[3], got[4], got[5])
		backStepGo(vecs[0], vecs[1], vecs[2], vecs[3], vecs[4], vecs[5])
		for i := range vecs {
			for j := range vecs[i] {
				if math.Float64bits(got[i][j]) != math.Float64bits(vecs[i][j]) {
					t.Fatalf("n=%d: vector %d element %d = %v, the Go loop gives %v", n, i, j, got[i][j], vecs[i][j])
				}
			}
		}
	}
}

// TestAbsColumnSums checks the platform's column sums (assembly on amd64)
// against the plain definition, bit for bit, at shapes around the kernels'
// blocks, with signed zeros, infinities and a NaN among the values.
func TestAbsColumnSums(t *testing.T) {
	r := rng.New(15, 0)
	for _, m := range []int{0, 1, 3, 4, 5, 40} {
		for n := 0; n <= 41; n++ {
			a := make([]float64, m*n)
			for i := range a {
				a[i] = r.Norm() * math.Exp(4*r.Norm())
			}
			if len(a) > 3 {
				a[0], a[1], a[len(a)-1] = math.Copysign(0, -1), math.Inf(-1), math.NaN()
			}
			got := make([]float64, n+1)
			got[n] = 7 // not written
			AbsColumnSums(a, m, n, got)
			for j := 0; j < n; j++ {
				want := 0.0
				for i := 0; i < m; i++ {
					want += math.Abs(a[i*n+j])
				}
				if math.Float64bits(got[j]) != math.Float64bits(want) {
					t.Fatalf("m=%d n=%d: column %d sums to %v, want %v", m, n, j, got[j], want)
				}
			}
			if got[n] != 7 {
				t.Fatalf("m=%d n=%d: wrote past the columns", m, n)
			}
		}
	}
}
