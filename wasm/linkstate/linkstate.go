// Package linkstate reads and writes the demo page's share link: the URL
// fragment (#task=hard&seed=1&preset=paper&play=1&...) that holds a run's
// whole setup, one key per setting.
//
// Parsing never fails: a bad or unknown value is replaced by the value the
// key falls back to, and reported as a Problem naming the key, the value
// given and the value used instead, so the page can show it. Writing is
// canonical: Format(s) parsed again gives s back with no problems.
//
// The package is pure Go (no syscall/js) so that it is tested and fuzzed
// natively; the WebAssembly programs call it.
package linkstate

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/core/task"
)

// MaxFixedSize is the largest network size the fixed preset accepts from a link.
const MaxFixedSize = 100

// DefaultFixedSize is the network size of the fixed preset when a link gives none.
const DefaultFixedSize = 40

// Speed is one step of the page's speed control.
type Speed struct {
	Name  string  // the value of the speed key
	Label string  // what the page shows
	Rate  float64 // symbols per second; 0 means as fast as the machine allows
}

// Speeds lists the speed control's steps, slowest first. The slow steps show
// one symbol at a time so that a learner can follow the prediction.
var Speeds = []Speed{
	{"1sym", "1 symbol/s (slow motion)", 1},
	{"4sym", "4 symbols/s", 4},
	{"1", "1 cycle/s", 40},
	{"10", "10 cycles/s", 400},
	{"100", "100 cycles/s", 4000},
	{"1000", "1,000 cycles/s", 40000},
	{"max", "as fast as possible", 0},
}

// DefaultSpeed is the speed a link without a speed key uses.
const DefaultSpeed = "max"

// SpeedByName returns the speed step with the given name.
func SpeedByName(name string) (Speed, bool) {
	for _, s := range Speeds {
		if s.Name == name {
			return s, true
		}
	}
	return Speed{}, false
}

// Switch is a task switch made during a run: at Cycle the task became Task,
// keeping the network.
type Switch struct {
	Cycle int
	Task  string
}

// Hyper is one hyperparameter a link can override, named by its key in
// engine.Config's JSON encoding.
type Hyper struct {
	Key   string
	Label string // what the page shows
	Int   bool   // a whole number
}

// Hypers lists the hyperparameters a link can set, in the order links and
// the page show them.
var Hypers = []Hyper{
	{"learning_rate", "learning rate", false},
	{"l1", "L1 penalty", false},
	{"threshold", "deletion threshold T_D", false},
	{"p_add", "P_add (add a neuron)", false},
	{"p_del", "P_del (delete a neuron)", false},
	{"p_spontaneous", "P_spontaneous", false},
	{"reserve", "reserve neurons k", true},
	{"max_neurons", "max neurons", true},
}

// State is a run's whole setup as a link holds it. Task parameters and
// hyperparameters left at zero (or absent from Hyper) take their defaults.
type State struct {
	Task   string  // the task the run starts with (task.Kinds)
	P      float64 // easy task: probability of a further "ab" (0: default)
	L      int     // hard task: letters per group (0: default)
	Span   int     // schedules: cycles spanned (0: default)
	Text   string  // custom task: the text
	Preset string  // engine.Presets
	N      int     // fixed preset: the network size
	Seed   uint64
	Hyper  map[string]float64 // overrides of the preset's hyperparameters, by Hypers key
	Speed  string             // a Speeds name
	Play   bool               // start playing when the page opens
	Stop   int                // pause when the run reaches this cycle (0: never)
	Switch []Switch           // task switches made during the run, in cycle order
	Race   []int              // race mode: the fixed sizes racing the growing network (none: no race)
	Hide   []string           // lesson links: the page parts hidden (Parts names, in Parts order)
	Tour   bool               // start the guided tour on opening
}

// Part is a control or panel of the page that a lesson link can hide.
type Part struct {
	Name  string // the name in the hide and only keys
	Label string // what it is
}

// Parts lists the page parts a lesson link can hide, in page order.
var Parts = []Part{
	{"header", "the title and introduction"},
	{"graph", "the network drawing"},
	{"legend", "the drawing's legend"},
	{"counters", "the counters (cycles, neurons, loss, floor, task)"},
	{"status", "the speed line under the counters"},
	{"race", "the race panel and its control"},
	{"play", "the play/pause button"},
	{"step", "the step button"},
	{"reset", "the reset button"},
	{"speed", "the speed slider"},
	{"task", "the task menu"},
	{"preset", "the preset menu and fixed size"},
	{"seed", "the seed"},
	{"details", "the hyperparameters and task details"},
	{"stop", "pause at cycle"},
	{"share", "copy link"},
	{"export", "export and import"},
	{"tour", "the tour button"},
	{"keys", "the keyboard help"},
	{"controls", "the whole control panel"},
	{"loss-chart", "the loss chart"},
	{"neuron-chart", "the neuron-count chart"},
	{"charts", "both charts"},
	{"reading", "what the network reads and writes"},
	{"explain", "the explanation"},
	{"footer", "the run fingerprint"},
}

// MaxRaceSize is the largest fixed size a race link accepts.
const MaxRaceSize = 100

// MaxRivals is the most fixed-size networks racing the growing one.
const MaxRivals = 3

// DefaultRace is the race the page offers: the paper's fixed sizes.
var DefaultRace = []int{10, 37, 100}

// Problem reports a key whose value could not be used.
type Problem struct {
	Key      string // the key as written in the link
	Value    string // the value as written (decoded)
	Fallback string // the value used instead ("" when the key is ignored)
	Reason   string // why the value was refused
}

// String returns the message the page shows.
func (p Problem) String() string {
	if p.Fallback == "" {
		return fmt.Sprintf("link key %s=%q ignored: %s", p.Key, p.Value, p.Reason)
	}
	return fmt.Sprintf("link key %s=%q is not valid (%s): using %s", p.Key, p.Value, p.Reason, p.Fallback)
}

// Default returns the setup of a link with no keys.
func Default() State {
	return State{Task: task.Easy, Preset: engine.PresetPaper, N: DefaultFixedSize, Seed: 1, Speed: DefaultSpeed}
}

// Parse reads a fragment (with or without the leading '#') over the defaults.
func Parse(fragment string) (State, []Problem) {
	return Default().Update(fragment)
}

// Update returns s with the fragment's keys applied. A key whose value is
// bad keeps the value it has in s and yields a Problem; so do unknown keys.
func (s State) Update(fragment string) (State, []Problem) {
	s = s.clone()
	var probs []Problem
	fragment = strings.TrimPrefix(fragment, "#")
	for _, pair := range strings.Split(fragment, "&") {
		if pair == "" {
			continue
		}
		rawKey, rawVal, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(rawKey)
		if err != nil {
			probs = append(probs, Problem{Key: rawKey, Value: rawVal, Reason: "badly escaped key"})
			continue
		}
		val, err := url.QueryUnescape(rawVal)
		if err != nil {
			probs = append(probs, Problem{Key: key, Value: rawVal, Fallback: s.value(key), Reason: "badly escaped value"})
			continue
		}
		if p, ok := s.set(key, val); !ok {
			probs = append(probs, p)
		}
	}
	return s, append(probs, s.check()...)
}

// clone returns a copy of s that shares no maps or slices with it.
func (s State) clone() State {
	if s.Hyper != nil {
		h := make(map[string]float64, len(s.Hyper))
		for k, v := range s.Hyper {
			h[k] = v
		}
		s.Hyper = h
	}
	s.Switch = slices.Clone(s.Switch)
	s.Race = slices.Clone(s.Race)
	s.Hide = slices.Clone(s.Hide)
	return s
}

// set applies one key; on failure s is unchanged and the Problem says why.
func (s *State) set(key, val string) (Problem, bool) {
	bad := func(reason string) (Problem, bool) {
		return Problem{Key: key, Value: val, Fallback: s.value(key), Reason: reason}, false
	}
	switch key {
	case "task":
		if !slices.Contains(task.Kinds, val) {
			return bad("want one of " + strings.Join(task.Kinds, ", "))
		}
		s.Task = val
	case "p":
		p, err := strconv.ParseFloat(val, 64)
		if err != nil || !(p > 0 && p < 1) {
			return bad("want a number between 0 and 1")
		}
		s.P = p
	case "l":
		l, err := strconv.Atoi(val)
		if err != nil || l < 2 || l > task.MaxGroupLen {
			return bad(fmt.Sprintf("want a whole number 2..%d", task.MaxGroupLen))
		}
		s.L = l
	case "span":
		n, err := strconv.Atoi(val)
		if err != nil || n < 3 || n > 1e9 {
			return bad("want a whole number of cycles, at least 3")
		}
		s.Span = n
	case "text":
		if _, err := task.TextAlphabet(val); err != nil {
			return bad(strings.TrimPrefix(err.Error(), "task.text: "))
		}
		s.Text = val
	case "preset":
		if !slices.Contains(engine.Presets, val) {
			return bad("want one of " + strings.Join(engine.Presets, ", "))
		}
		s.Preset = val
	case "n":
		n, err := strconv.Atoi(val)
		if err != nil || n < 1 || n > MaxFixedSize {
			return bad(fmt.Sprintf("want a whole number 1..%d", MaxFixedSize))
		}
		s.N = n
	case "seed":
		n, err := strconv.ParseUint(val, 10, 64)
		if err != nil {
			return bad("want a whole number, 0 or more")
		}
		s.Seed = n
	case "speed":
		if _, ok := SpeedByName(val); !ok {
			names := make([]string, len(Speeds))
			for i, sp := range Speeds {
				names[i] = sp.Name
			}
			return bad("want one of " + strings.Join(names, ", "))
		}
		s.Speed = val
	case "play":
		b, ok := parseBool(val)
		if !ok {
			return bad("want 1 or 0")
		}
		s.Play = b
	case "stop":
		n, err := strconv.Atoi(val)
		if err != nil || n < 0 || n > 1e12 {
			return bad("want a cycle number, 0 for none")
		}
		s.Stop = n
	case "switch":
		sw, reason := parseSwitches(val)
		if reason != "" {
			return bad(reason)
		}
		s.Switch = sw
	case "race":
		r, reason := parseRace(val)
		if reason != "" {
			return bad(reason)
		}
		s.Race = r
	case "hide", "only":
		names, reason := parseParts(val)
		if reason != "" {
			return bad(reason)
		}
		if key == "only" {
			names = partsExcept(names)
		}
		s.Hide = names
	case "tour":
		b, ok := parseBool(val)
		if !ok {
			return bad("want 1 or 0")
		}
		s.Tour = b
	default:
		h, ok := hyperByKey(key)
		if !ok {
			return Problem{Key: key, Value: val, Reason: "unknown key"}, false
		}
		x, err := strconv.ParseFloat(val, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || (h.Int && x != math.Trunc(x)) {
			if h.Int {
				return bad("want a whole number")
			}
			return bad("want a number")
		}
		old, had := s.Hyper[key]
		if s.Hyper == nil {
			s.Hyper = map[string]float64{}
		}
		s.Hyper[key] = x
		if _, err := s.Config(); err != nil {
			if had {
				s.Hyper[key] = old
			} else {
				delete(s.Hyper, key)
			}
			return bad(err.Error())
		}
	}
	return Problem{}, true
}

// check resolves problems between keys once all are read: a custom task
// needs a text, and the hyperparameters must suit the preset (a key read
// before the preset was checked against the preset of the moment).
func (s *State) check() []Problem {
	var probs []Problem
	if s.Task == task.Custom && s.Text == "" {
		s.Task = task.Easy
		probs = append(probs, Problem{Key: "task", Value: task.Custom, Fallback: task.Easy, Reason: "a custom task needs a text= key"})
	}
	for range len(Hypers) + 1 {
		_, err := s.Config()
		if err == nil {
			return probs
		}
		field, _, _ := strings.Cut(err.Error(), ":")
		if _, ok := s.Hyper[field]; !ok {
			field = s.blame()
			if field == "" {
				break
			}
		}
		v := s.Hyper[field]
		delete(s.Hyper, field)
		probs = append(probs, Problem{Key: field, Value: formatFloat(v), Fallback: s.value(field), Reason: err.Error()})
	}
	// Nothing to blame: start again from the defaults, keeping the seed.
	seed, preset := s.Seed, s.Preset
	*s = Default()
	s.Seed = seed
	return append(probs, Problem{Key: "preset", Value: preset, Fallback: "the default setup", Reason: "the settings do not fit together"})
}

// blame returns the first hyperparameter override whose removal makes the
// state valid, or "".
func (s *State) blame() string {
	for _, h := range Hypers {
		v, ok := s.Hyper[h.Key]
		if !ok {
			continue
		}
		delete(s.Hyper, h.Key)
		_, err := s.Config()
		s.Hyper[h.Key] = v
		if err == nil {
			return h.Key
		}
	}
	return ""
}

func parseBool(v string) (bool, bool) {
	switch strings.ToLower(v) {
	case "1", "true", "yes", "on":
		return true, true
	case "0", "false", "no", "off", "":
		return false, true
	}
	return false, false
}

// parseSwitches reads "hard@1200,easy@5000".
func parseSwitches(v string) ([]Switch, string) {
	if v == "" {
		return nil, ""
	}
	var out []Switch
	for _, item := range strings.Split(v, ",") {
		kind, at, ok := strings.Cut(item, "@")
		c, err := strconv.Atoi(at)
		switch {
		case !ok || err != nil || c < 1 || c > 1e12:
			return nil, "want task@cycle items separated by commas, e.g. hard@5000"
		case !slices.Contains(task.Kinds, kind):
			return nil, fmt.Sprintf("%q is not a task", kind)
		case len(out) > 0 && c <= out[len(out)-1].Cycle:
			return nil, "switch cycles must increase"
		}
		out = append(out, Switch{Cycle: c, Task: kind})
	}
	return out, ""
}

// parseRace reads "10,37,100": one to MaxRivals fixed sizes; "" or "0" or "off" is no race.
func parseRace(v string) ([]int, string) {
	if v == "" || v == "0" || v == "off" {
		return nil, ""
	}
	items := strings.Split(v, ",")
	if len(items) > MaxRivals {
		return nil, fmt.Sprintf("at most %d fixed sizes race the growing network", MaxRivals)
	}
	out := make([]int, 0, len(items))
	for _, it := range items {
		n, err := strconv.Atoi(strings.TrimSpace(it))
		if err != nil || n < 1 || n > MaxRaceSize {
			return nil, fmt.Sprintf("want 1 to %d fixed sizes 1..%d separated by commas, e.g. 10,37,100", MaxRivals, MaxRaceSize)
		}
		out = append(out, n)
	}
	return out, ""
}

// parseParts reads "play,graph": known part names, returned in Parts order
// without repeats.
func parseParts(v string) ([]string, string) {
	want := map[string]bool{}
	for _, it := range strings.Split(v, ",") {
		it = strings.TrimSpace(it)
		if it == "" {
			continue
		}
		if _, ok := partByName(it); !ok {
			return nil, fmt.Sprintf("%q is not a part of the page (want names such as play, graph, charts, controls)", it)
		}
		want[it] = true
	}
	var out []string
	for _, p := range Parts {
		if want[p.Name] {
			out = append(out, p.Name)
		}
	}
	return out, ""
}

// partsExcept returns every part name not in keep, in Parts order. Keeping
// a control keeps the control panel that holds it, and keeping a chart keeps
// the charts section.
func partsExcept(keep []string) []string {
	k := map[string]bool{}
	for _, n := range keep {
		k[n] = true
		switch n {
		case "play", "step", "reset", "speed", "task", "preset", "seed", "details", "stop", "share", "export", "tour", "keys":
			k["controls"] = true
		case "loss-chart", "neuron-chart":
			k["charts"] = true
		case "charts":
			k["loss-chart"], k["neuron-chart"] = true, true
		case "controls":
			for _, c := range []string{"play", "step", "reset", "speed", "task", "preset", "seed", "details", "stop", "share", "export", "tour", "keys"} {
				k[c] = true
			}
		}
	}
	var out []string
	for _, p := range Parts {
		if !k[p.Name] {
			out = append(out, p.Name)
		}
	}
	return out
}

func partByName(name string) (Part, bool) {
	for _, p := range Parts {
		if p.Name == name {
			return p, true
		}
	}
	return Part{}, false
}

func hyperByKey(key string) (Hyper, bool) {
	for _, h := range Hypers {
		if h.Key == key {
			return h, true
		}
	}
	return Hyper{}, false
}

// value returns key's value in s as Format writes it (the fallback of a bad value).
func (s State) value(key string) string {
	switch key {
	case "task":
		return s.Task
	case "p":
		return formatFloat(s.Spec().P)
	case "l":
		return strconv.Itoa(s.Spec().L)
	case "span":
		return strconv.Itoa(s.Spec().Span)
	case "text":
		if s.Text == "" {
			return "no text"
		}
		return strconv.Quote(s.Text)
	case "preset":
		return s.Preset
	case "n":
		return strconv.Itoa(s.N)
	case "seed":
		return strconv.FormatUint(s.Seed, 10)
	case "speed":
		return s.Speed
	case "play":
		return formatBool(s.Play)
	case "stop":
		return strconv.Itoa(s.Stop)
	case "switch":
		if len(s.Switch) == 0 {
			return "no switches"
		}
		return formatSwitches(s.Switch)
	case "race":
		if len(s.Race) == 0 {
			return "no race"
		}
		return formatInts(s.Race)
	case "hide", "only":
		if len(s.Hide) == 0 {
			return "nothing hidden"
		}
		return "hide=" + strings.Join(s.Hide, ",")
	case "tour":
		return formatBool(s.Tour)
	}
	if _, ok := hyperByKey(key); ok {
		if x, ok := s.HyperValue(key); ok {
			return formatFloat(x)
		}
	}
	return ""
}

// Spec returns the task the run starts with.
func (s State) Spec() task.Spec {
	spec := task.Spec{Kind: s.Task, P: s.P, L: s.L, Span: s.Span}
	if s.Task == task.Custom {
		spec.Text = s.Text
	}
	if s.Preset == engine.PresetPaperV1 && spec.L == 0 {
		spec.L = 5 // the first version's hard task
	}
	return spec.WithDefaults()
}

// SpecFor returns the task spec of kind with s's task parameters.
func (s State) SpecFor(kind string) task.Spec {
	c := s
	c.Task = kind
	return c.Spec()
}

// Config returns the engine configuration the state describes.
func (s State) Config() (engine.Config, error) {
	cfg, err := engine.Preset(s.Preset, s.N)
	if err != nil {
		return engine.Config{}, err
	}
	cfg.Seed = s.Seed
	cfg.Task = s.Spec()
	for _, h := range Hypers {
		x, ok := s.Hyper[h.Key]
		if !ok {
			continue
		}
		switch h.Key {
		case "learning_rate":
			cfg.LearningRate = x
		case "l1":
			cfg.L1 = x
		case "threshold":
			cfg.Threshold = x
		case "p_add":
			cfg.PAdd = x
		case "p_del":
			cfg.PDel = x
		case "p_spontaneous":
			cfg.PSpontaneous = x
		case "reserve":
			cfg.Reserve = int(x)
		case "max_neurons":
			cfg.MaxNeurons = int(x)
			if cfg.Rule == engine.RuleFixed && cfg.InitNeurons > cfg.MaxNeurons {
				cfg.InitNeurons = cfg.MaxNeurons
			}
		}
	}
	return cfg, cfg.Validate()
}

// HyperValue returns the value of a hyperparameter: the override if the state
// has one, else the preset's.
func (s State) HyperValue(key string) (float64, bool) {
	if x, ok := s.Hyper[key]; ok {
		return x, true
	}
	cfg, err := engine.Preset(s.Preset, s.N)
	if err != nil {
		return 0, false
	}
	switch key {
	case "learning_rate":
		return cfg.LearningRate, true
	case "l1":
		return cfg.L1, true
	case "threshold":
		return cfg.Threshold, true
	case "p_add":
		return cfg.PAdd, true
	case "p_del":
		return cfg.PDel, true
	case "p_spontaneous":
		return cfg.PSpontaneous, true
	case "reserve":
		return float64(cfg.Reserve), true
	case "max_neurons":
		return float64(cfg.MaxNeurons), true
	}
	return 0, false
}

// Format writes s as a fragment without the leading '#'. The main keys are
// always written; task parameters, hyperparameters, stop and switches only
// when they differ from their defaults. Values are escaped.
func Format(s State) string {
	var b strings.Builder
	put := func(k, v string) {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(v))
	}
	put("task", s.Task)
	if s.P != 0 && s.P != task.DefaultP {
		put("p", formatFloat(s.P))
	}
	if s.L != 0 && !(s.L == task.DefaultL && s.Preset != engine.PresetPaperV1) {
		put("l", strconv.Itoa(s.L))
	}
	if s.Span != 0 && s.Span != task.DefaultSpan {
		put("span", strconv.Itoa(s.Span))
	}
	put("preset", s.Preset)
	if s.Preset == engine.PresetFixed || s.N != DefaultFixedSize {
		put("n", strconv.Itoa(s.N))
	}
	put("seed", strconv.FormatUint(s.Seed, 10))
	for _, h := range Hypers {
		if x, ok := s.Hyper[h.Key]; ok {
			put(h.Key, formatFloat(x))
		}
	}
	put("speed", s.Speed)
	put("play", formatBool(s.Play))
	if s.Stop > 0 {
		put("stop", strconv.Itoa(s.Stop))
	}
	if len(s.Switch) > 0 {
		put("switch", formatSwitches(s.Switch))
	}
	if len(s.Race) > 0 {
		put("race", formatInts(s.Race))
	}
	if len(s.Hide) > 0 {
		put("hide", strings.Join(s.Hide, ","))
	}
	if s.Tour {
		put("tour", "1")
	}
	if s.Text != "" {
		put("text", s.Text)
	}
	return b.String()
}

func formatFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func formatBool(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func formatInts(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.Itoa(x)
	}
	return strings.Join(parts, ",")
}

func formatSwitches(sw []Switch) string {
	parts := make([]string, len(sw))
	for i, x := range sw {
		parts[i] = fmt.Sprintf("%s@%d", x.Task, x.Cycle)
	}
	return strings.Join(parts, ",")
}
