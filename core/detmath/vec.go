package detmath

import "math"

// Tanh coefficients (Cephes), shared by Tanh and the vector versions.
const (
	tanhP0 = -9.64399179425052238628e-1
	tanhP1 = -9.92877231001918586564e1
	tanhP2 = -1.61468768441708447952e3
	tanhQ0 = 1.12811678491632931402e2
	tanhQ1 = 2.23548839060100448583e3
	tanhQ2 = 4.84406305325125486048e3
)

// exp polynomial coefficients (fdlibm), shared by expMulti and tanhLarge.
const (
	expP1 = 1.66666666666666657415e-01
	expP2 = -2.77777777770155933842e-03
	expP3 = 6.61375632143793436117e-05
	expP4 = -1.65339022054652515390e-06
	expP5 = 4.13813679705723846039e-08
)

// TanhVec sets every x[i] to Tanh(x[i]), bit for bit. It does the work of
// Tanh and Exp without their calls, which a whole hidden layer at a time
// makes worth it (natively it is two lanes of SSE2 where available).
func TanhVec(x []float64) { tanhVec(x) }

// tanhVecGo is the portable TanhVec: the same operations as Tanh, in the
// same order, with Exp's reductions inlined for the range Tanh uses it in.
func tanhVecGo(xs []float64) {
	for i, x := range xs {
		z := math.Abs(x)
		switch {
		case x != x:
		case z > 22:
			xs[i] = math.Copysign(1, x)
		case z >= 0.625:
			// 1 - 2/(Exp(2z)+1), Exp written out for its argument in
			// [1.25, 44], where none of its special cases apply and its
			// scaling is one multiply by a power of two (and a call per
			// element costs much under WebAssembly).
			e := float64(2 * z)
			k := int(float64(log2e*e) + 0.5)
			fk := float64(k)
			hi := e - float64(fk*ln2Hi)
			lo := float64(fk * ln2Lo)
			r := hi - lo
			t := float64(r * r)
			c := r - float64(t*(expP1+float64(t*(expP2+float64(t*(expP3+float64(t*(expP4+float64(t*expP5)))))))))
			y := 1 - ((lo - (r*c)/(2-c)) - hi)
			s := float64(y * math.Float64frombits(uint64(k+1023)<<52))
			xs[i] = math.Copysign(1-2/(s+1), x)
		case x == 0:
		default:
			s := float64(x * x)
			xs[i] = x + x*s*(float64((float64(tanhP0*s)+tanhP1)*s)+tanhP2)/(float64((float64((s+tanhQ0)*s)+tanhQ1)*s)+tanhQ2)
		}
	}
}

// ExpVec sets every x[i] to Exp(x[i]), bit for bit (natively two lanes of
// SSE2 where available).
func ExpVec(x []float64) { expVec(x) }

// expVecGo is the portable ExpVec: Exp with its helpers written out, so that
// a short vector costs no calls per element.
func expVecGo(xs []float64) {
	for i, x := range xs {
		switch {
		case x != x:
		case x > expMax:
			xs[i] = math.Inf(1)
		case x < expMin:
			xs[i] = 0
		case -3.7252902984e-09 < x && x < 3.7252902984e-09:
			xs[i] = 1 + x
		default:
			var k int
			if x < 0 {
				k = int(float64(log2e*x) - 0.5)
			} else {
				k = int(float64(log2e*x) + 0.5)
			}
			fk := float64(k)
			hi := x - float64(fk*ln2Hi)
			lo := float64(fk * ln2Lo)
			r := hi - lo
			t := float64(r * r)
			c := r - float64(t*(expP1+float64(t*(expP2+float64(t*(expP3+float64(t*(expP4+float64(t*expP5)))))))))
			y := 1 - ((lo - (r*c)/(2-c)) - hi)
			switch {
			case k > 1023:
				xs[i] = float64(y*pow2(k-1)) * 2
			case k < -1021:
				xs[i] = y * pow2(k+1000) * pow2(-1000)
			default:
				xs[i] = y * pow2(k)
			}
		}
	}
}

// Shrink moves every element c towards zero, the L1 penalty's step:
// w -= c·sign(w), zeros (and NaNs) unchanged. It is branch-free, since
// weights' signs are as good as random: x - d with d = c carrying x's sign
// (x - (-c) is x + c, exactly), or d = +0 where x is zero or NaN, which
// leaves x as it is. Elementwise, so the same bits everywhere.
func Shrink(w []float64, c float64) {
	const signBit, inf = 1 << 63, 0x7FF0000000000000
	cb := math.Float64bits(c)
	for i, x := range w {
		b := math.Float64bits(x)
		a := int64(b&^signBit) - 1                   // -1 for ±0, >= inf for NaN
		keep := uint64((a-inf)>>63) &^ uint64(a>>63) // all ones unless zero or NaN
		w[i] = x - math.Float64frombits((cb^b&signBit)&keep)
	}
}
