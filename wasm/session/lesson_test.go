package session

import (
	"fmt"
	"testing"

	"github.com/diffstruct/diffstruct/wasm/linkstate"
	"github.com/diffstruct/diffstruct/wasm/tempo"
)

// machine is a fake clock for a machine that runs one cycle per msPerCycle:
// every reading advances by a little, and the worker's waits are added by
// the caller.
type machine struct{ now float64 }

func (m *machine) clock(s *Session, msPerCycle float64) Clock {
	last := s.Cycle()
	return func() float64 {
		c := s.Cycle()
		m.now += float64(msPerCycle*float64(c-last)) + 0.001
		last = c
		return m.now
	}
}

// playLesson plays s at the lesson pace on a machine of the given speed for
// seconds, as the worker does (Tick, then wait the delay it asks for), and
// returns the time of each birth or death.
func playLesson(t *testing.T, s *Session, m *machine, msPerCycle, seconds float64) (events []float64, floorAt float64) {
	t.Helper()
	clock := m.clock(s, msPerCycle)
	end := m.now + float64(seconds*1000)
	n := s.Observe(0).N()
	floorAt = -1
	for m.now < end {
		d := s.Tick(clock)
		o := s.observe(0)
		if o.N() != n || o.Added+o.Deleted > 0 {
			events = append(events, m.now/1000)
			n = o.N()
		}
		if floorAt < 0 && o.Cycle > 0 && o.LossPerSymbol-s.run.Floor() < 0.005 {
			floorAt = m.now / 1000
		}
		if d < 0 {
			t.Fatal("the lesson stopped asking for ticks")
		}
		m.now += max(d, 1) // the worker's wait (setTimeout clamps to about 1 ms)
	}
	return events, floorAt
}

func TestLessonPaceShowsEachEvent(t *testing.T) {
	s, _ := New("task=easy&seed=1") // no speed key: the lesson pace
	if s.State().Speed != "lesson" {
		t.Fatalf("default speed %q", s.State().Speed)
	}
	s.Play()
	m := &machine{now: 1000}
	const msPerCycle = 0.45 // about 2,200 cycles/s, the page's full speed at 40 neurons
	events, floorAt := playLesson(t, s, m, msPerCycle, 60)
	start := 1.0
	if len(events) < 6 {
		t.Fatalf("only %d births and deaths in a minute", len(events))
	}
	for i := 1; i < len(events); i++ {
		if gap := events[i] - events[i-1]; gap < tempo.Hold-0.01 {
			t.Errorf("events %d and %d only %.2f s apart", i-1, i, gap)
		}
	}
	fmt.Printf("lesson pace (easy, seed 1, %.0f cycles/s machine): first birth at %.2f s, "+
		"births %d by 5 s, at the floor (within 0.005 nats) at %.1f s, cycle %d after 60 s, %d events\n",
		1000/msPerCycle, events[0]-start, countBefore(events, start+5), floorAt-start, s.Cycle(), len(events))
	if floorAt < 0 || floorAt-start > 60 {
		t.Fatalf("easy run not at its floor within a minute (%.1f s)", floorAt-start)
	}
	if n := countBefore(events, start+5); n < 1 || n > 5 {
		t.Fatalf("%d births in the first 5 s: the story should have begun, not ended", n)
	}
}

func countBefore(ev []float64, t float64) int {
	n := 0
	for _, e := range ev {
		if e <= t {
			n++
		}
	}
	return n
}

func TestLessonPaceHoldsStillAfterAnEvent(t *testing.T) {
	s, _ := New("task=easy&seed=1&play=1")
	clock, now := fakeClock(0.001)
	*now = 1000
	for i := 0; i < 100000 && s.Cycle() < 19; i++ {
		*now += 10
		s.Tick(clock)
	}
	o := s.Observe(0)
	if o.Added == 0 {
		t.Fatalf("tick did not stop at the birth (cycle %d, added %d)", o.Cycle, o.Added)
	}
	c := s.Cycle()
	for range 50 { // 0.9 s of ticks
		*now += 18
		s.Tick(clock)
		if st := s.Status(*now, Since{}); !st.Holding || st.Born == 0 {
			t.Fatalf("status during the hold: holding %v born %d", st.Holding, st.Born)
		}
	}
	if s.Cycle() != c {
		t.Fatalf("the run moved during the hold: cycle %d -> %d", c, s.Cycle())
	}
	*now += 2000
	s.Tick(clock)
	if s.Cycle() == c {
		t.Fatal("the run did not go on after the hold")
	}
}

func TestMaxSpeedIgnoresEvents(t *testing.T) {
	s, _ := New("task=easy&seed=1&play=1&speed=max")
	clock, _ := fakeClock(0.001)
	s.Tick(clock) // 12 ms at 1 µs a reading: thousands of cycles, through the births
	if s.Cycle() < 100 {
		t.Fatalf("full speed stopped at cycle %d", s.Cycle())
	}
}

func TestWarmStartIsBitIdentical(t *testing.T) {
	for _, link := range []string{
		"task=easy&seed=1&at=600&speed=1sym&play=1",
		"task=easy&seed=3&switch=hard@200,easy@450&at=500&speed=max",
		"task=hard&seed=2&race=10&at=300",
	} {
		w, probs := New(link)
		if len(probs) > 0 {
			t.Fatalf("%s: %v", link, probs)
		}
		st := w.State()
		if !w.Warming() || w.Status(0, Since{}).WarmTo != st.At {
			t.Fatalf("%s: not warming", link)
		}
		clock, _ := fakeClock(1)
		ticks := 0
		for w.Warming() {
			if d := w.Tick(clock); d != 0 && (w.Warming() || d > 0) {
				t.Fatalf("%s: warming tick asks to wait %v", link, d)
			}
			ticks++
		}
		if w.Cycle() != st.At || ticks < 2 {
			t.Fatalf("%s: warmed to %d in %d ticks", link, w.Cycle(), ticks)
		}
		if w.Status(0, Since{}).WarmTo != 0 {
			t.Fatalf("%s: still says warming", link)
		}
		plain := st
		plain.At = 0
		s, _ := New(linkstate.Format(plain))
		for s.Cycle() < st.At {
			s.Step()
		}
		if a, b := w.Fingerprint(), s.Fingerprint(); a != b {
			t.Fatalf("%s: warmed %s, stepped %s", link, a, b)
		}
	}
}

func TestWarmStartThenSlowMotion(t *testing.T) {
	s, _ := New("task=easy&seed=1&at=200&speed=1sym&play=1")
	clock, now := fakeClock(1)
	for s.Warming() {
		s.Tick(clock)
	}
	// One symbol a second: the window of cycle 200 is read for 40 s.
	for range 30 {
		*now += 1000
		s.Tick(clock)
	}
	if s.Cycle() != 200 {
		t.Fatalf("after 30 s at one symbol a second: cycle %d", s.Cycle())
	}
	if cur := s.Status(*now, Since{}).Cursor; cur < 25 || cur > 31 {
		t.Fatalf("cursor %d after 30 s", cur)
	}
}

func TestResetForgetsTheWarmStart(t *testing.T) {
	s, _ := New("task=easy&at=100")
	if !s.Warming() {
		t.Fatal("not warming")
	}
	s.Reset()
	if s.Warming() || s.State().At != 0 {
		t.Fatal("reset still warms")
	}
}

func TestWarmStartPassesAnEarlierStop(t *testing.T) {
	s, _ := New("task=easy&at=100&stop=50&play=1&speed=max")
	clock, _ := fakeClock(1)
	for s.Warming() {
		s.Tick(clock)
	}
	if s.Cycle() != 100 || !s.Playing() {
		t.Fatalf("cycle %d playing %v", s.Cycle(), s.Playing())
	}
	s2, _ := New("task=easy&at=100&stop=100&play=1&speed=max")
	for s2.Warming() {
		s2.Tick(clock)
	}
	if s2.Cycle() != 100 || s2.Playing() {
		t.Fatalf("stop at the warm start's cycle: cycle %d playing %v", s2.Cycle(), s2.Playing())
	}
}
