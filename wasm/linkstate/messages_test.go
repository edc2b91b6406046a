package linkstate

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/core/race"
	"github.com/diffstruct/diffstruct/core/settings"
)

func TestUnknownKeysSuggestTheNearest(t *testing.T) {
	for frag, want := range map[string]string{
		"lr=0.1": "learning_rate", "L=3": "l", "hidden=5": "n", "prob=0.7": "p", "Task=hard": "task",
		"max_neuron=5": "max_neurons", "sped=max": "speed",
	} {
		_, probs := Parse(frag)
		if len(probs) != 1 || probs[0].Kind != Unknown || probs[0].Suggestion != want {
			t.Errorf("%s: %+v, want an unknown key suggesting %s", frag, probs, want)
			continue
		}
		if msg := probs[0].String(); !strings.Contains(msg, "did you mean "+want+"?") {
			t.Errorf("%s: message %q does not name %s", frag, msg, want)
		}
	}
	if _, probs := Parse("zzzzzzzz=1"); len(probs) != 1 || probs[0].Suggestion != "" {
		t.Errorf("a key like no other: %+v", probs)
	}
}

func TestRepeatedKeyNamesTheValueUsed(t *testing.T) {
	s, probs := Parse("task=hard&task=easy")
	if s.Task != "easy" || len(probs) != 1 {
		t.Fatalf("state %s, problems %+v", s.Task, probs)
	}
	p := probs[0]
	if p.Kind != Repeated || p.Key != "task" || p.Fallback != "easy" {
		t.Errorf("problem %+v", p)
	}
	if msg := p.String(); !strings.Contains(msg, "task") || !strings.Contains(msg, "2 times") || !strings.Contains(msg, "using task=easy") {
		t.Errorf("message %q", msg)
	}
	if _, probs := Parse("hide=play&only=graph"); len(probs) != 1 || probs[0].Kind != Repeated || probs[0].Key != "hide" {
		t.Errorf("hide and only both set the hidden parts: %+v", probs)
	}
}

func TestRangeWording(t *testing.T) {
	for frag, want := range map[string]string{
		"p=1":               "1 is out of range (want a number in (0, 1))",
		"p=0":               "0 is out of range (want a number in (0, 1))",
		"l=99":              "99 is out of range (want a whole number in [2, 64])",
		"learning_rate=NaN": "NaN is not a finite number (want a number in (0, 10])",
		"p_del=2":           "2 is out of range (want a number in [0, 1])",
		"reserve=500":       "500 is out of range (want a whole number in [0, max_neurons (100)])",
		"n=0":               "0 is out of range (want a whole number in [1, 100])",
	} {
		_, probs := Parse(frag)
		if len(probs) != 1 || probs[0].Reason != want {
			t.Errorf("%s: %+v, want reason %q", frag, probs, want)
		}
		if strings.Contains(probs[0].String(), "between") {
			t.Errorf("%s: %q", frag, probs[0])
		}
	}
	_, probs := Parse("learning_rate=NaN")
	var fe *settings.FieldError
	if !errors.As(probs[0].Err, &fe) || fe.Fault != settings.NotFinite {
		t.Errorf("the problem does not carry the typed error: %#v", probs[0].Err)
	}
}

func TestProblemIsStructuredJSON(t *testing.T) {
	_, probs := Parse("lr=0.1")
	b, err := json.Marshal(probs[0])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal(b, &m)
	if m["key"] != "lr" || m["value"] != "0.1" || m["kind"] != Unknown || m["suggestion"] != "learning_rate" || m["reason"] != "unknown key" {
		t.Errorf("JSON %s", b)
	}
	b, _ = json.Marshal(Speeds[0])
	if string(b) != `{"name":"1sym","label":"1 symbol/s (slow motion)","symbols":1}` {
		t.Errorf("speed JSON %s", b)
	}
}

func TestDescribeForThePage(t *testing.T) {
	b, err := json.Marshal(Describe())
	if err != nil {
		t.Fatal(err)
	}
	var page struct {
		Presets []struct{ Name, Label, Description string }
		Tasks   []struct{ Kind, Description string }
		Hypers  []string
		Parts   []struct{ Name, Label string }
		Speeds  []struct{ Name string }
		Default string `json:"default_speed"`
		Race    struct {
			DefaultSizes []int `json:"default_sizes"`
			MaxRivals    int   `json:"max_rivals"`
		}
		Settings []struct {
			Key, Type, Range, Label, Help string
			Link                          bool
			Defaults                      map[string]any
			Max                           *struct {
				Value float64
				Open  bool
			}
		}
	}
	if err := json.Unmarshal(b, &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Presets) != len(engine.Presets) || page.Presets[0].Label == "" || len(page.Tasks) == 0 ||
		len(page.Parts) != len(Parts) || len(page.Speeds) != len(Speeds) || page.Default != DefaultSpeed ||
		page.Race.MaxRivals != race.MaxRivals || len(page.Race.DefaultSizes) != len(race.DefaultSizes) {
		t.Errorf("page %s", b)
	}
	if len(page.Settings) != len(engine.Settings) || len(page.Hypers) != len(Hypers()) {
		t.Fatalf("%d settings, %d hypers", len(page.Settings), len(page.Hypers))
	}
	for _, s := range page.Settings {
		if s.Key == "learning_rate" {
			if s.Range != "a number in (0, 10]" || !s.Link || s.Max == nil || s.Max.Value != 10 || s.Max.Open ||
				s.Defaults["paper"] != 0.01 || s.Defaults["paper-v1"] != 0.1 {
				t.Errorf("learning_rate row %+v", s)
			}
			return
		}
	}
	t.Error("no learning_rate row")
}
