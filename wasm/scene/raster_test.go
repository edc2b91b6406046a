package scene

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/inconsolata"
	"golang.org/x/image/math/fixed"
)

// rasterize draws a frame into an image with the standard library only, as
// the renderer would (back to front: rects, lines, maps, discs, labels), so
// a test can write a layout to a PNG and a person can look at it without a
// browser. It is slow and plain (no anti-aliasing): for judging a layout,
// not for the page. Labels use an 8x16 bitmap font, close to the page's
// 14 px text.
func rasterize(f *Frame, w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(rgba(Background)), image.Point{}, draw.Src)
	for _, r := range f.Rects {
		rect := image.Rect(int(r.X), int(r.Y), int(math.Ceil(float64(r.X+r.W))), int(math.Ceil(float64(r.Y+r.H))))
		draw.Draw(img, rect, image.NewUniform(rgba(r.C)), image.Point{}, draw.Over)
	}
	for _, l := range f.Lines {
		line(img, l)
	}
	pal := MapPalette()
	for _, m := range f.Maps {
		if m.Res <= 0 || m.W < 1 {
			continue
		}
		for y := int(m.Y); y < int(m.Y+m.H); y++ {
			for x := int(m.X); x < int(m.X+m.W); x++ {
				cx := int((float32(x) + 0.5 - m.X) / m.W * float32(m.Res))
				cy := int((float32(y) + 0.5 - m.Y) / m.H * float32(m.Res))
				if cx < 0 || cy < 0 || cx >= m.Res || cy >= m.Res || cy*m.Res+cx >= len(m.Pix) {
					continue
				}
				p := pal[m.Pix[cy*m.Res+cx]]
				blend(img, x, y, color.RGBA{p[0], p[1], p[2], 255}, m.Alpha)
			}
		}
	}
	for _, d := range f.Discs {
		disc(img, d.X, d.Y, d.R, d.Ring, d.Fill.A <= 0, d.RingW)
		if d.Fill.A > 0 {
			disc(img, d.X, d.Y, d.R-d.RingW, d.Fill, false, 0)
		}
	}
	face := inconsolata.Regular8x16
	for _, l := range f.Labels {
		dr := &font.Drawer{Dst: img, Src: image.NewUniform(rgba(l.C)), Face: face}
		tw := dr.MeasureString(l.Text).Ceil()
		x := int(l.X)
		switch l.Align {
		case 0:
			x -= tw / 2
		case -1:
			x -= tw
		}
		dr.Dot = fixed.P(x, int(l.Y)+5)
		dr.DrawString(l.Text)
	}
	return img
}

func rgba(c Color) color.RGBA {
	a := max(0, min(1, c.A))
	return color.RGBA{uint8(c.R * a * 255), uint8(c.G * a * 255), uint8(c.B * a * 255), uint8(a * 255)}
}

// blend paints c over pixel (x, y) at opacity a.
func blend(img *image.RGBA, x, y int, c color.RGBA, a float32) {
	if !(image.Point{x, y}.In(img.Rect)) || a <= 0 {
		return
	}
	o := img.RGBAAt(x, y)
	mixc := func(d, s uint8) uint8 { return uint8(float32(d)*(1-a) + float32(s)*a) }
	img.SetRGBA(x, y, color.RGBA{mixc(o.R, c.R), mixc(o.G, c.G), mixc(o.B, c.B), 255})
}

func line(img *image.RGBA, l Line) {
	hw := float64(max(l.Width, 1)) / 2
	x0, y0, x1, y1 := float64(l.X0), float64(l.Y0), float64(l.X1), float64(l.Y1)
	c := l.C
	c.A = 1
	col := rgba(c)
	dx, dy := x1-x0, y1-y0
	ll := dx*dx + dy*dy
	for y := int(math.Min(y0, y1) - hw - 1); y <= int(math.Max(y0, y1)+hw+1); y++ {
		for x := int(math.Min(x0, x1) - hw - 1); x <= int(math.Max(x0, x1)+hw+1); x++ {
			px, py := float64(x)+0.5, float64(y)+0.5
			t := 0.0
			if ll > 0 {
				t = math.Max(0, math.Min(1, ((px-x0)*dx+(py-y0)*dy)/ll))
			}
			if math.Hypot(px-x0-t*dx, py-y0-t*dy) <= hw {
				blend(img, x, y, col, l.C.A)
			}
		}
	}
}

func disc(img *image.RGBA, cx, cy, r float32, c Color, ring bool, rw float32) {
	if r <= 0 {
		return
	}
	a := c.A
	c.A = 1
	col := rgba(c)
	for y := int(cy - r - 1); y <= int(cy+r+1); y++ {
		for x := int(cx - r - 1); x <= int(cx+r+1); x++ {
			d := float32(math.Hypot(float64(float32(x)+0.5-cx), float64(float32(y)+0.5-cy)))
			if d <= r && (!ring || d >= r-rw) {
				blend(img, x, y, col, a)
			}
		}
	}
}
