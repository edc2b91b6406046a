// Package tour is the demo page's guided tour: five steps that walk a
// newcomer through a live run (one neuron, a birth, a death, the entropy
// floor, a harder task). Every sentence a step shows is written from Facts,
// taken from the same observation the network view draws, or from an event
// the tour saw happen (a birth, a death) with the facts of the cycle before
// and the cycle of it. A step that talks about an event waits for it: the
// session runs the network until the tour's Watch sees it, then pauses at
// that very cycle, so the picture holds still on what the text describes.
//
// The package decides and writes; the session (wasm/session) applies the
// tour's Actions to the run and calls Watch after every cycle; the page
// (web/teach.js) only shows the Card.
package tour

import (
	"math"

	"github.com/diffstruct/diffstruct/core/engine"
)

// Neuron is one hidden neuron as the view draws it.
type Neuron struct {
	ID       int64
	Strength float64
	Hollow   bool // below the deletion threshold: drawn hollow, in reserve
	Born     int  // the cycle it was added at
}

// Facts is what one observation of the run shows: the only source of the
// sentences a card states about the picture.
type Facts struct {
	Cycle      int
	Task       string // the task being learned (easy, hard, ...)
	Neurons    []Neuron
	Added      int     // neurons the last cycle added
	Deleted    int     // neurons the last cycle deleted
	Threshold  float64 // the deletion threshold T_D
	Keep       int     // reserve neurons the rule keeps (k)
	PAdd       float64 // per-cycle probability of adding one when the reserve is short
	PDel       float64 // per-cycle probability of deleting each extra reserve neuron
	PSpont     float64 // per-cycle probability of a spontaneous addition
	Grows      bool    // the rule changes the network's size (not a fixed-size preset)
	Multiplier bool    // strength is an explicit multiplier (the paper's v1), not the outgoing weights
	Loss       float64 // smoothed loss, nats per symbol
	Start      float64 // the loss of a blind guess, ln(alphabet size), nats per symbol
	Floor      float64 // the task's entropy floor in nats per symbol, NaN when unknown
	Window     int     // symbols per cycle
	Speed      string  // the speed control's name
	Playing    bool    // the run is playing (set by the caller)
}

// FactsOf returns the facts of observation o of a run configured by cfg,
// whose task's entropy floor is floor (nats per symbol, NaN when unknown)
// and speed control is speed. It copies what it keeps.
func FactsOf(o *engine.Observation, cfg engine.Config, floor float64, speed string) Facts {
	f := Facts{
		Cycle: o.Cycle, Task: cfg.Task.Kind, Added: o.Added, Deleted: o.Deleted,
		Threshold: o.Threshold, Keep: cfg.Reserve, PAdd: cfg.PAdd, PDel: cfg.PDel, PSpont: cfg.PSpontaneous,
		Grows: cfg.Rule != engine.RuleFixed, Multiplier: cfg.Rule == engine.RuleV1, Loss: o.LossPerSymbol, Floor: floor, Window: cfg.Window, Speed: speed,
		Start: math.Log(float64(max(len(o.Alphabet), 1))),
	}
	f.Neurons = make([]Neuron, len(o.Neurons))
	for i, n := range o.Neurons {
		f.Neurons[i] = Neuron{ID: n.ID, Strength: n.Strength, Hollow: n.Reserve, Born: n.Born}
	}
	return f
}

// N returns the number of neurons.
func (f Facts) N() int { return len(f.Neurons) }

// Hollow returns the ids of the neurons below the threshold (the reserve).
func (f Facts) Hollow() []int64 { return f.ids(true) }

// Solid returns the ids of the neurons at or above the threshold.
func (f Facts) Solid() []int64 { return f.ids(false) }

func (f Facts) ids(hollow bool) []int64 {
	out := []int64{}
	for _, n := range f.Neurons {
		if n.Hollow == hollow {
			out = append(out, n.ID)
		}
	}
	return out
}

// Reserve returns the number of neurons in reserve.
func (f Facts) Reserve() int { return len(f.Hollow()) }

// Born returns the ids of the neurons the last cycle added.
func (f Facts) Born() []int64 {
	out := []int64{}
	if f.Added == 0 {
		return out
	}
	for _, n := range f.Neurons {
		if n.Born == f.Cycle {
			out = append(out, n.ID)
		}
	}
	return out
}

// Neuron returns the neuron with the given id.
func (f Facts) Neuron(id int64) (Neuron, bool) {
	for _, n := range f.Neurons {
		if n.ID == id {
			return n, true
		}
	}
	return Neuron{}, false
}

// Gone returns the ids of before's neurons that f no longer has.
func (f Facts) Gone(before Facts) []int64 {
	out := []int64{}
	for _, n := range before.Neurons {
		if _, ok := f.Neuron(n.ID); !ok {
			out = append(out, n.ID)
		}
	}
	return out
}

// clone returns a copy that shares no memory with f.
func (f Facts) clone() Facts {
	f.Neurons = append([]Neuron(nil), f.Neurons...)
	return f
}
