package session

import (
	"github.com/diffstruct/diffstruct/wasm/tour"
)

// Tour applies the page's tour buttons ("start", "next", "end") to a
// feed-forward run: package tour's FFTour decides what each step does and
// says, as Session.Tour does for the recurrent family.
func (l *Layered) Tour(action string) {
	switch action {
	case "start":
		if l.tour == nil {
			l.tour = tour.NewFF()
		}
		l.tourApply(l.tour.Start())
	case "next":
		if l.tour == nil || !l.tour.Active() {
			return
		}
		a, _ := l.tour.Next()
		l.tourApply(a)
	case "end":
		if l.tour != nil {
			l.tour.End()
		}
	}
}

// tourApply does what entering a step asks, then tells the tour the run.
func (l *Layered) tourApply(a tour.Actions) {
	if a.Pause {
		l.Pause()
	}
	if a.Solo && l.m.Len() > 1 {
		l.Set("race", "off")
	}
	if a.Reset {
		l.Reset()
	}
	if a.Speed != "" {
		l.Set("speed", a.Speed)
	}
	if a.Play {
		l.Play()
	}
	if l.tour.Active() {
		l.tour.Begin(l.tourFacts())
	}
}

// tourFacts returns the tour's facts of the growing network now.
func (l *Layered) tourFacts() tour.FFFacts {
	n := l.mainNumbers()
	f := tour.FFFacts{Cycle: n.Cycle, Playing: l.playing, Data: l.st.FF.DataKind(), Regression: n.Regression,
		Widths: n.Widths, Threshold: n.Threshold, TrainLoss: n.Loss, TestLoss: n.TestLoss,
		TestPoints: n.Test, Accuracy: n.TestAccuracy}
	if n.Test == 0 {
		f.Accuracy = n.Accuracy
	}
	if m, ok := l.m.(*ffModel); ok {
		net := m.nets[0]
		f.Gains = net.Multipliers()
		for layer := range net.Layers() {
			r := 0
			for _, s := range net.Strengths(layer) {
				if s < n.Threshold {
					r++
				}
			}
			f.Reserve = append(f.Reserve, r)
		}
	}
	return f
}

// tourWatch shows the tour the cycle just run when a step waits for an
// event, and pauses if it happened.
func (l *Layered) tourWatch() {
	if l.tour == nil || !l.tour.Waiting() {
		return
	}
	if l.tour.Watch(l.tourFacts()) {
		l.Pause()
	}
}

// tourCard returns the tour's step written from the run now; nil when no
// tour runs.
func (l *Layered) tourCard() *tour.Card {
	if l.tour == nil {
		return nil
	}
	c, ok := l.tour.Card(l.tourFacts())
	if !ok {
		return nil
	}
	return &c
}
