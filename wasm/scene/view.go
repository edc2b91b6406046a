package scene

import (
	"math"
	"sort"

	"github.com/diffstruct/diffstruct/wasm/narrate"
	"github.com/diffstruct/diffstruct/wasm/wire"
)

// View draws a run: every runner in its own cell of the canvas, each a
// scene of its own kind (a Scene for a recurrent network, a Layered for a
// feed-forward one, so births, deaths and hovering work alike), the main
// network in the first cell. One cell fills the view with its captions; in
// a race the cells are named and compact.
type View struct {
	W, H, Scale float64
	// Edges is each cell's budget of recurrent connections (see Scene.Edges).
	Edges int
	parts []part   // every cell, whatever its kind
	cells []*Scene // the recurrent cells by index (nil for other kinds)
	kinds []byte   // each cell's wire kind
	names []string
	rows  []int   // cells per row, see Layout
	buf   Frame   // the last frame's slices, reused: a frame is drawn 60 times a second
	zoom  float64 // the style's zoom (Style.Zoom; 0: 1)
	eff   float64 // the zoom drawn: the style's, or less where the cells are too small for it (Resize)
}

// MinZoomedCell is the least height, in CSS pixels, a cell keeps once
// zoomed: a zoom that would leave a cell less (a race's cells, a short
// view) is lowered to fit, down to 1, so that projector mode never
// crowds its labels onto each other.
const MinZoomedCell = 320.0

// SetStyle draws st from the next frame on: its palette and motion for
// every scene (the package's SetStyle), its zoom for this view's cells,
// which then lay themselves out afresh.
func (v *View) SetStyle(st Style) {
	SetStyle(st)
	if st.Zoom != v.zoom {
		v.zoom = st.Zoom
		v.Resize(v.W, v.H, v.Scale)
	}
}

// Zoom returns how much larger than normal the view draws (1 normally):
// the style's zoom, lowered where the cells have no room for it.
func (v *View) Zoom() float64 {
	if v.eff <= 0 {
		return 1
	}
	return v.eff
}

// fitZoom returns the style's zoom lowered so that every cell of the
// current layout keeps MinZoomedCell CSS pixels of height (at least 1).
func (v *View) fitZoom() float64 {
	z := v.zoom
	if z <= 1 {
		return 1
	}
	if v.Scale > 0 && len(v.rows) > 0 {
		cellH := v.H / float64(len(v.rows)) / v.Scale // CSS px
		z = math.Min(z, cellH/MinZoomedCell)
	}
	return math.Max(1, z)
}

// part is what the view needs of a cell's scene, whatever its kind.
type part interface {
	Push(b []byte, now float64) error
	Resize(w, h, scale float64)
	Mouse(x, y float64, ok bool)
	Select(sel Selection)
	Frame(now float64) Frame
	Has() bool
	// The keyboard's focus ring (focus.go).
	focus(m Move) (narrate.Focus, bool)
	setFocus(id int64)
	focused() (narrate.Focus, bool)
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
		same = rs[i].Name == v.names[i] && rs[i].Kind == v.kinds[i]
	}
	if !same { // another run: start every cell afresh
		v.names, v.kinds = make([]string, len(rs)), make([]byte, len(rs))
		v.parts, v.cells = make([]part, len(rs)), make([]*Scene, len(rs))
		for i, r := range rs {
			v.names[i], v.kinds[i] = r.Name, r.Kind
			name, compact := "", false
			if len(rs) > 1 {
				name, compact = r.Name, true
			}
			switch r.Kind {
			case wire.KindLayered:
				ly := NewLayered(1, 1, v.Scale)
				ly.Name, ly.Compact = name, compact
				v.parts[i] = ly
			default:
				sc := New(1, 1, v.Scale)
				sc.Edges = v.Edges
				sc.Name, sc.Compact = name, compact
				v.parts[i], v.cells[i] = sc, sc
			}
		}
		v.Resize(v.W, v.H, v.Scale)
	}
	for i, r := range rs {
		if err := v.parts[i].Push(r.Graph, now); err != nil {
			return err
		}
	}
	return nil
}

// Cells returns the number of cells (runners) drawn.
func (v *View) Cells() int { return len(v.parts) }

// CellAspect is the width over height a network's drawing looks best in:
// layers side by side, so a little wider than tall.
const CellAspect = 1.3

// Layout returns how n cells tile a w x h canvas: the number of cells in
// each row, top to bottom, every row of equal height and every cell of a row
// of equal width, so no part of the canvas is left empty. Among the ways of
// splitting n into rows it picks the one whose smallest cell is largest
// (measured against CellAspect), then the one giving the first cell, the
// main network, the most room: 3 cells make one row of three on a wide
// canvas, one wide over two on a squarer one, a column on a tall one.
func Layout(n int, w, h float64) []int {
	if n <= 1 {
		return []int{1}
	}
	var best []int
	bestScore, bestMain := -1.0, -1.0
	for _, rows := range compositions(n) {
		rh := h / float64(len(rows))
		score := math.Inf(1)
		for _, k := range rows {
			cw := w / float64(k)
			score = math.Min(score, math.Min(cw/CellAspect, rh))
		}
		main := w / float64(rows[0]) * rh
		// Scores within a pixel are a tie, decided by the main cell's room.
		if best == nil || score > bestScore+1 || (score > bestScore-1 && main > bestMain) {
			best, bestScore, bestMain = rows, score, main
		}
	}
	return best
}

// compositions returns every way of writing n as an ordered sum of
// positive parts, fewest parts first.
func compositions(n int) [][]int {
	var out [][]int
	var rec func(left int, cur []int)
	rec = func(left int, cur []int) {
		if left == 0 {
			out = append(out, append([]int(nil), cur...))
			return
		}
		for k := left; k >= 1; k-- {
			rec(left-k, append(cur, k))
		}
	}
	rec(n, nil)
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) < len(out[j]) })
	return out
}

// cell returns cell i's origin and size in the current layout.
func (v *View) cell(i int) (x, y, w, h float64) {
	rows := v.rows
	if len(rows) == 0 {
		rows = []int{1}
	}
	h = v.H / float64(len(rows))
	for r, k := range rows {
		if i < k {
			w = v.W / float64(k)
			return float64(i) * w, float64(r) * h, w, h
		}
		i -= k
	}
	return 0, 0, 0, 0
}

// Resize sets the canvas size.
func (v *View) Resize(w, h, scale float64) {
	v.W, v.H, v.Scale = w, h, scale
	v.rows = Layout(len(v.parts), w, h)
	v.eff = v.fitZoom()
	for i, sc := range v.parts {
		_, _, cw, ch := v.cell(i)
		sc.Resize(cw, ch, scale*v.Zoom()) // the cells' sizes grow with the zoom, the canvas's pixels do not
	}
}

// Has reports whether every cell has a snapshot.
func (v *View) Has() bool {
	for _, sc := range v.parts {
		if !sc.Has() {
			return false
		}
	}
	return len(v.parts) > 0
}

// Select shows the inspector's neuron in cell i (and no selection in the
// others).
func (v *View) Select(i int, sel Selection) {
	for k, sc := range v.parts {
		if k == i {
			sc.Select(sel)
		} else {
			sc.Select(Selection{ID: -1})
		}
	}
}

// Mouse passes the pointer (canvas pixels; ok false when it left) to the
// cell under it.
func (v *View) Mouse(x, y float64, ok bool) {
	for i, sc := range v.parts {
		cx, cy, cw, ch := v.cell(i)
		inside := ok && x >= cx && x < cx+cw && y >= cy && y < cy+ch
		sc.Mouse(x-cx, y-cy, inside)
	}
}

// Frame advances every cell to time now and returns one frame with each
// cell's drawing moved to its place, separated by faint borders. The
// cursor and the alive and dying counts are the main network's. The frame
// is valid until the next call (its slices are reused).
func (v *View) Frame(now float64) Frame {
	out := Frame{Rects: v.buf.Rects[:0], Lines: v.buf.Lines[:0], Discs: v.buf.Discs[:0], Labels: v.buf.Labels[:0], Cells: v.buf.Cells[:0],
		Maps: v.buf.Maps[:0]}
	defer func() { v.buf = out }()
	out.Cursor, out.Hover = -1, -1
	u := float32(v.Scale)
	for i, sc := range v.parts {
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
		for _, m := range f.Maps {
			// A map's key is its cell's own: the cell's index in the top
			// byte makes it the view's.
			m.X, m.Y, m.Key = m.X+ox, m.Y+oy, m.Key|uint64(i)<<56
			out.Maps = append(out.Maps, m)
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
			out.Tooltip, out.TipX, out.TipY, out.TipR, out.TipLeft = f.Tooltip, f.TipX+ox, f.TipY+oy, f.TipR, f.TipLeft
			out.Hover, out.HoverCell = f.Hover, i
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
			c.X, c.Y, c.W, c.H = cx, cy, cw, ch
			out.Cells = append(out.Cells, c)
		}
		if i == 0 {
			out.Cursor, out.Alive, out.Dying = f.Cursor, f.Alive, f.Dying
		}
	}
	return out
}
