package session

import (
	"bytes"
	"strings"
	"testing"

	"github.com/diffstruct/diffstruct/wasm/linkstate"
)

// awkwardTexts are texts a teacher may paste: every character a link
// fragment treats specially, newlines, tabs and non-ASCII runes.
var awkwardTexts = []string{
	"fish & chips, 100% a+b",
	"a=b&c=d#e?f+g %20 %zz %",
	"line one\nline two\r\n\ttabbed\n",
	"∀x∈ℝ: x² ≥ 0 — «quote» 日本語 🐟🐟",
	"if (a && b) { c += 1; } // 50% done #tag",
	strings.Repeat("ab+&=#%\n", 300),
}

// TestPastedTextKeptExactly sets a custom text as the page's text box does
// and checks that the run, the share link and an exported network file all
// hold exactly the text pasted, and that the link replays the same run.
func TestPastedTextKeptExactly(t *testing.T) {
	for _, text := range awkwardTexts {
		s, _ := New("")
		if probs := s.Set("text", text); len(probs) > 0 {
			t.Fatalf("%q refused: %v", text, probs)
		}
		if probs := s.Set("task", "custom"); len(probs) > 0 {
			t.Fatalf("task custom refused for %q: %v", text, probs)
		}
		if got := s.Config().Task.Text; got != text {
			t.Fatalf("run's text %q, want %q", got, text)
		}
		run(t, s, 30)

		// The share link opens the same text and the same run.
		link := s.Fragment()
		o, probs := New(link)
		if len(probs) > 0 {
			t.Fatalf("link %q: %v", link, probs)
		}
		if got := o.Config().Task.Text; got != text {
			t.Fatalf("link's text %q, want %q", got, text)
		}
		run(t, o, 30)
		if a, b := s.Fingerprint(), o.Fingerprint(); a != b {
			t.Fatalf("link replays another run for %q: %s != %s", text, a, b)
		}

		// An exported network file keeps it too.
		var file bytes.Buffer
		if err := s.Save(&file); err != nil {
			t.Fatal(err)
		}
		l, _ := New("")
		if err := l.Load(&file, "net.json"); err != nil {
			t.Fatal(err)
		}
		if got := l.Config().Task.Text; got != text {
			t.Fatalf("file's text %q, want %q", got, text)
		}
		if st, _ := linkstate.Parse(l.Fragment()); st.Text != text {
			t.Fatalf("loaded run's link holds %q, want %q", st.Text, text)
		}
	}
}

// TestSetTakesValuesNotFragments checks that a value with link syntax in
// it is a value: it neither sets other keys nor is refused as badly escaped.
func TestSetTakesValuesNotFragments(t *testing.T) {
	s, _ := New("seed=5")
	if probs := s.Set("text", "ab&seed=9&preset=fixed"); len(probs) > 0 {
		t.Fatal(probs)
	}
	if c := s.Config(); c.Seed != 5 || c.Preset != "paper" {
		t.Fatalf("a text's contents changed other settings: seed %d preset %s", c.Seed, c.Preset)
	}
	// A bad value is still refused with the key's own reason.
	probs := s.Set("seed", "-1")
	if len(probs) != 1 || probs[0].Key != "seed" || probs[0].Kind != linkstate.Invalid {
		t.Fatalf("problems %+v", probs)
	}
}
