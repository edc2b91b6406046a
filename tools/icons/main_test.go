package main

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

const root = "../.."

// TestCommittedFilesAreGenerated: the committed manifest and icons are what
// this program writes from the current style sheet (run go run ./tools/icons
// after changing the palette).
func TestCommittedFilesAreGenerated(t *testing.T) {
	files, err := Generate(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		have, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f.Path)))
		if err != nil || !bytes.Equal(have, f.Data) {
			t.Errorf("%s is not what go run ./tools/icons writes (%v): run it", f.Path, err)
		}
	}
}

// TestManifest: the manifest parses, its URLs are relative, its colours are
// the page's, and every icon exists as a PNG of its stated size, with a
// maskable one; index.html links it, the theme colour and the touch icon.
func TestManifest(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(root, "web/manifest.webmanifest"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("the manifest does not parse: %v", err)
	}
	for _, k := range []string{"name", "short_name", "start_url", "scope", "display", "background_color", "theme_color"} {
		if s, _ := m[k].(string); s == "" {
			t.Errorf("the manifest lacks %s", k)
		}
	}
	if m["display"] != "standalone" {
		t.Errorf("display %v, want standalone", m["display"])
	}
	for _, k := range []string{"start_url", "scope"} {
		if s, _ := m[k].(string); strings.HasPrefix(s, "/") || strings.Contains(s, "://") {
			t.Errorf("%s %q is not relative: the page must install from any sub-path", k, s)
		}
	}
	css, _ := os.ReadFile(filepath.Join(root, "web/style.css"))
	bg := regexp.MustCompile(`--bg:\s*(#[0-9a-fA-F]{6})`).FindSubmatch(css)
	if bg == nil || !strings.EqualFold(m["background_color"].(string), string(bg[1])) || !strings.EqualFold(m["theme_color"].(string), string(bg[1])) {
		t.Errorf("the manifest's colours %v and %v are not the page's background %s", m["background_color"], m["theme_color"], bg)
	}
	icons, _ := m["icons"].([]any)
	sizes := map[string]bool{}
	for _, v := range icons {
		ic, _ := v.(map[string]any)
		src, _ := ic["src"].(string)
		stated, _ := ic["sizes"].(string)
		purpose, _ := ic["purpose"].(string)
		img := readPNG(t, filepath.Join(root, "web", filepath.FromSlash(src)))
		if img == nil {
			continue
		}
		b := img.Bounds()
		if got := itoa(b.Dx()) + "x" + itoa(b.Dy()); got != stated || ic["type"] != "image/png" {
			t.Errorf("%s is %s (%v), the manifest says %s", src, got, ic["type"], stated)
		}
		sizes[stated+" "+purpose] = true
		if purpose == "maskable" {
			checkMaskable(t, src, img)
		}
	}
	for _, want := range []string{"192x192 any", "512x512 any", "512x512 maskable"} {
		if !sizes[want] {
			t.Errorf("the manifest has no %s icon (has %v)", want, sizes)
		}
	}
	html, _ := os.ReadFile(filepath.Join(root, "index.html"))
	head, _, _ := strings.Cut(string(html), "</head>")
	for _, want := range []string{`<link rel="manifest" href="web/manifest.webmanifest">`,
		`<meta name="theme-color" content="` + string(bg[1]) + `">`,
		`<link rel="apple-touch-icon" href="web/icons/apple-touch-icon.png">`} {
		if !strings.Contains(head, want) {
			t.Errorf("index.html's head lacks %s", want)
		}
	}
	if img := readPNG(t, filepath.Join(root, "web/icons/apple-touch-icon.png")); img != nil && img.Bounds().Dx() != 180 {
		t.Errorf("the apple-touch-icon is %v, want 180 px", img.Bounds())
	}
}

// checkMaskable: outside the central circle of 80% of the side, which a
// mask may cut, there is only the opaque background.
func checkMaskable(t *testing.T, name string, img image.Image) {
	t.Helper()
	b := img.Bounds()
	c := float64(b.Dx()) / 2
	bg := color.NRGBAModel.Convert(img.At(0, 0)).(color.NRGBA)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			px := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			if px.A != 255 {
				t.Fatalf("%s is not opaque at (%d, %d)", name, x, y)
			}
			if math.Hypot(float64(x)+0.5-c, float64(y)+0.5-c) > 0.4*float64(b.Dx()) && px != bg {
				t.Fatalf("%s draws at (%d, %d), outside the safe circle", name, x, y)
			}
		}
	}
}

func readPNG(t *testing.T, name string) image.Image {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Errorf("icon: %v", err)
		return nil
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return nil
	}
	return img
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestReadPalette(t *testing.T) {
	p, err := ReadPalette([]byte(":root {\n --bg: #0b0f17; --panel: #141a26; --ink: #dfe5ee; --pos: #55a6ff; --neg: #ff8040; --hi: #ffdb59;\n}\n.x { --bg: #ffffff; }"))
	if err != nil || Hex(p.Bg) != "#0b0f17" || Hex(p.Hi) != "#ffdb59" {
		t.Errorf("palette %+v, %v", p, err)
	}
	if _, err := ReadPalette([]byte(":root { --bg: #0b0f17; }")); err == nil || !strings.Contains(err.Error(), "--ink") {
		t.Errorf("a missing colour: %v", err)
	}
}
