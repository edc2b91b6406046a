package session

import (
	"reflect"
	"testing"
)

// relay plays the page's worker and its helpers in one process: it creates
// a helper session for each group of the main session's Parts, passes the
// target and the link, and hands the helpers' reports back, in the order
// the browser's messages would arrive.
type relay struct {
	t       *testing.T
	main    *Session
	run     int
	helpers []*Session
	ticks   int
}

func (r *relay) sync() {
	p := r.main.Parts()
	if p.Run != r.run {
		r.run, r.helpers = p.Run, nil
		for _, g := range p.Groups {
			h, err := NewPart(p.Fragment, p.Run, g)
			if err != nil {
				r.t.Fatal(err)
			}
			r.helpers = append(r.helpers, h)
			r.main.Receive(h.PartReport(true))
		}
	}
	for _, h := range r.helpers {
		h.Follow(p.Target, p.Fragment)
	}
}

// round is one slice of every worker: the main one, then each helper (the
// helpers' order varies, as the browser's would).
func (r *relay) round(clock Clock) {
	r.ticks++
	r.main.Tick(clock)
	r.sync()
	for j := range r.helpers {
		h := r.helpers[(j+r.ticks)%len(r.helpers)]
		before := h.PartCycle()
		delay := h.TickPart(clock)
		if h.PartCycle() != before { // as web/worker.js: a snapshot now and then, and at rest
			r.main.Receive(h.PartReport(delay < 0 || r.ticks%3 == 0))
		}
	}
}

// settled reports whether every helper has reached the main session's cycle.
func (r *relay) settled() bool {
	for _, h := range r.helpers {
		if h.Cycle() != r.main.Cycle() {
			return false
		}
	}
	return true
}

// TestParallelRaceMatchesOneWorker: a race split among 2, 3 and 4 workers,
// with a task switch made while the helpers lag behind, a pause and single
// steps, ends with every runner's digest and neuron count, the standings
// and the charts' points equal to the one-worker run of the same link.
func TestParallelRaceMatchesOneWorker(t *testing.T) {
	const stop = 260
	for _, k := range []int{2, 3, 4, -2} {
		link := "#race=10,37,20&task=hard&seed=5&speed=max&play=1&stop=260"
		if k < 0 { // a warm-start link: trained to cycle 120 before it is shown
			k, link = -k, "#race=10,37,20&task=hard&seed=5&at=120&speed=max&play=1&stop=260"
		}
		main, _ := New(link)
		main.SetWorkers(k)
		if main.Workers() != k || main.Runners() >= 4 {
			t.Fatalf("k=%d: %d workers, %d runners here", k, main.Workers(), main.Runners())
		}
		ms := 0.0
		clock := func() float64 { ms += 0.5; return ms } // each reading half a ms later
		r := &relay{t: t, main: main, run: -1}
		r.sync()
		switched, stepped := false, false
		for i := 0; !(main.Cycle() == stop && r.settled()); i++ {
			if i > 100000 {
				t.Fatalf("k=%d: stuck at cycle %d", k, main.Cycle())
			}
			if !switched && main.Cycle() >= 90 {
				main.Set("task", "easy")
				switched = true
			}
			if !stepped && main.Cycle() >= 150 {
				main.Pause()
				for range 3 {
					main.Step()
				}
				main.Play()
				stepped = true
			}
			for _, h := range r.helpers {
				if d := main.Cycle() - h.Cycle(); d < 0 || d > Chunk+3 {
					t.Fatalf("k=%d: a helper at %d, the main session at %d", k, h.Cycle(), main.Cycle())
				}
			}
			r.round(clock)
		}
		got := main.Status(ms, Since{})

		ref, _ := New(main.Fragment())
		for ref.Cycle() < stop {
			ref.Step()
		}
		want := ref.Status(ms, Since{})
		t.Logf("k=%d: %s; groups %v", k, main.Fragment(), main.Parts().Groups)
		if len(got.Runners) != 4 {
			t.Fatalf("k=%d: runners %+v", k, got.Runners)
		}
		for i := range want.Runners {
			g, w := got.Runners[i], want.Runners[i]
			g.CPS, w.CPS = 0, 0
			if g != w {
				t.Errorf("k=%d runner %d: split %+v\n one worker %+v", k, i, g, w)
			}
		}
		if !reflect.DeepEqual(main.hist.Points, ref.hist.Points) {
			t.Errorf("k=%d: chart points differ:\n split %v\n one %v", k, main.hist.Points, ref.hist.Points)
		}
		if got.Digest != want.Digest || got.Workers != k || want.Workers != 1 {
			t.Errorf("k=%d: main digest %s vs %s, workers %d and %d", k, got.Digest, want.Digest, got.Workers, want.Workers)
		}
	}
}

// TestPlanBalancesTheRace: the biggest network gets a worker of its own;
// the main worker keeps the growing one; every worker has a runner.
func TestPlanBalancesTheRace(t *testing.T) {
	costs := []float64{900, 324, 2025, 11664}
	if got := Plan(costs, 2); !reflect.DeepEqual(got, [][]int{{0, 1, 2}, {3}}) {
		t.Errorf("2 workers: %v", got)
	}
	if got := Plan(costs, 3); !reflect.DeepEqual(got, [][]int{{0, 1}, {3}, {2}}) {
		t.Errorf("3 workers: %v", got)
	}
	if got := Plan(costs, 9); len(got) != 4 {
		t.Errorf("9 workers for 4 runners: %v", got)
	}
	for _, c := range []struct{ runners, cores, want int }{{1, 8, 1}, {4, 1, 1}, {4, 2, 1}, {4, 3, 2}, {4, 4, 3}, {4, 16, 4}, {2, 16, 2}} {
		if got := Workers(c.runners, c.cores); got != c.want {
			t.Errorf("Workers(%d runners, %d cores) = %d, want %d", c.runners, c.cores, got, c.want)
		}
	}
}
