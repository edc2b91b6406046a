package ff

// Edge is one weight of a hidden neuron, as the inspector lists it: the
// other end (a feature, a hidden neuron or the output) and the weight.
type Edge struct {
	Layer  int     // the other end's hidden layer; -1: a feature; Layers(): the output
	Index  int     // the neuron's (or the feature's) index in it
	ID     int64   // the hidden neuron's id (0 for a feature or the output)
	Weight float64 // signed
}

// Outgoing returns hidden neuron j of layer l's outgoing weights, the ones
// its strength is the mean absolute value of: to every neuron of every
// layer that reads layer l (in layer order) and, when the layer feeds the
// output, its weight to the output (last, before the multiplier).
func (n *Net) Outgoing(l, j int) []Edge {
	if l < 0 || l >= len(n.ls) || j < 0 || j >= n.ls[l].rows {
		return nil
	}
	var out []Edge
	from, to := n.consumers(l)
	for m := from; m < to; m++ {
		next := &n.ls[m]
		off := n.offset(m, l)
		for i := 0; i < next.rows; i++ {
			out = append(out, Edge{Layer: m, Index: i, ID: next.ids[i], Weight: next.w[i*next.cols+off+j]})
		}
	}
	if ly := &n.ls[l]; ly.connected {
		out = append(out, Edge{Layer: len(n.ls), Weight: ly.out[j]})
	}
	return out
}

// Incoming returns hidden neuron j of layer l's incoming weights: from
// every feature and hidden neuron it reads, in column order.
func (n *Net) Incoming(l, j int) []Edge {
	if l < 0 || l >= len(n.ls) || j < 0 || j >= n.ls[l].rows {
		return nil
	}
	ly := &n.ls[l]
	var in []Edge
	col := 0
	for s := n.first(l); s < l; s++ {
		for k := 0; k < n.width(s); k++ {
			e := Edge{Layer: s, Index: k, Weight: ly.w[j*ly.cols+col]}
			if s >= 0 {
				e.ID = n.ls[s].ids[k]
			}
			in = append(in, e)
			col++
		}
	}
	return in
}

// LayerStrength returns hidden layer l's strength for the depth rule (the
// larger of its multiplier's size and its strongest neuron's feed to later
// layers), and whether the layer is in reserve: the network grows in depth
// and the strength is below Depth.Threshold.
func (n *Net) LayerStrength(l int) (s float64, reserve bool) {
	if l < 0 || l >= len(n.ls) || !n.deep() {
		return 0, false
	}
	s = n.layerStrength(l)
	return s, s < n.cfg.Depth.Threshold
}

// LayerBorn returns the cycle hidden layer l was added (its identity while
// layers before it come and go).
func (n *Net) LayerBorn(l int) int { return n.ls[l].born0 }
