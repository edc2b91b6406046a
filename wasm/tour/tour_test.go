package tour_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/wasm/session"
	"github.com/diffstruct/diffstruct/wasm/tour"
)

// play ticks the session with a clock that advances 1 ms a reading until
// the run pauses (the tour pauses it at a step's event) or max ticks pass.
func play(t *testing.T, s *session.Session, max int) {
	t.Helper()
	now := 0.0
	clock := func() float64 { now++; return now }
	for i := 0; i < max && s.Playing(); i++ {
		s.Tick(clock)
	}
	if s.Playing() {
		t.Fatalf("still playing after %d ticks, at cycle %d", max, s.Cycle())
	}
}

// card returns the tour's card in the session's status, checked against
// the observation the status is made from: every claim of the text holds.
func card(t *testing.T, s *session.Session) (*tour.Card, session.Status) {
	t.Helper()
	st := s.Status(0, session.Since{})
	c := st.Tour
	if c == nil {
		t.Fatal("no tour card in the status")
	}
	if err := c.Check(); err != nil {
		t.Fatalf("the text disagrees with its claims: %v", err)
	}
	if c.Claims == nil {
		return c, st
	}
	o := s.Observe(0)
	cl := c.Claims
	var hollow, solid []int64
	for _, n := range o.Neurons {
		if n.Reserve {
			hollow = append(hollow, n.ID)
		} else {
			solid = append(solid, n.ID)
		}
	}
	if cl.Cycle != o.Cycle {
		t.Fatalf("step %d claims cycle %d, the run is at %d", c.Step, cl.Cycle, o.Cycle)
	}
	if cl.Neurons == 0 { // the text does not describe the network
		return c, st
	}
	if cl.Neurons != o.N() || cl.Reserve != o.Reserve() || cl.Reserve != st.Reserve || cl.Neurons != st.Neurons {
		t.Fatalf("step %d claims cycle %d, %d neurons, %d in reserve; the run shows cycle %d, %d neurons, %d in reserve",
			c.Step, cl.Cycle, cl.Neurons, cl.Reserve, o.Cycle, o.N(), o.Reserve())
	}
	if !slices.Equal(cl.Hollow, nz(hollow)) || !slices.Equal(cl.Solid, nz(solid)) {
		t.Fatalf("step %d claims hollow %v solid %v; the run has %v and %v", c.Step, cl.Hollow, cl.Solid, hollow, solid)
	}
	if len(cl.Born) > 0 {
		if o.Added != len(cl.Born) {
			t.Fatalf("step %d claims born %v, the last cycle added %d", c.Step, cl.Born, o.Added)
		}
		for _, id := range cl.Born {
			if n := find(o, id); n == nil || n.Born != o.Cycle {
				t.Fatalf("step %d claims #%d was just born: %+v", c.Step, id, n)
			}
		}
	}
	if len(cl.Died) > 0 {
		if o.Deleted != len(cl.Died) || st.Died != len(cl.Died) {
			t.Fatalf("step %d claims deleted %v, the last cycle deleted %d", c.Step, cl.Died, o.Deleted)
		}
		for _, id := range cl.Died {
			if find(o, id) != nil {
				t.Fatalf("step %d claims #%d was deleted, it is there", c.Step, id)
			}
		}
	}
	return c, st
}

func nz(x []int64) []int64 {
	if x == nil {
		return []int64{}
	}
	return x
}

func find(o engine.Observation, id int64) *engine.Neuron {
	for i := range o.Neurons {
		if o.Neurons[i].ID == id {
			return &o.Neurons[i]
		}
	}
	return nil
}

// TestTourSaysWhatTheRunShows walks the whole tour on several runs: at
// every step the text's claims hold for the observation shown, a step
// about a birth or a death pauses at the cycle it happened, and the
// newborn is called hollow only when it is below the threshold.
func TestTourSaysWhatTheRunShows(t *testing.T) {
	for _, link := range []string{"seed=1", "seed=2&task=hard", "seed=3&preset=fixed&n=5", "seed=4&race=10", "seed=5&preset=paper-v1"} {
		t.Run(link, func(t *testing.T) {
			s, probs := session.New(link + "&play=1")
			if len(probs) > 0 {
				t.Fatal(probs)
			}
			s.Tour("start")
			c, st := card(t, s)
			if c.Step != 0 || st.Playing || st.Cycle != 0 || st.Task != "easy" || len(st.Runners) != 1 {
				t.Fatalf("step 0: %+v, status cycle %d task %s playing %v runners %d", c, st.Cycle, st.Task, st.Playing, len(st.Runners))
			}
			if !strings.Contains(st.Fragment, "tour=1") {
				t.Errorf("the link does not say the tour runs: %s", st.Fragment)
			}
			t.Logf("step 0: %s", c.Text)

			s.Tour("next") // a birth
			c, st = card(t, s)
			if !c.Waiting || c.Claims != nil || !st.Playing {
				t.Fatalf("step 1 does not wait for a birth: %+v", c)
			}
			play(t, s, 100000)
			c, st = card(t, s)
			if c.Waiting || len(c.Claims.Born) == 0 || st.Born == 0 {
				t.Fatalf("step 1 paused without a birth: %+v, born %d", c, st.Born)
			}
			for _, id := range c.Claims.Born {
				hollow := slices.Contains(c.Claims.Hollow, id)
				if says := strings.Contains(c.Text, "so it is drawn hollow: it is the new reserve"); says != hollow {
					t.Errorf("step 1: #%d hollow=%v, the text: %s", id, hollow, c.Text)
				}
			}
			t.Logf("step 1: %s", c.Text)

			s.Tour("next") // a death
			play(t, s, 100000)
			c, st = card(t, s)
			if c.Waiting || len(c.Claims.Died) == 0 || st.Died == 0 {
				t.Fatalf("step 2 paused without a death: %+v", c)
			}
			t.Logf("step 2: %s", c.Text)
			// Playing on past the event: the text is written again from
			// what is shown, in the past tense.
			s.Play()
			now := 1e6
			s.Tick(func() float64 { now++; return now })
			s.Pause()
			c, _ = card(t, s)
			if len(c.Claims.Died) != 0 || !strings.Contains(c.Text, "deleted at cycle") {
				t.Errorf("step 2 after playing on: %s", c.Text)
			}

			s.Tour("next") // the inspector, on the reserve neuron
			c, st = card(t, s)
			if st.Playing || c.Target != "#insp-main" || c.Inspect < 0 || !strings.Contains(c.Text, fmt.Sprintf("#%d", c.Inspect)) {
				t.Fatalf("step 3: playing %v, %+v", st.Playing, c)
			}
			if c.Claims.Reserve > 0 && !slices.Contains(c.Claims.Hollow, c.Inspect) {
				t.Errorf("step 3 inspects #%d, not the neuron in reserve %v", c.Inspect, c.Claims.Hollow)
			}
			if in := s.Inspect(0, c.Inspect); !in.Known || !in.Alive || !strings.Contains(c.Text, in.Strength[:4]) {
				t.Errorf("step 3 inspects #%d: %+v; the text: %s", c.Inspect, in, c.Text)
			}
			t.Logf("step 3: %s", c.Text)

			s.Tour("next") // the floor
			c, st = card(t, s)
			if st.Playing || c.Claims.Loss != st.Loss || c.Inspect != -1 {
				t.Fatalf("step 4: playing %v, %+v", st.Playing, c.Claims)
			}
			t.Logf("step 4: %s", c.Text)

			s.Tour("next") // the hard task
			c, st = card(t, s)
			base := st.Neurons
			if !c.Waiting || st.Task != "hard" || !st.Playing || c.Target != "#neuron-chart" {
				t.Fatalf("step 5: %+v, task %s", c, st.Task)
			}
			play(t, s, 400000)
			c, st = card(t, s)
			if st.Neurons != base+tour.Growth || c.Next != "Finish" {
				t.Fatalf("step 5 paused at %d neurons (from %d): %+v", st.Neurons, base, c)
			}
			t.Logf("step 5: %s", c.Text)

			s.Tour("next")
			st = s.Status(0, session.Since{})
			if st.Tour != nil || !st.Playing || strings.Contains(st.Fragment, "tour=1") {
				t.Fatalf("after Finish: tour %+v playing %v link %s", st.Tour, st.Playing, st.Fragment)
			}
		})
	}
}

// TestTourFromLinkAndEnd: a link with tour=1 opens on the first step; end
// stops it and the link forgets it; a new run mid-step forgets the event.
func TestTourFromLinkAndEnd(t *testing.T) {
	s, _ := session.New("tour=1&task=hard&speed=max")
	c, st := card(t, s)
	if c.Step != 0 || st.Task != "easy" || st.Speed != tour.WatchSpeed {
		t.Fatalf("tour=1: %+v task %s speed %s", c, st.Task, st.Speed)
	}
	s.Tour("next")
	play(t, s, 100000)
	c, _ = card(t, s)
	if len(c.Claims.Born) == 0 {
		t.Fatalf("no birth: %+v", c)
	}
	s.Reset() // the birth belonged to the old run: the step waits again
	c, _ = card(t, s)
	if !c.Waiting {
		t.Fatalf("after a reset the step still talks about the old run: %+v", c)
	}
	s.Tour("next") // on before the birth: the death step waits for its own event
	c, st = card(t, s)
	if c.Step != 2 || !c.Waiting || c.Claims != nil || !st.Playing {
		t.Fatalf("next before the event: %+v playing %v", c, st.Playing)
	}
	s.Tour("end")
	if st := s.Status(0, session.Since{}); st.Tour != nil || strings.Contains(st.Fragment, "tour=1") {
		t.Fatalf("after end: %+v %s", st.Tour, st.Fragment)
	}
	s.Tour("next") // ignored once ended
	if st := s.Status(0, session.Since{}); st.Tour != nil {
		t.Fatal("next restarted an ended tour")
	}
}

// TestCheckCatchesFalseText: Check refuses a text that disagrees with its claims.
func TestCheckCatchesFalseText(t *testing.T) {
	good := tour.Card{Step: 1, Claims: &tour.Claims{Cycle: 19, Neurons: 2, Reserve: 1, Hollow: []int64{2}, Solid: []int64{1}, Born: []int64{2}, Died: []int64{}},
		Text: "Neuron #2 was just born, at cycle 19: it grew in. #2 starts with strength 0.025, below the deletion threshold 0.05, so it is drawn hollow: it is the new reserve. At cycle 19 the network has 2 neurons, 1 in reserve (hollow: #2); solid: #1."}
	if err := good.Check(); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{
		strings.Replace(good.Text, "1 in reserve", "0 in reserve", 1),
		strings.Replace(good.Text, "(hollow: #2); solid: #1", "(hollow: #1); solid: #2", 1),
		strings.Replace(good.Text, "below the deletion threshold 0.05, so it is drawn hollow", "above the deletion threshold 0.05, so it is drawn solid", 1),
		strings.Replace(good.Text, "Neuron #2 was just born, at cycle 19", "Neuron #3 was just born, at cycle 19", 1),
		strings.Replace(good.Text, "At cycle 19 the", "At cycle 20 the", 1),
		good.Text + " Neuron #1 was just deleted, at cycle 19.",
		"Neuron #2 was just born.",
	} {
		c := good
		c.Text = bad
		if c.Check() == nil {
			t.Errorf("Check accepts %q", bad)
		}
	}
	wait := tour.Card{Text: "At cycle 3 the network has 1 neuron, 1 in reserve (hollow: #1); none solid."}
	if wait.Check() == nil {
		t.Error("Check accepts a waiting card that states the picture")
	}
}
