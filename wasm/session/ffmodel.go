package session

import (
	"fmt"
	"slices"

	"github.com/diffstruct/diffstruct/core/ff"
	"github.com/diffstruct/diffstruct/core/points"
	"github.com/diffstruct/diffstruct/wasm/linkstate"
	"github.com/diffstruct/diffstruct/wasm/wire"
)

// MapRes is the side, in cells, of the feature and neuron maps of a
// feed-forward snapshot (small tiles); OutMapRes is the output map's, drawn
// big as the decision boundary.
const (
	MapRes    = 32
	OutMapRes = 64
)

// ffModel is a feed-forward run: the growing network on a 2-D data set,
// and the fixed shapes racing it on the very same points (each network has
// its own seeded batches, from the run's seed).
type ffModel struct {
	set    points.Set
	nets   []*ff.Net // the growing network first
	names  []string
	ids    []int64 // the main network's neuron ids before the last cycle
	added  int
	killed int
	// scratch for snapshots, reused: it holds no state of the run
	snaps []wire.Layered
	bufs  [][]byte
}

// newFFModel builds the run st describes (st.IsFF()).
func newFFModel(st linkstate.State) (*ffModel, error) {
	var set points.Set
	if st.FF.IsPlaced() {
		set = st.FF.PlacedData()
	} else {
		var err error
		if set, err = points.Make(st.PointsSpec()); err != nil {
			return nil, err
		}
	}
	cfg, err := st.FFConfig()
	if err != nil {
		return nil, err
	}
	main, err := ff.New(cfg, set)
	if err != nil {
		return nil, err
	}
	m := &ffModel{set: set, nets: []*ff.Net{main}, names: []string{"growing"}}
	if len(st.FF.Race) == 0 {
		m.names[0] = "main"
	}
	for _, shape := range st.FF.Race {
		n, err := ff.New(ff.FixedShape(cfg, shape...), set)
		if err != nil {
			return nil, fmt.Errorf("fixed %s: %w", linkstate.FormatShape(shape), err)
		}
		m.nets = append(m.nets, n)
		m.names = append(m.names, "fixed "+linkstate.FormatShape(shape))
	}
	m.ids = m.allIDs(m.ids[:0])
	return m, nil
}

// ffModelOf returns a run of one network, n (a loaded network file), on
// the data it carries.
func ffModelOf(n *ff.Net) *ffModel {
	m := &ffModel{set: n.Set(), nets: []*ff.Net{n}, names: []string{"main"}}
	m.ids = m.allIDs(m.ids[:0])
	return m
}

// setData makes every network train on set from the next step on
// (ff.Net.SetData); the networks are kept.
func (m *ffModel) setData(set points.Set) error {
	for _, n := range m.nets {
		if err := n.SetData(set); err != nil {
			return err
		}
	}
	m.set = set
	return nil
}

func (m *ffModel) Kind() string { return linkstate.ModelFF }
func (m *ffModel) Cycle() int   { return m.nets[0].Cycle() }
func (m *ffModel) Len() int     { return len(m.nets) }

// Changed returns the births and deaths of the main network's last cycle.
func (m *ffModel) Changed() (int, int) { return m.added, m.killed }

// Step trains every network on one mini-batch and counts the main
// network's births and deaths.
func (m *ffModel) Step() error {
	for _, n := range m.nets {
		if err := n.Step(); err != nil {
			return err
		}
	}
	ids := m.allIDs(nil)
	m.added, m.killed = 0, 0
	for _, id := range ids {
		if _, ok := slices.BinarySearch(m.ids, id); !ok {
			m.added++
		}
	}
	m.killed = len(m.ids) + m.added - len(ids)
	m.ids = ids
	return nil
}

// allIDs appends the main network's neuron ids, sorted (ids are never reused).
func (m *ffModel) allIDs(dst []int64) []int64 {
	n := m.nets[0]
	for l := range n.Widths() {
		dst = append(dst, n.IDs(l)...)
	}
	slices.Sort(dst)
	return dst
}

// Numbers returns network i's numbers.
func (m *ffModel) Numbers(i int, full bool) Numbers {
	n := m.nets[i]
	x := Numbers{Name: m.names[i], Cycle: n.Cycle(), Widths: n.Widths(), Threshold: n.Config().Rule.Threshold,
		Loss: n.Loss(), TestLoss: n.TestLoss(), Digest: n.Digest(),
		Train: len(m.set.Train), Test: len(m.set.Test), Regression: m.set.Regression}
	for l, w := range x.Widths {
		x.Neurons += w
		for _, s := range n.Strengths(l) {
			if s < x.Threshold {
				x.Reserve++
			}
		}
	}
	if full {
		x.Accuracy, x.TestAccuracy = n.Accuracy(m.set.Train), n.Accuracy(m.set.Test)
	}
	return x
}

// AppendRunners snapshots every network (wire.KindLayered).
func (m *ffModel) AppendRunners(dst []wire.Runner, v View) []wire.Runner {
	if len(m.snaps) != len(m.nets) {
		m.snaps, m.bufs = make([]wire.Layered, len(m.nets)), make([][]byte, len(m.nets))
	}
	for i, n := range m.nets {
		m.fill(&m.snaps[i], n, v)
		m.bufs[i] = m.snaps[i].Append(m.bufs[i][:0])
		dst = append(dst, wire.Runner{Name: m.names[i], Kind: wire.KindLayered, Graph: m.bufs[i]})
	}
	return dst
}

// fill sets g to network n's snapshot, reusing g's slices.
func (m *ffModel) fill(g *wire.Layered, n *ff.Net, v View) {
	o := n.Observe()
	g.Cycle, g.Rate, g.Playing = int64(o.Cycle), float32(v.Rate), v.Playing
	g.Threshold, g.Half, g.Res, g.OutRes = float32(o.Threshold), points.Half, MapRes, OutMapRes
	g.Features = append(g.Features[:0], o.Features...)
	g.Loss, g.TestLoss = float32(n.Loss()), float32(n.TestLoss())
	cells := MapRes * MapRes
	g.FeatMaps = resize(g.FeatMaps, len(o.Features))
	for i := range g.FeatMaps {
		g.FeatMaps[i] = resize(g.FeatMaps[i], cells)
	}
	g.Layers = resize(g.Layers, len(o.Layers))
	for li := range o.Layers {
		lo, l := &o.Layers[li], &g.Layers[li]
		w := lo.Width()
		l.IDs, l.Born, l.Strength = resize(l.IDs, w), resize(l.Born, w), resize(l.Strength, w)
		for j := range w {
			l.IDs[j], l.Born[j], l.Strength[j] = uint32(lo.IDs[j]), int64(lo.Born[j]), float32(lo.Strength[j])
		}
		l.Multiplier, l.Born0 = float32(lo.Multiplier), int64(lo.Born0)
		l.W = resize(l.W, len(lo.W))
		for k, x := range lo.W {
			l.W[k] = float32(x)
		}
		l.Out = resize(l.Out, len(lo.Out))
		for k, x := range lo.Out {
			l.Out[k] = float32(x * lo.Multiplier)
		}
		l.Maps = resize(l.Maps, w)
		for j := range l.Maps {
			l.Maps[j] = resize(l.Maps[j], cells)
		}
	}
	n.Maps(MapRes, func(cell int, feats []float64, hidden [][]float64, _ float64) {
		for i, f := range feats {
			if i < len(g.FeatMaps) {
				g.FeatMaps[i][cell] = wire.MapByte(f)
			}
		}
		for li, a := range hidden {
			if li >= len(g.Layers) {
				break
			}
			maps := g.Layers[li].Maps
			for j, x := range a {
				if j < len(maps) {
					maps[j][cell] = wire.MapByte(x)
				}
			}
		}
	})
	// The output on its own, finer grid (same cell centres as Maps).
	g.OutMap = resize(g.OutMap, OutMapRes*OutMapRes)
	for r := range OutMapRes {
		y := points.Half - float64(float64((float64(r)+0.5)*2*points.Half)/OutMapRes) // rounded: /64 becomes *(1/64), which may fuse
		for c := range OutMapRes {
			x := -points.Half + float64(float64((float64(c)+0.5)*2*points.Half)/OutMapRes)
			g.OutMap[r*OutMapRes+c] = wire.MapByte(n.Predict(x, y))
		}
	}
	g.Points = g.Points[:0]
	for k, pts := range [][]points.Point{m.set.Train, m.set.Test} {
		for _, p := range pts {
			g.Points = append(g.Points, wire.Point{X: float32(p.X), Y: float32(p.Y), Label: float32(p.Label), Test: k == 1})
		}
	}
}

// resize returns s with length n, reusing its array when it is big enough
// (the elements kept are not cleared).
func resize[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return append(s[:cap(s)], make([]T, n-cap(s))...)
}
