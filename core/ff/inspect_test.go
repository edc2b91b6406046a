package ff

import (
	"math"
	"testing"

	"github.com/diffstruct/diffstruct/core/points"
)

// TestOutgoingAveragesToTheStrength: with shortcuts and without, every
// neuron's outgoing weights average (in absolute value) to its strength,
// and its incoming ones are one a column of its layer.
func TestOutgoingAveragesToTheStrength(t *testing.T) {
	for _, preset := range []string{"tuned-ff", "spirals-ff"} {
		cfg, err := Preset(preset)
		if err != nil {
			t.Fatal(err)
		}
		set, err := points.Make(points.Spec{Kind: points.Spiral, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		n, err := New(cfg, set)
		if err != nil {
			t.Fatal(err)
		}
		for range 1500 {
			if err := n.Step(); err != nil {
				t.Fatal(err)
			}
		}
		for l := range n.Layers() {
			for j, s := range n.Strengths(l) {
				out := n.Outgoing(l, j)
				sum := 0.0
				for _, e := range out {
					sum += math.Abs(e.Weight)
				}
				if len(out) == 0 || math.Abs(sum/float64(len(out))-s) > 1e-12 {
					t.Errorf("%s layer %d neuron %d: %d weights average to %v, strength %v", preset, l, j, len(out), sum/float64(len(out)), s)
				}
				if in := n.Incoming(l, j); len(in) != n.ls[l].cols {
					t.Errorf("%s layer %d: %d incoming, %d columns", preset, l, len(in), n.ls[l].cols)
				}
			}
		}
		t.Logf("%s: widths %v", preset, n.Widths())
	}
}
