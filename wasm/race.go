//go:build js && wasm

package main

import (
	"strings"

	"github.com/diffstruct/diffstruct/wasm/scene"
	"github.com/diffstruct/diffstruct/wasm/wire"
)

// raceView draws a race: every network in its own cell of the canvas, each
// a scene of its own (so births, deaths and hovering work as in the single
// view), named in its title. The growing network is the first cell.
type raceView struct {
	names       []string
	scenes      []*scene.Scene
	w, h, scale float64
}

func newRaceView(w, h, scale float64) *raceView { return &raceView{w: w, h: h, scale: scale} }

// push takes a race message; a damaged one is skipped (the next will do).
func (v *raceView) push(b []byte, now float64) error {
	rs, err := wire.SplitRace(b)
	if err != nil {
		return err
	}
	same := len(rs) == len(v.names)
	for i := 0; same && i < len(rs); i++ {
		same = rs[i].Name == v.names[i]
	}
	if !same {
		v.names, v.scenes = make([]string, len(rs)), make([]*scene.Scene, len(rs))
		for i, r := range rs {
			v.names[i] = r.Name
			v.scenes[i] = scene.New(1, 1, v.scale)
		}
		v.resize(v.w, v.h, v.scale)
	}
	for i, r := range rs {
		if err := v.scenes[i].Push(r.Graph, now); err != nil {
			return err
		}
	}
	return nil
}

// grid returns the cells' columns and rows: side by side for two, two by
// two for three or four.
func (v *raceView) grid() (cols, rows int) {
	if len(v.scenes) <= 2 {
		return max(1, len(v.scenes)), 1
	}
	return 2, (len(v.scenes) + 1) / 2
}

// cell returns cell i's origin and size.
func (v *raceView) cell(i int) (x, y, w, h float64) {
	cols, rows := v.grid()
	w, h = v.w/float64(cols), v.h/float64(rows)
	return float64(i%cols) * w, float64(i/cols) * h, w, h
}

func (v *raceView) resize(w, h, scale float64) {
	v.w, v.h, v.scale = w, h, scale
	for i, sc := range v.scenes {
		_, _, cw, ch := v.cell(i)
		sc.Resize(cw, ch, scale)
	}
}

// has reports whether every network has a snapshot.
func (v *raceView) has() bool {
	for _, sc := range v.scenes {
		if !sc.Has() {
			return false
		}
	}
	return len(v.scenes) > 0
}

// mouse passes the pointer to the cell under it.
func (v *raceView) mouse(x, y float64, in bool) {
	for i, sc := range v.scenes {
		cx, cy, cw, ch := v.cell(i)
		inside := in && x >= cx && x < cx+cw && y >= cy && y < cy+ch
		sc.Mouse(x-cx, y-cy, inside)
	}
}

// frame merges the cells' frames into one, each moved to its cell, with
// the network's name in its title and the long captions left out.
func (v *raceView) frame(now float64) scene.Frame {
	var out scene.Frame
	out.Cursor = -1
	u := float32(v.scale)
	for i, sc := range v.scenes {
		f := sc.Frame(now)
		cx, cy, cw, ch := v.cell(i)
		ox, oy := float32(cx), float32(cy)
		for _, r := range f.Rects {
			r.X, r.Y = r.X+ox, r.Y+oy
			out.Rects = append(out.Rects, r)
		}
		for _, l := range f.Lines {
			l.X0, l.Y0, l.X1, l.Y1 = l.X0+ox, l.Y0+oy, l.X1+ox, l.Y1+oy
			out.Lines = append(out.Lines, l)
		}
		for _, d := range f.Discs {
			d.X, d.Y = d.X+ox, d.Y+oy
			out.Discs = append(out.Discs, d)
		}
		for _, l := range f.Labels {
			if caption(l.Text) {
				continue
			}
			if strings.Contains(l.Text, "hidden neuron") {
				l.Text = v.names[i] + ":  " + l.Text
			}
			l.X, l.Y = l.X+ox, l.Y+oy
			out.Labels = append(out.Labels, l)
		}
		if f.Tooltip != "" {
			out.Tooltip, out.TipX, out.TipY = v.names[i]+"\n"+f.Tooltip, f.TipX+ox, f.TipY+oy
		}
		// Cell borders.
		edge := scene.Color{R: 1, G: 1, B: 1, A: 0.12}
		if cx > 0 {
			out.Rects = append(out.Rects, scene.Rect{X: ox, Y: oy, W: u, H: float32(ch), C: edge})
		}
		if cy > 0 {
			out.Rects = append(out.Rects, scene.Rect{X: ox, Y: oy, W: float32(cw), H: u, C: edge})
		}
		out.Neurons += f.Neurons
		if i == 0 {
			out.Cursor, out.Alive, out.Dying = f.Cursor, f.Alive, f.Dying
		}
	}
	return out
}

// caption reports the single view's long labels, which small cells leave out.
func caption(s string) bool {
	return s == "input" || s == "prediction" || strings.HasPrefix(s, "neuron strengths") || strings.HasPrefix(s, "strengths (log") ||
		strings.HasPrefix(s, "orange line")
}
