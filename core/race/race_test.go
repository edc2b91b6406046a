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
