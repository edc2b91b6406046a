package session

import (
	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/wasm/tour"
)

// Tour applies the page's tour buttons: "start", "next" or "end". The tour
// (package tour) decides what each step does to the run and says; the
// session applies its actions and, while a step waits for an event, shows
// it every cycle and pauses at the cycle the event happens.
func (s *Session) Tour(action string) {
	switch action {
	case "start":
		if s.tour == nil {
			s.tour = tour.New()
		}
		s.tourApply(s.tour.Start())
		s.st.Tour = true
	case "next":
		if s.tour == nil || !s.tour.Active() {
			return
		}
		a, done := s.tour.Next()
		s.tourApply(a)
		if done {
			s.st.Tour = false
		}
	case "end":
		if s.tour != nil {
			s.tour.End()
		}
		s.st.Tour = false
	}
}

// tourApply does what entering a step asks, then tells the tour the run as it stands.
func (s *Session) tourApply(a tour.Actions) {
	if a.Pause {
		s.Pause()
	}
	if a.Solo && s.run.Total() > 1 {
		s.Set("race", "off")
	}
	if a.Grow && s.st.Preset == "fixed" {
		s.Set("preset", "paper")
	}
	if a.Task != "" {
		s.Set("task", a.Task)
	}
	if a.Reset {
		s.Reset()
	}
	if a.Speed != "" {
		s.Set("speed", a.Speed)
	}
	if a.Play {
		s.Play()
	}
	if s.tour.Active() {
		s.tour.Begin(s.tourFacts(s.observe(0)))
	}
}

// tourFacts returns the tour's facts of the main runner's observation o.
func (s *Session) tourFacts(o *engine.Observation) tour.Facts {
	f := tour.FactsOf(o, s.run.Config(), s.run.Floor(), s.st.Speed)
	f.Playing = s.playing
	return f
}

// tourWatch shows the tour the cycle just run, when a step waits for an
// event, and pauses if it happened: the picture then holds still on it.
func (s *Session) tourWatch() {
	if s.tour == nil || !s.tour.Waiting() {
		return
	}
	if s.tour.Watch(s.tourFacts(s.observe(0))) {
		s.Pause()
	}
}

// tourRestart tells the tour a new run started (a reset or a new setting
// mid-tour): what a step saw belonged to the old run.
func (s *Session) tourRestart() {
	if s.tour != nil && s.tour.Active() {
		s.tour.Begin(s.tourFacts(s.observe(0)))
	}
}

// tourCard returns the tour's step written from o, the observation the
// status and the snapshot show; nil when no tour runs.
func (s *Session) tourCard(o *engine.Observation) *tour.Card {
	if s.tour == nil {
		return nil
	}
	c, ok := s.tour.Card(s.tourFacts(o))
	if !ok {
		return nil
	}
	return &c
}
