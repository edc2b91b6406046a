package scene

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/diffstruct/diffstruct/wasm/wire"
)

// Layered draws a feed-forward network on 2-D points (a wire.Layered
// snapshot) as TensorFlow Playground does, with layers that grow: the
// features, each hidden layer and the output as columns of small heat maps
// (every neuron's output over the plane), the weights between consecutive
// columns, a strength bar under every neuron against the threshold, and the
// big output map (the decision boundary) with the data on it. Neurons are
// matched by id between snapshots, so births grow in glowing and deaths
// shrink and fade, as on the recurrent network's ring; a layer that appears
// or goes grows or shrinks its whole column. The layout is recomputed every
// frame from each tile's and column's weight (0 to 1 as it grows in, 1 to 0
// as it goes), so a column's tiles make room for each other continuously
// and never overlap, whatever is coming or going.
type Layered struct {
	W, H  float64 // cell size, in pixels
	Scale float64 // device pixels per CSS pixel
	// Name, when set, names the network in the title and the tooltip (a
	// race's cells); Compact leaves the captions out (small cells).
	Name    string
	Compact bool
	g       wire.Layered
	have    bool
	ver     uint64            // the map version of the current snapshot
	featVer []uint64          // each feature map's version (they rarely change)
	outVer  uint64            // the output map's version
	nodes   map[uint32]*ltile // hidden neurons by id, dying ones too
	cols    []*lcolumn        // hidden layers' columns, dying ones too, in drawing order
	cycle   int64
	last    float64
	mouseX  float64
	mouseY  float64
	mouse   bool
	sel     Selection
	focusID int64 // the neuron the keyboard's focus ring is on (-1: none)
	buf     Frame
}

// ltile is one hidden neuron's tile.
type ltile struct {
	id           uint32
	layer, index int      // in the snapshot; index -1 once deleted
	col          *lcolumn // its layer's column
	x, y         float64  // its centre in the last frame
	w            float64  // its weight in the last frame: 0..1 growing in, 1..0 going
	room         float64  // the gap under it in the last frame (for its strength bar)
	hidden       bool     // in the last frame, left out for the bar of the tile above
	strength     float64
	born         int64
	seen, died   float64 // arrival and deletion times (died 0 while alive)
	fresh        bool    // appeared after the first snapshot: animate the birth
	pix          []byte  // its map (kept after deletion, for the fade)
	ver          uint64
	shown        float64 // the side drawn in the last frame (for hovering)
}

// lcolumn is one hidden layer's column: its labels grow and fade with it.
type lcolumn struct {
	key        [2]int64 // the layer's birth cycle and its rank among layers born then
	index      int      // in the snapshot, -1 once gone
	k, n       int      // its number (from 1) and width in the last snapshot that had it
	mult       float32  // and its multiplier there
	wired      bool     // and whether it fed the output there (a gain to show)
	tiles      []*ltile // its neurons, dying ones too, top to bottom
	x, w       float64  // its centre and weight in the last frame
	bottom     float64  // the lowest tile's bottom edge, for the gain's label
	seen, died float64
	fresh      bool
}

// NewLayered returns an empty layered scene of the given size.
func NewLayered(w, h, scale float64) *Layered {
	return &Layered{W: w, H: h, Scale: max(scale, 0.5), nodes: map[uint32]*ltile{}, cycle: -1, sel: Selection{ID: -1}, focusID: -1}
}

// Resize sets the cell's size.
func (s *Layered) Resize(w, h, scale float64) {
	s.W, s.H, s.Scale = w, h, max(scale, 0.5)
}

// Mouse sets the pointer position (cell pixels); ok false when it left.
func (s *Layered) Mouse(x, y float64, ok bool) { s.mouseX, s.mouseY, s.mouse = x, y, ok }

// Select rings the inspector's neuron (ID -1 for none); the connections
// listed are the recurrent view's and are not drawn here.
func (s *Layered) Select(sel Selection) { s.sel = sel }

// Has reports whether a snapshot has arrived.
func (s *Layered) Has() bool { return s.have }

// Push takes a new wire.Layered snapshot arriving at time now (seconds).
func (s *Layered) Push(b []byte, now float64) error {
	var g wire.Layered // fresh slices: dying tiles keep their maps
	if err := g.Decode(b); err != nil {
		return err
	}
	first := !s.have
	old := s.g
	s.g, s.have, s.cycle = g, true, g.Cycle
	// A map keeps its version while its bytes stay the same, so the
	// renderer re-uploads only what changed (features never do; reserve
	// neurons seldom).
	s.ver = nextMapVersion()
	fv := make([]uint64, len(g.FeatMaps))
	for i, m := range g.FeatMaps {
		if i < len(old.FeatMaps) && i < len(s.featVer) && old.Res == g.Res && bytes.Equal(old.FeatMaps[i], m) {
			fv[i] = s.featVer[i]
		} else {
			fv[i] = s.ver
		}
	}
	s.featVer = fv
	if first || old.OutRes != g.OutRes || !bytes.Equal(old.OutMap, g.OutMap) {
		s.outVer = s.ver
	}
	// Columns: a layer is known by its birth cycle and its rank among the
	// layers born in the same cycle (a network's first layers all are).
	seen := map[*lcolumn]bool{}
	rank := map[int64]int64{}
	live := make([]*lcolumn, len(g.Layers))
	for li, l := range g.Layers {
		key := [2]int64{l.Born0, rank[l.Born0]}
		rank[l.Born0]++
		var c *lcolumn
		for _, k := range s.cols {
			if k.key == key && k.died == 0 && !seen[k] {
				c = k
			}
		}
		if c == nil {
			c = &lcolumn{key: key, seen: now, fresh: !first}
		}
		seen[c] = true
		c.index, c.k, c.n, c.mult, c.wired = li, li+1, len(l.IDs), l.Multiplier, len(l.Out) > 0
		live[li] = c
	}
	for _, c := range s.cols {
		if !seen[c] && c.died == 0 {
			c.died, c.index = now, -1
		}
	}
	s.cols = merge(s.cols, live, func(c *lcolumn) bool { return c.died > 0 })
	// Tiles, each in its layer's column.
	alive := make(map[uint32]bool, g.N())
	liveTiles := make(map[*lcolumn][]*ltile, len(live))
	for li := range g.Layers {
		l := &g.Layers[li]
		for j, id := range l.IDs {
			alive[id] = true
			n, ok := s.nodes[id]
			if !ok || n.died > 0 {
				n = &ltile{id: id, seen: now, fresh: !first}
				s.nodes[id] = n
			}
			if n.pix == nil || old.Res != g.Res || !bytes.Equal(n.pix, l.Maps[j]) {
				n.ver = s.ver
			}
			n.layer, n.index, n.strength, n.born, n.pix = li, j, float64(l.Strength[j]), l.Born[j], l.Maps[j]
			n.col = live[li]
			liveTiles[n.col] = append(liveTiles[n.col], n)
		}
	}
	for id, n := range s.nodes {
		if !alive[id] && n.died == 0 {
			n.died, n.index = now, -1
		}
	}
	for _, c := range s.cols {
		// (A neuron never changes layers, but should one, it leaves its old
		// column at once.)
		c.tiles = slices.DeleteFunc(c.tiles, func(n *ltile) bool { return n.col != c })
		c.tiles = merge(c.tiles, liveTiles[c], func(n *ltile) bool { return n.died > 0 })
	}
	return nil
}

// merge returns the items of live in order with the gone items of old kept
// where they were: each after the item that preceded it in old (the first
// ones first), so that a dying tile or column stays in its place among the
// living while it fades.
func merge[T comparable](old, live []T, gone func(T) bool) []T {
	var zero T
	after := map[T][]T{}
	var out []T
	anchor := zero
	for _, x := range old {
		switch {
		case !gone(x):
			anchor = x
		case anchor == zero:
			out = append(out, x)
		default:
			after[anchor] = append(after[anchor], x)
		}
	}
	for _, x := range live {
		out = append(out, x)
		out = append(out, after[x]...)
	}
	return out
}

// lgeom is where a layered cell puts its parts, in cell pixels.
type lgeom struct {
	u        float64
	tall     bool    // phone-shaped: the output map above the columns
	top, bot float64 // the room for the columns (tiles only)
	cy       float64 // the columns' centre line
	headY    float64 // the column headers' line
	// Per column (features, each hidden layer's, dying ones too, output):
	// its centre, its weight, its tiles' full side, the gap between them
	// and whether the gap holds the tiles' marks (a feature's name, a
	// neuron's strength bar). A wide layer gets smaller tiles than a narrow
	// one, so a layer of 16 does not shrink the features to specks.
	colX, colW, tiles, gaps []float64
	marks                   []bool
	mx, my, ms              float64 // the output map's corner and side
	lossY                   float64 // the loss line under the map
	legendY                 float64 // the legend's first line (0: none)
	legX, legW              float64 // the legend's centre and room: under the columns
	pitch                   float64 // between columns of weight 1
}

// legendLines is the number of the legend's lines.
const legendLines = 3

// weight returns how far an item that arrived at seen (fresh: animated)
// and went at died (0: still here) is in the layout at now: 0 to 1 as it
// grows in, 1 to 0 as it goes.
func weight(now, seen, died float64, fresh bool) float64 {
	w := 1.0
	if !moving() { // reduced motion: there at once, and until it goes
		return w
	}
	if fresh {
		if age := now - seen; age < BirthTime {
			w = easeOut(math.Max(0, age) / BirthTime)
		}
	}
	if died > 0 {
		w = math.Min(w, 1-math.Min(1, math.Max(0, now-died)/DeathTime))
	}
	return w
}

// gapWeight is the share of a full gap that a tile of weight w keeps under
// it: all of it until it is a third grown (so its strength bar has room
// while it grows in or fades), then shrinking with it to nothing.
func gapWeight(w float64) float64 { return math.Min(1, 3*w) }

// place lays the cell out at time now: every column's and tile's weight,
// the columns' centres, each column's tile size and every tile's centre
// (set on the tiles and columns, for drawing and hovering).
func (s *Layered) place(now float64) lgeom {
	for _, c := range s.cols {
		c.w = weight(now, c.seen, c.died, c.fresh)
		for _, n := range c.tiles {
			n.w = weight(now, n.seen, n.died, n.fresh)
		}
	}
	u := s.Scale
	g := lgeom{u: u}
	pad := 14 * u
	titleH := 34 * u
	g.legendY = 0
	bottom := s.H - 8*u
	if !s.Compact {
		g.legendY = s.H - (14+18*(legendLines-1))*u
		bottom = g.legendY - 14*u
	}
	g.tall = s.W < s.H*0.9
	if g.tall {
		// Taller than wide (a phone): the map on top, at most 42% of the
		// height with the title, the columns under it.
		g.ms = math.Max(20*u, math.Min(s.W-2*pad, s.H*0.42-titleH))
		g.mx, g.my = (s.W-g.ms)/2, titleH
		g.lossY = g.my + g.ms + 14*u
		g.top = g.lossY + 44*u // the loss line, then the headers
		g.bot = bottom - 20*u  // the gains' line below the lowest tile
		s.columns(&g, pad, s.W-pad)
		g.legX, g.legW = s.W/2, s.W-2*TextEdge*u
	} else {
		g.ms = math.Max(20*u, math.Min(bottom-titleH-26*u, s.W*0.4))
		g.mx, g.my = s.W-pad-g.ms, titleH
		g.lossY = g.my + g.ms + 14*u
		g.top = titleH + 24*u
		g.bot = bottom - 20*u
		s.columns(&g, pad, g.mx-28*u)
		g.legX, g.legW = (pad+g.mx-28*u)/2, g.mx-28*u-TextEdge*u
	}
	// The columns sit level with the map's centre where they fit (the eye
	// reads across from network to decision), else as near it as they can;
	// the headers go just above the tallest.
	hb := 0.0
	for c := range g.colX {
		hb = math.Max(hb, s.height(&g, c))
	}
	g.cy = math.Max(g.top+hb/2, math.Min(g.bot-hb/2, g.my+g.ms/2))
	if g.bot-g.top < hb {
		g.cy = (g.top + g.bot) / 2
	}
	g.headY = g.cy - hb/2 - 16*u
	if g.legendY > 0 {
		// The legend goes just under the columns it explains.
		g.legendY = math.Min(g.legendY, g.cy+hb/2+44*u)
	}
	// Every hidden tile's centre: stacked down its column in order, each
	// taking its weight's share of a tile and of half a gap above and below
	// it, so that a tile growing in pushes its neighbours apart as it grows
	// and a dying one lets them close up as it shrinks, wherever it is in
	// the column, and the column's height never jumps.
	for ci, c := range s.cols {
		d := ci + 1
		c.x = g.colX[d]
		t, gap := g.tiles[d], g.gaps[d]
		y := g.cy - s.height(&g, d)/2
		c.bottom = y
		for i, n := range c.tiles {
			n.hidden = false
			y += gapWeight(n.w) * gap / 2
			n.x, n.y = c.x, y+n.w*t/2
			y += n.w*t + gapWeight(n.w)*gap/2
			c.bottom = n.y + n.w*t/2
			n.room = math.Inf(1) // the last: the gain's label is further down
			if i+1 < len(c.tiles) {
				n.room = (gapWeight(n.w) + gapWeight(c.tiles[i+1].w)) * gap / 2
			}
		}
		// A settled tile keeps its bar: where the tile under it is coming or
		// going and still too close (a gap it has only half lent or not yet
		// given back), that tile is left out until it has made room (it is
		// small and faint then).
		for i, n := range c.tiles[:max(len(c.tiles)-1, 0)] {
			next := c.tiles[i+1]
			if n.room < barRoom*u && n.w >= 1 && next.w < 1 {
				next.hidden, n.room = true, math.Inf(1)
			}
		}
	}
	return g
}

// counts returns the tiles and gaps in column c, each weighted by its
// share (whole numbers for the features, the output and a settled layer).
// A hidden layer's column counts a gap per tile (half above it, half
// below), the features' one fewer (between them only).
func (s *Layered) counts(c int) (tiles, gaps float64) {
	switch {
	case c == 0:
		n := float64(len(s.g.Features))
		return n, math.Max(0, n-1)
	case c <= len(s.cols):
		for _, n := range s.cols[c-1].tiles {
			tiles += n.w
			gaps += gapWeight(n.w)
		}
		return tiles, gaps
	}
	return 1, 0
}

// height is the height of column c's stack of tiles.
func (s *Layered) height(g *lgeom, c int) float64 {
	n, k := s.counts(c)
	return n*g.tiles[c] + k*g.gaps[c]
}

// columns places the columns between x0 and x1, each taking its weight's
// share of the width, and sizes each column's tiles so that it fits
// between g.top and g.bot and the edges keep at least a tile's width
// between columns. A column's tiles are all one size and square: a tall
// column shrinks them rather than let them overlap.
func (s *Layered) columns(g *lgeom, x0, x1 float64) {
	u := g.u
	nc := len(s.cols) + 2
	g.colW = make([]float64, nc)
	sum := 0.0
	for d := range g.colW {
		g.colW[d] = 1
		if d >= 1 && d <= len(s.cols) {
			g.colW[d] = s.cols[d-1].w
		}
		sum += g.colW[d]
	}
	g.pitch = (x1 - x0) / sum
	g.colX = make([]float64, nc)
	x := x0
	for d, w := range g.colW {
		g.colX[d] = x + g.pitch*w/2
		x += g.pitch * w
	}
	span := math.Max(g.bot-g.top, 10*u)
	g.tiles, g.gaps, g.marks = make([]float64, nc), make([]float64, nc), make([]bool, nc)
	for d := range nc {
		n, k := s.counts(d)
		minGap, markGap := 9*u, barRoom*u // a strength bar (and its tick) under each neuron
		if d == 0 {
			minGap, markGap = 20*u, 16*u // a name under each feature
		}
		// The largest tile that stacks n high in the span with k gaps of at
		// least minGap (and 0.3 tiles), as wide as half a column of its
		// weight; where that leaves under 6 px (a tiny race cell), the tiles
		// take 70% of the span and the gaps lose what they held.
		t := math.Min(72*u, g.pitch*0.5*g.colW[d])
		if n > 0 {
			fit := math.Min((span-k*minGap)/n, span/(n+0.3*k))
			if fit < 6*u {
				fit = 0.7 * span / n
			}
			t = math.Min(t, fit)
		}
		t = math.Max(t, 0)
		gap := math.Max(minGap, 0.3*t)
		if k > 0 {
			// Never so wide that the column overflows the span.
			gap = math.Max(0, math.Min(gap, (span-n*t)/k))
		}
		g.tiles[d], g.gaps[d], g.marks[d] = t, gap, gap >= markGap
	}
}

// colY returns the centre of tile k of n in column c (the features', all
// of weight 1), the column centred on g.cy.
func (g *lgeom) colY(c, k, n int) float64 {
	h := float64(n)*g.tiles[c] + float64(max(n-1, 0))*g.gaps[c]
	return g.cy - h/2 + g.tiles[c]/2 + float64(k)*(g.tiles[c]+g.gaps[c])
}

// Frame advances the animation to time now (seconds) and returns what to
// draw, in cell pixels, valid until the next call (its slices are reused).
func (s *Layered) Frame(now float64) Frame {
	f := Frame{Rects: s.buf.Rects[:0], Lines: s.buf.Lines[:0], Discs: s.buf.Discs[:0], Labels: s.buf.Labels[:0],
		Cells: s.buf.Cells[:0], Maps: s.buf.Maps[:0]}
	f.Hover, f.Cursor = -1, -1
	defer func() { s.buf = f }()
	s.last = now
	if !s.have {
		return f
	}
	gr := &s.g
	// What has finished going goes.
	gone := func(died float64) bool { return died > 0 && now-died > DeathTime }
	for id, n := range s.nodes {
		if gone(n.died) {
			delete(s.nodes, id)
		}
	}
	s.cols = slices.DeleteFunc(s.cols, func(c *lcolumn) bool { return gone(c.died) })
	order := make([]*ltile, 0, len(s.nodes))
	for _, c := range s.cols {
		c.tiles = slices.DeleteFunc(c.tiles, func(n *ltile) bool { return gone(n.died) })
		order = append(order, c.tiles...)
	}
	slices.SortFunc(order, func(a, b *ltile) int { return int(int64(a.id) - int64(b.id)) })
	g := s.place(now)
	u := float32(s.Scale)
	thr := float64(gr.Threshold)

	// Each tile's drawn side and opacity: births grow in, deaths shrink.
	type look struct {
		side, alpha, glow float64
	}
	looks := make(map[*ltile]look, len(order))
	tileOf := func(n *ltile) int { return slices.Index(s.cols, n.col) + 1 }
	for _, n := range order {
		lk := look{side: n.w * g.tiles[tileOf(n)], alpha: 1}
		if n.fresh {
			if age := now - n.seen; age < BirthTime {
				lk.glow = 1 - math.Max(0, age)/BirthTime
				if !moving() {
					lk.glow = 1 // reduced motion: a steady ring while it is new
				}
			}
		}
		if n.died > 0 {
			lk.alpha = n.w
			if !moving() {
				lk.alpha = 0.6 // reduced motion: steady and dimmed until it goes
			}
		}
		n.shown = lk.side
		looks[n] = lk
	}
	byIndex := make([][]*ltile, len(gr.Layers))
	for li, l := range gr.Layers {
		byIndex[li] = make([]*ltile, len(l.IDs))
	}
	for _, n := range order {
		if n.index >= 0 {
			byIndex[n.layer][n.index] = n
		}
	}

	// Where the fixed columns' tiles sit: features and output.
	featY := func(k int) float64 { return g.colY(0, k, len(gr.Features)) }
	ft, ot := g.tiles[0], g.tiles[len(g.tiles)-1]
	outX, outY := g.colX[len(g.colX)-1], g.cy

	// Weights: each layer's scaled by a robust measure of its own (see
	// edgeScale), so that one big weight does not hide the rest; the faint
	// ones are left out.
	edge := func(x0, y0, x1, y1 float64, w, scale float32, alpha float64) {
		a := float32(math.Abs(float64(w))) / scale
		if a < 0.04 || alpha <= 0 {
			return
		}
		a = min(a, 1)
		c := Positive
		if w < 0 {
			c = Negative
		}
		c.A = min(1, (0.08+0.62*a)*float32(alpha))
		f.Lines = append(f.Lines, Line{float32(x0), float32(y0), float32(x1), float32(y1), (0.5 + 2.5*a) * u, c})
	}
	prevN := len(gr.Features)
	for li, l := range gr.Layers {
		sc := edgeScale(l.W)
		for i, to := range byIndex[li] {
			if to == nil {
				continue
			}
			lt := looks[to]
			for k := 0; k < prevN && i*prevN+k < len(l.W); k++ {
				x0, y0, a0 := g.colX[0]+ft/2, featY(k), 1.0
				if li > 0 {
					from := byIndex[li-1][k]
					if from == nil {
						continue
					}
					lf := looks[from]
					x0, y0, a0 = from.x+lf.side/2, from.y, lf.alpha*from.w
				}
				a1 := lt.alpha * to.w
				edge(x0, y0, to.x-lt.side/2, to.y, l.W[i*prevN+k], sc, a0*a1)
			}
		}
		prevN = len(l.IDs)
	}
	var outs []float32
	for _, l := range gr.Layers {
		outs = append(outs, l.Out...)
	}
	so := edgeScale(outs)
	for li, l := range gr.Layers {
		for j, w := range l.Out {
			if j >= len(byIndex[li]) || byIndex[li][j] == nil {
				continue
			}
			n := byIndex[li][j]
			lk := looks[n]
			edge(n.x+lk.side/2, n.y, outX-ot/2, outY, w, so, lk.alpha*n.w)
		}
	}

	// Feature tiles, each named under it.
	for k, name := range gr.Features {
		x, y := g.colX[0], featY(k)
		var v uint64
		if k < len(s.featVer) {
			v = s.featVer[k]
		}
		s.tileMap(&f, x, y, ft, gr.FeatMaps[k], gr.Res, mapKey(1, uint32(k)), v, 1)
		s.outline(&f, x, y, ft, Color{Dim.R, Dim.G, Dim.B, 0.5}, 1*u, false)
		if g.marks[0] && TextWidth(name)*s.Scale <= g.pitch-8*s.Scale {
			f.Labels = append(f.Labels, Label{float32(x), float32(y + ft/2 + 10*s.Scale), name, Ink, 0, RoleValue})
		}
	}

	// Hidden tiles, with their strength bars.
	var hover, focus *ltile
	bestD := math.Inf(1)
	cell := CellInfo{Name: s.Name, Cycle: gr.Cycle, Hollow: []uint32{}, Solid: []uint32{}}
	for _, n := range order {
		lk := looks[n]
		if n.died > 0 {
			f.Dying++
		} else {
			f.Alive++
		}
		if lk.side <= 0.5 || n.hidden {
			continue
		}
		reserve := n.strength < thr
		alpha := lk.alpha
		if reserve {
			alpha *= 0.5 // a reserve neuron is a ghost of itself
		}
		s.tileMap(&f, n.x, n.y, lk.side, n.pix, gr.Res, mapKey(2, n.id), n.ver, float32(alpha))
		switch {
		case n.died > 0:
			s.outline(&f, n.x, n.y, lk.side, Color{Negative.R, Negative.G, Negative.B, float32(lk.alpha)}, 1.5*u, false)
		case lk.glow > 0:
			s.outline(&f, n.x, n.y, lk.side, Color{Highlight.R, Highlight.G, Highlight.B, float32(0.4 + 0.6*lk.glow)}, (1+2*float32(lk.glow))*u, false)
		case reserve:
			s.outline(&f, n.x, n.y, lk.side, Color{Reserve.R, Reserve.G, Reserve.B, 0.8}, 1*u, true)
		default:
			br := float32(math.Min(1, 0.35+0.4*math.Log10(1+n.strength/math.Max(thr, 1e-9))))
			s.outline(&f, n.x, n.y, lk.side, Color{Ink.R, Ink.G, Ink.B, br}, 1*u, false)
		}
		if int64(n.id) == s.sel.ID && n.died == 0 {
			s.outline(&f, n.x, n.y, lk.side+6*s.Scale, Highlight, 2.5*u, false)
		}
		if int64(n.id) == s.focusID && n.died == 0 { // the keyboard's focus: a square outside that one
			focus = n
			s.outline(&f, n.x, n.y, lk.side+14*s.Scale, FocusRing, 2.5*u, false)
		}
		// The bar goes in the gap under the tile, where the gap has room
		// for it (a tile that has only begun to grow in or has nearly gone
		// has lent most of its gap to its neighbours).
		if c := tileOf(n); g.marks[c] && n.room >= barRoom*s.Scale {
			s.bar(&f, n, lk.side, lk.alpha, thr)
		}
		if n.died == 0 {
			cell.Spots = append(cell.Spots, Spot{n.id, n.x, n.y})
			if reserve {
				cell.Hollow = append(cell.Hollow, n.id)
			} else {
				cell.Solid = append(cell.Solid, n.id)
			}
			if s.mouse {
				h := lk.side/2 + 3*s.Scale
				if dx, dy := math.Abs(s.mouseX-n.x), math.Abs(s.mouseY-n.y); dx < h && dy < h && math.Hypot(dx, dy) < bestD {
					hover, bestD = n, math.Hypot(dx, dy)
				}
			}
		}
	}
	f.Neurons = f.Alive + f.Dying

	// The output: a small tile ending the columns, and the big map.
	s.tileMap(&f, outX, outY, ot, gr.OutMap, gr.OutRes, mapKey(3, 0), s.outVer, 1)
	s.outline(&f, outX, outY, ot, Color{Ink.R, Ink.G, Ink.B, 0.6}, 1*u, false)
	// A faint guide from the small output to the big map says they are one
	// (side by side only: stacked, it would cross the headers).
	if !g.tall {
		f.Lines = append(f.Lines, Line{float32(outX + ot/2), float32(outY), float32(g.mx), float32(g.my + g.ms/2), 1 * u, Color{Dim.R, Dim.G, Dim.B, 0.12}})
	}
	f.Maps = append(f.Maps, Map{X: float32(g.mx), Y: float32(g.my), W: float32(g.ms), H: float32(g.ms), Pix: gr.OutMap, Res: gr.OutRes,
		Key: mapKey(4, 0), Version: s.outVer, Alpha: 1})
	s.outline(&f, g.mx+g.ms/2, g.my+g.ms/2, g.ms, Color{Dim.R, Dim.G, Dim.B, 0.6}, 1*u, false)
	s.points(&f, g)

	// Labels: headers, multipliers, title, losses, legend.
	s.labels(&f, g, outX)
	tip := hover
	if tip == nil { // the keyboard's neuron gets the pointer's box (a click still needs the pointer on one)
		tip = focus
	}
	if tip != nil {
		kind := "active"
		if tip.strength < thr {
			kind = "reserve (below threshold)"
		}
		f.Tooltip = fmt.Sprintf("neuron #%d · layer %d  %s\nstrength %.4f (threshold %.2f)\nage %d cycles (born at cycle %d)",
			tip.id, tip.layer+1, kind, tip.strength, thr, gr.Cycle-tip.born, tip.born)
		if s.Name != "" {
			f.Tooltip = s.Name + "\n" + f.Tooltip
		}
		f.TipX, f.TipY, f.TipR = float32(tip.x), float32(tip.y), float32(tip.shown/2+8*s.Scale)
		if tip == focus { // clear of the focus ring
			f.TipR = float32(tip.shown/2 + 13*s.Scale)
		}
	}
	if hover != nil {
		f.Hover = int64(hover.id)
	}
	cell.Neurons = f.Alive
	f.Cells = append(f.Cells, cell)
	keepInside(&f, s.W, s.H, s.Scale)
	return f
}

// edgeScale returns the |w| that a layer's weights are drawn at full
// strength from: the 90th percentile of |w| (so most edges show, however
// big the largest one), but at least a tenth of the largest and never
// below 0.05 (a layer of weights near zero draws faint, not at full).
func edgeScale(ws []float32) float32 {
	if len(ws) == 0 {
		return 1
	}
	a := make([]float32, len(ws))
	for i, w := range ws {
		a[i] = float32(math.Abs(float64(w)))
	}
	slices.Sort(a)
	p90 := a[min(len(a)-1, int(0.9*float64(len(a))))]
	return max(p90, a[len(a)-1]/10, 0.05)
}

// gainText formats a layer's multiplier readably: two significant digits,
// never in scientific notation, and "≈0" when it rounds to nothing.
func gainText(m float32) string {
	a := math.Abs(float64(m))
	if !(a >= 0.005) { // NaN too
		return "≈0"
	}
	digits := max(0, 1-int(math.Floor(math.Log10(a))))
	t := strconv.FormatFloat(float64(m), 'f', digits, 64)
	if strings.Contains(t, ".") {
		t = strings.TrimRight(strings.TrimRight(t, "0"), ".")
	}
	return t
}

// mapKey names a map of a cell: kind 1 a feature, 2 a hidden neuron (by
// id), 3 the small output tile, 4 the big output map. The view puts the
// cell's index in the top byte.
func mapKey(kind uint8, id uint32) uint64 { return uint64(kind)<<40 | uint64(id) }

// tileMap appends a square map of side side centred on (x, y), res cells
// on a side.
func (s *Layered) tileMap(f *Frame, x, y, side float64, pix []byte, res int, key, ver uint64, alpha float32) {
	f.Maps = append(f.Maps, Map{X: float32(x - side/2), Y: float32(y - side/2), W: float32(side), H: float32(side),
		Pix: pix, Res: res, Key: key, Version: ver, Alpha: alpha})
}

// outline appends a square frame just outside a tile (so it never covers
// the map, whatever order a renderer draws in); dashed for reserve neurons.
func (s *Layered) outline(f *Frame, x, y, side float64, c Color, w float32, dashed bool) {
	h := float32(side/2) + w/2 + 0.5*float32(s.Scale)
	x0, y0, x1, y1 := float32(x)-h, float32(y)-h, float32(x)+h, float32(y)+h
	sides := [4][4]float32{{x0, y0, x1, y0}, {x1, y0, x1, y1}, {x1, y1, x0, y1}, {x0, y1, x0, y0}}
	for _, sd := range sides {
		if !dashed {
			// Each side runs past the corner by half the width, so corners close.
			dx, dy := sign32(sd[2]-sd[0])*w/2, sign32(sd[3]-sd[1])*w/2
			f.Lines = append(f.Lines, Line{sd[0] - dx, sd[1] - dy, sd[2] + dx, sd[3] + dy, w, c})
			continue
		}
		l := float32(math.Hypot(float64(sd[2]-sd[0]), float64(sd[3]-sd[1])))
		dash := 3 * float32(s.Scale)
		for t := float32(0); t < l; t += 2 * dash {
			e := min(t+dash, l)
			f.Lines = append(f.Lines, Line{sd[0] + (sd[2]-sd[0])*t/l, sd[1] + (sd[3]-sd[1])*t/l,
				sd[0] + (sd[2]-sd[0])*e/l, sd[1] + (sd[3]-sd[1])*e/l, w, c})
		}
	}
}

func sign32(v float32) float32 {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// barRoom is the gap, in CSS pixels, that a strength bar and its tick need
// under a tile.
const barRoom = 8

// Strength bars run on the strip's log scale: 0.002 at the left end, 5 at
// the right, the threshold a tick across.
const barLo, barHi = -2.69897, 0.69897 // log10(0.002), log10(5)

func barPos(st float64) float64 {
	return math.Min(1, math.Max(0, (math.Log10(math.Max(st, 0.002))-barLo)/(barHi-barLo)))
}

// bar appends a neuron's strength bar under its tile: the fill is its
// strength, blue above the threshold, grey below, the tick the threshold.
func (s *Layered) bar(f *Frame, n *ltile, side, alpha, thr float64) {
	u := s.Scale
	x0, y0, h := n.x-side/2, n.y+side/2+3*u, 3*u
	f.Rects = append(f.Rects, Rect{float32(x0), float32(y0), float32(side), float32(h), Color{1, 1, 1, 0.1 * float32(alpha)}})
	c := Positive
	if n.strength < thr {
		c = Reserve
		c.A = 0.6
	}
	c.A *= float32(alpha)
	f.Rects = append(f.Rects, Rect{float32(x0), float32(y0), float32(math.Max(side*barPos(n.strength), 1*u)), float32(h), c})
	tx := x0 + side*barPos(thr)
	f.Rects = append(f.Rects, Rect{float32(tx - 0.75*u), float32(y0 - 1.5*u), float32(1.5 * u), float32(h + 3*u),
		Color{Negative.R, Negative.G, Negative.B, 0.95 * float32(alpha)}})
}

// points appends the data on the big map as TensorFlow Playground draws
// it, small enough that the map's colours stay readable between the
// points: a training point is a small dot of its label's colour with a
// thin light edge, a test point a faint light ring around the map's own
// colour there, hollow (two filled discs: a renderer draws those in 4
// quads, a hollow ring in 24).
func (s *Layered) points(f *Frame, g lgeom) {
	gr := &s.g
	u := float32(s.Scale)
	half := float64(gr.Half)
	if half <= 0 {
		return
	}
	r := float32(math.Max(2*s.Scale, math.Min(3.5*s.Scale, g.ms/110)))
	edge := Color{1, 1, 1, 0.85}
	ring := Color{1, 1, 1, 0.45}
	res := gr.OutRes
	for _, p := range gr.Points {
		px := g.mx + (float64(p.X)+half)/(2*half)*g.ms
		py := g.my + (half-float64(p.Y))/(2*half)*g.ms
		if px < g.mx || px > g.mx+g.ms || py < g.my || py > g.my+g.ms {
			continue
		}
		if p.Test {
			inner := mapZero
			if res > 0 && len(gr.OutMap) >= res*res {
				cx := min(res-1, max(0, int((px-g.mx)/g.ms*float64(res))))
				cy := min(res-1, max(0, int((py-g.my)/g.ms*float64(res))))
				inner = MapColor(gr.OutMap[cy*res+cx])
			}
			ro := r - 0.3*u
			f.Discs = append(f.Discs,
				Disc{X: float32(px), Y: float32(py), R: ro, Fill: ring, Ring: ring, RingW: 0},
				Disc{X: float32(px), Y: float32(py), R: ro - 1*u, Fill: inner, Ring: inner, RingW: 0})
		} else {
			f.Discs = append(f.Discs, Disc{X: float32(px), Y: float32(py), R: r, Fill: labelColor(p.Label), Ring: edge, RingW: 0.9 * u})
		}
	}
}

// labelColor is a point's colour: the class's (±1) or, for regression, the
// palette's colour of its value, saturated so it stands out on the map.
func labelColor(v float32) Color {
	switch {
	case v >= 1:
		return Positive
	case v <= -1:
		return Negative
	}
	c := Positive
	if v < 0 {
		c = Negative
	}
	return mix(Ink, c, float32(math.Min(1, math.Abs(float64(v)))))
}

// labels appends the column headers, the gains, the title, the losses
// and the legend.
func (s *Layered) labels(f *Frame, g lgeom, outX float64) {
	gr := &s.g
	u := s.Scale
	// A column's labels have the room to its nearest neighbour's centre
	// (neighbours growing in or going do not count, but such a column
	// counts them), so that a settled layer keeps its words while a layer
	// grows in or goes beside it; the overlap test below keeps the coming
	// or going one's words off them.
	transit := func(d int) bool {
		if d < 1 || d > len(s.cols) {
			return false
		}
		c := s.cols[d-1]
		return c.died > 0 || c.fresh && s.last-c.seen < BirthTime
	}
	room := func(d int) float64 {
		r := g.pitch
		for e := range g.colX {
			if e != d && (transit(d) || !transit(e)) {
				r = math.Min(r, math.Abs(g.colX[e]-g.colX[d]))
			}
		}
		return r - 8*u
	}
	// Every hidden layer's header speaks in one wording (the longest that
	// every settled layer's fits in the room it will have once the columns
	// settle), so that a row of headers reads as one sequence and a birth
	// elsewhere does not make the others change their words. Labels are
	// then placed in order of rank (the settled layers', the input's and
	// output's, then layers growing in, then those going), each where it
	// fits its room now and runs into no label already placed, or left
	// out: a layer that goes stays in place while the others close up over
	// it, and its last words must not cover theirs.
	type cand struct {
		x, y  float64
		texts []string
		c     Color
		room  float64
		rank  int
		// Where centred text runs into a neighbour's, an end column's may
		// instead end at its tile's outer edge (edge, with align), running
		// out into the margin.
		edge  float64
		align int
	}
	var cands []cand
	add := func(d int, x, y float64, texts []string, c Color, rank int) {
		cands = append(cands, cand{x, y, texts, c, room(d), rank, 0, 0})
	}
	heads := func(k, n int) []string {
		return []string{
			fmt.Sprintf("layer %d · %d %s", k, n, plural(n, "neuron")),
			fmt.Sprintf("layer %d · %d", k, n),
			fmt.Sprintf("L%d · %d", k, n),
			fmt.Sprintf("%d", n),
		}
	}
	gains := func(m float32) []string { return []string{"gain " + gainText(m), "×" + gainText(m)} }
	settled, weights := 2, 0.0
	for _, c := range s.cols {
		if c.died == 0 {
			settled++
		}
		weights += c.w
	}
	settledRoom := g.pitch*(weights+2)/float64(settled) - 8*u
	level := 0 // into heads' wordings
	for _, c := range s.cols {
		if c.died > 0 {
			continue
		}
		for level < 3 && TextWidth(heads(c.k, c.n)[level])*u > settledRoom {
			level++
		}
	}
	// The gains likewise, or none where one would not fit: a lone gain
	// under one layer of many would read as that layer's alone.
	glevel := 0
	for _, c := range s.cols {
		for c.died == 0 && c.wired && glevel < 2 && TextWidth(gains(c.mult)[glevel])*u > settledRoom {
			glevel++
		}
	}
	for ci, c := range s.cols {
		a, rank := float32(1), 0
		if c.fresh && s.last-c.seen < BirthTime {
			a, rank = float32(math.Max(0, s.last-c.seen)/BirthTime), 2
			if !moving() {
				a = 1
			}
		}
		if c.died > 0 {
			// A gone layer's labels fade in place, quickly, with what they
			// last said (with reduced motion they stay until it goes).
			a, rank = float32(1-math.Min(1, (s.last-c.died)/(DeathTime/3))), 3
			if !moving() {
				a = 1
			}
		}
		if a <= 0 {
			continue
		}
		hc := Color{Ink.R, Ink.G, Ink.B, a}
		if c.wired && math.Abs(float64(c.mult)) < float64(gr.Threshold) {
			// A layer whose gain is below the threshold is in reserve: its
			// labels are dimmed, as a reserve neuron's tile is.
			hc = Color{Dim.R, Dim.G, Dim.B, a}
		}
		add(ci+1, c.x, g.headY, heads(c.k, c.n)[level:level+1], hc, rank)
		if c.wired && glevel < 2 {
			// (A layer that does not feed the output, as in a plain chain,
			// has no gain to show.)
			add(ci+1, c.x, c.bottom+16*u, gains(c.mult)[glevel:glevel+1], hc, rank)
		}
	}
	// The input and output columns have no neighbour on their outer side:
	// their labels may take up to twice the room (the overlap test below
	// still keeps them off their one neighbour's), so that "out" stays
	// when a deep network packs its columns.
	add(0, g.colX[0], g.headY, []string{"input", "in"}, Dim, 1)
	add(len(g.colX)-1, outX, g.headY, []string{"output", "out"}, Dim, 1)
	in, out := &cands[len(cands)-2], &cands[len(cands)-1]
	in.room, in.edge, in.align = 2*in.room+8*u, g.colX[0]+g.tiles[0]/2, -1
	out.room, out.edge, out.align = 2*out.room+8*u, outX-g.tiles[len(g.tiles)-1]/2, 1
	slices.SortStableFunc(cands, func(a, b cand) int { return a.rank - b.rank })
	placed := len(f.Labels)
	for _, c := range cands {
	texts:
		for _, t := range c.texts {
			if TextWidth(t)*u > c.room {
				continue
			}
			ls := []Label{{float32(c.x), float32(c.y), t, c.c, 0, RoleValue}}
			if c.align != 0 {
				ls = append(ls, Label{float32(c.edge), float32(c.y), t, c.c, c.align, RoleValue})
			}
		tries:
			for _, l := range ls {
				for _, p := range f.Labels[placed:] {
					if math.Abs(float64(l.Y-p.Y)) < 14*u && overlaps(l, p, u, 6*u) {
						continue tries
					}
				}
				f.Labels = append(f.Labels, l)
				break texts
			}
		}
	}

	// The title, across the top.
	n := gr.N()
	prefix := ""
	if s.Name != "" {
		prefix = s.Name + ":  "
	}
	width := s.W - 2*TextEdge*u
	title := ""
	for _, t := range []string{
		fmt.Sprintf("%d hidden %s in %d %s  ·  cycle %d", n, plural(n, "neuron"), len(gr.Layers), plural(len(gr.Layers), "layer"), gr.Cycle),
		fmt.Sprintf("%d %s, %d %s · cycle %d", n, plural(n, "neuron"), len(gr.Layers), plural(len(gr.Layers), "layer"), gr.Cycle),
		fmt.Sprintf("%d %s · cycle %d", n, plural(n, "neuron"), gr.Cycle),
		fmt.Sprintf("%d %s", n, plural(n, "neuron")),
	} {
		if title = prefix + t; TextWidth(title)*u <= width {
			break
		}
	}
	f.Labels = append(f.Labels, Label{float32(s.W / 2), float32(16 * u), title, Ink, 0, RoleTitle})

	// The losses, under the map.
	// Under the map, or across the cell when stacked.
	mw := g.ms + 28*u
	if g.tall {
		mw = width
	}
	loss := ""
	for _, t := range []string{
		fmt.Sprintf("train loss %.3f   test loss %.3f", gr.Loss, gr.TestLoss),
		fmt.Sprintf("train %.3f · test %.3f", gr.Loss, gr.TestLoss),
		fmt.Sprintf("%.3f / %.3f", gr.Loss, gr.TestLoss),
	} {
		if loss = t; TextWidth(t)*u <= mw {
			break
		}
	}
	f.Labels = append(f.Labels, Label{float32(g.mx + g.ms/2), float32(g.lossY), loss, Ink, 0, RoleValue})

	if g.legendY > 0 {
		thr := fmt.Sprintf("T_D = %.2f", gr.Threshold)
		lines := [][]string{
			{"each square: a neuron's output over the plane, orange −1, blue +1",
				"each square: a neuron's output, orange −1, blue +1", "orange −1, blue +1"},
			{"bar: its strength (log scale), tick: threshold " + thr + "; dashed: reserve",
				"bar: strength, tick: " + thr + "; dashed: reserve", "bar: strength, tick: " + thr},
			{"gain: the layer's multiplier on its output; below T_D it is the reserve layer",
				"gain: the layer's multiplier on its output (below T_D: reserve)",
				"gain: layer's output multiplier (below T_D: reserve)", "gain: layer's output multiplier"},
		}
		for i, texts := range lines {
			for _, t := range texts {
				if TextWidth(t)*u <= g.legW {
					f.Labels = append(f.Labels, Label{float32(g.legX), float32(g.legendY + float64(i)*18*u), t, Dim, 0, RoleCaption})
					break
				}
			}
		}
	}
}

// overlaps reports whether the estimated boxes of a and b, widened by pad,
// overlap across.
func overlaps(a, b Label, scale, pad float64) bool {
	span := func(l Label) (float64, float64) {
		tw := TextWidth(l.Text) * scale
		x := float64(l.X) - tw*float64(1-l.Align)/2
		return x - pad/2, x + tw + pad/2
	}
	a0, a1 := span(a)
	b0, b1 := span(b)
	return a0 < b1 && b0 < a1
}

// labelSpan returns the left and right ends of a label's estimated box
// (TextWidth at scale), from its anchor and alignment.
func labelSpan(l Label, scale float64) (left, right float64) {
	tw := TextWidth(l.Text) * scale
	left = float64(l.X)
	switch l.Align {
	case 0:
		left -= tw / 2
	case -1:
		left -= tw
	}
	return left, left + tw
}

// keepInside moves every label so that its estimated box (TextWidth) lies
// inside the cell with TextEdge to spare: the page's text layer would clip
// it at the canvas, but inside a race's cell it would run into the next.
func keepInside(f *Frame, w, h, scale float64) {
	edge := TextEdge * scale
	half := TextSize * scale * 0.6
	for i := range f.Labels {
		l := &f.Labels[i]
		left, right := labelSpan(*l, scale)
		tw := right - left
		if d := edge - left; d > 0 {
			l.X += float32(d)
		} else if d := w - edge - (left + tw); d < 0 {
			l.X += float32(math.Max(d, edge-left))
		}
		l.Y = float32(math.Max(edge+half, math.Min(h-edge-half, float64(l.Y))))
	}
}
