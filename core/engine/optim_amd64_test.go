//go:build amd64

package engine

import "testing"

// TestRMSPropStepL1WithoutAVX checks the fused pass's fallback for CPUs
// without AVX (SSE2 pairs, then l1Step) on this one.
func TestRMSPropStepL1WithoutAVX(t *testing.T) {
	defer func(old bool) { useAVX = old }(useAVX)
	useAVX = false
	checkRMSPropStepL1(t)
}
