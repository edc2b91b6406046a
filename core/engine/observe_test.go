package engine

import "testing"

// TestObservationIsACopy: an observation agrees with the engine's own
// accessors, and changing it changes nothing in the run.
func TestObservationIsACopy(t *testing.T) {
	e, err := New(Default())
	if err != nil {
		t.Fatal(err)
	}
	var o Observation
	e.Observe(&o)
	if o.Cycle != 0 || len(o.Inputs) != 0 || len(o.Hidden) != 0 || o.N() != 1 {
		t.Fatalf("before training: cycle %d, %d inputs, %d activations, %d neurons", o.Cycle, len(o.Inputs), len(o.Hidden), o.N())
	}
	if err := e.Run(300); err != nil {
		t.Fatal(err)
	}
	e.Observe(&o)
	n, v, w := e.N(), len(e.Alphabet()), e.Config().Window
	if o.Cycle != 300 || o.Digest != e.Digest() || o.Loss != e.Loss() || o.N() != n || len(o.Whh) != n*n ||
		len(o.WxhT) != v*n || len(o.Probs) != w*v || len(o.Inputs) != w || len(o.Targets) != w {
		t.Fatalf("observation disagrees with the engine: %+v", o)
	}
	if hidden := len(o.Hidden); o.Added+o.Deleted == 0 && hidden != (w+1)*n || o.Added+o.Deleted > 0 && hidden != 0 {
		t.Fatalf("%d activations with %d added, %d deleted", hidden, o.Added, o.Deleted)
	}
	reserve := 0
	for _, s := range e.Strengths() {
		if s < e.Threshold() {
			reserve++
		}
	}
	if o.Reserve() != reserve {
		t.Fatalf("reserve %d, want %d", o.Reserve(), reserve)
	}
	d := e.Digest()
	for i := range o.Whh {
		o.Whh[i] = 7
	}
	for i := range o.WxhT {
		o.WxhT[i], o.Why[i] = 7, 7
	}
	o.Neurons[0].Strength = 99
	if e.Digest() != d || e.Strengths()[0] == 99 {
		t.Fatal("changing the observation changed the run")
	}
}
