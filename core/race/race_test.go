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
	if len(r.Runners()) != 4 || r.Runners()[3].Engine.N() != 100 || r.Runners()[0].Engine.N() != 1 {
		t.Fatalf("runners %v", r.Runners())
	}
	for i := 0; i < 200; i++ {
		if err := r.Step(); err != nil {
			t.Fatal(err)
		}
		if i == 100 {
			if err := r.SetTask(task.Spec{Kind: task.Easy}); err != nil {
				t.Fatal(err)
			}
		}
		want := r.Runners()[0].Engine.Net().Inputs()
		for _, x := range r.Runners()[1:] {
			if got := x.Engine.Net().Inputs(); !reflect.DeepEqual(got, want) {
				t.Fatalf("cycle %d: %s reads %v, growing reads %v", i+1, x.Name, got, want)
			}
		}
	}
	st := r.Standings()
	if len(st) != 4 || st[0].Behind != 0 {
		t.Fatalf("standings %+v", st)
	}
	for i := 1; i < len(st); i++ {
		if st[i].Loss < st[i-1].Loss || st[i].Behind < 0 {
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
