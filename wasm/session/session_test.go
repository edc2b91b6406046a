package session

import (
	"encoding/json"
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
	if !s.Playing() || s.Engine().Config().Task.Kind != "hard" || s.Engine().Config().Seed != 3 || s.Rate() != 400 {
		t.Fatalf("session does not follow the link: playing=%v cfg=%+v", s.Playing(), s.Engine().Config())
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
	cfg := s.Engine().Config()
	if cfg.Task.Kind != "easy" || cfg.Seed != 1 || cfg.Preset != "paper" {
		t.Fatalf("not the defaults: %+v", cfg)
	}
}

func TestStopKeyPausesAtCycle(t *testing.T) {
	s, _ := New("task=hard&play=1&stop=250")
	clock, _ := fakeClock(0.01)
	for i := 0; i < 1000 && s.Playing(); i++ {
		s.Tick(clock)
	}
	if s.Playing() || s.Engine().Cycle() != 250 {
		t.Fatalf("playing=%v cycle=%d, want paused at 250", s.Playing(), s.Engine().Cycle())
	}
	st := s.Status(0)
	if !st.Stopped || st.Cycle != 250 {
		t.Fatalf("status %+v", st)
	}
	// Playing again goes past the stop.
	s.Play()
	s.Tick(clock)
	if s.Engine().Cycle() <= 250 {
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
		digests = append(digests, s.Engine().Digest())
		if s.Engine().N() <= 1 {
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
	ids := append([]int64(nil), s.Engine().IDs()...)
	if probs := s.Set("task", "hard"); probs != nil {
		t.Fatal(probs)
	}
	if s.Engine().Cycle() != 300 || len(s.Engine().IDs()) != len(ids) || s.Engine().Config().Task.Kind != "hard" {
		t.Fatalf("switch lost the run: cycle %d, %d neurons, task %s", s.Engine().Cycle(), s.Engine().N(), s.Engine().Config().Task.Kind)
	}
	for i, id := range s.Engine().IDs() {
		if id != ids[i] {
			t.Fatal("neuron ids changed")
		}
	}
	frag := s.Fragment()
	if !strings.Contains(frag, "task=easy") || !strings.Contains(frag, "switch=hard%40300") {
		t.Fatalf("fragment %q does not record the switch", frag)
	}
	segs := s.Status(0).Segments
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
	if r.Engine().Digest() != s.Engine().Digest() {
		t.Fatal("the link with a switch does not reproduce the run")
	}
	if r.Engine().Config().Task.Kind != "hard" {
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
	if s.Engine().Cycle() != 0 || s.Engine().Config().Seed != 9 || s.Engine().Config().Task.Kind != "hard" {
		t.Fatalf("seed change: cycle %d cfg %+v", s.Engine().Cycle(), s.Engine().Config())
	}
	if strings.Contains(s.Fragment(), "switch") {
		t.Fatal("a new run keeps old switches")
	}
	if probs := s.Set("seed", "x"); len(probs) != 1 || probs[0].Fallback != "9" {
		t.Fatalf("bad value: %v", probs)
	}
	if probs := s.Set("learning_rate", "0.02"); probs != nil || s.Engine().Config().LearningRate != 0.02 {
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
	if s.Engine().Cycle() != 0 || len(s.Engine().Alphabet()) != 8 {
		t.Fatalf("cycle %d alphabet %q", s.Engine().Cycle(), string(s.Engine().Alphabet()))
	}
	if n := s.Status(0).Notice; !strings.Contains(n, "new network") {
		t.Fatalf("notice %q", n)
	}
}

func TestPacing(t *testing.T) {
	s, _ := New("speed=1&play=1") // 1 cycle per second
	clock, now := fakeClock(0)
	*now = 1000
	if d := s.Tick(clock); s.Engine().Cycle() != 1 || d <= 0 {
		t.Fatalf("first tick: cycle %d delay %v", s.Engine().Cycle(), d)
	}
	*now += 500
	s.Tick(clock)
	if s.Engine().Cycle() != 1 {
		t.Fatalf("half a second later: cycle %d", s.Engine().Cycle())
	}
	*now += 600
	s.Tick(clock)
	if s.Engine().Cycle() != 2 {
		t.Fatalf("a second later: cycle %d", s.Engine().Cycle())
	}
	// A long gap (a hidden tab) does not pile up work.
	*now += 3600e3
	s.Tick(clock)
	if s.Engine().Cycle() > 3 {
		t.Fatalf("after an hour away: cycle %d", s.Engine().Cycle())
	}
	s.Pause()
	if d := s.Tick(clock); d >= 0 {
		t.Fatal("paused tick asks to be called again")
	}
}

func TestMaxSpeedRespectsBudget(t *testing.T) {
	s, _ := New("play=1")
	clock, now := fakeClock(1) // each reading advances 1 ms
	s.Tick(clock)
	if c := s.Engine().Cycle(); c < 5 || c > 13 {
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
	st := s.Status(0)
	if !st.History.Reset || len(st.History.Points) != 1 {
		t.Fatalf("first status: %+v", st.History)
	}
	run(t, s, 35)
	st = s.Status(1)
	if st.History.Reset || len(st.History.Points) != 3 || st.History.Now.Cycle != 35 {
		t.Fatalf("delta: %+v", st.History)
	}
	s.Reset()
	if st = s.Status(2); !st.History.Reset || st.Cycle != 0 {
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
	if _, err := json.Marshal(c.Status(0)); err != nil {
		t.Fatal(err)
	}
}

func TestGraphSnapshot(t *testing.T) {
	s, _ := New("task=hard&seed=1")
	var g wire.Graph
	if err := g.Decode(s.AppendGraph(nil)); err != nil {
		t.Fatal(err)
	}
	if g.N() != 1 || g.W() != 0 || len(g.Hidden) != 1 {
		t.Fatalf("before training: N=%d W=%d hidden %d", g.N(), g.W(), len(g.Hidden))
	}
	run(t, s, 2000)
	buf := s.AppendGraph(nil)
	if err := g.Decode(buf); err != nil {
		t.Fatal(err)
	}
	n := s.Engine().N()
	if g.N() != n || g.W() != 40 || g.Cycle != 2000 || len(g.Whh) != n*n || g.Threshold != 0.05 {
		t.Fatalf("snapshot N=%d W=%d cycle %d", g.N(), g.W(), g.Cycle)
	}
	if int64(g.IDs[n-1]) != s.Engine().IDs()[n-1] {
		t.Fatal("ids differ")
	}
	t.Logf("snapshot of %d neurons: %d bytes", n, len(buf))
}
