// Package rule is the paper's structural rule, for one layer of neurons:
// each neuron has a strength; those below the deletion threshold T_D are
// the reserve; the rule keeps exactly k of them, deleting each excess one
// with probability P_del a cycle and adding a neuron with probability P_add
// when fewer than k are left, plus a rare addition regardless (the safety
// valve, P_spontaneous). The recurrent engine applies it to its one hidden
// layer; a layered network applies it to each layer.
//
// The rule only decides; the caller adds and removes. Its random draws come
// in a fixed order from the caller's source, so a run that uses it is
// reproducible: Decide draws for the deletions or the refill, the caller
// applies them (an addition draws the new weights), then Valve draws once.
package rule

import "slices"

// Delete orders: which excess reserve neurons are considered first.
const (
	OrderRandom   = ""         // the paper's: a random order
	OrderYoungest = "youngest" // the most recently added first: the oldest are spared
	OrderOldest   = "oldest"   // the oldest first: the newest are spared
)

// Params are the rule's settings for a layer.
type Params struct {
	Threshold    float64 `json:"threshold"`       // T_D: below it a neuron is in reserve
	Reserve      int     `json:"reserve"`         // k: reserve neurons kept
	PDel         float64 `json:"p_del"`           // chance per cycle that each excess reserve neuron is deleted
	PAdd         float64 `json:"p_add"`           // chance per cycle of adding one when fewer than k are in reserve
	PSpontaneous float64 `json:"p_spontaneous"`   // chance per cycle of adding one regardless
	Max          int     `json:"max"`             // the most neurons the layer may have
	Order        string  `json:"order,omitempty"` // OrderRandom, OrderYoungest or OrderOldest
}

// Rand is the randomness the rule draws from.
type Rand interface {
	Bernoulli(p float64) bool
	Shuffle(n int, swap func(i, j int))
}

// Decision is what one structural step does to a layer.
type Decision struct {
	Below  int   // neurons below the threshold
	Doomed []int // indices to delete, in the order they were considered
	Refill bool  // add one neuron: the reserve is short
}

// Decide returns the structural step for a layer whose neurons have the
// given strengths and birth cycles (by index). A layer never loses its
// last neuron, nor grows past Max. scratch is reused for the indices below
// the threshold (pass the previous call's Sub to avoid allocating).
func Decide(p Params, strengths []float64, born []int, r Rand, scratch []int) (d Decision, sub []int) {
	sub = scratch[:0]
	for j, s := range strengths {
		if s < p.Threshold {
			sub = append(sub, j)
		}
	}
	d.Below = len(sub)
	n := len(strengths)
	switch {
	case len(sub) > p.Reserve:
		order(p.Order, sub, born, r)
		for _, j := range sub[p.Reserve:] {
			if r.Bernoulli(p.PDel) && n-len(d.Doomed) > 1 {
				d.Doomed = append(d.Doomed, j)
			}
		}
	case len(sub) < p.Reserve:
		d.Refill = r.Bernoulli(p.PAdd) && n < p.Max
	}
	return d, sub
}

// Valve reports whether the safety valve adds a neuron to a layer of n
// neurons this cycle (call it after applying Decide's decision).
func Valve(p Params, n int, r Rand) bool {
	return p.PSpontaneous > 0 && r.Bernoulli(p.PSpontaneous) && n < p.Max
}

// order puts the reserve neurons in the order the step considers them:
// the first Reserve are spared, the rest may go. The age orders sort by
// birth cycle (ties by index) and draw nothing.
func order(o string, sub []int, born []int, r Rand) {
	switch o {
	case OrderYoungest:
		slices.SortStableFunc(sub, func(a, b int) int { return born[a] - born[b] })
	case OrderOldest:
		slices.SortStableFunc(sub, func(a, b int) int { return born[b] - born[a] })
	default:
		r.Shuffle(len(sub), func(i, j int) { sub[i], sub[j] = sub[j], sub[i] })
	}
}
