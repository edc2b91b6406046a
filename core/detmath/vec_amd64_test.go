//go:build amd64

package detmath

// platformTanhVecs and platformExpVecs are the amd64 kernels that TanhVec
// and ExpVec may not pick on this CPU, tested all the same (the AVX2 ones
// only where the CPU has AVX2).
var (
	platformTanhVecs = map[string]func([]float64){"sse2": tanhVecSSE2}
	platformExpVecs  = map[string]func([]float64){"sse2": expVecSSE2}
)

func init() {
	if useAVX2 {
		platformTanhVecs["avx2"] = quadsOr(tanhQuads, tanhVecGo)
		platformExpVecs["avx2"] = quadsOr(expQuads, expVecGo)
	}
}

// quadsOr calls quads on slices of at least four elements, other elsewhere.
func quadsOr(quads, other func([]float64)) func([]float64) {
	return func(x []float64) {
		if len(x) >= 4 {
			quads(x)
			return
		}
		other(x)
	}
}
