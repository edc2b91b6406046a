// Command figures reproduces the experiments of T. Miconi, "Neural networks
// with differentiable structure" (arXiv:1606.06216) from the command line:
//
//	go run ./tools/figures            # every experiment, 20 seeds (make figures)
//	go run ./tools/figures -quick     # 3 seeds, short runs: a smoke test in seconds
//	go run ./tools/figures -experiments thesis   # the thesis figure alone, into web/figures
//	go run ./tools/figures -experiments fig1,fig3 -seeds 10 -out /tmp/f
//	go run ./tools/figures -plan -out /shared/f | parallel --sshlogin ...
//	go run ./tools/figures -report -out /shared/f
//
// It trains every run of the chosen experiments in parallel (one run per
// worker), saving each finished run's history to its own CSV file under
// OUT/runs as soon as it ends, so that an interrupted invocation (Ctrl-C)
// keeps its finished runs and the next one with the same -out resumes.
// Then it writes into OUT:
//
//   - fig1.png: median and inter-quartile band over seeds of the loss and
//     the neuron count against cycles, easy and hard, with the entropy floors;
//   - fig2.png: the variable-size network against fixed sizes on hard;
//   - fig3.png: easy-hard-easy, loss and neurons, task switches marked;
//   - fig4.png: the paper-v1 preset on easy, hard (L=5) and easy-hard-easy;
//   - thesis.png, thesis.json: beyond the paper, the final neurons of the
//     paper and reliable presets on easy, hard and the gallery's tasks
//     against each task's memory span (task.MemorySpan), with Spearman's
//     rank correlation (thesis.go);
//   - summary.md and summary.csv: median and IQR of the final neurons and
//     losses, the floor, the gap to it and the paper's reported values;
//   - index.html: the figures and the summary on one page, for the demo
//     page to link to.
//
// The feed-forward family's experiment is apart: -experiments ff (not part
// of all) trains it and writes ff.json, ff.md, ff-widths.png and
// ff-testloss.png (ff.go).
//
// Runs are deterministic given their seeds: seed s of an experiment always
// gives the same history.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/diffstruct/diffstruct/core/task"
)

// Options are the command's settings.
type Options struct {
	Seeds        int    // runs per experiment
	FixedSeeds   int    // runs per fixed-size baseline
	Cycles       int    // training cycles of v2 and fixed runs
	V1Cycles     int    // training cycles of v1 runs
	ThesisCycles int    // training cycles of the thesis figure's runs
	SpanSymbols  int    // the memory span estimator's stream length
	Experiments  string // which experiments: all, figure names, experiment names
	Out          string // output folder
	Workers      int    // parallel runs
	Quick        bool   // few seeds, short runs
	Plan         bool   // print one command per run instead of training
	Report       bool   // only draw the figures and summary from the runs on disk
	RunOne       string // train only this experiment's run (a plan's line)
	Seed         int    // the seed of -run
	Cmd          string // how -plan's lines start
	FFSeeds      int    // runs per network of the ff experiment
	FFSteps      int    // training steps of the ff experiment's Playground runs
	FFEpochs     int    // the most epochs of the ff experiment's two-spirals runs
	set          map[string]bool
}

// Defaults of the full run, and of -quick.
const (
	defaultSeeds        = 20
	defaultFixedSeeds   = 20
	defaultCycles       = 100000
	defaultV1Cycles     = 300000
	defaultThesisCycles = 100000
	defaultOut          = "web/figures"
	quickSeeds          = 3
	quickCycles         = 3000
	quickV1Cycles       = 6000
	quickThesisCycles   = 1000
	quickSpanSymbols    = 400000
)

// minSpanSymbols is the shortest stream -span-symbols allows: what
// task.MemorySpan needs for contexts up to task.SpanCap.
const minSpanSymbols = 100 * (task.SpanCap + 1)

// errInterrupted reports a run stopped by Ctrl-C.
var errInterrupted = errors.New("interrupted")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errInterrupted):
		fmt.Fprintf(os.Stderr, "figures: %v\n", err)
		os.Exit(130)
	case err != nil:
		fmt.Fprintf(os.Stderr, "figures: %v\n", err)
		os.Exit(1)
	}
}

// parseFlags reads the command line into Options.
func parseFlags(args []string, stderr io.Writer) (Options, error) {
	var o Options
	fs := flag.NewFlagSet("figures", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.IntVar(&o.Seeds, "seeds", defaultSeeds, "runs (seeds 1..n) per experiment")
	fs.IntVar(&o.FixedSeeds, "fixed-seeds", defaultFixedSeeds, "runs per fixed-size baseline (they cost the most; 0: same as -seeds)")
	fs.IntVar(&o.Cycles, "cycles", defaultCycles, "training cycles of the v2 and fixed-size runs")
	fs.IntVar(&o.V1Cycles, "v1-cycles", defaultV1Cycles, "training cycles of the paper-v1 runs (the paper: 300000)")
	fs.IntVar(&o.ThesisCycles, "thesis-cycles", defaultThesisCycles, "training cycles of the thesis figure's runs (final neurons against memory span)")
	fs.IntVar(&o.SpanSymbols, "span-symbols", task.SpanSymbols, "symbols of the stream each task's memory span is estimated from (the thesis figure)")
	fs.StringVar(&o.Experiments, "experiments", "all", "comma-separated figures (fig1..fig5, plateau, thesis) or experiments ("+strings.Join(experimentNames(catalogue()), ", ")+"), or all; ff: the feed-forward family's experiment (not in all)")
	fs.StringVar(&o.Out, "out", defaultOut, "output folder (the quick mode's default is a temporary folder)")
	fs.IntVar(&o.Workers, "workers", runtime.NumCPU(), "runs trained in parallel")
	fs.BoolVar(&o.Quick, "quick", false, fmt.Sprintf("a smoke test: %d seeds, %d cycles (v1: %d, thesis: %d) unless set", quickSeeds, quickCycles, quickV1Cycles, quickThesisCycles))
	fs.BoolVar(&o.Plan, "plan", false, "print every run as one self-contained command a line (for GNU parallel, Slurm, Kubernetes) instead of training")
	fs.BoolVar(&o.Report, "report", false, "only draw the figures and the summary from the runs already in -out")
	fs.StringVar(&o.RunOne, "run", "", "train one run of this experiment (with -seed) into -out unless it is there: a plan's line")
	fs.IntVar(&o.Seed, "seed", 1, "the seed of -run")
	fs.StringVar(&o.Cmd, "cmd", defaultCmd, "how -plan's lines invoke this command (e.g. the path of a built binary)")
	fs.IntVar(&o.FFSeeds, "ff-seeds", defaultFFSeeds, "-experiments ff: runs (seeds 1..n) per data set and network")
	fs.IntVar(&o.FFSteps, "ff-steps", defaultFFSteps, "-experiments ff: training steps (mini-batches) of each run on a Playground data set")
	fs.IntVar(&o.FFEpochs, "ff-spiral-epochs", defaultFFSpiralEpochs, "-experiments ff: the most epochs of each two-spirals run")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stderr)
			fmt.Fprintln(stderr, "usage: go run ./tools/figures [flags]\n\nReproduces the paper's figures and results table.\n\nflags:")
			fs.PrintDefaults()
		}
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q (every setting is a flag: see -h)", fs.Arg(0))
	}
	o.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	o.applyQuick()
	return o, o.validate()
}

// applyQuick sets the quick mode's defaults for every flag not given.
func (o *Options) applyQuick() {
	if !o.Quick {
		if !o.set["fixed-seeds"] && o.set["seeds"] {
			o.FixedSeeds = min(o.FixedSeeds, o.Seeds)
		}
		if o.FixedSeeds == 0 {
			o.FixedSeeds = o.Seeds
		}
		return
	}
	defaults := map[string]func(){
		"seeds":            func() { o.Seeds = quickSeeds },
		"fixed-seeds":      func() { o.FixedSeeds = min(quickSeeds, o.Seeds) },
		"cycles":           func() { o.Cycles = quickCycles },
		"v1-cycles":        func() { o.V1Cycles = quickV1Cycles },
		"thesis-cycles":    func() { o.ThesisCycles = quickThesisCycles },
		"span-symbols":     func() { o.SpanSymbols = quickSpanSymbols },
		"out":              func() { o.Out = filepath.Join(os.TempDir(), "diffstruct-figures-quick") },
		"ff-seeds":         func() { o.FFSeeds = quickFFSeeds },
		"ff-steps":         func() { o.FFSteps = quickFFSteps },
		"ff-spiral-epochs": func() { o.FFEpochs = quickFFSpiralEpochs },
	}
	for _, name := range []string{"seeds", "fixed-seeds", "cycles", "v1-cycles", "thesis-cycles", "span-symbols", "out", "ff-seeds", "ff-steps", "ff-spiral-epochs"} {
		if !o.set[name] {
			defaults[name]()
		}
	}
	if o.FixedSeeds == 0 {
		o.FixedSeeds = o.Seeds
	}
}

// validate reports the first out-of-range option.
func (o Options) validate() error {
	switch {
	case o.Seeds < 1 || o.Seeds > 1000:
		return fmt.Errorf("-seeds: %d is out of range (want 1..1000)", o.Seeds)
	case o.FixedSeeds < 1 || o.FixedSeeds > 1000:
		return fmt.Errorf("-fixed-seeds: %d is out of range (want 0..1000; 0: same as -seeds)", o.FixedSeeds)
	case o.Cycles < 30 || o.Cycles > 100_000_000:
		return fmt.Errorf("-cycles: %d is out of range (want 30..100000000)", o.Cycles)
	case o.V1Cycles < 30 || o.V1Cycles > 100_000_000:
		return fmt.Errorf("-v1-cycles: %d is out of range (want 30..100000000)", o.V1Cycles)
	case o.ThesisCycles < 30 || o.ThesisCycles > 100_000_000:
		return fmt.Errorf("-thesis-cycles: %d is out of range (want 30..100000000)", o.ThesisCycles)
	case o.SpanSymbols < minSpanSymbols || o.SpanSymbols > 100_000_000:
		return fmt.Errorf("-span-symbols: %d is out of range (want %d..100000000)", o.SpanSymbols, minSpanSymbols)
	case o.Workers < 1 || o.Workers > 1024:
		return fmt.Errorf("-workers: %d is out of range (want 1..1024)", o.Workers)
	case strings.TrimSpace(o.Out) == "":
		return errors.New("-out: the output folder must not be empty")
	case o.FFSeeds < 1 || o.FFSeeds > 1000:
		return fmt.Errorf("-ff-seeds: %d is out of range (want 1..1000)", o.FFSeeds)
	case o.FFSteps < 1 || o.FFSteps > 100_000_000:
		return fmt.Errorf("-ff-steps: %d is out of range (want 1..100000000)", o.FFSteps)
	case o.FFEpochs < 1 || o.FFEpochs > 10_000_000:
		return fmt.Errorf("-ff-spiral-epochs: %d is out of range (want 1..10000000)", o.FFEpochs)
	}
	if _, err := selectExperiments(o.Experiments); err != nil {
		return err
	}
	if m, _ := o.mode(); m != ModeAll && wantsFF(o.Experiments) {
		return errors.New("-experiments ff: the feed-forward experiment trains in one invocation (not with -plan, -run or -report)")
	}
	return o.validateModes()
}

// commandLine returns the flags that differ from the defaults, for the
// summary's "made by" line.
func (o Options) commandLine() string {
	var b strings.Builder
	if o.Quick {
		b.WriteString(" -quick")
	}
	add := func(name string, v any) {
		if o.set[name] {
			fmt.Fprintf(&b, " -%s %v", name, v)
		}
	}
	add("seeds", o.Seeds)
	add("fixed-seeds", o.FixedSeeds)
	add("cycles", o.Cycles)
	add("v1-cycles", o.V1Cycles)
	add("thesis-cycles", o.ThesisCycles)
	add("span-symbols", o.SpanSymbols)
	add("experiments", o.Experiments)
	add("ff-seeds", o.FFSeeds)
	add("ff-steps", o.FFSteps)
	add("ff-spiral-epochs", o.FFEpochs)
	return b.String()
}

// run is the whole command: parse flags, train what is missing, write the
// figures and the summary.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	exps, _ := selectExperiments(o.Experiments)
	mode, _ := o.mode()
	if mode == ModePlan {
		return printPlan(o, exps, stdout)
	}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return fmt.Errorf("-out: %w", err)
	}
	if mode == ModeAll && wantsFF(o.Experiments) {
		if err := runFF(ctx, o.ffOptions(), stdout, stderr); err != nil {
			return err
		}
		if len(exps) == 0 {
			return nil
		}
	}
	switch mode {
	case ModeRun:
		return runOne(ctx, o, stderr)
	case ModeReport:
		return reportOnly(o, exps, stdout, stderr)
	}
	start, commit := time.Now(), gitCommit()
	runs := plan(exps, o)
	hist, pending := resume(runs, o.Out)
	fmt.Fprintf(stderr, "figures: %d runs of %d experiments into %s: %d already finished, %d to train on %d workers (estimated %s of compute)\n",
		len(runs), len(exps), o.Out, len(runs)-len(pending), len(pending), o.Workers, estimate(pending, o.Workers))
	trained, err := train(ctx, o, pending, hist, stderr)
	if trained > 0 {
		inv := Invocation{Started: start, Wall: time.Since(start), Trained: trained, Workers: o.Workers, Commit: commit}
		if lerr := appendLedger(o.Out, inv); lerr != nil && err == nil {
			err = lerr
		}
	}
	if err != nil {
		return err
	}
	s := Summary{Opts: o, Ran: len(pending), Resumed: len(runs) - len(pending), Started: start}
	return report(s, exps, hist, stdout)
}

// report writes the figures and the summary of the experiments' runs.
func report(s Summary, exps []Experiment, hist map[string][]History, stdout io.Writer) error {
	o := s.Opts
	ledger, err := readLedger(o.Out)
	if err != nil {
		return err
	}
	s.Ledger = ledger
	for _, hs := range hist {
		sort.Slice(hs, func(i, j int) bool { return hs[i].Seed < hs[j].Seed })
	}
	s.ThesisOnly = len(exps) > 0
	for _, e := range exps {
		s.Rows = append(s.Rows, summarise(e, hist[e.Name])...)
		s.ThesisOnly = s.ThesisOnly && e.Thesis
	}
	if slices.ContainsFunc(exps, func(e Experiment) bool { return e.Thesis }) && thesisComplete(hist) {
		if s.Thesis, err = newThesis(hist, o.SpanSymbols); err != nil {
			return err
		}
	}
	written, err := writeFigures(o.Out, exps, hist, s.Thesis)
	if err != nil {
		return err
	}
	s.Finished = time.Now()
	s.Wall = s.Finished.Sub(s.Started)
	summaries, err := writeSummary(o.Out, s, written)
	if err != nil {
		return err
	}
	if s.Thesis != nil {
		written = append(written, "thesis.json")
	}
	fmt.Fprintf(stdout, "wrote %s and %s to %s in %s\n", strings.Join(written, ", "), summaries, o.Out, roundDuration(s.Wall))
	return nil
}

// resume loads the runs already finished under out and returns them by
// experiment, with the runs still to train.
func resume(runs []Run, out string) (map[string][]History, []Run) {
	hist := map[string][]History{}
	var pending []Run
	for _, r := range runs {
		if h, ok := r.finished(out); ok {
			hist[r.Exp.Name] = append(hist[r.Exp.Name], h)
		} else {
			pending = append(pending, r)
		}
	}
	return hist, pending
}

// estimate guesses the wall time of runs on the given workers.
func estimate(runs []Run, workers int) string {
	var us float64
	for _, r := range runs {
		us += r.cost()
	}
	return roundDuration(time.Duration(us/float64(workers)) * time.Microsecond)
}

// train runs the pending runs with a progress bar, adding each finished
// history to hist, and returns how many finished. Interrupted, it returns
// errInterrupted naming how many runs were kept.
func train(ctx context.Context, o Options, pending []Run, hist map[string][]History, stderr io.Writer) (int, error) {
	if len(pending) == 0 {
		return 0, nil
	}
	prog := newProgress(pending, stderr)
	pool := &Pool{
		Out: o.Out, Workers: o.Workers, Progress: prog.add,
		Done: func(r Run, h History) {
			hist[r.Exp.Name] = append(hist[r.Exp.Name], h)
			prog.finished()
		},
	}
	err := pool.Execute(ctx, pending)
	done := prog.close(err == nil)
	if errors.Is(err, context.Canceled) {
		return done, fmt.Errorf("%w: kept %d finished runs (of %d) in %s; run again with the same -out to resume",
			errInterrupted, done, len(pending), o.Out)
	}
	return done, err
}

// writeSummary writes summary.md, summary.csv and index.html (a page with
// the figures and the table), and says what it wrote. A report of the
// thesis experiments alone into a folder that already has a summary (the
// full one, typically) replaces only the thesis sections of summary.md and
// index.html and leaves summary.csv alone, so that -experiments thesis
// adds its figure to the results instead of overwriting them.
func writeSummary(out string, s Summary, images []string) (string, error) {
	md, page := filepath.Join(out, "summary.md"), filepath.Join(out, "index.html")
	if s.ThesisOnly && s.Thesis != nil && exists(md) && exists(page) {
		if err := spliceFile(md, s.Thesis.markdown(), ""); err != nil {
			return "", err
		}
		section, err := s.Thesis.html()
		if err != nil {
			return "", err
		}
		if err := spliceFile(page, section, htmlAnchor); err != nil {
			return "", err
		}
		return "the thesis sections of summary.md and index.html", nil
	}
	if err := writeAtomic(filepath.Join(out, "summary.csv"), s.writeCSV); err != nil {
		return "", err
	}
	if err := writeAtomic(md, s.writeMarkdown); err != nil {
		return "", err
	}
	return "summary.md, summary.csv, index.html", writeAtomic(page, func(w io.Writer) error { return s.writeHTML(w, images) })
}

// exists reports whether a file exists.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// spliceFile replaces the thesis section of the file at path (from
// thesisBegin to thesisEnd) with section; a file without one gets it
// before anchor, or at its end.
func spliceFile(path, section, anchor string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	doc := splice(string(data), section, anchor)
	return writeAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, doc); return err })
}

// splice returns doc with its thesis section replaced by section (which
// carries its own markers and ends with a newline), or with section added
// before anchor, or at the end after a blank line.
func splice(doc, section, anchor string) string {
	if i := strings.Index(doc, thesisBegin); i >= 0 {
		if j := strings.Index(doc[i:], thesisEnd); j >= 0 {
			end := i + j + len(thesisEnd)
			if end < len(doc) && doc[end] == '\n' {
				end++
			}
			return doc[:i] + section + doc[end:]
		}
	}
	if anchor != "" {
		if k := strings.Index(doc, anchor); k >= 0 {
			return doc[:k] + section + doc[k:]
		}
	}
	return strings.TrimRight(doc, "\n") + "\n\n" + section
}
