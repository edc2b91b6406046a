package engine

import (
	"fmt"

	"github.com/diffstruct/diffstruct/core/settings"
	"github.com/diffstruct/diffstruct/core/task"
)

// Bounds used by the table.
func closed(x float64) *settings.Bound { return &settings.Bound{Value: x} }
func open(x float64) *settings.Bound   { return &settings.Bound{Value: x, Open: true} }
func atMost(key string) *settings.Bound {
	return &settings.Bound{Key: key}
}

// configSettings are Config's own rows, in the order Validate checks them
// (max_neurons before init_neurons, whose bound it is). New fields go at
// the end.
var configSettings = settings.Table{
	{Key: "preset", Field: "preset", Type: settings.Enum, Values: Presets, Link: true,
		Label: "preset", Help: "the set of hyperparameters a run starts from", Aliases: []string{"mode", "version"}},
	{Key: "rule", Field: "rule", Type: settings.Enum, Values: []string{RuleV2, RuleV1, RuleFixed},
		Label: "structural rule", Help: "v2: strength is the outgoing weights' L1 norm; v1: an explicit multiplier; fixed: no structural change"},
	{Key: "gate", Field: "gate", Type: settings.Enum, Values: []string{GateOutput, GateEverywhere},
		When:  &settings.When{Key: "rule", Values: []string{RuleV1}},
		Label: "multiplier placement", Help: "v1: the multiplier scales the output path only, or both paths"},
	{Key: "window", Field: "window", Type: settings.Int, Min: closed(1), Max: closed(MaxWindow),
		Label: "window", Help: "symbols per training cycle (backpropagation through this many steps)", Aliases: []string{"bptt", "window_size"}},
	{Key: "max_neurons", Field: "max_neurons", Type: settings.Int, Min: closed(1), Max: closed(MaxNeurons), Link: true,
		Label: "max neurons", Help: "cap on the hidden neurons", Aliases: []string{"max", "cap", "max_n", "maxneurons"}},
	{Key: "init_neurons", Field: "init_neurons", Type: settings.Int, Min: closed(1), Max: atMost("max_neurons"),
		Label: "initial neurons", Help: "hidden neurons at the start (the fixed size for the fixed rule)", Aliases: []string{"init", "start_neurons"}},
	{Key: "init_scale", Field: "init_scale", Type: settings.Float, Min: open(0), Max: closed(10),
		Label: "initial weight scale", Help: "standard deviation of the initial weights", Aliases: []string{"scale", "init_std"}},
	{Key: "optimizer", Field: "optimizer", Type: settings.Enum, Values: []string{RMSProp, Adagrad},
		Label: "optimiser", Help: "the update rule", Aliases: []string{"opt", "optimiser"}},
	{Key: "learning_rate", Field: "learning_rate", Type: settings.Float, Min: open(0), Max: closed(10), Link: true,
		Label: "learning rate", Help: "step size of each update", Aliases: []string{"lr", "rate", "eta", "alpha", "learningrate"}},
	{Key: "decay", Field: "decay", Type: settings.Float, Min: open(0), Max: closed(1),
		When:  &settings.When{Key: "optimizer", Values: []string{RMSProp}},
		Label: "RMSProp decay", Help: "RMSProp: mean-square decay (m += decay*(g^2-m))"},
	{Key: "step_clip", Field: "step_clip", Type: settings.Float, Min: closed(0), Zero: "off",
		Label: "step clip", Help: "RMSProp: each step clipped to this size"},
	{Key: "grad_clip", Field: "grad_clip", Type: settings.Float, Min: closed(0), Zero: "off",
		Label: "gradient clip", Help: "gradients clipped to this size before the step", Aliases: []string{"clip"}},
	{Key: "epsilon", Field: "epsilon", Type: settings.Float, Min: open(0), Max: closed(1),
		Label: "epsilon", Help: "added under the optimiser's square root", Aliases: []string{"eps"}},
	{Key: "init_mean_square", Field: "init_mean_square", Type: settings.Float, Min: closed(0), Max: closed(1e6),
		Label: "initial optimiser memory", Help: "the mean square a new neuron's parameters start from, so that it moves slowly at first"},
	{Key: "l1", Field: "l1", Type: settings.Float, Min: closed(0), Max: closed(1), Link: true,
		Label: "L1 penalty", Help: "pressure that shrinks neurons: L1 step on outgoing weights (v1: on multipliers)", Aliases: []string{"lambda", "penalty", "l1_penalty"}},
	{Key: "reserve", Field: "reserve", Type: settings.Int, Min: closed(0), Max: atMost("max_neurons"), Link: true,
		Label: "reserve neurons k", Help: "sub-threshold neurons kept in reserve", Aliases: []string{"k", "spare"}},
	{Key: "threshold", Field: "threshold", Type: settings.Float, Min: open(0), Max: closed(100), Link: true,
		Label: "deletion threshold T_D", Help: "a neuron weaker than this is below threshold", Aliases: []string{"td", "t_d", "t", "thresh"}},
	{Key: "min_multiplier", Field: "min_multiplier", Type: settings.Float, Min: closed(0), Max: &settings.Bound{Key: "threshold", Open: true},
		When:  &settings.When{Key: "rule", Values: []string{RuleV1}},
		Label: "multiplier floor M_min", Help: "v1: the multipliers' floor", Aliases: []string{"m_min"}},
	{Key: "first_multiplier", Field: "first_multiplier", Type: settings.Float, Min: open(0), Max: closed(100),
		When:  &settings.When{Key: "rule", Values: []string{RuleV1}},
		Label: "first multiplier", Help: "v1: the first neurons' multiplier"},
	{Key: "new_strength", Field: "new_strength", Type: settings.Float, Min: open(0), Max: closed(1),
		When:  &settings.When{Key: "rule", Values: []string{RuleV2}},
		Label: "newborn strength", Help: "v2: a new neuron's strength as a fraction of T_D"},
	{Key: "p_add", Field: "p_add", Type: settings.Float, Min: closed(0), Max: closed(1), Link: true,
		Label: "P_add (add a neuron)", Help: "probability per cycle of adding a neuron when the reserve is used up", Aliases: []string{"padd", "add"}},
	{Key: "p_del", Field: "p_del", Type: settings.Float, Min: closed(0), Max: closed(1), Link: true,
		Label: "P_del (delete a neuron)", Help: "probability per cycle of deleting each excess sub-threshold neuron", Aliases: []string{"pdel", "del", "p_delete"}},
	{Key: "p_spontaneous", Field: "p_spontaneous", Type: settings.Float, Min: closed(0), Max: closed(1), Link: true,
		Label: "P_spontaneous", Help: "probability per cycle of adding a neuron regardless", Aliases: []string{"pspont", "spontaneous"}},
	{Key: "smoothing", Field: "smoothing", Type: settings.Float, Min: closed(0), Max: open(1),
		Label: "loss smoothing", Help: "exponential smoothing of the reported loss"},
	// Beyond the paper (the reliable preset; off in the others).
	{Key: "delete_order", Field: "delete_order", Type: settings.Enum, Values: []string{"", DeleteYoungest, DeleteOldest},
		Label: "deletion order", Help: "which excess sub-threshold neurons go first: random (empty), the youngest or the oldest"},
	{Key: "kick_every", Field: "kick_every", Type: settings.Int, Min: closed(0), Max: closed(1e9), Zero: "off",
		Label: "plateau check every", Help: "cycles between plateau checks"},
	{Key: "kick_gap", Field: "kick_gap", Type: settings.Float, Min: closed(0),
		Label: "plateau gap", Help: "a check kicks when the smoothed loss is above (1+gap) times the task's floor"},
	{Key: "kick_noise", Field: "kick_noise", Type: settings.Float, Min: closed(0), Max: closed(10), Zero: "none",
		Label: "kick noise", Help: "a kick adds N(0, x^2) noise to the input and recurrent weights"},
	{Key: "kick_restart", Field: "kick_restart", Type: settings.Bool,
		Label: "kick restarts", Help: "a kick instead starts the network again from its initial neurons"},
	{Key: "settle_gap", Field: "settle_gap", Type: settings.Float, Min: closed(0),
		Label: "settle gap", Help: "within (1+gap) times the task's floor the run counts as settled"},
	{Key: "settle_rate", Field: "settle_rate", Type: settings.Float, Min: closed(0), Max: closed(1), Zero: "off",
		Label: "settle rate", Help: "a settled run's learning rate and step clip are multiplied by this"},
	{Key: "restart_until", Field: "restart_until", Type: settings.Int, Min: closed(0), Max: closed(1e9), Zero: "no limit",
		Label: "restart until", Help: "restart kicks happen only in the first this many cycles of a task phase"},
	{Key: "rollback_gap", Field: "rollback_gap", Type: settings.Float, Min: closed(0), Zero: "off",
		Label: "rollback gap", Help: "a run that has been settled and is now above (1+gap) times the floor goes back to its best weights"},
	{Key: "horizon", Field: "horizon", Type: settings.Int, Min: closed(0), Max: closed(1e9), Zero: "open-ended",
		Label: "planned run length", Help: "the run's planned length in cycles, when known: no restart leaves the new network less than a check interval to learn"},
	{Key: "seed", Field: "seed", Type: settings.Uint, Link: true,
		Label: "seed", Help: "drives everything random in the run: the same seed gives the same run", Aliases: []string{"random", "rng"}},
}

// Settings is the one table of settings: every tunable field of Config and
// of its task.Spec, with its key, type, range, label, help and aliases.
// Config.Validate, the trainer's -set, the share links and the page's
// settings panel all read it. The task's rows are task.Settings' own rows
// (shared, not copied), so editing a row here edits it everywhere.
var Settings = append(append(settings.Table{}, configSettings...), task.Settings...)

// Get returns the value of the setting with the given key (or JSON path) in c.
func (c *Config) Get(key string) (any, bool) {
	s, ok := Settings.ByKey(key)
	if !ok {
		return nil, false
	}
	return settings.Get(c, s), true
}

// Set parses text by the setting's type and stores it in c. It checks the
// value against the setting's own range (keyed bounds read from c) but not
// the whole config: call Validate when every change is made. An unknown key
// is an *UnknownKeyError.
func (c *Config) Set(key, text string) error {
	s, ok := Settings.ByKey(key)
	if !ok {
		return &UnknownKeyError{Key: key, Suggestion: settings.Suggest(key, Settings.Names(false))}
	}
	v, err := s.Parse(text)
	if err != nil {
		return err
	}
	if err := s.Validate(v, c.lookup); err != nil {
		return err
	}
	settings.Set(c, s, v)
	return nil
}

// lookup returns a numeric setting's value, for keyed bounds.
func (c *Config) lookup(key string) (float64, bool) {
	v, ok := c.Get(key)
	if !ok {
		return 0, false
	}
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	}
	return 0, false
}

// UnknownKeyError is a setting name that is not in the table.
type UnknownKeyError struct {
	Key        string
	Suggestion string // the nearest known key, or ""
}

func (e *UnknownKeyError) Error() string {
	if e.Suggestion != "" {
		return fmt.Sprintf("%s: unknown field (did you mean %s?)", e.Key, e.Suggestion)
	}
	return e.Key + ": unknown field"
}

// PresetInfo describes a preset for a user interface.
type PresetInfo struct {
	Name        string `json:"name"`
	Label       string `json:"label"`
	Description string `json:"description"`
}

// presetText holds each preset's label and one-line description.
var presetText = map[string][2]string{
	PresetPaper:    {"paper, version 2 (default)", "The revised paper: a neuron's strength is its outgoing weights' L1 norm"},
	PresetPaperV1:  {"paper, version 1 (multipliers)", "The first arXiv version: each neuron has an explicit multiplier"},
	PresetFixed:    {"fixed size N (no growth)", "No structural change: the paper's fixed-size baseline, N neurons"},
	PresetReliable: {"reliable (beyond the paper)", "paper with 80-symbol windows (so the gradient reaches the symbol 13 steps back at more positions) plus three rules against the hard task's plateau: a network that has never come near the floor starts again every 30,000 cycles, a network near the floor takes half-size steps, and one that relapses goes back to its best weights"},
}

// DescribePresets returns the presets in Presets order with their labels
// and descriptions.
func DescribePresets() []PresetInfo {
	out := make([]PresetInfo, len(Presets))
	for i, name := range Presets {
		t, ok := presetText[name]
		if !ok {
			t = [2]string{name, ""}
		}
		out[i] = PresetInfo{Name: name, Label: t[0], Description: t[1]}
	}
	return out
}
