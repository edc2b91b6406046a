package settings

import (
	"errors"
	"math"
	"testing"
)

func TestRangeWordsUseIntervalNotation(t *testing.T) {
	look := func(key string) (float64, bool) {
		return map[string]float64{"max_neurons": 100, "threshold": 0.05}[key], true
	}
	for _, c := range []struct {
		s    Setting
		want string
	}{
		{Setting{Type: Float, Min: &Bound{Value: 0, Open: true}, Max: &Bound{Value: 1, Open: true}}, "a number in (0, 1)"},
		{Setting{Type: Float, Min: &Bound{Value: 0}, Max: &Bound{Value: 1, Open: true}}, "a number in [0, 1)"},
		{Setting{Type: Float, Min: &Bound{Value: 0, Open: true}, Max: &Bound{Value: 10}}, "a number in (0, 10]"},
		{Setting{Type: Int, Min: &Bound{Value: 2}, Max: &Bound{Value: 64}}, "a whole number in [2, 64]"},
		{Setting{Type: Int, Min: &Bound{Value: 3}, Max: &Bound{Value: 1e9}}, "a whole number in [3, 1000000000]"},
		{Setting{Type: Float, Min: &Bound{Value: 0}, Zero: "off"}, "a number >= 0 (0: off)"},
		{Setting{Type: Int, Min: &Bound{Value: 0}, Max: &Bound{Key: "max_neurons"}}, "a whole number in [0, max_neurons (100)]"},
		{Setting{Type: Float, Min: &Bound{Value: 0}, Max: &Bound{Key: "threshold", Open: true}}, "a number in [0, threshold (0.05))"},
		{Setting{Type: Enum, Values: []string{"a", "b"}}, "one of a, b"},
	} {
		if got := c.s.Range(look); got != c.want {
			t.Errorf("Range = %q, want %q", got, c.want)
		}
	}
}

func TestValidateEndsAndFaults(t *testing.T) {
	p := &Setting{Key: "p", Group: "task", Field: "p", Type: Float, Min: &Bound{Value: 0, Open: true}, Max: &Bound{Value: 1, Open: true}}
	for _, c := range []struct {
		v     any
		fault Fault
	}{
		{0.5, ""}, {1e-300, ""}, {0.0, OutOfRange}, {1.0, OutOfRange}, {math.NaN(), NotFinite}, {math.Inf(-1), NotFinite},
	} {
		err := p.Validate(c.v, nil)
		var fe *FieldError
		switch {
		case c.fault == "" && err != nil:
			t.Errorf("%v refused: %v", c.v, err)
		case c.fault != "" && (!errors.As(err, &fe) || fe.Fault != c.fault || fe.Field != "task.p" || fe.Key != "p"):
			t.Errorf("%v: error %#v, want fault %q on task.p", c.v, err, c.fault)
		}
	}
	err := p.Validate(1.0, nil)
	if want := "task.p: 1 is out of range (want a number in (0, 1))"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
}

func TestParseByType(t *testing.T) {
	n := &Setting{Key: "n", Field: "n", Type: Int, Min: &Bound{Value: 1}}
	if v, err := n.Parse("12"); err != nil || v != 12 {
		t.Errorf("Parse(12) = %v, %v", v, err)
	}
	for text, fault := range map[string]Fault{"1.5": NotWhole, "x": NotANumber, "NaN": NotFinite, "1e300": OutOfRange} {
		_, err := n.Parse(text)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Fault != fault {
			t.Errorf("Parse(%q): %v, want fault %q", text, err, fault)
		}
	}
	f := &Setting{Key: "x", Field: "x", Type: Float}
	if v, err := f.Parse("NaN"); err != nil || !math.IsNaN(v.(float64)) {
		t.Errorf("Parse(NaN) = %v, %v: a float parses, the range check refuses", v, err)
	}
}

func TestSuggestPrefersAliasesThenDistance(t *testing.T) {
	known := []Name{{Key: "learning_rate", Aliases: []string{"lr", "rate"}}, {Key: "l", Aliases: []string{"L", "length"}},
		{Key: "n", Aliases: []string{"hidden", "size"}}, {Key: "max_neurons"}, {Key: "task"}}
	for in, want := range map[string]string{
		"lr": "learning_rate", "L": "l", "hidden": "n", "HIDDEN": "n", "max_neuron": "max_neurons", "tsak": "task",
		"learning-rate": "learning_rate", "zzzzzzzz": "", "": "",
	} {
		if got := Suggest(in, known); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGetSetByJSONPath(t *testing.T) {
	type inner struct {
		P float64 `json:"p,omitempty"`
	}
	type outer struct {
		N    int    `json:"n"`
		Seed uint64 `json:"seed"`
		Task inner  `json:"task"`
	}
	var o outer
	n := &Setting{Key: "n", Field: "n", Type: Int}
	p := &Setting{Key: "p", Group: "task", Field: "p", Type: Float}
	Set(&o, n, 7.0) // link overrides hold float64s
	Set(&o, p, 0.25)
	if o.N != 7 || o.Task.P != 0.25 || Get(&o, n) != 7 || Get(&o.Task, p) != 0.25 {
		t.Fatalf("Get/Set: %+v", o)
	}
}
