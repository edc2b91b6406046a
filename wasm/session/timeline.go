package session

import (
	"math"
	"slices"
	"sort"

	"github.com/diffstruct/diffstruct/wasm/wire"
)

// Timeline bounds: what the run's structural history may hold.
const (
	// EventCap bounds the births and deaths kept (24 bytes each in memory).
	EventCap = 1 << 15
	// KeyBudget bounds the bytes of the keyframes (encoded snapshots) kept.
	KeyBudget = 4 << 20
	// ShortLife is the longest life (in cycles) thinning may drop whole.
	ShortLife = 100
	// KeyStride is the most cycles between two keyframes until the
	// keyframes are first thinned.
	KeyStride = 64
)

// Event is one birth or death of a neuron of the main network.
type Event struct {
	Cycle int   `json:"c"`           // the cycle whose step made the change
	ID    int64 `json:"id"`          // the neuron's id
	N     int32 `json:"n"`           // neurons after the change
	Layer int16 `json:"l,omitempty"` // a feed-forward neuron's hidden layer (0: the first)
	Born  bool  `json:"b"`           // true: added; false: deleted
}

// Keyframe is the run's encoded snapshot (AppendGraph) at one cycle.
type Keyframe struct {
	Cycle int
	Data  []byte
}

// Timeline is a bounded history of a run's structure: every birth and death
// of the main network with its cycle, and keyframes, snapshots to redraw the
// network from. With both, the network at any past cycle c is redrawn
// exactly in structure (the neuron set replayed from the events) and with
// the weights of the latest keyframe at or before c.
//
// Bounds. Keyframes: one at the start, then one at every structural change
// and one every KeyStride cycles; when their bytes pass KeyBudget, the
// keyframe whose neighbours are closest together for its age is dropped
// (never the first or the latest) until they fit, so they thin towards
// geometric spacing (the early story, which a log-scaled chart spreads
// out, keeps its detail), and new ones then come as far apart, for the
// run's age, as the kept ones are. Events: when more than EventCap are held, whole short lives
// (a neuron born and deleted at most ShortLife cycles later) are dropped
// from the older half, shortest first, until a quarter of the list is
// freed; the neuron count stays exact at every cycle outside those dropped
// lives. Should the older half hold too few short lives, its oldest events
// are folded into the base set instead: before the base's cycle the neuron
// set is then the keyframes'.
type Timeline struct {
	eventCap, keyBudget int
	stride              int // KeyStride, or a family's own (Layered: FFKeyStride)
	changeGap           int // the fewest cycles between keyframes at structural changes (1, or a family's own)

	baseCycle int     // the cycle the events start from
	base      []int64 // the main network's neuron ids at baseCycle
	events    []Event // in order of cycle
	epoch     int     // bumped when events are dropped, so readers reload
	lost      int     // lives dropped by thinning

	keys     []Keyframe
	keyBytes int
	ratio    float64 // keyframe spacing kept, relative to the history's age
	scratch  []byte
	last     int // the last cycle recorded
}

// NewTimeline starts a history at cycle with the main network's neuron ids.
func NewTimeline(cycle int, ids []int64, eventCap, keyBudget int) *Timeline {
	return &Timeline{
		eventCap: max(8, eventCap), keyBudget: keyBudget, stride: KeyStride, changeGap: 1,
		baseCycle: cycle, base: slices.Clone(ids), last: cycle,
	}
}

// Record adds the cycle's births and deaths and, when one is due, a
// keyframe made by snap (which appends the encoded snapshot to its argument).
func (t *Timeline) Record(cycle int, added, deleted []int64, snap func([]byte) []byte) {
	t.RecordLayers(cycle, added, deleted, nil, false, snap)
}

// RecordLayers is Record with each neuron's layer (layer(id); nil: none)
// and force, true when a keyframe is due at a change the events do not show
// (a layer added or removed).
func (t *Timeline) RecordLayers(cycle int, added, deleted []int64, layer func(int64) int16, force bool, snap func([]byte) []byte) {
	n := int32(t.count())
	lay := func(id int64) int16 {
		if layer == nil {
			return 0
		}
		return layer(id)
	}
	for _, id := range deleted { // the engine deletes before it adds
		n--
		t.events = append(t.events, Event{Cycle: cycle, ID: id, N: n, Layer: lay(id)})
	}
	for _, id := range added {
		n++
		t.events = append(t.events, Event{Cycle: cycle, ID: id, N: n, Layer: lay(id), Born: true})
	}
	t.last = max(t.last, cycle)
	if len(t.events) > t.eventCap {
		t.thinEvents()
	}
	changed := force || len(added)+len(deleted) > 0
	if t.keyDue(cycle, changed) {
		t.scratch = snap(t.scratch[:0])
		t.keys = append(t.keys, Keyframe{Cycle: cycle, Data: slices.Clone(t.scratch)})
		t.keyBytes += len(t.scratch)
		for t.keyBytes > t.keyBudget && len(t.keys) > 2 {
			t.thinKeys()
		}
	}
}

// count is the neuron count after the last event.
func (t *Timeline) count() int {
	if n := len(t.events); n > 0 {
		return int(t.events[n-1].N)
	}
	return len(t.base)
}

// thinKeys drops the keyframe whose neighbours are closest together for
// its age, keeping the first and the latest: the keyframes thin out
// towards geometric spacing, dense in the early story and sparser later.
func (t *Timeline) thinKeys() {
	best, score := -1, math.Inf(1)
	for i := 1; i+1 < len(t.keys); i++ {
		if x := t.spacing(i-1, i+1, i); x < score {
			best, score = i, x
		}
	}
	t.keyBytes -= len(t.keys[best].Data)
	t.keys = slices.Delete(t.keys, best, best+1)
	// New keyframes come as far apart as the kept ones are for their age.
	t.ratio = math.Max(t.ratio, score/2)
}

// spacing is the cycles between keyframes a and b relative to keyframe
// at's age in the history.
func (t *Timeline) spacing(a, b, at int) float64 {
	return float64(t.keys[b].Cycle-t.keys[a].Cycle) / float64(t.keys[at].Cycle-t.keys[0].Cycle+t.stride)
}

// keyDue reports whether a keyframe is due at cycle: the first one; one
// at least every KeyStride cycles or ratio times the history's age,
// whichever is longer; and at a structural change, a quarter of that.
func (t *Timeline) keyDue(cycle int, changed bool) bool {
	k := len(t.keys)
	if k == 0 {
		return true
	}
	d := cycle - t.keys[k-1].Cycle
	every := t.ratio * float64(cycle-t.keys[0].Cycle+t.stride)
	if changed {
		return d >= t.changeGap && float64(d) >= every/4
	}
	return float64(d) >= math.Max(float64(t.stride), every)
}

// thinEvents frees a quarter of the event list: the shortest complete lives
// (at most ShortLife cycles) of the older half first, else its oldest events
// folded into the base.
func (t *Timeline) thinEvents() {
	half, want := len(t.events)/2, len(t.events)/4
	type life struct{ b, d, len int }
	born := map[int64]int{}
	var lives []life
	for i, e := range t.events[:half] {
		if e.Born {
			born[e.ID] = i
		} else if b, ok := born[e.ID]; ok && e.Cycle-t.events[b].Cycle <= ShortLife {
			lives = append(lives, life{b, i, e.Cycle - t.events[b].Cycle})
		}
	}
	sort.SliceStable(lives, func(i, j int) bool { return lives[i].len < lives[j].len })
	drop := make([]bool, len(t.events))
	freed := 0
	for _, l := range lives {
		if freed >= want {
			break
		}
		drop[l.b], drop[l.d] = true, true
		freed += 2
		t.lost++
	}
	if freed < want { // too few lives: fold the oldest events into the base
		for i := 0; i < len(t.events) && freed < want; i++ {
			if drop[i] {
				continue
			}
			t.base = apply(t.base, t.events[i])
			t.baseCycle = t.events[i].Cycle
			drop[i] = true
			freed++
		}
	}
	kept := t.events[:0]
	n := int32(len(t.base))
	for i, e := range t.events {
		if drop[i] {
			continue
		}
		if e.Born {
			n++
		} else {
			n--
		}
		e.N = n
		kept = append(kept, e)
	}
	t.events = slices.Clip(kept)
	t.epoch++
}

// apply returns ids after event e.
func apply(ids []int64, e Event) []int64 {
	if e.Born {
		return append(ids, e.ID)
	}
	if i := slices.Index(ids, e.ID); i >= 0 {
		return slices.Delete(ids, i, i+1)
	}
	return ids
}

// NeuronsAt returns the main network's neuron count after cycle c (before
// the events start, as the latest keyframe at or before c had it).
func (t *Timeline) NeuronsAt(c int) int {
	if c < t.baseCycle {
		ids, _ := t.AliveAt(c)
		return len(ids)
	}
	i := sort.Search(len(t.events), func(i int) bool { return t.events[i].Cycle > c })
	if i == 0 {
		return len(t.base)
	}
	return int(t.events[i-1].N)
}

// AliveAt returns the main network's neuron ids after cycle c, in the order
// of their birth (base first), and each one's birth cycle (when known).
func (t *Timeline) AliveAt(c int) (ids []int64, born map[int64]int) {
	born = map[int64]int{}
	if c < t.baseCycle { // events folded away: the keyframe's own set
		var g wire.Graph
		if parts, err := wire.SplitRunners(t.KeyAt(c).Data); err == nil && g.Decode(parts[0].Graph) == nil {
			for _, id := range g.IDs {
				ids = append(ids, int64(id))
			}
		}
		return ids, born
	}
	ids = slices.Clone(t.base)
	for _, e := range t.events {
		if e.Cycle > c {
			break
		}
		ids = apply(ids, e)
		if e.Born {
			born[e.ID] = e.Cycle
		}
	}
	return ids, born
}

// KeyAt returns the latest keyframe at or before cycle c (the first one if
// c is earlier than all).
func (t *Timeline) KeyAt(c int) Keyframe {
	i := sort.Search(len(t.keys), func(i int) bool { return t.keys[i].Cycle > c })
	return t.keys[max(0, i-1)]
}

// Range returns the first and last cycles the history covers.
func (t *Timeline) Range() (first, last int) {
	first = t.last
	if len(t.keys) > 0 {
		first = t.keys[0].Cycle
	}
	return first, t.last
}

// Events returns the events from index from on (read-only) and the epoch.
func (t *Timeline) Events(from int) ([]Event, int) {
	return t.events[min(max(0, from), len(t.events)):], t.epoch
}

// Bytes returns the memory the history holds: its events, keyframes and
// base set, with their slice headers.
func (t *Timeline) Bytes() int {
	const ev, kf = 24, 32 // sizeof(Event), sizeof(Keyframe) (its slice header included)
	return cap(t.events)*ev + cap(t.keys)*kf + t.keyBytes + cap(t.base)*8 + cap(t.scratch)
}

// TimelineInfo is the history's extent in the status: the cycles the
// scrubber spans and how many events the page may fetch.
type TimelineInfo struct {
	Start  int `json:"start"`  // the first cycle it can show
	End    int `json:"end"`    // the last (the live cycle)
	Events int `json:"events"` // events held
	Epoch  int `json:"epoch"`  // changes when events were dropped
	Lost   int `json:"lost"`   // short lives dropped to stay in bounds
	Keys   int `json:"keys"`   // keyframes held
	Bytes  int `json:"bytes"`  // memory held
}

// Info returns the history's extent and size, as the status carries it.
func (t *Timeline) Info() TimelineInfo {
	a, b := t.Range()
	return TimelineInfo{Start: a, End: b, Events: len(t.events), Epoch: t.epoch, Lost: t.lost, Keys: len(t.keys), Bytes: t.Bytes()}
}

// Moment is the run as it was at one past cycle, for the counters while
// the page scrubs the timeline.
type Moment struct {
	Cycle    int     `json:"cycle"`
	Neurons  int     `json:"neurons"`
	Loss     float64 `json:"loss"`             // smoothed, nats per symbol (from the charts' history)
	Test     float64 `json:"test,omitempty"`   // a feed-forward run's test loss
	Widths   []int   `json:"widths,omitempty"` // a feed-forward run's hidden widths per layer
	KeyCycle int     `json:"key_cycle"`        // the cycle whose weights and window are drawn
	Live     bool    `json:"live"`             // c is the run's cycle now
}

// keep records the last cycle's structural changes in the timeline.
func (s *Session) keep() {
	if s.par.part {
		return // a helper's runners: the page's worker keeps the run's timeline
	}
	added, deleted := s.run.Changes(0)
	s.tl.Record(s.run.Cycle(), added, deleted, s.AppendGraph)
}

// Timeline returns the run's structural history (read-only).
func (s *Session) Timeline() *Timeline { return s.tl }

// At returns the run as it was after cycle c (clamped to the history) and
// its snapshot encoded for the view: the neuron set exact, replayed from the
// events; weights, window and predictions from the latest keyframe at or
// before c (a neuron born since is drawn with no weights yet, as newborns
// nearly are). At the live cycle it is the run now. It changes nothing.
func (s *Session) At(c int, dst []byte) (Moment, []byte) {
	first, last := s.tl.Range()
	c = min(max(c, first), last)
	if c == s.run.Cycle() {
		o := s.observe(0)
		return Moment{Cycle: c, Neurons: o.N(), Loss: o.LossPerSymbol, KeyCycle: c, Live: true}, s.AppendGraph(dst)
	}
	k := s.tl.KeyAt(c)
	m := Moment{Cycle: c, Neurons: s.tl.NeuronsAt(c), Loss: s.lossAt(c), KeyCycle: k.Cycle}
	parts, err := wire.SplitRunners(k.Data)
	if err != nil {
		return m, append(dst, k.Data...) // our own encoding: cannot happen
	}
	ids, born := s.tl.AliveAt(c)
	for i := range parts {
		var g wire.Graph
		if g.Decode(parts[i].Graph) != nil {
			continue
		}
		if i == 0 {
			reshape(&g, ids, born)
		}
		g.Cycle, g.Playing = int64(c), false
		parts[i].Graph = g.Append(nil)
	}
	return m, wire.AppendRunners(dst, parts)
}

// lossAt interpolates the charts' history for the smoothed loss per symbol
// at cycle c.
func (s *Session) lossAt(c int) float64 {
	pts := s.hist.Points
	w := float64(s.run.Config().Window)
	i := sort.Search(len(pts), func(i int) bool { return pts[i].Cycle > c })
	switch {
	case len(pts) == 0:
		return 0
	case i == 0:
		return pts[0].Loss / w
	case i == len(pts):
		now := s.point()
		a := pts[i-1]
		if now.Cycle <= a.Cycle {
			return a.Loss / w
		}
		f := float64(c-a.Cycle) / float64(now.Cycle-a.Cycle)
		return (a.Loss + float64(f*(now.Loss-a.Loss))) / w
	}
	a, b := pts[i-1], pts[i]
	f := float64(c-a.Cycle) / float64(b.Cycle-a.Cycle)
	return (a.Loss + float64(f*(b.Loss-a.Loss))) / w
}

// reshape gives g the neuron set ids (in that order): neurons g holds keep
// their weights, the others (born since g's cycle) get none.
func reshape(g *wire.Graph, ids []int64, born map[int64]int) {
	n, v, w := g.N(), g.V(), g.W()
	at := make(map[uint32]int, n)
	for j, id := range g.IDs {
		at[id] = j
	}
	m := len(ids)
	src := make([]int, m) // the old index of each new neuron, -1 for none
	same := m == n
	for j, id := range ids {
		src[j] = -1
		if k, ok := at[uint32(id)]; ok {
			src[j] = k
		}
		same = same && src[j] == j
	}
	if same {
		return
	}
	cols := func(x []float32, rows int) []float32 {
		out := make([]float32, rows*m)
		for r := range rows {
			for j, k := range src {
				if k >= 0 {
					out[r*m+j] = x[r*n+k]
				}
			}
		}
		return out
	}
	whh := make([]float32, m*m)
	for i, ki := range src {
		for j, kj := range src {
			if ki >= 0 && kj >= 0 {
				whh[i*m+j] = g.Whh[ki*n+kj]
			}
		}
	}
	nids, str, nborn := make([]uint32, m), make([]float32, m), make([]int64, m)
	for j, k := range src {
		nids[j] = uint32(ids[j])
		if k >= 0 {
			str[j], nborn[j] = g.Strength[k], g.Born[k]
		} else {
			nborn[j] = int64(born[ids[j]])
		}
	}
	g.WxhT, g.Why, g.Hidden, g.Whh = cols(g.WxhT, v), cols(g.Why, v), cols(g.Hidden, w+1), whh
	g.IDs, g.Strength, g.Born = nids, str, nborn
}
