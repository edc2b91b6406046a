//go:build js && wasm

package main

import (
	"image"
	"image/color"
	"math"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/diffstruct/diffstruct/wasm/scene"
)

// texSize is the size of the disc and glow textures; texR the disc's radius in it.
const (
	texSize = 64
	texR    = 30.0
)

// faintest is the least opacity of a line drawn under software WebGL.
const faintest = 0.15

// renderer draws a scene.Frame with a handful of batched DrawTriangles
// calls: all lines in one vertex buffer (each a quad whose texture fades
// its edges, a cheap anti-aliasing), all discs in another.
type renderer struct {
	line, disc, glow, white *ebiten.Image
	verts                   []ebiten.Vertex
	idx                     []uint16
	maps                    *heatMaps     // the feed-forward view's heat maps, one image each
	lineFilter              ebiten.Filter // FilterNearest where WebGL runs in software
	software                bool          // WebGL runs in software: every pixel drawn costs
}

func newRenderer() (*renderer, error) {
	r := &renderer{lineFilter: ebiten.FilterLinear}
	// Lines are most of the fragments drawn. Ebiten filters linearly in its
	// shader (four texture reads a pixel), which software WebGL pays for in
	// frame rate; sampling the line's cross-section texture at the nearest
	// texel keeps its faded edges (graph.html sets the flag).
	if js.Global().Get("diffstructSoftwareGL").Truthy() {
		r.lineFilter, r.software = ebiten.FilterNearest, true
	}
	// The maps are the feed-forward view's biggest areas: software WebGL
	// samples them at the nearest cell too.
	r.maps = newHeatMaps(r.lineFilter)
	r.line = ebiten.NewImageFromImage(lineTexture())
	r.disc = ebiten.NewImageFromImage(discTexture(false))
	r.glow = ebiten.NewImageFromImage(discTexture(true))
	r.white = ebiten.NewImage(3, 3)
	r.white.Fill(color.White)
	return r, nil
}

// lineTexture is 4 x 16 pixels, opaque in the middle rows, fading to
// transparent at the top and bottom: a line's cross-section.
func lineTexture() image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, 4, 16))
	for y := 0; y < 16; y++ {
		d := math.Min(float64(y)+0.5, 16-float64(y)-0.5) // distance to the edge
		a := uint8(255 * math.Min(1, math.Max(0, (d-0.5)/3)))
		for x := 0; x < 4; x++ {
			img.SetNRGBA(x, y, color.NRGBA{255, 255, 255, a})
		}
	}
	return img
}

// discTexture is a white disc with a soft edge, or a radial glow.
func discTexture(glow bool) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, texSize, texSize))
	c := float64(texSize) / 2
	for y := 0; y < texSize; y++ {
		for x := 0; x < texSize; x++ {
			d := math.Hypot(float64(x)+0.5-c, float64(y)+0.5-c)
			var a float64
			if glow {
				a = math.Max(0, 1-d/texR)
				a *= a
			} else {
				a = math.Min(1, math.Max(0, texR-d+0.5))
			}
			img.SetNRGBA(x, y, color.NRGBA{255, 255, 255, uint8(255 * a)})
		}
	}
	return img
}

// quad appends a textured quad: corners p0..p3 mapping to the texture rectangle.
func (r *renderer) quad(dst *ebiten.Image, img *ebiten.Image, xs, ys [4]float32, u0, v0, u1, v1 float32, c scene.Color) {
	if len(r.verts) >= 65536-4 {
		r.flush(dst, img)
	}
	base := uint16(len(r.verts))
	us := [4]float32{u0, u1, u1, u0}
	vs := [4]float32{v0, v0, v1, v1}
	for i := 0; i < 4; i++ {
		r.verts = append(r.verts, ebiten.Vertex{DstX: xs[i], DstY: ys[i], SrcX: us[i], SrcY: vs[i],
			ColorR: c.R, ColorG: c.G, ColorB: c.B, ColorA: c.A})
	}
	r.idx = append(r.idx, base, base+1, base+2, base, base+2, base+3)
}

func (r *renderer) flush(dst *ebiten.Image, img *ebiten.Image) {
	if len(r.idx) == 0 {
		return
	}
	// Ebiten picks a batch's mipmap level as the least over its triangles'
	// edges, computed per triangle. A flat colour looks the same at every
	// level, and a line quad is longer than its texture's 4 texels (level
	// 0), so only the discs, drawn smaller than theirs, need the levels.
	op := &ebiten.DrawTrianglesOptions{Filter: ebiten.FilterLinear, DisableMipmaps: img == r.white || img == r.line}
	if img == r.line {
		op.Filter = r.lineFilter
	}
	dst.DrawTriangles(r.verts, r.idx, img, op)
	r.verts, r.idx = r.verts[:0], r.idx[:0]
}

func (r *renderer) lineQuad(dst *ebiten.Image, l scene.Line) {
	dx, dy := l.X1-l.X0, l.Y1-l.Y0
	n := float32(math.Hypot(float64(dx), float64(dy)))
	if n < 0.01 {
		return
	}
	c := l.C
	w := l.Width
	if w < 1 { // thinner than a pixel: draw a pixel-wide line, fainter
		c.A *= w
		w = 1
	}
	h := w/2 + 1 // half the quad's width, with room for the fade
	if r.software {
		// Lines are most of the pixels software WebGL shades: leave out
		// those too faint to see, and keep half a pixel for the fade.
		if c.A < faintest {
			return
		}
		h = w/2 + 0.5
	}
	nx, ny := -dy/n*h, dx/n*h
	xs := [4]float32{l.X0 + nx, l.X1 + nx, l.X1 - nx, l.X0 - nx}
	ys := [4]float32{l.Y0 + ny, l.Y1 + ny, l.Y1 - ny, l.Y0 - ny}
	r.quad(dst, r.line, xs, ys, 1, 0.5, 3, 15.5, c)
}

func (r *renderer) discQuad(dst, img *ebiten.Image, x, y, rad float32, c scene.Color) {
	if rad <= 0 || c.A <= 0 {
		return
	}
	h := rad * (texSize / 2) / texR
	xs := [4]float32{x - h, x + h, x + h, x - h}
	ys := [4]float32{y - h, y - h, y + h, y + h}
	r.quad(dst, img, xs, ys, 0, 0, texSize, texSize, c)
}

// draw renders f's shapes onto screen, at the drawing resolution; the page
// draws its text (scene.AppendText).
func (r *renderer) draw(screen *ebiten.Image, f *scene.Frame, has bool) {
	if has {
		r.maps.write(f.Maps)
	}
	bg := scene.Background
	screen.Fill(color.NRGBA{uint8(bg.R * 255), uint8(bg.G * 255), uint8(bg.B * 255), 255})
	if !has {
		return
	}
	for _, rc := range f.Rects {
		xs := [4]float32{rc.X, rc.X + rc.W, rc.X + rc.W, rc.X}
		ys := [4]float32{rc.Y, rc.Y, rc.Y + rc.H, rc.Y + rc.H}
		r.quad(screen, r.white, xs, ys, 1, 1, 2, 2, rc.C)
	}
	r.flush(screen, r.white)
	for _, l := range f.Lines {
		r.lineQuad(screen, l)
	}
	r.flush(screen, r.line)
	// Maps go over the weights (which end at their edges anyway) and under
	// the discs: the data points sit on the output map.
	r.maps.draw(screen, f.Maps)
	for _, d := range f.Discs {
		if d.Glow > 0 {
			c := scene.Highlight
			c.A = d.Glow * 0.8
			r.discQuad(screen, r.glow, d.X, d.Y, d.R*2.6+6, c)
		}
	}
	r.flush(screen, r.glow)
	for _, d := range f.Discs {
		if d.Fill.A > 0 {
			r.discQuad(screen, r.disc, d.X, d.Y, d.R, d.Ring)
			r.discQuad(screen, r.disc, d.X, d.Y, d.R-d.RingW, d.Fill)
		}
	}
	r.flush(screen, r.disc)
	for _, d := range f.Discs {
		if d.Fill.A <= 0 && d.R > 0 { // hollow: an outline only
			const segs = 24
			for i := 0; i < segs; i++ {
				a0, a1 := 2*math.Pi*float64(i)/segs, 2*math.Pi*float64(i+1)/segs
				rad := float64(d.R)
				r.lineQuad(screen, scene.Line{
					X0: d.X + float32(rad*math.Cos(a0)), Y0: d.Y + float32(rad*math.Sin(a0)),
					X1: d.X + float32(rad*math.Cos(a1)), Y1: d.Y + float32(rad*math.Sin(a1)), Width: d.RingW, C: d.Ring})
			}
		}
	}
	r.flush(screen, r.line)
}
