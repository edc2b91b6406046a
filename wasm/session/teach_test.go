package session

import (
	"bytes"
	"encoding/json"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/core/race"
	"github.com/diffstruct/diffstruct/core/rnn"
	"github.com/diffstruct/diffstruct/wasm/linkstate"
	"github.com/diffstruct/diffstruct/wasm/wire"
)

func TestRaceFollowsCoreRace(t *testing.T) {
	s, probs := New("task=hard&seed=5&race=10,37&play=1&stop=120")
	if len(probs) != 0 {
		t.Fatal(probs)
	}
	if !s.Racing() || len(s.Rivals()) != 2 {
		t.Fatalf("racing=%v rivals=%d", s.Racing(), len(s.Rivals()))
	}
	clock, _ := fakeClock(0.01)
	for i := 0; i < 10000 && s.Playing(); i++ {
		s.Tick(clock)
	}
	st := s.Status(1000)
	if st.Cycle != 120 || len(st.Race) != 3 {
		t.Fatalf("cycle %d, %d runners", st.Cycle, len(st.Race))
	}
	// The same race, run by core/race directly, gives the same networks.
	cfg, _ := s.State().Config()
	ref, err := race.New(cfg, []int{10, 37})
	if err != nil {
		t.Fatal(err)
	}
	for range 120 {
		if err := ref.Step(); err != nil {
			t.Fatal(err)
		}
	}
	ranks := map[int]bool{}
	for i, r := range ref.Runners() {
		got := st.Race[i]
		if got.Name != r.Name || got.Neurons != r.Engine.N() || got.Loss != r.Engine.Loss() {
			t.Errorf("runner %d: %+v, core/race has %s %d neurons loss %g", i, got, r.Name, r.Engine.N(), r.Engine.Loss())
		}
		if len(got.Strengths) != got.Neurons || len(got.Edges) > MiniEdges {
			t.Errorf("runner %d: %d strengths, %d edges", i, len(got.Strengths), len(got.Edges))
		}
		ranks[got.Rank] = true
		if (got.Rank == 1) != (got.Behind == 0) {
			t.Errorf("runner %d: rank %d behind %g", i, got.Rank, got.Behind)
		}
	}
	if len(ranks) != 3 {
		t.Errorf("ranks %v", ranks)
	}
	if st.Race[1].Neurons != 10 || st.Race[2].Neurons != 37 {
		t.Errorf("fixed sizes %d %d", st.Race[1].Neurons, st.Race[2].Neurons)
	}
	// The chart history carries every rival's loss.
	if p := st.History.Now; len(p.Rivals) != 2 || p.Rivals[1] != st.Race[2].Loss {
		t.Errorf("history point %+v", p)
	}
	if !strings.Contains(s.Fragment(), "race=10%2C37") {
		t.Errorf("fragment %q", s.Fragment())
	}
	csv := string(s.CSV())
	if !strings.HasPrefix(csv, "cycle,loss_per_window,loss_per_symbol,neurons,loss_fixed_10,loss_fixed_37\n") {
		t.Errorf("csv head: %.120s", csv)
	}
}

func TestRaceTaskSwitchKeepsRunnersTogether(t *testing.T) {
	s, _ := New("task=easy&race=10")
	run(t, s, 50)
	s.Set("task", "hard")
	run(t, s, 50)
	for _, e := range append(s.Rivals(), s.Engine()) {
		if e.Phase() != "hard" || e.Cycle() != 100 {
			t.Fatalf("runner on %s at %d", e.Phase(), e.Cycle())
		}
	}
	// The link replays the race with its switch, network for network.
	r, probs := New(s.Fragment())
	if len(probs) != 0 || !strings.Contains(s.Fragment(), "switch=hard%4050") {
		t.Fatalf("%v %q", probs, s.Fragment())
	}
	run(t, r, 100)
	a, b := s.Status(0).Race, r.Status(0).Race
	for i := range a {
		if a[i].Digest != b[i].Digest {
			t.Fatalf("%s differs when replayed from the link", a[i].Name)
		}
	}
}

func TestHideAndTourKeepTheRun(t *testing.T) {
	s, _ := New("task=hard")
	run(t, s, 30)
	if p := s.Set("hide", "charts"); len(p) != 0 {
		t.Fatal(p)
	}
	s.Set("tour", "1")
	if s.Engine().Cycle() != 30 || !strings.Contains(s.Fragment(), "hide=charts") {
		t.Fatalf("cycle %d fragment %q", s.Engine().Cycle(), s.Fragment())
	}
}

func TestSaveLoadContinuesExactly(t *testing.T) {
	a, _ := New("task=hard&seed=9")
	run(t, a, 300)
	var saved bytes.Buffer
	if err := a.Save(&saved); err != nil {
		t.Fatal(err)
	}
	b, _ := New("task=easy&seed=2&race=10")
	run(t, b, 10)
	if err := b.Load(bytes.NewReader(saved.Bytes()), "net.json"); err != nil {
		t.Fatal(err)
	}
	if b.Racing() || b.Playing() || b.Engine().Cycle() != 300 || b.Loaded() != "net.json" {
		t.Fatalf("after load: racing=%v playing=%v cycle %d", b.Racing(), b.Playing(), b.Engine().Cycle())
	}
	var again bytes.Buffer
	b.Save(&again)
	if !bytes.Equal(saved.Bytes(), again.Bytes()) {
		t.Fatal("saving the loaded network gives another file")
	}
	st := b.Status(0)
	if st.Loaded != "net.json" || !strings.Contains(st.Notice, "cycle 300") || !st.History.Reset || st.History.Points[0].Cycle != 300 {
		t.Fatalf("status after load: loaded %q notice %q history %+v", st.Loaded, st.Notice, st.History)
	}
	run(t, a, 200)
	run(t, b, 200)
	if a.Engine().Digest() != b.Engine().Digest() {
		t.Fatal("the loaded run diverged from the original")
	}
}

func TestLoadRefusesBadFilesAndKeepsTheRun(t *testing.T) {
	s, _ := New("task=hard&seed=4&play=1")
	run(t, s, 40)
	var good bytes.Buffer
	s.Save(&good)
	s.Play()
	digest, frag := s.Engine().Digest(), s.Fragment()
	var snap map[string]any
	json.Unmarshal(good.Bytes(), &snap)
	snap["cycle"] = -5
	hostile, _ := json.Marshal(snap)
	for name, data := range map[string][]byte{
		"truncated": good.Bytes()[:good.Len()/2],
		"garbage":   []byte("\x00\x01not json"),
		"empty":     nil,
		"hostile":   hostile,
		"other":     []byte(`{"format":"something-else","version":1}`),
	} {
		err := s.Load(bytes.NewReader(data), name)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if !strings.Contains(err.Error(), "network file") {
			t.Errorf("%s: unclear error %v", name, err)
		}
		if s.Engine().Digest() != digest || s.Fragment() != frag || !s.Playing() || s.Loaded() != "" {
			t.Fatalf("%s: the run changed", name)
		}
	}
	if _, err := engine.Load(bytes.NewReader(good.Bytes())); err != nil {
		t.Fatal(err)
	}
}

func TestRaceLinkRoundTrip(t *testing.T) {
	st, _ := linkstate.Parse("race=10,37,100&task=hard")
	s, _ := New(linkstate.Format(st))
	if len(s.Rivals()) != 3 || s.Rivals()[2].N() != 100 {
		t.Fatalf("rivals %d", len(s.Rivals()))
	}
}

func TestStrongestEdgesAreTheLargest(t *testing.T) {
	s, _ := New("task=hard&race=37")
	run(t, s, 30)
	e := s.Rivals()[0]
	got := strongest(e, MiniEdges)
	w, n := e.Net().Param(rnn.Whh), e.N()
	var all []float64
	for i := range n {
		for j := range n {
			if i != j {
				all = append(all, math.Abs(w[i*n+j]))
			}
		}
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(all)))
	if len(got) != MiniEdges {
		t.Fatalf("%d edges", len(got))
	}
	for k, g := range got {
		if i, j := int(g[1]), int(g[0]); math.Abs(w[i*n+j]) != all[k] {
			t.Fatalf("edge %d: |w| %g, want %g", k, math.Abs(w[i*n+j]), all[k])
		}
	}
}

func TestRaceOfTheFixedPresetNamesItsMain(t *testing.T) {
	s, _ := New("preset=fixed&n=20&race=10")
	if got := s.Status(0).Race[0].Name; got != "main, fixed 20" {
		t.Fatalf("name %q", got)
	}
}

func TestRaceGraphCarriesEveryNetwork(t *testing.T) {
	s, _ := New("task=hard&race=10,37")
	run(t, s, 20)
	msg := s.AppendGraph(nil)
	rs, err := wire.SplitRace(msg)
	if err != nil || len(rs) != 3 {
		t.Fatalf("%v, %d runners", err, len(rs))
	}
	for i, want := range []int{s.Engine().N(), 10, 37} {
		var g wire.Graph
		if err := g.Decode(rs[i].Graph); err != nil || g.N() != want || g.Cycle != 20 {
			t.Fatalf("runner %d (%s): %v, %d neurons at cycle %d", i, rs[i].Name, err, g.N(), g.Cycle)
		}
	}
	if rs[0].Name != "growing" || rs[2].Name != "fixed 37" {
		t.Fatalf("names %q %q", rs[0].Name, rs[2].Name)
	}
	// Outside a race, a single snapshot as before.
	one, _ := New("task=hard")
	if wire.IsRace(one.AppendGraph(nil)) {
		t.Fatal("a single run sends a race message")
	}
}
