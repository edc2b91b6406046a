package ff

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/diffstruct/diffstruct/core/rule"
)

// Activations of the hidden neurons.
const (
	Tanh    = "tanh"
	ReLU    = "relu"
	Sigmoid = "sigmoid"
)

// Training losses. Both report ½(output − label)², Playground's loss; they
// differ in the gradient. Square trains on it; CrossEntropy trains on the
// cross-entropy of the probability (output+1)/2 against (label+1)/2, whose
// gradient at the output's pre-activation is output − label: no factor
// 1 − output², so a saturated wrong output still learns.
const (
	Square       = "square"
	CrossEntropy = "xent"
)

// Optimisers.
const (
	RMSProp = "rmsprop"
	SGD     = "sgd"
)

// Features a network may read. Every coordinate is first divided by
// points.Half, so x and y lie in [-1, 1]. The sine features of TensorFlow
// Playground (sinx, siny) are not offered: core/points keeps its
// platform-exact sine unexported.
var features = []string{"x", "y", "x2", "y2", "xy"}

// Limits of a Config.
const (
	MaxLayers = 16
	MaxBatch  = 10000
	MaxWidth  = 256 // the largest rule.Params.Max
)

// Config is a feed-forward run's settings.
type Config struct {
	Layers       int         `json:"layers"`              // hidden layers at the start (1 to MaxLayers; fixed unless Depth.Max > 0)
	Features     []string    `json:"features"`            // inputs, each one of x, y, x2, y2, xy, no repeats
	Activation   string      `json:"activation"`          // Tanh, ReLU or Sigmoid (the output is always tanh)
	LearningRate float64     `json:"learning_rate"`       // in (0, 1]
	L1           float64     `json:"l1"`                  // c of the L1 step w -= c·sign(w) on outgoing weights, in [0, 1]
	Batch        int         `json:"batch"`               // examples per step, 1 to MaxBatch
	Optimizer    string      `json:"optimizer"`           // RMSProp or SGD
	Loss         string      `json:"loss"`                // Square (also "") or CrossEntropy
	StepClip     float64     `json:"step_clip,omitempty"` // RMSProp's largest step per parameter, in [0, 1]; 0 means the paper's 0.01
	Rule         rule.Params `json:"rule"`                // the rule inside each layer, on neuron strengths
	// Depth is the rule on the layers themselves; Depth.Max = 0 keeps the
	// depth fixed at Layers, the last layer alone feeding the output. With
	// Depth.Max > 0 every layer feeds the output through its own learned
	// multiplier, the reserve layer is one whose multiplier and neurons are
	// all below Depth.Threshold, and a new layer is added after the last.
	Depth rule.Params `json:"depth"`
	// InputScale is the std of a new neuron's weights from the features
	// (each in [-1, 1]); 0 means 1. Larger values let a first-layer neuron
	// bend sharply over the plane, as a spiral needs.
	InputScale float64 `json:"input_scale,omitempty"`
	Seed       uint64  `json:"seed"`
	// Fixed, when not empty, is a hand-sized network's hidden widths (as
	// Playground's 4-2): len(Fixed) must equal Layers, each in
	// [1, MaxWidth], and no structural rule acts. Its weights start
	// LeCun-scaled (N(0, 1/fan-in), the features' fan-in counted as 1).
	Fixed []int `json:"fixed,omitempty"`
	// Shortcuts makes every hidden layer read the features and every layer
	// before it (as Lang and Witbrock's two-spirals network and
	// Cascade-Correlation's cascade do), and feed the output; removing a
	// layer then leaves the others wired as they were.
	Shortcuts bool `json:"shortcuts,omitempty"`
}

// Default returns the settings the tests train with: two hidden layers on
// x and y, tanh, RMSProp at 0.01 with the paper's v2 L1 (1e-4) and rule
// (T_D 0.05, k 1, P_del 0.05, P_add 0.01, P_spontaneous 1e-4), at most 16
// neurons a layer, batches of 10.
func Default() Config {
	return Config{
		Layers: 2, Features: []string{"x", "y"}, Activation: Tanh,
		LearningRate: 0.01, L1: 1e-4, Batch: 10, Optimizer: RMSProp,
		Rule: rule.Params{Threshold: 0.05, Reserve: 1, PDel: 0.05, PAdd: 0.01, PSpontaneous: 1e-4, Max: 16},
	}
}

// FieldError is a Config value Validate refuses.
type FieldError struct {
	Field string // "layers", "features", "rule.threshold", ...
	Value string // the value as given
	Want  string // the allowed range in words
}

// Error returns "ff: field: value is refused (want ...)".
func (e *FieldError) Error() string {
	return fmt.Sprintf("ff: %s: %s is refused (want %s)", e.Field, e.Value, e.Want)
}

func fnum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func checkFloat(field string, v, lo, hi float64, openLo bool, want string) error {
	bad := math.IsNaN(v) || v < lo || v > hi || (openLo && v == lo)
	if bad {
		return &FieldError{Field: field, Value: fnum(v), Want: want}
	}
	return nil
}

func oneOf(field, v string, allowed ...string) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return &FieldError{Field: field, Value: strconv.Quote(v), Want: "one of " + strings.Join(allowed, ", ")}
}

// Validate returns nil or the first refused field as a *FieldError.
func (c Config) Validate() error {
	if c.Layers < 1 || c.Layers > MaxLayers {
		return &FieldError{Field: "layers", Value: strconv.Itoa(c.Layers), Want: "a whole number in [1, " + strconv.Itoa(MaxLayers) + "]"}
	}
	if len(c.Fixed) > 0 {
		if len(c.Fixed) != c.Layers {
			return &FieldError{Field: "fixed", Value: strconv.Itoa(len(c.Fixed)) + " widths", Want: "one width per layer (" + strconv.Itoa(c.Layers) + ")"}
		}
		for _, w := range c.Fixed {
			if w < 1 || w > MaxWidth {
				return &FieldError{Field: "fixed", Value: strconv.Itoa(w), Want: "widths in [1, 256]"}
			}
		}
	}
	if len(c.Features) == 0 {
		return &FieldError{Field: "features", Value: "[]", Want: "at least one of " + strings.Join(features, ", ")}
	}
	seen := map[string]bool{}
	for _, f := range c.Features {
		if err := oneOf("features", f, features...); err != nil {
			return err
		}
		if seen[f] {
			return &FieldError{Field: "features", Value: strconv.Quote(f), Want: "each feature once"}
		}
		seen[f] = true
	}
	if err := oneOf("activation", c.Activation, Tanh, ReLU, Sigmoid); err != nil {
		return err
	}
	if err := checkFloat("learning_rate", c.LearningRate, 0, 1, true, "a number in (0, 1]"); err != nil {
		return err
	}
	if err := checkFloat("l1", c.L1, 0, 1, false, "a number in [0, 1]"); err != nil {
		return err
	}
	if c.Batch < 1 || c.Batch > MaxBatch {
		return &FieldError{Field: "batch", Value: strconv.Itoa(c.Batch), Want: "a whole number in [1, 10000]"}
	}
	if err := checkFloat("step_clip", c.StepClip, 0, 1, false, "a number in [0, 1]"); err != nil {
		return err
	}
	if err := oneOf("loss", c.Loss, "", Square, CrossEntropy); err != nil {
		return err
	}
	if err := oneOf("optimizer", c.Optimizer, RMSProp, SGD); err != nil {
		return err
	}
	if err := checkFloat("input_scale", c.InputScale, 0, 100, false, "a number in [0, 100]"); err != nil {
		return err
	}
	r := c.Rule
	if err := checkRule("rule", r, MaxWidth); err != nil {
		return err
	}
	d := c.Depth
	if d.Max == 0 {
		return nil
	}
	if len(c.Fixed) > 0 {
		return &FieldError{Field: "depth.max", Value: strconv.Itoa(d.Max), Want: "0 for a fixed network"}
	}
	if d.Max < c.Layers || d.Max > MaxLayers {
		return &FieldError{Field: "depth.max", Value: strconv.Itoa(d.Max), Want: "0, or a whole number in [layers, " + strconv.Itoa(MaxLayers) + "]"}
	}
	return checkRule("depth", d, MaxLayers)
}

// checkRule validates a rule's parameters, named prefix.field.
func checkRule(prefix string, r rule.Params, most int) error {
	if err := checkFloat(prefix+".threshold", r.Threshold, 0, 10, true, "a number in (0, 10]"); err != nil {
		return err
	}
	if r.Max < 1 || r.Max > most {
		return &FieldError{Field: prefix + ".max", Value: strconv.Itoa(r.Max), Want: "a whole number in [1, " + strconv.Itoa(most) + "]"}
	}
	if r.Reserve < 0 || r.Reserve >= r.Max {
		return &FieldError{Field: prefix + ".reserve", Value: strconv.Itoa(r.Reserve), Want: "a whole number in [0, " + prefix + ".max)"}
	}
	for _, p := range []struct {
		name string
		v    float64
	}{{".p_del", r.PDel}, {".p_add", r.PAdd}, {".p_spontaneous", r.PSpontaneous}} {
		if err := checkFloat(prefix+p.name, p.v, 0, 1, false, "a probability in [0, 1]"); err != nil {
			return err
		}
	}
	return oneOf(prefix+".order", r.Order, rule.OrderRandom, rule.OrderYoungest, rule.OrderOldest)
}
