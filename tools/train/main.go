// Command train trains one differentiable-structure network headlessly and
// reports how it went: a progress bar on stderr, optionally the metrics
// history as CSV, and with -json one final JSON line on stdout.
//
//	go run ./tools/train -task hard -preset paper -cycles 100000 -seed 1
//	go run ./tools/train -text book.txt -csv run.csv -json
//	go run ./tools/train -preset fixed -size 37 -set learning_rate=0.02
//	go run ./tools/train -cycles 5000 -save net.json && go run ./tools/train -load net.json -cycles 5000
//	go run ./tools/train -task help   (every task with its example and entropy floor)
package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/core/settings"
	"github.com/diffstruct/diffstruct/core/task"
	"github.com/schollz/progressbar/v3"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// options are the command's flags.
type options struct {
	task, preset, text, gate, csvPath, configPath string
	loadPath, savePath                            string
	size, cycles, l, span, every                  int
	seed                                          uint64
	p                                             float64
	set                                           []string
	json, quiet                                   bool
}

// usageError marks errors in how the command was called (exit status 2).
type usageError struct{ error }

// run is the whole command; it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err == nil && o.task == "help" {
		printTasks(stdout)
		return 0
	}
	var cfg engine.Config
	if err == nil {
		cfg, err = buildConfig(o)
	}
	if err != nil {
		fmt.Fprintf(stderr, "train: %v\n", err)
		var ue usageError
		if errors.As(err, &ue) {
			return 2
		}
		return 1
	}
	res, err := train(ctx, cfg, o, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "train: %v\n", err)
		return 1
	}
	if o.json {
		b, err := json.Marshal(res)
		if err != nil {
			fmt.Fprintf(stderr, "train: writing the result: %v\n", err)
			return 1
		}
		fmt.Fprintln(stdout, string(b))
	} else {
		fmt.Fprintf(stderr, "%d cycles in %.1fs: %s, loss %.3f per window (%.4f per symbol)%s\n",
			res.Cycles, res.Seconds, neurons(res.Neurons), res.LossPerWindow, res.LossPerSymbol, floorText(res))
	}
	return 0
}

// neurons writes a neuron count with the right noun: "1 neuron", "7 neurons".
func neurons(n int) string {
	if n == 1 {
		return "1 neuron"
	}
	return fmt.Sprintf("%d neurons", n)
}

// floorText describes the floor and the gap to it, if the task has one,
// and a text's reference lines.
func floorText(r result) string {
	switch {
	case r.FloorPerSymbol == nil:
		s := ", entropy floor unknown (" + r.Task + " text)"
		for _, l := range r.Lines {
			s += fmt.Sprintf(", %s %.4f", l.Name, l.Nats)
		}
		return s
	case r.GapPercent == nil: // a floor of 0
		return fmt.Sprintf(", floor 0 (%+.4f per symbol)", *r.GapPerSymbol)
	}
	return fmt.Sprintf(", floor %.4f per symbol (%+.1f%%)", *r.FloorPerSymbol, *r.GapPercent)
}

// taskUsage is the -task flag's help: every task it takes, each with its
// one-line description.
func taskUsage() string {
	var b strings.Builder
	b.WriteString("task (or use -text); -task help adds examples and entropy floors:")
	for _, g := range task.Gallery() {
		fmt.Fprintf(&b, "\n  %-15s %s", g.Kind, g.Description)
	}
	return b.String() + "\n" // the flag's default on a line of its own
}

// printTasks writes every task -task takes, with its description, an
// example and its entropy floor.
func printTasks(w io.Writer) {
	fmt.Fprintln(w, "Tasks: -task NAME (or -text FILE to learn your own text). Entropy floors in nats per symbol.")
	for _, g := range task.Gallery() {
		floor := fmt.Sprintf("%.4f = %s", g.Floor, g.Formula)
		switch {
		case math.IsNaN(g.Floor):
			floor = "unknown"
			for _, l := range g.Lines {
				floor += fmt.Sprintf(", %s %.4f", l.Name, l.Nats)
			}
		case g.Floor == 0:
			floor = "0"
		case g.Kind == task.EasyHardEasy || g.Kind == task.HardEasy:
			floor = g.Formula
		}
		fmt.Fprintf(w, "\n  %-15s %s\n  %-15s floor: %s\n", g.Kind, g.Description, "", floor)
		if g.Example != "" {
			fmt.Fprintf(w, "  %-15s e.g.   %s\n", "", g.Example)
		}
	}
}

// parseFlags reads the command line.
func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported in one line by run
	fs.StringVar(&o.task, "task", task.Easy, taskUsage())
	fs.StringVar(&o.preset, "preset", engine.PresetPaper, "preset: "+strings.Join(engine.Presets, ", "))
	fs.IntVar(&o.size, "size", 40, "network size for -preset fixed")
	fs.IntVar(&o.cycles, "cycles", 100000, "training cycles (one cycle = one window of symbols)")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed")
	fs.Float64Var(&o.p, "p", task.DefaultP, "easy task: probability of each further \"ab\"")
	fs.IntVar(&o.l, "l", 0, "hard task: letters per group (default 6; 5 with -preset paper-v1)")
	fs.IntVar(&o.span, "span", 0, "schedules: cycles the schedule spans (default: -cycles)")
	fs.StringVar(&o.text, "text", "", "train on the text in this file (its alphabet is the symbols it uses)")
	fs.StringVar(&o.gate, "gate", "", "paper-v1: where multipliers apply: output or everywhere")
	fs.StringVar(&o.configPath, "config", "", "read the whole config from this JSON file (flags given override it)")
	fs.Func("set", "set any setting by its key in the settings table (engine.Settings), e.g. -set threshold=0.03 -set p=0.7 (repeatable)", func(s string) error {
		o.set = append(o.set, s)
		return nil
	})
	fs.StringVar(&o.loadPath, "load", "", "continue the run saved in this network JSON file (-cycles more cycles)")
	fs.StringVar(&o.savePath, "save", "", "save the network and run state as JSON to this file at the end")
	fs.StringVar(&o.csvPath, "csv", "", "write the metrics history to this CSV file")
	fs.IntVar(&o.every, "every", 100, "CSV: one row every this many cycles")
	fs.BoolVar(&o.json, "json", false, "print one final JSON line on stdout")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress bar")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "usage: train [flags]   (trains one network and reports how it went)")
			fs.SetOutput(stderr)
			fs.PrintDefaults()
			return o, err
		}
		return o, usageError{errors.New(firstLine(err.Error()))}
	}
	if fs.NArg() > 0 {
		return o, usageError{fmt.Errorf("unexpected argument %q (flags start with -)", fs.Arg(0))}
	}
	switch {
	case o.cycles < 1:
		return o, usageError{fmt.Errorf("-cycles %d: want at least 1", o.cycles)}
	case o.every < 1:
		return o, usageError{fmt.Errorf("-every %d: want at least 1", o.every)}
	}
	return o, nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// buildConfig turns the options into a validated config.
func buildConfig(o options) (engine.Config, error) {
	cfg, err := engine.Preset(o.preset, o.size)
	if err != nil {
		return cfg, usageError{err}
	}
	if o.configPath != "" {
		data, err := os.ReadFile(o.configPath)
		if err != nil {
			return cfg, fmt.Errorf("-config: %w", err)
		}
		if cfg, err = engine.ParseConfig(data, cfg); err != nil {
			return cfg, usageError{fmt.Errorf("-config %s: %w", o.configPath, err)}
		}
	}
	cfg.Seed = o.seed
	spec := task.Spec{Kind: o.task, P: o.p, L: o.l, Span: o.span}
	if spec.L == 0 {
		spec.L = cfg.Task.L
	}
	if spec.Span == 0 {
		spec.Span = max(o.cycles, 3)
	}
	if o.text != "" {
		text, err := readText(o.text)
		if err != nil {
			return cfg, err
		}
		spec.Kind, spec.Text = task.Custom, text
	}
	cfg.Task = spec.WithDefaults()
	if o.gate != "" {
		cfg.Gate = o.gate
	}
	cfg.PlanLength(o.cycles) // reliable: no restart the run has no time left to use
	if len(o.set) > 0 {
		if cfg, err = applySets(cfg, o.set); err != nil {
			return cfg, usageError{err}
		}
	}
	if err := cfg.Validate(); err != nil {
		return cfg, usageError{err}
	}
	return cfg, nil
}

// readText reads a custom task's text file, refusing binary files.
func readText(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("-text: %w", err)
	}
	if len(data) > task.MaxTextLen {
		return "", fmt.Errorf("-text %s: %d bytes is too large (want at most %d)", path, len(data), task.MaxTextLen)
	}
	if _, err := task.TextAlphabet(string(data)); err != nil {
		var te *task.TextError
		if errors.As(err, &te) && te.Binary() {
			return "", fmt.Errorf("-text %s: a binary file, not text (%w)", path, err)
		}
		return "", fmt.Errorf("-text %s: %w", path, err)
	}
	return string(data), nil
}

// setError is a refused -set: the key=value as given and why, in the words
// of the settings table (the share link says the same).
type setError struct {
	arg string
	err error
}

func (e *setError) Error() string {
	var fe *settings.FieldError
	var ue *engine.UnknownKeyError
	switch {
	case errors.As(e.err, &fe):
		return fmt.Sprintf("-set %s: %s", e.arg, fe.Reason())
	case errors.As(e.err, &ue) && ue.Suggestion != "":
		return fmt.Sprintf("-set %s: unknown field %s (did you mean %s?)", e.arg, ue.Key, ue.Suggestion)
	case errors.As(e.err, &ue):
		// Nothing near: name them all, so the next try can be right.
		var keys []string
		for _, n := range engine.Settings.Names(false) {
			keys = append(keys, n.Key)
		}
		return fmt.Sprintf("-set %s: unknown field %s (the settings: %s)", e.arg, ue.Key, strings.Join(keys, ", "))
	}
	return fmt.Sprintf("-set %s: %v", e.arg, e.err)
}

func (e *setError) Unwrap() error { return e.err }

// applySets applies key=value overrides by the settings table's keys (or
// the config's JSON paths, such as task.p), parsing each value by the
// setting's type. The whole config is validated once all are applied, so
// their order does not matter; a refused field names the -set that gave it.
func applySets(cfg engine.Config, sets []string) (engine.Config, error) {
	given := map[string]string{} // setting path -> the -set argument
	for _, s := range sets {
		k, v, ok := strings.Cut(s, "=")
		if !ok || k == "" {
			return cfg, fmt.Errorf("-set %q: want key=value", s)
		}
		row, ok := engine.Settings.ByKey(k)
		if !ok {
			return cfg, &setError{s, &engine.UnknownKeyError{Key: k, Suggestion: settings.Suggest(k, engine.Settings.Names(false))}}
		}
		x, err := row.Parse(v)
		if err != nil {
			return cfg, &setError{s, err}
		}
		settings.Set(&cfg, row, x)
		given[row.Path()] = s
	}
	if err := cfg.Validate(); err != nil {
		var fe *settings.FieldError
		if errors.As(err, &fe) && given[fe.Field] != "" {
			return cfg, &setError{given[fe.Field], err}
		}
		return cfg, err
	}
	return cfg, nil
}

// result is the final JSON line.
type result struct {
	Cycles         int         `json:"cycles"`
	Neurons        int         `json:"neurons"`
	LossPerWindow  float64     `json:"loss_per_window"`
	LossPerSymbol  float64     `json:"loss_per_symbol"`
	FloorPerSymbol *float64    `json:"floor_per_symbol"` // null for a text (custom or english)
	GapPercent     *float64    `json:"gap_percent"`      // loss above the floor, percent; null for a text or a floor of 0
	GapPerSymbol   *float64    `json:"gap_per_symbol"`   // loss above the floor, nats per symbol; null for a text
	Lines          []task.Line `json:"lines,omitempty"`  // a text's reference losses (unigram, bigram), nats per symbol
	Seconds        float64     `json:"seconds"`
	CyclesPerSec   float64     `json:"cycles_per_second"`
	Interrupted    bool        `json:"interrupted,omitempty"`
	Task           string      `json:"task"`
	Preset         string      `json:"preset"`
	Seed           uint64      `json:"seed"`
	Sample         string      `json:"sample"`
}

// train runs the engine, showing progress and writing the CSV.
func train(ctx context.Context, cfg engine.Config, o options, stderr io.Writer) (result, error) {
	e, err := newEngine(cfg, o.loadPath)
	if err != nil {
		return result{}, err
	}
	cfg = e.Config()
	end := e.Cycle() + o.cycles
	hist, err := newHistory(o.csvPath)
	if err != nil {
		return result{}, err
	}
	bar := progressbar.NewOptions(o.cycles,
		progressbar.OptionSetWriter(stderr), progressbar.OptionSetVisibility(!o.quiet),
		progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("cycles"),
		progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionSetWidth(30),
		progressbar.OptionClearOnFinish())
	start := time.Now()
	interrupted := false
	var stepErr error
	for e.Cycle() < end {
		if e.Cycle()%256 == 0 && ctx.Err() != nil {
			interrupted = true
			break
		}
		if stepErr = e.Step(); stepErr != nil {
			break
		}
		if e.Cycle()%o.every == 0 {
			hist.add(e)
		}
		if e.Cycle()%500 == 0 {
			bar.Describe(fmt.Sprintf("%s, loss %.3f/window", neurons(e.N()), e.Loss()))
			_ = bar.Set(e.Cycle() + o.cycles - end)
		}
	}
	_ = bar.Finish()
	if err := hist.close(); err != nil {
		return result{}, err
	}
	if stepErr != nil {
		return result{}, stepErr
	}
	if o.savePath != "" {
		if err := save(e, o.savePath); err != nil {
			return result{}, err
		}
	}
	return summarize(e, cfg, time.Since(start), interrupted), nil
}

// newEngine starts a run from cfg, or continues the one saved at loadPath.
func newEngine(cfg engine.Config, loadPath string) (*engine.Engine, error) {
	if loadPath == "" {
		return engine.New(cfg)
	}
	f, err := os.Open(loadPath)
	if err != nil {
		return nil, fmt.Errorf("-load: %w", err)
	}
	defer f.Close()
	e, err := engine.Load(f)
	if err != nil {
		return nil, fmt.Errorf("-load %s: %w", loadPath, err)
	}
	return e, nil
}

// save writes the run to path, through a temporary file so that a failed
// write never leaves a truncated network behind.
func save(e *engine.Engine, path string) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("-save: %w", err)
	}
	if err := e.Save(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("-save: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("-save: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("-save: %w", err)
	}
	return nil
}

func summarize(e *engine.Engine, cfg engine.Config, took time.Duration, interrupted bool) result {
	r := result{
		Cycles: e.Cycle(), Neurons: e.N(), LossPerWindow: e.Loss(), LossPerSymbol: e.LossPerSymbol(),
		Seconds: took.Seconds(), CyclesPerSec: float64(e.Cycle()) / took.Seconds(), Interrupted: interrupted,
		Task: cfg.Task.Kind, Preset: cfg.Preset, Seed: cfg.Seed, Sample: e.Sample(60),
	}
	if f := e.Floor(); !math.IsNaN(f) {
		gap := e.LossPerSymbol() - f
		r.FloorPerSymbol, r.GapPerSymbol = &f, &gap
		if f > 0 {
			pct := 100 * (e.LossPerSymbol()/f - 1)
			r.GapPercent = &pct
		}
	}
	if ps := e.Phases(); len(ps) > 0 {
		r.Lines = ps[len(ps)-1].Lines
	}
	return r
}

// history writes the metrics CSV.
type history struct {
	f *os.File
	w *csv.Writer
}

func newHistory(path string) (*history, error) {
	if path == "" {
		return &history{}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("-csv: %w", err)
	}
	h := &history{f: f, w: csv.NewWriter(f)}
	h.w.Write([]string{"cycle", "neurons", "loss_per_window", "loss_per_symbol", "floor_per_symbol", "phase"})
	return h, nil
}

func (h *history) add(e *engine.Engine) {
	if h.w == nil {
		return
	}
	h.w.Write([]string{
		strconv.Itoa(e.Cycle()), strconv.Itoa(e.N()),
		strconv.FormatFloat(e.Loss(), 'f', 5, 64), strconv.FormatFloat(e.LossPerSymbol(), 'f', 6, 64),
		strconv.FormatFloat(e.Floor(), 'f', 6, 64), e.Phase(),
	})
}

func (h *history) close() error {
	if h.w == nil {
		return nil
	}
	h.w.Flush()
	if err := h.w.Error(); err != nil {
		h.f.Close()
		return fmt.Errorf("-csv: %w", err)
	}
	return h.f.Close()
}
