package ff

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/diffstruct/diffstruct/core/points"
	"github.com/diffstruct/diffstruct/core/rule"
)

func circle(t *testing.T) points.Set {
	t.Helper()
	set, err := points.Make(points.Spec{Kind: points.Circle, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func newNet(t *testing.T, cfg Config, set points.Set) *Net {
	t.Helper()
	n, err := New(cfg, set)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func run(t *testing.T, n *Net, steps int) {
	t.Helper()
	for range steps {
		if err := n.Step(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDeterminism(t *testing.T) {
	set := circle(t)
	digest := func(seed uint64) uint64 {
		cfg := Default()
		cfg.Seed = seed
		cfg.Rule.PAdd, cfg.Rule.PSpontaneous = 0.05, 0.01 // exercise the structure
		n := newNet(t, cfg, set)
		run(t, n, 300)
		return n.Digest()
	}
	a, b, c := digest(7), digest(7), digest(8)
	if a != b {
		t.Errorf("same seed: digests %x and %x differ", a, b)
	}
	if a == c {
		t.Errorf("seeds 7 and 8 give the same digest %x", a)
	}
}

// params lists every parameter slice of n with its gradient, by name.
func params(n *Net) (names []string, ws, gs [][]float64) {
	for l := range n.ls {
		ly := &n.ls[l]
		add := func(name string, w, g []float64) {
			names, ws, gs = append(names, fmt.Sprintf("layer %d %s", l, name)), append(ws, w), append(gs, g)
		}
		add("w", ly.w, ly.gw)
		add("b", ly.b, ly.gb)
		if ly.connected {
			add("out", ly.out, ly.gout)
			if n.deep() {
				add("multiplier", ly.gate, ly.ggate)
			}
		}
	}
	return append(names, "output bias"), append(ws, n.bOut), append(gs, n.gbOut)
}

// TestGradient compares backward's gradient with a central finite
// difference of the batch loss on a tiny net (rule and L1 off), of fixed
// depth and learning its depth (every layer then feeds the output).
func TestGradient(t *testing.T) {
	for _, mode := range []string{"chain", "deep", "shortcuts", "deep shortcuts"} {
		deep := strings.HasPrefix(mode, "deep")
		for _, act := range []string{Tanh, Sigmoid, ReLU} {
			cfg := Default()
			cfg.Shortcuts = strings.HasSuffix(mode, "shortcuts")
			cfg.Activation = act
			cfg.Features = []string{"x", "y", "xy"}
			cfg.L1 = 0
			cfg.Rule.PAdd, cfg.Rule.PDel, cfg.Rule.PSpontaneous = 0, 0, 0
			if deep {
				cfg.Depth = PaperDepth()
			}
			set := circle(t)
			n := newNet(t, cfg, set)
			for range 2 { // widen both layers to 3
				n.add(0)
				n.add(1)
			}
			// make every parameter sizeable so that no path is negligible
			names, ws, gs := params(n)
			for _, w := range ws {
				for i := range w {
					w[i] = 0.3 * n.rnd.Norm()
				}
			}
			pts := set.Train[:5]
			n.batchGrad(pts)
			checked := 0
			for p, w := range ws {
				for _, i := range []int{0, len(w) - 1} {
					g := gs[p][i]
					w0 := w[i]
					const h = 1e-5
					w[i] = w0 + h
					up := n.batchGrad(pts)
					w[i] = w0 - h
					down := n.batchGrad(pts)
					w[i] = w0
					n.batchGrad(pts)
					fd := (up - down) / (2 * h)
					if rel := math.Abs(g-fd) / max(math.Abs(g), math.Abs(fd), 1e-12); rel > 1e-5 {
						t.Errorf("%s %s: %s %d: analytic %g, finite difference %g (relative %g)", mode, act, names[p], i, g, fd, rel)
					}
					checked++
				}
			}
			want := 2 * (2*2 + 1 + 1) // w, b per layer, the last layer's out, the output bias
			switch {
			case deep:
				want = 2 * (2*4 + 1) // w, b, out, multiplier per layer
			case cfg.Shortcuts:
				want = 2 * (2*3 + 1) // w, b, out per layer
			}
			if checked != want {
				t.Fatalf("%s: checked %d parameters, want %d", mode, checked, want)
			}
		}
	}
}

// TestGrowsAndLearnsCircle: a default net starts at one neuron a layer,
// grows and separates the circle, for three seeds and each activation.
func TestGrowsAndLearnsCircle(t *testing.T) {
	set := circle(t)
	const steps = 5000
	for _, act := range []string{Tanh, ReLU, Sigmoid} {
		for seed := range uint64(3) {
			if act != Tanh && seed > 0 {
				continue
			}
			cfg := Default()
			cfg.Activation, cfg.Seed = act, seed
			n := newNet(t, cfg, set)
			if w := n.Widths(); w[0] != 1 || w[1] != 1 {
				t.Fatalf("initial widths %v, want [1 1]", w)
			}
			first := -1
			for s := 1; s <= steps; s++ {
				run(t, n, 1)
				if first < 0 && s%50 == 0 && n.Accuracy(set.Test) >= 0.9 {
					first = s
				}
			}
			acc := n.Accuracy(set.Test)
			t.Logf("%s seed %d: 90%% test accuracy at step %d; after %d steps accuracy %.3f, test loss %.4f, widths %v",
				act, seed, first, steps, acc, n.TestLoss(), n.Widths())
			if acc < 0.9 {
				t.Errorf("%s seed %d: test accuracy %.3f, want >= 0.9", act, seed, acc)
			}
			for l, w := range n.Widths() {
				if w < 2 {
					t.Errorf("%s seed %d: layer %d has %d neurons: it did not grow", act, seed, l, w)
				}
			}
		}
	}
}

func TestHugeL1KeepsLayersSmall(t *testing.T) {
	cfg := Default()
	cfg.L1 = 0.01 // as large as the optimiser's largest step
	n := newNet(t, cfg, circle(t))
	most := []int{0, 0}
	for range 3000 {
		run(t, n, 1)
		for l, w := range n.Widths() {
			most[l] = max(most[l], w)
		}
	}
	t.Logf("widest layers with L1 0.01: %v", most)
	for l, w := range most {
		if w > 2 {
			t.Errorf("layer %d reached %d neurons under a huge L1", l, w)
		}
	}
}

// TestStructureInvariants churns the structure hard (frequent additions
// and deletions) and checks that no layer empties, no layer exceeds Max,
// ids are never reused, and strengths match the weights.
func TestStructureInvariants(t *testing.T) {
	cfg := Default()
	cfg.Layers = 3
	cfg.L1 = 3e-3
	cfg.Rule = rule.Params{Threshold: 0.05, Reserve: 1, PDel: 0.5, PAdd: 0.5, PSpontaneous: 0.2, Max: 6}
	n := newNet(t, cfg, circle(t))
	seen := map[int64]int{} // id -> layer
	live := map[int64]bool{}
	adds, dels := 0, 0
	for step := range 1500 {
		run(t, n, 1)
		now := map[int64]bool{}
		for l, w := range n.Widths() {
			if w < 1 || w > cfg.Rule.Max {
				t.Fatalf("step %d: layer %d has %d neurons", step, l, w)
			}
			ids := n.IDs(l)
			if len(ids) != w || len(n.Strengths(l)) != w || len(n.Born(l)) != w {
				t.Fatalf("step %d: layer %d: %d ids, %d strengths for %d neurons", step, l, len(ids), len(n.Strengths(l)), w)
			}
			for _, id := range ids {
				if now[id] {
					t.Fatalf("step %d: id %d twice", step, id)
				}
				now[id] = true
				if old, ok := seen[id]; ok && (old != l || !live[id]) {
					t.Fatalf("step %d: id %d reused (layer %d, was layer %d, live %v)", step, id, l, old, live[id])
				}
				if _, ok := seen[id]; !ok {
					adds++
				}
				seen[id] = l
			}
		}
		for id := range live {
			if !now[id] {
				dels++
			}
		}
		live = now
	}
	t.Logf("%d neurons added, %d deleted; widths now %v", adds, dels, n.Widths())
	if adds < 20 || dels < 10 {
		t.Errorf("only %d additions and %d deletions: the churn was not exercised", adds, dels)
	}
}

func TestValidate(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatalf("Default: %v", err)
	}
	cases := []struct {
		field string
		edit  func(*Config)
	}{
		{"layers", func(c *Config) { c.Layers = 0 }},
		{"layers", func(c *Config) { c.Layers = MaxLayers + 1 }},
		{"features", func(c *Config) { c.Features = nil }},
		{"features", func(c *Config) { c.Features = []string{"x", "sinx"} }},
		{"features", func(c *Config) { c.Features = []string{"x", "x"} }},
		{"activation", func(c *Config) { c.Activation = "softplus" }},
		{"learning_rate", func(c *Config) { c.LearningRate = 0 }},
		{"learning_rate", func(c *Config) { c.LearningRate = math.NaN() }},
		{"l1", func(c *Config) { c.L1 = -1 }},
		{"batch", func(c *Config) { c.Batch = 0 }},
		{"optimizer", func(c *Config) { c.Optimizer = "adam" }},
		{"loss", func(c *Config) { c.Loss = "hinge" }},
		{"input_scale", func(c *Config) { c.InputScale = -1 }},
		{"depth.max", func(c *Config) { c.Depth = PaperDepth(); c.Depth.Max = MaxLayers + 1 }},
		{"depth.p_add", func(c *Config) { c.Depth = PaperDepth(); c.Depth.PAdd = 2 }},
		{"rule.threshold", func(c *Config) { c.Rule.Threshold = 0 }},
		{"rule.max", func(c *Config) { c.Rule.Max = 0 }},
		{"rule.reserve", func(c *Config) { c.Rule.Reserve = c.Rule.Max }},
		{"rule.p_del", func(c *Config) { c.Rule.PDel = 1.5 }},
		{"rule.p_add", func(c *Config) { c.Rule.PAdd = math.Inf(1) }},
		{"rule.p_spontaneous", func(c *Config) { c.Rule.PSpontaneous = -0.1 }},
		{"rule.order", func(c *Config) { c.Rule.Order = "middle" }},
	}
	for _, tc := range cases {
		c := Default()
		tc.edit(&c)
		err := c.Validate()
		var fe *FieldError
		if !errors.As(err, &fe) {
			t.Errorf("%s: error %v is not a *FieldError", tc.field, err)
			continue
		}
		if fe.Field != tc.field || fe.Value == "" || fe.Want == "" {
			t.Errorf("%s: got field %q value %q want %q", tc.field, fe.Field, fe.Value, fe.Want)
		}
		if _, err := New(c, circle(t)); !errors.As(err, &fe) {
			t.Errorf("%s: New returned %v, not a *FieldError", tc.field, err)
		}
	}
}

// TestAddAndRemove: a new neuron enters at half the threshold and barely
// moves the output; deleting a neuron gives exactly the outputs of the net
// with its outgoing weights zeroed.
func TestAddAndRemove(t *testing.T) {
	cfg := Default()
	cfg.Layers = 3
	set := circle(t)
	n := newNet(t, cfg, set)
	run(t, n, 200)
	probe := set.Test[:20]
	outputs := func() []float64 {
		o := make([]float64, len(probe))
		for i, p := range probe {
			o[i] = n.Predict(p.X, p.Y)
		}
		return o
	}
	for l := range cfg.Layers {
		before := outputs()
		n.add(l)
		n.strengths()
		s := n.Strengths(l)
		want := newStrength * cfg.Rule.Threshold
		if got := s[len(s)-1]; got >= want || want-got > 1e-6 {
			t.Errorf("layer %d: new neuron's strength %g, want just under %g", l, got, want)
		}
		for i, o := range outputs() {
			if d := math.Abs(o - before[i]); d > 0.1 {
				t.Errorf("layer %d: adding a neuron moved output %d by %g", l, i, d)
			}
		}
		// delete neuron 0 of the layer: same outputs as zeroing its outgoing weights
		var saved, savedOut []float64
		if l+1 < len(n.ls) {
			next := &n.ls[l+1]
			saved = slices.Clone(next.w)
			for i := 0; i < next.rows; i++ {
				next.w[i*next.cols] = 0
			}
		}
		if n.ls[l].connected {
			savedOut = slices.Clone(n.ls[l].out)
			n.ls[l].out[0] = 0
		}
		zeroed := outputs()
		if saved != nil {
			copy(n.ls[l+1].w, saved)
		}
		if savedOut != nil {
			copy(n.ls[l].out, savedOut)
		}
		id := n.IDs(l)[0]
		n.remove(l, []int{0})
		if slices.Contains(n.IDs(l), id) {
			t.Errorf("layer %d: id %d still present after removal", l, id)
		}
		for i, o := range outputs() {
			if o != zeroed[i] {
				t.Errorf("layer %d: output %d is %v after removal, %v with the outgoing weights zeroed", l, i, o, zeroed[i])
			}
		}
	}
}

func TestFixedKeepsItsShape(t *testing.T) {
	set, err := points.Make(points.Spec{Kind: points.Spiral, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	cfg := Default()
	cfg.Layers, cfg.Fixed = 2, []int{4, 2}
	n, err := New(cfg, set)
	if err != nil {
		t.Fatal(err)
	}
	for range 500 {
		if err := n.Step(); err != nil {
			t.Fatal(err)
		}
	}
	if w := n.Widths(); !slices.Equal(w, []int{4, 2}) {
		t.Fatalf("widths %v, want [4 2]", w)
	}
	cfg.Fixed = []int{4}
	var fe *FieldError
	if _, err := New(cfg, set); !errors.As(err, &fe) || fe.Field != "fixed" {
		t.Fatalf("one width for two layers: %v", err)
	}
}

// TestDepthChurn drives the rule on layers hard and checks that layers are
// added and removed, the depth stays in [1, Depth.Max], a new layer enters
// in reserve, and every layer stays wired to the one before it.
func TestDepthChurn(t *testing.T) {
	for _, short := range []bool{false, true} {
		t.Run(fmt.Sprintf("shortcuts=%v", short), func(t *testing.T) { depthChurn(t, short) })
	}
}

func depthChurn(t *testing.T, shortcuts bool) {
	cfg, err := Preset(PaperFF)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Shortcuts = shortcuts
	cfg.L1 = 3e-3
	cfg.Depth = rule.Params{Threshold: 0.05, Reserve: 1, PDel: 0.5, PAdd: 0.5, PSpontaneous: 0.1, Max: 5}
	n := newNet(t, cfg, circle(t))
	added, removed := 0, 0
	for step := range 2000 {
		before := n.Layers()
		run(t, n, 1)
		L := n.Layers()
		if L < 1 || L > cfg.Depth.Max {
			t.Fatalf("step %d: %d layers", step, L)
		}
		// A layer added this step is the last, and in reserve.
		if last := &n.ls[L-1]; last.born0 == n.cycle && math.Abs(last.gate[0]) >= cfg.Depth.Threshold {
			t.Fatalf("step %d: a new layer's multiplier is %g, not in reserve", step, last.gate[0])
		}
		if L > before {
			added++
		}
		if L < before {
			removed++
		}
		for l := range n.ls {
			ly := &n.ls[l]
			want := len(cfg.Features)
			if l > 0 {
				want = n.ls[l-1].rows
			}
			if shortcuts {
				want = len(cfg.Features)
				for k := range l {
					want += n.ls[k].rows
				}
			}
			if ly.cols != want || len(ly.w) != ly.rows*ly.cols || len(ly.out) != ly.rows || !ly.connected {
				t.Fatalf("step %d: layer %d: %d x %d with %d weights, %d outputs (connected %v), want %d columns", step, l, ly.rows, ly.cols, len(ly.w), len(ly.out), ly.connected, want)
			}
		}
		if o := n.Predict(1, 1); math.IsNaN(o) {
			t.Fatalf("step %d: output NaN", step)
		}
	}
	t.Logf("%d layer additions, %d removals; layers now %v, multipliers %.3f", added, removed, n.Widths(), n.Multipliers())
	if added < 10 || removed < 5 {
		t.Errorf("%d additions and %d removals of layers: the depth rule was not exercised", added, removed)
	}
}

// TestDeepDigestIsTheSameEverywhere pins a depth-learning run's digest as
// TestDigestIsTheSameEverywhere does for a fixed-depth one (make test runs
// both on every platform).
func TestDeepDigestIsTheSameEverywhere(t *testing.T) {
	set, err := points.Make(points.Spec{Kind: points.Spiral, Noise: 10, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := Preset(TunedFF)
	cfg.Seed, cfg.Loss = 4, CrossEntropy
	cfg.Depth.PAdd, cfg.Depth.PDel, cfg.Depth.PSpontaneous = 0.3, 0.3, 0.05
	n := newNet(t, cfg, set)
	run(t, n, 800)
	const pinned = 0xc3684c0b45efd03e // ff's table tanh since 2026-12-07
	if d := n.Digest(); d != pinned {
		t.Errorf("digest %#x after 800 steps, want %#x (widths %v, multipliers %v)", d, uint64(pinned), n.Widths(), n.Multipliers())
	}
}

// TestSaveLoadContinuesBitForBit: a run saved, loaded and continued is the
// run that never stopped, for a depth-learning and a fixed network; a
// damaged file is a typed error.
func TestSaveLoadContinuesBitForBit(t *testing.T) {
	paper, _ := Preset(PaperFF)
	paper.Depth.PAdd = 0.2 // layers come and go within the run
	shortcuts := paper
	shortcuts.Shortcuts = true
	for name, cfg := range map[string]Config{"paper-ff": paper, "shortcuts": shortcuts, "fixed 4-2": FixedShape(Default(), 4, 2)} {
		a, b := newNet(t, cfg, circle(t)), newNet(t, cfg, circle(t))
		run(t, a, 300)
		run(t, b, 300)
		var buf bytes.Buffer
		if err := a.Save(&buf); err != nil {
			t.Fatal(err)
		}
		saved := buf.String()
		c, err := Load(&buf)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if c.Digest() != b.Digest() {
			t.Fatalf("%s: loaded digest %x, want %x", name, c.Digest(), b.Digest())
		}
		run(t, b, 500)
		run(t, c, 500)
		if c.Digest() != b.Digest() || !slices.Equal(c.Widths(), b.Widths()) {
			t.Errorf("%s: continued run differs: %v %x, want %v %x", name, c.Widths(), c.Digest(), b.Widths(), b.Digest())
		}
		for _, bad := range []string{
			strings.Replace(saved, `"format": "diffstruct-ff-network"`, `"format": "other"`, 1),
			strings.Replace(saved, `"cols": 2`, `"cols": 3`, 1),
			strings.Replace(saved, `"next_id": `, `"next_id": -`, 1),
			saved[:len(saved)/2],
		} {
			_, err := Load(strings.NewReader(bad))
			var fe *FileError
			var ce *FieldError
			if !errors.As(err, &fe) && !errors.As(err, &ce) {
				t.Errorf("%s: a damaged file gave %v", name, err)
			}
		}
	}
}

// TestSetDataKeepsTheNetwork: new data mid-run keeps every weight, and two
// runs given the same data at the same cycle stay identical.
func TestSetDataKeepsTheNetwork(t *testing.T) {
	cfg, _ := Preset(PaperFF)
	a, b := newNet(t, cfg, circle(t)), newNet(t, cfg, circle(t))
	run(t, a, 200)
	run(t, b, 200)
	before := a.Observe()
	placed := points.PlacedSet([]points.Point{{X: 1, Y: 1, Label: 1}, {X: -1, Y: -1, Label: -1}, {X: 2, Y: -3, Label: 1}})
	for _, n := range []*Net{a, b} {
		if err := n.SetData(placed); err != nil {
			t.Fatal(err)
		}
	}
	if after := a.Observe(); after.Digest == 0 || !slices.Equal(after.Layers[0].W, before.Layers[0].W) {
		t.Fatal("SetData changed the weights")
	}
	run(t, a, 300)
	run(t, b, 300)
	if a.Digest() != b.Digest() {
		t.Errorf("same data at the same cycle: digests %x and %x", a.Digest(), b.Digest())
	}
	if acc := a.Accuracy(placed.Train); acc < 1 {
		t.Errorf("accuracy %.2f on three placed points after 300 steps", acc)
	}
	if err := a.SetData(points.Set{}); err == nil {
		t.Error("an empty set was accepted")
	}
}
