package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/diffstruct/diffstruct/core/task"
)

// The new fields must leave the paper's presets (and the JSON their links
// are fingerprinted from) exactly as they were.
func TestNewFieldsAreOffInThePapersPresets(t *testing.T) {
	for _, name := range []string{PresetPaper, PresetPaperV1, PresetFixed} {
		c := mustPreset(t, name, 10)
		if c.DeleteOrder != "" || c.KickEvery != 0 || c.KickGap != 0 || c.KickNoise != 0 || c.KickRestart || c.SettleGap != 0 || c.SettleRate != 0 || c.RestartUntil != 0 || c.RollbackGap != 0 || c.Horizon != 0 {
			t.Errorf("%s sets a field beyond the paper: %+v", name, c)
		}
		data, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{"delete_order", "kick_every", "kick_gap", "kick_noise", "kick_restart", "settle_gap", "settle_rate", "restart_until", "rollback_gap", "horizon"} {
			if strings.Contains(string(data), `"`+key+`"`) {
				t.Errorf("%s's JSON has %q: %s", name, key, data)
			}
		}
	}
}

func TestReliableIsListedAndUnknownPresetsNameTheKnownOnes(t *testing.T) {
	if !slices.Contains(Presets, PresetReliable) {
		t.Errorf("Presets %v lacks %q", Presets, PresetReliable)
	}
	c := mustPreset(t, PresetReliable, 0)
	if c.Preset != PresetReliable || c.Rule != RuleV2 {
		t.Errorf("reliable preset %+v", c)
	}
	_, err := Preset("nope", 0)
	if err == nil {
		t.Fatal("unknown preset accepted")
	}
	for _, name := range Presets {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not list %q", err, name)
		}
	}
}

func TestNewFieldsAreValidated(t *testing.T) {
	base := mustPreset(t, PresetPaper, 0)
	for _, c := range []struct {
		field string
		edit  func(*Config)
	}{
		{"delete_order", func(c *Config) { c.DeleteOrder = "middle" }},
		{"kick_every", func(c *Config) { c.KickEvery = -1 }},
		{"kick_gap", func(c *Config) { c.KickGap = -0.1 }},
		{"kick_noise", func(c *Config) { c.KickNoise = 11 }},
		{"settle_gap", func(c *Config) { c.SettleGap = -1 }},
		{"settle_rate", func(c *Config) { c.SettleRate = 1.5 }},
		{"restart_until", func(c *Config) { c.RestartUntil = -1 }},
		{"rollback_gap", func(c *Config) { c.RollbackGap = -0.1 }},
		{"horizon", func(c *Config) { c.Horizon = -1 }},
	} {
		cfg := base
		c.edit(&cfg)
		checkRejected(t, cfg, c.field)
	}
}

func TestDeleteOrderSparesByAge(t *testing.T) {
	for _, c := range []struct {
		order string
		want  []int // indices in the order considered: the first is spared
	}{
		{DeleteYoungest, []int{3, 1, 0, 2}}, // oldest first: spared, then the rest by age
		{DeleteOldest, []int{2, 0, 1, 3}},
	} {
		cfg := mustPreset(t, PresetPaper, 0)
		cfg.DeleteOrder = c.order
		e := mustEngine(t, cfg)
		e.born = []int{50, 20, 70, 10}
		sub := []int{0, 1, 2, 3}
		e.orderDeletable(sub)
		if !slices.Equal(sub, c.want) {
			t.Errorf("%s: order %v, want %v", c.order, sub, c.want)
		}
	}
}

// A restart kick re-draws the network when the loss is far above the floor;
// the run stays deterministic and a saved run continues bit for bit.
func TestRestartKick(t *testing.T) {
	c := mustPreset(t, PresetPaper, 0)
	c.Task = task.Spec{Kind: task.Hard}.WithDefaults()
	c.KickEvery, c.KickGap, c.KickRestart = 300, 0.5, true
	e := final(t, c, 299)
	if e.N() < 2 {
		t.Fatalf("the network did not grow in 299 cycles (%d neurons)", e.N())
	}
	if err := e.Step(); err != nil { // cycle 300: the loss is far above the floor
		t.Fatal(err)
	}
	for j, s := range e.Strengths() {
		if s >= c.Threshold {
			t.Errorf("after the restart neuron %d has strength %v, want below the threshold %v", j, s, c.Threshold)
		}
	}
	straight := final(t, c, 900)
	half := final(t, c, 450)
	loaded, err := Load(bytes.NewReader(saved(t, half)))
	if err != nil {
		t.Fatal(err)
	}
	if err := loaded.Run(450); err != nil {
		t.Fatal(err)
	}
	if loaded.Digest() != straight.Digest() {
		t.Error("a kicked run saved at 450 and continued to 900 differs from a straight run")
	}
	plain := c
	plain.KickEvery = 0
	if final(t, plain, 900).Digest() == straight.Digest() {
		t.Error("the kick changed nothing")
	}
}

// Without a known floor (a custom text) a kick never fires.
func TestKickNeedsAFloor(t *testing.T) {
	c := mustPreset(t, PresetPaper, 0)
	c.Task = task.Spec{Kind: task.Custom, Text: "to be or not to be, that is the question"}.WithDefaults()
	plain := final(t, c, 400)
	c.KickEvery, c.KickNoise, c.KickRestart = 100, 0.1, true
	if final(t, c, 400).Digest() != plain.Digest() {
		t.Error("a kick fired on a text with no known floor")
	}
}

// A run that is always settled is a run with the learning rate and the step
// clip scaled, bit for bit; a text with no known floor never settles.
func TestSettleScalesTheSteps(t *testing.T) {
	c := mustPreset(t, PresetPaper, 0)
	c.Task = task.Spec{Kind: task.Hard}.WithDefaults()
	halved := c
	halved.LearningRate, halved.StepClip = c.LearningRate/2, c.StepClip/2
	settled := c
	settled.SettleGap, settled.SettleRate = 1e6, 0.5
	if final(t, settled, 300).Digest() != final(t, halved, 300).Digest() {
		t.Error("an always-settled run differs from one with halved steps")
	}
	if final(t, settled, 300).Digest() == final(t, c, 300).Digest() {
		t.Error("settling changed nothing")
	}
	text := c
	text.Task = task.Spec{Kind: task.Custom, Text: "to be or not to be, that is the question"}.WithDefaults()
	textSettled := text
	textSettled.SettleGap, textSettled.SettleRate = 1e6, 0.5
	if final(t, textSettled, 300).Digest() != final(t, text, 300).Digest() {
		t.Error("a text with no known floor settled")
	}
}

// The rollback rule keeps a copy of the best network and restores it: a run
// that rolls back nearly every cycle (any rise above its best) stays
// deterministic, the copy is saved with the run, and a loaded run continues
// bit for bit; a network that has been near the floor is never restarted.
func TestRollbackRestoresTheBestAndSurvivesALoad(t *testing.T) {
	c := mustPreset(t, PresetPaper, 0)
	c.Task = task.Spec{Kind: task.Hard}.WithDefaults()
	c.SettleGap, c.RollbackGap = 1e6, 1e-9 // every new low is copied; any rise goes back to it
	c.Smoothing = 0.9                      // copies start after 10/(1-0.9) = 100 cycles
	c.KickEvery, c.KickGap, c.KickRestart = 100, 0, true
	e := final(t, c, 400)
	if e.best == nil {
		t.Fatal("no best network kept")
	}
	if e.N() != len(e.best.Neurons) || e.Loss() != e.best.Loss {
		t.Errorf("after a rise the run has %d neurons and loss %v, want the best's %d and %v", e.N(), e.Loss(), len(e.best.Neurons), e.best.Loss)
	}
	if e.Cycle() < 1 || e.N() < 1 {
		t.Fatal("no run")
	}
	for j, id := range e.ids { // restored neurons keep the copy's ids
		if id != e.best.Neurons[j].ID {
			t.Errorf("neuron %d has id %d, the copy %d", j, id, e.best.Neurons[j].ID)
		}
	}
	// The kick every 100 cycles never restarted it: its oldest neuron is still there.
	if e.born[0] != 0 || e.ids[0] != 1 {
		t.Errorf("first neuron id %d born %d: the network was restarted", e.ids[0], e.born[0])
	}
	straight := final(t, c, 900)
	half := final(t, c, 450)
	data := saved(t, half)
	if !bytes.Contains(data, []byte(`"best"`)) {
		t.Fatal("the saved run has no best network")
	}
	loaded, err := Load(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := loaded.Run(450); err != nil {
		t.Fatal(err)
	}
	if loaded.Digest() != straight.Digest() {
		t.Error("a rolled-back run saved at 450 and continued to 900 differs from a straight run")
	}
	plain := c
	plain.RollbackGap = 0
	if final(t, plain, 900).Digest() == straight.Digest() {
		t.Error("the rollback changed nothing")
	}
	// A file without the copy (as saved before it existed, or with rollback
	// off) still loads; a bad copy is refused.
	plainData := saved(t, final(t, plain, 300))
	if bytes.Contains(plainData, []byte(`"best"`)) {
		t.Error("a run without rollback saved a best network")
	}
	if _, err := Load(bytes.NewReader(plainData)); err != nil {
		t.Error(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	m["best"].(map[string]any)["hidden"] = []float64{}
	bad, _ := json.Marshal(m)
	if _, err := Load(bytes.NewReader(bad)); err == nil {
		t.Error("a best network with no hidden state was accepted")
	}
}

// A new task phase forgets the copy and takes none while the smoothed loss
// still mostly measures the phase before.
// A rollback changes the network in the middle of a step; the structural
// step that follows must read the strengths of the network now in place
// (stale ones, indexed past its neurons, made the age orders panic).
func TestStructuralStepSeesTheRestoredNetwork(t *testing.T) {
	for _, order := range []string{"", DeleteYoungest, DeleteOldest} {
		c := mustPreset(t, PresetPaper, 0)
		c.Task = task.Spec{Kind: task.Hard}.WithDefaults()
		c.SettleGap, c.RollbackGap = 1e6, 1e-9 // every new low is copied; any rise goes back to it
		c.Smoothing, c.DeleteOrder = 0.9, order
		e := final(t, c, 200)
		if e.best == nil {
			t.Fatal("no best network kept")
		}
		e.best.Loss = 0 // no new low: the next step rolls back
		kept := len(e.best.Neurons)
		for range 3 {
			e.add() // sub-threshold newcomers past the copy's neurons
		}
		e.updateStrengths()
		if err := e.Step(); err != nil {
			t.Fatal(err)
		}
		if e.N() < kept-1 || e.N() > kept+1 {
			t.Errorf("order %q: %d neurons after rolling back to %d", order, e.N(), kept)
		}
	}
}

func TestRollbackForgetsAtANewPhase(t *testing.T) {
	c := mustPreset(t, PresetPaper, 0)
	c.Task = task.Spec{Kind: task.EasyHardEasy, Span: 600}.WithDefaults() // hard from cycle 200
	c.SettleGap, c.RollbackGap, c.Smoothing = 1e6, 1e6, 0.9
	e := final(t, c, 199)
	if e.best == nil || e.best.Floor != e.FloorPerWindow() {
		t.Fatalf("no copy on easy at cycle 199: %+v", e.best)
	}
	easyFloor := e.best.Floor
	if err := e.Run(50); err != nil {
		t.Fatal(err)
	}
	if e.Phase() != task.Hard || e.best != nil {
		t.Errorf("50 cycles into %s the copy is %v, want none", e.Phase(), e.best)
	}
	if err := e.Run(100); err != nil {
		t.Fatal(err)
	}
	if e.best == nil || e.best.Floor == easyFloor || e.best.Floor != e.FloorPerWindow() {
		t.Errorf("150 cycles into hard the copy is %+v, want one on the hard floor %v", e.best, e.FloorPerWindow())
	}
}

// Restarts stop after RestartUntil cycles of a phase.
func TestRestartUntil(t *testing.T) {
	c := mustPreset(t, PresetPaper, 0)
	c.Task = task.Spec{Kind: task.Hard}.WithDefaults()
	c.KickEvery, c.KickGap, c.KickRestart, c.RestartUntil = 300, 0.5, true, 299
	limited := final(t, c, 900)
	c.RestartUntil = 0
	plain := c
	plain.KickEvery = 0
	if limited.Digest() != final(t, plain, 900).Digest() {
		t.Error("a restart happened after restart_until")
	}
}

// PlanLength sets the horizon only where a rule reads it, so the paper's
// presets keep their configs (and their runs' files) as they were.
func TestPlanLengthOnlyForRestarts(t *testing.T) {
	for _, name := range []string{PresetPaper, PresetPaperV1, PresetFixed} {
		c := mustPreset(t, name, 10)
		before := c
		c.PlanLength(100000)
		if c != before {
			t.Errorf("%s: PlanLength changed the config to %+v", name, c)
		}
	}
	c := mustPreset(t, PresetReliable, 0)
	c.PlanLength(100000)
	if c.Horizon != 100000 {
		t.Errorf("reliable: horizon %d after PlanLength(100000)", c.Horizon)
	}
}

// No restart leaves the new network less than a check interval before the
// run's horizon: a run checked at its last cycle keeps its network, and
// the earlier restarts (a whole interval before the end) still happen.
func TestNoRestartInTheLastInterval(t *testing.T) {
	c := mustPreset(t, PresetPaper, 0)
	c.Task = task.Spec{Kind: task.Hard}.WithDefaults()
	c.KickEvery, c.KickGap, c.KickRestart = 300, 0.5, true
	for _, tc := range []struct {
		horizon, cycles int
		same            bool
		why             string
	}{
		{900, 899, true, "horizon 900 changed the run before its last check"},
		{900, 900, false, "horizon 900 did not stop the restart at cycle 900"},
		{899, 899, false, "horizon 899 allowed the restart at cycle 600, 299 cycles before the end"},
	} {
		same := final(t, c, tc.cycles).Digest() == final(t, withHorizon(c, tc.horizon), tc.cycles).Digest()
		if same != tc.same {
			t.Error(tc.why)
		}
	}
}

func withHorizon(c Config, n int) Config { c.Horizon = n; return c }

// No restart either when the schedule's phase ends within a check interval:
// the task changes before the new network could have learnt this one.
func TestNoRestartInAPhasesLastInterval(t *testing.T) {
	c := mustPreset(t, PresetPaper, 0)
	c.KickEvery, c.KickGap, c.KickRestart = 300, 0.5, true
	plain := c
	plain.KickEvery = 0
	for _, tc := range []struct {
		span    int
		restart bool
	}{{1000, false}, {1200, true}} { // hard until 500 (check at 300, 200 left), or until 600 (300 left)
		c.Task = task.Spec{Kind: task.HardEasy, Span: tc.span}.WithDefaults()
		plain.Task = c.Task
		same := final(t, c, 400).Digest() == final(t, plain, 400).Digest()
		if same == tc.restart {
			t.Errorf("span %d: restart at cycle 300 = %v, want %v", tc.span, !same, tc.restart)
		}
	}
}

// A shorter version of the reliable preset's claim (the full one, 100,000
// cycles on held-out seeds, is in the README): at 70,000 cycles on hard it
// ends within 15% of the floor on seeds 315 and 206. The paper's preset sits
// on the plateau on seed 315 (the restart at 30,000 cycles rescues it, near
// the floor from 43,500); without the rollback, seed 206 relapses from the
// floor and is on the plateau at 70,000. About 30 s of CPU.
func TestReliableReachesTheHardFloor(t *testing.T) {
	if testing.Short() {
		t.Skip("trains four runs of 70,000 cycles")
	}
	const cycles = 70000
	hard := func(name string, seed uint64) Config {
		c := mustPreset(t, name, 0)
		c.Seed, c.Task = seed, task.Spec{Kind: task.Hard}.WithDefaults()
		c.PlanLength(cycles)
		return c
	}
	type result struct {
		loss, floor float64
		neurons     int
	}
	noRollback := hard(PresetReliable, 206)
	noRollback.RollbackGap, noRollback.Window = 0, 40 // the preset before its window was doubled: it relapses here
	configs := []Config{hard(PresetPaper, 315), noRollback}
	seeds := []uint64{315, 206}
	for _, seed := range seeds {
		configs = append(configs, hard(PresetReliable, seed))
	}
	results := make([]result, len(configs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, c := range configs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			e := final(t, c, cycles)
			results[i] = result{e.Loss(), e.FloorPerWindow(), e.N()}
		}()
	}
	wg.Wait()
	near := func(r result) bool { return r.loss <= 1.15*r.floor }
	if near(results[0]) {
		t.Errorf("paper, seed 315: loss %.2f is near the floor %.2f; the test wants a seed where paper stalls", results[0].loss, results[0].floor)
	}
	if near(results[1]) {
		t.Errorf("reliable without rollback at 40-symbol windows, seed 206: loss %.2f is near the floor %.2f; the test wants a seed that relapses", results[1].loss, results[1].floor)
	}
	for i, r := range results[2:] {
		t.Logf("reliable, seed %d: loss %.2f per window (floor %.2f), %d neurons", seeds[i], r.loss, r.floor, r.neurons)
		if !near(r) {
			t.Errorf("reliable, seed %d: loss %.2f, want within 15%% of the floor %.2f", seeds[i], r.loss, r.floor)
		}
	}
}

// The reliable preset's window is twice the paper's: the hard task's sixth
// letter depends on a symbol 13 steps back, and the gradient, unlike the
// hidden state, stops at a window's start. On seed 516 the paper's network
// is still on the plateau after 20,000 cycles (and after 60,000); the same
// network with 80-symbol windows, nothing else changed, is within 15% of the
// floor by then.
func TestLongerWindowLeavesThePlateau(t *testing.T) {
	if testing.Short() {
		t.Skip("trains two runs of 20,000 cycles")
	}
	if p, r := mustPreset(t, PresetPaper, 0), mustPreset(t, PresetReliable, 0); p.Window != 40 || r.Window != 80 {
		t.Fatalf("windows: paper %d, reliable %d; want 40 and 80", p.Window, r.Window)
	}
	const cycles, seed = 20000, 516
	results := make([]*Engine, 2)
	var wg sync.WaitGroup
	for i, window := range []int{40, 80} {
		c := mustPreset(t, PresetPaper, 0)
		c.Seed, c.Task, c.Window = seed, task.Spec{Kind: task.Hard}.WithDefaults(), window
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = final(t, c, cycles)
		}()
	}
	wg.Wait()
	gap := func(e *Engine) float64 { return e.Loss()/e.FloorPerWindow() - 1 }
	if g := gap(results[0]); g <= 0.15 {
		t.Errorf("paper, 40-symbol windows, seed %d: %.0f%% above the floor; the test wants a seed where it stalls", seed, 100*g)
	}
	if g := gap(results[1]); g > 0.15 {
		t.Errorf("paper with 80-symbol windows, seed %d: %.0f%% above the floor after %d cycles, want within 15%%", seed, 100*g, cycles)
	}
}

// TestPresetRevisions checks that a preset's earlier revision is still
// there for the links made with it: reliable's first read 40-symbol windows,
// its second (the newest, as Preset gives it) 80, and a revision a preset
// never had is a typed error.
func TestPresetRevisions(t *testing.T) {
	newest, err := Preset(PresetReliable, 0)
	if err != nil {
		t.Fatal(err)
	}
	for rev, window := range map[int]int{0: newest.Window, 1: 40, 2: 80} {
		c, err := PresetAt(PresetReliable, 0, rev)
		if err != nil || c.Window != window {
			t.Errorf("reliable revision %d: window %d, err %v; want %d", rev, c.Window, err, window)
		}
		if rev != 1 && !reflect.DeepEqual(c, newest) {
			t.Errorf("reliable revision %d differs from the newest beyond its window", rev)
		}
	}
	paper, _ := Preset(PresetPaper, 0)
	if c, err := PresetAt(PresetPaper, 0, 1); err != nil || !reflect.DeepEqual(c, paper) {
		t.Errorf("paper revision 1: %v", err)
	}
	for _, bad := range []struct {
		name string
		rev  int
	}{{PresetPaper, 2}, {PresetReliable, 3}, {PresetReliable, -1}} {
		_, err := PresetAt(bad.name, 0, bad.rev)
		var re ErrRevision
		if !errors.As(err, &re) || re.Revision != bad.rev || re.Max != PresetRevisions(bad.name) {
			t.Errorf("%s revision %d: got %v, want an ErrRevision", bad.name, bad.rev, err)
		}
	}
}
