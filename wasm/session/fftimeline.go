package session

import (
	"slices"
	"sort"

	"github.com/diffstruct/diffstruct/wasm/wire"
)

// LayerCap bounds the layer additions and removals a feed-forward timeline
// keeps (the oldest go first).
const LayerCap = 1 << 12

// FFKeyStride is the feed-forward timeline's most cycles between two
// keyframes until they are first thinned: a cycle is one mini-batch, about
// a tenth of a recurrent cycle's time, while a snapshot computes every heat
// map (a millisecond or more), so keyframes every KeyStride cycles would
// cost more than the training.
const FFKeyStride = 1024

// LayerEvent is a hidden layer added to or removed from the growing
// feed-forward network.
type LayerEvent struct {
	Cycle int  `json:"c"`
	Layer int  `json:"l"` // its index, input side first, when added; before removal when removed
	Added bool `json:"a"`
}

// ffTimeline is a feed-forward run's structural history: the shared
// Timeline (every birth and death, each with its layer, and bounded
// keyframes of the run's encoded wire.Layered snapshots, the rivals
// included), and the layer additions and removals.
type ffTimeline struct {
	*Timeline
	layers []LayerEvent
	prev   map[int64]int16 // the main network's neurons and their layers after the last cycle recorded
	width  int             // its hidden layers then
}

// ffLayers returns the main network's neuron ids by layer (nil when m is
// not the feed-forward model).
func ffLayers(m Model) [][]int64 {
	fm, ok := m.(*ffModel)
	if !ok {
		return nil
	}
	n := fm.nets[0]
	out := make([][]int64, len(n.Widths()))
	for l := range out {
		out[l] = n.IDs(l)
	}
	return out
}

// ffDepth returns the main network's hidden layers (0 when m is not the
// feed-forward model), without copying anything: keep asks every cycle.
func ffDepth(m Model) int {
	if fm, ok := m.(*ffModel); ok {
		return fm.nets[0].Layers()
	}
	return 0
}

// startTimeline begins the run's history at its cycle now, with a keyframe.
func (l *Layered) startTimeline() {
	byLayer := ffLayers(l.m)
	var ids []int64
	prev := map[int64]int16{}
	for li, layer := range byLayer {
		for _, id := range layer {
			ids = append(ids, id)
			prev[id] = int16(li)
		}
	}
	tl := NewTimeline(l.m.Cycle(), ids, EventCap, KeyBudget)
	tl.stride = FFKeyStride
	l.tl = &ffTimeline{Timeline: tl, prev: prev, width: len(byLayer)}
	l.tl.Record(l.m.Cycle(), nil, nil, l.AppendGraph)
}

// keep records the last cycle's births, deaths and layer changes of the
// main network in the timeline, and a keyframe when one is due.
func (l *Layered) keep() {
	t := l.tl
	if t == nil {
		return
	}
	c := l.m.Cycle()
	var added, deleted []int64
	if a, d := l.m.Changed(); a+d > 0 || ffDepth(l.m) != t.width {
		byLayer := ffLayers(l.m)
		now := make(map[int64]int16, len(t.prev))
		for li, layer := range byLayer {
			for _, id := range layer {
				now[id] = int16(li)
				if _, ok := t.prev[id]; !ok {
					added = append(added, id)
				}
			}
		}
		for id := range t.prev {
			if _, ok := now[id]; !ok {
				deleted = append(deleted, id)
			}
		}
		slices.Sort(added)
		slices.Sort(deleted)
		old := t.prev
		layerOf := func(id int64) int16 {
			if x, ok := now[id]; ok {
				return x
			}
			return old[id]
		}
		force := len(byLayer) != t.width
		for t.width < len(byLayer) {
			t.addLayer(LayerEvent{Cycle: c, Layer: t.width, Added: true})
			t.width++
		}
		for t.width > len(byLayer) {
			t.width--
			t.addLayer(LayerEvent{Cycle: c, Layer: t.width})
		}
		t.prev = now
		t.RecordLayers(c, added, deleted, layerOf, force, l.AppendGraph)
		return
	}
	t.Record(c, nil, nil, l.AppendGraph)
}

// addLayer keeps e, dropping the oldest layer event beyond LayerCap.
func (t *ffTimeline) addLayer(e LayerEvent) {
	if len(t.layers) >= LayerCap {
		t.layers = slices.Delete(t.layers, 0, len(t.layers)/4)
	}
	t.layers = append(t.layers, e)
}

// Layers returns the layer additions and removals held (read-only).
func (t *ffTimeline) Layers() []LayerEvent { return t.layers }

// Bytes adds the layer events and the neuron map to the shared history's.
func (t *ffTimeline) Bytes() int {
	return t.Timeline.Bytes() + cap(t.layers)*24 + len(t.prev)*16
}

// Info is the history's extent and size, as the status carries it.
func (t *ffTimeline) Info() TimelineInfo {
	i := t.Timeline.Info()
	i.Bytes = t.Bytes()
	return i
}

// Timeline returns the run's structural history (read-only); nil before
// the run starts.
func (l *Layered) Timeline() *Timeline {
	if l.tl == nil {
		return nil
	}
	return l.tl.Timeline
}

// TimelineInfo returns the history's extent and size.
func (l *Layered) TimelineInfo() TimelineInfo {
	if l.tl == nil {
		c := l.m.Cycle()
		return TimelineInfo{Start: c, End: c}
	}
	return l.tl.Info()
}

// LayerEvents returns the layer additions and removals held (read-only).
func (l *Layered) LayerEvents() []LayerEvent {
	if l.tl == nil {
		return nil
	}
	return l.tl.layers
}

// At returns the feed-forward run as it was after cycle c (clamped to the
// history) and its snapshot encoded for the view: the networks' weights and
// maps from the latest keyframe at or before c (the moment's KeyCycle), the
// main network's neuron count and widths per layer replayed exact from the
// events, the losses from the charts' history. At the live cycle it is the
// run now. It changes nothing.
func (l *Layered) At(c int, dst []byte) (Moment, []byte) {
	first, last := l.tl.Range()
	c = min(max(c, first), last)
	if c == l.m.Cycle() {
		n := l.m.Numbers(0, false)
		return Moment{Cycle: c, Neurons: n.Neurons, Loss: n.Loss, Test: n.TestLoss, Widths: n.Widths, KeyCycle: c, Live: true}, l.AppendGraph(dst)
	}
	k := l.tl.KeyAt(c)
	m := Moment{Cycle: c, KeyCycle: k.Cycle}
	m.Loss, m.Test = l.lossesAt(c)
	parts, err := wire.SplitRunners(k.Data)
	if err != nil {
		return m, append(dst, k.Data...) // our own encoding: cannot happen
	}
	for i := range parts {
		var g wire.Layered
		if g.Decode(parts[i].Graph) != nil {
			continue
		}
		if i == 0 {
			m.Widths = l.widthsAt(&g, k.Cycle, c)
			for _, w := range m.Widths {
				m.Neurons += w
			}
			if ids, layer, born, ok := l.aliveLayers(&g, c); ok && k.Cycle != c {
				reshapeLayered(&g, ids, layer, born)
			}
		}
		g.Cycle, g.Playing = int64(c), false
		parts[i].Graph = g.Append(nil)
	}
	return m, wire.AppendRunners(dst, parts)
}

// widthsAt returns the main network's widths per layer after cycle c: the
// keyframe's (g, at cycle key) with the events after it replayed.
func (l *Layered) widthsAt(g *wire.Layered, key, c int) []int {
	w := make([]int, len(g.Layers))
	for i := range g.Layers {
		w[i] = len(g.Layers[i].IDs)
	}
	evs, _ := l.tl.Events(0)
	i := sort.Search(len(evs), func(i int) bool { return evs[i].Cycle > key })
	for _, e := range evs[i:] {
		if e.Cycle > c {
			break
		}
		li := int(e.Layer)
		for len(w) <= li {
			w = append(w, 0)
		}
		if e.Born {
			w[li]++
		} else if w[li] > 0 {
			w[li]--
		}
	}
	for len(w) > 1 && w[len(w)-1] == 0 {
		w = w[:len(w)-1] // a layer removed since the keyframe
	}
	return w
}

// lossesAt interpolates the charts' history for the train and test loss at
// cycle c.
func (l *Layered) lossesAt(c int) (train, test float64) {
	pts := l.hist.Points
	if now := l.point(); len(pts) == 0 || pts[len(pts)-1].Cycle < now.Cycle {
		pts = append(slices.Clip(pts), now)
	}
	i := sort.Search(len(pts), func(i int) bool { return pts[i].Cycle > c })
	switch {
	case i == 0:
		return pts[0].Loss, pts[0].Test
	case i == len(pts):
		return pts[i-1].Loss, pts[i-1].Test
	}
	a, b := pts[i-1], pts[i]
	f := float64(c-a.Cycle) / float64(b.Cycle-a.Cycle)
	return a.Loss + float64(f*(b.Loss-a.Loss)), a.Test + float64(f*(b.Test-a.Test))
}

// aliveLayers returns the main network's neurons after cycle c, in their
// order of birth, with each one's layer and birth cycle, replayed from the
// events over g, the keyframe at or before c (whose neurons' layers are
// known); ok is false before the events start (then the keyframe is drawn
// as it is).
func (l *Layered) aliveLayers(g *wire.Layered, c int) (ids []int64, layer map[int64]int, born map[int64]int, ok bool) {
	if c < l.tl.baseCycle {
		return nil, nil, nil, false
	}
	layer = map[int64]int{}
	for li := range g.Layers {
		for _, id := range g.Layers[li].IDs {
			layer[int64(id)] = li
		}
	}
	evs, _ := l.tl.Events(0)
	for _, e := range evs {
		if e.Cycle > c {
			break
		}
		if e.Born {
			layer[e.ID] = int(e.Layer)
		}
	}
	ids, born = l.tl.AliveAt(c)
	return ids, layer, born, true
}

// reshapeLayered gives g's layers the neuron set ids (each in its layer):
// neurons g holds keep their weights and maps, the others (born since g's
// cycle) get none yet, as newborns nearly have; layers emptied at the end
// are dropped.
func reshapeLayered(g *wire.Layered, ids []int64, layer map[int64]int, born map[int64]int) {
	old := map[int64][2]int{} // id -> layer, index in g
	for li := range g.Layers {
		for j, id := range g.Layers[li].IDs {
			old[int64(id)] = [2]int{li, j}
		}
	}
	src := make([][]int, len(g.Layers)) // per new layer: the old index of each neuron, -1 for a newborn
	newIDs := make([][]int64, len(g.Layers))
	for _, id := range ids {
		li, known := layer[id]
		if !known {
			continue
		}
		for len(src) <= li {
			src, newIDs = append(src, nil), append(newIDs, nil)
		}
		j := -1
		if o, ok := old[id]; ok && o[0] == li {
			j = o[1]
		}
		src[li], newIDs[li] = append(src[li], j), append(newIDs[li], id)
	}
	// keep the old order within a layer where it is known: by index, newborns last
	for li := range src {
		idx := make([]int, len(src[li]))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool {
			x, y := src[li][idx[a]], src[li][idx[b]]
			return x >= 0 && (y < 0 || x < y)
		})
		s, n := make([]int, len(idx)), make([]int64, len(idx))
		for i, k := range idx {
			s[i], n[i] = src[li][k], newIDs[li][k]
		}
		src[li], newIDs[li] = s, n
	}
	for len(src) > 1 && len(src[len(src)-1]) == 0 {
		src, newIDs = src[:len(src)-1], newIDs[:len(newIDs)-1]
	}
	cells := g.Res * g.Res
	blank := make([]byte, cells)
	for i := range blank {
		blank[i] = wire.MapByte(0)
	}
	features := len(g.FeatMaps)
	prevSrc := make([]int, features) // layer 0's inputs: the features, unchanged
	for k := range prevSrc {
		prevSrc[k] = k
	}
	oldPrev := features
	out := make([]wire.Layer, len(src))
	for li := range src {
		var o wire.Layer
		oldW := 0
		if li < len(g.Layers) {
			o = g.Layers[li]
			oldW = len(o.IDs)
		} else {
			o.Born0 = -1
		}
		n, cols := len(src[li]), len(prevSrc)
		nl := wire.Layer{Multiplier: o.Multiplier, Born0: o.Born0,
			IDs: make([]uint32, n), Born: make([]int64, n), Strength: make([]float32, n),
			W: make([]float32, n*cols), Maps: make([][]byte, n)}
		if nl.Born0 < 0 {
			nl.Born0 = 0
			if n > 0 {
				nl.Born0 = int64(born[newIDs[li][0]])
			}
		}
		hasOut := len(o.Out) > 0
		if hasOut {
			nl.Out = make([]float32, n)
		}
		for i, j := range src[li] {
			nl.IDs[i] = uint32(newIDs[li][i])
			if j < 0 {
				nl.Born[i], nl.Maps[i] = int64(born[newIDs[li][i]]), blank
				continue
			}
			nl.Born[i], nl.Strength[i], nl.Maps[i] = o.Born[j], o.Strength[j], o.Maps[j]
			if hasOut && j < len(o.Out) {
				nl.Out[i] = o.Out[j]
			}
			for k, pk := range prevSrc {
				if pk >= 0 && j*oldPrev+pk < len(o.W) {
					nl.W[i*cols+k] = o.W[j*oldPrev+pk]
				}
			}
		}
		out[li] = nl
		prevSrc, oldPrev = src[li], oldW
	}
	g.Layers = out
}
