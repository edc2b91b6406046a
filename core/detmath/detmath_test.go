package detmath

import (
	"math"
	"testing"
)

// ulps returns the distance in units of last place between a and b.
func ulps(a, b float64) uint64 {
	ia, ib := math.Float64bits(a), math.Float64bits(b)
	if ia > ib {
		return ia - ib
	}
	return ib - ia
}

// sweep calls f for many points spread over [lo, hi], including both ends.
func sweep(lo, hi float64, n int, f func(x float64)) {
	for i := 0; i <= n; i++ {
		f(lo + (hi-lo)*float64(i)/float64(n))
	}
}

func TestExpMatchesMath(t *testing.T) {
	sweep(-740, 709, 200001, func(x float64) {
		if d := ulps(Exp(x), math.Exp(x)); d > 2 {
			t.Fatalf("Exp(%v) = %v, math.Exp = %v (%d ulps)", x, Exp(x), math.Exp(x), d)
		}
	})
	for _, c := range []struct{ x, want float64 }{
		{0, 1}, {math.Inf(1), math.Inf(1)}, {math.Inf(-1), 0}, {710, math.Inf(1)}, {-746, 0},
	} {
		if got := Exp(c.x); got != c.want {
			t.Errorf("Exp(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	if !math.IsNaN(Exp(math.NaN())) {
		t.Error("Exp(NaN) is not NaN")
	}
}

func TestLogMatchesMath(t *testing.T) {
	sweep(1e-300, 10, 200001, func(x float64) {
		if d := ulps(Log(x), math.Log(x)); d > 1 {
			t.Fatalf("Log(%v) = %v, math.Log = %v (%d ulps)", x, Log(x), math.Log(x), d)
		}
	})
	sweep(1e-6, 2, 100001, func(x float64) {
		if d := ulps(Log(x), math.Log(x)); d > 1 {
			t.Fatalf("Log(%v) = %v, math.Log = %v (%d ulps)", x, Log(x), math.Log(x), d)
		}
	})
	if Log(1) != 0 || !math.IsInf(Log(0), -1) || !math.IsNaN(Log(-1)) || !math.IsInf(Log(math.Inf(1)), 1) {
		t.Error("Log special cases wrong")
	}
}

func TestTanhMatchesMath(t *testing.T) {
	sweep(-25, 25, 400001, func(x float64) {
		if d := ulps(Tanh(x), math.Tanh(x)); d > 2 {
			t.Fatalf("Tanh(%v) = %v, math.Tanh = %v (%d ulps)", x, Tanh(x), math.Tanh(x), d)
		}
	})
	if Tanh(0) != 0 || Tanh(100) != 1 || Tanh(-100) != -1 || !math.IsNaN(Tanh(math.NaN())) {
		t.Error("Tanh special cases wrong")
	}
}

func BenchmarkTanh(b *testing.B) {
	s := 0.0
	for i := 0; i < b.N; i++ {
		s += Tanh(float64(i%200)/50 - 2)
	}
	_ = s
}

// TestLogMatchesFrexpLog checks Log bit for bit against the same formula
// with math.Frexp, which its fast path for normal numbers replaces.
func TestLogMatchesFrexpLog(t *testing.T) {
	ref := func(x float64) float64 {
		f1, ki := math.Frexp(x)
		if f1 < math.Sqrt2/2 {
			f1 *= 2
			ki--
		}
		f := f1 - 1
		k := float64(ki)
		s := f / (2 + f)
		s2 := float64(s * s)
		s4 := float64(s2 * s2)
		t1 := float64(s2 * (6.666666666666735130e-01 + float64(s4*(2.857142874366239149e-01+float64(s4*(1.818357216161805012e-01+float64(s4*1.479819860511658591e-01)))))))
		t2 := float64(s4 * (3.999999999940941908e-01 + float64(s4*(2.222219843214978396e-01+float64(s4*1.531383769920937332e-01)))))
		r := t1 + t2
		hfsq := float64(0.5 * f * f)
		return float64(k*ln2Hi) - ((hfsq - (float64(s*(hfsq+r)) + float64(k*ln2Lo))) - f)
	}
	xs := []float64{5e-324, 0x1p-1022, math.Nextafter(0x1p-1022, 0), math.Nextafter(0x1p-1022, 1), 1, math.Sqrt2 / 2,
		math.Nextafter(math.Sqrt2/2, 0), math.Nextafter(math.Sqrt2/2, 1), math.MaxFloat64, 0.5, 2, 1e-310}
	r := uint64(12345)
	for i := 0; i < 200000; i++ {
		r = r*6364136223846793005 + 1442695040888963407
		xs = append(xs, math.Float64frombits(r>>1)) // any positive bits
	}
	for _, x := range xs {
		if x != x || math.IsInf(x, 0) {
			continue
		}
		if got, want := Log(x), ref(x); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("Log(%v) = %v, the Frexp formula gives %v", x, got, want)
		}
	}
}

func BenchmarkLog(b *testing.B) {
	s := 0.0
	for i := 0; i < b.N; i++ {
		s += Log(float64(i%200)/201 + 0.001)
	}
	_ = s
}
