package engine

import (
	"math"
	"slices"
	"testing"

	"github.com/diffstruct/diffstruct/core/task"
)

// TestStrengthTermsGiveTheObservedStrength checks, for every neuron of runs
// under each rule at many cycles, that the terms combine to exactly the
// strength the engine observes (the inspector shows the formula with these
// numbers, and its result must be the strip's), and that the terms are the
// column sums they claim to be.
func TestStrengthTermsGiveTheObservedStrength(t *testing.T) {
	for _, name := range []string{PresetPaper, PresetPaperV1, PresetFixed, PresetReliable} {
		c := mustPreset(t, name, 7)
		c.Task = task.Spec{Kind: task.Hard}.WithDefaults()
		e := mustEngine(t, c)
		checked := 0
		for cycle := 1; cycle <= 600; cycle++ {
			if err := e.Step(); err != nil {
				t.Fatal(err)
			}
			if cycle%37 != 0 {
				continue
			}
			for j, id := range e.IDs() {
				tm, ok := e.StrengthTerms(id)
				if !ok || tm.Index != j {
					t.Fatalf("%s cycle %d: neuron %d at %d: terms %+v, %v", name, cycle, id, j, tm, ok)
				}
				if got, want := math.Float64bits(tm.Strength), math.Float64bits(e.Strengths()[j]); got != want {
					t.Fatalf("%s cycle %d neuron %d: terms give %v, the engine observes %v", name, cycle, id, tm.Strength, e.Strengths()[j])
				}
				if tm.Rule == RuleV2 {
					if s := 0.5 * (tm.Out + float64(tm.V)/float64(tm.N)*tm.Lateral); math.Abs(s-tm.Strength) > 1e-12 {
						t.Fatalf("%s: 0.5·(%v + %d/%d·%v) = %v, not %v", name, tm.Out, tm.V, tm.N, tm.Lateral, s, tm.Strength)
					}
					if want := float64(tm.V) * c.L1; tm.Pull != want {
						t.Fatalf("%s: pull %v, want V·L1 = %v", name, tm.Pull, want)
					}
				}
				checked++
			}
		}
		if checked == 0 {
			t.Fatalf("%s: no neuron checked", name)
		}
		if _, ok := e.StrengthTerms(-5); ok {
			t.Fatalf("%s: terms for a neuron that never lived", name)
		}
	}
}

// TestLastStructureExplainsChanges checks the structural step's record: a
// deletion happens only with more neurons below the threshold than the
// reserve keeps, and a neuron added by the safety valve is one of the
// step's births.
func TestLastStructureExplainsChanges(t *testing.T) {
	c := mustPreset(t, PresetPaper, 0)
	c.PSpontaneous = 0.01 // the valve opens often enough to be seen
	c.Task = task.Spec{Kind: task.Hard}.WithDefaults()
	e := mustEngine(t, c)
	deaths, valve := 0, 0
	for range 5000 {
		if err := e.Step(); err != nil {
			t.Fatal(err)
		}
		st := e.LastStructure()
		if len(e.Deleted()) > 0 {
			deaths++
			if st.Below <= st.Reserve || len(e.Deleted()) > st.Below-st.Reserve {
				t.Fatalf("cycle %d: %d deleted with %d below the threshold and a reserve of %d", e.Cycle(), len(e.Deleted()), st.Below, st.Reserve)
			}
		}
		for _, id := range st.Spontaneous {
			valve++
			if !slices.Contains(e.Added(), id) {
				t.Fatalf("cycle %d: valve neuron %d is not among the births %v", e.Cycle(), id, e.Added())
			}
		}
		if st.PDel != c.PDel || st.Reserve != c.Reserve {
			t.Fatalf("structure %+v does not carry the config's p_del and reserve", st)
		}
	}
	if deaths == 0 || valve == 0 {
		t.Fatalf("5,000 cycles: %d deaths and %d valve births: the test saw nothing to explain", deaths, valve)
	}
}
