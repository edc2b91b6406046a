package engine

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/diffstruct/diffstruct/core/settings"
	"github.com/diffstruct/diffstruct/core/task"
)

// TestEveryFieldHasOneRow checks that the table covers every field of
// Config and of task.Spec, once each, so a new field cannot be forgotten.
func TestEveryFieldHasOneRow(t *testing.T) {
	paths := map[string]bool{}
	var walk func(typ reflect.Type, prefix string)
	walk = func(typ reflect.Type, prefix string) {
		for i := range typ.NumField() {
			name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
			if typ.Field(i).Type.Kind() == reflect.Struct {
				walk(typ.Field(i).Type, prefix+name+".")
				continue
			}
			paths[prefix+name] = true
		}
	}
	walk(reflect.TypeOf(Config{}), "")
	seen := map[string]bool{}
	keys := map[string]bool{}
	for _, row := range Settings {
		if seen[row.Path()] || keys[row.Key] {
			t.Errorf("%s (key %s) has two rows", row.Path(), row.Key)
		}
		seen[row.Path()], keys[row.Key] = true, true
		if !paths[row.Path()] {
			t.Errorf("row %s names no field of Config", row.Path())
		}
		if row.Label == "" || row.Help == "" {
			t.Errorf("row %s lacks a label or help", row.Key)
		}
	}
	for p := range paths {
		if !seen[p] {
			t.Errorf("Config field %s has no row in Settings", p)
		}
	}
	// The task's rows are shared with package task, not copied.
	row, _ := Settings.ByKey("task.p")
	trow, _ := task.Settings.ByKey("p")
	if row != trow {
		t.Error("engine.Settings holds a copy of the task's p row")
	}
}

func TestPresetsFitTheTable(t *testing.T) {
	for _, name := range Presets {
		c := mustPreset(t, name, 37)
		for _, row := range Settings {
			if _, ok := c.Get(row.Key); !ok {
				t.Errorf("%s: no value for %s", name, row.Key)
			}
		}
	}
	if d := DescribePresets(); len(d) != len(Presets) || d[0].Name != PresetPaper || d[0].Description == "" {
		t.Errorf("DescribePresets = %+v", d)
	}
}

func TestValidateReturnsTypedErrors(t *testing.T) {
	c := Default()
	c.LearningRate = math.NaN()
	err := c.Validate()
	var fe *settings.FieldError
	if !errors.As(err, &fe) || fe.Field != "learning_rate" || fe.Fault != settings.NotFinite || fe.Want != "a number in (0, 10]" {
		t.Fatalf("error %#v", err)
	}
	if want := "learning_rate: NaN is not a finite number (want a number in (0, 10])"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	c = Default()
	c.Task = task.Spec{Kind: task.Custom, Text: "a\x00b"}
	var te *task.TextError
	if err := c.Validate(); !errors.As(err, &te) || te.Fault != task.TextHasNUL || !te.Binary() {
		t.Errorf("NUL text: %#v", err)
	}
	if _, err := Preset("v9", 0); !errors.As(err, &fe) || fe.Key != "preset" || fe.Fault != settings.NotAllowed {
		t.Errorf("unknown preset: %#v", err)
	}
	// A bound computed from the config: init_neurons <= max_neurons.
	c = Default()
	c.MaxNeurons, c.InitNeurons = 5, 6
	if err := c.Validate(); !errors.As(err, &fe) || fe.Key != "init_neurons" || !strings.Contains(fe.Want, "max_neurons (5)") {
		t.Errorf("init_neurons over max_neurons: %v", err)
	}
}

func TestSetParsesByTheTable(t *testing.T) {
	c := Default()
	for key, text := range map[string]string{"learning_rate": "0.02", "task.l": "5", "p": "0.7", "rule": "v1", "seed": "18446744073709551615"} {
		if err := c.Set(key, text); err != nil {
			t.Errorf("Set(%s, %s): %v", key, text, err)
		}
	}
	if c.LearningRate != 0.02 || c.Task.L != 5 || c.Task.P != 0.7 || c.Rule != RuleV1 || c.Seed != math.MaxUint64 {
		t.Errorf("config after Set: %+v", c)
	}
	var ue *UnknownKeyError
	if err := c.Set("lr", "0.1"); !errors.As(err, &ue) || ue.Suggestion != "learning_rate" {
		t.Errorf("Set(lr): %v", err)
	}
	var fe *settings.FieldError
	if err := c.Set("reserve", "1.5"); !errors.As(err, &fe) || fe.Fault != settings.NotWhole {
		t.Errorf("Set(reserve, 1.5): %v", err)
	}
}
