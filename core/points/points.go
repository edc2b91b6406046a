// Package points provides the two-dimensional data sets the feed-forward
// networks train on: the four classification and two regression grounds of
// TensorFlow Playground (circle, xor, two gaussians, spiral; plane and
// multi-gaussian), the classic two-spirals benchmark of the CMU collection,
// and points read from CSV.
//
// Every generated set is a pure function of its Spec: the same spec gives
// the same points, bit for bit, natively and in WebAssembly, on amd64 and
// arm64. Randomness comes from core/rng; sine and cosine are computed here
// with rounded products (see sin and cos) and every product that is added to
// something is written float64(x*y) + z so that no platform fuses it.
//
// Playground's sets lie in its square [-6, 6] × [-6, 6], the benchmark in
// [-6.5, 6.5]². Classification labels are +1 and -1; regression labels are
// numbers near [-1, 1].
//
// Errors are values: a refused spec field is a *FieldError holding the
// field, the value, what is wrong with it (a Fault) and the allowed range; a
// refused CSV line is a *LineError that adds the line number.
package points

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/diffstruct/diffstruct/core/rng"
)

// Point is one example: an input (X, Y) and its target Label (+1 or -1 for
// classification, a number for regression).
type Point struct {
	X     float64 `json:"x"`
	Y     float64 `json:"y"`
	Label float64 `json:"label"`
}

// Set is a named data set split into training and test points. Regression
// says the labels are real-valued targets rather than classes ±1.
type Set struct {
	Name       string  `json:"name"`
	Train      []Point `json:"train"`
	Test       []Point `json:"test"`
	Regression bool    `json:"regression,omitempty"`
}

// Kinds of set that Make builds.
const (
	Circle     = "circle"      // classification: a disc inside a ring
	XOR        = "xor"         // classification: the quadrants' sign rule
	Gauss      = "gauss"       // classification: two gaussian clouds
	Spiral     = "spiral"      // classification: Playground's two spirals
	RegPlane   = "reg-plane"   // regression: a tilted plane
	RegGauss   = "reg-gauss"   // regression: six signed gaussian bumps
	TwoSpirals = "two-spirals" // classification: the CMU benchmark, fixed
)

var kinds = []string{Circle, XOR, Gauss, Spiral, RegPlane, RegGauss, TwoSpirals}

// Kinds returns the kinds Make accepts, Playground's six in its order then
// the benchmark (a new slice each call).
func Kinds() []string { return append([]string(nil), kinds...) }

// Limits of a Spec, as on Playground.
const (
	MaxNoise         = 50    // percent
	MinTestRatio     = 10    // percent of the points held out for testing
	MaxTestRatio     = 90    // percent
	DefaultTestRatio = 50    // percent, used when TestRatio is 0
	MinN             = 10    // points
	MaxN             = 10000 // points, also FromCSV's limit
	DefaultN         = 500   // classification points when N is 0 (Playground's)
	DefaultRegressN  = 1200  // regression points when N is 0 (Playground's)
	Half             = 6     // the plane shown is [-Half, Half]²
)

// Spec describes a generated set. The zero values of TestRatio and N mean
// their defaults; Noise 0 means no noise.
type Spec struct {
	Kind      string  // one of Kinds()
	Noise     float64 // percent, 0 to 50 (Playground's slider)
	TestRatio float64 // percent of the points held out for testing, 10 to 90 (0: 50)
	N         int     // number of points, 10 to 10000 (0: 500, 1200 for regression)
	Seed      uint64  // any value
}

// Fault says what is wrong with a value.
type Fault string

// Faults.
const (
	NotANumber  Fault = "not a number"
	NotFinite   Fault = "not a finite number"
	NotWhole    Fault = "not a whole number"
	OutOfRange  Fault = "out of range"
	NotAllowed  Fault = "not one of the choices"
	WrongFields Fault = "not three fields"
	TooMany     Fault = "too many points"
	TooFew      Fault = "too few points"
)

// FieldError is a value a Spec refuses.
type FieldError struct {
	Field string // the Spec field: "kind", "noise", "test_ratio", "n"
	Value string // the value as given
	Fault Fault
	Want  string // the allowed range in words: "a number in [0, 50]"
}

// Error returns "points: field: reason".
func (e *FieldError) Error() string { return "points: " + e.Field + ": " + e.Reason() }

// Reason returns the sentence without the field's name:
// "NaN is not a finite number (want a number in [0, 50])".
func (e *FieldError) Reason() string {
	v := e.Value
	if e.Fault == NotAllowed || e.Fault == NotANumber {
		v = strconv.Quote(v)
	}
	return fmt.Sprintf("%s is %s (want %s)", v, e.Fault, e.Want)
}

func fnum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// Validate returns nil or the first refused field as a *FieldError. The
// two-spirals benchmark is fixed: its Noise, TestRatio and N must be 0 (N
// may also be 194).
func (s Spec) Validate() error {
	known := false
	for _, k := range kinds {
		known = known || s.Kind == k
	}
	if !known {
		return &FieldError{Field: "kind", Value: s.Kind, Fault: NotAllowed, Want: "one of " + strings.Join(kinds, ", ")}
	}
	if s.Kind == TwoSpirals {
		if s.Noise != 0 {
			return &FieldError{Field: "noise", Value: fnum(s.Noise), Fault: OutOfRange, Want: "0 (the two-spirals benchmark has no noise)"}
		}
		if s.TestRatio != 0 {
			return &FieldError{Field: "test_ratio", Value: fnum(s.TestRatio), Fault: OutOfRange, Want: "0 (the two-spirals benchmark has no test split)"}
		}
		if s.N != 0 && s.N != 2*TwoSpiralsPerArm {
			return &FieldError{Field: "n", Value: strconv.Itoa(s.N), Fault: OutOfRange, Want: "0 or 194 (the two-spirals benchmark has 194 points)"}
		}
		return nil
	}
	if err := checkFloat("noise", s.Noise, 0, MaxNoise, "a number in [0, 50]"); err != nil {
		return err
	}
	if s.TestRatio != 0 {
		if err := checkFloat("test_ratio", s.TestRatio, MinTestRatio, MaxTestRatio, "0 (meaning 50) or a number in [10, 90]"); err != nil {
			return err
		}
	}
	if s.N != 0 && (s.N < MinN || s.N > MaxN) {
		return &FieldError{Field: "n", Value: strconv.Itoa(s.N), Fault: OutOfRange, Want: "0 (meaning the default) or a whole number in [10, 10000]"}
	}
	return nil
}

func checkFloat(field string, v, lo, hi float64, want string) error {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return &FieldError{Field: field, Value: fnum(v), Fault: NotFinite, Want: want}
	case v < lo || v > hi:
		return &FieldError{Field: field, Value: fnum(v), Fault: OutOfRange, Want: want}
	}
	return nil
}

// stream is the rng stream of the generators, apart from the engine's.
const stream = 0x9017

// Make validates s and builds its set: the points are generated in
// Playground's order, shuffled with the seed, and the first
// floor(N·(100−TestRatio)/100) become Train, the rest Test (Playground
// splits the same way). The two-spirals benchmark ignores the seed and
// returns its 194 points, in the benchmark's order, all in Train.
func Make(s Spec) (Set, error) {
	if err := s.Validate(); err != nil {
		return Set{}, err
	}
	if s.Kind == TwoSpirals {
		return TwoSpiralsSet(), nil
	}
	regression := s.Kind == RegPlane || s.Kind == RegGauss
	n := s.N
	if n == 0 {
		n = DefaultN
		if regression {
			n = DefaultRegressN
		}
	}
	ratio := s.TestRatio
	if ratio == 0 {
		ratio = DefaultTestRatio
	}
	noise := s.Noise / 100
	r := rng.New(s.Seed, stream)
	var pts []Point
	switch s.Kind {
	case Circle:
		pts = circle(r, n, noise)
	case XOR:
		pts = xor(r, n, noise)
	case Gauss:
		pts = gauss(r, n, noise)
	case Spiral:
		pts = spiral(r, n, noise)
	case RegPlane:
		pts = plane(r, n, noise)
	case RegGauss:
		pts = multiGauss(r, n, noise)
	}
	r.Shuffle(len(pts), func(i, j int) { pts[i], pts[j] = pts[j], pts[i] })
	train := TrainCount(n, ratio)
	return Set{Name: s.Kind, Train: pts[:train:train], Test: pts[train:], Regression: regression}, nil
}

// TrainCount returns how many of n points Make keeps for training when
// testRatio percent are held out: floor(n·(100−testRatio)/100).
func TrainCount(n int, testRatio float64) int {
	return int(math.Floor(float64(n) * (100 - testRatio) / 100))
}
