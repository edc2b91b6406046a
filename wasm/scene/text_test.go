package scene

import (
	"fmt"
	"math"
	"testing"

	"github.com/diffstruct/diffstruct/wasm/wire"
)

// snapshotAlphabet is snapshot with another alphabet of 4 symbols.
func snapshotAlphabet(t *testing.T, alphabet string, ids ...uint32) []byte {
	var g wire.Graph
	if err := g.Decode(snapshot(5, ids...)); err != nil {
		t.Fatal(err)
	}
	g.Alphabet = []rune(alphabet)
	return g.Append(nil)
}

// luminance is WCAG 2's relative luminance of an opaque colour.
func luminance(c Color) float64 {
	lin := func(v float32) float64 {
		x := float64(v)
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// contrast is WCAG 2's contrast ratio of two opaque colours.
func contrast(a, b Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

// over composes c (non-premultiplied, with alpha) over an opaque colour.
func over(c, under Color) Color {
	return Color{under.R + (c.R-under.R)*c.A, under.G + (c.G-under.G)*c.A, under.B + (c.B-under.B)*c.A, 1}
}

// TestTextContrast checks WCAG's 4.5:1 for every text colour against what
// it is drawn on: the background, the strength strip's tint, and the
// tooltip's box (over the background, or over the brightest thing the
// graph draws, a highlighted node).
func TestTextContrast(t *testing.T) {
	for _, p := range []struct {
		name string
		Palette
	}{{"default", DefaultPalette}, {"contrast", ContrastPalette}} {
		strip := over(Color{1, 1, 1, 0.04}, p.Background)
		tipDark, tipLight := over(p.TipBackground, p.Background), over(p.TipBackground, p.Highlight)
		for _, c := range []struct {
			what     string
			fg, back Color
		}{
			{"labels on the background", p.Ink, p.Background},
			{"secondary labels on the background", p.Dim, p.Background},
			{"secondary labels on the strip", p.Dim, strip},
			{"threshold caption on the background", p.Negative, p.Background},
			{"a positive value (labelColor) on the background", p.Positive, p.Background},
			{"threshold caption on the strip", p.Negative, strip},
			{"tooltip on its box", p.Ink, tipDark},
			{"tooltip on its box over a highlighted node", p.Ink, tipLight},
		} {
			r := contrast(c.fg, c.back)
			t.Logf("%-8s %-45s %5.2f:1", p.name, c.what, r)
			if r < 4.5 {
				t.Errorf("%s: %s: contrast %.2f:1, want at least 4.5:1", p.name, c.what, r)
			}
		}
	}
	// The measure itself: black on white is 21:1, the old Dim 4.5-ish.
	if r := contrast(Color{0, 0, 0, 1}, Color{1, 1, 1, 1}); math.Abs(r-21) > 1e-9 {
		t.Errorf("black on white %.3f:1, want 21:1", r)
	}
}

// TestTextSize checks the text is at least 12 CSS px.
func TestTextSize(t *testing.T) {
	if TextSize < 12 {
		t.Errorf("text is %v CSS px, want at least 12", TextSize)
	}
}

// TestLabelsInsideCanvas checks, at TextWidth's generous estimate, that no
// label crosses the canvas's edges, on a wide canvas, a phone's and a
// lesson's, with one-letter symbols and with "space" (the widest).
func TestLabelsInsideCanvas(t *testing.T) {
	for _, sz := range [][3]float64{{1240, 620, 1}, {922, 575, 1}, {372, 232, 2}, {460, 300, 1}, {900, 560, 0.5}} {
		for _, space := range []bool{false, true} {
			s := New(sz[0]*sz[2], sz[1]*sz[2], sz[2])
			snap := snapshot(5, ids(12)...)
			if space {
				snap = snapshotAlphabet(t, "a ()", ids(12)...)
			}
			if err := s.Push(snap, 0); err != nil {
				t.Fatal(err)
			}
			f := s.Frame(0.1)
			for _, l := range f.Labels {
				w := TextWidth(l.Text) * s.Scale
				x0 := float64(l.X)
				switch l.Align {
				case 0:
					x0 -= w / 2
				case -1:
					x0 -= w
				}
				if x0 < 0 || x0+w > s.W {
					t.Errorf("%s: label %q spans %.0f..%.0f of %.0f", fmt.Sprint(sz), l.Text, x0, x0+w, s.W)
				}
			}
		}
	}
}
