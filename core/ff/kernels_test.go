package ff

import (
	"math"
	"slices"
	"testing"

	"github.com/diffstruct/diffstruct/core/rng"
)

// same reports whether a and b hold the same bits.
func same(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

// randoms returns k values of N(0, scale²) with a few edge values mixed in.
func randoms(r *rng.Source, k int, scale float64) []float64 {
	edge := []float64{0, math.Copysign(0, -1), 1e-300, -25, 19.1, 40, 0.5}
	v := make([]float64, k)
	for i := range v {
		v[i] = scale * r.Norm()
		if i%7 == 3 {
			v[i] = edge[(i/7)%len(edge)]
		}
	}
	return v
}

// TestKernelsMatchGo: the platform's kernels (generated assembly under
// WebAssembly) give their Go loops' bits, for every size up to a layer of
// 9 x 9 and batches of 1 to 11, with and without tanh and beta, and sgd.
func TestKernelsMatchGo(t *testing.T) {
	r := rng.New(1, 2)
	x := randoms(r, 2000, 8)
	x = append(x, math.NaN(), math.Inf(1), math.Inf(-1), tanhClamp, -tanhClamp)
	want := slices.Clone(x)
	tanhVecGo(want)
	got := slices.Clone(x)
	tanhVec(got)
	for i := range got {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
			t.Fatalf("tanhVec(%v) = %v, tanhVecGo %v", x[i], got[i], want[i])
		}
	}
	w0, g := randoms(r, 37, 1), randoms(r, 37, 1)
	ww, wg := slices.Clone(w0), slices.Clone(w0)
	sgdGo(ww, g, 0.03)
	sgd(wg, g, 0.03)
	if !same(wg, ww) {
		t.Fatal("sgd differs from sgdGo")
	}
	for _, B := range []int{1, 2, 5, 10, 11} {
		for rows := 0; rows <= 9; rows += 3 {
			for cols := 0; cols <= 9; cols += 2 {
				in, w, b := randoms(r, cols*B, 1), randoms(r, rows*cols, 1), randoms(r, rows, 1)
				for _, act := range []bool{false, true} {
					zw, zg := make([]float64, rows*B), make([]float64, rows*B)
					layerFwdGo(in, cols, B, w, b, zw, rows, act)
					layerFwd(in, cols, B, w, b, zg, rows, act)
					if !same(zg, zw) {
						t.Fatalf("layerFwd differs (B %d, %d x %d, act %v)", B, rows, cols, act)
					}
				}
				// a consumer of rows mrows = cols reading this layer at column off
				off := 1
				D, W := randoms(r, cols*B, 1), randoms(r, cols*(rows+off+1), 1)
				for _, beta := range []float64{0, 1} {
					d0 := randoms(r, rows*B, 1)
					dw, dg := slices.Clone(d0), slices.Clone(d0)
					backSumGo(dw, rows, B, D, cols, W, rows+off+1, off, beta)
					backSum(dg, rows, B, D, cols, W, rows+off+1, off, beta, new([]float64))
					if !same(dg, dw) {
						t.Fatalf("backSum differs (B %d, %d x %d, beta %v)", B, rows, cols, beta)
					}
				}
				a := randoms(r, rows*B, 0.5)
				for _, act := range []bool{false, true} {
					d0, gb0 := randoms(r, rows*B, 1), randoms(r, rows, 1)
					dw, dg, gbw, gbg := slices.Clone(d0), slices.Clone(d0), slices.Clone(gb0), slices.Clone(gb0)
					gww, gwg := make([]float64, rows*cols), make([]float64, rows*cols)
					backGradGo(dw, a, rows, B, in, cols, gbw, gww, act)
					backGrad(dg, a, rows, B, in, cols, gbg, gwg, act, new([]float64))
					if !same(dg, dw) || !same(gbg, gbw) || !same(gwg, gww) {
						t.Fatalf("backGrad differs (B %d, %d x %d, act %v)", B, rows, cols, act)
					}
				}
			}
		}
	}
}
