package ff

// ff's own tanh, for its hidden layers and its output: cheaper than
// detmath.Tanh (which the recurrent engine keeps, with its golden digests)
// and still the same bits on every platform. It is one rational function
// of x² on |x| ≤ tanhClamp, tanh(x) = x·P(x²)/Q(x²) with P and Q of degree 9
// and P(0) = Q(0) = 1: 23 multiplies, 18 additions and one division, no
// exp and no branch. The coefficients are a relative minimax fit
// (testdata/tanh_fit.py: reweighted least squares on 400 points at 50
// digits; the fit's own error 7.3e-17), all positive, so the sums never
// cancel: evaluated in float64 the relative error is under 1e-15, a few
// units in the last place (TestTanhAccuracy). The result is clamped to
// [-1, 1] (rounding can put it an ulp beyond), and so is x to ±tanhClamp,
// where tanh rounds to ±1 (1 − tanh(19.1) ≈ 5e-17, under half an ulp of 1)
// and s⁹ cannot overflow. Every product is rounded before it is added
// (float64(x*y) + z), so no platform fuses it; the assembly (kernels_wasm.s,
// tanh_amd64.s) does the same operations in the same order.

const (
	tanhClamp = 19.1
	tanhP1    = 0.151804958202742331234
	tanhP2    = 0.00597465226327723873982
	tanhP3    = 0.0000936005599642165932311
	tanhP4    = 6.83002420753063757155e-7
	tanhP5    = 2.44010704263639933753e-9
	tanhP6    = 4.16947042635005361693e-12
	tanhP7    = 3.06157402760568308839e-15
	tanhP8    = 7.40521184634191393762e-19
	tanhP9    = 2.49699477368690943677e-23
	tanhQ1    = 0.48513829153607508808
	tanhQ2    = 0.0343540827753037281549
	tanhQ3    = 0.000828109915174677197756
	tanhQ4    = 0.00000875326196117068995545
	tanhQ5    = 4.46275051889309876977e-8
	tanhQ6    = 1.11087124061833487493e-10
	tanhQ7    = 1.26976850610036104217e-13
	tanhQ8    = 5.62656766431079220062e-17
	tanhQ9    = 6.21431609998262686706e-21
)

// tanh is ff's tanh (see above): odd (the clamp and x·P/Q keep the sign,
// ±0 included), NaN for NaN.
func tanh(x float64) float64 {
	// max(-tanhClamp, min(tanhClamp, x)), NaN and ±0 kept, as comparisons:
	// Go's float min and max handle NaN and the sign of zero in extra steps.
	if x > tanhClamp {
		x = tanhClamp
	}
	if x < -tanhClamp {
		x = -tanhClamp
	}
	// Estrin's scheme in s = x², s², s⁴ and s⁸: about half Horner's chain
	// of dependent operations, and as accurate here.
	s := float64(x * x)
	s2 := float64(s * s)
	s4 := float64(s2 * s2)
	s8 := float64(s4 * s4)
	p := float64(s8*(float64(tanhP9*s)+tanhP8)) +
		(float64(s4*(float64(s2*(float64(tanhP7*s)+tanhP6))+(float64(tanhP5*s)+tanhP4))) +
			(float64(s2*(float64(tanhP3*s)+tanhP2)) + (float64(tanhP1*s) + 1)))
	q := float64(s8*(float64(tanhQ9*s)+tanhQ8)) +
		(float64(s4*(float64(s2*(float64(tanhQ7*s)+tanhQ6))+(float64(tanhQ5*s)+tanhQ4))) +
			(float64(s2*(float64(tanhQ3*s)+tanhQ2)) + (float64(tanhQ1*s) + 1)))
	y := float64(x*p) / q
	if y > 1 { // the last ulps of rounding kept within ±1
		y = 1
	}
	if y < -1 {
		y = -1
	}
	return y
}

// tanhVecGo applies tanh to every element of x.
func tanhVecGo(x []float64) {
	for i, v := range x {
		x[i] = tanh(v)
	}
}
