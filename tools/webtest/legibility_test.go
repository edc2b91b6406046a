package webtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// viewLabel is a line of text the view drew: its role and its box in CSS
// pixels of the canvas (the view's stats().labels).
type viewLabel struct {
	Role       string  `json:"role"`
	Text       string  `json:"text"`
	X, Y, W, H float64 `json:"-"`
}

func (l *viewLabel) UnmarshalJSON(b []byte) error {
	var v struct {
		Role, Text string
		X, Y, W, H float64
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*l = viewLabel{v.Role, v.Text, v.X, v.Y, v.W, v.H}
	return nil
}

// legible is what the pixels of one label measure.
type legible struct {
	label    viewLabel
	ink      float64 // height of the glyphs' ink, top row to bottom row, CSS px
	contrast float64 // WCAG contrast of the glyphs' colour against what is behind them
	fg, bg   color.RGBA
}

// luminance is the WCAG relative luminance of an sRGB colour.
func luminance(c color.RGBA) float64 {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

func contrast(a, b color.RGBA) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// measure reads one label from a screenshot: what is behind it is the
// median colour of the ring of pixels just around its line box (the
// background, or a glow's gradient), the glyph pixels those that stand out
// from it (contrast 2:1 or more); the ink height is the span of rows
// holding glyph pixels, and the text's colour is taken from its fully
// covered pixels (the glyph pixels furthest from the background, 90th
// percentile of contrast).
func measure(img image.Image, l viewLabel, ox, oy, dpr float64) legible {
	x0, y0 := int(math.Floor((ox+l.X)*dpr))-2, int(math.Floor((oy+l.Y)*dpr))-2
	x1, y1 := int(math.Ceil((ox+l.X+l.W)*dpr))+2, int(math.Ceil((oy+l.Y+l.H)*dpr))+2
	r := image.Rect(x0, y0, x1, y1).Intersect(img.Bounds())
	at := func(x, y int) color.RGBA {
		c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
		c.A = 255
		return c
	}
	var ring [3][]uint8
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if y == r.Min.Y || y == r.Max.Y-1 || x == r.Min.X || x == r.Max.X-1 {
				c := at(x, y)
				ring[0], ring[1], ring[2] = append(ring[0], c.R), append(ring[1], c.G), append(ring[2], c.B)
			}
		}
	}
	median := func(v []uint8) uint8 { slices.Sort(v); return v[len(v)/2] }
	bg := color.RGBA{median(ring[0]), median(ring[1]), median(ring[2]), 255}
	var cs []float64
	var ink []color.RGBA
	top, bottom := math.MaxInt, -1
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := at(x, y)
			if k := contrast(c, bg); k >= 2 {
				cs = append(cs, k)
				ink = append(ink, c)
				top, bottom = min(top, y), max(bottom, y)
			}
		}
	}
	out := legible{label: l, bg: bg}
	if len(cs) == 0 {
		return out
	}
	order := make([]int, len(cs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return int(math.Copysign(1, cs[a]-cs[b])) })
	i := order[len(order)*9/10]
	out.contrast, out.fg = cs[i], ink[i]
	out.ink = float64(bottom-top+1) / dpr
	return out
}

// tall reports whether a label's text reaches both the ascender and the
// descender lines, so its ink spans the font's full height.
func tall(s string) bool {
	return strings.ContainsAny(s, "bdfhklt()ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789#%") && strings.ContainsAny(s, "gjpqy()")
}

// TestBrowserLegibility measures the network view's text from screenshots
// at 1280x900 (1 device pixel per CSS pixel) and 390x780 (2, a phone): the
// labels' glyphs span at least 12 CSS px from ascender to descender, every
// label (values, titles, captions, the hover box) has a contrast of at least
// 4.5:1 against what is behind it, and no label crosses the canvas's edges.
func TestBrowserLegibility(t *testing.T) {
	parallel(t)
	for _, vp := range []struct {
		w, h int64
		dpr  float64
	}{{1280, 900, 1}, {390, 780, 2}} {
		name := fmt.Sprintf("%dx%d@%gx", vp.w, vp.h, vp.dpr)
		t.Run(name, func(t *testing.T) {
			p := openPage(t, nil, "", "task=easy&seed=1&speed=max&play=1&stop=400")
			// The device's pixel ratio is read when the view starts: load
			// the page again under the emulated screen, as a phone would.
			p.do(chromedp.EmulateViewport(vp.w, vp.h, chromedp.EmulateScale(vp.dpr)))
			p.do(chromedp.Reload())
			p.wait(`window.diffstructPage && diffstructPage.stats().status !== null && devicePixelRatio === `+fmt.Sprint(vp.dpr), 20*time.Second)
			p.wait(`diffstructPage.stats().status.stopped && diffstructPage.stats().status.cycle === 400`, 60*time.Second)
			p.wait(`(() => { const c = diffstructPage.stats().graph.cells[0]; return c && c.cycle === 400 })()`, 10*time.Second)
			eval[bool](p, `(document.querySelector('.frame').scrollIntoView({block: 'start'}), true)`)
			time.Sleep(time.Second) // the view settles at its new size
			// The canvas's place on the page, in CSS px.
			var box struct{ X, Y, W, H float64 }
			b := eval[string](p, `(() => { const f = document.getElementById('graph'), c = f.contentDocument.querySelector('canvas');
				const a = f.getBoundingClientRect(), r = c.getBoundingClientRect();
				return JSON.stringify({x: a.left + r.left, y: a.top + r.top, w: r.width, h: r.height}) })()`)
			json.Unmarshal([]byte(b), &box)
			// Hover a neuron for the tooltip: the first neuron-ring pixel
			// (light grey) between the input and the prediction columns.
			shot := func(file string) (image.Image, []viewLabel) {
				raw, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				os.WriteFile(filepath.Join(shotDir, file), raw, 0o644)
				img, err := png.Decode(bytes.NewReader(raw))
				if err != nil {
					t.Fatal(err)
				}
				var labels []viewLabel
				json.Unmarshal([]byte(eval[string](p, `JSON.stringify(diffstructPage.stats().graph.labels)`)), &labels)
				return img, labels
			}
			img, labels := shot("legibility-" + name + ".png")
			// The labels are measured without the hover box (it may cover
			// some), the hover box's lines with it.
			var measured []legible
			for _, l := range labels {
				measured = append(measured, measure(img, l, box.X, box.Y, vp.dpr))
			}
			hovered := false
			for _, at := range findNeurons(img, labels, box.X, box.Y, vp.dpr) {
				p.do(chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, at[0], at[1]))
				for i := 0; i < 20 && !hovered; i++ {
					time.Sleep(50 * time.Millisecond)
					hovered = eval[bool](p, `diffstructPage.stats().graph.labels.some((l) => l.role === 'tooltip')`)
				}
				if hovered {
					// The screenshot and the labels are read one after the
					// other: retake both until the labels still hold the
					// hover box (a frame between them may have dropped it).
					hasTip := func(ls []viewLabel) bool {
						return slices.ContainsFunc(ls, func(l viewLabel) bool { return l.Role == "tooltip" })
					}
					var hImg image.Image
					var hLabels []viewLabel
					for try := 0; try < 5 && !hasTip(hLabels); try++ {
						p.do(chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, at[0], at[1]))
						time.Sleep(300 * time.Millisecond)
						hImg, hLabels = shot("legibility-" + name + "-hover.png")
					}
					if !hasTip(hLabels) {
						hovered = false
						continue
					}
					img, labels = hImg, hLabels
					// The hover box goes beside the neuron, never over it.
					x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
					for _, l := range labels {
						if l.Role == "tooltip" {
							x0, y0, x1, y1 = min(x0, l.X), min(y0, l.Y), max(x1, l.X+l.W), max(y1, l.Y+l.H)
						}
					}
					if hx, hy := at[0]-box.X, at[1]-box.Y; hx >= x0 && hx <= x1 && hy >= y0 && hy <= y1 {
						t.Errorf("the hover box's text (%.0f,%.0f)-(%.0f,%.0f) covers the neuron it describes at (%.0f,%.0f)", x0, y0, x1, y1, hx, hy)
					}
					break
				}
			}
			if !hovered {
				t.Errorf("no neuron found to hover for its tooltip")
			}
			for _, l := range labels {
				if l.Role == "tooltip" {
					measured = append(measured, measure(img, l, box.X, box.Y, vp.dpr))
				}
			}
			seen := map[string]int{}
			for _, m := range measured {
				l := m.label
				if strings.TrimSpace(l.Text) == "" {
					continue
				}
				seen[l.Role]++
				t.Logf("%-8s %-48q box %5.1f x %4.1f  ink %4.1f px  contrast %4.1f:1 (text %v on %v)", l.Role, l.Text, l.W, l.H, m.ink, m.contrast, m.fg, m.bg)
				if l.X < 0 || l.Y < 0 || l.X+l.W > box.W+0.5 || l.Y+l.H > box.H+0.5 {
					t.Errorf("%s label %q %v crosses the canvas's edges (%gx%g)", l.Role, l.Text, [4]float64{l.X, l.Y, l.W, l.H}, box.W, box.H)
				}
				if m.contrast < 4.5 {
					t.Errorf("%s label %q: contrast %.2f:1 (text %v on %v), want at least 4.5:1", l.Role, l.Text, m.contrast, m.fg, m.bg)
				}
				if tall(l.Text) && m.ink < 12 {
					t.Errorf("%s label %q: its glyphs span %.1f CSS px, want at least 12", l.Role, l.Text, m.ink)
				}
			}
			for _, role := range []string{"value", "title", "caption", "tooltip"} {
				if seen[role] == 0 {
					t.Errorf("no %s label measured (labels: %v)", role, seen)
				}
			}
		})
	}
	t.Logf("screenshots in %s", shotDir)
}

// findNeurons returns points (CSS px of the page) that may be on a hidden
// neuron's ring, a few px apart: light grey pixels between the input and
// prediction labels, below the title and above the strength strip.
func findNeurons(img image.Image, labels []viewLabel, ox, oy, dpr float64) [][2]float64 {
	left, right, top, bottom := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(1)
	for _, l := range labels {
		switch l.Role {
		case "value":
			left = min(left, l.X+l.W+40)
			right = max(right, l.X-40)
		case "title":
			top = min(top, l.Y+l.H+10)
		}
		if strings.Contains(l.Text, "strength") || strings.Contains(l.Text, "T_D") {
			bottom = min(bottom, l.Y-10) // the strength strip's caption
		}
	}
	var out [][2]float64
	if math.IsInf(left, 0) || math.IsInf(top, 0) || math.IsInf(bottom, 0) || right <= left {
		return out
	}
	for y := int((oy + top) * dpr); y < int((oy+bottom)*dpr) && len(out) < 12; y++ {
		for x := int((ox + left) * dpr); x < int((ox+right)*dpr) && len(out) < 12; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			lo, hi := min(c.R, c.G, c.B), max(c.R, c.G, c.B)
			if lo <= 120 || hi-lo >= 30 {
				continue
			}
			px, py := float64(x)/dpr, float64(y)/dpr
			if !slices.ContainsFunc(out, func(q [2]float64) bool { return math.Hypot(q[0]-px, q[1]-py) < 6 }) {
				out = append(out, [2]float64{px, py})
			}
		}
	}
	return out
}
