package points

import "math"

// The generators need sine and cosine of small angles (at most 6π for the
// two spirals). math.Sin and math.Cos are portable Go on amd64, arm64 and
// wasm (GOROOT/src/math has sin_s390x.s only), but that Go is compiled per
// platform, and the arm64 compiler (and amd64 at GOAMD64=v3) fuses the
// polynomials' x*y + z into single-rounding FMADD/FMSUB instructions, so
// math.Sin can differ in the last bit between amd64 and arm64. sin and cos
// below follow the same Cephes method (Moshier's sin.c: reduction by π/4 in
// three parts, then a degree-6 polynomial in z² on the octant) with every
// product rounded before it is added, so they return the same bits
// everywhere; on amd64 at GOAMD64=v1 (no fusion) they equal math.Sin and
// math.Cos bit for bit, which the tests check.

// Cephes coefficients of the sine polynomial on [-π/4, π/4].
var sinCoef = [6]float64{
	1.58962301576546568060e-10,
	-2.50507477628578072866e-8,
	2.75573136213857245213e-6,
	-1.98412698295895385996e-4,
	8.33333333332211858878e-3,
	-1.66666666666666307295e-1,
}

// Cephes coefficients of the cosine polynomial on [-π/4, π/4].
var cosCoef = [6]float64{
	-1.13585365213876817300e-11,
	2.08757008419747316778e-9,
	-2.75573141792967388112e-7,
	2.48015872888517045348e-5,
	-1.38888888888730564116e-3,
	4.16666666666665929218e-2,
}

// π/4 in three parts whose products with a small octant count are exact.
const (
	pi4a = 7.85398125648498535156e-1
	pi4b = 3.77489470793079817668e-8
	pi4c = 2.69515142907905952645e-15
)

// maxTrigArg bounds the arguments sin and cos accept; beyond it the
// three-part reduction loses precision. The generators stay below 20.
const maxTrigArg = 1 << 20

// octant reduces x >= 0 to z in [-π/4, π/4] and its octant j in 0..7 (even).
func octant(x float64) (j uint64, z float64) {
	j = uint64(x * (4 / math.Pi))
	y := float64(j)
	if j&1 == 1 {
		j++
		y++
	}
	j &= 7
	z = ((x - float64(y*pi4a)) - float64(y*pi4b)) - float64(y*pi4c)
	return j, z
}

// sinPoly returns sin(z) for |z| <= π/4.
func sinPoly(z float64) float64 {
	zz := float64(z * z)
	p := sinCoef[0]
	for _, c := range sinCoef[1:] {
		p = float64(p*zz) + c
	}
	return z + float64(float64(z*zz)*p)
}

// cosPoly returns cos(z) for |z| <= π/4.
func cosPoly(z float64) float64 {
	zz := float64(z * z)
	p := cosCoef[0]
	for _, c := range cosCoef[1:] {
		p = float64(p*zz) + c
	}
	return (1 - float64(0.5*zz)) + float64(float64(zz*zz)*p)
}

// sin returns the sine of x, |x| < maxTrigArg, the same bits on every
// platform.
func sin(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.Abs(x) >= maxTrigArg {
		if x == 0 || math.IsNaN(x) {
			return x
		}
		panic("points: sin argument out of range")
	}
	sign := false
	if x < 0 {
		x, sign = -x, true
	}
	j, z := octant(x)
	if j > 3 {
		sign = !sign
		j -= 4
	}
	var y float64
	if j == 1 || j == 2 {
		y = cosPoly(z)
	} else {
		y = sinPoly(z)
	}
	if sign {
		y = -y
	}
	return y
}

// cos returns the cosine of x, |x| < maxTrigArg, the same bits on every
// platform.
func cos(x float64) float64 {
	if math.IsNaN(x) {
		return x
	}
	x = math.Abs(x)
	if x >= maxTrigArg {
		panic("points: cos argument out of range")
	}
	sign := false
	j, z := octant(x)
	if j > 3 {
		j -= 4
		sign = !sign
	}
	if j > 1 {
		sign = !sign
	}
	var y float64
	if j == 1 || j == 2 {
		y = sinPoly(z)
	} else {
		y = cosPoly(z)
	}
	if sign {
		y = -y
	}
	return y
}
