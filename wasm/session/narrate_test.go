package session

import (
	"slices"
	"strings"
	"testing"
)

// playNarrated plays r at the lesson pace as the worker does (Tick, wait the
// delay it asks for, a status now and then) on a fake clock, until the
// status's speech tells a birth, and returns that status.
func playNarrated(t *testing.T, r Run, seconds float64) Status {
	t.Helper()
	now := 1000.0
	clock := func() float64 { now += 0.05; return now }
	seq := r.Status(now, Since{}).Speech.Seq
	for end := now + seconds*1000; now < end; {
		d := r.Tick(clock)
		st := r.Status(now, Since{})
		if st.Speech.Seq != seq && len(st.Speech.Born) > 0 {
			return st
		}
		seq = st.Speech.Seq
		if d < 0 {
			t.Fatal("the run stopped asking for ticks")
		}
		now += max(d, 1)
	}
	t.Fatalf("no birth told in %.0f s (last: %+v)", seconds, r.Status(now, Since{}).Speech)
	return Status{}
}

// At the lesson pace a birth is told in the status of its own cycle: the
// neuron count the sentence states is the status's (the counter's), and the
// ids it names are the neurons the observation added.
func TestSpeechTellsTheBirthTheStatusShows(t *testing.T) {
	s, _ := New("task=hard&seed=2&speed=lesson&play=1")
	before := map[int64]bool{}
	for _, n := range s.Observe(0).Neurons {
		before[n.ID] = true
	}
	st := playNarrated(t, s, 60)
	if st.Speech.Neurons != st.Neurons || st.Speech.Cycle != st.Cycle {
		t.Errorf("speech %+v, status at cycle %d with %d neurons", st.Speech, st.Cycle, st.Neurons)
	}
	var added []int64
	for _, n := range s.Observe(0).Neurons {
		if n.Born == st.Cycle {
			added = append(added, n.ID)
		}
	}
	if !slices.Equal(st.Speech.Born, added) {
		t.Errorf("the speech names %v born, the observation added %v", st.Speech.Born, added)
	}
	if !strings.Contains(st.Speech.Text, countNeurons(st.Neurons)+" now.") {
		t.Errorf("speech %q does not end with the count %d", st.Speech.Text, st.Neurons)
	}
	if !strings.Contains(st.Summary, countNeurons(st.Neurons)) || !strings.Contains(st.Summary, "hard task") {
		t.Errorf("summary %q", st.Summary)
	}
}

func TestFFSpeechTellsTheBirthTheStatusShows(t *testing.T) {
	l := openFF(t, "#model=ff&data=circle&seed=1&speed=lesson&play=1")
	st := playNarrated(t, l, 120)
	if st.Speech.Neurons != st.Neurons || st.Speech.Cycle != st.Cycle {
		t.Errorf("speech %+v, status at cycle %d with %d neurons", st.Speech, st.Cycle, st.Neurons)
	}
	if !strings.Contains(st.Speech.Text, "layer") || !strings.Contains(st.Summary, "Feed-forward network") {
		t.Errorf("speech %q, summary %q", st.Speech.Text, st.Summary)
	}
}

// Pausing is told at the next Tick (the worker ticks after every command).
func TestSpeechTellsPause(t *testing.T) {
	s, _ := New("task=easy&seed=1&speed=max&play=1")
	clock := stepClock(0.5)
	s.Tick(clock)
	s.Pause()
	s.Tick(clock)
	if sp := s.Status(0, Since{}).Speech; !strings.HasPrefix(sp.Text, "Paused at cycle ") {
		t.Errorf("after a pause the speech is %q", sp.Text)
	}
}

// A race's summary says the main network has rivals (it narrates only the main one).
func TestSummaryNamesTheRace(t *testing.T) {
	s, probs := New("task=easy&seed=1&race=10,20")
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	if sum := s.Status(0, Since{}).Summary; !strings.Contains(sum, "It races 2 networks of fixed size") {
		t.Errorf("race summary %q", sum)
	}
}
