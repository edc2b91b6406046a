package main

// The feed-forward family's figures (-experiments ff): networks on 2-D
// points (core/ff, core/points) whose hidden layers learn their width, and
// with a depth rule their depth, by the paper's rule. The experiment does
// not go through the recurrent family's plan, ledger and CSV histories: it
// trains its runs in memory on its own workers and writes into -out
//
//   - ff.json: every number (each run's final widths, depth, neurons, test
//     loss and accuracy, the two-spirals runs, the published figures);
//   - ff.md: the tables;
//   - ff-widths.png: final hidden neurons and depth of every seed, per data
//     set and preset;
//   - ff-testloss.png: test loss of each growing preset against fixed
//     networks of TensorFlow Playground's shapes, per data set.
//
// Every run is seeded (seed s makes both the data and the network), and the
// results are stored by run, not by finishing order, so the same flags give
// the same ff.json.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/diffstruct/diffstruct/core/ff"
	"github.com/diffstruct/diffstruct/core/points"
	"github.com/diffstruct/diffstruct/core/rule"
)

// ffName is the -experiments word that selects the feed-forward experiment.
const ffName = "ff"

// Defaults of the feed-forward experiment, and of -quick.
const (
	defaultFFSeeds        = 20
	defaultFFSteps        = 20000
	defaultFFSpiralEpochs = 40000
	quickFFSeeds          = 2
	quickFFSteps          = 300
	quickFFSpiralEpochs   = 200
	// ffCheckEvery is how often (in epochs) a two-spirals run is judged.
	ffCheckEvery = 10
	// ffTick is how many steps a run trains between progress reports and
	// checks for Ctrl-C.
	ffTick = 1000
)

// ffDataSets are the data sets of the widths and test-loss experiments:
// TensorFlow Playground's six, in its order.
var ffDataSets = []string{points.Circle, points.XOR, points.Gauss, points.Spiral, points.RegPlane, points.RegGauss}

// ffShapes are the fixed networks the growing presets are compared with:
// Playground's default (4-2), its largest (six layers of 8), and 8-8.
var ffShapes = [][]int{{4, 2}, {8, 8}, {8, 8, 8, 8, 8, 8}}

// ffPublished are the published two-spirals results our presets are set
// beside.
var ffPublished = []FFPublished{
	{
		Method: "Cascade-Correlation", Trials: 100, Solved: 100,
		Epochs: "about 1,700 (mean)", Hidden: "about 15 (12 to 19)",
		Source: "S. E. Fahlman and C. Lebiere, \"The Cascade-Correlation Learning Architecture\", NIPS 2 (1990); CMU-CS-90-100",
	},
	{
		Method: "back-propagation, 2-5-5-5-1 with shortcut connections", Trials: 0, Solved: 0,
		Epochs: "about 20,000", Hidden: "15",
		Source: "K. J. Lang and M. J. Witbrock, \"Learning to Tell Two Spirals Apart\", Proc. 1988 Connectionist Models Summer School",
	},
}

// FFPublished is a published two-spirals result. Trials 0 means the source
// gives no trial count.
type FFPublished struct {
	Method string `json:"method"`
	Trials int    `json:"trials,omitempty"`
	Solved int    `json:"solved,omitempty"`
	Epochs string `json:"epochs"`
	Hidden string `json:"hidden_units"`
	Source string `json:"source"`
}

// FFSpread is the median, quartiles and range of a sample.
type FFSpread struct {
	Median float64 `json:"median"`
	Q1     float64 `json:"q1"`
	Q3     float64 `json:"q3"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// ffSpread returns the spread of xs, or nil when xs is empty.
func ffSpread(xs []float64) *FFSpread {
	if len(xs) == 0 {
		return nil
	}
	s := spread(xs)
	return &FFSpread{Median: s.Median, Q1: s.Q1, Q3: s.Q3, Min: slices.Min(xs), Max: slices.Max(xs)}
}

// FFRun is the end of one training run on a Playground data set.
type FFRun struct {
	Seed         int      `json:"seed"`
	Widths       []int    `json:"widths"`
	Layers       int      `json:"layers"`
	Neurons      int      `json:"neurons"`
	TestLoss     *float64 `json:"test_loss"`               // nil if the run diverged
	TestAccuracy *float64 `json:"test_accuracy,omitempty"` // classification only
	Diverged     string   `json:"diverged,omitempty"`      // the error of a run that diverged
}

// FFCell is one network's runs on one data set: a growing preset, or a
// fixed shape trained with a preset's settings.
type FFCell struct {
	Preset     string    `json:"preset"`
	DataSet    string    `json:"data_set"`
	Network    string    `json:"network"`         // the preset's name, or "fixed 4-2", ...
	Shape      []int     `json:"shape,omitempty"` // the fixed widths; empty for the growing preset
	Regression bool      `json:"regression"`
	Runs       []FFRun   `json:"runs"`
	Neurons    *FFSpread `json:"neurons"`
	Layers     *FFSpread `json:"layers"`
	TestLoss   *FFSpread `json:"test_loss"`               // over the runs that did not diverge
	Accuracy   *FFSpread `json:"test_accuracy,omitempty"` // classification only
	Diverged   int       `json:"diverged"`
}

// FFSpiralRun is one two-spirals run.
type FFSpiralRun struct {
	Seed   int  `json:"seed"`
	Solved bool `json:"solved"`
	// Epochs is the epoch at which it was judged solved, or the epochs
	// trained if it never was.
	Epochs  int   `json:"epochs"`
	Widths  []int `json:"widths"` // at that point
	Layers  int   `json:"layers"`
	Neurons int   `json:"neurons"`
	// BestScore is the largest fraction of the 194 points within the
	// 40-20-40 criterion at any check, reached first at BestEpoch.
	BestScore float64 `json:"best_score"`
	BestEpoch int     `json:"best_epoch"`
	// BestAccuracy is the largest fraction of points on the right side of
	// 0 at any check.
	BestAccuracy float64 `json:"best_accuracy"`
	Diverged     string  `json:"diverged,omitempty"`
}

// FFSpiralCell is one preset's two-spirals runs.
type FFSpiralCell struct {
	Preset     string        `json:"preset"`
	Runs       []FFSpiralRun `json:"runs"`
	Solved     int           `json:"solved"`
	Trials     int           `json:"trials"`
	MeanEpochs *float64      `json:"mean_epochs_to_solve"` // over the solved runs
	Epochs     *FFSpread     `json:"epochs_to_solve"`      // over the solved runs
	Neurons    *FFSpread     `json:"neurons_at_solve"`     // over the solved runs
	Layers     *FFSpread     `json:"layers_at_solve"`      // over the solved runs
	BestScore  *FFSpread     `json:"best_score"`           // over every run
	BestAcc    *FFSpread     `json:"best_accuracy"`        // over every run
	EndNeurons *FFSpread     `json:"neurons_at_end"`       // over every run, where it stopped
}

// FFReport is everything ff.json holds.
type FFReport struct {
	Command       string         `json:"command"`
	Seeds         int            `json:"seeds"`
	Steps         int            `json:"steps"`
	SpiralEpochs  int            `json:"spiral_epochs"`
	CheckEvery    int            `json:"spiral_check_every_epochs"`
	Presets       []string       `json:"presets"`
	Batch         map[string]int `json:"batch"` // each preset's batch size
	DataSets      []string       `json:"data_sets"`
	Shapes        [][]int        `json:"fixed_shapes"`
	Cells         []FFCell       `json:"cells"` // preset by data set by network (growing first)
	TwoSpirals    []FFSpiralCell `json:"two_spirals"`
	Published     []FFPublished  `json:"two_spirals_published"`
	SpiralPoints  int            `json:"two_spirals_points"`
	SpiralTarget  float64        `json:"two_spirals_target"`
	SpiralCutoff  float64        `json:"two_spirals_threshold"`
	OutputsHalved bool           `json:"two_spirals_outputs_halved"`
}

// ffOptions are the feed-forward experiment's settings.
type ffOptions struct {
	Seeds, Steps, SpiralEpochs, Workers int
	Out, Command                        string
}

// ffJob is one run to train: a growing preset or a fixed shape on a data
// set, or a preset on the two spirals.
type ffJob struct {
	cell   int // index into the cells (or the spiral cells when spiral)
	run    int // index of the run in its cell
	spiral bool
	cfg    ff.Config
	data   string
	seed   int
	steps  int // the most steps the run may take
}

// ffNetworkName names a fixed shape: "fixed 4-2".
func ffNetworkName(shape []int) string {
	parts := make([]string, len(shape))
	for i, w := range shape {
		parts[i] = strconv.Itoa(w)
	}
	return "fixed " + strings.Join(parts, "-")
}

// ffFixed returns a fixed network of the shape with base's settings, its
// depth rule switched off (a fixed network has no structural rule).
func ffFixed(base ff.Config, shape []int) ff.Config {
	base.Depth = rule.Params{}
	return ff.FixedShape(base, shape...)
}

// ffSpiralSteps returns the steps of one two-spirals epoch: every one of
// the 194 points once, ceil(194/batch) mini-batches.
func ffSpiralSteps(batch int) int {
	n := 2 * points.TwoSpiralsPerArm
	return (n + batch - 1) / batch
}

// ffPlan lays out every cell and job of the experiment.
func ffPlan(o ffOptions) (*FFReport, []ffJob, error) {
	rep := &FFReport{
		Command: o.Command, Seeds: o.Seeds, Steps: o.Steps, SpiralEpochs: o.SpiralEpochs, CheckEvery: ffCheckEvery,
		Presets: ff.Presets(), Batch: map[string]int{}, DataSets: slices.Clone(ffDataSets), Shapes: ffShapes,
		Published: ffPublished, SpiralPoints: 2 * points.TwoSpiralsPerArm,
		SpiralTarget: points.TwoSpiralsTarget, SpiralCutoff: points.TwoSpiralsThreshold, OutputsHalved: true,
	}
	var jobs []ffJob
	for _, p := range rep.Presets {
		base, err := ff.Preset(p)
		if err != nil {
			return nil, nil, err
		}
		rep.Batch[p] = base.Batch
		for _, d := range ffDataSets {
			if p == ff.SpiralsFF {
				break // made for the benchmark alone (epoch-wise batches of 194 points)
			}
			nets := []struct {
				name  string
				shape []int
				cfg   ff.Config
			}{{p, nil, base}}
			for _, s := range ffShapes {
				nets = append(nets, struct {
					name  string
					shape []int
					cfg   ff.Config
				}{ffNetworkName(s), s, ffFixed(base, s)})
			}
			for _, n := range nets {
				if err := n.cfg.Validate(); err != nil {
					return nil, nil, fmt.Errorf("%s %s: %w", p, n.name, err)
				}
				cell := len(rep.Cells)
				rep.Cells = append(rep.Cells, FFCell{Preset: p, DataSet: d, Network: n.name, Shape: n.shape,
					Regression: d == points.RegPlane || d == points.RegGauss, Runs: make([]FFRun, o.Seeds)})
				for s := range o.Seeds {
					jobs = append(jobs, ffJob{cell: cell, run: s, cfg: n.cfg, data: d, seed: s + 1, steps: o.Steps})
				}
			}
		}
		cell := len(rep.TwoSpirals)
		rep.TwoSpirals = append(rep.TwoSpirals, FFSpiralCell{Preset: p, Runs: make([]FFSpiralRun, o.Seeds), Trials: o.Seeds})
		for s := range o.Seeds {
			jobs = append(jobs, ffJob{cell: cell, run: s, spiral: true, cfg: base, data: points.TwoSpirals, seed: s + 1,
				steps: o.SpiralEpochs * ffSpiralSteps(base.Batch)})
		}
	}
	// The longest first, so that the workers finish together.
	slices.SortStableFunc(jobs, func(a, b ffJob) int { return b.steps - a.steps })
	return rep, jobs, nil
}

// runFF trains the feed-forward experiment and writes its files into o.Out.
func runFF(ctx context.Context, o ffOptions, stdout, stderr io.Writer) error {
	start := time.Now()
	rep, jobs, err := ffPlan(o)
	if err != nil {
		return err
	}
	total := 0
	for _, j := range jobs {
		total += j.steps
	}
	fmt.Fprintf(stderr, "figures: ff: %d runs (presets %s, %d seeds) into %s on %d workers, at most %s steps\n",
		len(jobs), strings.Join(rep.Presets, ", "), o.Seeds, o.Out, o.Workers, groupDigits(total))
	bar := progressbar.NewOptions64(int64(total),
		progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription(fmt.Sprintf("ff runs 0/%d", len(jobs))),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetWidth(25),
		progressbar.OptionThrottle(500*time.Millisecond),
	)
	var done atomic.Int64
	progress := func(steps int, finished bool) {
		_ = bar.Add64(int64(steps))
		if finished {
			bar.Describe(fmt.Sprintf("ff runs %d/%d", done.Add(1), len(jobs)))
		}
	}
	err = ffExecute(ctx, rep, jobs, o.Workers, progress)
	if err != nil {
		_ = bar.Exit()
		fmt.Fprintln(stderr)
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("%w: the ff experiment keeps nothing of an unfinished invocation", errInterrupted)
		}
		return err
	}
	_ = bar.Finish()
	fmt.Fprintln(stderr)
	rep.summarise()
	written, err := writeFF(o.Out, rep)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s to %s in %s\n", strings.Join(written, ", "), o.Out, roundDuration(time.Since(start)))
	return nil
}

// ffExecute trains the jobs on workers goroutines, storing each result in
// its place in rep. progress is called with steps trained, and once a run
// ends with finished true; it must be safe for concurrent use.
func ffExecute(ctx context.Context, rep *FFReport, jobs []ffJob, workers int, progress func(steps int, finished bool)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan ffJob)
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
	)
	fail := func(err error) {
		once.Do(func() { first = err; cancel() })
	}
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				if err := ffTrain(ctx, rep, j, progress); err != nil {
					fail(err)
				}
			}
		}()
	}
feed:
	for _, j := range jobs {
		select {
		case next <- j:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if first != nil {
		return first
	}
	return ctx.Err()
}

// ffTrain trains one job and stores its result (each job writes its own
// slot, so workers never share one).
func ffTrain(ctx context.Context, rep *FFReport, j ffJob, progress func(int, bool)) error {
	cfg := j.cfg
	cfg.Seed = uint64(j.seed)
	var set points.Set
	if j.spiral {
		set = points.TwoSpiralsSet()
	} else {
		var err error
		if set, err = points.Make(points.Spec{Kind: j.data, Seed: uint64(j.seed)}); err != nil {
			return err
		}
	}
	n, err := ff.New(cfg, set)
	if err != nil {
		return err
	}
	if j.spiral {
		r, err := ffSpiralRun(ctx, n, j, progress)
		rep.TwoSpirals[j.cell].Runs[j.run] = r
		return err
	}
	r := FFRun{Seed: j.seed}
	trained := 0
	for trained < j.steps {
		k := min(ffTick, j.steps-trained)
		for range k {
			if err := n.Step(); err != nil {
				r.Diverged = err.Error()
				break
			}
		}
		trained += k
		progress(k, false)
		if r.Diverged != "" {
			progress(j.steps-trained, false)
			break
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	r.Widths, r.Layers, r.Neurons = n.Widths(), n.Layers(), n.Neurons()
	if r.Diverged == "" {
		if l := n.TestLoss(); isFinite(l) {
			r.TestLoss = &l
		} else {
			r.Diverged = fmt.Sprintf("test loss %v", l)
		}
	}
	if !set.Regression && r.Diverged == "" {
		a := n.Accuracy(set.Test)
		r.TestAccuracy = &a
	}
	rep.Cells[j.cell].Runs[j.run] = r
	progress(0, true)
	return nil
}

// isFinite reports whether x is neither NaN nor infinite.
func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// ffSpiralRun trains a network on the two spirals for up to j.steps steps,
// judging it every ffCheckEvery epochs, and stops once it is solved.
func ffSpiralRun(ctx context.Context, n *ff.Net, j ffJob, progress func(int, bool)) (FFSpiralRun, error) {
	r := FFSpiralRun{Seed: j.seed}
	set := n.Set()
	perEpoch := ffSpiralSteps(n.Config().Batch)
	epochs := j.steps / perEpoch
	raw := make([]float64, len(set.Train))
	pending := 0
	for e := 1; e <= epochs; e++ {
		for range perEpoch {
			if err := n.Step(); err != nil {
				r.Diverged = err.Error()
				break
			}
		}
		pending += perEpoch
		if pending >= ffTick || e == epochs || r.Diverged != "" {
			progress(pending, false)
			pending = 0
			if ctx.Err() != nil {
				return r, ctx.Err()
			}
		}
		r.Epochs = e
		if r.Diverged != "" {
			break
		}
		if e%ffCheckEvery != 0 && e != epochs {
			continue
		}
		for i, p := range set.Train {
			raw[i] = n.Predict(p.X, p.Y)
		}
		solved, score := ffJudgeSpirals(raw, set.Train)
		if score > r.BestScore {
			r.BestScore, r.BestEpoch = score, e
		}
		right := 0
		for i, p := range set.Train {
			if (raw[i] >= 0) == (p.Label > 0) {
				right++
			}
		}
		r.BestAccuracy = max(r.BestAccuracy, float64(right)/float64(len(raw)))
		if solved {
			r.Solved = true
			break
		}
	}
	progress(pending+(epochs-r.Epochs)*perEpoch, true)
	r.Widths, r.Layers, r.Neurons = n.Widths(), n.Layers(), n.Neurons()
	return r, nil
}

// ffJudgeSpirals judges a network's outputs raw (tanh, in (-1, 1)) at the
// points pts by the benchmark's 40-20-40 criterion: a tanh output is twice
// a symmetric sigmoid of range [-0.5, 0.5], so raw/2 is set against the
// target Label·TwoSpiralsTarget by points.SolvedTwoSpirals. It also returns
// the fraction of points within the threshold of their targets (1 when
// solved).
func ffJudgeSpirals(raw []float64, pts []points.Point) (solved bool, score float64) {
	outs, targets := make([]float64, len(raw)), make([]float64, len(pts))
	for i, o := range raw {
		outs[i] = o / 2
	}
	for i, p := range pts {
		targets[i] = p.Label * points.TwoSpiralsTarget
	}
	ok := 0
	for i, o := range outs {
		if i < len(targets) && math.Abs(o-targets[i]) < points.TwoSpiralsThreshold {
			ok++
		}
	}
	if len(outs) > 0 {
		score = float64(ok) / float64(len(outs))
	}
	return points.SolvedTwoSpirals(outs, targets), score
}

// summarise fills every cell's spreads from its runs.
func (rep *FFReport) summarise() {
	for c := range rep.Cells {
		cell := &rep.Cells[c]
		var neurons, layers, loss, acc []float64
		for _, r := range cell.Runs {
			neurons, layers = append(neurons, float64(r.Neurons)), append(layers, float64(r.Layers))
			if r.TestLoss == nil {
				cell.Diverged++
				continue
			}
			loss = append(loss, *r.TestLoss)
			if r.TestAccuracy != nil {
				acc = append(acc, *r.TestAccuracy)
			}
		}
		cell.Neurons, cell.Layers, cell.TestLoss, cell.Accuracy = ffSpread(neurons), ffSpread(layers), ffSpread(loss), ffSpread(acc)
	}
	for c := range rep.TwoSpirals {
		cell := &rep.TwoSpirals[c]
		var epochs, neurons, layers, best, acc, end []float64
		cell.Solved = 0
		for _, r := range cell.Runs {
			best, acc, end = append(best, r.BestScore), append(acc, r.BestAccuracy), append(end, float64(r.Neurons))
			if !r.Solved {
				continue
			}
			cell.Solved++
			epochs, neurons, layers = append(epochs, float64(r.Epochs)), append(neurons, float64(r.Neurons)), append(layers, float64(r.Layers))
		}
		cell.Epochs, cell.Neurons, cell.Layers, cell.BestScore = ffSpread(epochs), ffSpread(neurons), ffSpread(layers), ffSpread(best)
		cell.BestAcc, cell.EndNeurons = ffSpread(acc), ffSpread(end)
		cell.MeanEpochs = nil
		if len(epochs) > 0 {
			m := 0.0
			for _, e := range epochs {
				m += e
			}
			m /= float64(len(epochs))
			cell.MeanEpochs = &m
		}
	}
}

// cell returns the cell of a preset, data set and network, or nil.
func (rep *FFReport) cell(preset, data, network string) *FFCell {
	for i := range rep.Cells {
		c := &rep.Cells[i]
		if c.Preset == preset && c.DataSet == data && c.Network == network {
			return c
		}
	}
	return nil
}

// networks returns the network names of a preset's cells: the preset
// itself, then the fixed shapes.
func (rep *FFReport) networks(preset string) []string {
	names := []string{preset}
	for _, s := range rep.Shapes {
		names = append(names, ffNetworkName(s))
	}
	return names
}

// writeFF writes ff.json, ff.md, ff-widths.png and ff-testloss.png and
// returns their names.
func writeFF(out string, rep *FFReport) ([]string, error) {
	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"ff.json", rep.writeJSON},
		{"ff.md", rep.writeMarkdown},
	}
	var written []string
	for _, f := range files {
		if err := writeAtomic(filepath.Join(out, f.name), f.write); err != nil {
			return written, fmt.Errorf("%s: %w", f.name, err)
		}
		written = append(written, f.name)
	}
	widths, err := ffWidthsFigure(rep)
	if err != nil {
		return written, fmt.Errorf("ff-widths.png: %w", err)
	}
	if err := saveFFPanels(filepath.Join(out, "ff-widths.png"), widths, 900, 380, 230); err != nil {
		return written, fmt.Errorf("ff-widths.png: %w", err)
	}
	written = append(written, "ff-widths.png")
	loss, err := ffLossFigure(rep)
	if err != nil {
		return written, fmt.Errorf("ff-testloss.png: %w", err)
	}
	if err := saveFFPanels(filepath.Join(out, "ff-testloss.png"), loss, 900, ffRepeat(540, len(loss))...); err != nil {
		return written, fmt.Errorf("ff-testloss.png: %w", err)
	}
	return append(written, "ff-testloss.png"), nil
}

// writeJSON writes the report as indented JSON.
func (rep *FFReport) writeJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(rep)
}

// ffFmtSpread formats a spread as "median [q1-q3]" with the given decimals.
func ffFmtSpread(s *FFSpread, dec int) string {
	if s == nil {
		return "-"
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', dec, 64) }
	return fmt.Sprintf("%s [%s-%s]", f(s.Median), f(s.Q1), f(s.Q3))
}

// fmtLoss formats a test-loss spread with three significant digits.
func fmtLoss(s *FFSpread) string {
	if s == nil {
		return "-"
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', 3, 64) }
	return fmt.Sprintf("%s [%s-%s]", f(s.Median), f(s.Q1), f(s.Q3))
}

// commonWidths returns the most frequent final widths of the runs with
// their count ("4-3 (7 of 20)"); ties go to the first seen.
func commonWidths(runs []FFRun) string {
	count := map[string]int{}
	best, bestN := "", 0
	for _, r := range runs {
		parts := make([]string, len(r.Widths))
		for i, w := range r.Widths {
			parts[i] = strconv.Itoa(w)
		}
		k := strings.Join(parts, "-")
		count[k]++
		if count[k] > bestN {
			best, bestN = k, count[k]
		}
	}
	return fmt.Sprintf("%s (%d of %d)", best, bestN, len(runs))
}

// writeMarkdown writes ff.md: the three tables.
func (rep *FFReport) writeMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Feed-forward family: learned widths and depth\n\n")
	fmt.Fprintf(&b, "Made by `go run ./tools/figures%s`. Data: TensorFlow Playground's sets (`core/points`, 500 points, 1,200 for regression, no noise, half held out for testing); seed s makes both the data and the network, seeds 1 to %d. ",
		rep.Command, rep.Seeds)
	fmt.Fprintf(&b, "Each run trains %s steps (a step is one mini-batch). Loss is Playground's, ½(output − label)² per test point; accuracy is the share of test points on the right side of 0. Medians over seeds, inter-quartile range in brackets.\n\n",
		groupDigits(rep.Steps))
	for _, p := range rep.Presets {
		fmt.Fprintf(&b, "Preset `%s`: batches of %d.\n", p, rep.Batch[p])
	}
	b.WriteString("\n## Final widths and depth\n\n")
	b.WriteString("| data set | preset | hidden neurons | (range) | layers | most common widths | test loss | test accuracy |\n|---|---|---:|---:|---:|---|---:|---:|\n")
	for _, d := range rep.DataSets {
		for _, p := range rep.dataPresets() {
			c := rep.cell(p, d, p)
			acc := "-"
			if c.Accuracy != nil {
				acc = ffFmtSpread(c.Accuracy, 3)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | (%g-%g) | %s | %s | %s | %s |\n", d, p, ffFmtSpread(c.Neurons, 1),
				c.Neurons.Min, c.Neurons.Max, ffFmtSpread(c.Layers, 1), commonWidths(c.Runs), fmtLoss(c.TestLoss), acc)
		}
	}
	b.WriteString("\n## Test loss: growing against Playground's fixed shapes\n\n")
	b.WriteString("The fixed networks train with their preset's settings (optimiser, learning rate, L1, batch) and no structural rule. Playground's default network is 4-2. **Bold**: the lowest median of the row.\n\n")
	for _, p := range rep.dataPresets() {
		nets := rep.networks(p)
		fmt.Fprintf(&b, "Preset `%s`:\n\n| data set |", p)
		for _, n := range nets {
			if n == p {
				n += " (growing)"
			}
			fmt.Fprintf(&b, " %s |", n)
		}
		b.WriteString(" growing neurons |\n|---|" + strings.Repeat("---:|", len(nets)+1) + "\n")
		for _, d := range rep.DataSets {
			best := math.Inf(1)
			for _, n := range nets {
				if c := rep.cell(p, d, n); c.TestLoss != nil {
					best = math.Min(best, c.TestLoss.Median)
				}
			}
			fmt.Fprintf(&b, "| %s |", d)
			for _, n := range nets {
				c := rep.cell(p, d, n)
				s := fmtLoss(c.TestLoss)
				if c.TestLoss != nil && c.TestLoss.Median == best {
					s = "**" + s + "**"
				}
				if c.Diverged > 0 {
					s += fmt.Sprintf(" (%d diverged)", c.Diverged)
				}
				fmt.Fprintf(&b, " %s |", s)
			}
			fmt.Fprintf(&b, " %s |\n", ffFmtSpread(rep.cell(p, d, p).Neurons, 1))
		}
		b.WriteString("\nTest accuracy (classification):\n\n| data set |")
		for _, n := range nets {
			fmt.Fprintf(&b, " %s |", n)
		}
		b.WriteString("\n|---|" + strings.Repeat("---:|", len(nets)) + "\n")
		for _, d := range rep.DataSets {
			if rep.cell(p, d, p).Regression {
				continue
			}
			fmt.Fprintf(&b, "| %s |", d)
			for _, n := range nets {
				fmt.Fprintf(&b, " %s |", ffFmtSpread(rep.cell(p, d, n).Accuracy, 3))
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	rep.spiralMarkdown(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

// spiralMarkdown writes the two-spirals section.
func (rep *FFReport) spiralMarkdown(b *strings.Builder) {
	b.WriteString("## Two spirals\n\n")
	fmt.Fprintf(b, "The CMU benchmark's %d points (`points.TwoSpiralsSet`), all for training. Each preset trains for up to %s epochs (an epoch is every point once: ceil(194/batch) steps), judged every %d epochs by the 40-20-40 criterion (`points.SolvedTwoSpirals`): solved when every output, halved into [-0.5, 0.5] as a symmetric sigmoid, is within %g of its target ±%g. Epochs to solve and hidden units at that point count the solved runs only; the hidden units at the end are every run's when it stopped (solved, or at the last epoch); the score is the share of the 194 points within the criterion and the accuracy the share on the right side of 0, each the best of a run's checks.\n\n",
		rep.SpiralPoints, groupDigits(rep.SpiralEpochs), rep.CheckEvery, rep.SpiralCutoff, rep.SpiralTarget)
	b.WriteString("| method | solved | epochs to solve | hidden units at solve | layers | hidden units at the end | best score | best accuracy |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, c := range rep.TwoSpirals {
		epochs, hidden, layers := "-", "-", "-"
		if c.Solved > 0 {
			epochs = fmt.Sprintf("mean %.0f, median %s", *c.MeanEpochs, ffFmtSpread(c.Epochs, 0))
			hidden = fmt.Sprintf("%s (%g-%g)", ffFmtSpread(c.Neurons, 1), c.Neurons.Min, c.Neurons.Max)
			layers = ffFmtSpread(c.Layers, 1)
		}
		fmt.Fprintf(b, "| `%s` (ours, batches of %d) | %d of %d | %s | %s | %s | %s (%g-%g) | %s | %s |\n", c.Preset, rep.Batch[c.Preset], c.Solved, c.Trials,
			epochs, hidden, layers, ffFmtSpread(c.EndNeurons, 1), c.EndNeurons.Min, c.EndNeurons.Max, ffFmtSpread(c.BestScore, 3), ffFmtSpread(c.BestAcc, 3))
	}
	for _, p := range rep.Published {
		solved := "-"
		if p.Trials > 0 {
			solved = fmt.Sprintf("%d of %d", p.Solved, p.Trials)
		}
		fmt.Fprintf(b, "| %s (published) | %s | %s | %s | - | - | - | - |\n", p.Method, solved, p.Epochs, p.Hidden)
	}
	b.WriteString("\n")
	for _, c := range rep.TwoSpirals {
		if c.Solved == 0 {
			fmt.Fprintf(b, "`%s` solved none of its %d runs within %s epochs. The best score a run reached is %s (median [IQR]; range %.3f-%.3f), its best accuracy %s (range %.3f-%.3f), with %s hidden units at the end.\n",
				c.Preset, c.Trials, groupDigits(rep.SpiralEpochs), ffFmtSpread(c.BestScore, 3), c.BestScore.Min, c.BestScore.Max,
				ffFmtSpread(c.BestAcc, 3), c.BestAcc.Min, c.BestAcc.Max, ffFmtSpread(c.EndNeurons, 1))
		}
	}
	b.WriteString("\nSources:\n\n")
	for _, p := range rep.Published {
		fmt.Fprintf(b, "- %s: %s.\n", p.Method, p.Source)
	}
	b.WriteString("\nAn epoch is one pass over the 194 points in every row; Fahlman and Lebiere count the passes of both of Cascade-Correlation's phases (training the output weights and training the candidate units). Ours take ceil(194/batch) mini-batch steps an epoch.\n")
}

// Colours of the presets and the fixed shapes in the ff figures.
var ffColours = []color.Color{blue, red, green, color.RGBA{255, 127, 14, 255}}

// ffJitter spreads the i-th of n points sideways by up to ±half.
func ffJitter(i, n int, half float64) float64 {
	if n < 2 {
		return 0
	}
	k := (i * 7) % n // a fixed scramble, so neighbouring seeds do not line up
	return (float64(k)/float64(n-1)*2 - 1) * half
}

// ffStrip draws the values at x as a box plot with every value a jittered
// point over it.
func ffStrip(p *plot.Plot, x, width float64, values []float64, col color.Color, glyph draw.GlyphDrawer) (*plotter.Scatter, error) {
	box, err := plotter.NewBoxPlot(vg.Points(width), x, plotter.Values(values))
	if err != nil {
		return nil, err
	}
	box.BoxStyle.Color, box.MedianStyle.Color, box.WhiskerStyle.Color = col, col, col
	box.MedianStyle.Width = vg.Points(2)
	box.GlyphStyle.Radius = 0 // the points show the outliers
	xys := make(plotter.XYs, len(values))
	for i, v := range values {
		xys[i] = plotter.XY{X: x + ffJitter(i, len(values), 0.08), Y: v}
	}
	sc, err := plotter.NewScatter(xys)
	if err != nil {
		return nil, err
	}
	r, g, b, _ := col.RGBA()
	sc.GlyphStyle = draw.GlyphStyle{Color: color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 170}, Radius: vg.Points(2.6), Shape: glyph}
	p.Add(box, sc)
	return sc, nil
}

// ffCounts labels each distinct value of vs at x with how many runs ended
// there ("18/20"), for a strip whose dots overlap.
func ffCounts(p *plot.Plot, x float64, vs []float64, col color.Color) error {
	count := map[float64]int{}
	for _, v := range vs {
		count[v]++
	}
	keys := make([]float64, 0, len(count))
	for v := range count {
		keys = append(keys, v)
	}
	slices.Sort(keys)
	var xl plotter.XYLabels
	for _, v := range keys {
		xl.XYs = append(xl.XYs, plotter.XY{X: x, Y: v})
		xl.Labels = append(xl.Labels, fmt.Sprintf("%d/%d", count[v], len(vs)))
	}
	labels, err := plotter.NewLabels(xl)
	if err != nil {
		return err
	}
	for i := range labels.TextStyle {
		labels.TextStyle[i].Color = col
		labels.TextStyle[i].Font.Size = vg.Points(8)
		labels.TextStyle[i].YAlign = draw.YCenter
	}
	p.Add(labels)
	return nil
}

// ffWidthsFigure draws the final hidden neurons (top) and layers (bottom)
// of every growing run, per data set.
func ffWidthsFigure(rep *FFReport) ([]*plot.Plot, error) {
	top := newPlot(fmt.Sprintf("Feed-forward, growing: final hidden neurons (all layers) of %d seeds after %s steps, per data set",
		rep.Seeds, groupDigits(rep.Steps)), "hidden neurons at the end")
	bottom := newPlot("final number of hidden layers (depth); labels: runs ending at that depth", "hidden layers")
	bottom.X.Label.Text = "data set (box: median and quartiles; dots: seeds)"
	hiN, hiL := 0.0, 0.0
	np := len(rep.dataPresets())
	for i, p := range rep.dataPresets() {
		off := (float64(i) - float64(np-1)/2) * 0.8 / float64(np)
		col := ffColours[i%len(ffColours)]
		var sc *plotter.Scatter
		for k, d := range rep.DataSets {
			c := rep.cell(p, d, p)
			var ns, ls []float64
			for _, r := range c.Runs {
				ns, ls = append(ns, float64(r.Neurons)), append(ls, float64(r.Layers))
			}
			hiN, hiL = math.Max(hiN, slices.Max(ns)), math.Max(hiL, slices.Max(ls))
			var err error
			if sc, err = ffStrip(top, float64(k)+off, 28/float64(np), ns, col, draw.CircleGlyph{}); err != nil {
				return nil, err
			}
			if _, err = ffStrip(bottom, float64(k)+off, 28/float64(np), ls, col, draw.CircleGlyph{}); err != nil {
				return nil, err
			}
			if err := ffCounts(bottom, float64(k)+off+0.15, ls, col); err != nil {
				return nil, err
			}
		}
		top.Legend.Add(fmt.Sprintf("preset %s", p), sc)
	}
	for _, pl := range []*plot.Plot{top, bottom} {
		pl.NominalX(rep.DataSets...)
		pl.X.Min, pl.X.Max = -0.6, float64(len(rep.DataSets))-0.4
		pl.Y.Min = 0
	}
	top.Y.Max = math.Ceil(hiN*1.25 + 1)
	top.Y.Tick.Marker = wholeTicks{}
	bottom.Y.Max = hiL + 1
	bottom.Y.Tick.Marker = integerTicks{}
	return []*plot.Plot{top, bottom}, nil
}

// ffLossFigure draws the test loss of every network per data set on a log
// scale, one panel per preset: the growing network beside the fixed shapes
// trained with the preset's settings. All panels share one y range.
func ffLossFigure(rep *FFReport) ([]*plot.Plot, error) {
	const floor = 1e-7 // a loss below it is drawn at it (a log scale has no 0)
	glyphs := []draw.GlyphDrawer{draw.CircleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}, draw.PlusGlyph{}, draw.CrossGlyph{}}
	lo, hi := math.Inf(1), math.Inf(-1)
	var panels []*plot.Plot
	for pi, pr := range rep.dataPresets() {
		title := fmt.Sprintf("Feed-forward: test loss of the growing network against Playground's fixed shapes (%d seeds, %s steps)",
			rep.Seeds, groupDigits(rep.Steps))
		if len(rep.dataPresets()) > 1 {
			title = fmt.Sprintf("Preset %s: test loss, growing against fixed shapes with its settings (%d seeds, %s steps)",
				pr, rep.Seeds, groupDigits(rep.Steps))
		}
		p := newPlot(title, fmt.Sprintf("test loss ½(output − label)², log scale (below %g drawn at it)", floor))
		if pi == len(rep.Presets)-1 {
			p.X.Label.Text = "data set (box: median and quartiles, whiskers to 1.5 IQR; dots: seeds)"
		}
		p.Y.Tick.Marker = log10Ticks{} // the values drawn are log10 of the losses: gonum's log scale misplaces a long axis label
		nets := rep.networks(pr)
		slot := 0.84 / float64(len(nets))
		for i, n := range nets {
			off := (float64(i) - float64(len(nets)-1)/2) * slot
			col := ffColours[i%len(ffColours)]
			var sc *plotter.Scatter
			for k, d := range rep.DataSets {
				c := rep.cell(pr, d, n)
				var ls []float64
				for _, r := range c.Runs {
					if r.TestLoss != nil {
						ls = append(ls, math.Log10(math.Max(*r.TestLoss, floor)))
					}
				}
				if len(ls) == 0 {
					continue
				}
				lo, hi = math.Min(lo, slices.Min(ls)), math.Max(hi, slices.Max(ls))
				var err error
				if sc, err = ffStrip(p, float64(k)+off, math.Min(14, 100*slot), ls, col, glyphs[i%len(glyphs)]); err != nil {
					return nil, err
				}
			}
			label := n
			if n == pr {
				label = "growing: preset " + pr
			}
			if sc != nil {
				p.Legend.Add(label, sc)
			}
		}
		p.NominalX(rep.DataSets...)
		p.X.Min, p.X.Max = -0.6, float64(len(rep.DataSets))-0.4
		p.Legend.YOffs = -vg.Points(4)
		p.Legend.XOffs = -vg.Points(4)
		panels = append(panels, p)
	}
	if hi >= lo {
		for _, p := range panels {
			p.Y.Min = math.Floor(lo)
			p.Y.Max = math.Ceil(hi) + 1 // a decade of room for the legend
		}
	}
	return panels, nil
}

// wholeTicks marks an axis at whole numbers a step of 1, 2 or 5 times a
// power of ten apart, at most 10 of them, labelled.
type wholeTicks struct{}

// Ticks implements plot.Ticker.
func (wholeTicks) Ticks(lo, hi float64) []plot.Tick {
	step := 1.0
	for k := 0; (hi-lo)/step > 10; k++ {
		step = []float64{2, 5, 10}[k%3] * math.Pow(10, float64(k/3))
	}
	var ticks []plot.Tick
	for x := math.Ceil(lo/step) * step; x <= hi; x += step {
		ticks = append(ticks, plot.Tick{Value: x, Label: strconv.FormatFloat(x, 'f', -1, 64)})
	}
	return ticks
}

// ffRepeat returns n copies of v.
func ffRepeat(v, n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// log10Ticks marks an axis of log10 values at every power of ten, labelled
// with the value itself, and at its multiples 2..9 unlabelled.
type log10Ticks struct{}

// Ticks implements plot.Ticker.
func (log10Ticks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for k := math.Floor(lo); k <= hi; k++ {
		ticks = append(ticks, plot.Tick{Value: k, Label: strconv.FormatFloat(math.Pow(10, k), 'g', -1, 64)})
		for m := 2; m < 10; m++ {
			if v := k + math.Log10(float64(m)); v <= hi {
				ticks = append(ticks, plot.Tick{Value: v})
			}
		}
	}
	return ticks
}

// saveFFPanels stacks panels of the given pixel heights into a PNG of the
// given width, their data areas' left edges aligned.
func saveFFPanels(path string, panels []*plot.Plot, width int, heights ...int) error {
	toLen := func(px int) vg.Length { return vg.Length(px) * vg.Inch / dpi }
	total := 0
	for _, h := range heights {
		total += h
	}
	img := vgimg.NewWith(vgimg.UseWH(toLen(width), toLen(total)), vgimg.UseDPI(dpi))
	dc := draw.New(img)
	pad := vg.Points(6)
	canvases := make([]draw.Canvas, len(panels))
	var left vg.Length
	top := toLen(total)
	for i, p := range panels {
		c := draw.Crop(dc, pad, -pad, 0, 0)
		c.Max.Y, c.Min.Y = top-pad/2, top-toLen(heights[i])+pad/2
		top -= toLen(heights[i])
		canvases[i] = c
		left = max(left, p.DataCanvas(c).Min.X-c.Min.X)
	}
	for i, p := range panels {
		c := canvases[i]
		c.Min.X += left - (p.DataCanvas(c).Min.X - c.Min.X)
		p.Draw(c)
	}
	return writeAtomic(path, func(w io.Writer) error {
		_, err := vgimg.PngCanvas{Canvas: img}.WriteTo(w)
		return err
	})
}

// wantsFF reports whether an -experiments list names the ff experiment.
func wantsFF(spec string) bool {
	for _, word := range strings.Split(spec, ",") {
		if strings.TrimSpace(word) == ffName {
			return true
		}
	}
	return false
}

// ffOptions returns the ff experiment's settings from the command's.
func (o Options) ffOptions() ffOptions {
	var b strings.Builder
	b.WriteString(" -experiments ff")
	if o.Quick {
		b.WriteString(" -quick")
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"ff-seeds", o.FFSeeds}, {"ff-steps", o.FFSteps}, {"ff-spiral-epochs", o.FFEpochs}} {
		if o.set[f.name] {
			fmt.Fprintf(&b, " -%s %d", f.name, f.v)
		}
	}
	return ffOptions{Seeds: o.FFSeeds, Steps: o.FFSteps, SpiralEpochs: o.FFEpochs, Workers: o.Workers, Out: o.Out, Command: b.String()}
}

// dataPresets returns the presets trained on Playground's data sets (all
// but the one made for the two-spirals benchmark alone).
func (rep *FFReport) dataPresets() []string {
	var ps []string
	for _, p := range rep.Presets {
		if rep.cell(p, rep.DataSets[0], p) != nil {
			ps = append(ps, p)
		}
	}
	return ps
}
