//go:build amd64

package ff

import "golang.org/x/sys/cpu"

// useAVX2 selects the four-lane tanh (tanh_amd64.s) where the CPU has
// AVX2; it gives tanh's bits.
var useAVX2 = cpu.X86.HasAVX2

// tanhQuads is tanhVecGo for an x whose length is a multiple of 4; table
// is &tanhTable[0].
//
//go:noescape
func tanhQuads(x []float64, table *float64)

func tanhVecNative(x []float64) {
	if !useAVX2 {
		tanhVecGo(x)
		return
	}
	q := len(x) &^ 3
	tanhQuads(x[:q], &tanhTable[0])
	tanhVecGo(x[q:])
}
