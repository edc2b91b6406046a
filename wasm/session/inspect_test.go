package session

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/diffstruct/diffstruct/wasm/wire"
)

// mainGraph decodes the main runner's graph of the session's snapshot.
func mainGraph(t *testing.T, s *Session) wire.Graph {
	t.Helper()
	parts, err := wire.SplitRunners(s.AppendGraph(nil))
	if err != nil || len(parts) == 0 {
		t.Fatalf("snapshot: %d runners, %v", len(parts), err)
	}
	var g wire.Graph
	if err := g.Decode(parts[0].Graph); err != nil {
		t.Fatal(err)
	}
	return g
}

// TestInspectAgreesWithTheView: for every neuron at several cycles, the
// inspector's result is the strength the view's strip and hover print (the
// same digits from the same float32), the filled-in formula ends with it,
// the history ends at it, and the window and connections are the network's.
func TestInspectAgreesWithTheView(t *testing.T) {
	s, _ := New("task=hard&seed=2")
	checked := 0
	for c := 1; c <= 1500; c++ {
		s.cycle()
		if c%250 != 0 {
			continue
		}
		g := mainGraph(t, s)
		for j, id := range g.IDs {
			in := s.Inspect(0, int64(id))
			if !in.Known || !in.Alive || in.Cycle != c {
				t.Fatalf("cycle %d neuron %d: %+v", c, id, in)
			}
			if want := fmt.Sprintf("%.4f", g.Strength[j]); in.Strength != want {
				t.Fatalf("cycle %d neuron %d: inspector says %s, the view prints %s", c, id, in.Strength, want)
			}
			if !strings.HasSuffix(in.Filled, "= "+in.Strength) || !strings.Contains(in.Filled, fmt.Sprintf("/%d ·", len(g.IDs))) {
				t.Fatalf("filled-in formula %q does not end with the strength %s over N = %d", in.Filled, in.Strength, len(g.IDs))
			}
			h := in.History
			if len(h) == 0 || len(h) > lifePoints || h[len(h)-1].Cycle != c || strengthText(h[len(h)-1].Strength) != in.Strength {
				t.Fatalf("cycle %d neuron %d: history of %d points ends at %+v", c, id, len(h), h[len(h)-1:])
			}
			for k := 1; k < len(h); k++ {
				if h[k].Cycle <= h[k-1].Cycle {
					t.Fatalf("history out of order: %+v", h)
				}
			}
			if len(in.Reads) != s.Config().Window {
				t.Fatalf("%d readings, want the window's %d", len(in.Reads), s.Config().Window)
			}
			for _, ls := range [][]Link{in.In, in.Out} {
				if len(ls) == 0 || len(ls) > topLinks {
					t.Fatalf("links %+v", ls)
				}
				for k := 1; k < len(ls); k++ {
					if math.Abs(ls[k].Weight) > math.Abs(ls[k-1].Weight) {
						t.Fatalf("links not strongest first: %+v", ls)
					}
				}
			}
			checked++
		}
	}
	if checked < 10 {
		t.Fatalf("only %d neurons inspected", checked)
	}
}

// TestInspectExplainsADeath follows neurons until one is deleted: its
// inspection stays readable and gives the numbers of the cycle it died.
func TestInspectExplainsADeath(t *testing.T) {
	s, _ := New("task=hard&seed=3")
	th, reserve := s.Config().Threshold, s.Config().Reserve
	for c := 1; c <= 20000; c++ {
		before := map[int64]string{}
		for _, id := range s.run.IDs(0) {
			before[id] = s.Inspect(0, id).Strength
		}
		s.cycle()
		_, deleted := s.run.Changes(0)
		if len(deleted) == 0 {
			continue
		}
		id := deleted[0]
		in := s.Inspect(0, id)
		d := in.Death
		if !in.Known || in.Alive || d == nil || d.Cycle != c {
			t.Fatalf("cycle %d: neuron %d deleted, inspected as %+v", c, id, in)
		}
		if strengthText(d.Strength) != before[id] || d.Strength >= th || d.BelowSince < 0 || d.BelowSince >= c {
			t.Fatalf("death %+v: want the strength shown before the step (%s) below T_D %.2f, below since an earlier cycle", d, before[id], th)
		}
		if d.Below <= reserve || d.Reserve != reserve || d.PDel != s.Config().PDel {
			t.Fatalf("death %+v: a deletion needs more than %d below", d, reserve)
		}
		last := in.Story[len(in.Story)-1]
		for _, want := range []string{fmt.Sprintf("Deleted at cycle %d", c), "< T_D", fmt.Sprintf("since cycle %d", d.BelowSince), "P_del"} {
			if !strings.Contains(last, want) {
				t.Fatalf("story %q lacks %q", last, want)
			}
		}
		for range 50 { // still readable later
			s.cycle()
		}
		if later := s.Inspect(0, id); later.Death == nil || later.Death.Cycle != c {
			t.Fatalf("50 cycles later the deleted neuron reads %+v", later)
		}
		return
	}
	t.Fatal("no neuron was deleted in 20,000 cycles")
}

// TestInspectNamesTheCause: neurons added to refill the reserve and by the
// safety valve say so; an unknown id says it is unknown.
func TestInspectNamesTheCause(t *testing.T) {
	s, _ := New("task=hard&seed=1&p_spontaneous=0.02")
	causes := map[string]int{}
	for range 3000 {
		s.cycle()
		added, _ := s.run.Changes(0)
		for _, id := range added {
			in := s.Inspect(0, id)
			causes[in.Cause]++
			if in.Born != s.Cycle() || !strings.HasPrefix(in.Story[0], fmt.Sprintf("Born at cycle %d", s.Cycle())) {
				t.Fatalf("new neuron %d: %+v", id, in)
			}
		}
	}
	if causes[CauseReserve] == 0 || causes[CauseValve] == 0 {
		t.Fatalf("causes seen: %v; want both the reserve and the valve", causes)
	}
	if in := s.Inspect(0, 1<<40); in.Known {
		t.Fatalf("an id never used is known: %+v", in)
	}
	if in := s.Inspect(5, 1); in.Known {
		t.Fatalf("a runner that does not exist: %+v", in)
	}
}

// TestInspectARaceCell: a fixed-size rival's neurons are inspected with
// its name and its own strengths.
func TestInspectARaceCell(t *testing.T) {
	s, _ := New("task=hard&seed=1&race=10")
	for range 200 {
		s.cycle()
	}
	ids := s.run.IDs(1)
	if len(ids) != 10 {
		t.Fatalf("the rival has %d neurons", len(ids))
	}
	in := s.Inspect(1, ids[3])
	if !in.Known || !in.Alive || in.Runner != 1 || !strings.Contains(in.Name, "10") {
		t.Fatalf("rival's neuron: %+v", in)
	}
	if want := strengthText(s.run.Strengths(1)[3]); in.Strength != want {
		t.Fatalf("rival's neuron strength %s, the rival's is %s", in.Strength, want)
	}
}

// TestInspectAtAPastCycle: rewound, the inspector tells the neuron as it
// was: its history up to then, alive if it died later, not born if it was
// born later.
func TestInspectAtAPastCycle(t *testing.T) {
	s, _ := New("task=hard&seed=3")
	var dead int64 = -1
	var diedAt int
	for c := 1; c <= 20000 && dead < 0; c++ {
		s.cycle()
		if _, del := s.run.Changes(0); len(del) > 0 {
			dead, diedAt = del[0], c
		}
	}
	if dead < 0 {
		t.Fatal("no death in 20,000 cycles")
	}
	for range 100 {
		s.cycle()
	}
	live := s.Inspect(0, dead)
	at := (live.Born + diedAt) / 2
	then := s.InspectAt(0, dead, at)
	if !then.Past || !then.Alive || then.Death != nil || then.Cycle != at {
		t.Fatalf("at cycle %d (born %d, died %d): %+v", at, live.Born, diedAt, then)
	}
	if h := then.History; len(h) == 0 || h[len(h)-1].Cycle > at || !strings.Contains(then.Filled, "= "+then.Strength) {
		t.Fatalf("past history %+v, filled %q", h, then.Filled)
	}
	for _, line := range then.Story {
		if strings.Contains(line, "Deleted") {
			t.Fatalf("the past story tells the future: %v", then.Story)
		}
	}
	if before := s.InspectAt(0, dead, live.Born-1); before.Alive || !strings.Contains(before.Story[0], "Not born yet") {
		t.Fatalf("before its birth: %+v", before)
	}
}
