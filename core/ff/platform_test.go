package ff

import (
	"testing"

	"github.com/diffstruct/diffstruct/core/points"
)

// pinnedDigest is the digest of TestDigestIsTheSameEverywhere's run as
// amd64 computed it (re-pinned on 2026-12-07 for ff's own tanh, then its
// table form, tanh.go). make test runs this test natively, at GOAMD64=v3, as an
// arm64 binary under qemu and in WebAssembly (js and wasip1): the same bits
// on every platform, as the recurrent engine's golden digests.
const pinnedDigest = 0xe280106746710802

// TestDigestIsTheSameEverywhere trains a net that grows and prunes on xor
// with every feature and activation path in use, and compares its digest
// with the pinned one.
func TestDigestIsTheSameEverywhere(t *testing.T) {
	set, err := points.Make(points.Spec{Kind: points.XOR, Noise: 10, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	cfg := Default()
	cfg.Seed, cfg.Layers = 5, 3
	cfg.Features = []string{"x", "y", "x2", "y2", "xy"}
	cfg.Rule.PAdd, cfg.Rule.PSpontaneous = 0.05, 0.01
	n := newNet(t, cfg, set)
	run(t, n, 600)
	if d := n.Digest(); d != pinnedDigest {
		t.Errorf("digest %#x after 600 steps, want %#x (widths %v)", d, uint64(pinnedDigest), n.Widths())
	}
}
