package scene

import (
	"math"
	"os"
	"regexp"
	"strconv"
	"testing"
)

// Colour-blind viewers: each pair of colours that carries a meaning (a
// weight's sign, a neuron born or dying) is simulated under protanopia,
// deuteranopia and tritanopia (Machado, Oliveira and Fernandes 2009, full
// severity, on linear RGB) and must stay clearly apart there: a CIELAB
// distance of at least minDeltaE.

// minDeltaE is the least CIE76 distance between a meaningful pair under
// every simulated deficiency: about what separates two clearly different
// named colours.
const minDeltaE = 20

// machado holds the simulation matrices (severity 1.0), on linear RGB.
var machado = map[string][3][3]float64{
	"protanopia":   {{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}},
	"deuteranopia": {{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}},
	"tritanopia":   {{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}},
}

func toLinear(v float64) float64 {
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}

// simulate returns the linear RGB a viewer with the deficiency sees for c.
func simulate(c Color, m [3][3]float64) [3]float64 {
	in := [3]float64{toLinear(float64(c.R)), toLinear(float64(c.G)), toLinear(float64(c.B))}
	var out [3]float64
	for i := range 3 {
		for k := range 3 {
			out[i] += m[i][k] * in[k]
		}
		out[i] = math.Max(0, math.Min(1, out[i]))
	}
	return out
}

// lab converts linear sRGB to CIELAB (D65).
func lab(rgb [3]float64) [3]float64 {
	x := 0.4124*rgb[0] + 0.3576*rgb[1] + 0.1805*rgb[2]
	y := 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
	z := 0.0193*rgb[0] + 0.1192*rgb[1] + 0.9505*rgb[2]
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(x/0.95047), f(y), f(z/1.08883)
	return [3]float64{116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)}
}

func deltaE(a, b [3]float64) float64 {
	return math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2]))
}

// pair is two colours whose difference means something. cue names a
// non-colour cue that tells them apart as well, which another test checks:
// such a pair is reported, not required to pass.
type pair struct {
	what string
	a, b Color
	cue  string
}

// viewPairs are the palette's meaningful pairs.
func viewPairs(p Palette) []pair {
	return []pair{
		{"positive against negative weights", p.Positive, p.Negative, ""},
		{"a living neuron's ring against a dying one's", p.Ink, p.Negative, ""},
		{"a living neuron's ring against a newborn's", p.Ink, p.Highlight, ""},
		{"a newborn's ring against a dying one's", p.Highlight, p.Negative,
			"a newborn grows in and glows, a dying one shrinks and fades (TestBirthAndDeathAnimate); with reduced motion a newborn's ring is twice as wide and a dying one is dimmed (TestReducedMotion)"},
	}
}

// checkPairs fails t for every pair some deficiency merges.
func checkPairs(t *testing.T, name string, pairs []pair) {
	t.Helper()
	for _, pr := range pairs {
		worst, by := math.Inf(1), ""
		for def, m := range machado {
			if d := deltaE(lab(simulate(pr.a, m)), lab(simulate(pr.b, m))); d < worst {
				worst, by = d, def
			}
		}
		t.Logf("%-9s %-48s least ΔE %5.1f (%s)", name, pr.what, worst, by)
		if worst < minDeltaE && pr.cue != "" {
			t.Logf("%-9s   close in colour, told apart by shape: %s", "", pr.cue)
		} else if worst < minDeltaE {
			t.Errorf("%s: %s: ΔE %.1f under %s, want at least %d", name, pr.what, worst, by, minDeltaE)
		}
	}
}

func TestColourBlindPairs(t *testing.T) {
	checkPairs(t, "default", viewPairs(DefaultPalette))
	checkPairs(t, "contrast", viewPairs(ContrastPalette))
}

// TestContrastThemeSignsDifferInGrey checks the high-contrast theme tells
// the two signs apart by lightness alone (a projector's washed-out colours,
// a grey printout): their luminances differ by at least 1.5:1.
func TestContrastThemeSignsDifferInGrey(t *testing.T) {
	p := ContrastPalette
	if r := contrast(p.Positive, p.Negative); r < 1.5 {
		t.Errorf("contrast theme: positive against negative %.2f:1 in luminance, want at least 1.5:1", r)
	}
	// Both signs must also stand out from the background as graphics (3:1).
	for _, c := range []Color{p.Positive, p.Negative, p.Highlight} {
		if r := contrast(c, p.Background); r < 3 {
			t.Errorf("contrast theme: %v on the background %.2f:1, want at least 3:1", c, r)
		}
	}
}

// TestSimulationSeparates checks the measure itself: red and green, the
// classic confusion, merge under deuteranopia; black and white never do.
func TestSimulationSeparates(t *testing.T) {
	red, green := Color{0.8, 0.2, 0.2, 1}, Color{0.45, 0.5, 0.1, 1}
	if d := deltaE(lab(simulate(red, machado["deuteranopia"])), lab(simulate(green, machado["deuteranopia"]))); d >= minDeltaE {
		t.Errorf("a red and an olive green under deuteranopia: ΔE %.1f, the simulation should merge them", d)
	}
	if d := deltaE(lab(simulate(Color{0, 0, 0, 1}, machado["protanopia"])), lab(simulate(Color{1, 1, 1, 1}, machado["protanopia"]))); d < 99 {
		t.Errorf("black and white under protanopia: ΔE %.1f, want 100", d)
	}
}

// cssColour reads a #rrggbb custom property (--name: #...) from a style sheet.
func cssColour(t *testing.T, css []byte, name string) Color {
	t.Helper()
	m := regexp.MustCompile(`--` + name + `:\s*#([0-9a-fA-F]{6})`).FindSubmatch(css)
	if m == nil {
		t.Fatalf("web/style.css has no --%s: #rrggbb", name)
	}
	v, _ := strconv.ParseUint(string(m[1]), 16, 32)
	return Color{float32(v>>16) / 255, float32(v>>8&255) / 255, float32(v&255) / 255, 1}
}

// TestPageColourBlindPairs checks the page's own pairs (web/style.css):
// the weights' blue and orange, and the green and red of births and
// deaths, of a right and a wrong prediction.
func TestPageColourBlindPairs(t *testing.T) {
	css, err := os.ReadFile("../../web/style.css")
	if err != nil {
		t.Fatal(err)
	}
	c := func(n string) Color { return cssColour(t, css, n) }
	checkPairs(t, "page", []pair{
		{"--pos against --neg", c("pos"), c("neg"), ""},
		{"--good against --bad", c("good"), c("bad"), ""},
	})
}
