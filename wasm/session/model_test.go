package session

import (
	"fmt"
	"testing"

	"github.com/diffstruct/diffstruct/wasm/linkstate"
)

// Both families are Models, so their runs go through one interface.
var (
	_ Model = (*rnnModel)(nil)
	_ Model = (*ffModel)(nil)
)

// modelOf returns the Model a run drives.
func modelOf(t *testing.T, r Run) Model {
	t.Helper()
	switch r := r.(type) {
	case *Session:
		return r.m
	case *Layered:
		return r.m
	}
	t.Fatalf("%T is no run of a known family", r)
	return nil
}

// For one link of each family, the Model's numbers of the main network are
// the ones the run's status shows, cycle by cycle, races included.
func TestModelNumbersAgreeWithStatus(t *testing.T) {
	for _, tc := range []struct {
		link, kind string
		runners    int
	}{
		{"#task=hard&seed=3&race=4", linkstate.ModelSequence, 2},
		{"#model=ff&data=circle&seed=3&race=2", linkstate.ModelFF, 2},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			r := mustOpen(t, tc.link)
			m := modelOf(t, r)
			if m.Kind() != tc.kind || m.Len() != tc.runners {
				t.Fatalf("kind %q, %d networks; want %q, %d", m.Kind(), m.Len(), tc.kind, tc.runners)
			}
			events := 0
			for range 300 {
				r.Step()
				n, st := m.Numbers(0, false), r.Status(0, Since{})
				added, deleted := m.Changed()
				events += added + deleted
				if n.Cycle != st.Cycle || m.Cycle() != st.Cycle || n.Neurons != st.Neurons ||
					fmt.Sprintf("%016x", n.Digest) != st.Digest || added != st.Born || deleted != st.Died ||
					n.Reserve != st.Reserve || n.Threshold != st.Threshold {
					t.Fatalf("cycle %d: numbers %+v (born %d, died %d), status cycle %d neurons %d digest %s born %d died %d reserve %d",
						st.Cycle, n, added, deleted, st.Cycle, st.Neurons, st.Digest, st.Born, st.Died, st.Reserve)
				}
				for i := range m.Len() {
					if ni, ri := m.Numbers(i, false), st.Runners[i]; ni.Name != ri.Name || ni.Neurons != ri.Neurons ||
						fmt.Sprintf("%016x", ni.Digest) != ri.Digest {
						t.Fatalf("cycle %d, network %d: numbers %+v, runner %+v", st.Cycle, i, ni, ri)
					}
				}
			}
			if c := r.Status(0, Since{}).Cycle; c != 300 || events == 0 {
				t.Fatalf("cycle %d after 300 steps, %d births and deaths (the link should have some)", c, events)
			}
		})
	}
}
