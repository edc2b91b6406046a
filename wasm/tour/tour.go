package tour

// Actions are what entering a step does to the run, applied by the session
// in this order: Pause, Solo, Grow, Task, Reset, Speed, Play.
type Actions struct {
	Pause bool   // pause the run
	Solo  bool   // end a race: the tour talks about one network
	Grow  bool   // a fixed-size preset is replaced by the paper's, which grows
	Task  string // switch to this task ("" keeps it)
	Reset bool   // start the run again from cycle 0
	Speed string // set the speed control ("" keeps it)
	Play  bool   // play the run
}

// Claims are what a card's text states about the picture, in a form a
// test can check against what the page and the view show.
type Claims struct {
	Cycle   int     `json:"cycle"`   // the cycle the text describes
	Neurons int     `json:"neurons"` // hidden neurons drawn (0: the text does not describe the network)
	Reserve int     `json:"reserve"` // neurons in reserve (below the threshold)
	Hollow  []int64 `json:"hollow"`  // the neurons drawn hollow
	Solid   []int64 `json:"solid"`   // the neurons drawn solid
	Born    []int64 `json:"born"`    // neurons the text says the last cycle added
	Died    []int64 `json:"died"`    // neurons the text says the last cycle deleted
	Loss    float64 `json:"loss"`    // the loss per symbol the text gives (0: none)
}

// Card is a step as the page shows it.
type Card struct {
	Step    int    `json:"step"` // 0-based
	Steps   int    `json:"steps"`
	Title   string `json:"title"`
	Text    string `json:"text"`
	Event   string `json:"event"`  // what the run is doing for the step, or what to press
	Target  string `json:"target"` // CSS selector of the part of the page the step is about
	Waiting bool   `json:"waiting"`
	Next    string `json:"next"` // the Next button's label
	// Claims is what Text states about the picture, nil when it states
	// nothing that the run can change (a step waiting for its event).
	Claims *Claims `json:"claims"`
	// Inspect is the neuron whose inspector the step opens (-1: none).
	Inspect int64 `json:"inspect"`
}

// step is one stop of the tour.
type step struct {
	title, target string
	enter         func(t *Tour) Actions
	// wait reports whether the step's event happened at f (before is the
	// cycle before's facts); nil when the step waits for nothing.
	wait func(t *Tour, before, f Facts) bool
	// waiting returns the text and the event line while the step waits.
	waiting func(t *Tour, f Facts) (text, event string)
	// shown returns the text about the picture once there is one to talk
	// about (at once for a step that waits for nothing).
	shown func(t *Tour, f Facts) (string, *Claims)
	// inspect returns the neuron whose inspector the step opens; nil for none.
	inspect func(f Facts) int64
}

// Tour is the guided tour's state: the step shown and what it saw.
type Tour struct {
	at    int   // the step shown, -1 before Start and after the end
	from  Facts // the facts when the step began
	prev  Facts // the facts of the last cycle watched
	event *event
}

// event is a step's awaited moment: the facts of the cycle before it and of its cycle.
type event struct{ before, after Facts }

// New returns a tour that has not started.
func New() *Tour { return &Tour{at: -1} }

// Steps returns the number of steps.
func Steps() int { return len(steps) }

// Active reports whether the tour is showing a step.
func (t *Tour) Active() bool { return t.at >= 0 && t.at < len(steps) }

// Step returns the step shown (0-based), -1 when none.
func (t *Tour) Step() int {
	if !t.Active() {
		return -1
	}
	return t.at
}

// Start shows the first step and returns what it does to the run; the
// session applies it and then calls Begin.
func (t *Tour) Start() Actions {
	t.at, t.event = 0, nil
	return steps[0].enter(t)
}

// Next moves to the next step and returns what it does to the run; done is
// true past the last step (the tour is over: the run plays on).
func (t *Tour) Next() (a Actions, done bool) {
	if !t.Active() {
		return Actions{}, true
	}
	t.at++
	t.event = nil
	if t.at >= len(steps) {
		t.at = -1
		return Actions{Play: true}, true
	}
	return steps[t.at].enter(t), false
}

// End stops the tour.
func (t *Tour) End() { t.at, t.event = -1, nil }

// Begin tells the tour the run as the step's actions left it (and again
// whenever the run starts over): the step waits for its event from here.
func (t *Tour) Begin(f Facts) {
	t.from, t.prev, t.event = f.clone(), f.clone(), nil
}

// Waiting reports whether the step shown waits for an event not seen yet:
// the session then calls Watch after every cycle.
func (t *Tour) Waiting() bool {
	return t.Active() && steps[t.at].wait != nil && t.event == nil
}

// Watch looks at the run after a cycle; it returns true when the step's
// event has just happened, and the session then pauses at this cycle.
func (t *Tour) Watch(f Facts) bool {
	before := t.prev
	t.prev = f.clone()
	if !t.Waiting() || !steps[t.at].wait(t, before, f) {
		return false
	}
	t.event = &event{before: before, after: t.prev}
	return true
}

// Card returns the step shown, written from f, the facts of the picture
// it is shown with; ok is false when the tour is not running.
func (t *Tour) Card(f Facts) (c Card, ok bool) {
	if !t.Active() {
		return Card{}, false
	}
	s := steps[t.at]
	c = newCard(t.at, len(steps), s.title, s.target)
	if t.Waiting() {
		c.Waiting = true
		c.Text, c.Event = s.waiting(t, f)
		if !f.Playing {
			c.Event = "The run is paused: press Play to go on watching."
		}
		return c, true
	}
	c.Text, c.Claims = s.shown(t, f)
	if s.inspect != nil {
		c.Inspect = s.inspect(f)
	}
	c.Event = shownEvent(c.Next, f.Playing, f.Cycle)
	return c, true
}

// newCard returns step at of steps, before its text: Next reads "Finish" on
// the last step, and no neuron is inspected.
func newCard(at, steps int, title, target string) Card {
	c := Card{Step: at, Steps: steps, Title: title, Target: target, Next: "Next", Inspect: -1}
	if at == steps-1 {
		c.Next = "Finish"
	}
	return c
}

// shownEvent is the event line under a step whose text is shown.
func shownEvent(next string, playing bool, cycle int) string {
	if !playing {
		return "Paused at cycle " + count(cycle) + ". Press " + next + " to go on."
	}
	return "Press " + next + " to go on."
}

// claims returns what a summary of f states.
func claims(f Facts) *Claims {
	return &Claims{Cycle: f.Cycle, Neurons: f.N(), Reserve: f.Reserve(), Hollow: f.Hollow(), Solid: f.Solid(),
		Born: []int64{}, Died: []int64{}}
}
