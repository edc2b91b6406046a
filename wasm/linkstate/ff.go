package linkstate

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/diffstruct/diffstruct/core/ff"
	"github.com/diffstruct/diffstruct/core/points"
	"github.com/diffstruct/diffstruct/core/race"
	"github.com/diffstruct/diffstruct/core/settings"
)

// Model families a link can open: the model key.
const (
	ModelSequence = "sequence" // recurrent networks on symbol streams (the default)
	ModelFF       = "ff"       // feed-forward networks on 2-D points
)

// Models lists the model key's values, the default first.
var Models = []ModelInfo{
	{Name: ModelSequence, Label: "sequence: recurrent"},
	{Name: ModelFF, Label: "2-D: feed-forward"},
}

// ModelInfo is one value of the model key as the page's model menu shows it.
type ModelInfo struct {
	Name  string `json:"name"`
	Label string `json:"label"`
}

// Feed-forward defaults and limits of a link.
const (
	DefaultData = points.Spiral // the data set of an ff link without a data key
	// MaxShapeWidth is the widest layer a raced fixed shape may have.
	MaxShapeWidth = 64
)

// DefaultFFPreset is the preset of an ff link without a preset key.
const DefaultFFPreset = ff.PaperFF

// FFState is the feed-forward side of a link (model=ff). Its zero value is
// the defaults, so a sequence link's State holds a zero FFState.
type FFState struct {
	Data   string  // a points.Kinds() kind ("": DefaultData)
	Noise  float64 // percent, 0 to 50
	Test   float64 // percent of points held out, 10 to 90 (0: 50)
	Points int     // number of points (0: the set's default; a link may say points=0)
	Preset string  // an ff.Presets() name ("": DefaultFFPreset)
	Race   [][]int // fixed hidden widths racing the growing network, e.g. {{4, 2}, {8}}
	// Placed holds the visitor's points (the pts key, points.EncodePlaced),
	// read when Data is points.Placed: a link stores the final set, and a
	// run opened from it trains on that set from cycle 0.
	Placed []points.Point
}

// IsPlaced reports whether the run trains on the visitor's placed points.
func (f FFState) IsPlaced() bool { return f.Data == points.Placed }

// StarterPoints are the placed points a "your points" run starts with
// before the visitor adds any: two of each class, as ConvNetJS's demo
// starts with a few, so the network has something to learn at once.
var StarterPoints = []points.Point{{X: -2, Y: 2, Label: 1}, {X: 2, Y: -2, Label: 1}, {X: 2, Y: 2, Label: -1}, {X: -2, Y: -2, Label: -1}}

// PlacedData returns the set of a placed-points state: its points, or the
// starter points when it has none.
func (f FFState) PlacedData() points.Set {
	if len(f.Placed) == 0 {
		return points.PlacedSet(StarterPoints)
	}
	return points.PlacedSet(f.Placed)
}

// DataKind returns the data set's kind, the default filled in.
func (f FFState) DataKind() string {
	if f.Data == "" {
		return DefaultData
	}
	return f.Data
}

// PresetName returns the ff preset, the default filled in.
func (f FFState) PresetName() string {
	if f.Preset == "" {
		return DefaultFFPreset
	}
	return f.Preset
}

// ModelName returns the state's model family, the default filled in.
func (s State) ModelName() string {
	if s.Model == "" {
		return ModelSequence
	}
	return s.Model
}

// IsFF reports whether the state opens a feed-forward run.
func (s State) IsFF() bool { return s.Model == ModelFF }

// PointsSpec returns the data set an ff state trains on (the seed is the run's).
func (s State) PointsSpec() points.Spec {
	return points.Spec{Kind: s.FF.DataKind(), Noise: s.FF.Noise, TestRatio: s.FF.Test, N: s.FF.Points, Seed: s.Seed}
}

// FFConfig returns the feed-forward configuration of the growing network.
func (s State) FFConfig() (ff.Config, error) {
	cfg, err := ff.Preset(s.FF.PresetName())
	if err != nil {
		return ff.Config{}, err
	}
	cfg.Seed = s.Seed
	return cfg, cfg.Validate()
}

// ffKeys are the keys only a feed-forward link reads, with the other names
// people type for them.
var ffKeys = []settings.Name{
	{Key: "model", Aliases: []string{"family", "kind", "network"}},
	{Key: "data", Aliases: []string{"dataset", "data_set"}},
	{Key: "noise", Aliases: []string{"noise_percent"}},
	{Key: "test", Aliases: []string{"test_ratio", "ratio", "holdout"}},
	{Key: "points", Aliases: []string{"num_points", "samples"}},
	{Key: "pts", Aliases: []string{"placed"}},
}

// sequenceOnly lists the keys a feed-forward link ignores: they set the
// recurrent run.
var sequenceOnly = []string{"task", "p", "l", "span", "text", "rev", "n", "at", "switch"}

// setModel applies the model key.
func (s *State) setModel(val string) (reason string) {
	for _, m := range Models {
		if m.Name == val {
			s.Model = val
			if val == ModelSequence {
				s.Model = "" // the default, as a link without the key
			}
			return ""
		}
	}
	return "want one of " + ModelSequence + ", " + ModelFF
}

// setFF applies a key of a feed-forward link; handled is false for the keys
// both families share (seed, speed, play, stop, hide, only).
func (s *State) setFF(key, val string) (p Problem, ok, handled bool) {
	bad := func(reason string, err error) (Problem, bool, bool) {
		return Problem{Key: key, Value: val, Fallback: s.value(key), Kind: Invalid, Reason: reason, Err: err}, false, true
	}
	fieldErr := func(err error) (Problem, bool, bool) {
		var fe *points.FieldError
		if errors.As(err, &fe) {
			return bad(fe.Reason(), err)
		}
		return bad(err.Error(), err)
	}
	switch key {
	case "data":
		if !slices.Contains(points.Kinds(), val) && val != points.Placed {
			return fieldErr(&points.FieldError{Field: "kind", Value: val, Fault: points.NotAllowed,
				Want: "one of " + strings.Join(points.Kinds(), ", ") + " or " + points.Placed})
		}
		s.FF.Data = val
		if val == points.Placed && len(s.FF.Placed) == 0 {
			s.FF.Placed = slices.Clone(StarterPoints)
		}
		if val == DefaultData {
			s.FF.Data = "" // the default, as a link without the key
		}
	case "noise":
		x, err := parsePointsFloat("noise", val, 0, points.MaxNoise, "a number in [0, 50]")
		if err != nil {
			return fieldErr(err)
		}
		s.FF.Noise = x
	case "test":
		x, err := parsePointsFloat("test_ratio", val, points.MinTestRatio, points.MaxTestRatio, "a number in [10, 90]")
		if err != nil {
			return fieldErr(err)
		}
		s.FF.Test = x
		if x == points.DefaultTestRatio {
			s.FF.Test = 0
		}
	case "points":
		n, err := strconv.Atoi(val)
		if err != nil {
			return fieldErr(&points.FieldError{Field: "n", Value: val, Fault: points.NotWhole, Want: "0 (the set's default) or a whole number in [10, 10000]"})
		}
		if n != 0 && (n < points.MinN || n > points.MaxN) {
			return fieldErr(&points.FieldError{Field: "n", Value: val, Fault: points.OutOfRange, Want: "0 (the set's default) or a whole number in [10, 10000]"})
		}
		s.FF.Points = n
	case "pts":
		pts, err := points.DecodePlaced(val)
		if err != nil {
			return bad(err.Error(), err)
		}
		if len(pts) == 0 {
			pts = slices.Clone(StarterPoints)
		}
		s.FF.Placed = pts
	case "preset":
		if _, err := ff.Preset(val); err != nil {
			return bad("want one of "+strings.Join(ff.Presets(), ", "), err)
		}
		s.FF.Preset = val
		if val == DefaultFFPreset {
			s.FF.Preset = ""
		}
	case "race":
		r, reason := parseShapes(val)
		if reason != "" {
			return bad(reason, nil)
		}
		s.FF.Race = r
	default:
		if slices.Contains(sequenceOnly, key) || slices.ContainsFunc(Hypers(), func(h *settings.Setting) bool { return h.Key == key }) {
			return Problem{Key: key, Value: val, Kind: Invalid,
				Reason: "a feed-forward run (model=ff) does not read it; it sets the recurrent run"}, false, true
		}
		return Problem{}, false, false
	}
	return Problem{}, true, true
}

// parsePointsFloat reads a percentage of a points.Spec field.
func parsePointsFloat(field, val string, lo, hi float64, want string) (float64, error) {
	x, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
	if err != nil {
		return 0, &points.FieldError{Field: field, Value: val, Fault: points.NotANumber, Want: want}
	}
	if x != x || x > 1e308 || x < -1e308 {
		return 0, &points.FieldError{Field: field, Value: val, Fault: points.NotFinite, Want: want}
	}
	if x < lo || x > hi {
		return 0, &points.FieldError{Field: field, Value: val, Fault: points.OutOfRange, Want: want}
	}
	return x, nil
}

// parseShapes reads "4-2,8": one to race.MaxRivals fixed shapes, each its
// hidden widths joined by '-'; "", "0" or "off" is no race.
func parseShapes(v string) ([][]int, string) {
	if v == "" || v == "0" || v == "off" {
		return nil, ""
	}
	items := strings.Split(v, ",")
	want := fmt.Sprintf("want %d to %d fixed shapes separated by commas, each its layers' widths in [1, %d] joined by '-' (1 to %d layers), e.g. 4-2,8",
		race.MinRivals, race.MaxRivals, MaxShapeWidth, ff.MaxLayers)
	if len(items) > race.MaxRivals {
		return nil, want
	}
	var out [][]int
	for _, it := range items {
		ws := strings.Split(strings.TrimSpace(it), "-")
		if len(ws) > ff.MaxLayers {
			return nil, want
		}
		var shape []int
		for _, w := range ws {
			n, err := strconv.Atoi(w)
			if err != nil || n < 1 || n > MaxShapeWidth {
				return nil, want
			}
			shape = append(shape, n)
		}
		out = append(out, shape)
	}
	return out, ""
}

// FormatShape writes a fixed shape as a link does: "4-2".
func FormatShape(widths []int) string {
	parts := make([]string, len(widths))
	for i, w := range widths {
		parts[i] = strconv.Itoa(w)
	}
	return strings.Join(parts, "-")
}

func formatShapes(r [][]int) string {
	parts := make([]string, len(r))
	for i, sh := range r {
		parts[i] = FormatShape(sh)
	}
	return strings.Join(parts, ",")
}

// ffValue returns an ff key's value as Format writes it.
func (s State) ffValue(key string) (string, bool) {
	switch key {
	case "model":
		return s.ModelName(), true
	case "data":
		return s.FF.DataKind(), true
	case "noise":
		return formatFloat(s.FF.Noise), true
	case "test":
		if s.FF.Test == 0 {
			return formatFloat(points.DefaultTestRatio), true
		}
		return formatFloat(s.FF.Test), true
	case "points":
		if s.FF.Points == 0 {
			return "the set's default", true
		}
		return strconv.Itoa(s.FF.Points), true
	case "pts":
		return points.EncodePlaced(s.FF.PlacedData().Train), true
	}
	if s.IsFF() {
		switch key {
		case "preset":
			return s.FF.PresetName(), true
		case "race":
			if len(s.FF.Race) == 0 {
				return "no race", true
			}
			return formatShapes(s.FF.Race), true
		}
	}
	return "", false
}

// checkFF resolves problems between a feed-forward link's keys: the
// two-spirals benchmark is a fixed set, without noise, test split or a
// number of points.
func (s *State) checkFF() []Problem {
	var probs []Problem
	if s.FF.IsPlaced() {
		// Placed points are the visitor's own: no noise, test split or count.
		for _, k := range []struct {
			key string
			set bool
		}{{"noise", s.FF.Noise != 0}, {"test", s.FF.Test != 0}, {"points", s.FF.Points != 0}} {
			if k.set {
				v, _ := s.ffValue(k.key)
				probs = append(probs, Problem{Key: k.key, Value: v, Fallback: "none", Kind: Conflict,
					Reason: "placed points (data=placed) have no noise, test split or number of points"})
			}
		}
		s.FF.Noise, s.FF.Test, s.FF.Points = 0, 0, 0
		return probs
	}
	for range 3 {
		err := s.PointsSpec().Validate()
		var fe *points.FieldError
		if err == nil || !errors.As(err, &fe) {
			return probs
		}
		var key, val string
		switch fe.Field {
		case "noise":
			key, val, s.FF.Noise = "noise", formatFloat(s.FF.Noise), 0
		case "test_ratio":
			key, val, s.FF.Test = "test", formatFloat(s.FF.Test), 0
		case "n":
			key, val, s.FF.Points = "points", strconv.Itoa(s.FF.Points), 0
		default:
			key, val, s.FF.Data = "data", s.FF.Data, ""
		}
		v, _ := s.ffValue(key)
		probs = append(probs, Problem{Key: key, Value: val, Fallback: v, Kind: Conflict, Reason: fe.Reason(), Err: err})
	}
	return probs
}

// formatFF writes a feed-forward state: model, data, the data's options
// that differ from their defaults, preset, seed, then the keys both
// families share.
func formatFF(s State, put func(k, v string)) {
	put("model", ModelFF)
	put("data", s.FF.DataKind())
	if s.FF.Noise != 0 {
		put("noise", formatFloat(s.FF.Noise))
	}
	if s.FF.Test != 0 {
		put("test", formatFloat(s.FF.Test))
	}
	if s.FF.Points != 0 {
		put("points", strconv.Itoa(s.FF.Points))
	}
	if s.FF.IsPlaced() {
		put("pts", points.EncodePlaced(s.FF.PlacedData().Train))
	}
	put("preset", s.FF.PresetName())
	put("seed", strconv.FormatUint(s.Seed, 10))
	put("speed", s.Speed)
	put("play", formatBool(s.Play))
	if s.Stop > 0 {
		put("stop", strconv.Itoa(s.Stop))
	}
	if len(s.FF.Race) > 0 {
		put("race", formatShapes(s.FF.Race))
	}
	if len(s.Hide) > 0 {
		put("hide", strings.Join(s.Hide, ","))
	}
	if s.Tour {
		put("tour", "1")
	}
	formatView(s, put)
}

// DataInfo is one data set with a one-line description, for the page's menu.
type DataInfo struct {
	Kind        string `json:"kind"`
	Label       string `json:"label,omitempty"` // the menu's name when it is not the kind
	Description string `json:"description"`
	Regression  bool   `json:"regression,omitempty"`
	Fixed       bool   `json:"fixed,omitempty"`  // a fixed benchmark: no noise, test split or number of points
	Placed      bool   `json:"placed,omitempty"` // the visitor's own points, placed by clicking or loaded from a CSV
}

var dataDescriptions = map[string]string{
	points.Circle:     "a disc of one class inside a ring of the other",
	points.XOR:        "the class is the sign of x times y: opposite quadrants agree",
	points.Gauss:      "two gaussian clouds, one per class",
	points.Spiral:     "two interleaved spirals (TensorFlow Playground's)",
	points.RegPlane:   "regression: a tilted plane",
	points.RegGauss:   "regression: six signed gaussian bumps",
	points.TwoSpirals: "the CMU two-spirals benchmark: 194 fixed points, all for training",
	points.Placed:     "your own points, placed by clicking the map or loaded from a CSV; all for training",
}

// FFPage describes the feed-forward family's controls for the page.
type FFPage struct {
	Data       []DataInfo `json:"data"`
	Presets    []string   `json:"presets"`
	MaxNoise   float64    `json:"max_noise"`
	MinTest    float64    `json:"min_test"`
	MaxTest    float64    `json:"max_test"`
	DefTest    float64    `json:"default_test"`
	MinPoints  int        `json:"min_points"`
	MaxPoints  int        `json:"max_points"`
	DefPoints  int        `json:"default_points"`
	DefRegress int        `json:"default_regression_points"`
}

// DescribeFF returns the feed-forward controls' description.
func DescribeFF() FFPage {
	p := FFPage{Presets: ff.Presets(), MaxNoise: points.MaxNoise, MinTest: points.MinTestRatio, MaxTest: points.MaxTestRatio,
		DefTest: points.DefaultTestRatio, MinPoints: points.MinN, MaxPoints: points.MaxN, DefPoints: points.DefaultN,
		DefRegress: points.DefaultRegressN}
	for _, k := range points.Kinds() {
		p.Data = append(p.Data, DataInfo{Kind: k, Description: dataDescriptions[k],
			Regression: k == points.RegPlane || k == points.RegGauss, Fixed: k == points.TwoSpirals})
	}
	p.Data = append(p.Data, DataInfo{Kind: points.Placed, Label: "your points", Description: dataDescriptions[points.Placed], Fixed: true, Placed: true})
	return p
}
