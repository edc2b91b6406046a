package main

import (
	"strings"
	"testing"

	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/core/settings"
	"github.com/diffstruct/diffstruct/wasm/linkstate"
)

// linkAccepts reports whether the share-link reader takes key=value, and its reason if not.
func linkAccepts(key, value string) (bool, string) {
	_, probs := linkstate.Parse(key + "=" + value)
	if len(probs) == 0 {
		return true, ""
	}
	return false, probs[0].Reason
}

// setAccepts reports whether the trainer's -set takes key=value, and its message if not.
func setAccepts(t *testing.T, key, value string) (bool, string) {
	code, _, errOut := call(t, "-cycles", "1", "-set", key+"="+value)
	return code == 0, errOut
}

// TestOneTableDecidesForLinksAndTrainer changes a range in the settings
// table and checks that the share-link reader and the trainer's -set both
// follow it, with the same words.
func TestOneTableDecidesForLinksAndTrainer(t *testing.T) {
	row, ok := engine.Settings.ByKey("learning_rate")
	if !ok {
		t.Fatal("no learning_rate row")
	}
	for _, v := range []string{"0.5", "5"} {
		if ok, why := linkAccepts("learning_rate", v); !ok {
			t.Fatalf("link refuses learning_rate=%s before the change: %s", v, why)
		}
		if ok, why := setAccepts(t, "learning_rate", v); !ok {
			t.Fatalf("-set refuses learning_rate=%s before the change: %s", v, why)
		}
	}
	saved := *row.Max
	row.Max = &settings.Bound{Value: 1, Open: true} // now (0, 1)
	defer func() { row.Max = &saved }()
	if ok, _ := linkAccepts("learning_rate", "0.5"); !ok {
		t.Error("link refuses 0.5, inside (0, 1)")
	}
	if ok, _ := setAccepts(t, "learning_rate", "0.5"); !ok {
		t.Error("-set refuses 0.5, inside (0, 1)")
	}
	for _, v := range []string{"1", "5"} {
		okL, why := linkAccepts("learning_rate", v)
		okS, msg := setAccepts(t, "learning_rate", v)
		if okL || okS {
			t.Errorf("learning_rate=%s outside (0, 1): link accepts %v, -set accepts %v", v, okL, okS)
			continue
		}
		want := v + " is out of range (want a number in (0, 1))"
		if why != want || !strings.Contains(msg, want) {
			t.Errorf("learning_rate=%s: link says %q, -set says %q, want both %q", v, why, msg, want)
		}
	}
}

// TestSetNaNSaysWhatTheLinkSays: -set learning_rate=NaN once answered
// "config: EOF"; it now gives the link reader's sentence.
func TestSetNaNSaysWhatTheLinkSays(t *testing.T) {
	_, why := linkAccepts("learning_rate", "NaN")
	code, out, msg := callSet(t, "learning_rate=NaN")
	want := "NaN is not a finite number (want a number in (0, 10])"
	if code == 0 || out != "" || why != want || msg != "train: -set learning_rate=NaN: "+want+"\n" {
		t.Errorf("link says %q; -set exits %d saying %q; want %q", why, code, msg, want)
	}
	for set, want := range map[string]string{
		"lr=0.1":      "unknown field lr (did you mean learning_rate?)",
		"foo=1":       "unknown field foo (the settings: ",
		"task.p=1":    "1 is out of range (want a number in (0, 1))",
		"reserve=1.5": "1.5 is not a whole number",
		"rule=v3":     `"v3" is not one of the choices (want one of v2, v1, fixed)`,
	} {
		if code, _, msg := callSet(t, set); code != 2 || !strings.Contains(msg, want) {
			t.Errorf("-set %s: exit %d, %q, want %q", set, code, msg, want)
		}
	}
	// With no key near, every key is named.
	_, _, msg = callSet(t, "foo=1")
	for _, n := range engine.Settings.Names(false) {
		if !strings.Contains(msg, n.Key) {
			t.Errorf("-set foo=1 says %q, not naming %s", msg, n.Key)
		}
	}
}

func callSet(t *testing.T, set string) (int, string, string) {
	return call(t, "-cycles", "1", "-set", set)
}
