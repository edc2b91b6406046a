//go:build js && wasm

package main

import (
	"image"
	"image/color"
	"math"
	"strings"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"

	"github.com/diffstruct/diffstruct/wasm/scene"
	"github.com/diffstruct/diffstruct/wasm/textcache"
)

// texSize is the size of the disc and glow textures; texR the disc's radius in it.
const (
	texSize = 64
	texR    = 30.0
)

// renderer draws a scene.Frame with a handful of batched DrawTriangles
// calls: all lines in one vertex buffer (each a quad whose texture fades
// its edges, a cheap anti-aliasing), all discs in another.
type renderer struct {
	line, disc, glow, white *ebiten.Image
	verts                   []ebiten.Vertex
	idx                     []uint16
	faces                   *textcache.Cache[*face]
	glyphs                  []text.Glyph  // scratch for drawText
	boxes                   []labelBox    // the text drawn last, for the view's stats
	lineFilter              ebiten.Filter // FilterNearest where WebGL runs in software
	software                bool          // WebGL runs in software: every pixel drawn costs
}

func newRenderer() (*renderer, error) {
	// One parsed font serves every size; the faces (and so the sizes whose
	// glyphs are kept) are bounded by the cache.
	src, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, err
	}
	r := &renderer{lineFilter: ebiten.FilterLinear}
	r.faces = textcache.New(4, func(px int) *face { return newFace(src, px) })
	// Lines are most of the fragments drawn. Ebiten filters linearly in its
	// shader (four texture reads a pixel), which software WebGL pays for in
	// frame rate; sampling the line's cross-section texture at the nearest
	// texel keeps its faded edges (graph.html sets the flag).
	if js.Global().Get("diffstructSoftwareGL").Truthy() {
		r.lineFilter, r.software = ebiten.FilterNearest, true
	}
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

// triangles is what quads are drawn on: the drawing (an *ebiten.Image) or
// the final screen (text, at device resolution).
type triangles interface {
	DrawTriangles(vertices []ebiten.Vertex, indices []uint16, img *ebiten.Image, options *ebiten.DrawTrianglesOptions)
}

// quad appends a textured quad: corners p0..p3 mapping to the texture rectangle.
func (r *renderer) quad(dst triangles, img *ebiten.Image, xs, ys [4]float32, u0, v0, u1, v1 float32, c scene.Color) {
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

func (r *renderer) flush(dst triangles, img *ebiten.Image) {
	if len(r.idx) == 0 {
		return
	}
	op := &ebiten.DrawTrianglesOptions{Filter: ebiten.FilterLinear}
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

// draw renders f's shapes onto screen, at the drawing resolution; its
// text is drawn later, by drawText, at the device's.
func (r *renderer) draw(screen *ebiten.Image, f *scene.Frame, has bool) {
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

func toColor(c scene.Color) color.Color {
	return color.NRGBA{uint8(c.R * 255), uint8(c.G * 255), uint8(c.B * 255), uint8(c.A * 255)}
}

// drawText draws f's labels and tooltip on the final screen, at device
// resolution, so that they stay crisp when the drawing resolution drops
// (the graph is then scaled up, its text is not). geoM maps the drawing
// onto the final screen; dpr is the final screen's pixels per CSS pixel.
func (r *renderer) drawText(dst ebiten.FinalScreen, f *scene.Frame, has bool, geoM ebiten.GeoM, dpr float64) {
	face := r.faces.Face(scene.TextSize * dpr)
	r.boxes = r.boxes[:0]
	keep := func(role scene.Role, s string, b [4]float64) {
		r.boxes = append(r.boxes, labelBox{role, s, [4]float64{b[0] / dpr, b[1] / dpr, b[2] / dpr, b[3] / dpr}})
	}
	if !has {
		b := dst.Bounds()
		s := "waiting for the network..."
		keep(scene.RoleNote, s, r.label(dst, face, float64(b.Dx())/2, float64(b.Dy())/2, s, scene.Dim, 0))
		return
	}
	for _, l := range f.Labels {
		x, y := geoM.Apply(float64(l.X), float64(l.Y))
		keep(l.Role, l.Text, r.label(dst, face, x, y, l.Text, l.C, l.Align))
	}
	if f.Tooltip != "" {
		x, y := geoM.Apply(float64(f.TipX), float64(f.TipY))
		lines := strings.Split(f.Tooltip, "\n")
		for i, b := range r.tooltip(dst, face, f.Tooltip, x, y, dpr) {
			keep(scene.RoleTooltip, lines[i], b)
		}
	}
}

// labelBox is a line of text as drawn: its role, its text and its box (x,
// y, width, height of the line: ascent to descent) in CSS pixels of the canvas.
type labelBox struct {
	role scene.Role
	text string
	box  [4]float64
}

// label draws a line of text vertically centred on y, aligned on x as
// scene.Label says, and moved inside the screen if it would cross an edge;
// it returns the line's box (x, y, width, height) in screen pixels.
func (r *renderer) label(dst ebiten.FinalScreen, face *face, x, y float64, s string, c scene.Color, align int) [4]float64 {
	w := text.Advance(s, face)
	switch align {
	case 0:
		x -= w / 2
	case -1:
		x -= w
	}
	edge := face.Size / 4
	x = max(edge, min(x, float64(dst.Bounds().Dx())-edge-w))
	m := face.Metrics()
	y += (m.HAscent - m.HDescent) / 2 // baseline of a line centred on y
	r.glyphs = text.AppendGlyphs(r.glyphs[:0], s, face, nil)
	op := &ebiten.DrawImageOptions{}
	for _, g := range r.glyphs {
		if g.Image == nil {
			continue
		}
		op.GeoM.Reset()
		op.GeoM.Translate(math.Round(x)+g.X, math.Round(y-m.HAscent)+g.Y)
		op.ColorScale.Reset()
		op.ColorScale.ScaleWithColor(toColor(c))
		dst.DrawImage(g.Image, op)
	}
	return [4]float64{math.Round(x), math.Round(y - m.HAscent), w, m.HAscent + m.HDescent}
}

// tooltip draws a box of text lines beside (x, y), inside the screen, and
// returns each line's box.
func (r *renderer) tooltip(dst ebiten.FinalScreen, face *face, tip string, x, y, dpr float64) [][4]float64 {
	lines := strings.Split(tip, "\n")
	lh := face.Size * 1.35
	w := 0.0
	for _, l := range lines {
		w = max(w, text.Advance(l, face))
	}
	pad := 8 * dpr
	bw, bh := w+2*pad, lh*float64(len(lines))+2*pad-lh+face.Size
	sw, sh := float64(dst.Bounds().Dx()), float64(dst.Bounds().Dy())
	bx, by := x, y-bh/2
	if bx+bw > sw {
		bx = x - bw - 40*dpr
	}
	bx = max(4, bx)
	by = max(4, min(by, sh-bh-4))
	x0, y0, x1, y1 := float32(bx), float32(by), float32(bx+bw), float32(by+bh)
	r.quad(dst, r.white, [4]float32{x0, x1, x1, x0}, [4]float32{y0, y0, y1, y1}, 1, 1, 2, 2, scene.TipBackground)
	r.flush(dst, r.white)
	boxes := make([][4]float64, len(lines))
	for i, l := range lines {
		boxes[i] = r.label(dst, face, bx+pad, by+pad+face.Size/2+lh*float64(i), l, scene.Ink, 1)
	}
	return boxes
}

// face is a text/v2 face at a known pixel size. It wraps an x/image
// opentype face (text.GoXFace) rather than text.GoTextFace: the shaping
// library behind GoTextFace adds about 3.3 MB to the module (0.7 MB
// compressed), and the view's labels are short Latin strings that need no
// shaping.
type face struct {
	*text.GoXFace
	Size float64 // em size in pixels
}

// newFace returns the font at px pixels; a size the font refuses falls back
// to the smallest the cache allows.
func newFace(src *opentype.Font, px int) *face {
	f, err := opentype.NewFace(src, &opentype.FaceOptions{Size: float64(px), DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		f, _ = opentype.NewFace(src, &opentype.FaceOptions{Size: textcache.MinPx, DPI: 72})
	}
	return &face{GoXFace: text.NewGoXFace(f), Size: float64(px)}
}
