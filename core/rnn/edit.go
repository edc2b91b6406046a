package rnn

import (
	"fmt"
)

// Remap changes the set of neurons: neuron i of the result is old neuron
// keep[i], or a new neuron with all-zero weights, state and slots where
// keep[i] < 0. Weights, gradients, registered slots, the carried state and
// the last window's activations (Hidden) move with their neurons; those of
// neurons not kept are dropped.
func (net *Net) Remap(keep []int) error {
	old := net.layout
	seen := make(map[int]bool, len(keep))
	for _, k := range keep {
		if k >= old.N || (k >= 0 && seen[k]) {
			return fmt.Errorf("rnn: remap index %d invalid for %d neurons", k, old.N)
		}
		seen[k] = true
	}
	nl := NewLayout(old.V, len(keep), old.Gated)
	net.params = remapFlat(net.params, old, nl, keep)
	net.grads = remapFlat(net.grads, old, nl, keep)
	for i, s := range net.slots {
		net.slots[i] = remapFlat(s, old, nl, keep)
	}
	hs := remapSteps(net.hs, old.N, keep, net.window+1)
	gs := remapSteps(net.gs, old.N, keep, net.window+1)
	net.resize(nl)
	copy(net.hs, hs)
	copy(net.gs, gs)
	return nil
}

// remapSteps returns per-neuron activations (steps rows of n values) laid
// out for the neurons in keep, zero for new neurons, so that the carried
// state and the last window's activations stay with their neurons.
func remapSteps(acts []float64, n int, keep []int, steps int) []float64 {
	out := make([]float64, steps*len(keep))
	for t := 0; t < steps; t++ {
		for i, k := range keep {
			if k >= 0 {
				out[t*len(keep)+i] = acts[t*n+k]
			}
		}
	}
	return out
}

// remapFlat returns a copy of flat (with layout from) laid out as to, moving
// each neuron's entries to its new index.
func remapFlat(flat []float64, from, to Layout, keep []int) []float64 {
	out := make([]float64, to.Size())
	col := func(dst, src []float64, rows int) { // rows x N matrices, neuron = column
		for r := 0; r < rows; r++ {
			for j, k := range keep {
				if k >= 0 {
					dst[r*to.N+j] = src[r*from.N+k]
				}
			}
		}
	}
	col(to.Slice(out, WxhT), from.Slice(flat, WxhT), from.V)
	col(to.Slice(out, Why), from.Slice(flat, Why), from.V)
	col(to.Slice(out, Bh), from.Slice(flat, Bh), 1)
	if from.Gated {
		col(to.Slice(out, M), from.Slice(flat, M), 1)
	}
	copy(to.Slice(out, By), from.Slice(flat, By))
	dst, src := to.Slice(out, Whh), from.Slice(flat, Whh)
	for i, ki := range keep {
		if ki < 0 {
			continue
		}
		for j, kj := range keep {
			if kj >= 0 {
				dst[i*to.N+j] = src[ki*from.N+kj]
			}
		}
	}
	return out
}

// Remove deletes neuron i.
func (net *Net) Remove(i int) error {
	n := net.layout.N
	if i < 0 || i >= n {
		return fmt.Errorf("rnn: no neuron %d (have %d)", i, n)
	}
	keep := make([]int, 0, n-1)
	for j := 0; j < n; j++ {
		if j != i {
			keep = append(keep, j)
		}
	}
	return net.Remap(keep)
}

// Append adds a neuron with zero weights at index N()-1 of the result.
func (net *Net) Append() error {
	n := net.layout.N
	keep := make([]int, n+1)
	for j := 0; j < n; j++ {
		keep[j] = j
	}
	keep[n] = -1
	return net.Remap(keep)
}
