// Package race owns a run: a list of runners, networks trained side by side
// on the very same symbol stream. A normal run is a race of one; with
// fixed-size rivals it is the paper's figure 2 as a live contest: who reaches
// the lowest loss, and with how many neurons.
//
// The race steps its runners together, switches their task together, ranks
// them, and lets watchers read each runner only through a read-only
// engine.Observation: nobody outside gets the mutable engines.
package race

import (
	"fmt"
	"io"
	"sort"

	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/core/task"
)

// Limits on the number of fixed-size rivals of a race (a run of one has none).
const (
	MinRivals = 1
	MaxRivals = 3
)

// DefaultSizes are the paper's fixed sizes offered by default.
var DefaultSizes = []int{10, 37, 100}

// Race is a run: its runners stepped together, the main one first. It may
// be a part of a race (see Part): some of its runners, stepped elsewhere.
type Race struct {
	names []string
	eng   []*engine.Engine
	index []int // each runner's position in the whole race
	total int   // runners in the whole race
}

// New returns a race between a network trained with base (normally a growing
// one) and MinRivals..MaxRivals fixed-size rivals of the given sizes (Solo
// makes a run of one). Every runner
// uses base's seed, task and window, so all read the same symbols; the fixed
// ones use the fixed-size preset's hyperparameters.
func New(base engine.Config, sizes []int) (*Race, error) {
	all := make([]int, len(sizes)+1)
	for i := range all {
		all[i] = i
	}
	return Part(base, sizes, all)
}

// Part returns some runners of the race New(base, sizes) would make: those
// at the given positions (0 is the main one, i the rival of size
// sizes[i-1]), in increasing order. Each is built exactly as in the whole
// race, with the same name, so parts stepped in different places (Web
// Workers) run the whole race's runners bit for bit.
func Part(base engine.Config, sizes []int, indices []int) (*Race, error) {
	if len(sizes) < MinRivals || len(sizes) > MaxRivals {
		return nil, fmt.Errorf("race: %d fixed-size rivals (want %d..%d)", len(sizes), MinRivals, MaxRivals)
	}
	for _, n := range sizes {
		if n < 1 || n > engine.MaxNeurons {
			return nil, fmt.Errorf("race: fixed size %d is out of range (want 1..%d)", n, engine.MaxNeurons)
		}
	}
	if len(indices) == 0 {
		return nil, fmt.Errorf("race: a part with no runners")
	}
	r := &Race{total: len(sizes) + 1}
	for k, i := range indices {
		if i < 0 || i > len(sizes) || (k > 0 && i <= indices[k-1]) {
			return nil, fmt.Errorf("race: runner positions %v (want increasing, 0..%d)", indices, len(sizes))
		}
		cfg, name := base, Names(base, sizes)[i]
		if i > 0 {
			c, err := engine.Preset(engine.PresetFixed, sizes[i-1])
			if err != nil {
				return nil, err
			}
			c.Seed, c.Task, c.Window = base.Seed, base.Task, base.Window
			cfg = c
		}
		e, err := engine.New(cfg)
		if err != nil {
			return nil, err
		}
		r.names, r.eng, r.index = append(r.names, name), append(r.eng, e), append(r.index, i)
	}
	return r, nil
}

// Names returns the names of the runners of the race New(base, sizes)
// makes, in race order.
func Names(base engine.Config, sizes []int) []string {
	main := "growing"
	if base.Rule == engine.RuleFixed {
		main = fmt.Sprintf("main, fixed %d", base.InitNeurons) // the fixed preset races too
	}
	out := []string{main}
	for _, n := range sizes {
		out = append(out, fmt.Sprintf("fixed %d", n))
	}
	return out
}

// Solo returns a run of one network trained with base.
func Solo(base engine.Config) (*Race, error) {
	e, err := engine.New(base)
	if err != nil {
		return nil, err
	}
	return Of(e), nil
}

// Of returns a run of one on an existing engine (a loaded network, say),
// which the run then owns.
func Of(e *engine.Engine) *Race {
	name := "growing"
	if e.Config().Rule == engine.RuleFixed {
		name = fmt.Sprintf("fixed %d", e.Config().InitNeurons)
	}
	return &Race{names: []string{name}, eng: []*engine.Engine{e}, index: []int{0}, total: 1}
}

// Total returns the number of runners of the whole race this is a part of
// (Len for a whole race).
func (r *Race) Total() int { return r.total }

// Index returns runner i's position in the whole race.
func (r *Race) Index(i int) int { return r.index[i] }

// Len returns the number of runners (1 for a normal run).
func (r *Race) Len() int { return len(r.eng) }

// Name returns runner i's name: "growing", "fixed N" or "main, fixed N".
func (r *Race) Name(i int) string { return r.names[i] }

// Hook wraps one runner's step, for example to time it; it must call step
// exactly once and return its error.
type Hook func(i int, step func() error) error

// Step runs one cycle of every runner, each through hook when it is not nil.
func (r *Race) Step(hook Hook) error {
	for i, e := range r.eng {
		var err error
		if hook != nil {
			err = hook(i, e.Step)
		} else {
			err = e.Step()
		}
		if err != nil {
			if len(r.eng) > 1 {
				return fmt.Errorf("%s: %w", r.names[i], err)
			}
			return err
		}
	}
	return nil
}

// SetTask switches every runner to a new task at the same cycle, so they
// keep reading the same symbols. On an error no runner has switched.
func (r *Race) SetTask(spec task.Spec) error {
	for i, e := range r.eng {
		if err := e.SetTask(spec); err != nil {
			if i > 0 { // the runners share an alphabet, so only the first can refuse
				return fmt.Errorf("race: runner %s refused the task the others took: %w", r.names[i], err)
			}
			return err
		}
	}
	return nil
}

// Digest returns runner i's digest (engine.Digest), without a whole observation.
func (r *Race) Digest(i int) uint64 { return r.eng[i].Digest() }

// Observe fills o with runner i as it stands.
func (r *Race) Observe(i int, o *engine.Observation) { r.eng[i].Observe(o) }

// Changes returns the neuron ids runner i's last step added and deleted,
// for watchers that keep the run's structural history. The slices are
// read-only and valid until the next Step.
func (r *Race) Changes(i int) (added, deleted []int64) {
	return r.eng[i].Added(), r.eng[i].Deleted()
}

// Strengths returns runner i's neuron strengths by index (read-only, valid
// until the next Step).
func (r *Race) Strengths(i int) []float64 { return r.eng[i].Strengths() }

// Terms returns the terms of runner i's neuron id's strength, for showing
// the rule at work (false when it has no such neuron).
func (r *Race) Terms(i int, id int64) (engine.Terms, bool) { return r.eng[i].StrengthTerms(id) }

// Structure returns what runner i's last structural step saw and did.
func (r *Race) Structure(i int) engine.Structure { return r.eng[i].LastStructure() }

// IDs returns runner i's neuron ids by index (read-only, valid until the next Step).
func (r *Race) IDs(i int) []int64 { return r.eng[i].IDs() }

// Config returns the main runner's configuration (with the current task).
func (r *Race) Config() engine.Config { return r.eng[0].Config() }

// Cycle returns the number of cycles every runner has completed.
func (r *Race) Cycle() int { return r.eng[0].Cycle() }

// Phases returns the current task's phases with their start cycles in the run.
func (r *Race) Phases() []task.Phase { return r.eng[0].Phases() }

// Floor returns the current phase's entropy floor in nats per symbol (NaN if unknown).
func (r *Race) Floor() float64 { return r.eng[0].Floor() }

// Sample returns n symbols generated by the main runner; it changes nothing.
func (r *Race) Sample(n int) string { return r.eng[0].Sample(n) }

// Save writes the main runner's network (engine.Save's format).
func (r *Race) Save(w io.Writer) error { return r.eng[0].Save(w) }

// Standing is one runner's place in the race.
type Standing struct {
	Index   int // the runner's position in the run
	Name    string
	Rank    int     // 1 for the leader
	Loss    float64 // smoothed loss per window
	Neurons int
	Behind  float64 // loss above the leader's, per window (0 for the leader)
}

// Standings returns the runners ordered by smoothed loss, best first (a
// part's Index is the runner's position in the whole race).
func (r *Race) Standings() []Standing {
	out := make([]Standing, len(r.eng))
	for i, e := range r.eng {
		out[i] = Standing{Index: r.index[i], Name: r.names[i], Loss: e.Loss(), Neurons: e.N()}
	}
	Rank(out)
	return out
}

// Rank orders standings gathered from the parts of a race (taken at the
// same cycle) by loss, best first, and sets their Rank and Behind.
func Rank(out []Standing) {
	sort.SliceStable(out, func(i, j int) bool { return out[i].Loss < out[j].Loss })
	for i := range out {
		out[i].Rank = i + 1
		out[i].Behind = out[i].Loss - out[0].Loss
	}
}

// Changed returns how many neurons runner i's last step added and deleted,
// without observing the whole network (the lesson pace asks every cycle).
func (r *Race) Changed(i int) (added, deleted int) {
	return len(r.eng[i].Added()), len(r.eng[i].Deleted())
}
