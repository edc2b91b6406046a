package session

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/core/race"
	"github.com/diffstruct/diffstruct/wasm/linkstate"
	"github.com/diffstruct/diffstruct/wasm/wire"
)

func TestRaceFollowsCoreRace(t *testing.T) {
	s, probs := New("task=hard&seed=5&race=10,37&play=1&stop=120&speed=max")
	if len(probs) != 0 {
		t.Fatal(probs)
	}
	if s.Runners() != 3 {
		t.Fatalf("%d runners, want the growing one and 2 rivals", s.Runners())
	}
	clock, _ := fakeClock(0.01)
	for i := 0; i < 10000 && s.Playing(); i++ {
		s.Tick(clock)
	}
	st := s.Status(1000, Since{})
	if st.Cycle != 120 || len(st.Runners) != 3 {
		t.Fatalf("cycle %d, %d runners", st.Cycle, len(st.Runners))
	}
	// The same race, run by core/race directly, gives the same networks.
	cfg, _ := s.State().Config()
	ref, err := race.New(cfg, []int{10, 37})
	if err != nil {
		t.Fatal(err)
	}
	for range 120 {
		if err := ref.Step(nil); err != nil {
			t.Fatal(err)
		}
	}
	ranks := map[int]bool{}
	rs, err := wire.SplitRunners(s.AppendGraph(nil))
	if err != nil || len(rs) != ref.Len() {
		t.Fatalf("graph: %v, %d runners", err, len(rs))
	}
	for i := range ref.Len() {
		got := st.Runners[i]
		var o engine.Observation
		ref.Observe(i, &o)
		if got.Name != ref.Name(i) || got.Neurons != o.N() || got.Loss != o.Loss {
			t.Errorf("runner %d: %+v, core/race has %s %d neurons loss %g", i, got, ref.Name(i), o.N(), o.Loss)
		}
		// Each network's strengths travel once, in its graph snapshot.
		var g wire.Graph
		if err := g.Decode(rs[i].Graph); err != nil || len(g.Strength) != got.Neurons {
			t.Errorf("runner %d: %v, %d strengths in its snapshot", i, err, len(g.Strength))
		}
		ranks[got.Rank] = true
		if (got.Rank == 1) != (got.Behind == 0) {
			t.Errorf("runner %d: rank %d behind %g", i, got.Rank, got.Behind)
		}
	}
	if len(ranks) != 3 {
		t.Errorf("ranks %v", ranks)
	}
	if st.Runners[1].Neurons != 10 || st.Runners[2].Neurons != 37 {
		t.Errorf("fixed sizes %d %d", st.Runners[1].Neurons, st.Runners[2].Neurons)
	}
	// The chart history carries every rival's loss.
	if p := st.History.Now; len(p.Rivals) != 2 || p.Rivals[1] != st.Runners[2].Loss {
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
	for i := range s.Runners() {
		if o := s.Observe(i); o.Phase != "hard" || o.Cycle != 100 {
			t.Fatalf("runner on %s at %d", o.Phase, o.Cycle)
		}
	}
	// The link replays the race with its switch, network for network.
	r, probs := New(s.Fragment())
	if len(probs) != 0 || !strings.Contains(s.Fragment(), "switch=hard%4050") {
		t.Fatalf("%v %q", probs, s.Fragment())
	}
	run(t, r, 100)
	a, b := s.Status(0, Since{}).Runners, r.Status(0, Since{}).Runners
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
	if s.Cycle() != 30 || !strings.Contains(s.Fragment(), "hide=charts") {
		t.Fatalf("cycle %d fragment %q", s.Cycle(), s.Fragment())
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
	if b.Runners() != 1 || b.Playing() || b.Cycle() != 300 || b.Loaded() != "net.json" {
		t.Fatalf("after load: %d runners, playing=%v cycle %d", b.Runners(), b.Playing(), b.Cycle())
	}
	var again bytes.Buffer
	b.Save(&again)
	if !bytes.Equal(saved.Bytes(), again.Bytes()) {
		t.Fatal("saving the loaded network gives another file")
	}
	st := b.Status(0, Since{})
	if st.Loaded != "net.json" || !strings.Contains(st.Notice, "cycle 300") || !st.History.Reset || st.History.Points[0].Cycle != 300 {
		t.Fatalf("status after load: loaded %q notice %q history %+v", st.Loaded, st.Notice, st.History)
	}
	run(t, a, 200)
	run(t, b, 200)
	if a.Observe(0).Digest != b.Observe(0).Digest {
		t.Fatal("the loaded run diverged from the original")
	}
}

func TestLoadRefusesBadFilesAndKeepsTheRun(t *testing.T) {
	s, _ := New("task=hard&seed=4&play=1")
	run(t, s, 40)
	var good bytes.Buffer
	s.Save(&good)
	s.Play()
	digest, frag := s.Observe(0).Digest, s.Fragment()
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
		if s.Observe(0).Digest != digest || s.Fragment() != frag || !s.Playing() || s.Loaded() != "" {
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
	if s.Runners() != 4 || s.Observe(3).N() != 100 {
		t.Fatalf("%d runners", s.Runners())
	}
}

func TestRaceOfTheFixedPresetNamesItsMain(t *testing.T) {
	s, _ := New("preset=fixed&n=20&race=10")
	if got := s.Status(0, Since{}).Runners[0].Name; got != "main, fixed 20" {
		t.Fatalf("name %q", got)
	}
}

func TestRaceGraphCarriesEveryNetwork(t *testing.T) {
	s, _ := New("task=hard&race=10,37")
	run(t, s, 20)
	msg := s.AppendGraph(nil)
	rs, err := wire.SplitRunners(msg)
	if err != nil || len(rs) != 3 {
		t.Fatalf("%v, %d runners", err, len(rs))
	}
	for i, want := range []int{s.Observe(0).N(), 10, 37} {
		var g wire.Graph
		if err := g.Decode(rs[i].Graph); err != nil || g.N() != want || g.Cycle != 20 {
			t.Fatalf("runner %d (%s): %v, %d neurons at cycle %d", i, rs[i].Name, err, g.N(), g.Cycle)
		}
	}
	if rs[0].Name != "growing" || rs[2].Name != "fixed 37" {
		t.Fatalf("names %q %q", rs[0].Name, rs[2].Name)
	}
	// Outside a race, the same message with a list of one.
	one, _ := New("task=hard")
	if rs, err := wire.SplitRunners(one.AppendGraph(nil)); err != nil || len(rs) != 1 || rs[0].Name != "growing" {
		t.Fatalf("a single run: %v, %d runners", err, len(rs))
	}
}
