package session

import (
	"strconv"
	"strings"
	"testing"
)

// TestLayeredTour walks the feed-forward tour on a real run: the first
// step resets and pauses, the width and depth steps play until their event
// and pause on it, and every card's text gives the cycle the status shows.
func TestLayeredTour(t *testing.T) {
	l := openFF(t, "#model=ff&data=circle&seed=2&speed=max&play=1")
	for range 50 {
		l.Step()
	}
	l.Tour("start")
	st := l.Status(0, Since{})
	if st.Tour == nil || st.Tour.Step != 0 || st.Cycle != 0 || l.Playing() {
		t.Fatalf("after start: tour %+v at cycle %d, playing %v", st.Tour, st.Cycle, l.Playing())
	}
	l.Tour("next") // one neuron
	if c := l.Status(0, Since{}).Tour; c == nil || !strings.Contains(c.Text, "1 layer") {
		t.Fatalf("one-neuron card %+v", c)
	}
	for _, want := range []string{"first layer grew", "layer was"} {
		l.Tour("next")
		if !l.Playing() {
			t.Fatalf("%q step: the run is not playing", want)
		}
		clock := stepClock(5)
		for i := 0; i < 20000 && l.Playing(); i++ {
			l.Tick(clock)
		}
		st := l.Status(0, Since{})
		if l.Playing() || st.Tour == nil || st.Tour.Waiting {
			t.Fatalf("%q step never happened (cycle %d, card %+v)", want, st.Cycle, st.Tour)
		}
		if !strings.Contains(st.Tour.Text, want) || !strings.Contains(st.Tour.Text, commas(st.Cycle)) {
			t.Errorf("card at cycle %d: %q, want %q and the cycle", st.Cycle, st.Tour.Text, want)
		}
	}
	for range 3 {
		l.Tour("next")
	}
	if st := l.Status(0, Since{}); st.Tour != nil {
		t.Errorf("the tour goes on after its last step: %+v", st.Tour)
	}
}

// commas writes n with thousands separators, as the tour does.
func commas(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// TestLayeredTourLink: tour=1 in a feed-forward link opens the run with the
// tour's first step, and the link keeps the key.
func TestLayeredTourLink(t *testing.T) {
	l := openFF(t, "#model=ff&data=xor&tour=1")
	if c := l.Status(0, Since{}).Tour; c == nil || c.Step != 0 || !strings.Contains(c.Text, "xor") {
		t.Fatalf("card %+v", c)
	}
	if f := l.Fragment(); !strings.Contains(f, "tour=1") {
		t.Errorf("fragment %q lost tour=1", f)
	}
}
