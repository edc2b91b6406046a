//go:build amd64

package detmath

// platformTanhVecs are the amd64 kernels that TanhVec may not pick on this
// CPU, tested all the same (tanhQuads only where the CPU has AVX2).
var platformTanhVecs = map[string]func([]float64){"sse2": tanhVecSSE2}

func init() {
	if useAVX2 {
		platformTanhVecs["avx2"] = func(x []float64) {
			n4 := len(x) &^ 3
			tanhQuads(x[:n4])
			tanhVecGo(x[n4:])
		}
	}
}
