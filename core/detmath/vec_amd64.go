//go:build amd64

package detmath

import "golang.org/x/sys/cpu"

// useAVX2 selects the four-lane tanh and exp where the CPU has AVX2; every
// kernel gives Tanh's and Exp's bits.
var useAVX2 = cpu.X86.HasAVX2

// tanhQuads is TanhVec for an x of at least four elements, four lanes of
// AVX2 at a time (tanh_avx2_amd64.s).
//
//go:noescape
func tanhQuads(x []float64)

// tanhPairs is TanhVec for the first len(x)&^1 elements, two lanes of SSE2
// at a time (tanh_amd64.s).
//
//go:noescape
func tanhPairs(x []float64)

func tanhVec(x []float64) {
	if useAVX2 && len(x) >= 4 {
		tanhQuads(x)
		return
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

// expQuads is ExpVec for an x of at least four elements, four lanes of AVX2
// at a time (exp_avx2_amd64.s).
//
//go:noescape
func expQuads(x []float64)

func expVec(x []float64) {
	if useAVX2 && len(x) >= 4 {
		expQuads(x)
		return
	}
	expVecSSE2(x)
}

// expVecSSE2 is ExpVec without AVX2.
func expVecSSE2(x []float64) {
	expPairs(x)
	if len(x)%2 == 1 {
		expVecGo(x[len(x)-1:])
	}
}
