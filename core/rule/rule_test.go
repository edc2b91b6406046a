package rule

import (
	"slices"
	"testing"
)

// script is a Rand whose Bernoulli answers come from a list, recording
// every draw, so tests see the order the rule draws in.
type script struct {
	answers []bool
	draws   []string
}

func (s *script) Bernoulli(p float64) bool {
	s.draws = append(s.draws, "bernoulli")
	if len(s.answers) == 0 {
		return false
	}
	a := s.answers[0]
	s.answers = s.answers[1:]
	return a
}

func (s *script) Shuffle(n int, swap func(i, j int)) {
	s.draws = append(s.draws, "shuffle")
	for i := 0; i < n/2; i++ { // a fixed permutation: reverse
		swap(i, n-1-i)
	}
}

var paper = Params{Threshold: 0.05, Reserve: 1, PDel: 0.05, PAdd: 0.01, PSpontaneous: 1e-4, Max: 100}

func TestOrderSparesByAge(t *testing.T) {
	born := []int{50, 20, 70, 10}
	for _, c := range []struct {
		order string
		want  []int // indices in the order considered: the first is spared
	}{
		{OrderYoungest, []int{3, 1, 0, 2}}, // the oldest first: spared, then the rest by age
		{OrderOldest, []int{2, 0, 1, 3}},
		{OrderRandom, []int{3, 2, 1, 0}}, // the script's shuffle reverses
	} {
		r := &script{}
		sub := []int{0, 1, 2, 3}
		order(c.order, sub, born, r)
		if !slices.Equal(sub, c.want) {
			t.Errorf("%q: order %v, want %v", c.order, sub, c.want)
		}
		if shuffled := slices.Contains(r.draws, "shuffle"); shuffled != (c.order == OrderRandom) {
			t.Errorf("%q: draws %v", c.order, r.draws)
		}
	}
}

// TestDecideKeepsTheReserve: excess reserve neurons are deleted when their
// draw says so, the first k considered are spared, the last neuron never
// goes, and a short reserve is refilled only below Max.
func TestDecideKeepsTheReserve(t *testing.T) {
	p := paper
	p.Order = OrderYoungest
	strengths := []float64{0.9, 0.01, 0.02, 0.5, 0.03}
	born := []int{0, 10, 20, 30, 40}
	r := &script{answers: []bool{true, false}}
	d, sub := Decide(p, strengths, born, r, nil)
	// Below: 1, 2, 4; the oldest (1) spared; 2 deleted, 4 kept by its draw.
	if d.Below != 3 || !slices.Equal(d.Doomed, []int{2}) || d.Refill || len(sub) != 3 {
		t.Fatalf("decision %+v, sub %v", d, sub)
	}
	if len(r.draws) != 2 {
		t.Fatalf("draws %v: one per excess neuron", r.draws)
	}
	// All three below and every draw yes: the spared one stays, two go.
	r = &script{answers: []bool{true, true, true}}
	d, _ = Decide(p, []float64{0.01, 0.01, 0.01}, []int{0, 1, 2}, r, nil)
	if !slices.Equal(d.Doomed, []int{1, 2}) {
		t.Fatalf("three below, reserve 1, all drawn: %+v; want the two youngest deleted", d)
	}
	d, _ = Decide(Params{Threshold: 1, Reserve: 0, PDel: 1, Max: 10}, []float64{0.1, 0.2}, []int{0, 1}, &script{answers: []bool{true, true}}, nil)
	if len(d.Doomed) != 1 {
		t.Fatalf("a layer lost its last neuron: %+v", d)
	}
	// A short reserve: refill when drawn, not at Max.
	for _, c := range []struct {
		max  int
		want bool
	}{{10, true}, {2, false}} {
		p := paper
		p.Max = c.max
		d, _ = Decide(p, []float64{0.9, 0.8}, []int{0, 1}, &script{answers: []bool{true}}, nil)
		if d.Below != 0 || d.Refill != c.want || len(d.Doomed) != 0 {
			t.Errorf("max %d: %+v", c.max, d)
		}
	}
	// Exactly k below: nothing happens and nothing is drawn.
	r = &script{}
	if d, _ = Decide(paper, []float64{0.9, 0.01}, []int{0, 1}, r, nil); d.Refill || len(d.Doomed) != 0 || len(r.draws) != 0 {
		t.Errorf("a full reserve: %+v, draws %v", d, r.draws)
	}
}

func TestValve(t *testing.T) {
	r := &script{answers: []bool{true}}
	if !Valve(paper, 5, r) || len(r.draws) != 1 {
		t.Fatalf("valve drawn yes under Max: no addition (draws %v)", r.draws)
	}
	r = &script{answers: []bool{true}}
	if Valve(paper, paper.Max, r) || len(r.draws) != 1 {
		t.Fatalf("valve at Max adds, or does not draw (the draw comes first, as the paper's program): %v", r.draws)
	}
	p := paper
	p.PSpontaneous = 0
	r = &script{}
	if Valve(p, 1, r) || len(r.draws) != 0 {
		t.Fatalf("a closed valve draws: %v", r.draws)
	}
}
