// Package linkstate reads and writes the demo page's share link: the URL
// fragment (#task=hard&seed=1&preset=paper&play=1&...) that holds a run's
// whole setup, one key per setting.
//
// Parsing never fails: a bad or unknown value is replaced by the value the
// key falls back to, and reported as a Problem naming the key, the value
// given and the value used instead, so the page can show it. Writing is
// canonical: Format(s) parsed again gives s back with no problems.
//
// The keys that are settings of a run (task, p, l, span, text, preset, seed
// and the hyperparameters) are read and checked through the one table of
// settings, engine.Settings; the others (n, speed, play, stop, at, switch, race,
// hide, only, tour, big, contrast) belong to the link. Describe gives the page all of it.
//
// The package is pure Go (no syscall/js) so that it is tested and fuzzed
// natively; the WebAssembly programs call it.
package linkstate

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/core/race"
	"github.com/diffstruct/diffstruct/core/settings"
	"github.com/diffstruct/diffstruct/core/task"
)

// MaxFixedSize is the largest network size the fixed preset accepts from a link.
const MaxFixedSize = 100

// DefaultFixedSize is the network size of the fixed preset when a link gives none.
const DefaultFixedSize = 40

// Speed is one step of the page's speed control. A step is named in
// symbols or in cycles, and means what it says whatever a run's window:
// "10 cycles/s" runs ten training cycles a second under every preset.
type Speed struct {
	Name  string `json:"name"`  // the value of the speed key
	Label string `json:"label"` // what the page shows
	// Symbols and Cycles are the step's speed per second, in the unit it is
	// named in (at most one is set; neither: as fast as the machine allows).
	Symbols float64 `json:"symbols,omitempty"`
	Cycles  float64 `json:"cycles,omitempty"`
	// Lesson marks the lesson pace (package wasm/tempo): as fast as the
	// machine allows between births and deaths, slowing down at each.
	Lesson bool `json:"lesson,omitempty"`
	// Help says what the step does, when its label cannot.
	Help string `json:"help,omitempty"`
}

// SymbolsPerSecond returns the step's speed in symbols read a second by a
// run that reads window symbols a cycle (0: as fast as possible).
func (sp Speed) SymbolsPerSecond(window int) float64 {
	if sp.Symbols > 0 {
		return sp.Symbols
	}
	return sp.Cycles * float64(window)
}

// CyclesPerSecond returns the step's speed in training cycles a second for
// a run that reads window symbols a cycle (0: as fast as possible).
func (sp Speed) CyclesPerSecond(window int) float64 {
	if sp.Symbols > 0 && window > 0 {
		return sp.Symbols / float64(window)
	}
	return sp.Cycles
}

// Speeds lists the speed control's steps, slowest first. The slow steps show
// one symbol at a time so that a learner can follow the prediction.
var Speeds = []Speed{
	{Name: "1sym", Label: "1 symbol/s (slow motion)", Symbols: 1},
	{Name: "4sym", Label: "4 symbols/s", Symbols: 4},
	{Name: "1", Label: "1 cycle/s", Cycles: 1},
	{Name: "10", Label: "10 cycles/s", Cycles: 10},
	{Name: "100", Label: "100 cycles/s", Cycles: 100},
	{Name: "1000", Label: "1,000 cycles/s", Cycles: 1000},
	{Name: "lesson", Label: "lesson pace", Lesson: true,
		Help: "Fast between changes; each birth and death holds the run still for a second so you can watch it."},
	{Name: "max", Label: "as fast as possible"},
}

// DefaultSpeed is the speed a link without a speed key uses: the lesson
// pace, so that a first Play shows the births one at a time. Links with a
// speed key keep theirs.
const DefaultSpeed = "lesson"

// MaxAt is the furthest cycle a warm-start link (the at key) trains to
// before showing the run: about ten minutes at full speed in a browser.
const MaxAt = 1000000

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

// Hypers returns the hyperparameters a link can set, in the order links and
// the page show them: the numeric rows of engine.Settings marked Link that
// are not fields of the task.
func Hypers() []*settings.Setting {
	var out []*settings.Setting
	for _, row := range engine.Settings {
		if row.Link && row.Group == "" && (row.Type == settings.Float || row.Type == settings.Int) {
			out = append(out, row)
		}
	}
	return out
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
	Rev    int     // the preset's revision (engine.PresetAt); 0: the newest
	N      int     // fixed preset: the network size
	Seed   uint64
	Hyper  map[string]float64 // overrides of the preset's hyperparameters, by the key of a Hypers() row
	// revGiven: the fragment being read gave a rev key (Update applies it
	// after every other key, since choosing a preset resets the revision).
	revGiven bool
	revValue int
	Speed    string   // a Speeds name
	Play     bool     // start playing when the page opens
	Stop     int      // pause when the run reaches this cycle (0: never)
	At       int      // warm start: open the run already trained to this cycle (0: from the start)
	Switch   []Switch // task switches made during the run, in cycle order
	Race     []int    // race mode: the fixed sizes racing the growing network (none: no race)
	Hide     []string // lesson links: the page parts hidden (Parts names, in Parts order)
	Tour     bool     // start the guided tour on opening
	// Big is projector mode: the view's text, nodes and lines enlarged for
	// a room (the big key, written only when on).
	Big bool
	// Contrast is the high-contrast theme (the contrast key, written only
	// when on; a browser asking for more contrast gets it without the key).
	Contrast bool
	// Model is the model family: "" (ModelSequence, the recurrent run the
	// keys above set) or ModelFF, whose setup is FF.
	Model string
	FF    FFState // the feed-forward run (model=ff); zero for a sequence link
}

// Part is a control or panel of the page that a lesson link can hide.
type Part struct {
	Name  string `json:"name"`  // the name in the hide and only keys
	Label string `json:"label"` // what it is
}

// Parts lists the page parts a lesson link can hide, in page order.
var Parts = []Part{
	{"header", "the title and introduction"},
	{"graph", "the network drawing"},
	{"timeline", "the rewind slider under the drawing"},
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

// Kinds of Problem.
const (
	Invalid  = "invalid"  // a bad value, replaced by the fallback
	Unknown  = "unknown"  // a key the link reader does not know, ignored
	Repeated = "repeated" // a key given more than once: the last value is used
	Conflict = "conflict" // settings that do not fit together
)

// Problem reports a key whose value could not be used. It travels to the
// page as JSON.
type Problem struct {
	Key        string `json:"key"`                  // the key as written in the link
	Value      string `json:"value"`                // the value as written (decoded)
	Fallback   string `json:"fallback,omitempty"`   // the value used instead ("" when the key is ignored)
	Reason     string `json:"reason"`               // why the value was refused, a sentence from the settings table
	Kind       string `json:"kind,omitempty"`       // Invalid, Unknown, Repeated or Conflict
	Suggestion string `json:"suggestion,omitempty"` // Unknown: the nearest known key, if any
	Err        error  `json:"-"`                    // the typed error behind Reason, if any
}

// String returns the message the page shows.
func (p Problem) String() string {
	switch {
	case p.Kind == Repeated:
		return fmt.Sprintf("link key %s %s: using %s=%s", p.Key, p.Reason, p.Key, p.Fallback)
	case p.Suggestion != "":
		return fmt.Sprintf("link key %s=%q ignored: %s (did you mean %s?)", p.Key, p.Value, p.Reason, p.Suggestion)
	case p.Fallback == "":
		return fmt.Sprintf("link key %s=%q ignored: %s", p.Key, p.Value, p.Reason)
	}
	return fmt.Sprintf("link key %s=%q is not valid: %s; using %s", p.Key, p.Value, p.Reason, p.Fallback)
}

// reason returns an error's sentence without its field's name, for a
// Problem whose key already names the field.
func reason(err error) string {
	var fe *settings.FieldError
	var te *task.TextError
	switch {
	case errors.As(err, &fe):
		return fe.Reason()
	case errors.As(err, &te):
		return te.Reason()
	}
	return err.Error()
}

// Default returns the setup of a link with no keys.
func Default() State {
	return State{Task: task.Easy, Preset: engine.PresetPaper, N: DefaultFixedSize, Seed: 1, Speed: DefaultSpeed}
}

// Parse reads a fragment (with or without the leading '#') over the defaults.
//
// A link without a rev key was made before its preset had revisions, so it
// opens the preset's first revision: the run it opened when it was made.
func Parse(fragment string) (State, []Problem) {
	s, probs, rev := Default().update(fragment)
	if !rev && engine.PresetRevisions(s.Preset) > 1 {
		s.Rev = 1
	}
	return s, probs
}

// Update returns s with the fragment's keys applied. A key whose value is
// bad keeps the value it has in s and yields a Problem; so do unknown keys.
func (s State) Update(fragment string) (State, []Problem) {
	s, probs, _ := s.update(fragment)
	return s, probs
}

// Set returns s with one key set to a value given as it is, not escaped as
// in a link: the page's controls use it, so that a pasted text with '&',
// '+', '%', '=', '#' or newlines arrives exactly as typed. A bad value keeps
// the value the key has in s and yields a Problem, as in Update.
func (s State) Set(key, value string) (State, []Problem) {
	s, probs, _ := s.apply([]pair{{key: key, val: value}})
	return s, probs
}

// pair is one key and its decoded value.
type pair struct{ key, val string }

// update is Update, also reporting whether the fragment gave a rev key.
func (s State) update(fragment string) (State, []Problem, bool) {
	var pairs []pair
	var probs []Problem
	fragment = strings.TrimPrefix(fragment, "#")
	for _, raw := range strings.Split(fragment, "&") {
		if raw == "" {
			continue
		}
		rawKey, rawVal, _ := strings.Cut(raw, "=")
		key, err := url.QueryUnescape(rawKey)
		if err != nil {
			probs = append(probs, Problem{Key: rawKey, Value: rawVal, Kind: Invalid, Reason: "badly escaped key"})
			continue
		}
		val, err := url.QueryUnescape(rawVal)
		if err != nil {
			probs = append(probs, Problem{Key: key, Value: rawVal, Fallback: s.value(key), Kind: Invalid, Reason: "badly escaped value"})
			continue
		}
		pairs = append(pairs, pair{key, val})
	}
	s, more, rev := s.apply(pairs)
	return s, append(probs, more...), rev
}

// apply sets the keys in order, reporting refused, unknown and repeated
// keys, then checks the whole state; it also reports whether a rev key
// was given.
func (s State) apply(pairs []pair) (State, []Problem, bool) {
	s = s.clone()
	// The model key decides what the others mean: it is applied first.
	pairs = slices.Clone(pairs)
	slices.SortStableFunc(pairs, func(a, b pair) int {
		return boolInt(b.key == "model") - boolInt(a.key == "model")
	})
	var probs []Problem
	var given []string              // known keys in first-seen order
	values := map[string][]string{} // the values given for each known key
	for _, kv := range pairs {
		key, val := kv.key, kv.val
		p, ok := s.set(key, val)
		if !ok {
			probs = append(probs, p)
		}
		if ok || p.Kind != Unknown {
			k := key
			if k == "only" {
				k = "hide" // both set the hidden parts
			}
			if values[k] == nil {
				given = append(given, k)
			}
			values[k] = append(values[k], val)
		}
	}
	rev := s.revGiven
	if rev {
		s.Rev = s.revValue
	}
	s.revGiven, s.revValue = false, 0
	for _, k := range given {
		if n := len(values[k]); n > 1 {
			probs = append(probs, Problem{Key: k, Value: values[k][n-1], Fallback: s.value(k), Kind: Repeated,
				Reason: fmt.Sprintf("is given %d times (%s)", n, strings.Join(values[k], ", "))})
		}
	}
	probs = append(probs, s.check()...)
	return s, probs, rev
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
	if s.FF.Race != nil {
		r := make([][]int, len(s.FF.Race))
		for i, sh := range s.FF.Race {
			r[i] = slices.Clone(sh)
		}
		s.FF.Race = r
	}
	s.FF.Placed = slices.Clone(s.FF.Placed)
	return s
}

// set applies one key; on failure s is unchanged and the Problem says why.
func (s *State) set(key, val string) (Problem, bool) {
	bad := func(reason string) (Problem, bool) {
		return Problem{Key: key, Value: val, Fallback: s.value(key), Kind: Invalid, Reason: reason}, false
	}
	badErr := func(err error) (Problem, bool) {
		p, _ := bad(reason(err))
		p.Err = err
		return p, false
	}
	if key == "model" {
		if r := s.setModel(val); r != "" {
			return bad(r)
		}
		return Problem{}, true
	}
	if s.IsFF() {
		if p, ok, handled := s.setFF(key, val); handled {
			return p, ok
		}
	} else if slices.ContainsFunc(ffKeys, func(n settings.Name) bool { return n.Key == key }) {
		return Problem{Key: key, Value: val, Kind: Invalid,
			Reason: "only a feed-forward run reads it (add model=ff to the link)"}, false
	}
	if row, ok := linkRow(key); ok {
		v, err := row.Parse(val)
		if err == nil {
			err = row.Validate(v, s.HyperValue) // keyed bounds are hyperparameters
		}
		if err != nil {
			return badErr(err)
		}
		return s.setRow(row, v)
	}
	switch key {
	case "n":
		v, err := nSetting.Parse(val)
		if err == nil {
			err = nSetting.Validate(v, nil)
		}
		if err != nil {
			return badErr(err)
		}
		s.N = v.(int)
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
	case "rev":
		n, err := strconv.Atoi(val)
		if err != nil || n < 1 || n > maxRevision {
			return bad(fmt.Sprintf("want a preset revision, a whole number in [1, %d]", maxRevision))
		}
		s.revGiven, s.revValue = true, n
	case "at":
		n, err := strconv.Atoi(val)
		if err != nil || n < 0 || n > MaxAt {
			return bad(fmt.Sprintf("want a whole number of cycles in [0, %d]", MaxAt))
		}
		s.At = n
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
	case "big", "contrast":
		b, ok := parseBool(val)
		if !ok {
			return bad("want 1 or 0")
		}
		if key == "big" {
			s.Big = b
		} else {
			s.Contrast = b
		}
	default:
		return Problem{Key: key, Value: val, Kind: Unknown, Reason: "unknown key",
			Suggestion: settings.Suggest(key, linkNames())}, false
	}
	return Problem{}, true
}

// setRow stores a value of a settings-table row; a hyperparameter must also
// fit the rest of the configuration.
func (s *State) setRow(row *settings.Setting, v any) (Problem, bool) {
	switch row.Key {
	case "task":
		s.Task = v.(string)
	case "p":
		s.P = v.(float64)
	case "l":
		s.L = v.(int)
	case "span":
		s.Span = v.(int)
	case "text":
		s.Text = v.(string)
	case "preset":
		if p := v.(string); p != s.Preset {
			s.Preset, s.Rev = p, 0 // a preset chosen now starts at its newest revision
		}
	case "seed":
		s.Seed = v.(uint64)
	default:
		x := toFloat(v)
		old, had := s.Hyper[row.Key]
		if s.Hyper == nil {
			s.Hyper = map[string]float64{}
		}
		s.Hyper[row.Key] = x
		if _, err := s.Config(); err != nil {
			if had {
				s.Hyper[row.Key] = old
			} else {
				delete(s.Hyper, row.Key)
			}
			var fe *settings.FieldError
			msg := err.Error()
			if errors.As(err, &fe) && fe.Key == row.Key {
				msg = fe.Reason()
			}
			return Problem{Key: row.Key, Value: formatFloat(x), Fallback: s.value(row.Key), Kind: Invalid, Reason: msg, Err: err}, false
		}
	}
	return Problem{}, true
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case int:
		return float64(x)
	case float64:
		return x
	}
	return 0
}

// linkRow returns the settings-table row a link key sets, if any.
func linkRow(key string) (*settings.Setting, bool) {
	row, ok := engine.Settings.ByKey(key)
	if !ok || !row.Link || row.Key != key {
		return nil, false
	}
	return row, true
}

// nSetting is the n key, the fixed preset's network size (init_neurons
// under another range), described as a settings row.
var nSetting = &settings.Setting{Key: "n", Field: "n", Type: settings.Int, Min: &settings.Bound{Value: 1},
	Max: &settings.Bound{Value: MaxFixedSize}, Label: "fixed size", Help: "the fixed preset's number of hidden neurons",
	Aliases: []string{"hidden", "size", "neurons", "fixed_size", "width"}}

// maxRevision is the largest rev a link may give (the check against the
// link's preset comes once every key is read).
const maxRevision = 1000

// Revision returns the preset revision the state runs: Rev, or the
// preset's newest when Rev is 0.
func (s State) Revision() int {
	if s.Rev > 0 {
		return s.Rev
	}
	return engine.PresetRevisions(s.Preset)
}

// linkOnly lists the keys that are not settings of a run, with the other
// names people type for them.
var linkOnly = []settings.Name{
	{Key: nSetting.Key, Aliases: nSetting.Aliases},
	{Key: "speed", Aliases: []string{"pace", "fps"}},
	{Key: "play", Aliases: []string{"autoplay", "run", "start"}},
	{Key: "stop", Aliases: []string{"pause", "until", "end"}},
	{Key: "at", Aliases: []string{"warm", "from", "start_at", "skip", "cycle"}},
	{Key: "rev", Aliases: []string{"revision", "preset_revision", "version_of_preset"}},
	{Key: "switch", Aliases: []string{"switches", "schedule_at"}},
	{Key: "race", Aliases: []string{"rivals", "versus", "vs", "compare"}},
	{Key: "hide", Aliases: []string{"hidden_parts"}},
	{Key: "only", Aliases: []string{"show"}},
	{Key: "tour", Aliases: []string{"guide", "lesson"}},
	{Key: "big", Aliases: []string{"projector", "large", "zoom"}},
	{Key: "contrast", Aliases: []string{"high_contrast", "hc"}},
}

// linkNames returns every key a link knows, with its aliases.
func linkNames() []settings.Name {
	return append(append(engine.Settings.Names(true), linkOnly...), ffKeys...)
}

// check resolves problems between keys once all are read: a custom task
// needs a text, and the hyperparameters must suit the preset (a key read
// before the preset was checked against the preset of the moment).
func (s *State) check() []Problem {
	var probs []Problem
	if s.IsFF() {
		probs = s.checkFF()
	}
	if n := engine.PresetRevisions(s.Preset); s.Rev > n {
		probs = append(probs, Problem{Key: "rev", Value: strconv.Itoa(s.Rev), Fallback: strconv.Itoa(n), Kind: Invalid,
			Reason: engine.ErrRevision{Preset: s.Preset, Revision: s.Rev, Max: n}.Error(), Err: engine.ErrRevision{Preset: s.Preset, Revision: s.Rev, Max: n}})
		s.Rev = 0
	}
	if s.Task == task.Custom && s.Text == "" {
		s.Task = task.Easy
		probs = append(probs, Problem{Key: "task", Value: task.Custom, Fallback: task.Easy, Kind: Invalid, Reason: "a custom task needs a text= key"})
	}
	for range len(s.Hyper) + 1 {
		_, err := s.Config()
		if err == nil {
			return probs
		}
		field, msg := "", err.Error()
		var fe *settings.FieldError
		if errors.As(err, &fe) {
			field = fe.Key
		}
		if _, ok := s.Hyper[field]; ok {
			msg = fe.Reason()
		} else if field = s.blame(); field == "" {
			break
		}
		v := s.Hyper[field]
		delete(s.Hyper, field)
		probs = append(probs, Problem{Key: field, Value: formatFloat(v), Fallback: s.value(field), Kind: Conflict, Reason: msg, Err: err})
	}
	// Nothing to blame: start again from the defaults, keeping the seed.
	seed, preset, model, f := s.Seed, s.Preset, s.Model, s.FF
	*s = Default()
	s.Seed, s.Model, s.FF = seed, model, f
	return append(probs, Problem{Key: "preset", Value: preset, Fallback: "the default setup", Kind: Conflict, Reason: "the settings do not fit together"})
}

// blame returns the first hyperparameter override whose removal makes the
// state valid, or "".
func (s *State) blame() string {
	for _, h := range Hypers() {
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
	if len(items) > race.MaxRivals {
		return nil, fmt.Sprintf("at most %d fixed sizes race the growing network", race.MaxRivals)
	}
	out := make([]int, 0, len(items))
	for _, it := range items {
		n, err := strconv.Atoi(strings.TrimSpace(it))
		if err != nil || n < 1 || n > MaxRaceSize {
			return nil, fmt.Sprintf("want %d to %d fixed sizes, each a whole number in [1, %d], separated by commas, e.g. %s",
				race.MinRivals, race.MaxRivals, MaxRaceSize, formatInts(race.DefaultSizes))
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

// value returns key's value in s as Format writes it (the fallback of a bad value).
func (s State) value(key string) string {
	if v, ok := s.ffValue(key); ok {
		return v
	}
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
	case "rev":
		return strconv.Itoa(s.Revision())
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
	case "at":
		return strconv.Itoa(s.At)
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
	case "big":
		return formatBool(s.Big)
	case "contrast":
		return formatBool(s.Contrast)
	}
	if x, ok := s.HyperValue(key); ok {
		return formatFloat(x)
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
	cfg, err := engine.PresetAt(s.Preset, s.N, s.Rev)
	if err != nil {
		return engine.Config{}, err
	}
	cfg.Seed = s.Seed
	cfg.Task = s.Spec()
	for _, h := range Hypers() {
		if x, ok := s.Hyper[h.Key]; ok {
			settings.Set(&cfg, h, x)
		}
	}
	if _, ok := s.Hyper["max_neurons"]; ok && cfg.Rule == engine.RuleFixed && cfg.InitNeurons > cfg.MaxNeurons {
		cfg.InitNeurons = cfg.MaxNeurons
	}
	return cfg, cfg.Validate()
}

// HyperValue returns the value of a hyperparameter: the override if the state
// has one, else the preset's.
func (s State) HyperValue(key string) (float64, bool) {
	if x, ok := s.Hyper[key]; ok {
		return x, true
	}
	row, ok := linkRow(key)
	if !ok || !slices.Contains(Hypers(), row) {
		return 0, false
	}
	cfg, err := engine.PresetAt(s.Preset, s.N, s.Rev)
	if err != nil {
		return 0, false
	}
	return toFloat(settings.Get(&cfg, row)), true
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
	if s.IsFF() {
		formatFF(s, put)
		return b.String()
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
	if engine.PresetRevisions(s.Preset) > 1 {
		put("rev", strconv.Itoa(s.Revision()))
	}
	if s.Preset == engine.PresetFixed || s.N != DefaultFixedSize {
		put("n", strconv.Itoa(s.N))
	}
	put("seed", strconv.FormatUint(s.Seed, 10))
	for _, h := range Hypers() {
		if x, ok := s.Hyper[h.Key]; ok {
			put(h.Key, formatFloat(x))
		}
	}
	put("speed", s.Speed)
	put("play", formatBool(s.Play))
	if s.Stop > 0 {
		put("stop", strconv.Itoa(s.Stop))
	}
	if s.At > 0 {
		put("at", strconv.Itoa(s.At))
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
	formatView(s, put)
	if s.Text != "" {
		put("text", s.Text)
	}
	return b.String()
}

// formatView writes the keys of how the page shows a run (projector mode,
// high contrast), each only when on, so that a link without them reads as
// it always did.
func formatView(s State, put func(k, v string)) {
	if s.Big {
		put("big", "1")
	}
	if s.Contrast {
		put("contrast", "1")
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
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
