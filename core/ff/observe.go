package ff

import (
	"slices"

	"github.com/diffstruct/diffstruct/core/points"
)

// Observation is what a watcher may read of a network: a copy, so it stays
// valid while the network trains on.
type Observation struct {
	Cycle     int
	Features  []string
	Threshold float64 // the rule's T_D, on neuron strengths and layer multipliers
	Layers    []LayerObservation
	OutBias   float64
	Loss      float64 // the smoothed training loss (Net.Loss)
	Digest    uint64
}

// LayerObservation is one hidden layer of an Observation.
type LayerObservation struct {
	IDs        []int64   // neuron ids, by index
	Born       []int     // each neuron's birth cycle
	Strength   []float64 // each neuron's strength
	Multiplier float64   // the layer's multiplier on its output to the output neuron (0: not connected)
	Born0      int       // the cycle the layer was added
	W          []float64 // rows (this layer) x cols (the layer before, or the features); shortcut weights are left out
	B          []float64 // biases
	// Out is each neuron's weight to the output neuron (before the
	// multiplier); empty when the layer does not feed the output directly.
	Out []float64
}

// Width returns the layer's number of neurons.
func (l *LayerObservation) Width() int { return len(l.IDs) }

// Observe returns a copy of the network's state.
func (n *Net) Observe() Observation {
	n.fresh()
	o := Observation{
		Cycle: n.cycle, Features: slices.Clone(n.cfg.Features), Threshold: n.cfg.Rule.Threshold,
		OutBias: n.bOut[0], Loss: n.loss, Digest: n.Digest(),
	}
	for l := range n.ls {
		ly := &n.ls[l]
		lo := LayerObservation{
			IDs: slices.Clone(ly.ids), Born: slices.Clone(ly.born), Strength: slices.Clone(ly.str),
			Born0: ly.born0, W: slices.Clone(ly.w), B: slices.Clone(ly.b),
		}
		if n.cfg.Shortcuts && l > 0 { // the weights from the layer before, as drawn
			off, w := n.offset(l, l-1), n.ls[l-1].rows
			lo.W = lo.W[:0]
			for i := 0; i < ly.rows; i++ {
				lo.W = append(lo.W, ly.w[i*ly.cols+off:i*ly.cols+off+w]...)
			}
		}
		if ly.connected {
			lo.Multiplier, lo.Out = ly.gate[0], slices.Clone(ly.out)
		}
		o.Layers = append(o.Layers, lo)
	}
	return o
}

// Maps evaluates the network at the centre of every cell of a res x res
// grid over the plane [-points.Half, points.Half]², row 0 at the top, and
// calls put(cell, feats, hidden, out) for each: the features' values, every
// hidden layer's activations and the output, valid only during the call.
// Use it to draw each neuron's heat map and the decision boundary.
func (n *Net) Maps(res int, put func(cell int, feats []float64, hidden [][]float64, out float64)) {
	hidden := make([][]float64, len(n.ls))
	for r := 0; r < res; r++ {
		y := points.Half - (float64(r)+0.5)*2*points.Half/float64(res)
		for c := 0; c < res; c++ {
			x := -points.Half + (float64(c)+0.5)*2*points.Half/float64(res)
			o := n.Predict(x, y)
			for l := range hidden {
				hidden[l] = n.ls[l].a
			}
			put(r*res+c, n.in, hidden, o)
		}
	}
}
