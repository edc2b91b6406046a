package tour

import (
	"strings"
	"testing"
)

// TestFFTour walks the feed-forward tour over made-up facts: each waiting
// step waits until its event, and each card's text states the facts it is
// shown with.
func TestFFTour(t *testing.T) {
	f := FFFacts{Data: "spiral", Widths: []int{1}, Reserve: []int{0}, Gains: []float64{1}, Threshold: 0.05, TestPoints: 250}
	tr := NewFF()
	if a := tr.Start(); !a.Reset || !a.Pause {
		t.Fatalf("the first step's actions %+v: want a paused fresh run", a)
	}
	tr.Begin(f)
	c, ok := tr.Card(f)
	if !ok || !strings.Contains(c.Text, "spiral") || !strings.Contains(c.Text, "250 points") {
		t.Fatalf("first card %+v", c)
	}
	tr.Next() // one neuron
	tr.Begin(f)
	if c, _ := tr.Card(f); !strings.Contains(c.Text, "1 hidden neuron in 1 layer") {
		t.Errorf("second card: %q", c.Text)
	}
	a, _ := tr.Next() // width
	if !a.Play {
		t.Error("the width step does not play the run")
	}
	tr.Begin(f)
	if !tr.Waiting() || tr.Watch(f) {
		t.Fatal("the width step does not wait for a birth")
	}
	g := f.clone()
	g.Cycle, g.Widths, g.Reserve, g.Playing = 140, []int{2}, []int{1}, true
	if !tr.Watch(g) {
		t.Fatal("a second neuron in layer 1 is not the width step's event")
	}
	if c, _ := tr.Card(g); !strings.Contains(c.Text, "from 1 neuron to 2 neurons") || !strings.Contains(c.Text, "140") {
		t.Errorf("width card: %q", c.Text)
	}
	tr.Next() // depth
	tr.Begin(g)
	h := g.clone()
	h.Cycle, h.Widths, h.Reserve, h.Gains = 230, []int{2, 1}, []int{1, 0}, []float64{1.2, 0.025}
	if !tr.Watch(h) {
		t.Fatal("a new layer is not the depth step's event")
	}
	if c, _ := tr.Card(h); !strings.Contains(c.Text, "was added") || !strings.Contains(c.Text, "2-1") || !strings.Contains(c.Text, "0.025") {
		t.Errorf("depth card: %q", c.Text)
	}
	for i := 0; i < 2; i++ {
		if _, done := tr.Next(); done {
			t.Fatalf("the tour ended after step %d", i+4)
		}
	}
	if c, _ := tr.Card(h); c.Next != "Finish" || c.Steps != FFSteps() {
		t.Errorf("last card %+v", c)
	}
	if _, done := tr.Next(); !done || tr.Active() {
		t.Error("the tour did not end after its last step")
	}
}
