package linkstate

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/diffstruct/diffstruct/core/points"
)

func TestFFLinkRoundTrips(t *testing.T) {
	s, probs := Parse("#model=ff&data=circle&noise=10&test=30&points=200&preset=paper-ff&seed=3&speed=max&play=1&race=4-2,8")
	if len(probs) != 0 {
		t.Fatalf("problems: %v", probs)
	}
	want := FFState{Data: "circle", Noise: 10, Test: 30, Points: 200, Race: [][]int{{4, 2}, {8}}}
	if !s.IsFF() || !reflect.DeepEqual(s.FF, want) || s.Seed != 3 || s.Speed != "max" || !s.Play {
		t.Fatalf("state %+v", s)
	}
	f := Format(s)
	if f != "model=ff&data=circle&noise=10&test=30&points=200&preset=paper-ff&seed=3&speed=max&play=1&race=4-2%2C8" {
		t.Errorf("format %q", f)
	}
	again, probs := Parse(f)
	if len(probs) != 0 || !reflect.DeepEqual(again, s) {
		t.Errorf("round trip: %+v %v", again, probs)
	}
	spec := s.PointsSpec()
	if spec != (points.Spec{Kind: "circle", Noise: 10, TestRatio: 30, N: 200, Seed: 3}) {
		t.Errorf("spec %+v", spec)
	}
	if cfg, err := s.FFConfig(); err != nil || cfg.Seed != 3 {
		t.Errorf("config %+v %v", cfg, err)
	}
}

func TestFFDefaultsAndOrder(t *testing.T) {
	// The model key may come last: it is applied first.
	s, probs := Parse("data=xor&model=ff")
	if len(probs) != 0 || !s.IsFF() || s.FF.DataKind() != "xor" {
		t.Fatalf("%+v %v", s, probs)
	}
	d, _ := Parse("model=ff")
	if got := Format(d); got != "model=ff&data=spiral&preset=paper-ff&seed=1&speed=lesson&play=0" {
		t.Errorf("default ff link %q", got)
	}
	// model=sequence is the default: the link is as before.
	q, probs := Parse("model=sequence&task=hard")
	if len(probs) != 0 || q.IsFF() || strings.Contains(Format(q), "model") {
		t.Errorf("sequence link: %q %v", Format(q), probs)
	}
}

func TestFFBadValuesGiveProblems(t *testing.T) {
	for frag, key := range map[string]string{
		"model=ff&data=nope":     "data",
		"model=ff&noise=60":      "noise",
		"model=ff&noise=x":       "noise",
		"model=ff&test=5":        "test",
		"model=ff&points=3":      "points",
		"model=ff&points=1.5":    "points",
		"model=ff&preset=paper":  "preset",
		"model=ff&race=4-0":      "race",
		"model=ff&task=hard":     "task",
		"model=ff&threshold=0.1": "threshold",
		"model=rnn":              "model",
		"data=circle":            "data",
	} {
		s, probs := Parse(frag)
		if len(probs) != 1 || probs[0].Key != key || probs[0].Kind != Invalid {
			t.Errorf("%s: %+v", frag, probs)
			continue
		}
		if msg := probs[0].String(); !strings.Contains(msg, key) {
			t.Errorf("%s: message %q", frag, msg)
		}
		if again, p := Parse(Format(s)); len(p) != 0 || !reflect.DeepEqual(again, s) {
			t.Errorf("%s: the fallback does not round-trip: %q %v", frag, Format(s), p)
		}
	}
	_, probs := Parse("model=ff&noise=60")
	var fe *points.FieldError
	if !errors.As(probs[0].Err, &fe) || fe.Fault != points.OutOfRange || probs[0].Fallback != "0" {
		t.Errorf("noise: %+v", probs[0])
	}
	// The benchmark is fixed: its options conflict and are dropped.
	s, probs := Parse("model=ff&data=two-spirals&noise=10")
	if len(probs) != 1 || probs[0].Kind != Conflict || probs[0].Key != "noise" || s.FF.Noise != 0 {
		t.Errorf("two-spirals with noise: %+v %+v", s.FF, probs)
	}
	if _, probs := Parse("model=ff&nosie=5"); len(probs) != 1 || probs[0].Suggestion != "noise" {
		t.Errorf("a mistyped ff key: %+v", probs)
	}
}

// FuzzFFParse checks feed-forward links as FuzzParse checks recurrent ones:
// whatever the fragment, the state opens (its points and config are
// valid) and Format is canonical.
func FuzzFFParse(f *testing.F) {
	for _, seed := range []string{
		"model=ff", "model=ff&data=two-spirals&noise=10&test=20&points=50", "data=xor&model=ff&race=4-2,8,1-1-1",
		"model=ff&noise=12.5&test=90&points=10000&seed=18446744073709551615&stop=9", "model=ff&preset=x&race=0",
		"model=ff&model=sequence&task=hard", "model=ff&hide=charts&only=graph", "model=ff&test=50&points=0",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, frag string) {
		s, _ := Parse(frag)
		if s.IsFF() {
			if err := s.PointsSpec().Validate(); err != nil {
				t.Fatalf("Parse(%q) gave a data set points refuses: %v", frag, err)
			}
			if _, err := s.FFConfig(); err != nil {
				t.Fatalf("Parse(%q) gave a config ff refuses: %v", frag, err)
			}
		}
		out := Format(s)
		s2, probs := Parse(out)
		if len(probs) != 0 {
			t.Fatalf("Format output %q has problems %v", out, probs)
		}
		if out2 := Format(s2); out2 != out {
			t.Fatalf("not canonical:\n%q\n%q", out, out2)
		}
	})
}
