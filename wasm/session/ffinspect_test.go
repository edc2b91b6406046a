package session

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestFFInspectAgreesWithTheNetwork: every live neuron's inspection gives
// core/ff's strength, its terms average to it, its layer, birth and gain
// are the network's, and its map is the snapshot's size.
func TestFFInspectAgreesWithTheNetwork(t *testing.T) {
	l := openFF(t, "#model=ff&data=circle&seed=1")
	for range 300 {
		l.Step()
	}
	n := l.ffNet()
	th := n.Config().Rule.Threshold
	seen := 0
	for li := range n.Widths() {
		ids, born, str := n.IDs(li), n.Born(li), n.Strengths(li)
		for j, id := range ids {
			in := l.Inspect(id)
			seen++
			if !in.Known || !in.Alive || in.Kind != "ff" || in.Layer != li+1 || in.Born != born[j] || in.Age != n.Cycle()-born[j] {
				t.Fatalf("#%d: %+v", id, in)
			}
			if in.Value != str[j] || in.Strength != strengthText(str[j]) {
				t.Errorf("#%d: strength %v %q, core/ff says %v", id, in.Value, in.Strength, str[j])
			}
			sum := 0.0
			for _, w := range in.Terms {
				sum += math.Abs(w)
			}
			if len(in.Terms) == 0 || math.Abs(sum/float64(len(in.Terms))-str[j]) > 1e-12 {
				t.Errorf("#%d: terms %v average to %v, strength %v", id, in.Terms, sum/float64(len(in.Terms)), str[j])
			}
			if in.Active != (str[j] >= th) || (in.Active && !strings.Contains(in.Filled, "active")) || !strings.HasPrefix(in.Filled, "strength = (|") {
				t.Errorf("#%d: active %v, filled %q", id, in.Active, in.Filled)
			}
			if len(in.Terms) > formulaTerms && !strings.Contains(in.Filled, "…") {
				t.Errorf("#%d: %d terms listed without …: %q", id, len(in.Terms), in.Filled)
			}
			if in.Gain != n.Multipliers()[li] || in.GainText == "" {
				t.Errorf("#%d: gain %v %q, want %v", id, in.Gain, in.GainText, n.Multipliers()[li])
			}
			if len(in.Map) != MapRes*MapRes || in.MapRes != MapRes || len(in.In) == 0 || len(in.Out) == 0 || len(in.Out) > topLinks {
				t.Errorf("#%d: map %d, in %v, out %v", id, len(in.Map), in.In, in.Out)
			}
			if len(in.History) == 0 || in.History[len(in.History)-1].Strength != str[j] || len(in.Story) == 0 {
				t.Errorf("#%d: history %v story %v", id, in.History, in.Story)
			}
			if _, err := json.Marshal(in); err != nil {
				t.Fatal(err)
			}
		}
	}
	if seen < 2 {
		t.Fatalf("only %d neurons after 300 cycles", seen)
	}
	first := l.Inspect(FirstNeuron)
	if first.ID != n.IDs(0)[0] || first.Next < 0 || first.Prev < 0 {
		t.Errorf("the first neuron: %+v", first)
	}
}

// untilDeath trains tuned-ff on the spiral until the first neuron is
// deleted (skipping the test if none is within 6,000 cycles).
func untilDeath(t *testing.T) *Layered {
	t.Helper()
	l := openFF(t, "#model=ff&data=spiral&seed=1&preset=tuned-ff")
	for range 6000 {
		l.Step()
		if len(l.ffl.dead) > 0 {
			break
		}
	}
	if len(l.ffl.dead) == 0 {
		t.Skip("no neuron died in 6000 cycles")
	}
	return l
}

// TestFFInspectRemembersTheDead: a deleted neuron's story says when it was
// deleted and why; every history stays bounded over a long run.
func TestFFInspectRemembersTheDead(t *testing.T) {
	l := untilDeath(t)
	d := l.ffl.dead[0]
	in := l.Inspect(d.id)
	if !in.Known || in.Alive || in.Death == nil || in.State != "deleted" || in.Death.Cycle != l.Cycle() {
		t.Fatalf("the dead #%d: %+v", d.id, in)
	}
	story := strings.Join(in.Story, " ")
	if !strings.Contains(story, "Deleted at cycle") || (!in.Death.Layer && !strings.Contains(story, "T_D")) {
		t.Errorf("story %q", story)
	}
	if dd := in.Death; !dd.Layer && dd.Below <= dd.Reserve {
		t.Errorf("deleted with %d below T_D where the rule keeps %d: %+v", dd.Below, dd.Reserve, dd)
	}
	for range 3000 {
		l.Step()
	}
	if again := l.Inspect(d.id); !again.Known || again.Death == nil || again.Death.Cycle != in.Death.Cycle {
		t.Errorf("the story was lost: %+v", again)
	}
	for id, lf := range l.ffl.alive {
		if len(lf.hist) > lifePoints {
			t.Errorf("#%d keeps %d points", id, len(lf.hist))
		}
		if !slices.IsSortedFunc(lf.hist, func(a, b StrengthPoint) int { return a.Cycle - b.Cycle }) {
			t.Errorf("#%d's history is out of order", id)
		}
	}
	if len(l.ffl.dead) > deadKept {
		t.Errorf("%d dead kept", len(l.ffl.dead))
	}
	if u := l.Inspect(1 << 40); u.Known {
		t.Errorf("an unknown neuron is known: %+v", u)
	}
}

// TestFFInspectAtAPastCycle: rewound, the inspector tells a deleted neuron
// as it was before its death (alive, its strength as its history recorded
// it then, no death in its story), a neuron not yet born as such, and the
// live cycle as Inspect does.
func TestFFInspectAtAPastCycle(t *testing.T) {
	l := untilDeath(t)
	for range 200 {
		l.Step()
	}
	d := l.ffl.dead[0]
	live := l.Inspect(d.id)
	if live.Death == nil || len(live.History) < 2 {
		t.Fatalf("the dead #%d: %+v", d.id, live)
	}
	at := live.History[len(live.History)-2].Cycle // a recorded point before its death
	if at >= live.Death.Cycle || at < live.Born {
		t.Fatalf("history %v, death %+v", live.History, live.Death)
	}
	then := l.InspectAt(0, d.id, at)
	if !then.Past || then.Cycle != at || !then.Alive || then.Death != nil || then.State == "deleted" {
		t.Fatalf("at cycle %d: %+v", at, then)
	}
	if last := then.History[len(then.History)-1]; last.Cycle > at || then.Value != last.Strength || !strings.Contains(then.Filled, strengthText(last.Strength)) {
		t.Errorf("at cycle %d: strength %v, filled %q, history ends %+v", at, then.Value, then.Filled, last)
	}
	if story := strings.Join(then.Story, " "); strings.Contains(story, "Deleted") {
		t.Errorf("the story at cycle %d tells its later death: %q", at, story)
	}
	if len(then.Map) != 0 || len(then.Out) != 0 {
		t.Errorf("a past inspection shows the live weights: map %d, out %v", len(then.Map), then.Out)
	}
	if before := l.InspectAt(0, d.id, live.Born-1); live.Born > 0 && (before.Alive || !strings.Contains(before.Story[0], "Not born yet")) {
		t.Errorf("before its birth: %+v", before)
	}
	if now, want := l.InspectAt(0, d.id, l.Cycle()), l.Inspect(d.id); now.Past || !slices.Equal(now.Story, want.Story) || now.Cycle != want.Cycle {
		t.Errorf("at the live cycle: %+v, want %+v", now, want)
	}
}

// TestFFLivesQuickPathIsTheFullOne: the memory kept with the cycles that
// change no neuron recorded by strengths alone is the memory the full pass
// keeps every cycle.
func TestFFLivesQuickPathIsTheFullOne(t *testing.T) {
	l := openFF(t, "#model=ff&data=spiral&seed=1&preset=tuned-ff")
	l.Step()
	ref := &ffLives{run: l.resets, alive: map[int64]*ffLife{}}
	ref.see(l.ffNet(), true)
	l.ffl = &ffLives{run: l.resets, alive: map[int64]*ffLife{}}
	l.ffl.see(l.ffNet(), true)
	quick := 0
	for range 4000 {
		l.Step()
		if a, d := l.m.Changed(); a+d == 0 {
			quick++
		}
		ref.see(l.ffNet(), false)
	}
	if quick == 0 || quick == 4000 || len(ref.dead) == 0 {
		t.Fatalf("%d of 4000 cycles changed nothing, %d deaths: the test needs both kinds", quick, len(ref.dead))
	}
	if !reflect.DeepEqual(l.ffl.alive, ref.alive) || !reflect.DeepEqual(l.ffl.dead, ref.dead) || !slices.Equal(l.ffl.order, ref.order) {
		t.Errorf("the memories differ: %d alive, %d dead; full pass %d alive, %d dead", len(l.ffl.alive), len(l.ffl.dead), len(ref.alive), len(ref.dead))
	}
}
