// Command icons writes the page's web app manifest and its icons, drawn
// from the page's palette (the colour variables of web/style.css's :root):
// a small network, two inputs, three hidden neurons (one newborn, one in
// reserve) and two outputs, joined by blue and orange weights, as the
// network view draws them.
//
//	go run ./tools/icons [-dir .]
//
// It writes web/manifest.webmanifest and web/icons/*.png; the files are
// committed, and the test checks that they are what this program writes.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
)

func main() {
	dir := flag.String("dir", ".", "the repository root")
	flag.Parse()
	files, err := Generate(*dir)
	if err == nil {
		err = writeAll(*dir, files)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "icons:", err)
		os.Exit(1)
	}
	for _, f := range files {
		fmt.Printf("wrote %s (%d bytes)\n", f.Path, len(f.Data))
	}
}

// File is one generated file: its path under the repository root and bytes.
type File struct {
	Path string
	Data []byte
}

// Icon is one icon of the manifest.
type Icon struct {
	Name    string // file name under web/icons/
	Size    int    // width and height in pixels
	Purpose string // "any" or "maskable"; "" for the apple-touch-icon (not in the manifest)
}

// Icons lists the icons written: the manifest's (192 and 512 pixels, and
// a maskable one whose drawing keeps to the central safe circle), and the
// apple-touch-icon that index.html links (opaque, iOS rounds it itself).
var Icons = []Icon{
	{"icon-192.png", 192, "any"},
	{"icon-512.png", 512, "any"},
	{"maskable-512.png", 512, "maskable"},
	{"apple-touch-icon.png", 180, ""},
}

// Palette is the page's colours the icons and the manifest use.
type Palette struct {
	Bg, Ink, Pos, Neg, Hi color.NRGBA
}

// ReadPalette reads the colour variables of the :root rule of a style sheet.
func ReadPalette(css []byte) (Palette, error) {
	root := regexp.MustCompile(`(?s):root\s*\{(.*?)\}`).FindSubmatch(css)
	if root == nil {
		return Palette{}, fmt.Errorf("the style sheet has no :root rule")
	}
	var p Palette
	for _, v := range []struct {
		name string
		dst  *color.NRGBA
	}{{"bg", &p.Bg}, {"ink", &p.Ink}, {"pos", &p.Pos}, {"neg", &p.Neg}, {"hi", &p.Hi}} {
		name, dst := v.name, v.dst
		m := regexp.MustCompile(`--` + name + `:\s*#([0-9a-fA-F]{6})\b`).FindSubmatch(root[1])
		if m == nil {
			return Palette{}, fmt.Errorf("the :root rule has no --%s: #rrggbb", name)
		}
		v, _ := strconv.ParseUint(string(m[1]), 16, 32)
		*dst = color.NRGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
	}
	return p, nil
}

// Hex writes a colour as #rrggbb.
func Hex(c color.NRGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// Manifest is the web app manifest, as written.
type Manifest struct {
	Name            string         `json:"name"`
	ShortName       string         `json:"short_name"`
	Description     string         `json:"description"`
	StartURL        string         `json:"start_url"`
	Scope           string         `json:"scope"`
	Display         string         `json:"display"`
	BackgroundColor string         `json:"background_color"`
	ThemeColor      string         `json:"theme_color"`
	Icons           []ManifestIcon `json:"icons"`
}

// ManifestIcon is one icon entry of the manifest.
type ManifestIcon struct {
	Src     string `json:"src"`
	Sizes   string `json:"sizes"`
	Type    string `json:"type"`
	Purpose string `json:"purpose"`
}

// Generate returns the manifest and the icons for the repository at root,
// in the colours of its web/style.css.
func Generate(root string) ([]File, error) {
	css, err := os.ReadFile(filepath.Join(root, "web", "style.css"))
	if err != nil {
		return nil, err
	}
	pal, err := ReadPalette(css)
	if err != nil {
		return nil, fmt.Errorf("web/style.css: %w", err)
	}
	// The manifest sits in web/: its URLs are relative to it, so the page
	// installs from any host and sub-path.
	m := Manifest{
		Name:            "diffstruct: a neural network that learns its own size",
		ShortName:       "diffstruct",
		Description:     "A recurrent network whose number of neurons is learned by gradient descent, training live in your browser (Miconi 2016).",
		StartURL:        "../",
		Scope:           "../",
		Display:         "standalone",
		BackgroundColor: Hex(pal.Bg),
		ThemeColor:      Hex(pal.Bg),
	}
	var files []File
	for _, ic := range Icons {
		var buf bytes.Buffer
		if err := png.Encode(&buf, Draw(ic.Size, ic.Purpose, pal)); err != nil {
			return nil, err
		}
		files = append(files, File{"web/icons/" + ic.Name, buf.Bytes()})
		if ic.Purpose != "" {
			m.Icons = append(m.Icons, ManifestIcon{"icons/" + ic.Name, fmt.Sprintf("%dx%d", ic.Size, ic.Size), "image/png", ic.Purpose})
		}
	}
	js, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]File{{"web/manifest.webmanifest", append(js, '\n')}}, files...), nil
}

func writeAll(root string, files []File) error {
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// shape is one layer of the drawing, in unit coordinates (0..1 across the
// icon's drawing area): paint reports the colour and coverage at a point.
type shape func(x, y float64) (color.NRGBA, bool)

// bounded skips a shape's test outside its bounding box (the same
// drawing, faster).
func bounded(x0, y0, x1, y1 float64, s shape) shape {
	return func(x, y float64) (color.NRGBA, bool) {
		if x < x0 || x > x1 || y < y0 || y > y1 {
			return color.NRGBA{}, false
		}
		return s(x, y)
	}
}

func disc(cx, cy, r float64, c color.NRGBA) shape {
	return bounded(cx-r, cy-r, cx+r, cy+r, func(x, y float64) (color.NRGBA, bool) { return c, math.Hypot(x-cx, y-cy) <= r })
}

func ring(cx, cy, r, w float64, c color.NRGBA) shape {
	return bounded(cx-r, cy-r, cx+r, cy+r, func(x, y float64) (color.NRGBA, bool) {
		d := math.Hypot(x-cx, y-cy)
		return c, d <= r && d >= r-w
	})
}

// dashedRing is a ring drawn in n dashes (a reserve neuron).
func dashedRing(cx, cy, r, w float64, n int, c color.NRGBA) shape {
	return bounded(cx-r, cy-r, cx+r, cy+r, func(x, y float64) (color.NRGBA, bool) {
		d := math.Hypot(x-cx, y-cy)
		a := math.Atan2(y-cy, x-cx) + math.Pi
		return c, d <= r && d >= r-w && int(a/(2*math.Pi)*float64(2*n))%2 == 0
	})
}

func segment(x0, y0, x1, y1, w float64, c color.NRGBA) shape {
	h := w / 2
	return bounded(math.Min(x0, x1)-h, math.Min(y0, y1)-h, math.Max(x0, x1)+h, math.Max(y0, y1)+h, func(x, y float64) (color.NRGBA, bool) {
		dx, dy := x1-x0, y1-y0
		t := math.Max(0, math.Min(1, ((x-x0)*dx+(y-y0)*dy)/(dx*dx+dy*dy)))
		return c, math.Hypot(x-x0-t*dx, y-y0-t*dy) <= h
	})
}

// roundedSquare covers the unit square with rounded corners of radius r.
func roundedSquare(r float64, c color.NRGBA) shape {
	return func(x, y float64) (color.NRGBA, bool) {
		qx, qy := math.Max(math.Abs(x-0.5)-(0.5-r), 0), math.Max(math.Abs(y-0.5)-(0.5-r), 0)
		return c, math.Hypot(qx, qy) <= r
	}
}

// motif returns the network's shapes, back to front, in unit coordinates.
func motif(p Palette) []shape {
	type pt struct{ x, y float64 }
	in := []pt{{0.2, 0.36}, {0.2, 0.64}}
	hid := []pt{{0.5, 0.24}, {0.5, 0.5}, {0.5, 0.76}}
	out := []pt{{0.8, 0.36}, {0.8, 0.64}}
	node := color.NRGBA{0x3d, 0x47, 0x5c, 255}
	const w, r = 0.035, 0.075
	var s []shape
	// Weights: blue positive, orange negative, the reserve neuron's thin.
	for i, a := range in {
		for j, b := range hid[:2] {
			c := p.Pos
			if (i+j)%2 == 1 {
				c = p.Neg
			}
			s = append(s, segment(a.x, a.y, b.x, b.y, w, c))
		}
		s = append(s, segment(a.x, a.y, hid[2].x, hid[2].y, w/3, p.Pos))
	}
	for j, a := range hid {
		for i, b := range out {
			c := p.Neg
			if (i+j)%2 == 0 {
				c = p.Pos
			}
			width := w
			if j == 2 {
				width = w / 3
			}
			s = append(s, segment(a.x, a.y, b.x, b.y, width, c))
		}
	}
	for _, n := range append(append(in, out...), hid[:2]...) {
		s = append(s, disc(n.x, n.y, r, node), ring(n.x, n.y, r, 0.022, p.Ink))
	}
	// The newborn neuron glows yellow; the reserve one is dashed.
	s = append(s, disc(hid[0].x, hid[0].y, r, node), ring(hid[0].x, hid[0].y, r, 0.028, p.Hi))
	s = append(s, disc(hid[2].x, hid[2].y, r*0.8, p.Bg), dashedRing(hid[2].x, hid[2].y, r*0.8, 0.018, 8, p.Ink))
	return s
}

// Draw returns an icon of size pixels. An "any" icon is a dark rounded tile
// on transparency; a maskable or apple-touch one fills the square, its
// drawing within the central circle that every mask keeps (80% of the side).
func Draw(size int, purpose string, p Palette) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	var layers []shape
	// off and scale place the drawing's unit square within the icon.
	var off, scale float64
	if purpose == "any" {
		layers = append(layers, roundedSquare(0.2, p.Bg))
		off, scale = 0.04, 0.92
	} else {
		layers = append(layers, func(x, y float64) (color.NRGBA, bool) { return p.Bg, true })
		off, scale = 0.14, 0.72
	}
	net := motif(p)
	const ss = 4 // samples per pixel side
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/ss) / float64(size)
					y := (float64(py) + (float64(sy)+0.5)/ss) / float64(size)
					var c color.NRGBA
					var hit bool
					for _, l := range layers {
						if lc, ok := l(x, y); ok {
							c, hit = lc, true
						}
					}
					if hit {
						ux, uy := (x-off)/scale, (y-off)/scale
						for _, l := range net {
							if lc, ok := l(ux, uy); ok {
								c = lc
							}
						}
						r += float64(c.R)
						g += float64(c.G)
						b += float64(c.B)
						a++
					}
				}
			}
			if a == 0 {
				continue
			}
			n := float64(ss * ss)
			img.SetNRGBA(px, py, color.NRGBA{uint8(r/a + 0.5), uint8(g/a + 0.5), uint8(b/a + 0.5), uint8(255*a/n + 0.5)})
		}
	}
	return img
}
