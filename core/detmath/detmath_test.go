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
