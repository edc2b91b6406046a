package session

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/diffstruct/diffstruct/core/points"
	"github.com/diffstruct/diffstruct/wasm/linkstate"
	"github.com/diffstruct/diffstruct/wasm/wire"
)

// stepClock advances by step ms at every reading.
func stepClock(step float64) Clock {
	t := 0.0
	return func() float64 { t += step; return t }
}

func openFF(t *testing.T, link string) *Layered {
	t.Helper()
	r, probs := Open(link)
	if len(probs) != 0 {
		t.Fatalf("%s: problems %v", link, probs)
	}
	l, ok := r.(*Layered)
	if !ok {
		t.Fatalf("%s: a %T, want a *Layered", link, r)
	}
	return l
}

func TestOpenDispatchesOnModel(t *testing.T) {
	if _, ok := mustOpen(t, "#task=hard").(*Session); !ok {
		t.Error("a sequence link does not open a Session")
	}
	if _, ok := mustOpen(t, "#model=sequence&task=hard").(*Session); !ok {
		t.Error("model=sequence does not open a Session")
	}
	l := openFF(t, "#model=ff")
	st := l.Status(0, Since{})
	if st.Kind != "ff" || st.FF == nil || st.FF.Data != "spiral" || st.Neurons < 1 || len(st.FF.Widths) == 0 {
		t.Errorf("status %+v %+v", st, st.FF)
	}
	if s := mustOpen(t, "#task=hard").Status(0, Since{}); s.Kind != "sequence" || s.FF != nil {
		t.Errorf("sequence status kind %q ff %v", s.Kind, s.FF)
	}
}

func mustOpen(t *testing.T, link string) Run {
	t.Helper()
	r, probs := Open(link)
	if len(probs) != 0 {
		t.Fatalf("%s: %v", link, probs)
	}
	return r
}

func TestFFPlayStepsIt(t *testing.T) {
	l := openFF(t, "#model=ff&data=circle&speed=max&play=1")
	if !l.Playing() {
		t.Fatal("play=1 does not play")
	}
	clock := stepClock(0.5)
	for range 5 {
		l.Tick(clock)
	}
	if l.Cycle() == 0 {
		t.Fatal("playing at full speed trained no cycle")
	}
	l.Pause()
	c := l.Cycle()
	if l.Tick(clock) >= 0 || l.Cycle() != c {
		t.Error("a paused run trains")
	}
	l.Step()
	if l.Cycle() != c+1 || l.Playing() {
		t.Errorf("step: cycle %d (want %d), playing %v", l.Cycle(), c+1, l.Playing())
	}
	// A paced speed: 10 steps a second for one second of ticks.
	p := openFF(t, "#model=ff&speed=10&play=1")
	now := 0.0
	clk := func() float64 { return now }
	for now = 0; now <= 1000; now += 20 {
		p.Tick(clk)
	}
	if c := p.Cycle(); c < 8 || c > 13 {
		t.Errorf("10 cycles/s for a second ran %d cycles", c)
	}
}

func TestFFResetReseedsToTheSameDigest(t *testing.T) {
	l := openFF(t, "#model=ff&data=xor&seed=5")
	start := l.Digest()
	for range 300 {
		l.Step()
	}
	if l.Digest() == start {
		t.Fatal("training did not change the digest")
	}
	after := l.Digest()
	l.Reset()
	if l.Cycle() != 0 || l.Digest() != start {
		t.Fatalf("reset: cycle %d digest %x, want 0 and %x", l.Cycle(), l.Digest(), start)
	}
	for range 300 {
		l.Step()
	}
	if l.Digest() != after {
		t.Errorf("the run after a reset differs: %x, want %x", l.Digest(), after)
	}
}

func TestFFLinkReproducesItsFingerprint(t *testing.T) {
	const link = "#model=ff&data=circle&seed=3"
	run := func() (string, string) {
		l := openFF(t, link)
		for range 500 {
			l.Step()
		}
		return l.Status(0, Since{}).Digest, l.Fragment()
	}
	d1, frag := run()
	d2, _ := run()
	if d1 != d2 || len(d1) != 16 {
		t.Fatalf("the same link gives %s and %s", d1, d2)
	}
	// The link the page shares opens the same run.
	l := openFF(t, "#"+frag)
	for range 500 {
		l.Step()
	}
	if d := l.Status(0, Since{}).Digest; d != d1 {
		t.Errorf("the shared link %q gives %s, want %s", frag, d, d1)
	}
	// Another seed, another run.
	o := openFF(t, "#model=ff&data=circle&seed=4")
	for range 500 {
		o.Step()
	}
	if o.Status(0, Since{}).Digest == d1 {
		t.Error("seed 4 gives seed 3's run")
	}
}

func TestFFBadValuesGiveNotices(t *testing.T) {
	r, probs := Open("#model=ff&data=moon&noise=99&seed=2")
	if len(probs) != 2 || probs[0].Key != "data" || probs[1].Key != "noise" {
		t.Fatalf("problems %v", probs)
	}
	var fe *points.FieldError
	if !errors.As(probs[1].Err, &fe) || fe.Fault != points.OutOfRange {
		t.Errorf("noise: not a typed error: %#v", probs[1].Err)
	}
	if st := r.Status(0, Since{}); st.FF == nil || st.FF.Data != "spiral" {
		t.Errorf("the fallback is not the default set: %+v", st.FF)
	}
	// A bad setting from the page keeps the run.
	l := r.(*Layered)
	l.Step()
	if p := l.Set("test", "95"); len(p) != 1 || p[0].Key != "test" || l.Cycle() != 1 {
		t.Errorf("set test=95: %v, cycle %d", p, l.Cycle())
	}
	if p := l.Set("task", "hard"); len(p) != 1 || !strings.Contains(p[0].String(), "model=ff") {
		t.Errorf("set task on an ff run: %v", p)
	}
	// A good one starts a new run, and the status follows it.
	before := l.Status(0, Since{})
	l.Reset()
	if st := l.Status(0, Since{}); st.Digest == before.Digest || st.Cycle != 0 {
		t.Errorf("the status after a reset is the old one: %s at %d", st.Digest, st.Cycle)
	}
	if p := l.Set("data", "gauss"); len(p) != 0 || l.Cycle() != 0 || !strings.Contains(l.Fragment(), "data=gauss") {
		t.Errorf("set data: %v, cycle %d, %s", p, l.Cycle(), l.Fragment())
	}
	if p := l.Set("points", "80"); len(p) != 0 {
		t.Fatal(p)
	}
	if st := l.Status(0, Since{}); st.FF.Data != "gauss" || st.FF.TrainPoints+st.FF.TestPoints != 80 {
		t.Errorf("status after set data and points: %+v", st.FF)
	}
}

func TestFFSnapshotIsLayered(t *testing.T) {
	l := openFF(t, "#model=ff&data=circle&points=100&race=4-2")
	for range 20 {
		l.Step()
	}
	rs, err := wire.SplitRunners(l.AppendGraph(nil))
	if err != nil || len(rs) != 2 {
		t.Fatalf("%d runners, %v", len(rs), err)
	}
	for i, r := range rs {
		if r.Kind != wire.KindLayered {
			t.Fatalf("runner %d kind %d", i, r.Kind)
		}
		var g wire.Layered
		if err := g.Decode(r.Graph); err != nil {
			t.Fatal(err)
		}
		if g.Res != MapRes || g.OutRes != OutMapRes || len(g.Points) != 100 || g.Cycle != 20 || len(g.OutMap) != OutMapRes*OutMapRes || len(g.FeatMaps) != 2 {
			t.Errorf("runner %d: res %d, out res %d, %d points, cycle %d", i, g.Res, g.OutRes, len(g.Points), g.Cycle)
		}
		tests := 0
		for _, p := range g.Points {
			if p.Test {
				tests++
			}
		}
		if tests != 50 {
			t.Errorf("runner %d: %d test points, want 50", i, tests)
		}
		last := g.Layers[len(g.Layers)-1]
		if len(last.Out) != len(last.IDs) || len(last.Maps) != len(last.IDs) {
			t.Errorf("runner %d: last layer out %d maps %d ids %d", i, len(last.Out), len(last.Maps), len(last.IDs))
		}
	}
	if rs[1].Name != "fixed 4-2" {
		t.Errorf("rival named %q", rs[1].Name)
	}
	st := l.Status(0, Since{})
	if len(st.Runners) != 2 || st.Runners[1].Neurons != 6 {
		t.Errorf("runners %+v", st.Runners)
	}
}

func TestFFHistoryIsBoundedWithTestLoss(t *testing.T) {
	l := openFF(t, "#model=ff&data=gauss")
	for range 2000 {
		l.Step()
	}
	st := l.Status(0, Since{})
	if len(st.History.Points) == 0 || len(st.History.Points) > HistoryCap {
		t.Fatalf("%d points", len(st.History.Points))
	}
	p := st.History.Points[len(st.History.Points)-1]
	if p.Test <= 0 || p.Loss <= 0 || p.Neurons < 1 {
		t.Errorf("point %+v", p)
	}
	b, _ := json.Marshal(st)
	for _, k := range []string{`"kind":"ff"`, `"test_loss"`, `"widths"`, `"accuracy"`, `"t":`} {
		if !strings.Contains(string(b), k) {
			t.Errorf("status JSON lacks %s", k)
		}
	}
	if csv := string(l.CSV()); !strings.HasPrefix(csv, "cycle,train_loss,test_loss,neurons\n") {
		t.Errorf("csv %q", csv[:40])
	}
	// The history's growth is bounded: the stride doubles.
	h := NewHistory(FFHistoryStride, HistoryCap)
	for c := range 1000000 {
		h.Add(Point{Cycle: c})
	}
	if len(h.Points) >= HistoryCap {
		t.Errorf("%d points", len(h.Points))
	}
}

func TestSwitchModelKeepsTheSharedKeys(t *testing.T) {
	r := mustOpen(t, "#task=hard&seed=7&speed=max&play=1")
	f, probs := SwitchModel(r, "ff")
	if len(probs) != 0 {
		t.Fatal(probs)
	}
	if got := linkstate.Format(f.State()); got != "model=ff&data=spiral&preset=paper-ff&seed=7&speed=max&play=1" {
		t.Errorf("switched to %q", got)
	}
	back, _ := SwitchModel(f, "sequence")
	if _, ok := back.(*Session); !ok || strings.Contains(linkstate.Format(back.State()), "model") {
		t.Errorf("back: %T %s", back, linkstate.Format(back.State()))
	}
	if same, _ := SwitchModel(f, "ff"); same != f {
		t.Error("switching to the same model starts a new run")
	}
	if _, probs := SwitchModel(f, "lstm"); len(probs) != 1 {
		t.Errorf("a bad model: %v", probs)
	}
}

func ExampleOpen() {
	r, _ := Open("#model=ff&data=circle&seed=3")
	for range 100 {
		r.Step()
	}
	st := r.Status(0, Since{})
	fmt.Println(st.Kind, st.Cycle, st.FF.Data)
	// Output: ff 100 circle
}

func TestSessionSetRefusesAnotherModel(t *testing.T) {
	s, _ := New("#task=hard&seed=2")
	s.Step()
	if p := s.Set("model", "ff"); len(p) != 1 || p[0].Key != "model" || s.Cycle() != 1 || s.State().IsFF() {
		t.Errorf("Set model=ff on a sequence session: %v, cycle %d", p, s.Cycle())
	}
	if p := s.Set("model", "sequence"); len(p) != 0 || s.Cycle() != 1 {
		t.Errorf("Set model=sequence: %v, cycle %d", p, s.Cycle())
	}
}
