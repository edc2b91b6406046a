package ff

import (
	"math"
	"testing"
)

// TestTanhAccuracy compares tanh with math.Tanh over a dense grid of
// [-25, 25] (and of small arguments, where relative error is hardest):
// at most 1e-15 relative error (a few ulps; math.Tanh is itself within
// about one).
func TestTanhAccuracy(t *testing.T) {
	const maxRel = 1e-15
	worst, at := 0.0, 0.0
	check := func(x float64) {
		want := math.Tanh(x)
		got := tanh(x)
		if want == 0 {
			if got != want || math.Signbit(got) != math.Signbit(want) {
				t.Fatalf("tanh(%v) = %v, want %v", x, got, want)
			}
			return
		}
		if r := math.Abs(got-want) / math.Abs(want); r > worst {
			worst, at = r, x
		}
	}
	const n = 1000000
	for i := -n; i <= n; i++ {
		check(25 * float64(i) / n)
	}
	for i := 0; i <= 100000; i++ {
		x := math.Pow(10, -12+12*float64(i)/100000) // 1e-12 .. 1
		check(x)
		check(-x)
	}
	if worst > maxRel {
		t.Errorf("max relative error %.3g at x = %v, want at most %.1g", worst, at, maxRel)
	}
	t.Logf("max relative error %.3g at x = %v", worst, at)
}

// TestTanhShape: odd, within [-1, 1], monotone (never decreasing over a
// dense grid of |x| ≤ 12, where tanh grows by more than its rounding error
// from one grid point to the next; beyond, where it grows by less than an
// ulp, never dropping by more than twice the error bound), saturated
// (within 1e-15 of ±1 from 19 on, constant from the clamp on), ±0 and tiny
// x kept, NaN for NaN.
func TestTanhShape(t *testing.T) {
	prev := -2.0
	for i := -2000000; i <= 2000000; i++ {
		x := 25 * float64(i) / 2000000
		y := tanh(x)
		if y < prev && (math.Abs(x) <= 12 || prev-y > 2e-15) {
			t.Fatalf("tanh decreases at %v: %v after %v", x, y, prev)
		}
		if y != -tanh(-x) {
			t.Fatalf("tanh(%v) = %v but tanh(%v) = %v", x, y, -x, tanh(-x))
		}
		if y < -1 || y > 1 {
			t.Fatalf("tanh(%v) = %v, out of [-1, 1]", x, y)
		}
		if math.Abs(x) >= 19 && 1-math.Abs(y) > 1e-15 {
			t.Fatalf("tanh(%v) = %v, not saturated", x, y)
		}
		prev = y
	}
	c := tanh(tanhClamp)
	for _, x := range []float64{19.5, 30, 1e300, math.Inf(1)} {
		if tanh(x) != c || tanh(-x) != -c {
			t.Errorf("tanh(±%v) = %v, %v, want ±%v", x, tanh(x), tanh(-x), c)
		}
	}
	if z := tanh(0); z != 0 || math.Signbit(z) {
		t.Errorf("tanh(0) = %v", z)
	}
	if z := tanh(math.Copysign(0, -1)); z != 0 || !math.Signbit(z) {
		t.Errorf("tanh(-0) = %v, want -0", z)
	}
	for _, x := range []float64{1e-300, 1e-20, 1e-9} {
		if tanh(x) != x {
			t.Errorf("tanh(%v) = %v, want %v", x, tanh(x), x)
		}
	}
	if !math.IsNaN(tanh(math.NaN())) {
		t.Error("tanh(NaN) is not NaN")
	}
}

// TestTanhVecMatchesTanh: the platform's tanhVec (four lanes of AVX2 on
// amd64 where the CPU has it, generated assembly under WebAssembly) gives
// tanh's bits for every element, whatever the slice's length.
func TestTanhVecMatchesTanh(t *testing.T) {
	var x []float64
	for i := -3000; i <= 3000; i++ {
		x = append(x, float64(i)/97)
	}
	x = append(x, 0, math.Copysign(0, -1), 1e-300, -1e-300, tanhClamp, -tanhClamp, 19.2, 1e300, math.Inf(1), math.Inf(-1), math.NaN())
	for n := 0; n <= 9; n++ {
		for _, xs := range [][]float64{x, x[:n], x[len(x)-n:]} {
			got := append([]float64(nil), xs...)
			tanhVec(got)
			for i, v := range xs {
				want := tanh(v)
				if math.Float64bits(got[i]) != math.Float64bits(want) && !(math.IsNaN(got[i]) && math.IsNaN(want)) {
					t.Fatalf("tanhVec gives %v at %v, tanh %v", got[i], v, want)
				}
			}
		}
	}
}

// TestTanhTable: every entry of the table is tanh at its grid point to
// within an ulp of math.Tanh (itself within about one), the entries rise,
// and the last is 1, so the clamp's tanh is 1.
func TestTanhTable(t *testing.T) {
	for k, v := range tanhTable {
		want := math.Tanh(float64(k) / tanhGrid)
		if d := math.Abs(v - want); d > 1.01*ulp(want) {
			t.Fatalf("tanhTable[%d] = %v, math.Tanh gives %v (%.2g ulp apart)", k, v, want, d/ulp(want))
		}
		if k > 0 && v < tanhTable[k-1] {
			t.Fatalf("tanhTable[%d] = %v below the entry before, %v", k, v, tanhTable[k-1])
		}
	}
	if last := tanhTable[len(tanhTable)-1]; last != 1 || len(tanhTable) != int(math.RoundToEven(tanhClamp*tanhGrid))+1 {
		t.Errorf("%d entries ending in %v, want %d ending in 1", len(tanhTable), last, int(math.RoundToEven(tanhClamp*tanhGrid))+1)
	}
}

// ulp returns the spacing of float64s at v.
func ulp(v float64) float64 {
	v = math.Abs(v)
	if v == 0 {
		return math.SmallestNonzeroFloat64
	}
	return math.Nextafter(v, math.Inf(1)) - v
}
