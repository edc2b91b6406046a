// Package tempo decides the lesson pace: how many training cycles per
// second the page may run at a given moment so that a person can follow the
// network's growth. Between structural events (a neuron born or deleted) the
// run goes as fast as the machine allows; each event holds the run still
// while the view animates it, then lets it go on slowly and ramps back up.
//
// Times are in seconds on any clock (the worker passes performance.now);
// the package keeps no clock of its own, so it is tested with a fake one.
package tempo

import "math"

// Lesson pace parameters, in seconds and cycles per second.
const (
	// Hold is how long the run stands still after a birth or a death: the
	// view's birth (1.2 s) and death (0.9 s) animations play, and the next
	// event can come no sooner.
	Hold = 1.0
	// Slow is how long the run then goes on at SlowRate, so the new
	// network is seen working before it speeds up.
	Slow = 0.6
	// SlowRate is the rate, in cycles per second, after the hold.
	SlowRate = 20.0
	// Ramp is how long the rate takes to grow from SlowRate to FastRate,
	// geometrically; after it the run goes as fast as the machine allows.
	Ramp = 2.0
	// FastRate is the rate at the end of the ramp.
	FastRate = 3000.0
)

// Pacer holds the time of the last event. The zero value has seen no event
// and allows full speed; Start begins a lesson.
type Pacer struct {
	at   float64 // the time of the last event (or start)
	hold bool    // the last mark holds the run (an event, not a start)
	set  bool
}

// Start begins (or resumes) a lesson at time now: slowly, then ramping up,
// without a hold.
func (p *Pacer) Start(now float64) { p.at, p.hold, p.set = now, false, true }

// Event records a birth or death at time now: the run holds still.
func (p *Pacer) Event(now float64) { p.at, p.hold, p.set = now, true, true }

// Rate returns the cycles per second allowed at time now: 0 while holding,
// +Inf when the run may go as fast as possible.
func (p *Pacer) Rate(now float64) float64 {
	if !p.set {
		return math.Inf(1)
	}
	t := now - p.at
	if p.hold {
		if t < Hold {
			return 0
		}
		t -= Hold
	}
	switch {
	case t < Slow:
		return SlowRate
	case t < Slow+Ramp:
		return SlowRate * math.Pow(FastRate/SlowRate, (t-Slow)/Ramp)
	}
	return math.Inf(1)
}

// Wait returns the seconds from now until the run may move again (0 when
// it may now).
func (p *Pacer) Wait(now float64) float64 {
	if p.set && p.hold && now-p.at < Hold {
		return p.at + Hold - now
	}
	return 0
}
