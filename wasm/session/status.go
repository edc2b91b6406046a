package session

import (
	"fmt"
	"math"

	"github.com/diffstruct/diffstruct/wasm/narrate"
	"github.com/diffstruct/diffstruct/wasm/pace"
	"github.com/diffstruct/diffstruct/wasm/tour"
)

// Status is what the page shows, sent as JSON. The window the networks read
// and their predictions are not in it: they travel once, in the graph
// snapshot (AppendGraph).
type Status struct {
	// Kind is the model family: linkstate.ModelSequence, or ModelFF with
	// its numbers in FF (then Loss is the train loss, Neurons every hidden
	// layer's, Window 1 and Task the data set).
	Kind       string       `json:"kind"`
	FF         *FFStatus    `json:"ff,omitempty"`
	Cycle      int          `json:"cycle"`
	Neurons    int          `json:"neurons"`
	Loss       float64      `json:"loss"`        // smoothed, nats per symbol
	LossWindow float64      `json:"loss_window"` // smoothed, nats per window
	Floor      *float64     `json:"floor"`       // nats per symbol; null when unknown
	Window     int          `json:"window"`
	Task       string       `json:"task"`  // the task now being learned
	Phase      string       `json:"phase"` // easy, hard or custom
	Playing    bool         `json:"playing"`
	Stopped    bool         `json:"stopped"`               // paused by the stop key
	Speed      string       `json:"speed"`                 // the speed control's name (a linkstate.Speeds name)
	Rate       float64      `json:"rate"`                  // the speed control's symbols per second (0: max)
	SlowMotion bool         `json:"slow_motion,omitempty"` // a cycle takes more than a second: name the speed, not the measured cycles/s
	Cursor     int          `json:"cursor"`                // the window position shown now (-1: none), see package pace
	CPS        float64      `json:"cps"`                   // measured training cycles per second (0 when paused)
	Threshold  float64      `json:"threshold"`
	Fragment   string       `json:"fragment"`
	Digest     string       `json:"digest"` // fingerprint of the main runner's whole numerical state
	Error      string       `json:"error,omitempty"`
	Notice     string       `json:"notice,omitempty"`
	NoticeID   int          `json:"notice_id"` // changes with every new notice
	Sample     string       `json:"sample"`    // text the network generates now
	Segments   []Segment    `json:"segments"`
	History    HistDelta    `json:"history"`
	Reserve    int          `json:"reserve"`          // neurons below threshold
	Born       int          `json:"born"`             // neurons added by the last cycle
	Died       int          `json:"died"`             // neurons deleted by the last cycle
	Runners    []Runner     `json:"runners"`          // every network of the run, the main one first
	Loaded     string       `json:"loaded,omitempty"` // the network file the run continues
	Timeline   TimelineInfo `json:"timeline"`         // the structural history's extent (see Session.At)
	Workers    int          `json:"workers"`          // Web Workers stepping the run's runners
	// WarmTo is the cycle a warm-start link's run is being trained to
	// before it is shown (the at key); 0 once it is there.
	WarmTo int `json:"warm_to,omitempty"`
	// Holding says the lesson pace holds the run still after a birth or a
	// death (Born and Died say which), so the view can show it.
	Holding bool `json:"holding,omitempty"`

	// Tour is the guided tour's step, written from this status's observation.
	Tour *tour.Card `json:"tour,omitempty"`

	// Speech is the live region's newest sentence (package narrate), and
	// Summary the drawing's text equivalent, written from this status's
	// observation.
	Speech  narrate.Speech `json:"speech"`
	Summary string         `json:"summary"`
}

// Since says which chart points the page already holds: the history epoch
// and how many of its points. The zero value asks for everything.
type Since struct {
	Epoch int `json:"epoch"`
	Have  int `json:"have"`
}

// HistDelta carries the chart points the page has not seen yet; Reset says
// to drop what it has first.
type HistDelta struct {
	Reset  bool    `json:"reset"`
	From   int     `json:"from"` // the index of the first point (the page drops any it holds from there)
	Points []Point `json:"points"`
	Now    Point   `json:"now"`  // the latest state, between recorded points
	Next   Since   `json:"next"` // what the page holds once it has taken these points
}

// Status returns the page's view of the run at time now (ms), with the
// chart points after since. It changes nothing.
func (s *Session) Status(now float64, since Since) Status {
	n := s.m.Numbers(0, false)
	born, died := s.m.Changed()
	o := s.observe(0) // for what only this family shows: the window, the phase, the error
	cfg := s.run.Config()
	st := Status{
		Kind: s.m.Kind(), Cycle: n.Cycle, Neurons: n.Neurons, Loss: o.LossPerSymbol, LossWindow: n.Loss,
		Window: cfg.Window, Task: cfg.Task.Kind, Phase: o.Phase,
		Playing: s.playing, Stopped: s.stopped, Speed: s.st.Speed, Rate: s.Rate(), Threshold: n.Threshold,
		Fragment: s.Fragment(), Digest: fmt.Sprintf("%016x", n.Digest), Notice: s.notice, NoticeID: s.notices,
		Segments: s.segs, Sample: s.sample, Reserve: n.Reserve, Born: born, Died: died, Loaded: s.loaded,
	}
	st.Cursor = pace.Cursor(st.Rate, len(o.Inputs), s.cycleAt/1000, now/1000)
	st.SlowMotion = pace.SlowMotion(st.Rate, cfg.Window)
	if f := s.run.Floor(); !math.IsNaN(f) {
		st.Floor = &f
	}
	if o.Err != nil {
		st.Error = o.Err.Error()
	}
	s.paceStatus(&st, now, s.Warming())
	if s.Warming() {
		st.WarmTo = s.st.At
	}
	st.History = delta(s.hist, since, s.point())
	st.Runners, st.Workers = s.runners(), s.Workers()
	st.Timeline = s.tl.Info()
	st.Tour = s.tourCard(o)
	st.Speech, st.Summary = s.narr.n.Speech(), narrate.Summary(s.narrateFacts(o))
	return st
}

// countNeurons writes n neurons in words: "1 neuron", "7 neurons".
func countNeurons(n int) string {
	if n == 1 {
		return "1 neuron"
	}
	return fmt.Sprintf("%d neurons", n)
}
