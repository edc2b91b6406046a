package session

import (
	"math"

	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/wasm/linkstate"
	"github.com/diffstruct/diffstruct/wasm/narrate"
)

// NarrateEvery is how often, in ms, a Tick shows the narrator the run
// (package narrate decides what, if anything, to say); a Tick that ends on
// a birth or a death, or finds the run paused, shows it at once.
const NarrateEvery = 250.0

// narration is a run's narrator and when it last looked.
type narration struct {
	n      narrate.Narrator
	at     float64 // ms
	looked bool
}

// due reports whether the narrator should look at time now (ms).
func (x *narration) due(now float64, changed, playing bool) bool {
	if !x.looked || changed || !playing || now-x.at >= NarrateEvery || now < x.at {
		x.at, x.looked = now, true
		return true
	}
	return false
}

// lessonPace reports whether speed is the lesson pace.
func lessonPace(speed string) bool {
	sp, _ := linkstate.SpeedByName(speed)
	return sp.Lesson
}

// narrateFacts returns the narrator's facts of the main runner's observation o.
func (s *Session) narrateFacts(o *engine.Observation) narrate.Facts {
	f := narrate.Facts{Family: narrate.Sequence, Run: s.resets, Cycle: o.Cycle, Task: s.run.Config().Task.Kind,
		Loss: o.LossPerSymbol, Floor: s.run.Floor(), Playing: s.playing, Lesson: lessonPace(s.st.Speed), Warming: s.Warming(),
		Rivals: s.run.Total() - 1}
	f.Neurons = make([]narrate.Neuron, len(o.Neurons))
	for i, n := range o.Neurons {
		f.Neurons[i] = narrate.Neuron{ID: n.ID, Strength: n.Strength, Born: n.Born, Reserve: n.Reserve}
	}
	return f
}

// narrate shows the narrator the run at time now (ms), when due.
func (s *Session) narrate(now float64) {
	a, d := s.m.Changed()
	if s.narr.due(now, a+d > 0, s.playing) {
		s.narr.n.Observe(now/1000, s.narrateFacts(s.observe(0)))
	}
}

// narrateFacts returns the narrator's facts of the growing network now;
// full adds the accuracy (which evaluates every point: the status's, not
// every Tick's).
func (l *Layered) narrateFacts(full bool) narrate.Facts {
	var nb Numbers
	if full {
		nb = l.mainNumbers()
	} else {
		nb = l.m.Numbers(0, false)
	}
	f := narrate.Facts{Family: narrate.FF, Run: l.resets, Cycle: nb.Cycle, Task: l.st.FF.DataKind(), Widths: nb.Widths,
		Loss: nb.Loss, TestLoss: nb.TestLoss, Test: nb.Test > 0, Floor: math.NaN(), Playing: l.playing,
		Lesson: lessonPace(l.st.Speed), Rivals: l.m.Len() - 1}
	if full && !nb.Regression {
		f.HasAccuracy, f.Accuracy = true, nb.Accuracy
		if nb.Test > 0 {
			f.Accuracy = nb.TestAccuracy
		}
	}
	if net := l.ffNet(); net != nil {
		for li := range net.Widths() {
			ids, born, str := net.IDs(li), net.Born(li), net.Strengths(li)
			for j, id := range ids {
				f.Neurons = append(f.Neurons, narrate.Neuron{ID: id, Layer: li, Strength: str[j], Born: born[j], Reserve: str[j] < nb.Threshold})
			}
		}
	}
	return f
}

// narrate shows the narrator the growing network at time now (ms), when due.
func (l *Layered) narrate(now float64) {
	a, d := l.m.Changed()
	if l.narr.due(now, a+d > 0, l.playing) {
		l.narr.n.Observe(now/1000, l.narrateFacts(false))
	}
}
