package linkstate

import (
	"strings"
	"testing"
)

// TestViewKeys checks the big and contrast keys: read in both model
// families, written back when on, and absent from a link that is off, so
// every older link formats (and fingerprints) as it did.
func TestViewKeys(t *testing.T) {
	for _, c := range []struct {
		frag          string
		big, contrast bool
	}{
		{"task=hard&big=1", true, false},
		{"task=hard&contrast=1", false, true},
		{"task=hard&big=1&contrast=1", true, true},
		{"model=ff&big=1&contrast=1", true, true},
		{"task=hard&big=0&contrast=0", false, false},
	} {
		s, probs := Parse(c.frag)
		if len(probs) != 0 {
			t.Errorf("%s: problems %v", c.frag, probs)
			continue
		}
		if s.Big != c.big || s.Contrast != c.contrast {
			t.Errorf("%s: big %v contrast %v, want %v %v", c.frag, s.Big, s.Contrast, c.big, c.contrast)
		}
		out := Format(s)
		if strings.Contains(out, "big=") != c.big || strings.Contains(out, "contrast=") != c.contrast {
			t.Errorf("%s: formatted %q", c.frag, out)
		}
		back, probs := Parse(out)
		if len(probs) != 0 || back.Big != s.Big || back.Contrast != s.Contrast {
			t.Errorf("%s: %q parses back to big %v contrast %v, problems %v", c.frag, out, back.Big, back.Contrast, probs)
		}
	}
}

// TestViewKeysOffLeaveLinksAlone checks that a link without the keys
// formats exactly as it does with them off.
func TestViewKeysOffLeaveLinksAlone(t *testing.T) {
	for _, frag := range []string{"", "task=hard&preset=paper&seed=1", "model=ff&data=xor", "tour=1&race=10,37"} {
		s, _ := Parse(frag)
		off, _ := Parse(frag + "&big=0&contrast=0")
		if Format(s) != Format(off) {
			t.Errorf("%q: %q with the keys off, %q without", frag, Format(off), Format(s))
		}
		if strings.Contains(Format(s), "big") || strings.Contains(Format(s), "contrast") {
			t.Errorf("%q: %q names a view key", frag, Format(s))
		}
	}
}

// TestViewKeyAliases checks the other names people type suggest the keys.
func TestViewKeyAliases(t *testing.T) {
	for alias, key := range map[string]string{"projector": "big", "high_contrast": "contrast"} {
		_, probs := Parse(alias + "=1")
		if len(probs) != 1 || probs[0].Kind != Unknown || probs[0].Suggestion != key {
			t.Errorf("%s=1: problems %+v, want an unknown key suggesting %s", alias, probs, key)
		}
	}
}

// TestBadViewKeys checks a bad value is a problem that names the fallback.
func TestBadViewKeys(t *testing.T) {
	for _, frag := range []string{"big=huge", "contrast=2", "model=ff&big=x"} {
		s, probs := Parse(frag)
		if len(probs) != 1 || probs[0].Kind != Invalid || probs[0].Fallback != "0" {
			t.Errorf("%s: problems %v", frag, probs)
		}
		if s.Big || s.Contrast {
			t.Errorf("%s: state changed: big %v contrast %v", frag, s.Big, s.Contrast)
		}
	}
}
