package session

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/diffstruct/diffstruct/wasm/wire"
)

// fakeClock advances by step ms at every reading.
func fakeClock(step float64) (Clock, *float64) {
	t := new(float64)
	return func() float64 { *t += step; return *t }, t
}

func run(t *testing.T, s *Session, cycles int) {
	t.Helper()
	for i := 0; i < cycles; i++ {
		s.Step()
	}
}

func TestNewFromLink(t *testing.T) {
	s, probs := New("#task=hard&seed=3&preset=paper&play=1&speed=10")
	if len(probs) != 0 {
		t.Fatal(probs)
	}
	if !s.Playing() || s.Config().Task.Kind != "hard" || s.Config().Seed != 3 || s.Rate() != 400 {
		t.Fatalf("session does not follow the link: playing=%v cfg=%+v", s.Playing(), s.Config())
	}
	if got := s.Fragment(); !strings.Contains(got, "task=hard") || !strings.Contains(got, "seed=3") {
		t.Fatalf("fragment %q", got)
	}
}

func TestGarbageLinkFallsBack(t *testing.T) {
	s, probs := New("#task=nope&seed=-x&preset=%00")
	if len(probs) != 3 {
		t.Fatalf("problems %v", probs)
	}
	cfg := s.Config()
	if cfg.Task.Kind != "easy" || cfg.Seed != 1 || cfg.Preset != "paper" {
		t.Fatalf("not the defaults: %+v", cfg)
	}
}

func TestStopKeyPausesAtCycle(t *testing.T) {
	s, _ := New("task=hard&play=1&stop=250&speed=max")
	clock, _ := fakeClock(0.01)
	for i := 0; i < 1000 && s.Playing(); i++ {
		s.Tick(clock)
	}
	if s.Playing() || s.Cycle() != 250 {
		t.Fatalf("playing=%v cycle=%d, want paused at 250", s.Playing(), s.Cycle())
	}
	st := s.Status(0, Since{})
	if !st.Stopped || st.Cycle != 250 {
		t.Fatalf("status %+v", st)
	}
	// Playing again goes past the stop.
	s.Play()
	s.Tick(clock)
	if s.Cycle() <= 250 {
		t.Fatal("play after the stop did not continue")
	}
}

func TestSameLinkSameRun(t *testing.T) {
	link := "task=hard&seed=5&play=1&stop=400&speed=max"
	var digests []uint64
	for range 2 {
		s, _ := New(link)
		clock, _ := fakeClock(0.5)
		for s.Playing() {
			s.Tick(clock)
		}
		digests = append(digests, s.Observe(0).Digest)
		if s.Observe(0).N() <= 1 {
			t.Fatalf("hard task grew no neurons in 400 cycles")
		}
	}
	if digests[0] != digests[1] {
		t.Fatalf("same link, different runs: %x %x", digests[0], digests[1])
	}
}

func TestTaskSwitchKeepsNetworkAndReplays(t *testing.T) {
	s, _ := New("task=easy&seed=2")
	run(t, s, 300)
	ids := idsOf(s)
	if probs := s.Set("task", "hard"); probs != nil {
		t.Fatal(probs)
	}
	if s.Cycle() != 300 || len(idsOf(s)) != len(ids) || s.Config().Task.Kind != "hard" {
		t.Fatalf("switch lost the run: cycle %d, %d neurons, task %s", s.Cycle(), s.Observe(0).N(), s.Config().Task.Kind)
	}
	for i, id := range idsOf(s) {
		if id != ids[i] {
			t.Fatal("neuron ids changed")
		}
	}
	frag := s.Fragment()
	if !strings.Contains(frag, "task=easy") || !strings.Contains(frag, "switch=hard%40300") {
		t.Fatalf("fragment %q does not record the switch", frag)
	}
	segs := s.Status(0, Since{}).Segments
	if len(segs) != 2 || segs[1].Cycle != 300 || segs[1].Kind != "switch" || segs[1].Name != "hard" {
		t.Fatalf("segments %+v", segs)
	}
	run(t, s, 200)
	// The link replays the switch at the same cycle: the same run.
	r, probs := New(frag)
	if len(probs) != 0 {
		t.Fatal(probs)
	}
	run(t, r, 500)
	if r.Observe(0).Digest != s.Observe(0).Digest {
		t.Fatal("the link with a switch does not reproduce the run")
	}
	if r.Config().Task.Kind != "hard" {
		t.Fatal("replay did not switch")
	}
}

func TestSettingsRestartRun(t *testing.T) {
	s, _ := New("")
	run(t, s, 50)
	s.Set("task", "hard")
	if probs := s.Set("seed", "9"); probs != nil {
		t.Fatal(probs)
	}
	if s.Cycle() != 0 || s.Config().Seed != 9 || s.Config().Task.Kind != "hard" {
		t.Fatalf("seed change: cycle %d cfg %+v", s.Cycle(), s.Config())
	}
	if strings.Contains(s.Fragment(), "switch") {
		t.Fatal("a new run keeps old switches")
	}
	if probs := s.Set("seed", "x"); len(probs) != 1 || probs[0].Fallback != "9" {
		t.Fatalf("bad value: %v", probs)
	}
	if probs := s.Set("learning_rate", "0.02"); probs != nil || s.Config().LearningRate != 0.02 {
		t.Fatalf("learning rate: %v", probs)
	}
	if probs := s.Set("speed", "1sym"); probs != nil || s.Rate() != 1 {
		t.Fatal("speed")
	}
	// Before the first cycle a task change is just the run's task.
	s.Set("task", "easy")
	if strings.Contains(s.Fragment(), "switch") || !strings.Contains(s.Fragment(), "task=easy") {
		t.Fatalf("fragment %q", s.Fragment())
	}
}

func TestCustomTextWithOtherAlphabetStartsOver(t *testing.T) {
	s, _ := New("text=hello%20world")
	run(t, s, 20)
	s.Set("task", "custom")
	if s.Cycle() != 0 || len(s.Observe(0).Alphabet) != 8 {
		t.Fatalf("cycle %d alphabet %q", s.Cycle(), string(s.Observe(0).Alphabet))
	}
	if n := s.Status(0, Since{}).Notice; !strings.Contains(n, "new network") {
		t.Fatalf("notice %q", n)
	}
}

func TestPacing(t *testing.T) {
	s, _ := New("speed=1&play=1") // 1 cycle per second
	clock, now := fakeClock(0)
	*now = 1000
	if d := s.Tick(clock); s.Cycle() != 1 || d <= 0 {
		t.Fatalf("first tick: cycle %d delay %v", s.Cycle(), d)
	}
	*now += 500
	s.Tick(clock)
	if s.Cycle() != 1 {
		t.Fatalf("half a second later: cycle %d", s.Cycle())
	}
	*now += 600
	s.Tick(clock)
	if s.Cycle() != 2 {
		t.Fatalf("a second later: cycle %d", s.Cycle())
	}
	// A long gap (a hidden tab) does not pile up work.
	*now += 3600e3
	s.Tick(clock)
	if s.Cycle() > 3 {
		t.Fatalf("after an hour away: cycle %d", s.Cycle())
	}
	s.Pause()
	if d := s.Tick(clock); d >= 0 {
		t.Fatal("paused tick asks to be called again")
	}
}

func TestMaxSpeedRespectsBudget(t *testing.T) {
	s, _ := New("play=1&speed=max")
	clock, now := fakeClock(1) // each reading advances 1 ms
	s.Tick(clock)
	if c := s.Cycle(); c < 5 || c > 13 {
		t.Fatalf("one tick with a 12 ms budget ran %d cycles", c)
	}
	_ = now
}

func TestHistoryBounded(t *testing.T) {
	h := NewHistory(1, 100)
	for c := 0; c < 1_000_000; c++ {
		h.Add(Point{Cycle: c})
	}
	if len(h.Points) >= 100 || h.Stride < 10000 || h.Points[0].Cycle != 0 {
		t.Fatalf("history: %d points, stride %d", len(h.Points), h.Stride)
	}
	for i := 1; i < len(h.Points); i++ {
		if h.Points[i].Cycle <= h.Points[i-1].Cycle {
			t.Fatal("points out of order")
		}
	}
}

func TestStatusHistoryDeltas(t *testing.T) {
	s, _ := New("")
	st := s.Status(0, Since{})
	if !st.History.Reset || len(st.History.Points) != 1 {
		t.Fatalf("first status: %+v", st.History)
	}
	run(t, s, 35)
	// Reading the status changes nothing: read twice, the same answer.
	if a, b := s.Status(5, st.History.Next), s.Status(5, st.History.Next); !reflect.DeepEqual(a, b) {
		t.Fatalf("a second reading differs:\n%+v\n%+v", a, b)
	}
	st = s.Status(1, st.History.Next)
	if st.History.Reset || len(st.History.Points) != 3 || st.History.Now.Cycle != 35 {
		t.Fatalf("delta: %+v", st.History)
	}
	s.Reset()
	if st = s.Status(2, st.History.Next); !st.History.Reset || st.Cycle != 0 {
		t.Fatalf("after reset: %+v", st.History)
	}
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"floor":0.24`) {
		t.Fatalf("status JSON lacks the floor: %s", b)
	}
	// Custom text has no floor: JSON null, not NaN.
	c, _ := New("task=custom&text=abcabd")
	if _, err := json.Marshal(c.Status(0, Since{})); err != nil {
		t.Fatal(err)
	}
}

func TestGraphSnapshot(t *testing.T) {
	s, _ := New("task=hard&seed=1")
	var g wire.Graph
	if err := decodeMain(&g, s.AppendGraph(nil)); err != nil {
		t.Fatal(err)
	}
	if g.N() != 1 || g.W() != 0 || len(g.Hidden) != 1 {
		t.Fatalf("before training: N=%d W=%d hidden %d", g.N(), g.W(), len(g.Hidden))
	}
	run(t, s, 2000)
	buf := s.AppendGraph(nil)
	if err := decodeMain(&g, buf); err != nil {
		t.Fatal(err)
	}
	n := s.Observe(0).N()
	if g.N() != n || g.W() != 40 || g.Cycle != 2000 || len(g.Whh) != n*n || g.Threshold != 0.05 {
		t.Fatalf("snapshot N=%d W=%d cycle %d", g.N(), g.W(), g.Cycle)
	}
	if int64(g.IDs[n-1]) != idsOf(s)[n-1] {
		t.Fatal("ids differ")
	}
	// The window and its predictions travel here, and only here.
	o := s.Observe(0)
	for i, x := range o.Inputs {
		if int(g.Inputs[i]) != x || (i > 0 && o.Targets[i-1] != x) {
			t.Fatalf("input %d: %d, the run read %d", i, g.Inputs[i], x)
		}
	}
	if int(g.Next) != o.Targets[39] || len(g.Probs) != 40*g.V() || g.Probs[7] != float32(o.Probs[7]) {
		t.Fatalf("next %d, want %d; %d probabilities", g.Next, o.Targets[39], len(g.Probs))
	}
	t.Logf("snapshot of %d neurons: %d bytes", n, len(buf))
}

// ids returns the main runner's neuron ids by index.
func idsOf(s *Session) []int64 {
	var out []int64
	for _, n := range s.Observe(0).Neurons {
		out = append(out, n.ID)
	}
	return out
}

// decodeMain decodes the main runner's graph of a run message.
func decodeMain(g *wire.Graph, msg []byte) error {
	rs, err := wire.SplitRunners(msg)
	if err != nil {
		return err
	}
	return g.Decode(rs[0].Graph)
}

// TestCycleSpeedsCountCycles: a step named in cycles a second runs that
// many cycles whatever the preset's window (reliable reads 80 symbols a
// cycle, paper 40), and the page is told a cycle is slow motion only when
// it takes more than a second.
func TestCycleSpeedsCountCycles(t *testing.T) {
	for _, c := range []struct {
		preset string
		window int
	}{{"paper", 40}, {"reliable", 80}} {
		s, probs := New("task=hard&play=1&speed=10")
		probs = append(probs, s.Set("preset", c.preset)...) // the newest revision
		if len(probs) != 0 || s.Config().Window != c.window {
			t.Fatalf("%s: window %d, problems %v", c.preset, s.Config().Window, probs)
		}
		if s.CyclesPerSecond() != 10 || s.Rate() != float64(10*c.window) {
			t.Errorf("%s: %v cycles/s, %v symbols/s", c.preset, s.CyclesPerSecond(), s.Rate())
		}
		clock, now := fakeClock(0)
		*now = 1000
		for i := 0; i < 20; i++ { // two seconds in ticks of 100 ms
			s.Tick(clock)
			*now += 100
		}
		s.Tick(clock)
		if got := s.Cycle(); got < 19 || got > 21 {
			t.Errorf("%s: %d cycles in two seconds at 10 cycles/s", c.preset, got)
		}
		if st := s.Status(*now, Since{}); st.SlowMotion {
			t.Errorf("%s: 10 cycles/s reported as slow motion", c.preset)
		}
		s.Set("speed", "4sym")
		if st := s.Status(*now, Since{}); !st.SlowMotion {
			t.Errorf("%s: 4 symbols/s not reported as slow motion", c.preset)
		}
	}
}
