package engine

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// optimInputs returns gradients, mean squares and parameters mixing ordinary
// values with the edge cases (NaN, infinities, signed zeros, denormals,
// values at the clip limits).
func optimInputs(r *rand.Rand, n int, clipAt float64) (grads, ms, params []float64) {
	edges := []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), 5e-324, -5e-324,
		0x1p-1022, clipAt, -clipAt, math.Nextafter(clipAt, 0), math.Nextafter(clipAt, 10), 1e300, -1e300}
	pick := func(scale float64) float64 {
		if r.IntN(8) == 0 {
			return edges[r.IntN(len(edges))]
		}
		return r.NormFloat64() * scale
	}
	grads, ms, params = make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range grads {
		grads[i] = pick([]float64{1e-3, 0.1, 10}[r.IntN(3)])
		ms[i] = math.Abs(pick(0.01))
		params[i] = pick(0.1)
	}
	return grads, ms, params
}

// sameBits reports whether a and b have the same bits, counting every NaN
// as the same: which NaN an operation on two NaNs returns depends on operand
// order, which Go's compiler does not fix either (and a NaN stops a run).
func sameBits(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || (a != a && b != b)
}

// TestRMSPropStepIsPortable checks the platform's RMSProp step (assembly on
// amd64) against the portable Go loop bit for bit, clips on and off.
func TestRMSPropStepIsPortable(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, c := range []struct{ gradClip, stepClip float64 }{{0, 0.01}, {5, 0}, {0, 0}, {1, 0.01}} {
		for _, n := range []int{0, 1, 2, 3, 7, 64, 1001} {
			for rep := 0; rep < 20; rep++ {
				clipAt := c.gradClip
				if rep%2 == 1 {
					clipAt = c.stepClip
				}
				grads, ms, params := optimInputs(r, n, clipAt)
				m0, p0 := append([]float64(nil), ms...), append([]float64(nil), params...)
				ms2, params2 := append([]float64(nil), ms...), append([]float64(nil), params...)
				rmspropStep(params, grads, ms, 0.01, 0.01, c.gradClip, c.stepClip, 1e-8)
				rmspropStepGo(params2, grads, ms2, 0.01, 0.01, c.gradClip, c.stepClip, 1e-8)
				for i := range params {
					if !sameBits(params[i], params2[i]) || !sameBits(ms[i], ms2[i]) {
						t.Fatalf("clips %v, n=%d, element %d (g=%v, ms %#x, p %#x): param %#x ms %#x, portable gives %#x %#x",
							c, n, i, grads[i], math.Float64bits(m0[i]), math.Float64bits(p0[i]), math.Float64bits(params[i]), math.Float64bits(ms[i]), math.Float64bits(params2[i]), math.Float64bits(ms2[i]))
					}
				}
			}
		}
	}
}

// TestL1StepMatchesSignedStep checks the branch-free l1Step against the
// plain definition (w - c if w > 0, w + c if w < 0, else unchanged) bit for
// bit, edge cases included.
func TestL1StepMatchesSignedStep(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, c := range []float64{0, 1e-4, 0.5, 5e-324, math.Inf(1)} {
		w, _, _ := optimInputs(r, 501, 1)
		want := append([]float64(nil), w...)
		for i, x := range want {
			switch {
			case x > 0:
				want[i] = x - c
			case x < 0:
				want[i] = x + c
			}
		}
		l1Step(w, c)
		for i := range w {
			if math.Float64bits(w[i]) != math.Float64bits(want[i]) && !(math.IsNaN(w[i]) && math.IsNaN(want[i])) {
				t.Fatalf("c=%v: element %d = %v, want %v", c, i, w[i], want[i])
			}
		}
	}
}

// TestRMSPropStepL1IsPortable checks the fused optimiser pass (AVX on amd64
// where the CPU has it) against the portable RMSProp loop followed by
// l1Step on the shrunk spans, bit for bit, for spans at and between the
// ends, clips on and off, edge-case values included.
func TestRMSPropStepL1IsPortable(t *testing.T) { checkRMSPropStepL1(t) }

func checkRMSPropStepL1(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	clips := []struct{ gradClip, stepClip float64 }{{0, 0.01}, {5, 0}, {0, 0}, {1, 0.01}}
	for _, n := range []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 64, 203} {
		for rep := 0; rep < 40; rep++ {
			c := clips[rep%len(clips)]
			clipAt := c.gradClip
			if rep%2 == 1 {
				clipAt = c.stepClip
			}
			l1 := []float64{1e-4, 0, 0.5, math.Inf(1), 5e-324}[rep%5]
			// Up to two disjoint spans in order, possibly empty or touching.
			cuts := []int{r.IntN(n + 1), r.IntN(n + 1), r.IntN(n + 1), r.IntN(n + 1)}
			slices.Sort(cuts)
			shrunk := []span{{cuts[0], cuts[1]}, {cuts[2], cuts[3]}}[:rep%3]
			grads, ms, params := optimInputs(r, n, clipAt)
			ms2, params2 := append([]float64(nil), ms...), append([]float64(nil), params...)
			rmspropStepL1(params, grads, ms, 0.01, 0.01, c.gradClip, c.stepClip, 1e-8, l1, shrunk)
			rmspropStepGo(params2, grads, ms2, 0.01, 0.01, c.gradClip, c.stepClip, 1e-8)
			for _, s := range shrunk {
				l1Step(params2[s.start:s.end], l1)
			}
			for i := range params {
				if !sameBits(params[i], params2[i]) || !sameBits(ms[i], ms2[i]) {
					t.Fatalf("clips %v, l1 %v, n=%d, spans %v, element %d (g=%v): param %v ms %v, portable gives %v %v",
						c, l1, n, shrunk, i, grads[i], params[i], ms[i], params2[i], ms2[i])
				}
			}
		}
	}
}

// BenchmarkRMSPropStepL1 times the platform's fused optimiser pass against
// the portable loops it replaces, over a 40-neuron network's parameters
// with the outgoing weights shrunk.
func BenchmarkRMSPropStepL1(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	const n = 1900
	grads, ms, params := optimInputs(r, n, 0.01)
	for i := range grads {
		grads[i], ms[i], params[i] = r.NormFloat64()*0.01, 1e-4, r.NormFloat64()*0.1
	}
	shrunk := []span{{200, 1800}}
	b.Run("platform", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			rmspropStepL1(params, grads, ms, 0.01, 0.01, 0, 0.01, 1e-8, 1e-4, shrunk)
		}
	})
	b.Run("portable", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			rmspropStepGo(params, grads, ms, 0.01, 0.01, 0, 0.01, 1e-8)
			for _, s := range shrunk {
				l1Step(params[s.start:s.end], 1e-4)
			}
		}
	})
}
