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

// FFChangeGap is the fewest cycles between a feed-forward timeline's
// keyframes at structural changes: a past view replays the neuron set from
// the events anyway (reshapeLayered), so a burst of births and deaths needs
// one keyframe, not one each.
const FFChangeGap = 128

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
	tl.stride, tl.changeGap = FFKeyStride, FFChangeGap
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
		force := t.layerChanges(c, old, byLayer)
		t.width = len(byLayer)
		t.prev = now
		t.RecordLayers(c, added, deleted, layerOf, force, l.AppendGraph)
		return
	}
	t.Record(c, nil, nil, l.AppendGraph)
}

// layerChanges records the layers removed and added at cycle c, from the
// main network's neurons before (old: id -> layer) and after (byLayer): a
// neuron stays in its layer, so a layer after is an old one if it holds a
// neuron from before, and new if it holds only newborns; an old layer none
// of whose neurons is left was removed. Removals come first, by their index
// before, from the last; then additions, by their index after.
func (t *ffTimeline) layerChanges(c int, old map[int64]int16, byLayer [][]int64) bool {
	kept := make([]bool, t.width) // old layers with a neuron after
	fresh := make([]bool, len(byLayer))
	for li, layer := range byLayer {
		fresh[li] = true
		for _, id := range layer {
			if o, ok := old[id]; ok && int(o) < len(kept) {
				kept[o], fresh[li] = true, false
			}
		}
	}
	changed := false
	for i := len(kept) - 1; i >= 0; i-- {
		if !kept[i] {
			t.addLayer(LayerEvent{Cycle: c, Layer: i})
			changed = true
		}
	}
	for i, f := range fresh {
		if f {
			t.addLayer(LayerEvent{Cycle: c, Layer: i, Added: true})
			changed = true
		}
	}
	return changed || len(byLayer) != t.width
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
			if ids, layer, born, slots, ok := l.aliveLayers(&g, k.Cycle, c); ok && k.Cycle != c {
				reshapeLayered(&g, ids, layer, born, slots)
			}
			m.Widths = make([]int, len(g.Layers))
			for li := range g.Layers {
				m.Widths[li] = len(g.Layers[li].IDs)
				m.Neurons += m.Widths[li]
			}
		}
		g.Cycle, g.Playing = int64(c), false
		parts[i].Graph = g.Append(nil)
	}
	return m, wire.AppendRunners(dst, parts)
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
// order of birth, with each one's layer (a slot: the keyframe g's layers
// are slots 0 to len-1, a layer added since gets the next number), its birth
// cycle, and the slots in their order at c: replayed from the neuron and
// layer events after key, g's cycle. ok is false before the events start
// (then the keyframe is drawn as it is).
func (l *Layered) aliveLayers(g *wire.Layered, key, c int) (ids []int64, layer map[int64]int, born map[int64]int, slots []int, ok bool) {
	if c < l.tl.baseCycle {
		return nil, nil, nil, nil, false
	}
	layer = map[int64]int{}
	for li := range g.Layers {
		slots = append(slots, li)
		for _, id := range g.Layers[li].IDs {
			layer[int64(id)] = li
		}
	}
	next := len(slots)
	evs, _ := l.tl.Events(0)
	les := l.tl.layers
	i := sort.Search(len(evs), func(i int) bool { return evs[i].Cycle > key })
	j := sort.Search(len(les), func(j int) bool { return les[j].Cycle > key })
	for ; i < len(evs) && evs[i].Cycle <= c; i++ {
		e := evs[i]
		for ; j < len(les) && les[j].Cycle <= e.Cycle; j++ { // a cycle's layer changes before its births
			switch le := les[j]; {
			case le.Added && le.Layer <= len(slots):
				slots = slices.Insert(slots, le.Layer, next)
				next++
			case !le.Added && le.Layer < len(slots):
				slots = slices.Delete(slots, le.Layer, le.Layer+1)
			}
		}
		if e.Born && int(e.Layer) < len(slots) {
			layer[e.ID] = slots[e.Layer]
		}
	}
	for ; j < len(les) && les[j].Cycle <= c; j++ {
		switch le := les[j]; {
		case le.Added && le.Layer <= len(slots):
			slots = slices.Insert(slots, le.Layer, next)
			next++
		case !le.Added && le.Layer < len(slots):
			slots = slices.Delete(slots, le.Layer, le.Layer+1)
		}
	}
	ids, born = l.tl.AliveAt(c)
	return ids, layer, born, slots, true
}

// reshapeLayered gives g the layers slots (see aliveLayers) and the neuron
// set ids, each in its layer's slot: neurons g holds keep their weights and
// maps, the others (born since g's cycle) get none yet, as newborns nearly
// have; a layer whose inputs changed since (the layer before it removed or
// added) is drawn without its weights.
func reshapeLayered(g *wire.Layered, ids []int64, layer map[int64]int, born map[int64]int, slots []int) {
	pos := make(map[int]int, len(slots)) // slot -> new layer index
	for li, sl := range slots {
		pos[sl] = li
	}
	old := map[int64]int{} // id -> index in its keyframe layer
	for li := range g.Layers {
		for j, id := range g.Layers[li].IDs {
			old[int64(id)] = j
		}
	}
	src := make([][]int, len(slots)) // per new layer: the old index of each neuron, -1 for a newborn
	newIDs := make([][]int64, len(slots))
	for _, id := range ids {
		sl, known := layer[id]
		li, alive := pos[sl]
		if !known || !alive {
			continue
		}
		j, ok := old[id]
		if !ok || sl >= len(g.Layers) {
			j = -1
		}
		src[li], newIDs[li] = append(src[li], j), append(newIDs[li], id)
	}
	for li := range src { // the keyframe's order within a layer, newborns after
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
	blank := make([]byte, g.Res*g.Res)
	for i := range blank {
		blank[i] = wire.MapByte(0)
	}
	features := len(g.FeatMaps)
	prevSrc := make([]int, features) // layer 0's inputs: the features
	for k := range prevSrc {
		prevSrc[k] = k
	}
	prevSlot := -1 // the slot of the layer before (-1: the features)
	out := make([]wire.Layer, len(slots))
	for li, sl := range slots {
		var o wire.Layer
		fresh := sl >= len(g.Layers)
		if !fresh {
			o = g.Layers[sl]
		}
		oldCols := features
		if sl > 0 && sl-1 < len(g.Layers) {
			oldCols = len(g.Layers[sl-1].IDs)
		}
		sameInputs := !fresh && prevSlot == sl-1
		n, cols := len(src[li]), len(prevSrc)
		nl := wire.Layer{Multiplier: o.Multiplier, Born0: o.Born0,
			IDs: make([]uint32, n), Born: make([]int64, n), Strength: make([]float32, n),
			W: make([]float32, n*cols), Maps: make([][]byte, n)}
		if fresh && n > 0 {
			nl.Born0 = int64(born[newIDs[li][0]])
		}
		if len(o.Out) > 0 {
			nl.Out = make([]float32, n)
		}
		for i, j := range src[li] {
			nl.IDs[i] = uint32(newIDs[li][i])
			if j < 0 {
				nl.Born[i], nl.Maps[i] = int64(born[newIDs[li][i]]), blank
				continue
			}
			nl.Born[i], nl.Strength[i], nl.Maps[i] = o.Born[j], o.Strength[j], o.Maps[j]
			if j < len(o.Out) {
				nl.Out[i] = o.Out[j]
			}
			if !sameInputs {
				continue
			}
			for k, pk := range prevSrc {
				if pk >= 0 && j*oldCols+pk < len(o.W) {
					nl.W[i*cols+k] = o.W[j*oldCols+pk]
				}
			}
		}
		out[li] = nl
		prevSrc, prevSlot = src[li], sl
	}
	g.Layers = out
}
