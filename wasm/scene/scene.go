// Package scene turns graph snapshots into what the demo page draws: where
// every node sits, how big and bright it is, every connection's width and
// colour, and the labels, with the animation in between (layouts ease to
// their new shape, new neurons grow in glowing, deleted ones shrink and
// fade). It knows nothing of Ebiten: the browser program (package main in
// wasm/) only renders the Frame it produces, so the whole look is tested
// natively.
package scene

import (
	"fmt"
	"math"
	"slices"
	"unicode/utf8"

	"github.com/diffstruct/diffstruct/wasm/pace"
	"github.com/diffstruct/diffstruct/wasm/wire"
)

// Animation timings, in seconds.
const (
	BirthTime = 1.2 // a new neuron grows in and glows
	DeathTime = 0.9 // a deleted neuron shrinks and fades
	EaseRate  = 5.0 // layout easing speed (1/s)
	// MaxRecurrent is the most recurrent connections drawn: beyond it only
	// the strongest are, and the faint ones recede.
	MaxRecurrent = 400
)

// Text, in CSS pixels: the renderer draws it at the device's resolution,
// whatever the drawing's.
const (
	TextSize = 14.0 // every label, caption and tooltip
	// CharWidth is a generous average advance of the font's characters, in
	// ems: the scene places text without measuring it.
	CharWidth = 0.6
	// TextEdge is the least room kept between text and the canvas's edge.
	TextEdge = 6.0
)

// TextWidth estimates the width of s in CSS pixels (generously).
func TextWidth(s string) float64 { return float64(utf8.RuneCountInString(s)) * CharWidth * TextSize }

// Color is a non-premultiplied colour with components in [0, 1].
type Color struct{ R, G, B, A float32 }

// Palette: the colours of the style drawn (SetStyle), DefaultPalette's
// until another style is set. Every text colour keeps a contrast of at
// least 4.5:1 (WCAG) against what is drawn behind it, in every palette
// (text_test.go measures it).
var (
	Background = DefaultPalette.Background
	Positive   = DefaultPalette.Positive // positive weights and activations
	Negative   = DefaultPalette.Negative // negative weights and activations
	NodeBase   = DefaultPalette.NodeBase
	Ink        = DefaultPalette.Ink       // labels
	Dim        = DefaultPalette.Dim       // secondary labels
	Highlight  = DefaultPalette.Highlight // the symbol being read, births
	Reserve    = DefaultPalette.Reserve   // reserve neurons' ghost ring
	// TipBackground is the tooltip's box, drawn over the graph.
	TipBackground = DefaultPalette.TipBackground
)

// Line is a straight connection.
type Line struct {
	X0, Y0, X1, Y1 float32
	Width          float32
	C              Color
}

// Disc is a node.
type Disc struct {
	X, Y, R float32
	Fill    Color   // A = 0 for a hollow node
	Ring    Color   // outline
	RingW   float32 // outline width
	Glow    float32 // 0..1, a halo (births, the active input)
}

// Role says what a label is for, so that a renderer can size it and a
// layout can leave it out without reading its text.
type Role uint8

// Label roles.
const (
	RoleValue   Role = iota // a number or symbol that changes: "a 25%", "T_D = 0.05"
	RoleTitle               // the cell's title: size and cycle (and the runner's name in a race)
	RoleCaption             // explanatory text that small cells leave out: "input", "prediction", the strip's legend
	RoleTooltip             // a line of the hover box
	RoleNote                // a message in place of the drawing ("waiting for the network...")
)

// Label is a line of text. Align is -1 (right-aligned at X), 0 (centred) or 1 (left).
type Label struct {
	X, Y  float32
	Text  string
	C     Color
	Align int
	Role  Role
}

// Rect is a filled rectangle.
type Rect struct {
	X, Y, W, H float32
	C          Color
}

// Frame is everything to draw, back to front: Rects, Lines, Maps, Discs, Labels.
type Frame struct {
	Rects  []Rect
	Lines  []Line
	Discs  []Disc
	Labels []Label
	// Maps are heat maps (the feed-forward view's), drawn after the lines
	// and before the discs, so points sit on a map and edges go under it.
	Maps []Map
	// Neurons is the number of hidden neurons drawn (alive or dying).
	Neurons int
	// Tooltip is the hovered neuron's description, "" if none; the box goes
	// beside the neuron centred at (TipX, TipY), at least TipR from its centre.
	Tooltip          string
	TipX, TipY, TipR float32
	// TipLeft asks for the box on the neuron's left when it fits there: the
	// keyboard's neuron on the ring's left half, whose box on the right
	// would cover its neighbours across the ring.
	TipLeft bool
	// Hover is the hovered neuron's id and HoverCell its network's index in
	// the run (-1 and 0 when none): a click there opens the inspector.
	Hover        int64
	HoverCell    int
	Cursor       int // the window position shown (-1 when none)
	Alive, Dying int // hidden neurons drawn alive, and dying
	// Cells describes each network drawn, in run order (one for a normal run).
	Cells []CellInfo
}

// CellInfo is what one cell of the view shows, for the page's tests and stats.
type CellInfo struct {
	Name    string `json:"name"`
	Neurons int    `json:"neurons"` // hidden neurons drawn alive
	Cycle   int64  `json:"cycle"`   // the cycle of the snapshot drawn, so the page shows the same moment

	// What the picture shows of each neuron, for the tour's test: the ids
	// drawn hollow (reserve) and solid.
	Hollow []uint32 `json:"hollow"`
	Solid  []uint32 `json:"solid"`
	// Spots are the living neurons' centres in the cell, in canvas pixels
	// (for tests that click a neuron).
	Spots []Spot `json:"spots"`
	// X, Y, W, H is the cell's box in canvas pixels.
	X, Y, W, H float64
}

// Spot is one neuron drawn: its id and centre.
type Spot struct {
	ID   uint32
	X, Y float64
}

type node struct {
	id       uint32
	index    int // in the snapshot, -1 once deleted
	x, y, r  float64
	tx, ty   float64
	strength float64
	born     int64 // cycle
	seen     float64
	died     float64 // time of deletion, 0 while alive
	fresh    bool    // appeared after the first snapshot: animate the birth
}

// Scene holds the animated state between frames.
type Scene struct {
	W, H  float64 // canvas size, in pixels
	Scale float64 // device pixels per CSS pixel (sizes scale with it)
	// Edges is the most recurrent connections drawn (0: MaxRecurrent); a
	// renderer that pays per pixel (software WebGL) draws fewer.
	Edges int
	// Name, when set, names the network in the title and the tooltip (a
	// race's cells); Compact leaves the captions out (small cells).
	Name    string
	Compact bool
	g       wire.Graph
	have    bool
	nodes   map[uint32]*node
	order   []*node // drawing order: by id
	cycle   int64
	cycAt   float64 // when the current cycle's snapshot arrived
	last    float64
	mouseX  float64
	mouseY  float64
	mouse   bool
	sel     Selection // the neuron the inspector shows, if any
	focusID int64     // the neuron the keyboard's focus ring is on (-1: none)
	abs     []float32 // scratch for cutoff
	buf     Frame     // the last frame's slices, reused
	cut     struct {  // the last cutoff: it changes with the snapshot, not the frame
		valid bool
		k     int
		v     float32
	}
}

// Selection is the neuron the page's inspector explains, with the
// connections it lists (session.Inspect decides them): the scene rings the
// neuron and draws those connections on top, in the highlight colour.
type Selection struct {
	ID      int64 // -1: none
	In, Out []Ref
}

// Ref is one end of a highlighted connection: an input or output symbol by
// index, or a hidden neuron by id.
type Ref struct {
	Neuron bool
	Symbol int
	ID     uint32
}

// Select sets the neuron the inspector shows (ID -1 for none).
func (s *Scene) Select(sel Selection) { s.sel = sel }

// New returns an empty scene of the given size.
func New(w, h, scale float64) *Scene {
	return &Scene{W: w, H: h, Scale: max(scale, 0.5), nodes: map[uint32]*node{}, cycle: -1, sel: Selection{ID: -1}, focusID: -1}
}

// Resize sets the canvas size.
func (s *Scene) Resize(w, h, scale float64) { s.W, s.H, s.Scale = w, h, max(scale, 0.5) }

// Mouse sets the pointer position (in canvas pixels); ok false when it left.
func (s *Scene) Mouse(x, y float64, ok bool) { s.mouseX, s.mouseY, s.mouse = x, y, ok }

// Push takes a new snapshot arriving at time now (seconds).
func (s *Scene) Push(b []byte, now float64) error {
	var g wire.Graph
	g.Alphabet, g.IDs, g.Strength, g.Born = s.g.Alphabet[:0:0], nil, nil, nil
	if err := g.Decode(b); err != nil {
		return err
	}
	first := !s.have
	s.g, s.have = g, true
	s.cut.valid = false
	if g.Cycle != s.cycle {
		s.cycle, s.cycAt = g.Cycle, now
	}
	live := make(map[uint32]bool, g.N())
	for i, id := range g.IDs {
		live[id] = true
		n, ok := s.nodes[id]
		if !ok || n.died > 0 {
			n = &node{id: id, seen: now, fresh: !first}
			s.nodes[id] = n
		}
		n.index, n.strength, n.born = i, float64(g.Strength[i]), g.Born[i]
	}
	for id, n := range s.nodes {
		if !live[id] && n.died == 0 {
			n.died, n.index = now, -1
		}
	}
	s.layout(first)
	return nil
}

// Has reports whether a snapshot has arrived.
func (s *Scene) Has() bool { return s.have }

// geometry of the current canvas.
type geom struct {
	inX, outX, top, bottom float64 // columns and graph area
	cx, cy, ring, nodeR    float64
	stripY, stripH         float64
	pad                    float64
}

func (s *Scene) geom(n int) geom {
	u := s.Scale
	var g geom
	g.pad = 14 * u
	g.stripH = math.Max(70*u, math.Min(130*u, s.H*0.2))
	g.stripY = s.H - g.stripH - 6*u
	g.top, g.bottom = 34*u, g.stripY-22*u
	// The columns leave room for their symbols' labels (a node of at most
	// 16 px, a 6 px gap, the label, the edge).
	in, out := s.symbolRoom()
	g.inX, g.outX = math.Max(56, TextEdge+in+22)*u, s.W-math.Max(56, TextEdge+out+22)*u
	g.cx, g.cy = s.W/2, (g.top+g.bottom)/2
	// The ring keeps a gap to the columns for the edges to fan out: 80 px,
	// less on a narrow canvas (a phone), where a fixed gap left the hidden
	// neurons a ring a few pixels across.
	span := g.outX - g.inX
	full := math.Max(20*u, math.Min(span/2-math.Min(80*u, span*0.15), (g.bottom-g.top)/2-16*u))
	// A few neurons get a smaller ring than many, but never one under 40 px
	// (on a phone the scaled ring left six neurons a few pixels each).
	g.ring = math.Min(full, math.Max(40*u, full*math.Min(1, math.Max(0.3, math.Sqrt(float64(n))/7))))
	if n <= 1 {
		g.ring = 0
	}
	circ := 2 * math.Pi * g.ring
	g.nodeR = 14 * u
	if n > 1 {
		g.nodeR = math.Max(3*u, math.Min(14*u, circ/float64(n)*0.36))
	}
	return g
}

// symbolRoom returns the widths (CSS px) of the widest input label and the
// widest prediction label.
func (s *Scene) symbolRoom() (in, out float64) {
	for _, r := range s.g.Alphabet {
		in = math.Max(in, TextWidth(symbolText(r)))
		out = math.Max(out, TextWidth(symbolText(r)+" 100%"))
	}
	return in, out
}

// layout sets every living node's target; with jump the nodes go there at once.
func (s *Scene) layout(jump bool) {
	s.order = s.order[:0]
	for _, n := range s.nodes {
		s.order = append(s.order, n)
	}
	slices.SortFunc(s.order, func(a, b *node) int { return int(int64(a.id) - int64(b.id)) })
	alive := 0
	for _, n := range s.order {
		if n.died == 0 {
			alive++
		}
	}
	g := s.geom(alive)
	k := 0
	for _, n := range s.order {
		if n.died > 0 {
			continue
		}
		a := -math.Pi/2 + 2*math.Pi*float64(k)/float64(max(alive, 1))
		n.tx, n.ty = g.cx+g.ring*math.Cos(a), g.cy+g.ring*math.Sin(a)
		if jump || n.fresh && n.x == 0 && n.y == 0 {
			n.x, n.y = n.tx, n.ty
		}
		k++
	}
}

// symbolY returns the vertical position of symbol k of v in a column.
func (s *Scene) symbolY(g geom, k, v int) float64 {
	step := math.Min(46*s.Scale, (g.bottom-g.top)/float64(max(v, 1)))
	return g.cy + (float64(k)-float64(v-1)/2)*step
}

// strengthRadius maps a strength to a node radius: the threshold is at
// 60% of the full size; stronger neurons grow (slowly), weaker shrink.
func strengthRadius(strength, threshold, full float64) float64 {
	x := math.Sqrt(math.Max(strength, 0) / math.Max(threshold, 1e-9))
	return full * math.Max(0.28, math.Min(1.0, 0.6*math.Pow(x, 0.5)))
}

// Cursor returns the window position the view shows at time now (see
// pace.Cursor), timed from when the window arrived.
func (s *Scene) Cursor(now float64) int {
	if !s.have {
		return -1
	}
	return pace.Cursor(float64(s.g.Rate), s.g.W(), s.cycAt, now)
}

// Frame advances the animation to time now (seconds) and returns what to
// draw, valid until the next call (its slices are reused).
func (s *Scene) Frame(now float64) Frame {
	f := Frame{Rects: s.buf.Rects[:0], Lines: s.buf.Lines[:0], Discs: s.buf.Discs[:0], Labels: s.buf.Labels[:0], Cells: s.buf.Cells[:0]}
	f.Hover = -1
	defer func() { s.buf = f }()
	dt := math.Max(0, math.Min(now-s.last, 0.25))
	s.last = now
	f.Cursor = -1
	if !s.have {
		return f
	}
	g, gr := s.geom(s.g.N()), &s.g
	n, v := gr.N(), gr.V()
	u := float32(s.Scale)
	ease := 1 - math.Exp(-dt*EaseRate)
	if !moving() { // reduced motion: the new layout at once
		ease = 1
	}
	for id, nd := range s.nodes {
		if nd.died > 0 && now-nd.died > DeathTime {
			delete(s.nodes, id)
			continue
		}
		nd.x += (nd.tx - nd.x) * ease
		nd.y += (nd.ty - nd.y) * ease
	}
	s.order = s.order[:0]
	for _, nd := range s.nodes {
		s.order = append(s.order, nd)
	}
	slices.SortFunc(s.order, func(a, b *node) int { return int(int64(a.id) - int64(b.id)) })

	t := s.Cursor(now)
	f.Cursor = t
	var hidden, probs []float32
	input, target := -1, -1
	if t >= 0 {
		hidden = gr.Hidden[(t+1)*n : (t+2)*n]
		probs = gr.Probs[t*v : (t+1)*v]
		input = int(gr.Inputs[t])
		target = int(gr.Next)
		if t+1 < gr.W() {
			target = int(gr.Inputs[t+1])
		}
	}
	inPos := func(k int) (float32, float32) { return float32(g.inX), float32(s.symbolY(g, k, v)) }
	outPos := func(k int) (float32, float32) { return float32(g.outX), float32(s.symbolY(g, k, v)) }

	// Connections: each group scaled by its largest weight, faint ones dropped.
	byIndex := make([]*node, n)
	for _, nd := range s.order {
		if nd.index >= 0 && nd.index < n {
			byIndex[nd.index] = nd
		}
	}
	edge := func(x0, y0, x1, y1 float32, w, scale float32, boost float32) {
		a := float32(math.Abs(float64(w))) / scale
		if a < 0.04 {
			return
		}
		a = min(a, 1)
		c := Positive
		if w < 0 {
			c = Negative
		}
		c.A = min(1, (0.08+0.62*a)*boost)
		f.Lines = append(f.Lines, Line{x0, y0, x1, y1, (0.5 + 2.5*a) * u, c})
	}
	scale := func(ws []float32) float32 {
		m := float32(1e-6)
		for _, x := range ws {
			m = max(m, float32(math.Abs(float64(x))))
		}
		return m * 0.8
	}
	sIn, sRec, sOut := scale(gr.WxhT), scale(gr.Whh), scale(gr.Why)
	edges := MaxRecurrent
	if s.Edges > 0 {
		edges = s.Edges
	}
	cut := s.cutoff(gr.Whh, edges)
	for i := 0; i < n; i++ {
		to := byIndex[i]
		if to == nil {
			continue
		}
		for j := 0; j < n; j++ {
			from := byIndex[j]
			if from == nil || i == j || float32(math.Abs(float64(gr.Whh[i*n+j]))) < cut {
				continue
			}
			// Offset each direction sideways so i->j and j->i stay apart.
			dx, dy := to.x-from.x, to.y-from.y
			l := math.Hypot(dx, dy)
			if l < 1 {
				continue
			}
			ox, oy := float32(-dy/l*1.2)*u, float32(dx/l*1.2)*u
			edge(float32(from.x)+ox, float32(from.y)+oy, float32(to.x)+ox, float32(to.y)+oy, gr.Whh[i*n+j], sRec, 0.75)
		}
	}
	for k := 0; k < v; k++ {
		ix, iy := inPos(k)
		ox, oy := outPos(k)
		for j := 0; j < n; j++ {
			nd := byIndex[j]
			if nd == nil {
				continue
			}
			boost := float32(1)
			if k == input {
				boost = 1.6
			}
			edge(ix, iy, float32(nd.x), float32(nd.y), gr.WxhT[k*n+j], sIn, boost)
			edge(float32(nd.x), float32(nd.y), ox, oy, gr.Why[k*n+j], sOut, 1)
		}
	}

	s.selected(&f, byIndex, inPos, outPos, u)

	// Hidden neurons.
	var hover, focus *node
	cell := CellInfo{Name: s.Name, Cycle: gr.Cycle, Hollow: []uint32{}, Solid: []uint32{}}
	bestD := math.Inf(1)
	for _, nd := range s.order {
		full := g.nodeR
		r := strengthRadius(nd.strength, float64(gr.Threshold), full)
		alpha := float32(1)
		glow := float32(0)
		if nd.fresh {
			if age := now - nd.seen; age < BirthTime {
				p := age / BirthTime
				if moving() {
					r *= easeOut(p)
					glow = float32(1 - p)
				} else {
					glow = 1 // reduced motion: full size, a steady ring, no halo
				}
			}
		}
		if nd.died > 0 {
			p := math.Min(1, (now-nd.died)/DeathTime)
			if moving() {
				r *= 1 - p
				alpha = float32(1 - p)
			} else {
				alpha = 0.6 // reduced motion: a steady, dimmed disc ringed in Negative until it goes
			}
			f.Dying++
		} else {
			f.Alive++
		}
		nd.r = r
		d := Disc{X: float32(nd.x), Y: float32(nd.y), R: float32(r), Glow: glow}
		if !moving() {
			d.Glow = 0
		}
		reserve := nd.strength < float64(gr.Threshold)
		act := float32(0)
		if nd.index >= 0 && hidden != nil {
			act = hidden[nd.index]
		}
		if nd.died == 0 {
			cell.Spots = append(cell.Spots, Spot{nd.id, nd.x, nd.y})
		}
		if nd.died == 0 && reserve {
			cell.Hollow = append(cell.Hollow, nd.id)
		} else if nd.died == 0 {
			cell.Solid = append(cell.Solid, nd.id)
		}
		if reserve && nd.died == 0 {
			// A ghost: hollow, with the threshold drawn as a dotted ring.
			d.Fill = Color{}
			d.Ring = Reserve
			d.Ring.A = 0.75 * alpha
			d.RingW = 1.5 * u
			f.Discs = append(f.Discs, d)
			tr := strengthRadius(float64(gr.Threshold), float64(gr.Threshold), full)
			s.dotted(&f, float32(nd.x), float32(nd.y), float32(tr), Color{Reserve.R, Reserve.G, Reserve.B, 0.45 * alpha}, u)
		} else {
			d.Fill = mix(NodeBase, actColor(act), float32(math.Abs(float64(act))))
			d.Fill.A = alpha
			br := float32(math.Min(1, 0.35+0.4*math.Log10(1+nd.strength/math.Max(float64(gr.Threshold), 1e-9))))
			d.Ring = Color{Ink.R, Ink.G, Ink.B, br * alpha}
			d.RingW = 1.6 * u
			if nd.died > 0 {
				d.Ring = Color{Negative.R, Negative.G, Negative.B, alpha}
			}
			f.Discs = append(f.Discs, d)
		}
		if glow > 0 {
			f.Discs[len(f.Discs)-1].Ring = Color{Highlight.R, Highlight.G, Highlight.B, 1}
			if !moving() { // reduced motion: no halo, so a ring twice as wide tells a birth
				f.Discs[len(f.Discs)-1].RingW = 3.2 * u
			}
		}
		if int64(nd.id) == s.sel.ID && nd.died == 0 { // the inspected neuron: a wide highlight ring
			f.Discs = append(f.Discs, Disc{X: float32(nd.x), Y: float32(nd.y), R: float32(r) + 4*u, Ring: Highlight, RingW: 2.5 * u})
		}
		if int64(nd.id) == s.focusID && nd.died == 0 { // the keyboard's focus: a ring outside that one
			focus = nd
			fr := float32(math.Max(r, 6*s.Scale)) + 9*u
			f.Discs = append(f.Discs, Disc{X: float32(nd.x), Y: float32(nd.y), R: fr, Ring: FocusRing, RingW: 2.5 * u})
		}
		if s.mouse && nd.died == 0 {
			if dd := math.Hypot(s.mouseX-nd.x, s.mouseY-nd.y); dd < math.Max(r, 6*s.Scale)+4*s.Scale && dd < bestD {
				hover, bestD = nd, dd
			}
		}
	}
	f.Neurons = f.Alive + f.Dying

	// Input and output nodes.
	symR := float32(math.Min(16*s.Scale, math.Max(6*s.Scale, (g.bottom-g.top)/float64(max(v, 1))*0.3)))
	for k := 0; k < v; k++ {
		x, y := inPos(k)
		d := Disc{X: x, Y: y, R: symR, Fill: NodeBase, Ring: Dim, RingW: 1.5 * u}
		if k == input {
			d.Fill, d.Ring, d.Glow = Highlight, Highlight, 0.6
			if !moving() {
				d.Glow = 0 // reduced motion: the symbol read is filled in Highlight, without a halo following it
			}
		}
		f.Discs = append(f.Discs, d)
		f.Labels = append(f.Labels, Label{x - symR - 6*u, y, symbolText(gr.Alphabet[k]), Ink, -1, RoleValue})
		x, y = outPos(k)
		d = Disc{X: x, Y: y, R: symR, Fill: NodeBase, Ring: Dim, RingW: 1.5 * u}
		if probs != nil {
			d.Fill = mix(NodeBase, Highlight, probs[k])
		}
		if k == target {
			d.Ring, d.RingW = Ink, 2.5*u
		}
		f.Discs = append(f.Discs, d)
		lbl := symbolText(gr.Alphabet[k])
		if probs != nil {
			lbl += fmt.Sprintf(" %2.0f%%", 100*probs[k])
		}
		f.Labels = append(f.Labels, Label{x + symR + 6*u, y, lbl, Ink, 1, RoleValue})
	}
	// The column headers stay inside the canvas; the title takes the longest
	// wording that fits between them (a compact cell has no headers).
	hy := float32(g.top) - 14*u
	wIn, wOut := TextWidth("input")*s.Scale, TextWidth("prediction")*s.Scale
	inC := math.Max(g.inX, TextEdge*s.Scale+wIn/2) // the headers' centres
	outC := math.Min(g.outX, s.W-TextEdge*s.Scale-wOut/2)
	room := 2*math.Min(g.cx-inC-wIn/2, outC-wOut/2-g.cx) - 16*s.Scale
	if s.Compact {
		room = s.W - 2*TextEdge*s.Scale
	}
	prefix := ""
	if s.Name != "" {
		prefix = s.Name + ":  "
	}
	title := ""
	for _, t := range []string{
		fmt.Sprintf("%d hidden %s  ·  cycle %d", f.Alive, plural(f.Alive, "neuron"), gr.Cycle),
		fmt.Sprintf("%d hidden %s · cycle %d", f.Alive, plural(f.Alive, "neuron"), gr.Cycle),
		fmt.Sprintf("%d %s · cycle %d", f.Alive, plural(f.Alive, "neuron"), gr.Cycle),
		fmt.Sprintf("%d hidden %s", f.Alive, plural(f.Alive, "neuron")),
		fmt.Sprintf("%d %s", f.Alive, plural(f.Alive, "neuron")),
	} {
		if title = prefix + t; TextWidth(title)*s.Scale <= room {
			break
		}
	}
	if !s.Compact {
		f.Labels = append(f.Labels,
			Label{float32(inC), hy, "input", Dim, 0, RoleCaption},
			Label{float32(outC), hy, "prediction", Dim, 0, RoleCaption})
	}
	f.Labels = append(f.Labels, Label{float32(g.cx), hy, title, Ink, 0, RoleTitle})

	s.strip(&f, g)
	tip := hover
	if tip == nil { // the keyboard's neuron gets the pointer's box (a click still needs the pointer on one)
		tip = focus
	}
	if tip != nil {
		age := gr.Cycle - tip.born
		kind := "active"
		if tip.strength < float64(gr.Threshold) {
			kind = "reserve (below threshold)"
		}
		f.Tooltip = fmt.Sprintf("neuron #%d  %s\nstrength %.4f (threshold %.2f)\nage %d cycles (born at cycle %d)",
			tip.id, kind, tip.strength, gr.Threshold, age, tip.born)
		if s.Name != "" {
			f.Tooltip = s.Name + "\n" + f.Tooltip
		}
		f.TipX, f.TipY, f.TipR = float32(tip.x), float32(tip.y), float32(tip.r+8*s.Scale)
		if tip == focus { // clear of the focus ring, and outside the ring
			f.TipR = float32(math.Max(tip.r, 6*s.Scale) + 13*s.Scale)
			f.TipLeft = tip.x < g.cx-1
		}
	}
	if hover != nil {
		f.Hover = int64(hover.id)
	}
	cell.Neurons = f.Alive
	f.Cells = append(f.Cells, cell)
	return f
}

// selected draws the inspected neuron's listed connections on top of the
// others, in the highlight colour.
func (s *Scene) selected(f *Frame, byIndex []*node, inPos, outPos func(int) (float32, float32), u float32) {
	if s.sel.ID < 0 {
		return
	}
	var me *node
	for _, nd := range byIndex {
		if nd != nil && int64(nd.id) == s.sel.ID {
			me = nd
		}
	}
	if me == nil {
		return
	}
	at := func(r Ref, in bool) (float32, float32, bool) {
		if !r.Neuron {
			if in {
				x, y := inPos(r.Symbol)
				return x, y, true
			}
			x, y := outPos(r.Symbol)
			return x, y, true
		}
		if nd := s.nodes[r.ID]; nd != nil && nd.died == 0 {
			return float32(nd.x), float32(nd.y), true
		}
		return 0, 0, false
	}
	c := Highlight
	c.A = 0.9
	for _, r := range s.sel.In {
		if x, y, ok := at(r, true); ok {
			f.Lines = append(f.Lines, Line{x, y, float32(me.x), float32(me.y), 2.5 * u, c})
		}
	}
	for _, r := range s.sel.Out {
		if x, y, ok := at(r, false); ok {
			f.Lines = append(f.Lines, Line{float32(me.x), float32(me.y), x, y, 2.5 * u, c})
		}
	}
}

// cutoff returns the magnitude below which weights are not drawn so that at
// most k of ws are.
func (s *Scene) cutoff(ws []float32, k int) float32 {
	if len(ws) <= k {
		return 0
	}
	if s.cut.valid && s.cut.k == k {
		return s.cut.v
	}
	s.abs = s.abs[:0]
	for _, w := range ws {
		s.abs = append(s.abs, float32(math.Abs(float64(w))))
	}
	slices.Sort(s.abs)
	s.cut.valid, s.cut.k, s.cut.v = true, k, s.abs[len(s.abs)-k]
	return s.cut.v
}

// strip draws every neuron's strength as a bar, on a log scale, with the
// deletion threshold as a labelled line.
func (s *Scene) strip(f *Frame, g geom) {
	gr := &s.g
	u := float32(s.Scale)
	x0, x1 := float32(g.inX), float32(g.outX)
	y0, h := float32(g.stripY), float32(g.stripH)
	f.Rects = append(f.Rects, Rect{x0, y0, x1 - x0, h, Color{1, 1, 1, 0.04}})
	lo, hi := math.Log10(0.002), math.Log10(5.0)
	yOf := func(st float64) float32 {
		p := (math.Log10(math.Max(st, 0.002)) - lo) / (hi - lo)
		return y0 + h - float32(math.Min(1, p))*h
	}
	alive := make([]*node, 0, len(s.order))
	for _, nd := range s.order {
		if nd.died == 0 {
			alive = append(alive, nd)
		}
	}
	if len(alive) > 0 {
		bw := min((x1-x0)/float32(len(alive)), 28*u)
		for i, nd := range alive {
			c := Positive
			if nd.strength < float64(gr.Threshold) {
				c = Reserve
				c.A = 0.5
			}
			top := yOf(nd.strength)
			f.Rects = append(f.Rects, Rect{x0 + float32(i)*bw + bw*0.15, top, max(bw*0.7, 1), y0 + h - top, c})
		}
	}
	ty := yOf(float64(gr.Threshold))
	f.Lines = append(f.Lines, Line{x0, ty, x1, ty, 1.5 * u, Color{Negative.R, Negative.G, Negative.B, 0.9}})
	// The captions shorten on narrow canvases (embedded lessons, phones) so
	// that they never overlap; the threshold's always shows.
	caps := [][2]string{
		{fmt.Sprintf("orange line: deletion threshold T_D = %.2f", gr.Threshold), "neuron strengths (log scale): below the line = reserve, may be deleted"},
		{fmt.Sprintf("orange line: threshold T_D = %.2f", gr.Threshold), "neuron strengths (log scale): below the line = reserve"},
		{fmt.Sprintf("T_D = %.2f", gr.Threshold), "strengths (log scale)"},
		{fmt.Sprintf("T_D = %.2f", gr.Threshold), ""},
	}
	if s.Compact {
		caps = caps[3:]
	}
	var thr, what string
	for _, c := range caps {
		thr, what = c[0], c[1]
		if float32((TextWidth(thr)+TextWidth(what)+24)*s.Scale) <= x1-x0 {
			break
		}
	}
	f.Labels = append(f.Labels, Label{x1, y0 - 11*u, thr, Negative, -1, RoleValue})
	if what != "" {
		f.Labels = append(f.Labels, Label{x0, y0 - 11*u, what, Dim, 1, RoleCaption})
	}
}

// dotted appends a dotted circle.
func (s *Scene) dotted(f *Frame, x, y, r float32, c Color, u float32) {
	const segs = 16
	for i := 0; i < segs; i++ {
		a0 := 2 * math.Pi * float64(i) / segs
		a1 := a0 + math.Pi/segs
		f.Lines = append(f.Lines, Line{
			x + r*float32(math.Cos(a0)), y + r*float32(math.Sin(a0)),
			x + r*float32(math.Cos(a1)), y + r*float32(math.Sin(a1)), 1 * u, c})
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

func easeOut(p float64) float64 { return 1 - (1-p)*(1-p)*(1-p) }

func actColor(a float32) Color {
	if a < 0 {
		return Negative
	}
	return Positive
}

func mix(a, b Color, t float32) Color {
	t = min(max(t, 0), 1)
	return Color{a.R + (b.R-a.R)*t, a.G + (b.G-a.G)*t, a.B + (b.B-a.B)*t, a.A + (b.A-a.A)*t}
}

// symbolText shows a symbol legibly: spaces and line breaks get a visible sign.
func symbolText(r rune) string {
	switch r {
	case ' ':
		return "space"
	case '\n':
		return "\\n"
	case '\t':
		return "\\t"
	}
	if r < 32 {
		return fmt.Sprintf("\\x%02x", r)
	}
	return string(r)
}
