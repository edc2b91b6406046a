package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Scale-out: -plan prints every run of the chosen experiments as one shell
// command a line; each command (-run) trains one run into the output folder
// unless it is already there, and -report draws the figures and the summary
// from whatever runs the folder holds. Any job runner (GNU parallel over
// ssh, a Slurm job array, a Kubernetes Indexed Job) can then spread the
// lines over many machines sharing the folder: runs are deterministic and
// each one is written atomically into its own file.

// defaultCmd is how a plan's lines start unless -cmd says otherwise: it
// works from the repository's root on any machine with Go.
const defaultCmd = "go run ./tools/figures"

// Mode is what an invocation does.
type Mode int

// The command's modes.
const (
	ModeAll    Mode = iota // train what is missing, then report (the default)
	ModePlan               // print one command per run
	ModeRun                // train one run (a plan's line)
	ModeReport             // report from the runs on disk
)

// mode returns the mode the flags ask for, or an error if they ask for two.
func (o Options) mode() (Mode, error) {
	var modes []Mode
	if o.Plan {
		modes = append(modes, ModePlan)
	}
	if o.RunOne != "" {
		modes = append(modes, ModeRun)
	}
	if o.Report {
		modes = append(modes, ModeReport)
	}
	switch len(modes) {
	case 0:
		return ModeAll, nil
	case 1:
		return modes[0], nil
	}
	return ModeAll, errors.New("-plan, -run and -report: give at most one of them")
}

// validateModes checks the scale-out flags.
func (o Options) validateModes() error {
	m, err := o.mode()
	if err != nil {
		return err
	}
	if m == ModeRun {
		if _, err := experimentNamed(o.RunOne); err != nil {
			return err
		}
		if o.Seed < 1 || o.Seed > 1000 {
			return fmt.Errorf("-seed: %d is out of range (want 1..1000)", o.Seed)
		}
	} else if o.set["seed"] {
		return errors.New("-seed: only with -run")
	}
	if o.set["cmd"] && m != ModePlan {
		return errors.New("-cmd: only with -plan")
	}
	if strings.TrimSpace(o.Cmd) == "" {
		return errors.New("-cmd: the command must not be empty")
	}
	return nil
}

// experimentNamed returns the experiment of that exact name.
func experimentNamed(name string) (Experiment, error) {
	all := catalogue()
	i := slices.IndexFunc(all, func(e Experiment) bool { return e.Name == name })
	if i < 0 {
		return Experiment{}, fmt.Errorf("-run: %q is not an experiment (want one of %s)", name, strings.Join(experimentNames(all), ", "))
	}
	return all[i], nil
}

// runOf returns the run of experiment e and seed with the options' length.
func runOf(e Experiment, seed uint64, o Options) Run {
	return Run{Exp: e, Seed: seed, Cycles: e.cycles(o)}
}

// Command returns the plan line that trains r into out: cmd followed by
// every flag the run depends on, so that the line means the same on any
// machine whatever the defaults.
func (r Run) Command(cmd, out string) string {
	args := []string{"-run", r.Exp.Name, "-seed", strconv.FormatUint(r.Seed, 10), "-cycles", strconv.Itoa(r.Cycles)}
	switch {
	case r.Exp.V1:
		args = append(args[:4], "-v1-cycles", strconv.Itoa(r.Cycles))
	case r.Exp.Thesis:
		args = append(args[:4], "-thesis-cycles", strconv.Itoa(r.Cycles))
	}
	args = append(args, "-out", out)
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = shellQuote(a)
	}
	return cmd + " " + strings.Join(quoted, " ")
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if shellSafe.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// printPlan writes one command per run, most expensive first so that a
// job runner handing lines out in order finishes its workers together.
func printPlan(o Options, exps []Experiment, stdout io.Writer) error {
	runs := plan(exps, o)
	sort.SliceStable(runs, func(i, j int) bool { return runs[i].cost() > runs[j].cost() })
	for _, r := range runs {
		if _, err := fmt.Fprintln(stdout, r.Command(o.Cmd, o.Out)); err != nil {
			return err
		}
	}
	return nil
}

// runOne trains one run into o.Out unless it is already there, and adds
// a line to the folder's ledger.
func runOne(ctx context.Context, o Options, stderr io.Writer) error {
	e, _ := experimentNamed(o.RunOne)
	r := runOf(e, uint64(o.Seed), o)
	if _, ok := r.finished(o.Out); ok {
		fmt.Fprintf(stderr, "figures: %s seed %d (%d cycles) is already in %s\n", e.Name, r.Seed, r.Cycles, o.Out)
		return nil
	}
	start := time.Now()
	h, err := r.train(ctx, func(Run, int) {})
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("%w: %s seed %d not saved", errInterrupted, e.Name, r.Seed)
	}
	if err != nil {
		return err
	}
	if err := saveHistory(r.Path(o.Out), h); err != nil {
		return err
	}
	inv := Invocation{Started: start, Wall: time.Since(start), Trained: 1, Workers: 1, Commit: gitCommit()}
	if err := appendLedger(o.Out, inv); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "figures: %s seed %d (%d cycles) trained in %s into %s\n", e.Name, r.Seed, r.Cycles, roundDuration(inv.Wall), o.Out)
	return nil
}

// reportOnly draws the figures and the summary from the runs of the
// chosen experiments found in o.Out, naming the ones still missing.
func reportOnly(o Options, exps []Experiment, stdout, stderr io.Writer) error {
	start := time.Now()
	runs := plan(exps, o)
	hist, missing := resume(runs, o.Out)
	if len(missing) == len(runs) {
		return fmt.Errorf("-report: none of the %d runs is in %s yet (same -seeds, -cycles and -experiments as the plan?)", len(runs), o.Out)
	}
	if len(missing) > 0 {
		var names []string
		for _, r := range missing[:min(5, len(missing))] {
			names = append(names, fmt.Sprintf("%s seed %d", r.Exp.Name, r.Seed))
		}
		fmt.Fprintf(stderr, "figures: %d of %d runs are not in %s yet (%s...): reporting the others\n",
			len(missing), len(runs), o.Out, strings.Join(names, ", "))
	}
	var present []Experiment
	for _, e := range exps {
		if len(hist[e.Name]) > 0 {
			present = append(present, e)
		}
	}
	s := Summary{Opts: o, Resumed: len(runs) - len(missing), Started: start}
	return report(s, present, hist, stdout)
}
