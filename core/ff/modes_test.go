package ff

import (
	"fmt"
	"hash/fnv"
	"math"
	"testing"

	"github.com/diffstruct/diffstruct/core/points"
)

// pinnedModesDigest is TestModesDigestIsTheSameEverywhere's digest. The
// point-by-point loops computed the one before it (0xee2f0398d470e826,
// 2026-12-06), and the batch kernels matched it; re-pinned on 2026-12-07
// for ff's own tanh (tanh.go), the batch kernels then matching it again
// with detmath.Tanh put back, and again the same day for the table tanh
// (0xca4ce95ed5ad1321 before it): batchGrad must keep every addition of
// every mode in the same order.
const pinnedModesDigest = 0xcc9da005055a63b9

// TestModesDigestIsTheSameEverywhere trains a net of every mode (chain,
// learned depth, shortcuts, both, fixed widths) with every activation,
// optimiser and loss for 400 steps on xor and hashes their digests and
// the sum of their outputs at the test points (Predict's path), so that a
// change of bits in any of them shows (make test-platforms runs it on
// every platform with the other Digest tests).
func TestModesDigestIsTheSameEverywhere(t *testing.T) {
	set, err := points.Make(points.Spec{Kind: points.XOR, Noise: 10, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	h := fnv.New64a()
	for _, mode := range []string{"chain", "deep", "shortcuts", "deepshort", "fixed"} {
		for _, act := range []string{Tanh, ReLU, Sigmoid} {
			for _, opt := range []string{RMSProp, SGD} {
				for _, loss := range []string{Square, CrossEntropy} {
					cfg := Default()
					cfg.Seed, cfg.Layers = 7, 3
					cfg.Features = []string{"x", "y", "x2", "y2", "xy"}
					cfg.Rule.PAdd, cfg.Rule.PSpontaneous = 0.05, 0.01
					cfg.Activation, cfg.Optimizer, cfg.Loss = act, opt, loss
					switch mode {
					case "deep":
						cfg.Depth = PaperDepth()
					case "shortcuts":
						cfg.Shortcuts = true
					case "deepshort":
						cfg.Depth, cfg.Shortcuts = PaperDepth(), true
					case "fixed":
						cfg = FixedShape(cfg, 5, 3, 4)
					}
					n := newNet(t, cfg, set)
					run(t, n, 400)
					s := 0.0
					for _, p := range set.Test {
						s += n.Predict(p.X, p.Y)
					}
					fmt.Fprintf(h, "%s %s %s %s %#x %x\n", mode, act, opt, loss, n.Digest(), math.Float64bits(s))
				}
			}
		}
	}
	if d := h.Sum64(); d != pinnedModesDigest {
		t.Errorf("digest %#x, want %#x", d, uint64(pinnedModesDigest))
	}
}
