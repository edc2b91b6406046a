package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"reflect"
	"runtime"
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

// The presets' claims are rates over seeds, so their tests train seeds 1..n
// (a rule, not a choice) and compare rates; the flags measure more seeds.
var (
	reliableSeeds = flag.Int("reliable.seeds", 4, "TestReliableReachesTheHardFloor: train seeds 1..n of each preset")
	windowSeeds   = flag.Int("window.seeds", 6, "TestLongerWindowLeavesThePlateau: train seeds 1..n of each window")
)

// nearFloor trains every config for cycles (two at a time) and returns how
// many end within 15% of the floor, with each run's gap above it.
func nearFloor(t *testing.T, configs []Config, cycles int) (near int, gaps []float64) {
	gaps = make([]float64, len(configs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))
	for i, c := range configs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			e := final(t, c, cycles)
			gaps[i] = e.Loss()/e.FloorPerWindow() - 1
		}()
	}
	wg.Wait()
	for _, g := range gaps {
		if g <= 0.15 {
			near++
		}
	}
	return near, gaps
}

// hardSeeds returns cfg on the hard task for seeds 1..n, planned for cycles.
func hardSeeds(cfg Config, n, cycles int) []Config {
	cs := make([]Config, n)
	for i := range cs {
		c := cfg
		c.Seed, c.Task = uint64(i+1), task.Spec{Kind: task.Hard}.WithDefaults()
		c.PlanLength(cycles)
		cs[i] = c
	}
	return cs
}

// TestReliableReachesTheHardFloor is a shorter version of the reliable
// preset's claim (every one of 20 held-out seeds within 15% of the hard
// floor at 100,000 cycles; docs/reliable.md): at 60,000 cycles it ends
// there on at least 90% of seeds 1..n, and more often than the paper's
// preset on the same seeds (about half of whose runs are still on the
// plateau then). Measured 2026-12-04 on seeds 1..4: reliable 4, paper 2.
func TestReliableReachesTheHardFloor(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 2n runs of 60,000 cycles")
	}
	const cycles = 60000
	n := *reliableSeeds
	rel, relGaps := nearFloor(t, hardSeeds(mustPreset(t, PresetReliable, 0), n, cycles), cycles)
	pap, papGaps := nearFloor(t, hardSeeds(mustPreset(t, PresetPaper, 0), n, cycles), cycles)
	t.Logf("seeds 1..%d at %d cycles, within 15%% of the floor: reliable %d (gaps %.3f), paper %d (gaps %.3f)", n, cycles, rel, relGaps, pap, papGaps)
	if rel < n-n/10 {
		t.Errorf("reliable: %d of %d seeds within 15%% of the floor, want at least %d", rel, n, n-n/10)
	}
	if rel <= pap {
		t.Errorf("reliable: %d of %d seeds within 15%% of the floor, the paper's preset %d; want more", rel, n, pap)
	}
}

// TestLongerWindowLeavesThePlateau: the reliable preset's window is twice
// the paper's, because the hard task's sixth letter depends on a symbol 13
// steps back and the gradient, unlike the hidden state, stops at a window's
// start. The paper's preset with 80-symbol windows, nothing else changed,
// reaches 15% of the floor within 20,000 cycles on more of seeds 1..n than
// with its own 40 (measured 2026-12-04 on seeds 1..8: 4 against 1).
func TestLongerWindowLeavesThePlateau(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 2n runs of 20,000 cycles")
	}
	if p, r := mustPreset(t, PresetPaper, 0), mustPreset(t, PresetReliable, 0); p.Window != 40 || r.Window != 80 {
		t.Fatalf("windows: paper %d, reliable %d; want 40 and 80", p.Window, r.Window)
	}
	const cycles = 20000
	n := *windowSeeds
	near := make([]int, 2)
	for i, window := range []int{40, 80} {
		c := mustPreset(t, PresetPaper, 0)
		c.Window = window
		var gaps []float64
		near[i], gaps = nearFloor(t, hardSeeds(c, n, cycles), cycles)
		t.Logf("%d-symbol windows, seeds 1..%d: %d within 15%% of the floor (gaps %.3f)", window, n, near[i], gaps)
	}
	if near[1] <= near[0] {
		t.Errorf("80-symbol windows reach the floor on %d of %d seeds, 40-symbol ones on %d: want more", near[1], n, near[0])
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
