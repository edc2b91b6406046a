package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/core/task"
)

// Experiment is one configuration run over many seeds: a preset on a task.
type Experiment struct {
	Name   string // short id, used in file names and the -experiments flag
	Title  string // what a plot legend or the summary calls it
	Preset string // engine preset
	Fixed  int    // network size for the fixed preset
	Task   string // task kind
	V1     bool   // uses the paper-v1 training length (-v1-cycles)
	Thesis bool   // one of the thesis figure's runs: the -thesis-cycles training length
	Paper  Paper  // what the paper reports, for the summary
}

// Paper holds what the paper reports for an experiment at one summary point.
// A zero number means the paper gives none; Note says it in words. Where the
// paper only says "about 9", Loss is the original program's measured median
// (six runs of the reference code, as docs/reproducing.md reports), which the note
// names.
type Paper struct {
	Neurons float64 // median final neurons
	Loss    float64 // median final loss per window
	Note    string  // the paper's words, when a number alone would mislead
}

// Figure is one output plot and the experiments it draws.
type Figure struct {
	Name        string   // "fig1" ... "fig5", "plateau": the PNG's base name and a -experiments value
	Title       string   // the plot's title
	Experiments []string // names of the experiments it needs
}

// fixedSizes are the paper's fixed-size baselines on the hard task.
var fixedSizes = []int{10, 20, 37, 50, 75, 100}

// catalogue returns every experiment, in the order the summary lists them.
func catalogue() []Experiment {
	exps := []Experiment{
		{Name: "v2-easy", Title: "v2 easy", Preset: engine.PresetPaper, Task: task.Easy,
			Paper: Paper{Neurons: 14, Loss: 9.62, Note: "14 neurons, loss about 9 (original code, 6 seeds: 14 neurons, loss 9.62)"}},
		{Name: "v2-hard", Title: "v2 hard", Preset: engine.PresetPaper, Task: task.Hard,
			Paper: Paper{Neurons: 37, Loss: 9.9, Note: "37 neurons, loss about 10 (original code, 6 seeds: 41.5 neurons, loss 9.9)"}},
		{Name: "v2-easy-hard-easy", Title: "v2 easy-hard-easy", Preset: engine.PresetPaper, Task: task.EasyHardEasy,
			Paper: Paper{Neurons: 20, Note: "grows to about 60 during hard, sheds to about 20, loss back to about 9"}},
	}
	for _, n := range fixedSizes {
		exps = append(exps, Experiment{
			Name: fmt.Sprintf("fixed-%d", n), Title: fmt.Sprintf("fixed %d", n),
			Preset: engine.PresetFixed, Fixed: n, Task: task.Hard,
			Paper: Paper{Neurons: float64(n), Note: "fixed sizes plateau around 13-15 per window"},
		})
	}
	exps = append(exps,
		Experiment{Name: "reliable-easy", Title: "reliable easy", Preset: engine.PresetReliable, Task: task.Easy,
			Paper: Paper{Note: "beyond the paper: within 1% of the floor with at most 18 neurons"}},
		Experiment{Name: "reliable-hard", Title: "reliable hard", Preset: engine.PresetReliable, Task: task.Hard,
			Paper: Paper{Note: "beyond the paper: the target is near the floor in 5 runs of 6 with at most 45 neurons on held-out seeds; met on seeds 101-106 (6 of 6, 33 neurons) and 107-112 (5 of 6, 34 neurons); 31 of the 32 held-out and fresh seeds (see docs/reliable.md)"}},
		Experiment{Name: "reliable-easy-hard-easy", Title: "reliable easy-hard-easy", Preset: engine.PresetReliable, Task: task.EasyHardEasy,
			Paper: Paper{Note: "beyond the paper: grows during hard, sheds after"}},
	)
	exps = append(exps,
		Experiment{Name: "v1-easy", Title: "v1 easy", Preset: engine.PresetPaperV1, Task: task.Easy, V1: true,
			Paper: Paper{Neurons: 6, Note: "6 neurons (no loss reported)"}},
		Experiment{Name: "v1-hard", Title: "v1 hard (L=5)", Preset: engine.PresetPaperV1, Task: task.Hard, V1: true,
			Paper: Paper{Neurons: 27, Note: "27 neurons (no loss reported)"}},
		Experiment{Name: "v1-easy-hard-easy", Title: "v1 easy-hard-easy", Preset: engine.PresetPaperV1, Task: task.EasyHardEasy, V1: true,
			Paper: Paper{Note: "grows when the task gets harder, does not shrink back"}},
	)
	return append(exps, thesisExperiments()...)
}

// thesisTasks are the tasks of the thesis figure: the paper's two and the
// gallery's tasks with a known floor (english has none, so no memory span;
// see thesis.go).
var thesisTasks = []string{task.Easy, task.Hard, task.Period, task.Count, task.Copy, task.Parity, task.Reber}

// thesisPresets are the presets the thesis figure compares.
var thesisPresets = []string{engine.PresetPaper, engine.PresetReliable}

// thesisName names the thesis experiment of a preset on a task.
func thesisName(preset, kind string) string { return "thesis-" + preset + "-" + kind }

// thesisExperiments returns the thesis figure's experiments: every
// thesisPreset on every thesisTask, beyond the paper.
func thesisExperiments() []Experiment {
	var exps []Experiment
	for _, p := range thesisPresets {
		for _, k := range thesisTasks {
			exps = append(exps, Experiment{Name: thesisName(p, k), Title: p + " " + k, Preset: p, Task: k, Thesis: true,
				Paper: Paper{Note: "beyond the paper: final neurons against the task's memory span (thesis.png)"}})
		}
	}
	return exps
}

// thesisNames are the names of the thesis experiments.
func thesisNames() []string { return experimentNames(thesisExperiments()) }

// figures returns the four figures of the paper, the reliable preset's
// figure and the plateau analysis.
func figures() []Figure {
	fixed := []string{"v2-hard"}
	for _, n := range fixedSizes {
		fixed = append(fixed, fmt.Sprintf("fixed-%d", n))
	}
	return []Figure{
		{Name: "fig1", Title: "Fig. 1: variable size (paper v2), easy and hard", Experiments: []string{"v2-easy", "v2-hard"}},
		{Name: "fig2", Title: "Fig. 2: variable size against fixed sizes, hard task", Experiments: fixed},
		{Name: "fig3", Title: "Fig. 3: easy-hard-easy (paper v2)", Experiments: []string{"v2-easy-hard-easy"}},
		{Name: "fig4", Title: "Fig. 4: paper v1 (multipliers)", Experiments: []string{"v1-easy", "v1-hard", "v1-easy-hard-easy"}},
		{Name: "fig5", Title: "Fig. 5: the reliable preset against the paper's, hard task", Experiments: []string{"v2-hard", "reliable-hard"}},
		{Name: "plateau", Title: "Why runs stall: the paper's hard runs near the floor and on the plateau", Experiments: []string{"v2-hard"}},
		{Name: "thesis", Title: "Final neurons against the memory span a task needs", Experiments: thesisNames()},
	}
}

// selectExperiments parses the -experiments flag: "all", or a comma-separated
// list of figure names (fig1..fig5, plateau, thesis) and experiment names. It returns the
// chosen experiments in catalogue order.
func selectExperiments(spec string) ([]Experiment, error) {
	all := catalogue()
	want := map[string]bool{}
	for _, word := range strings.Split(spec, ",") {
		word = strings.TrimSpace(word)
		switch {
		case word == ffName: // the feed-forward experiment: run apart (ff.go)
		case word == "all":
			for _, e := range all {
				want[e.Name] = true
			}
		case figureByName(word) != nil:
			for _, name := range figureByName(word).Experiments {
				want[name] = true
			}
		case slices.ContainsFunc(all, func(e Experiment) bool { return e.Name == word }):
			want[word] = true
		default:
			return nil, fmt.Errorf("-experiments: %q is not a figure or experiment (want all, fig1..fig5, plateau, thesis, ff, or one of %s)",
				word, strings.Join(experimentNames(all), ", "))
		}
	}
	var out []Experiment
	for _, e := range all {
		if want[e.Name] {
			out = append(out, e)
		}
	}
	return out, nil
}

func figureByName(name string) *Figure {
	for _, f := range figures() {
		if f.Name == name {
			return &f
		}
	}
	return nil
}

func experimentNames(exps []Experiment) []string {
	names := make([]string, len(exps))
	for i, e := range exps {
		names[i] = e.Name
	}
	return names
}

// config returns the engine configuration of one run of e.
func (e Experiment) config(seed uint64, cycles int) (engine.Config, error) {
	cfg, err := engine.Preset(e.Preset, e.Fixed)
	if err != nil {
		return engine.Config{}, err
	}
	cfg.Seed = seed
	cfg.Task = task.Spec{Kind: e.Task, L: cfg.Task.L, Span: cycles}.WithDefaults()
	cfg.PlanLength(cycles) // reliable: no restart in the last check interval of the run
	return cfg, cfg.Validate()
}

// cycles returns the training length of e's runs under o.
func (e Experiment) cycles(o Options) int {
	switch {
	case e.V1:
		return o.V1Cycles
	case e.Thesis:
		return o.ThesisCycles
	}
	return o.Cycles
}

// typicalNeurons is a rough guess of an experiment's mean network size, used
// only to order runs (most expensive first) and to estimate the time.
func (e Experiment) typicalNeurons() int {
	switch {
	case e.Fixed > 0:
		return e.Fixed
	case e.V1 && e.Task == task.Easy:
		return 8
	case e.V1:
		return 25
	case e.Task == task.Easy:
		return 20
	case e.Task == task.Hard:
		return 55
	case e.Task == task.Period || e.Task == task.Parity:
		return 10
	case e.Task == task.Count || e.Task == task.Copy:
		return 15
	}
	return 40
}

// costPerCycle estimates the microseconds one cycle takes at n neurons on
// this kind of machine (fitted to the engine's benchmarks).
func costPerCycle(n int) float64 {
	x := float64(n)
	return 12 + x + 0.025*x*x
}
