package ff

import "math"

// ff's own tanh, for its hidden layers and its output: cheaper than
// detmath.Tanh (which the recurrent engine keeps, with its golden digests)
// and still the same bits on every platform. It reads tanh from a table at
// the grid k/256 nearest |x| and corrects it by the addition formula
//
//	tanh(a) = (T + u) / (1 + T·u),  T = tanh(k/256), u = tanh(b), b = a − k/256,
//
// with |b| ≤ 1/512, where tanh b = b − b³/3 + 2b⁵/15 to within 17b⁷/315,
// under 3e-18·|b| (a few hundredths of an ulp). That is 7 multiplies, 5
// additions, one division and one table read, no exp and no branch the
// data decides (the clamps are min and copysign): about half the time of a
// rational function accurate to the same few ulps, under WebAssembly where
// tanh is most of a small network's step. The table (tanh_table.go, written
// by gen_tanh.go with 200-bit arithmetic) holds the nearest float64 at each
// grid point, so the only errors are the formula's roundings: under 1e-15
// relative (TestTanhAccuracy). |x| is clamped to tanhClamp, where tanh
// rounds to 1 (the table's last 11 entries are 1). Every product is rounded
// before it is added (float64(x*y) + z), so no platform fuses it; the
// assembly (kernels_wasm.s, and tanh_amd64.s's four lanes with the table
// read by a gather) does the same operations in the same order.

const (
	tanhClamp = 19.1 // as gen_tanh.go
	tanhGrid  = 256  // grid points per unit, as gen_tanh.go
	tanhStep  = 1.0 / tanhGrid
	tanhC3    = -1.0 / 3 // tanh b = b + b³·(tanhC3 + tanhC5·b²)
	tanhC5    = 2.0 / 15
)

// tanh is ff's tanh (see above): odd (±0 kept), within [-1, 1], NaN for
// NaN.
func tanh(x float64) float64 {
	a := math.Abs(x)
	if a > tanhClamp { // as WebAssembly's f64.min: NaN stays NaN
		a = tanhClamp
	}
	k := 0                                     // the nearest grid point: a·256 + ½ is exact, and at most 4890.1
	if v := float64(a*tanhGrid) + 0.5; v > 0 { // as i64.trunc_sat: NaN reads entry 0 (and gives NaN)
		k = int(v)
	}
	t := tanhTable[k]
	b := a - float64(float64(k)*tanhStep)
	s := float64(b * b)
	u := float64(float64(b*s)*(float64(tanhC5*s)+tanhC3)) + b
	y := (t + u) / (float64(t*u) + 1)
	if y > 1 { // the last ulp of rounding kept within 1
		y = 1
	}
	return math.Copysign(y, x)
}

// tanhVecGo applies tanh to every element of x.
func tanhVecGo(x []float64) {
	for i, v := range x {
		x[i] = tanh(v)
	}
}
