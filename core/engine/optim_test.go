package engine

import (
	"math"
	"math/rand/v2"
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
