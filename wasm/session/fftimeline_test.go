package session

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/diffstruct/diffstruct/wasm/wire"
)

// TestFFTimelineRealRun trains a real spiral run with a race and rewinds
// it: every past cycle's widths per layer (and so its neuron count) are
// replayed exact from the events, the snapshot is the keyframe's at or
// before it, for every runner, and the reach goes back to cycle 0; the
// live cycle is the run now.
func TestFFTimelineRealRun(t *testing.T) {
	for _, c := range []struct {
		link           string
		cycles, budget int
		every          int
	}{
		{"model=ff&data=spiral&seed=3&race=4", 3000, KeyBudget, 7},
		{"model=ff&data=spiral&seed=3&race=4", 3000, 150 << 10, 7},
		{"model=ff&data=spiral&seed=2", 80_000, 300 << 10, 97}, // layers come and go
	} {
		t.Run(fmt.Sprintf("%d cycles, keyframes in %d KiB", c.cycles, c.budget>>10), func(t *testing.T) { ffRewind(t, c.link, c.cycles, c.budget, c.every) })
	}
}

// ffRewind is TestFFTimelineRealRun with the keyframes in budget bytes (a
// small one thins them, so most past cycles are drawn from a keyframe
// reshaped by the events since).
func ffRewind(t *testing.T, link string, cycles, budget, every int) {
	l := openFF(t, link)
	l.tl.keyBudget = budget
	widths := [][]int{slices.Clone(l.Widths())}
	for range cycles {
		l.Step()
		widths = append(widths, slices.Clone(l.Widths()))
	}
	info := l.TimelineInfo()
	if info.Start != 0 || info.End != cycles || info.Keys < 2 {
		t.Fatalf("timeline %+v, want cycles 0 to %d and keyframes", info, cycles)
	}
	if info.Events == 0 {
		t.Fatalf("no births or deaths in %d cycles of a growing network: %+v", cycles, info)
	}
	if st := l.Status(0, Since{}); st.Timeline != info {
		t.Errorf("status timeline %+v, want %+v", st.Timeline, info)
	}
	reshaped := 0
	for c := 0; c <= cycles; c += every {
		m, b := l.At(c, nil)
		if m.KeyCycle != c {
			reshaped++
		}
		if m.Cycle != c || m.KeyCycle > c || !slices.Equal(m.Widths, widths[c]) {
			t.Fatalf("cycle %d: moment %+v, the run had widths %v", c, m, widths[c])
		}
		if m.Live != (c == cycles) {
			t.Fatalf("cycle %d: live %v", c, m.Live)
		}
		parts, err := wire.SplitRunners(b)
		if err != nil || len(parts) != l.m.Len() {
			t.Fatalf("cycle %d: %d runners, %v", c, len(parts), err)
		}
		for i, p := range parts {
			var g wire.Layered
			if err := g.Decode(p.Graph); err != nil || g.Cycle != int64(c) || g.Res != MapRes || len(g.OutMap) != OutMapRes*OutMapRes {
				t.Fatalf("cycle %d, %s: cycle %d res %d, %v", c, p.Name, g.Cycle, g.Res, err)
			}
			if i > 0 {
				continue
			}
			var drawn []int
			for _, layer := range g.Layers {
				drawn = append(drawn, len(layer.IDs))
				if len(layer.W) != len(layer.IDs)*cols(&g, drawn) || len(layer.Maps) != len(layer.IDs) {
					t.Fatalf("cycle %d: a layer of %d neurons has %d weights and %d maps", c, len(layer.IDs), len(layer.W), len(layer.Maps))
				}
			}
			if !slices.Equal(drawn, widths[c]) {
				t.Fatalf("cycle %d: the view draws widths %v, the run had %v (keyframe %d)", c, drawn, widths[c], m.KeyCycle)
			}
		}
	}
	if m, _ := l.At(-5, nil); m.Cycle != 0 || m.KeyCycle != 0 || m.Neurons != sum(widths[0]) {
		t.Errorf("reach back: %+v, want cycle 0 with %d neurons", m, sum(widths[0]))
	}
	t.Logf("%d cycles: widths %v, %d events, %d layer events, %d keyframes, %d bytes; %d of the cycles asked drawn from an earlier keyframe",
		cycles, l.Widths(), info.Events, len(l.LayerEvents()), info.Keys, info.Bytes, reshaped)
	l.Reset()
	if info := l.TimelineInfo(); info.Start != 0 || info.End != 0 || info.Events != 0 {
		t.Errorf("after a reset: %+v", info)
	}
}

// cols is the inputs of the last layer of drawn (the widths so far) in g.
func cols(g *wire.Layered, drawn []int) int {
	if len(drawn) == 1 {
		return len(g.FeatMaps)
	}
	return drawn[len(drawn)-2]
}

func sum(x []int) int {
	n := 0
	for _, v := range x {
		n += v
	}
	return n
}

// TestFFTimelineMemoryBound simulates a long feed-forward run (a million
// cycles; births, short and long lives in three layers, a layer now and
// then) with keyframes of a real spiral snapshot's size: the history stays
// within its bounds, the layer events too, and reaches back to cycle 0.
func TestFFTimelineMemoryBound(t *testing.T) {
	l := openFF(t, "model=ff&data=spiral&seed=1&race=4")
	snap := l.AppendGraph(nil)
	ft := &ffTimeline{Timeline: NewTimeline(0, []int64{1, 2}, EventCap, KeyBudget), prev: map[int64]int16{1: 0, 2: 0}, width: 1}
	ft.Record(0, nil, nil, func(d []byte) []byte { return append(d, snap...) })
	rng := rand.New(rand.NewPCG(5, 6))
	alive := map[int64]int16{1: 0, 2: 0}
	next := int64(3)
	const cycles = 1_000_000
	for c := 1; c <= cycles; c++ {
		var added, deleted []int64
		if rng.Float64() < 0.02 {
			id := next
			next++
			alive[id] = int16(rng.IntN(3))
			added = append(added, id)
		}
		if rng.Float64() < 0.019 && len(alive) > 2 {
			for id := range alive {
				if id > 2 {
					deleted = append(deleted, id)
					break
				}
			}
		}
		layers := map[int64]int16{}
		for _, id := range deleted {
			layers[id] = alive[id]
			delete(alive, id)
		}
		for _, id := range added {
			layers[id] = alive[id]
		}
		force := false
		if c%50_000 == 0 {
			ft.addLayer(LayerEvent{Cycle: c, Layer: ft.width, Added: true})
			ft.width++
			force = true
		}
		ft.RecordLayers(c, added, deleted, func(id int64) int16 { return layers[id] }, force, func(d []byte) []byte { return append(d, snap...) })
	}
	if ft.Bytes() > memoryBound+LayerCap*24 {
		t.Fatalf("%d bytes held, over the bounds (%d)", ft.Bytes(), memoryBound+LayerCap*24)
	}
	if len(ft.events) > EventCap || ft.keyBytes > KeyBudget {
		t.Fatalf("%d events, %d key bytes", len(ft.events), ft.keyBytes)
	}
	if k := ft.KeyAt(0); k.Cycle != 0 {
		t.Fatalf("reach back: the first keyframe is at cycle %d", k.Cycle)
	}
	if a, b := ft.Range(); a != 0 || b != cycles {
		t.Fatalf("range %d to %d", a, b)
	}
	t.Logf("%d cycles, snapshot %d bytes: %d events, %d keyframes, %d layer events, %d bytes held (%.2f MiB)",
		cycles, len(snap), len(ft.events), len(ft.keys), len(ft.layers), ft.Bytes(), float64(ft.Bytes())/(1<<20))
}
