package scene

import (
	"bytes"
	"fmt"
	"math"
	"slices"

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
// or goes fades its column's labels in or out.
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
	cols    []*lcolumn        // hidden layers' columns, dying ones too
	cycle   int64
	last    float64
	mouseX  float64
	mouseY  float64
	mouse   bool
	sel     Selection
	buf     Frame
}

// ltile is one hidden neuron's tile, eased between layouts.
type ltile struct {
	id           uint32
	layer, index int // in the snapshot; index -1 once deleted
	x, y, s      float64
	tx, ty, ts   float64
	strength     float64
	born         int64
	seen, died   float64 // arrival and deletion times (died 0 while alive)
	fresh        bool    // appeared after the first snapshot: animate the birth
	pix          []byte  // its map (kept after deletion, for the fade)
	ver          uint64
	shown        float64 // the side drawn in the last frame (for hovering)
}

// lcolumn is one hidden layer's column: its labels ease and fade with it.
type lcolumn struct {
	key        [2]int64 // the layer's birth cycle and its rank among layers born then
	index      int      // in the snapshot, -1 once gone
	k, n       int      // its number (from 1) and width in the last snapshot that had it
	mult       float32  // and its multiplier there
	x, tx      float64
	bottom, tb float64 // the lowest tile's bottom edge, for the multiplier's label
	seen, died float64
	fresh      bool
}

// NewLayered returns an empty layered scene of the given size.
func NewLayered(w, h, scale float64) *Layered {
	return &Layered{W: w, H: h, Scale: max(scale, 0.5), nodes: map[uint32]*ltile{}, cycle: -1, sel: Selection{ID: -1}}
}

// Resize sets the cell's size.
func (s *Layered) Resize(w, h, scale float64) {
	s.W, s.H, s.Scale = w, h, max(scale, 0.5)
	if s.have {
		s.layout(true)
	}
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
	if first || old.Res != g.Res || !bytes.Equal(old.OutMap, g.OutMap) {
		s.outVer = s.ver
	}
	live := make(map[uint32]bool, g.N())
	for li := range g.Layers {
		l := &g.Layers[li]
		for j, id := range l.IDs {
			live[id] = true
			n, ok := s.nodes[id]
			if !ok || n.died > 0 {
				n = &ltile{id: id, seen: now, fresh: !first}
				s.nodes[id] = n
			}
			if n.pix == nil || old.Res != g.Res || !bytes.Equal(n.pix, l.Maps[j]) {
				n.ver = s.ver
			}
			n.layer, n.index, n.strength, n.born, n.pix = li, j, float64(l.Strength[j]), l.Born[j], l.Maps[j]
		}
	}
	for id, n := range s.nodes {
		if !live[id] && n.died == 0 {
			n.died, n.index = now, -1
		}
	}
	// Columns: a layer is known by its birth cycle and its rank among the
	// layers born in the same cycle (a network's first layers all are).
	seen := map[[2]int64]bool{}
	rank := map[int64]int64{}
	for li, l := range g.Layers {
		key := [2]int64{l.Born0, rank[l.Born0]}
		rank[l.Born0]++
		seen[key] = true
		var c *lcolumn
		for _, k := range s.cols {
			if k.key == key && k.died == 0 {
				c = k
			}
		}
		if c == nil {
			c = &lcolumn{key: key, seen: now, fresh: !first}
			s.cols = append(s.cols, c)
		}
		c.index, c.k, c.n, c.mult = li, li+1, len(l.IDs), l.Multiplier
	}
	for _, c := range s.cols {
		if !seen[c.key] && c.died == 0 {
			c.died, c.index = now, -1
		}
	}
	s.layout(first)
	return nil
}

// lgeom is where a layered cell puts its parts, in cell pixels.
type lgeom struct {
	u        float64
	tall     bool    // phone-shaped: the output map above the columns
	top, bot float64 // the room for the columns (tiles only)
	cy       float64 // the columns' centre line
	headY    float64 // the column headers' line
	// Per column (features, each hidden layer, output): its centre, its
	// tiles' side, the gap between them and whether the gap holds the
	// tiles' marks (a feature's name, a neuron's strength bar). A wide
	// layer gets smaller tiles than a narrow one, so a layer of 16 does
	// not shrink the features to specks.
	colX, tiles, gaps []float64
	marks             []bool
	mx, my, ms        float64 // the output map's corner and side
	lossY             float64 // the loss line under the map
	legendY           float64 // the legend's first line (0: none)
	legX, legW        float64 // the legend's centre and room: under the columns
	pitch             float64 // between columns
}

// geom lays the cell out for the current snapshot's columns.
func (s *Layered) geom() lgeom {
	u := s.Scale
	g := lgeom{u: u}
	pad := 14 * u
	titleH := 34 * u
	g.legendY = 0
	bottom := s.H - 8*u
	if !s.Compact {
		g.legendY = s.H - 32*u // two lines
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
		g.bot = bottom - 20*u  // the multipliers' line below the lowest tile
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
		hb = math.Max(hb, g.height(c, s.colLen(c)))
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
	return g
}

// height is the height of column c holding n tiles.
func (g *lgeom) height(c, n int) float64 {
	return float64(n)*g.tiles[c] + float64(max(n-1, 0))*g.gaps[c]
}

// colLen is the number of tiles in column c of the current snapshot.
func (s *Layered) colLen(c int) int {
	switch {
	case c == 0:
		return len(s.g.Features)
	case c <= len(s.g.Layers):
		return len(s.g.Layers[c-1].IDs)
	}
	return 1
}

// columns places the columns between x0 and x1 and sizes the tiles so
// that the fullest column fits between g.top and g.bot and the edges keep
// at least a tile's width between columns.
func (s *Layered) columns(g *lgeom, x0, x1 float64) {
	u := g.u
	gr := &s.g
	nc := len(gr.Layers) + 2
	g.pitch = (x1 - x0) / float64(nc)
	g.colX = make([]float64, nc)
	for i := range g.colX {
		g.colX[i] = x0 + g.pitch*(float64(i)+0.5)
	}
	span := math.Max(g.bot-g.top, 10*u)
	// fit is the largest tile that stacks n high in the span with gaps of
	// at least minGap (and 0.3 tiles); where even that leaves under 6 px
	// (a tiny race cell), the tiles take 70% of their rows and the gaps
	// lose what they held.
	fit := func(n int, minGap float64) float64 {
		if n <= 0 {
			return math.Inf(1)
		}
		k := float64(n)
		if t := math.Min((span-(k-1)*minGap)/k, span/(k+0.3*(k-1))); t >= 6*u {
			return t
		}
		return 0.7 * span / k
	}
	t0 := math.Min(72*u, g.pitch*0.5)
	g.tiles, g.gaps, g.marks = make([]float64, nc), make([]float64, nc), make([]bool, nc)
	for c := range nc {
		n := s.colLen(c)
		minGap, markGap := 9*u, 7*u // a strength bar under each neuron
		if c == 0 {
			minGap, markGap = 20*u, 16*u // a name under each feature
		}
		t := math.Min(t0, fit(n, minGap))
		gap := math.Max(minGap, 0.3*t)
		if n > 1 {
			// Never so wide that the column overflows the span.
			gap = math.Min(gap, (span-float64(n)*t)/float64(n-1))
		}
		g.tiles[c], g.gaps[c], g.marks[c] = t, gap, gap >= markGap
	}
}

// colY returns the centre of tile k of n in column c, the column centred
// on g.cy.
func (g *lgeom) colY(c, k, n int) float64 {
	return g.cy - g.height(c, n)/2 + g.tiles[c]/2 + float64(k)*(g.tiles[c]+g.gaps[c])
}

// layout sets every living tile's and column's target; with jump they go
// there at once.
func (s *Layered) layout(jump bool) {
	g := s.geom()
	for _, n := range s.nodes {
		if n.died > 0 {
			continue
		}
		l := &s.g.Layers[n.layer]
		n.tx = g.colX[n.layer+1]
		n.ty = g.colY(n.layer+1, n.index, len(l.IDs))
		n.ts = g.tiles[n.layer+1]
		if jump || n.fresh && n.s == 0 {
			n.x, n.y, n.s = n.tx, n.ty, n.ts
		}
	}
	for _, c := range s.cols {
		if c.died > 0 {
			continue
		}
		n := len(s.g.Layers[c.index].IDs)
		c.tx = g.colX[c.index+1]
		c.tb = g.colY(c.index+1, n-1, n) + g.tiles[c.index+1]/2
		if jump || c.fresh && c.x == 0 {
			c.x, c.bottom = c.tx, c.tb
		}
	}
}

// Frame advances the animation to time now (seconds) and returns what to
// draw, in cell pixels, valid until the next call (its slices are reused).
func (s *Layered) Frame(now float64) Frame {
	f := Frame{Rects: s.buf.Rects[:0], Lines: s.buf.Lines[:0], Discs: s.buf.Discs[:0], Labels: s.buf.Labels[:0],
		Cells: s.buf.Cells[:0], Maps: s.buf.Maps[:0]}
	f.Hover, f.Cursor = -1, -1
	defer func() { s.buf = f }()
	dt := math.Max(0, math.Min(now-s.last, 0.25))
	s.last = now
	if !s.have {
		return f
	}
	gr := &s.g
	g := s.geom()
	u := float32(s.Scale)
	thr := float64(gr.Threshold)
	ease := 1 - math.Exp(-dt*EaseRate)
	for id, n := range s.nodes {
		if n.died > 0 && now-n.died > DeathTime {
			delete(s.nodes, id)
			continue
		}
		n.x += (n.tx - n.x) * ease
		n.y += (n.ty - n.y) * ease
		n.s += (n.ts - n.s) * ease
	}
	s.cols = slices.DeleteFunc(s.cols, func(c *lcolumn) bool { return c.died > 0 && now-c.died > DeathTime })
	for _, c := range s.cols {
		c.x += (c.tx - c.x) * ease
		c.bottom += (c.tb - c.bottom) * ease
	}
	order := make([]*ltile, 0, len(s.nodes))
	for _, n := range s.nodes {
		order = append(order, n)
	}
	slices.SortFunc(order, func(a, b *ltile) int { return int(int64(a.id) - int64(b.id)) })

	// Each tile's drawn side and opacity: births grow in, deaths shrink.
	type look struct {
		side, alpha, glow float64
	}
	looks := make(map[*ltile]look, len(order))
	for _, n := range order {
		lk := look{side: n.s, alpha: 1}
		if n.fresh {
			if age := now - n.seen; age < BirthTime {
				p := age / BirthTime
				lk.side *= easeOut(p)
				lk.glow = 1 - p
			}
		}
		if n.died > 0 {
			p := math.Min(1, (now-n.died)/DeathTime)
			lk.side *= 1 - p
			lk.alpha = 1 - p
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

	// Weights: each layer's scaled by its largest, the faint ones left out.
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
	maxAbs := func(ws []float32) float32 {
		m := float32(1e-6)
		for _, x := range ws {
			m = max(m, float32(math.Abs(float64(x))))
		}
		return m * 0.8
	}
	prevN := len(gr.Features)
	for li, l := range gr.Layers {
		sc := maxAbs(l.W)
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
					x0, y0, a0 = from.x+lf.side/2, from.y, lf.alpha*math.Min(1, lf.side/math.Max(from.ts, 1e-9))
				}
				a1 := lt.alpha * math.Min(1, lt.side/math.Max(to.ts, 1e-9))
				edge(x0, y0, to.x-lt.side/2, to.y, l.W[i*prevN+k], sc, a0*a1)
			}
		}
		prevN = len(l.IDs)
	}
	var outs []float32
	for _, l := range gr.Layers {
		outs = append(outs, l.Out...)
	}
	so := maxAbs(outs)
	for li, l := range gr.Layers {
		for j, w := range l.Out {
			if j >= len(byIndex[li]) || byIndex[li][j] == nil {
				continue
			}
			n := byIndex[li][j]
			lk := looks[n]
			edge(n.x+lk.side/2, n.y, outX-ot/2, outY, w, so, lk.alpha*math.Min(1, lk.side/math.Max(n.ts, 1e-9)))
		}
	}

	// Feature tiles, each named under it.
	for k, name := range gr.Features {
		x, y := g.colX[0], featY(k)
		var v uint64
		if k < len(s.featVer) {
			v = s.featVer[k]
		}
		s.tileMap(&f, x, y, ft, gr.FeatMaps[k], mapKey(1, uint32(k)), v, 1)
		s.outline(&f, x, y, ft, Color{Dim.R, Dim.G, Dim.B, 0.5}, 1*u, false)
		if g.marks[0] && TextWidth(name)*s.Scale <= g.pitch-8*s.Scale {
			f.Labels = append(f.Labels, Label{float32(x), float32(y + ft/2 + 10*s.Scale), name, Ink, 0, RoleValue})
		}
	}

	// Hidden tiles, with their strength bars.
	var hover *ltile
	bestD := math.Inf(1)
	cell := CellInfo{Name: s.Name, Cycle: gr.Cycle, Hollow: []uint32{}, Solid: []uint32{}}
	for _, n := range order {
		lk := looks[n]
		if n.died > 0 {
			f.Dying++
		} else {
			f.Alive++
		}
		if lk.side <= 0.5 {
			continue
		}
		reserve := n.strength < thr
		alpha := lk.alpha
		if reserve {
			alpha *= 0.5 // a reserve neuron is a ghost of itself
		}
		s.tileMap(&f, n.x, n.y, lk.side, n.pix, mapKey(2, n.id), n.ver, float32(alpha))
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
		if c := n.layer + 1; c < len(g.marks)-1 && g.marks[c] {
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
	s.tileMap(&f, outX, outY, ot, gr.OutMap, mapKey(3, 0), s.outVer, 1)
	s.outline(&f, outX, outY, ot, Color{Ink.R, Ink.G, Ink.B, 0.6}, 1*u, false)
	// A faint guide from the small output to the big map says they are one
	// (side by side only: stacked, it would cross the headers).
	if !g.tall {
		f.Lines = append(f.Lines, Line{float32(outX + ot/2), float32(outY), float32(g.mx), float32(g.my + g.ms/2), 1 * u, Color{Dim.R, Dim.G, Dim.B, 0.12}})
	}
	f.Maps = append(f.Maps, Map{X: float32(g.mx), Y: float32(g.my), W: float32(g.ms), H: float32(g.ms), Pix: gr.OutMap, Res: gr.Res,
		Key: mapKey(4, 0), Version: s.outVer, Alpha: 1})
	s.outline(&f, g.mx+g.ms/2, g.my+g.ms/2, g.ms, Color{Dim.R, Dim.G, Dim.B, 0.6}, 1*u, false)
	s.points(&f, g)

	// Labels: headers, multipliers, title, losses, legend.
	s.labels(&f, g, outX)
	if hover != nil {
		kind := "active"
		if hover.strength < thr {
			kind = "reserve (below threshold)"
		}
		f.Tooltip = fmt.Sprintf("neuron #%d · layer %d  %s\nstrength %.4f (threshold %.2f)\nage %d cycles (born at cycle %d)",
			hover.id, hover.layer+1, kind, hover.strength, thr, gr.Cycle-hover.born, hover.born)
		if s.Name != "" {
			f.Tooltip = s.Name + "\n" + f.Tooltip
		}
		f.TipX, f.TipY, f.TipR = float32(hover.x), float32(hover.y), float32(hover.shown/2+8*s.Scale)
		f.Hover = int64(hover.id)
	}
	cell.Neurons = f.Alive
	f.Cells = append(f.Cells, cell)
	keepInside(&f, s.W, s.H, s.Scale)
	return f
}

// mapKey names a map of a cell: kind 1 a feature, 2 a hidden neuron (by
// id), 3 the small output tile, 4 the big output map. The view puts the
// cell's index in the top byte.
func mapKey(kind uint8, id uint32) uint64 { return uint64(kind)<<40 | uint64(id) }

// tileMap appends a square map of side side centred on (x, y).
func (s *Layered) tileMap(f *Frame, x, y, side float64, pix []byte, key, ver uint64, alpha float32) {
	f.Maps = append(f.Maps, Map{X: float32(x - side/2), Y: float32(y - side/2), W: float32(side), H: float32(side),
		Pix: pix, Res: s.g.Res, Key: key, Version: ver, Alpha: alpha})
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

// points appends the data on the big map: training points filled, test
// points outlined, each in its label's colour.
func (s *Layered) points(f *Frame, g lgeom) {
	gr := &s.g
	u := float32(s.Scale)
	half := float64(gr.Half)
	if half <= 0 {
		return
	}
	r := float32(math.Max(2.5*s.Scale, math.Min(4.5*s.Scale, g.ms/90)))
	edge := Color{Background.R, Background.G, Background.B, 0.9}
	for _, p := range gr.Points {
		px := g.mx + (float64(p.X)+half)/(2*half)*g.ms
		py := g.my + (half-float64(p.Y))/(2*half)*g.ms
		if px < g.mx || px > g.mx+g.ms || py < g.my || py > g.my+g.ms {
			continue
		}
		c := labelColor(p.Label)
		// Every point has a dark edge, so that it reads on a map of its own
		// colour: a training point is a disc of its label's colour, a test
		// point a ring of it around the map's own colour there (two filled
		// discs: a renderer draws those in 4 quads, a hollow ring in 24).
		if p.Test {
			inner := mapZero
			if res := gr.Res; res > 0 && len(gr.OutMap) >= res*res {
				cx := min(res-1, max(0, int((px-g.mx)/g.ms*float64(res))))
				cy := min(res-1, max(0, int((py-g.my)/g.ms*float64(res))))
				inner = MapColor(gr.OutMap[cy*res+cx])
			}
			f.Discs = append(f.Discs,
				Disc{X: float32(px), Y: float32(py), R: r + 0.5*u, Fill: c, Ring: edge, RingW: 1 * u},
				Disc{X: float32(px), Y: float32(py), R: r - 1.5*u, Fill: inner, Ring: edge, RingW: 0.8 * u})
		} else {
			f.Discs = append(f.Discs, Disc{X: float32(px), Y: float32(py), R: r, Fill: c, Ring: edge, RingW: 1 * u})
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

// labels appends the column headers, the multipliers, the title, the
// losses and the legend.
func (s *Layered) labels(f *Frame, g lgeom, outX float64) {
	gr := &s.g
	u := s.Scale
	room := g.pitch - 8*u
	// Column labels take the longest wording that fits their column, or
	// none where the columns are too narrow for any.
	fits := func(texts []string) string {
		for _, w := range texts {
			if TextWidth(w)*u <= room {
				return w
			}
		}
		return ""
	}
	header := func(x float64, texts []string, c Color) {
		if t := fits(texts); t != "" {
			f.Labels = append(f.Labels, Label{float32(x), float32(g.headY), t, c, 0, RoleValue})
		}
	}
	header(g.colX[0], []string{"input", "in"}, Dim)
	header(outX, []string{"output", "out"}, Dim)
	for _, c := range s.cols {
		a := float32(1)
		if c.fresh {
			a = float32(math.Min(1, (s.last-c.seen)/BirthTime))
		}
		if c.died > 0 {
			a = float32(1 - math.Min(1, (s.last-c.died)/DeathTime))
		}
		if a <= 0 {
			continue
		}
		// A gone layer's labels fade with what they last said.
		k, n, mult := c.k, c.n, c.mult
		ink := Color{Ink.R, Ink.G, Ink.B, a}
		hc, mc := ink, ink
		if float64(mult) < float64(gr.Threshold) {
			// A layer whose multiplier is below the threshold is in reserve:
			// its labels are dimmed, as a reserve neuron's tile is.
			hc, mc = Color{Dim.R, Dim.G, Dim.B, a}, Color{Dim.R, Dim.G, Dim.B, a}
		}
		header(c.x, []string{
			fmt.Sprintf("layer %d · %d %s", k, n, plural(n, "neuron")),
			fmt.Sprintf("layer %d · %d", k, n),
			fmt.Sprintf("L%d · %d", k, n),
			fmt.Sprintf("%d", n),
		}, hc)
		if t := fits([]string{fmt.Sprintf("×%.2g", mult)}); t != "" {
			f.Labels = append(f.Labels, Label{float32(c.x), float32(c.bottom + 16*u), t, mc, 0, RoleValue})
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

// keepInside moves every label so that its estimated box (TextWidth) lies
// inside the cell with TextEdge to spare: the page's text layer would clip
// it at the canvas, but inside a race's cell it would run into the next.
func keepInside(f *Frame, w, h, scale float64) {
	edge := TextEdge * scale
	half := TextSize * scale * 0.6
	for i := range f.Labels {
		l := &f.Labels[i]
		tw := TextWidth(l.Text) * scale
		left := float64(l.X)
		switch l.Align {
		case 0:
			left -= tw / 2
		case -1:
			left -= tw
		}
		if d := edge - left; d > 0 {
			l.X += float32(d)
		} else if d := w - edge - (left + tw); d < 0 {
			l.X += float32(math.Max(d, edge-left))
		}
		l.Y = float32(math.Max(edge+half, math.Min(h-edge-half, float64(l.Y))))
	}
}
