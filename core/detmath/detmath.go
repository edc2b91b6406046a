// Package detmath provides the few transcendental functions the engine needs
// (exp, log, tanh) written in plain Go, so that they return bit-identical
// results on every platform.
//
// The standard library's math.Exp and math.Log use assembly on amd64 (with
// fused multiply-adds where the CPU has them) but portable Go under
// WebAssembly, so the two can differ in the last bit. A training run amplifies
// such a difference until two runs of the same seed disagree. These versions
// use the classic fdlibm/Cephes reductions and polynomials with separate
// multiplies and adds.
//
// Go may fuse x*y + z into one instruction that rounds once (it does on arm64
// and at GOAMD64=v3, never at GOAMD64=v1 or in WebAssembly); an explicit
// conversion, float64(x*y) + z, rounds the product and forbids it. Every
// product that is added to something in this module's portable loops is
// written so, which is what makes a run's digest the same on every platform;
// the test TestNoFusedMultiplyAdds (core/internal/fma) keeps it so.
package detmath

import "math"

const (
	ln2Hi  = 6.93147180369123816490e-01
	ln2Lo  = 1.90821492927058770002e-10
	log2e  = 1.44269504088896338700e+00
	expMax = 7.09782712893383973096e+02
	expMin = -7.45133219101941108420e+02
)

// Exp returns e**x, within one ulp of the exact result (two of math.Exp).
func Exp(x float64) float64 {
	switch {
	case x != x:
		return x
	case x > expMax:
		return math.Inf(1)
	case x < expMin:
		return 0
	case -3.7252902984e-09 < x && x < 3.7252902984e-09:
		return 1 + x
	}
	var k int
	if x < 0 {
		k = int(float64(log2e*x) - 0.5)
	} else {
		k = int(float64(log2e*x) + 0.5)
	}
	fk := float64(k)
	hi := x - float64(fk*ln2Hi)
	lo := float64(fk * ln2Lo)
	return expMulti(hi, lo, k)
}

// expMulti returns e**r * 2**k where r = hi - lo, |r| <= ln(2)/2.
func expMulti(hi, lo float64, k int) float64 {
	const (
		p1 = 1.66666666666666657415e-01
		p2 = -2.77777777770155933842e-03
		p3 = 6.61375632143793436117e-05
		p4 = -1.65339022054652515390e-06
		p5 = 4.13813679705723846039e-08
	)
	r := hi - lo
	t := float64(r * r)
	c := r - float64(t*(p1+float64(t*(p2+float64(t*(p3+float64(t*(p4+float64(t*p5)))))))))
	y := 1 - ((lo - (r*c)/(2-c)) - hi)
	return scale(y, k)
}

// scale returns y * 2**k for y in [0.5, 2] and k in the range Exp produces.
func scale(y float64, k int) float64 {
	switch {
	case k > 1023:
		return float64(y*pow2(k-1)) * 2
	case k < -1021:
		return y * pow2(k+1000) * pow2(-1000)
	}
	return y * pow2(k)
}

// pow2 returns 2**k for a normal exponent k in [-1022, 1023].
func pow2(k int) float64 {
	return math.Float64frombits(uint64(k+1023) << 52)
}

// Log returns the natural logarithm of x, within one ulp of the exact result.
func Log(x float64) float64 {
	const (
		l1 = 6.666666666666735130e-01
		l2 = 3.999999999940941908e-01
		l3 = 2.857142874366239149e-01
		l4 = 2.222219843214978396e-01
		l5 = 1.818357216161805012e-01
		l6 = 1.531383769920937332e-01
		l7 = 1.479819860511658591e-01
	)
	var f1 float64
	var ki int
	if b := math.Float64bits(x); b-0x0010000000000000 < 0x7fe0000000000000 {
		// Positive and normal: math.Frexp(x) read off the bits, without
		// its call and special cases.
		f1, ki = math.Float64frombits(b&(1<<52-1)|0x3fe<<52), int(b>>52)-1022
	} else {
		switch {
		case x != x || math.IsInf(x, 1):
			return x
		case x < 0:
			return math.NaN()
		case x == 0:
			return math.Inf(-1)
		}
		f1, ki = math.Frexp(x)
	}
	if f1 < math.Sqrt2/2 {
		f1 *= 2
		ki--
	}
	f := f1 - 1
	k := float64(ki)
	s := f / (2 + f)
	s2 := float64(s * s)
	s4 := float64(s2 * s2)
	t1 := float64(s2 * (l1 + float64(s4*(l3+float64(s4*(l5+float64(s4*l7)))))))
	t2 := float64(s4 * (l2 + float64(s4*(l4+float64(s4*l6)))))
	r := t1 + t2
	hfsq := float64(0.5 * f * f)
	return float64(k*ln2Hi) - ((hfsq - (float64(s*(hfsq+r)) + float64(k*ln2Lo))) - f)
}

// Tanh returns the hyperbolic tangent of x, within two ulps of the exact result.
func Tanh(x float64) float64 {
	const (
		p0 = -9.64399179425052238628e-1
		p1 = -9.92877231001918586564e1
		p2 = -1.61468768441708447952e3
		q0 = 1.12811678491632931402e2
		q1 = 2.23548839060100448583e3
		q2 = 4.84406305325125486048e3
	)
	z := x
	if z < 0 {
		z = -z
	}
	switch {
	case x != x:
		return x
	case z > 22:
		if x < 0 {
			return -1
		}
		return 1
	case z >= 0.625:
		s := Exp(2 * z)
		t := 1 - 2/(s+1)
		if x < 0 {
			return -t
		}
		return t
	case x == 0:
		return x
	}
	s := float64(x * x)
	return x + x*s*(float64((float64(p0*s)+p1)*s)+p2)/(float64((float64((s+q0)*s)+q1)*s)+q2)
}
