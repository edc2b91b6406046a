package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/core/task"
)

// Run is one training run: an experiment, a seed and a length.
type Run struct {
	Exp    Experiment
	Seed   uint64
	Cycles int
}

// progressEvery is how many cycles a worker runs between progress reports
// and checks for interruption.
const progressEvery = 500

// samples is how many points (besides cycle 0) each run records.
const samples = 1000

// interval returns how many cycles apart a run's records are.
func (r Run) interval() int { return max(1, r.Cycles/samples) }

// Path returns the file that holds the run's history under out. The
// training length is part of the path, so runs of different lengths never
// overwrite one another.
func (r Run) Path(out string) string {
	return filepath.Join(out, "runs", r.Exp.Name, fmt.Sprintf("c%d", r.Cycles), fmt.Sprintf("seed-%02d.csv", r.Seed))
}

// configJSON returns the run's engine config and its JSON encoding.
func (r Run) configJSON() (engine.Config, []byte, error) {
	cfg, err := r.Exp.config(r.Seed, r.Cycles)
	if err != nil {
		return engine.Config{}, nil, err
	}
	data, err := json.Marshal(cfg)
	return cfg, data, err
}

// cost estimates the run's compute time in microseconds.
func (r Run) cost() float64 { return float64(r.Cycles) * costPerCycle(r.Exp.typicalNeurons()) }

// finished returns the run's stored history if the file exists, is
// complete and was made with the same config.
func (r Run) finished(out string) (History, bool) {
	h, err := loadHistory(r.Path(out))
	if err != nil || len(h.Records) == 0 || h.Final().Cycle != r.Cycles {
		return History{}, false
	}
	_, cfg, err := r.configJSON()
	if err != nil || string(cfg) != string(h.Config) {
		return History{}, false
	}
	return h, true
}

// train runs r to the end, calling progress with the cycles done since the
// last call. It stops early, returning ctx's error, when ctx is cancelled.
func (r Run) train(ctx context.Context, progress func(r Run, cycles int)) (History, error) {
	cfg, raw, err := r.configJSON()
	if err != nil {
		return History{}, err
	}
	e, err := engine.New(cfg)
	if err != nil {
		return History{}, err
	}
	start := time.Now()
	h := History{Meta: Meta{Experiment: r.Exp.Name, Seed: r.Seed, Cycles: r.Cycles, Config: raw}}
	h.Records = append(h.Records, record(e))
	every := r.interval()
	for c := 1; c <= r.Cycles; c++ {
		if err := e.Step(); err != nil {
			return History{}, fmt.Errorf("%s seed %d: %w", r.Exp.Name, r.Seed, err)
		}
		if c%every == 0 || c == r.Cycles {
			h.Records = append(h.Records, record(e))
		}
		if c%progressEvery == 0 || c == r.Cycles {
			progress(r, c-(c-1)/progressEvery*progressEvery)
			if err := ctx.Err(); err != nil {
				return History{}, err
			}
		}
	}
	h.Seconds = time.Since(start).Seconds()
	return h, nil
}

// reportWindow is the window, in symbols, that every recorded loss and
// floor is given per: the paper's, whatever window a run trains with (the
// reliable preset's is twice as long), so that all experiments compare.
var reportWindow = float64(engine.Default().Window)

func record(e *engine.Engine) Record {
	scale := reportWindow / float64(e.Config().Window) // exactly 1 for the paper's window: those runs record what they always did
	return Record{Cycle: e.Cycle(), Neurons: e.N(), Loss: e.Loss() * scale, PerSym: e.LossPerSymbol(), Floor: e.FloorPerWindow() * scale}
}

// plan lists the runs of exps: seeds 1..seeds for each (fixedSeeds for the
// fixed-size baselines), with the v2, v1 or thesis training length.
func plan(exps []Experiment, o Options) []Run {
	var runs []Run
	for _, e := range exps {
		n, cycles := o.Seeds, e.cycles(o)
		if e.Fixed > 0 {
			n = o.FixedSeeds
		}
		for s := 1; s <= n; s++ {
			runs = append(runs, Run{Exp: e, Seed: uint64(s), Cycles: cycles})
		}
	}
	return runs
}

// Pool runs training runs in parallel and saves each as it finishes.
type Pool struct {
	Out      string                  // output folder
	Workers  int                     // parallel runs
	Progress func(r Run, cycles int) // called as a run's cycles complete (from any worker)
	Done     func(r Run, h History)  // called once per finished, saved run (serialised)

	mu       sync.Mutex // serialises Done and guards failures
	failures []error    // errors other than cancellation
}

// Execute trains runs, most expensive first so the workers finish together,
// and saves each finished run. It returns ctx's error if interrupted (the
// finished runs stay saved) or the first run's error.
func (p *Pool) Execute(ctx context.Context, runs []Run) error {
	order := append([]Run(nil), runs...)
	sort.SliceStable(order, func(i, j int) bool { return order[i].cost() > order[j].cost() })
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan Run)
	var wg sync.WaitGroup
	for range max(1, p.Workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range jobs {
				if err := p.one(ctx, r); err != nil {
					cancel()
				}
			}
		}()
	}
feed:
	for _, r := range order {
		select {
		case jobs <- r:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if len(p.failures) > 0 {
		return p.failures[0]
	}
	return context.Cause(ctx)
}

// one trains and saves a single run.
func (p *Pool) one(ctx context.Context, r Run) error {
	h, err := r.train(ctx, p.Progress)
	if err == nil {
		err = saveHistory(r.Path(p.Out), h)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		if ctx.Err() == nil {
			p.failures = append(p.failures, err)
		}
		return err
	}
	if p.Done != nil {
		p.Done(r, h)
	}
	return nil
}

// phaseEnds returns, for a run of the given task kind and length, the cycle
// at which each phase ends (the last one ends at cycles) and the phases.
func phaseEnds(kind string, cycles int) ([]int, []task.Phase) {
	phases := task.Spec{Kind: kind, Span: cycles}.WithDefaults().Phases()
	ends := make([]int, len(phases))
	for i := range phases {
		if i+1 < len(phases) {
			ends[i] = phases[i+1].StartCycle
		} else {
			ends[i] = cycles
		}
	}
	return ends, phases
}
