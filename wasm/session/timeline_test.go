package session

import (
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"unsafe"

	"github.com/diffstruct/diffstruct/wasm/wire"
)

// TestTimelineReplaysTheRun runs a hard run and checks the history against
// what the run was at every cycle: the neuron count and set, the events in
// order, and the snapshot At gives (structure exact; at a keyframe, the
// very snapshot the view had then).
func TestTimelineReplaysTheRun(t *testing.T) {
	s, _ := New("task=hard&seed=2")
	const cycles = 3000
	truth := [][]int64{slices.Clone(s.run.IDs(0))}
	live := map[int][]byte{} // the snapshots of the cycles with a birth or death
	for c := 1; c <= cycles; c++ {
		s.Step()
		truth = append(truth, slices.Clone(s.run.IDs(0)))
		if a, d := s.run.Changes(0); len(a)+len(d) > 0 {
			live[c] = s.AppendGraph(nil)
		}
	}
	tl := s.Timeline()
	evs, _ := tl.Events(0)
	if len(evs) == 0 || len(live) == 0 {
		t.Fatal("a hard run of 3000 cycles had no births")
	}
	for i := 1; i < len(evs); i++ {
		if evs[i].Cycle < evs[i-1].Cycle {
			t.Fatalf("events out of order: %+v before %+v", evs[i-1], evs[i])
		}
	}
	for c := 0; c <= cycles; c++ {
		if got := tl.NeuronsAt(c); got != len(truth[c]) {
			t.Fatalf("cycle %d: %d neurons in the timeline, the run had %d", c, got, len(truth[c]))
		}
		if ids, _ := tl.AliveAt(c); !slices.Equal(ids, truth[c]) {
			t.Fatalf("cycle %d: neurons %v, the run had %v", c, ids, truth[c])
		}
	}
	check := func(c int) {
		m, msg := s.At(c, nil)
		var g wire.Graph
		if err := decodeMain(&g, msg); err != nil {
			t.Fatal(err)
		}
		if m.Cycle != c || int(g.Cycle) != c || m.Neurons != len(truth[c]) || g.N() != len(truth[c]) {
			t.Fatalf("At(%d): moment %+v, graph cycle %d with %d neurons; the run had %d", c, m, g.Cycle, g.N(), len(truth[c]))
		}
		for j, id := range truth[c] {
			if g.IDs[j] != uint32(id) {
				t.Fatalf("At(%d): neuron %d is %d, the run had %d", c, j, g.IDs[j], id)
			}
		}
		if len(g.Whh) != g.N()*g.N() || len(g.Hidden) != (g.W()+1)*g.N() {
			t.Fatalf("At(%d): matrices do not match %d neurons", c, g.N())
		}
	}
	for c := 0; c <= cycles; c += 37 {
		check(c)
	}
	for c, want := range live {
		check(c)
		if k := tl.KeyAt(c); k.Cycle != c {
			continue // thinned: weights from an earlier keyframe
		}
		_, msg := s.At(c, nil)
		var g, w wire.Graph
		if decodeMain(&g, msg) != nil || decodeMain(&w, want) != nil {
			t.Fatal("decode")
		}
		if !slices.Equal(g.Whh, w.Whh) || !slices.Equal(g.Probs, w.Probs) || !slices.Equal(g.Strength, w.Strength) {
			t.Fatalf("At(%d) is not the snapshot the run had then", c)
		}
	}
	if m, _ := s.At(cycles, nil); !m.Live || m.Neurons != len(truth[cycles]) {
		t.Fatalf("At(live) = %+v", m)
	}
	if m, _ := s.At(-5, nil); m.Cycle != 0 || m.Neurons != 1 {
		t.Fatalf("At(-5) = %+v, want the start", m)
	}
	st := s.Status(0, Since{})
	if st.Timeline.Start != 0 || st.Timeline.End != cycles || st.Timeline.Events != len(evs) {
		t.Fatalf("status timeline %+v", st.Timeline)
	}
	t.Logf("hard, %d cycles: %d events, %d keyframes, %d bytes held", cycles, len(evs), st.Timeline.Keys, st.Timeline.Bytes)
}

// TestReshapeKeepsWeightsByID checks the structural edit on a small graph.
func TestReshapeKeepsWeightsByID(t *testing.T) {
	g := wire.Graph{
		Alphabet: []rune("ab"), IDs: []uint32{1, 2, 3}, Strength: []float32{1, 2, 3}, Born: []int64{0, 5, 9},
		WxhT: []float32{11, 12, 13, 21, 22, 23}, Why: []float32{-11, -12, -13, -21, -22, -23},
		Whh:    []float32{1, 2, 3, 4, 5, 6, 7, 8, 9},
		Hidden: []float32{.1, .2, .3, .4, .5, .6}, Inputs: []uint8{0},
		Probs: []float32{.5, .5},
	}
	reshape(&g, []int64{1, 3, 7}, map[int64]int{7: 20})
	want := func(name string, got, w []float32) {
		if !slices.Equal(got, w) {
			t.Errorf("%s = %v, want %v", name, got, w)
		}
	}
	if !slices.Equal(g.IDs, []uint32{1, 3, 7}) || !slices.Equal(g.Born, []int64{0, 9, 20}) {
		t.Fatalf("ids %v born %v", g.IDs, g.Born)
	}
	want("strength", g.Strength, []float32{1, 3, 0})
	want("wxhT", g.WxhT, []float32{11, 13, 0, 21, 23, 0})
	want("why", g.Why, []float32{-11, -13, 0, -21, -23, 0})
	want("whh", g.Whh, []float32{1, 3, 0, 7, 9, 0, 0, 0, 0})
	want("hidden", g.Hidden, []float32{.1, .3, 0, .4, .6, 0})
}

// simulate feeds tl a synthetic run of the given cycles: births at rate
// births per cycle, a share short of them living 1-50 cycles and the rest
// long/2 to 3long/2, keyframes the size a wire snapshot of that many neurons
// has (hard task, 40-symbol window). It returns the true count per cycle
// and how many of those neurons were short-lived.
func simulate(tl *Timeline, cycles int, births, short float64, long int, seed uint64) (counts, shorts []int32) {
	rng := rand.New(rand.NewPCG(seed, 1))
	counts, shorts = make([]int32, cycles+1), make([]int32, cycles+1)
	isShort := map[int64]bool{}
	alive := []int64{1}
	deaths := map[int][]int64{}
	next := int64(2)
	var g wire.Graph
	snap := func(dst []byte) []byte {
		n, v, w := len(alive), 6, 40
		g.Alphabet, g.IDs, g.Strength, g.Born = make([]rune, v), make([]uint32, n), make([]float32, n), make([]int64, n)
		g.WxhT, g.Why, g.Whh, g.Hidden = make([]float32, v*n), make([]float32, v*n), make([]float32, n*n), make([]float32, (w+1)*n)
		g.Inputs, g.Probs = make([]uint8, w), make([]float32, w*v)
		return wire.AppendRunners(dst, []wire.Runner{{Name: "growing", Graph: g.Append(nil)}})
	}
	counts[0] = 1
	for c := 1; c <= cycles; c++ {
		var added, deleted []int64
		for _, id := range deaths[c] {
			if i := slices.Index(alive, id); i >= 0 {
				alive = slices.Delete(alive, i, i+1)
				deleted = append(deleted, id)
				delete(isShort, id)
			}
		}
		delete(deaths, c)
		if rng.Float64() < births {
			life := long/2 + rng.IntN(long)
			if rng.Float64() < short {
				life = 1 + rng.IntN(50)
				isShort[next] = true
			}
			deaths[c+life] = append(deaths[c+life], next)
			alive = append(alive, next)
			added = append(added, next)
			next++
		}
		tl.Record(c, added, deleted, snap)
		counts[c], shorts[c] = int32(len(alive)), int32(len(isShort))
	}
	return counts, shorts
}

// TestTimelineMemoryMillion states the memory a 1,000,000-cycle run holds.
// A real run that long takes many minutes on this machine, so the run's
// event stream is simulated: births at 0.012 per cycle (a hard run's first
// 20,000 cycles have 225 births and deaths), 60% of them short-lived, the
// rest living 6,000-18,000 cycles (about 60 neurons alive, as a long hard
// run has), keyframes as large as real ones.
func TestTimelineMemoryMillion(t *testing.T) {
	const cycles = 1_000_000
	if unsafe.Sizeof(Event{}) != 24 || unsafe.Sizeof(Keyframe{}) != 32 {
		t.Fatalf("Timeline.Bytes counts 24 bytes an event and 32 a keyframe, but they take %d and %d", unsafe.Sizeof(Event{}), unsafe.Sizeof(Keyframe{}))
	}
	tl := NewTimeline(0, []int64{1}, EventCap, KeyBudget)
	counts, _ := simulate(tl, cycles, 0.012, 0.6, 12_000, 1)
	for c := 0; c <= cycles; c += 997 {
		if got := tl.NeuronsAt(c); got != int(counts[c]) {
			t.Fatalf("cycle %d: %d neurons in the timeline, the run had %d", c, got, counts[c])
		}
	}
	if tl.Bytes() > memoryBound {
		t.Fatalf("%d bytes held, over the bounds", tl.Bytes())
	}
	var firsts []int
	for _, k := range tl.keys[:min(8, len(tl.keys))] {
		firsts = append(firsts, k.Cycle)
	}
	t.Logf("1,000,000 cycles (simulated hard run, %d neurons at the end): %d events, %d keyframes (the first at %v), %d bytes held (%.2f MiB)",
		counts[cycles], len(tl.events), len(tl.keys), firsts, tl.Bytes(), float64(tl.Bytes())/(1<<20))
}

// TestTimelineThinsADenseStream floods the history with births and deaths
// (0.2 births per cycle, 95% of them short-lived) past its caps: memory stays
// bounded; only short lives are dropped (the count is never below the long
// lives alive, nor above the truth); before the events kept, the count is
// the keyframe's.
func TestTimelineThinsADenseStream(t *testing.T) {
	const cycles = 200_000
	tl := NewTimeline(0, []int64{1}, 4096, 256<<10)
	counts, shorts := simulate(tl, cycles, 0.2, 0.95, 2000, 2)
	if len(tl.events) > 4096 || tl.keyBytes > 256<<10 || tl.lost == 0 {
		t.Fatalf("events %d, key bytes %d, lives dropped %d", len(tl.events), tl.keyBytes, tl.lost)
	}
	exact := 0
	for c := 0; c <= cycles; c += 101 {
		got, want := tl.NeuronsAt(c), int(counts[c])
		if c < tl.baseCycle { // events folded away: the keyframe's count
			if k := tl.KeyAt(c).Cycle; got != int(counts[k]) {
				t.Fatalf("cycle %d, before the events (%d): %d neurons, the keyframe at %d had %d", c, tl.baseCycle, got, k, counts[k])
			}
			continue
		}
		if got > want || want-got > int(shorts[c]) {
			t.Fatalf("cycle %d: %d neurons in the timeline, the run had %d", c, got, want)
		}
		if got == want {
			exact++
		}
	}
	evs, _ := tl.Events(0)
	for i := 1; i < len(evs); i++ {
		if evs[i].Cycle < evs[i-1].Cycle {
			t.Fatal("events out of order after thinning")
		}
	}
	t.Logf("dense stream, %d cycles: %d events kept from cycle %d, %d short lives dropped, %d keyframes, counts exact at %d of %d sampled cycles, %d bytes",
		cycles, len(evs), tl.baseCycle, tl.lost, len(tl.keys), exact, cycles/101+1, tl.Bytes())
}

// memoryBound is what a history may hold at most: its events at their cap,
// its keyframes at their budget, and a margin for the slices' headroom and
// the base set.
const memoryBound = EventCap*24 + KeyBudget + 1<<20

// TestTimelineLongRealRun trains a real hard run and checks, at ten points
// along it, that the history stays within memoryBound and its caps, that it
// still reaches back to cycle 0, and that the neuron count it replays for
// the live cycle is the run's. It runs 40,000 cycles (the keyframes pass
// their budget after about 18,000, so thinning is exercised; about a second);
// DIFFSTRUCT_LONG=cycles runs longer (a million take many minutes here).
func TestTimelineLongRealRun(t *testing.T) {
	n := 40_000
	if s := os.Getenv("DIFFSTRUCT_LONG"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			t.Fatalf("DIFFSTRUCT_LONG=%q: want a number of cycles, at least 1", s)
		}
		n = v
	} else if testing.Short() {
		t.Skip("trains 40,000 cycles")
	}
	s, err := New("task=hard&seed=1")
	if err != nil {
		t.Fatal(err)
	}
	every := max(1, n/10)
	for c := 1; c <= n; c++ {
		s.cycle()
		if c%every != 0 && c != n {
			continue
		}
		tl := s.Timeline()
		alive := len(s.run.IDs(0))
		t.Logf("cycle %d: %d neurons, %d events, %d keyframes, %d bytes held (%.2f MiB)",
			c, alive, len(tl.events), len(tl.keys), tl.Bytes(), float64(tl.Bytes())/(1<<20))
		if tl.Bytes() > memoryBound {
			t.Fatalf("cycle %d: %d bytes held, over the bound %d", c, tl.Bytes(), memoryBound)
		}
		if len(tl.events) > EventCap || tl.keyBytes > KeyBudget {
			t.Fatalf("cycle %d: %d events (cap %d), %d keyframe bytes (budget %d)", c, len(tl.events), EventCap, tl.keyBytes, KeyBudget)
		}
		if first, last := tl.Range(); first != 0 || last != s.run.Cycle() {
			t.Fatalf("cycle %d: the history spans %d..%d, want 0..%d", c, first, last, s.run.Cycle())
		}
		if got := tl.NeuronsAt(s.run.Cycle()); got != alive {
			t.Fatalf("cycle %d: the history replays %d neurons, the run has %d", c, got, alive)
		}
	}
}

// TestTimelineRace rewinds a race: every runner is in the past snapshot,
// the main one with the neuron set it had then.
func TestTimelineRace(t *testing.T) {
	s, _ := New("task=hard&race=10,37&seed=4")
	var truth [][]int64
	for range 600 {
		truth = append(truth, slices.Clone(s.run.IDs(0)))
		s.Step()
	}
	for _, c := range []int{0, 150, 333, 599} {
		m, msg := s.At(c, nil)
		parts, err := wire.SplitRunners(msg)
		if err != nil || len(parts) != 3 {
			t.Fatalf("At(%d): %d runners, %v", c, len(parts), err)
		}
		var g wire.Graph
		for i, part := range parts {
			if err := g.Decode(part.Graph); err != nil || int(g.Cycle) != c {
				t.Fatalf("At(%d): runner %d at cycle %d, %v", c, i, g.Cycle, err)
			}
			if want := []int{len(truth[c]), 10, 37}[i]; g.N() != want {
				t.Fatalf("At(%d): runner %d has %d neurons, want %d", c, i, g.N(), want)
			}
		}
		if m.Neurons != len(truth[c]) {
			t.Fatalf("At(%d) = %+v, the run had %d neurons", c, m, len(truth[c]))
		}
	}
}
