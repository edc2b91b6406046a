package session

import (
	"slices"
	"sort"

	"github.com/diffstruct/diffstruct/wasm/wire"
)

// LayerCap bounds the layer additions and removals a feed-forward timeline
// keeps (the oldest go first).
const LayerCap = 1 << 12

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
	l.tl = &ffTimeline{Timeline: NewTimeline(l.m.Cycle(), ids, EventCap, KeyBudget), prev: prev, width: len(byLayer)}
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
	byLayer := ffLayers(l.m)
	var added, deleted []int64
	if a, d := l.m.Changed(); a+d > 0 || len(byLayer) != t.width {
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
