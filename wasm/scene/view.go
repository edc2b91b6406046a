package scene

import (
	"github.com/diffstruct/diffstruct/wasm/wire"
)

// View draws a run: every runner in its own cell of the canvas, each a
// Scene of its own (so births, deaths and hovering work alike), the main
// network in the first cell. One cell fills the view with its captions; in
// a race the cells are named and compact.
type View struct {
	W, H, Scale float64
	// Edges is each cell's budget of recurrent connections (see Scene.Edges).
	Edges int
	cells []*Scene
	names []string
}

// NewView returns an empty view of the given size.
func NewView(w, h, scale float64) *View { return &View{W: w, H: h, Scale: scale} }

// Push takes a run message (wire.AppendRunners) arriving at time now
// (seconds); a damaged one is an error (the next message will do).
func (v *View) Push(b []byte, now float64) error {
	rs, err := wire.SplitRunners(b)
	if err != nil {
		return err
	}
	same := len(rs) == len(v.names)
	for i := 0; same && i < len(rs); i++ {
		same = rs[i].Name == v.names[i]
	}
	if !same { // another run: start every cell afresh
		v.names, v.cells = make([]string, len(rs)), make([]*Scene, len(rs))
		for i, r := range rs {
			v.names[i] = r.Name
			sc := New(1, 1, v.Scale)
			sc.Edges = v.Edges
			if len(rs) > 1 {
				sc.Name, sc.Compact = r.Name, true
			}
			v.cells[i] = sc
		}
		v.Resize(v.W, v.H, v.Scale)
	}
	for i, r := range rs {
		if err := v.cells[i].Push(r.Graph, now); err != nil {
			return err
		}
	}
	return nil
}

// Cells returns the number of cells (runners) drawn.
func (v *View) Cells() int { return len(v.cells) }

// grid returns the cells' columns and rows: one fills the view, two sit
// side by side, three or four make two by two.
func (v *View) grid() (cols, rows int) {
	if len(v.cells) <= 2 {
		return max(1, len(v.cells)), 1
	}
	return 2, (len(v.cells) + 1) / 2
}

// cell returns cell i's origin and size.
func (v *View) cell(i int) (x, y, w, h float64) {
	cols, rows := v.grid()
	w, h = v.W/float64(cols), v.H/float64(rows)
	return float64(i%cols) * w, float64(i/cols) * h, w, h
}

// Resize sets the canvas size.
func (v *View) Resize(w, h, scale float64) {
	v.W, v.H, v.Scale = w, h, scale
	for i, sc := range v.cells {
		_, _, cw, ch := v.cell(i)
		sc.Resize(cw, ch, scale)
	}
}

// Has reports whether every cell has a snapshot.
func (v *View) Has() bool {
	for _, sc := range v.cells {
		if !sc.Has() {
			return false
		}
	}
	return len(v.cells) > 0
}

// Mouse passes the pointer (canvas pixels; ok false when it left) to the
// cell under it.
func (v *View) Mouse(x, y float64, ok bool) {
	for i, sc := range v.cells {
		cx, cy, cw, ch := v.cell(i)
		inside := ok && x >= cx && x < cx+cw && y >= cy && y < cy+ch
		sc.Mouse(x-cx, y-cy, inside)
	}
}

// Frame advances every cell to time now and returns one frame with each
// cell's drawing moved to its place, separated by faint borders. The
// cursor and the alive and dying counts are the main network's.
func (v *View) Frame(now float64) Frame {
	var out Frame
	out.Cursor = -1
	u := float32(v.Scale)
	for i, sc := range v.cells {
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
			l.X, l.Y = l.X+ox, l.Y+oy
			out.Labels = append(out.Labels, l)
		}
		if f.Tooltip != "" {
			out.Tooltip, out.TipX, out.TipY = f.Tooltip, f.TipX+ox, f.TipY+oy
		}
		edge := Color{R: 1, G: 1, B: 1, A: 0.12}
		if cx > 0 {
			out.Rects = append(out.Rects, Rect{X: ox, Y: oy, W: u, H: float32(ch), C: edge})
		}
		if cy > 0 {
			out.Rects = append(out.Rects, Rect{X: ox, Y: oy, W: float32(cw), H: u, C: edge})
		}
		out.Neurons += f.Neurons
		for _, c := range f.Cells {
			c.Name = v.names[i]
			out.Cells = append(out.Cells, c)
		}
		if i == 0 {
			out.Cursor, out.Alive, out.Dying = f.Cursor, f.Alive, f.Dying
		}
	}
	return out
}
