package race

import (
	"reflect"
	"testing"

	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/core/task"
)

func TestRunnersReadTheSameSymbols(t *testing.T) {
	base := engine.Default()
	base.Seed, base.Task = 4, task.Spec{Kind: task.Hard}.WithDefaults()
	r, err := New(base, DefaultSizes)
	if err != nil {
		t.Fatal(err)
	}
	var o engine.Observation
	n := func(i int) int { r.Observe(i, &o); return o.N() }
	if r.Len() != 4 || n(3) != 100 || n(0) != 1 {
		t.Fatalf("%d runners, %d and %d neurons", r.Len(), n(0), n(3))
	}
	timed := make([]int, r.Len())
	var want engine.Observation
	for i := 0; i < 200; i++ {
		if err := r.Step(func(k int, step func() error) error { timed[k]++; return step() }); err != nil {
			t.Fatal(err)
		}
		if i == 100 {
			if err := r.SetTask(task.Spec{Kind: task.Easy}); err != nil {
				t.Fatal(err)
			}
		}
		r.Observe(0, &want)
		for k := 1; k < r.Len(); k++ {
			r.Observe(k, &o)
			if !reflect.DeepEqual(o.Inputs, want.Inputs) {
				t.Fatalf("cycle %d: %s reads %v, growing reads %v", i+1, r.Name(k), o.Inputs, want.Inputs)
			}
		}
	}
	for k, c := range timed {
		if c != 200 {
			t.Errorf("the hook saw runner %d step %d times, want 200", k, c)
		}
	}
	st := r.Standings()
	if len(st) != 4 || st[0].Behind != 0 || st[0].Rank != 1 {
		t.Fatalf("standings %+v", st)
	}
	for i := 1; i < len(st); i++ {
		if st[i].Loss < st[i-1].Loss || st[i].Behind < 0 || st[i].Rank != i+1 {
			t.Errorf("standings out of order: %+v", st)
		}
	}
}

func TestBadRaces(t *testing.T) {
	for _, sizes := range [][]int{nil, {1, 2, 3, 4}, {0}, {engine.MaxNeurons + 1}} {
		if _, err := New(engine.Default(), sizes); err == nil {
			t.Errorf("sizes %v accepted", sizes)
		}
	}
}

func TestSoloIsARaceOfOne(t *testing.T) {
	r, err := Solo(engine.Default())
	if err != nil {
		t.Fatal(err)
	}
	e, _ := engine.New(engine.Default())
	for range 50 {
		if err := r.Step(nil); err != nil {
			t.Fatal(err)
		}
		e.Step()
	}
	var o engine.Observation
	r.Observe(0, &o)
	if r.Len() != 1 || r.Name(0) != "growing" || o.Digest != e.Digest() || o.Cycle != 50 || len(o.Probs) != 40*len(o.Alphabet) {
		t.Fatalf("solo: %d runners %q, digest %x want %x", r.Len(), r.Name(0), o.Digest, e.Digest())
	}
}

// TestPartsRunTheWholeRaceBitForBit: a race split into parts, each stepped
// on its own with the same task switch at the same cycle, ends with every
// runner's digest, name and standing equal to the whole race's.
func TestPartsRunTheWholeRaceBitForBit(t *testing.T) {
	base := engine.Default()
	base.Seed, base.Task = 9, task.Spec{Kind: task.Hard}.WithDefaults()
	sizes := []int{10, 37, 12}
	whole, err := New(base, sizes)
	if err != nil {
		t.Fatal(err)
	}
	var parts []*Race
	for _, idx := range [][]int{{0, 3}, {1}, {2}} {
		p, err := Part(base, sizes, idx)
		if err != nil {
			t.Fatal(err)
		}
		if p.Total() != 4 || p.Len() != len(idx) || p.Index(p.Len()-1) != idx[len(idx)-1] {
			t.Fatalf("part %v: total %d, len %d", idx, p.Total(), p.Len())
		}
		parts = append(parts, p)
	}
	for _, r := range append([]*Race{whole}, parts...) {
		for c := 0; c < 150; c++ {
			if c == 60 {
				if err := r.SetTask(task.Spec{Kind: task.Easy}.WithDefaults()); err != nil {
					t.Fatal(err)
				}
			}
			if err := r.Step(nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	var merged []Standing
	for _, p := range parts {
		for i := range p.Len() {
			var a, b engine.Observation
			p.Observe(i, &a)
			whole.Observe(p.Index(i), &b)
			if a.Digest != b.Digest || p.Name(i) != whole.Name(p.Index(i)) {
				t.Errorf("runner %d (%s): part digest %016x, whole %016x (%s)", p.Index(i), p.Name(i), a.Digest, b.Digest, whole.Name(p.Index(i)))
			}
		}
		merged = append(merged, p.Standings()...)
	}
	Rank(merged)
	if want := whole.Standings(); !reflect.DeepEqual(merged, want) {
		t.Errorf("merged standings %+v, whole race %+v", merged, want)
	}
	for _, bad := range [][]int{nil, {1, 0}, {4}, {-1}} {
		if _, err := Part(base, sizes, bad); err == nil {
			t.Errorf("part %v accepted", bad)
		}
	}
}
