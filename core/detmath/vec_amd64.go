//go:build amd64

package detmath

import "golang.org/x/sys/cpu"

// useAVX2 selects the four-lane tanh where the CPU has AVX2; both kernels
// give Tanh's bits.
var useAVX2 = cpu.X86.HasAVX2

// tanhQuads is TanhVec for the first len(x)&^3 elements, four lanes of AVX2
// at a time (tanh_avx2_amd64.s).
//
//go:noescape
func tanhQuads(x []float64)

// tanhPairs is TanhVec for the first len(x)&^1 elements, two lanes of SSE2
// at a time (tanh_amd64.s).
//
//go:noescape
func tanhPairs(x []float64)

func tanhVec(x []float64) {
	if useAVX2 {
		n4 := len(x) &^ 3
		tanhQuads(x[:n4])
		x = x[n4:]
	}
	tanhVecSSE2(x)
}

// tanhVecSSE2 is TanhVec without AVX2.
func tanhVecSSE2(x []float64) {
	tanhPairs(x)
	if len(x)%2 == 1 {
		tanhVecGo(x[len(x)-1:])
	}
}

// expPairs is ExpVec for the first len(x)&^1 elements, two lanes of SSE2 at
// a time (exp_amd64.s).
//
//go:noescape
func expPairs(x []float64)

func expVec(x []float64) {
	expPairs(x)
	if len(x)%2 == 1 {
		expVecGo(x[len(x)-1:])
	}
}
