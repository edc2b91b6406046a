package detmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// tanhEdges are inputs at and around every boundary of Tanh's cases.
func tanhEdges() []float64 {
	xs := []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1),
		math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64,
		0x1p-1022, -0x1p-1022, 0x1p-1030, 1e-300, 1e-10, 0.5, 1, 2, 21.99, 100,
		math.Float64frombits(0x7ff8000000000001), math.Float64frombits(0xfff4000000000000)}
	for _, b := range []float64{0.625, 22} {
		for _, v := range []float64{math.Nextafter(b, 0), b, math.Nextafter(b, 30)} {
			xs = append(xs, v, -v)
		}
	}
	return xs
}

// tanhInputs returns edge cases followed by random values on several scales.
func tanhInputs(n int) []float64 {
	r := rand.New(rand.NewPCG(1, 2))
	xs := tanhEdges()
	for i := 0; i < n; i++ {
		scale := []float64{1e-9, 0.1, 0.7, 3, 30}[i%5]
		xs = append(xs, r.NormFloat64()*scale)
	}
	return xs
}

// tanhVecs returns every TanhVec implementation this platform can run.
func tanhVecs() map[string]func([]float64) {
	fs := map[string]func([]float64){"TanhVec": TanhVec, "portable": tanhVecGo}
	for name, f := range platformTanhVecs {
		fs[name] = f
	}
	return fs
}

// TestTanhVecIsTanh checks every TanhVec implementation against Tanh bit for
// bit, at every length (the vector code has tails of one element).
func TestTanhVecIsTanh(t *testing.T) {
	in := tanhInputs(100000)
	for name, f := range tanhVecs() {
		for _, n := range []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, len(in)} {
			for off := 0; off+n <= len(in) && off < 40; off += 3 {
				got := append([]float64(nil), in[off:off+n]...)
				f(got)
				for i, x := range in[off : off+n] {
					if want := Tanh(x); math.Float64bits(got[i]) != math.Float64bits(want) {
						t.Fatalf("%s: tanh(%v) = %v (%#x), Tanh gives %v (%#x)", name, x, got[i], math.Float64bits(got[i]), want, math.Float64bits(want))
					}
				}
				if n == len(in) {
					break
				}
			}
		}
	}
}

func BenchmarkTanhVec(b *testing.B) {
	in := tanhInputs(40)[len(tanhEdges()):]
	buf := make([]float64, len(in))
	fs := tanhVecs()
	fs["scalar"] = func(x []float64) {
		for i, v := range x {
			x[i] = Tanh(v)
		}
	}
	for name, f := range fs {
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				copy(buf, in)
				f(buf)
			}
		})
	}
}

// TestExpVecIsExp checks every ExpVec implementation against Exp bit for
// bit over the whole range, its boundaries (those of scale's cases
// included) and special values, at lengths with and without a tail.
func TestExpVecIsExp(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	xs := []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), expMax, expMin,
		math.Nextafter(expMax, 1000), math.Nextafter(expMin, -1000), 3.7252902984e-09, -3.7252902984e-09,
		math.Nextafter(3.7252902984e-09, 1), math.Nextafter(-3.7252902984e-09, -1),
		709.7, -708.5, -745, 5e-324, -5e-324, -707.5, -707.7, -707.8, -708, -720, -744.9, 709.09, 709.1,
		709.78, 708.4, 708.39, -0.5, 0.5, 0.34657359027997264, -0.34657359027997264,
		math.Float64frombits(0x7ff8000000000001), math.Float64frombits(0xfff4000000000000)}
	for i := 0; i < 200000; i++ {
		xs = append(xs, (float64(r.Float64()*2)-1)*[]float64{1e-8, 1, 30, 750, 40}[i%5])
	}
	for i := 0; i < 2000; i++ { // around scale's boundaries
		xs = append(xs, -707+float64(r.Float64()*-2), 708.5+float64(r.Float64()*1.3))
	}
	fs := map[string]func([]float64){"ExpVec": ExpVec, "portable": expVecGo}
	for name, f := range platformExpVecs {
		fs[name] = f
	}
	for name, f := range fs {
		for _, n := range []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, len(xs)} {
			for off := 0; off+n <= len(xs) && off < 60; off += 5 {
				got := append([]float64(nil), xs[off:off+n]...)
				f(got)
				for i, x := range xs[off : off+n] {
					if want := Exp(x); math.Float64bits(got[i]) != math.Float64bits(want) {
						t.Fatalf("%s: exp(%v) = %v (%#x), Exp gives %v (%#x)", name, x, got[i], math.Float64bits(got[i]), want, math.Float64bits(want))
					}
				}
				if n == len(xs) {
					break
				}
			}
		}
	}
}

func BenchmarkExpVec(b *testing.B) {
	in := []float64{-1.5, 0, -0.25, -3.75}
	buf := make([]float64, len(in))
	fs := map[string]func([]float64){"ExpVec": ExpVec, "portable": expVecGo}
	for name, f := range platformExpVecs {
		fs[name] = f
	}
	for name, f := range fs {
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				copy(buf, in)
				f(buf)
			}
		})
	}
}
