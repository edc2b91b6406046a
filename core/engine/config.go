// Package engine trains a recurrent network whose size is learned: it reads
// a task's symbols a window at a time, backpropagates through the window,
// updates the weights, and then applies the structural rule that deletes
// neurons whose strength has fallen below a threshold and adds a neuron when
// no spare one is left (T. Miconi, "Neural networks with differentiable
// structure", arXiv:1606.06216).
//
// An Engine knows nothing of who watches it: after any Step an observer reads
// the cycle count, losses, the entropy floor, the neurons with their ids and
// strengths, the weights, the last step's events and the current window.
// The same Config (with its seed) always gives the same run, bit for bit,
// natively and in WebAssembly.
package engine

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/diffstruct/diffstruct/core/task"
)

// Structural rules.
const (
	RuleV2    = "v2"    // strength = outgoing-weight L1 norm (the revised paper)
	RuleV1    = "v1"    // strength = an explicit multiplier (the first arXiv version)
	RuleFixed = "fixed" // no structural change (the paper's fixed-size baseline)
)

// Optimisers.
const (
	RMSProp = "rmsprop"
	Adagrad = "adagrad"
)

// Multiplier placements for RuleV1.
const (
	GateOutput     = "output"     // m scales the hidden output feeding the output layer only
	GateEverywhere = "everywhere" // m scales the hidden output on both paths
)

// Preset names.
const (
	PresetPaper   = "paper"    // v2, the default
	PresetPaperV1 = "paper-v1" // v1 with multipliers
	PresetFixed   = "fixed"    // fixed-size baseline
)

// Presets lists the preset names in the order a user interface shows them.
var Presets = []string{PresetPaper, PresetPaperV1, PresetFixed, PresetReliable}

// Limits on sizes.
const (
	MaxNeurons = 1000
	MaxWindow  = 1000
)

// Config holds every hyperparameter of a run, its task and its seed.
type Config struct {
	Preset string `json:"preset"` // the preset this config started from (informational)
	Rule   string `json:"rule"`   // RuleV2, RuleV1 or RuleFixed
	Gate   string `json:"gate"`   // RuleV1: GateOutput or GateEverywhere

	Window      int     `json:"window"`       // symbols per training cycle
	InitNeurons int     `json:"init_neurons"` // hidden neurons at the start (the fixed size for RuleFixed)
	MaxNeurons  int     `json:"max_neurons"`  // cap on hidden neurons
	InitScale   float64 `json:"init_scale"`   // standard deviation of initial weights

	Optimizer    string  `json:"optimizer"`     // RMSProp or Adagrad
	LearningRate float64 `json:"learning_rate"` // step size
	Decay        float64 `json:"decay"`         // RMSProp: mean-square decay (m += decay*(g^2-m))
	StepClip     float64 `json:"step_clip"`     // RMSProp: each step clipped to +-StepClip (0: off)
	GradClip     float64 `json:"grad_clip"`     // gradients clipped to +-GradClip before the step (0: off)
	Epsilon      float64 `json:"epsilon"`       // added under the square root
	// InitMeanSquare is the optimiser memory that a new neuron's parameters
	// start from (and, at the start of a run, the input weights' and hidden
	// biases'), as in the reference program: a new neuron then moves slowly
	// at first instead of taking full-size steps on its first gradients.
	InitMeanSquare float64 `json:"init_mean_square"`

	L1              float64 `json:"l1"`               // v2/fixed: L1 step on outgoing weights per update; v1: L1 gradient on multipliers per time step
	Reserve         int     `json:"reserve"`          // k: sub-threshold neurons kept in reserve
	Threshold       float64 `json:"threshold"`        // T_D: deletion threshold on strength
	MinMultiplier   float64 `json:"min_multiplier"`   // v1: M_min, multipliers' floor
	FirstMultiplier float64 `json:"first_multiplier"` // v1: the first neurons' multiplier
	NewStrength     float64 `json:"new_strength"`     // v2: a new neuron's strength as a fraction of T_D
	PAdd            float64 `json:"p_add"`            // probability per cycle of adding a neuron when the reserve is used up
	PDel            float64 `json:"p_del"`            // probability per cycle of deleting each excess sub-threshold neuron
	PSpontaneous    float64 `json:"p_spontaneous"`    // probability per cycle of adding a neuron regardless

	Smoothing float64 `json:"smoothing"` // exponential smoothing of the reported loss

	Seed uint64    `json:"seed"` // drives everything random in the run
	Task task.Spec `json:"task"` // what the network learns

	DeleteOrder  string  `json:"delete_order,omitempty"`  // which excess sub-threshold neurons go first: "" (random), DeleteYoungest or DeleteOldest
	KickEvery    int     `json:"kick_every,omitempty"`    // cycles between plateau checks, 0..1e9 (0: off)
	KickGap      float64 `json:"kick_gap,omitempty"`      // a check kicks when the smoothed loss is above (1+gap) x the task's floor, x >= 0
	KickNoise    float64 `json:"kick_noise,omitempty"`    // a kick adds N(0, x^2) noise to input and recurrent weights, 0..10
	KickRestart  bool    `json:"kick_restart,omitempty"`  // a kick instead starts the network again (InitNeurons neurons, weights re-drawn)
	SettleGap    float64 `json:"settle_gap,omitempty"`    // within (1+gap) x the task's floor the run counts as settled, x >= 0
	SettleRate   float64 `json:"settle_rate,omitempty"`   // a settled run's learning rate and step clip are multiplied by x, 0..1 (0: off)
	RestartUntil int     `json:"restart_until,omitempty"` // restart kicks only in the first x cycles of a task phase, 0..1e9 (0: no limit)
	RollbackGap  float64 `json:"rollback_gap,omitempty"`  // a run that has been settled and is now above (1+gap) x the floor goes back to its best weights, x >= 0 (0: off)
	Horizon      int     `json:"horizon,omitempty"`       // the run's planned length in cycles, when the caller knows it; restarts leave its last KickEvery cycles alone, 0..1e9 (0: open-ended)
}

// PresetRevisions returns how many revisions the named preset has had; its
// newest is the one Preset returns. The paper's presets and fixed have one;
// reliable has two (the second reads 80-symbol windows). A share link names
// the revision it was made with, so that it keeps opening the same run when
// a preset beyond the paper improves (see PresetAt).
func PresetRevisions(name string) int {
	if name == PresetReliable {
		return 2
	}
	return 1
}

// ErrRevision is returned by PresetAt for a revision the preset never had.
type ErrRevision struct {
	Preset   string
	Revision int
	Max      int // the preset's newest revision
}

func (e ErrRevision) Error() string {
	return fmt.Sprintf("preset %s has no revision %d (want 1 to %d)", e.Preset, e.Revision, e.Max)
}

// PresetAt returns the named preset as it was at revision rev (1 is the
// first; 0 means the newest, as Preset gives).
func PresetAt(name string, fixedSize, rev int) (Config, error) {
	c, err := Preset(name, fixedSize)
	if err != nil {
		return c, err
	}
	if n := PresetRevisions(name); rev < 0 || rev > n {
		return Config{}, ErrRevision{Preset: name, Revision: rev, Max: n}
	}
	if name == PresetReliable && rev == 1 {
		c.Window = 40 // the first reliable read the paper's 40-symbol windows
	}
	return c, c.Validate()
}

// Preset returns the named preset with the paper's hyperparameters, on the
// easy task with seed 1. fixedSize is the network size for PresetFixed and
// is ignored otherwise.
func Preset(name string, fixedSize int) (Config, error) {
	c := Config{
		Preset: PresetPaper, Rule: RuleV2, Gate: GateOutput,
		Window: 40, InitNeurons: 1, MaxNeurons: 100, InitScale: 0.01,
		Optimizer: RMSProp, LearningRate: 0.01, Decay: 0.01, StepClip: 0.01, Epsilon: 1e-8, InitMeanSquare: 0.01,
		L1: 1e-4, Reserve: 1, Threshold: 0.05, MinMultiplier: 0.025, FirstMultiplier: 1, NewStrength: 0.5,
		PAdd: 0.01, PDel: 0.05, PSpontaneous: 1e-4,
		Smoothing: 0.99, Seed: 1, Task: task.Spec{Kind: task.Easy}.WithDefaults(),
	}
	switch name {
	case PresetPaper:
	case PresetPaperV1:
		c.Preset, c.Rule = PresetPaperV1, RuleV1
		c.Optimizer, c.LearningRate, c.GradClip, c.StepClip, c.InitMeanSquare = Adagrad, 0.1, 5, 0, 0
		c.L1, c.PAdd, c.PDel, c.PSpontaneous = 3e-5, 0.05, 0.25, 0
		c.Task.L = 5
	case PresetReliable:
		reliable(&c)
	case PresetFixed:
		c.Preset, c.Rule, c.InitNeurons = PresetFixed, RuleFixed, fixedSize
		if fixedSize > c.MaxNeurons {
			c.MaxNeurons = fixedSize
		}
	default:
		s, _ := Settings.ByKey("preset")
		return Config{}, s.Validate(name, nil)
	}
	return c, c.Validate()
}

// Default returns the paper preset.
func Default() Config {
	c, _ := Preset(PresetPaper, 0)
	return c
}

// Validate returns nil or the first invalid field as a
// *settings.FieldError (or a *task.TextError) naming the field, the value
// and its allowed range; the ranges are the rows of Settings.
func (c Config) Validate() error {
	if err := configSettings.Validate(&c); err != nil {
		return err
	}
	return c.Task.Validate()
}

// ParseConfig decodes a JSON config. Fields left out keep the value they have
// in base; unknown fields are an error. The result is validated.
func ParseConfig(data []byte, base Config) (Config, error) {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	c := base
	if err := dec.Decode(&c); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	c.Task = c.Task.WithDefaults()
	return c, c.Validate()
}
