package engine

import (
	"encoding/json"
	"math"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/diffstruct/diffstruct/core/rnn"
	"github.com/diffstruct/diffstruct/core/task"
)

func mustPreset(t testing.TB, name string, size int) Config {
	t.Helper()
	c, err := Preset(name, size)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustEngine(t testing.TB, c Config) *Engine {
	t.Helper()
	e, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestPresetsHaveThePapersHyperparameters(t *testing.T) {
	v2 := mustPreset(t, PresetPaper, 0)
	if v2.Rule != RuleV2 || v2.Reserve != 1 || v2.Threshold != 0.05 || v2.PAdd != 0.01 || v2.PDel != 0.05 ||
		v2.MaxNeurons != 100 || v2.InitNeurons != 1 || v2.L1 != 1e-4 || v2.Optimizer != RMSProp ||
		v2.LearningRate != 0.01 || v2.Decay != 0.01 || v2.StepClip != 0.01 || v2.PSpontaneous != 1e-4 || v2.Window != 40 {
		t.Errorf("paper preset %+v", v2)
	}
	v1 := mustPreset(t, PresetPaperV1, 0)
	if v1.Rule != RuleV1 || v1.Gate != GateOutput || v1.Optimizer != Adagrad || v1.LearningRate != 0.1 || v1.GradClip != 5 ||
		v1.PAdd != 0.05 || v1.PDel != 0.25 || v1.MinMultiplier != 0.025 || v1.L1 != 3e-5 || v1.Task.L != 5 {
		t.Errorf("paper-v1 preset %+v", v1)
	}
	fixed := mustPreset(t, PresetFixed, 37)
	if e := mustEngine(t, fixed); e.N() != 37 {
		t.Errorf("fixed preset starts with %d neurons, want 37", e.N())
	}
	if _, err := Preset("nope", 0); err == nil || !strings.Contains(err.Error(), "preset") {
		t.Errorf("unknown preset: %v", err)
	}
}

func TestInvalidConfigsNameTheFieldAndRange(t *testing.T) {
	base := mustPreset(t, PresetPaper, 0)
	v1 := mustPreset(t, PresetPaperV1, 0)
	for _, c := range []struct {
		field string
		edit  func(*Config)
	}{
		{"learning_rate", func(c *Config) { c.LearningRate = -1 }},
		{"learning_rate", func(c *Config) { c.LearningRate = math.NaN() }},
		{"learning_rate", func(c *Config) { c.LearningRate = math.Inf(1) }},
		{"decay", func(c *Config) { c.Decay = math.NaN() }},
		{"l1", func(c *Config) { c.L1 = -1e-4 }},
		{"p_add", func(c *Config) { c.PAdd = 1.5 }},
		{"p_del", func(c *Config) { c.PDel = math.NaN() }},
		{"p_spontaneous", func(c *Config) { c.PSpontaneous = -0.1 }},
		{"threshold", func(c *Config) { c.Threshold = 0 }},
		{"reserve", func(c *Config) { c.Reserve = -1 }},
		{"max_neurons", func(c *Config) { c.MaxNeurons = 0 }},
		{"max_neurons", func(c *Config) { c.MaxNeurons = MaxNeurons + 1 }},
		{"init_neurons", func(c *Config) { c.InitNeurons = 0 }},
		{"window", func(c *Config) { c.Window = 0 }},
		{"rule", func(c *Config) { c.Rule = "v3" }},
		{"optimizer", func(c *Config) { c.Optimizer = "sgd" }},
		{"smoothing", func(c *Config) { c.Smoothing = 1 }},
		{"epsilon", func(c *Config) { c.Epsilon = 0 }},
		{"task.text", func(c *Config) { c.Task = task.Spec{Kind: task.Custom, Text: ""} }},
		{"task.text", func(c *Config) { c.Task = task.Spec{Kind: task.Custom, Text: "zzzz"} }},
		{"task.p", func(c *Config) { c.Task.P = 2 }},
	} {
		cfg := base
		c.edit(&cfg)
		checkRejected(t, cfg, c.field)
	}
	for _, c := range []struct {
		field string
		edit  func(*Config)
	}{
		{"min_multiplier", func(c *Config) { c.MinMultiplier = c.Threshold }}, // T_D <= M_min
		{"min_multiplier", func(c *Config) { c.MinMultiplier = 0.1 }},
		{"gate", func(c *Config) { c.Gate = "inside" }},
	} {
		cfg := v1
		c.edit(&cfg)
		checkRejected(t, cfg, c.field)
	}
}

func checkRejected(t *testing.T, cfg Config, field string) {
	t.Helper()
	err := cfg.Validate()
	if err == nil || !strings.HasPrefix(err.Error(), field+":") || !strings.Contains(err.Error(), "want") {
		t.Errorf("config with bad %s: error %v, want one naming %s and the allowed range", field, err, field)
	}
	if _, err := New(cfg); err == nil {
		t.Errorf("New accepted a config with bad %s", field)
	}
}

func TestConfigJSONRoundTrip(t *testing.T) {
	c := mustPreset(t, PresetPaperV1, 0)
	c.Gate, c.Seed, c.Task = GateEverywhere, 99, task.Spec{Kind: task.Custom, Text: "hello world"}.WithDefaults()
	data, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseConfig(data, Default())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, c) {
		t.Errorf("round trip changed the config:\n got %+v\nwant %+v", got, c)
	}
	if _, err := ParseConfig([]byte(`{"threshhold": 0.1}`), Default()); err == nil {
		t.Error("unknown field accepted")
	}
	if _, err := ParseConfig([]byte(`{"p_add": 7}`), Default()); err == nil || !strings.Contains(err.Error(), "p_add") {
		t.Errorf("invalid field: %v", err)
	}
	partial, err := ParseConfig([]byte(`{"threshold": 0.03}`), Default())
	if err != nil || partial.Threshold != 0.03 || partial.PAdd != Default().PAdd {
		t.Errorf("partial config: %+v, %v", partial, err)
	}
}

// checkInvariants verifies what must hold after every step.
func checkInvariants(t *testing.T, e *Engine, everSeen map[int64]bool) {
	t.Helper()
	n, v := e.N(), len(e.Alphabet())
	l := e.Net().Layout()
	if l.N != n || len(e.IDs()) != n || len(e.Strengths()) != n || len(e.born) != n {
		t.Fatalf("cycle %d: sizes disagree: layout %d ids %d strengths %d", e.Cycle(), l.N, len(e.IDs()), len(e.Strengths()))
	}
	if len(e.Net().Param(rnn.Whh)) != n*n || len(e.Net().Param(rnn.WxhT)) != v*n || len(e.Net().Param(rnn.Why)) != v*n ||
		len(e.Net().Params()) != l.Size() || len(e.Net().Slot(0)) != l.Size() || len(e.Net().State()) != n {
		t.Fatalf("cycle %d: a buffer's shape disagrees with %d neurons", e.Cycle(), n)
	}
	if n < 1 || n > e.cfg.MaxNeurons {
		t.Fatalf("cycle %d: %d neurons outside 1..%d", e.Cycle(), n, e.cfg.MaxNeurons)
	}
	live := map[int64]bool{}
	for _, id := range e.IDs() {
		if live[id] {
			t.Fatalf("cycle %d: id %d appears twice", e.Cycle(), id)
		}
		live[id] = true
	}
	for _, id := range e.Added() {
		if everSeen[id] {
			t.Fatalf("cycle %d: id %d reused", e.Cycle(), id)
		}
		everSeen[id] = true
	}
	for _, id := range e.Deleted() {
		if live[id] {
			t.Fatalf("cycle %d: deleted id %d still alive", e.Cycle(), id)
		}
	}
}

func TestStructuralInvariantsUnderLongRandomRuns(t *testing.T) {
	cycles := 3000
	if testing.Short() {
		cycles = 600
	}
	for seed := uint64(1); seed <= 4; seed++ {
		for _, preset := range []string{PresetPaper, PresetPaperV1} {
			c := mustPreset(t, preset, 0)
			c.Seed = seed
			c.Task = task.Spec{Kind: task.HardEasy, Span: cycles}.WithDefaults()
			// Stress the rule: frequent additions and deletions, a low cap, a large reserve.
			c.PAdd, c.PDel, c.PSpontaneous = 0.5, 0.5, 0.05
			c.MaxNeurons, c.Reserve = 12, int(seed%3)
			c.Threshold = 0.2
			if preset == PresetPaperV1 {
				c.MinMultiplier = 0.1
			}
			e := mustEngine(t, c)
			seen := map[int64]bool{}
			for _, id := range e.IDs() {
				seen[id] = true
			}
			grew, shrank := false, false
			for i := 0; i < cycles; i++ {
				if err := e.Step(); err != nil {
					t.Fatal(err)
				}
				checkInvariants(t, e, seen)
				grew = grew || len(e.Added()) > 0
				shrank = shrank || len(e.Deleted()) > 0
			}
			if !grew || !shrank {
				t.Errorf("%s seed %d: the run never added (%v) or never deleted (%v) a neuron", preset, seed, grew, shrank)
			}
		}
	}
}

func TestReserveRule(t *testing.T) {
	for _, k := range []int{0, 1, 2} {
		c := mustPreset(t, PresetPaper, 0)
		c.Reserve, c.PDel, c.PAdd, c.PSpontaneous, c.InitNeurons = k, 1, 0, 0, 8
		e := mustEngine(t, c)
		// Make neurons 1, 3, 4 and 6 sub-threshold and the rest strong.
		weak := map[int]bool{1: true, 3: true, 4: true, 6: true}
		for j, s := range e.strengths {
			_ = s
			if weak[j] {
				e.strengths[j] = c.Threshold / 2
			} else {
				e.strengths[j] = c.Threshold * 2
			}
		}
		before := append([]int64(nil), e.ids...)
		e.restructure()
		want := len(weak) - k
		if len(e.deleted) != want || e.N() != 8-want {
			t.Errorf("k=%d: deleted %d neurons (now %d), want %d", k, len(e.deleted), e.N(), want)
		}
		for _, id := range e.deleted {
			idx := indexOf(before, id)
			if !weak[idx] {
				t.Errorf("k=%d: deleted strong neuron %d", k, id)
			}
		}
	}
	// With P_del < 1 the draw may spare some: never more deleted than the excess.
	c := mustPreset(t, PresetPaper, 0)
	c.PDel, c.InitNeurons = 0.5, 10
	e := mustEngine(t, c)
	for j := range e.strengths {
		e.strengths[j] = 0
	}
	e.restructure()
	if d := len(e.deleted); d > 9 || d == 0 {
		t.Errorf("P_del=0.5 with 10 weak neurons deleted %d", d)
	}
	// The reserve used up: a neuron is added (P_add = 1), just under T_D/2:
	// its output and lateral parts are each T_D/2, the lateral one scaled by
	// the old size over the new.
	c = mustPreset(t, PresetPaper, 0)
	c.PAdd, c.InitNeurons = 1, 3
	e = mustEngine(t, c)
	for j := range e.strengths {
		e.strengths[j] = 1
	}
	e.restructure()
	e.updateStrengths()
	if e.N() != 4 || len(e.added) != 1 {
		t.Fatalf("reserve used up: %d neurons, added %v", e.N(), e.added)
	}
	want := 0.5 * c.NewStrength * c.Threshold * (1 + 3.0/4.0)
	if s := e.strengths[3]; math.Abs(s-want) > 1e-9 || s >= c.Threshold/2 {
		t.Errorf("new neuron strength %v, want %v (below T_D/2)", s, want)
	}
	state := e.Net().Layout().Slice(e.Net().Slot(0), rnn.Why)
	if state[3] != c.InitMeanSquare || state[4+3] != c.InitMeanSquare {
		t.Errorf("new neuron's optimiser memory %v, want %v", state[3], c.InitMeanSquare)
	}
}

func indexOf(ids []int64, id int64) int {
	for i, x := range ids {
		if x == id {
			return i
		}
	}
	return -1
}

func TestOptimiserStateMovesWithItsNeuron(t *testing.T) {
	c := mustPreset(t, PresetPaper, 0)
	c.InitNeurons = 5
	e := mustEngine(t, c)
	if err := e.Run(20); err != nil {
		t.Fatal(err)
	}
	l := e.Net().Layout()
	state := e.Net().Slot(0)
	// The RMSProp mean squares of neuron index 3's output weights and its recurrent row.
	id := e.ids[3]
	why := append([]float64(nil), columnOf(l.Slice(state, rnn.Why), l.V, l.N, 3)...)
	row := append([]float64(nil), l.Slice(state, rnn.Whh)[3*l.N:4*l.N]...)
	if err := e.net.Remove(1); err != nil {
		t.Fatal(err)
	}
	e.ids = append(e.ids[:1], e.ids[2:]...)
	l = e.Net().Layout()
	state = e.Net().Slot(0)
	if e.ids[2] != id {
		t.Fatal("bookkeeping")
	}
	if got := columnOf(l.Slice(state, rnn.Why), l.V, l.N, 2); !reflect.DeepEqual(got, why) {
		t.Errorf("Why optimiser state of neuron %d: %v, want %v", id, got, why)
	}
	wantRow := append(append([]float64(nil), row[:1]...), row[2:]...)
	if got := l.Slice(state, rnn.Whh)[2*l.N : 3*l.N]; !reflect.DeepEqual(got, wantRow) {
		t.Errorf("Whh optimiser state row: %v, want %v", got, wantRow)
	}
}

func columnOf(m []float64, rows, cols, j int) []float64 {
	out := make([]float64, rows)
	for r := range out {
		out[r] = m[r*cols+j]
	}
	return out
}

func TestDivergenceStopsTheRun(t *testing.T) {
	e := mustEngine(t, mustPreset(t, PresetPaper, 0))
	if err := e.Run(5); err != nil {
		t.Fatal(err)
	}
	e.Net().Param(rnn.By)[0] = math.Inf(1)
	e.Net().Param(rnn.By)[1] = math.Inf(1)
	err := e.Step()
	if err == nil || !strings.Contains(err.Error(), "diverged") || !strings.Contains(err.Error(), "cycle 6") {
		t.Fatalf("step with an infinite loss: %v", err)
	}
	cycle := e.Cycle()
	if err2 := e.Step(); err2 == nil || e.Cycle() != cycle || e.Err() == nil {
		t.Error("the run went on after diverging")
	}
}

// final runs cfg for n cycles and returns the engine.
func final(t testing.TB, cfg Config, n int) *Engine {
	e := mustEngine(t, cfg)
	if err := e.Run(n); err != nil {
		t.Error(err)
	}
	return e
}

func TestLearnsEasyAndGrowsMoreOnHard(t *testing.T) {
	if testing.Short() {
		t.Skip("trains for 20,000 cycles")
	}
	const cycles = 20000
	seeds := []uint64{1, 2, 3}
	easy := make([]*Engine, len(seeds))
	hard := make([]*Engine, len(seeds))
	var wg sync.WaitGroup
	for i, s := range seeds {
		for _, job := range []struct {
			kind string
			out  []*Engine
		}{{task.Easy, easy}, {task.Hard, hard}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := mustPreset(t, PresetPaper, 0)
				c.Seed, c.Task = s, task.Spec{Kind: job.kind}.WithDefaults()
				job.out[i] = final(t, c, cycles)
			}()
		}
	}
	wg.Wait()
	var en, hn []int
	for i := range seeds {
		e := easy[i]
		gap := e.LossPerSymbol()/e.Floor() - 1
		t.Logf("seed %d: easy %d neurons, %.4f nats/symbol (floor %.4f, +%.1f%%); hard %d neurons, %.4f (floor %.4f)",
			seeds[i], e.N(), e.LossPerSymbol(), e.Floor(), 100*gap, hard[i].N(), hard[i].LossPerSymbol(), hard[i].Floor())
		// The smoothed loss averages about 100 windows, so it may dip a little
		// under the floor by chance; clearly under it would mean a leak.
		if gap > 0.10 || gap < -0.02 {
			t.Errorf("seed %d: easy loss %.4f is not within 10%% of the floor %.4f", seeds[i], e.LossPerSymbol(), e.Floor())
		}
		en, hn = append(en, e.N()), append(hn, hard[i].N())
	}
	if median(hn) <= median(en) {
		t.Errorf("hard ends with %v neurons, easy with %v: want more on hard", hn, en)
	}
}

func median(xs []int) int {
	s := append([]int(nil), xs...)
	sort.Ints(s)
	return s[len(s)/2]
}

func TestSameSeedSameRunDifferentSeedDifferentRun(t *testing.T) {
	c := mustPreset(t, PresetPaper, 0)
	c.Task = task.Spec{Kind: task.Hard}.WithDefaults()
	a, b := final(t, c, 500), final(t, c, 500)
	if a.Digest() != b.Digest() || a.Sample(50) != b.Sample(50) {
		t.Error("two runs of one config differ")
	}
	c.Seed = 2
	if final(t, c, 500).Digest() == a.Digest() {
		t.Error("runs of different seeds agree")
	}
	// Observing (sampling) never changes the run.
	d := mustEngine(t, c)
	for i := 0; i < 500; i++ {
		if err := d.Step(); err != nil {
			t.Fatal(err)
		}
		d.Sample(5)
	}
	if d.Digest() != final(t, c, 500).Digest() {
		t.Error("sampling changed the run")
	}
}

func TestSetTaskKeepsTheNetwork(t *testing.T) {
	c := mustPreset(t, PresetPaper, 0)
	e := final(t, c, 300)
	n, ids, cycle := e.N(), append([]int64(nil), e.IDs()...), e.Cycle()
	if err := e.SetTask(task.Spec{Kind: task.Hard}); err != nil {
		t.Fatal(err)
	}
	if e.N() != n || !reflect.DeepEqual(e.IDs(), ids) || e.Cycle() != cycle || e.Phase() != task.Hard {
		t.Error("switching task changed the network or the cycle")
	}
	if math.Abs(e.Floor()-task.HardFloor(6)) > 1e-12 {
		t.Errorf("floor after switch %v", e.Floor())
	}
	if err := e.SetTask(task.Spec{Kind: task.Custom, Text: "xyz"}); err == nil || !strings.Contains(err.Error(), "alphabet") {
		t.Errorf("switch to another alphabet: %v", err)
	}
	if err := e.Run(10); err != nil {
		t.Fatal(err)
	}
}

func TestCustomTextTrains(t *testing.T) {
	c := mustPreset(t, PresetPaper, 0)
	c.Task = task.Spec{Kind: task.Custom, Text: "the cat sat on the mat. "}.WithDefaults()
	e := final(t, c, 3000)
	if len(e.Alphabet()) != 11 || !math.IsNaN(e.Floor()) {
		t.Errorf("alphabet %q floor %v", string(e.Alphabet()), e.Floor())
	}
	if start := float64(c.Window) * math.Log(11); e.Loss() > start/2 {
		t.Errorf("loss %v did not fall below half the uniform loss %v", e.Loss(), start)
	}
	for _, r := range e.Sample(40) {
		if !strings.ContainsRune(string(e.Alphabet()), r) {
			t.Errorf("sample has symbol %q outside the alphabet", r)
		}
	}
}

func TestObserversReadWithoutAllocating(t *testing.T) {
	e := final(t, mustPreset(t, PresetPaper, 0), 200)
	buf := make([]Neuron, 0, 128)
	allocs := testing.AllocsPerRun(100, func() {
		buf = e.Neurons(buf[:0])
		_ = e.Loss() + e.Floor() + float64(e.Cycle()+e.N())
		_ = e.Net().Probs(3)
		_ = e.Net().Hidden(3)
	})
	if allocs != 0 {
		t.Errorf("observing allocates %v times", allocs)
	}
	if len(buf) != e.N() || buf[0].ID != e.IDs()[0] || buf[0].Strength != e.Strengths()[0] {
		t.Errorf("Neurons() = %+v", buf)
	}
	sum := 0.0
	for _, p := range e.Net().Probs(39) {
		sum += p
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("prediction sums to %v", sum)
	}
}
