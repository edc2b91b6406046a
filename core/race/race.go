// Package race trains a growing network and fixed-size ones side by side on
// the very same symbol stream, the paper's figure 2 as a live contest: who
// reaches the lowest loss, and with how many neurons.
package race

import (
	"fmt"
	"sort"

	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/core/task"
)

// Limits on the number of fixed-size rivals.
const (
	MinRivals = 1
	MaxRivals = 3
)

// DefaultSizes are the paper's fixed sizes shown by default.
var DefaultSizes = []int{10, 37, 100}

// Runner is one network in the race.
type Runner struct {
	Name   string // "growing" or "fixed N"
	Engine *engine.Engine
}

// Race steps its runners together.
type Race struct {
	runners []Runner
}

// New returns a race between a network trained with base (normally a growing
// one) and fixed-size networks of the given sizes. Every runner uses base's
// seed, task and window, so all read the same symbols; the fixed ones use the
// fixed-size preset's hyperparameters.
func New(base engine.Config, sizes []int) (*Race, error) {
	if len(sizes) < MinRivals || len(sizes) > MaxRivals {
		return nil, fmt.Errorf("race: %d fixed-size rivals (want %d..%d)", len(sizes), MinRivals, MaxRivals)
	}
	grower, err := engine.New(base)
	if err != nil {
		return nil, err
	}
	r := &Race{runners: []Runner{{Name: "growing", Engine: grower}}}
	for _, n := range sizes {
		cfg, err := engine.Preset(engine.PresetFixed, n)
		if err != nil {
			return nil, err
		}
		if n < 1 || n > engine.MaxNeurons {
			return nil, fmt.Errorf("race: fixed size %d is out of range (want 1..%d)", n, engine.MaxNeurons)
		}
		cfg.Seed, cfg.Task, cfg.Window = base.Seed, base.Task, base.Window
		e, err := engine.New(cfg)
		if err != nil {
			return nil, err
		}
		r.runners = append(r.runners, Runner{Name: fmt.Sprintf("fixed %d", n), Engine: e})
	}
	return r, nil
}

// Runners returns the runners, the growing one first.
func (r *Race) Runners() []Runner { return r.runners }

// Step runs one cycle of every runner.
func (r *Race) Step() error {
	for _, x := range r.runners {
		if err := x.Engine.Step(); err != nil {
			return fmt.Errorf("%s: %w", x.Name, err)
		}
	}
	return nil
}

// SetTask switches every runner to a new task at the same cycle, so they
// keep reading the same symbols.
func (r *Race) SetTask(spec task.Spec) error {
	for _, x := range r.runners {
		if err := x.Engine.SetTask(spec); err != nil {
			return err
		}
	}
	return nil
}

// Standing is one runner's place in the race.
type Standing struct {
	Name    string
	Loss    float64 // smoothed loss per window
	Neurons int
	Behind  float64 // loss above the leader's, per window (0 for the leader)
}

// Standings returns the runners ordered by smoothed loss, best first.
func (r *Race) Standings() []Standing {
	out := make([]Standing, len(r.runners))
	for i, x := range r.runners {
		out[i] = Standing{Name: x.Name, Loss: x.Engine.Loss(), Neurons: x.Engine.N()}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Loss < out[j].Loss })
	for i := range out {
		out[i].Behind = out[i].Loss - out[0].Loss
	}
	return out
}
