// Package rnn is the character-level recurrent network whose hidden layer can
// grow and shrink: a vanilla tanh RNN with a softmax output, its forward pass
// and backpropagation through time over one window, and the structural edits
// (remove a neuron, append one) that keep every parameter-shaped buffer
// (weights, gradients, optimiser state) aligned with the neurons.
//
// The network is
//
//	h_t = tanh(Wxh x_t + Whh r_{t-1} + bh)
//	y_t = Why o_t + by,   p_t = softmax(y_t)
//
// where r (what the recurrent path sees) and o (what the output sees) are h
// itself, or m⊙h for per-neuron multipliers m (the first version of the
// paper): see Gate.
//
// All parameters live in one flat slice laid out group after group, so an
// optimiser is one loop over it. The matrix kernels (kernels.go) add their
// terms in one fixed order and round every product before adding it, so a
// pass gives the same bits on every platform; elementwise products are
// gonum's floats.Mul, exact everywhere.
package rnn

import (
	"fmt"
)

// Gate says where per-neuron multipliers m scale the hidden output.
type Gate int

const (
	// NoGate: no multipliers; the hidden output feeds both paths as it is.
	NoGate Gate = iota
	// GateOutput: m⊙h feeds the output layer; the recurrent path sees h.
	GateOutput
	// GateEverywhere: m⊙h feeds both the output layer and the recurrent path.
	GateEverywhere
)

// String returns the gate's name as used in configs.
func (g Gate) String() string {
	switch g {
	case GateOutput:
		return "output"
	case GateEverywhere:
		return "everywhere"
	}
	return "none"
}

// Group is a named block of parameters in the flat layout.
type Group int

// The parameter groups, in layout order.
const (
	WxhT Group = iota // input weights, V x N, row v = weights from symbol v
	Whh               // recurrent weights, N x N, Whh[i][j] from neuron j to neuron i
	Bh                // hidden biases, N
	Why               // output weights, V x N, Why[k][j] from neuron j to output k
	By                // output biases, V
	M                 // multipliers, N (only with a gate)
	numGroups
)

// Names of the groups, for messages and serialisation.
var groupNames = [numGroups]string{"Wxh", "Whh", "bh", "Why", "by", "m"}

// String returns the group's name.
func (g Group) String() string { return groupNames[g] }

// Layout gives the offset and length of every group for given sizes.
type Layout struct {
	V, N   int
	Gated  bool
	offset [numGroups + 1]int
}

// NewLayout returns the layout for an alphabet of v symbols and n neurons.
func NewLayout(v, n int, gated bool) Layout {
	l := Layout{V: v, N: n, Gated: gated}
	sizes := [numGroups]int{v * n, n * n, n, v * n, v, 0}
	if gated {
		sizes[M] = n
	}
	for g := Group(0); g < numGroups; g++ {
		l.offset[g+1] = l.offset[g] + sizes[g]
	}
	return l
}

// Size returns the total number of parameters.
func (l Layout) Size() int { return l.offset[numGroups] }

// Range returns the [start, end) range of group g in the flat layout.
func (l Layout) Range(g Group) (int, int) { return l.offset[g], l.offset[g+1] }

// Slice returns group g of a flat buffer with this layout.
func (l Layout) Slice(flat []float64, g Group) []float64 {
	return flat[l.offset[g]:l.offset[g+1]:l.offset[g+1]]
}

// Net is a recurrent network with a variable number of hidden neurons. It is
// not safe for concurrent use.
type Net struct {
	layout Layout
	gate   Gate
	window int

	params []float64   // flat parameters
	grads  []float64   // flat gradients of the last window's loss
	slots  [][]float64 // other parameter-shaped buffers (optimiser state)
	whhT   []float64   // Whh transposed, refreshed before each pass
	bwx    []float64   // row x: bh + the input weights of symbol x (V x N), refreshed before each pass

	// Per-window activations: index t in 0..window, t = 0 the carried state.
	hs []float64 // hidden outputs h_t
	gs []float64 // m⊙h_t (gated nets only)
	ps []float64 // predicted distributions p_t, t = 1..window, (window x V)
	xs []int     // inputs of the last window
	ys []int     // targets of the last window

	// Backward scratch; das holds da_t, dys dy_t and douts Why^T dy_t for
	// t = 1..window (window x N, window x V and window x N); das and dys
	// are summed into dWhh and dWhy at the end.
	dnext           []float64
	das, dys, douts []float64
}

// New returns a network for an alphabet of v symbols with n neurons, reading
// windows of the given length, with all parameters zero.
func New(v, n, window int, gate Gate) (*Net, error) {
	switch {
	case v < 2:
		return nil, fmt.Errorf("rnn: alphabet size %d is out of range (want at least 2)", v)
	case n < 0:
		return nil, fmt.Errorf("rnn: neuron count %d is out of range (want at least 0)", n)
	case window < 1:
		return nil, fmt.Errorf("rnn: window %d is out of range (want at least 1)", window)
	case gate < NoGate || gate > GateEverywhere:
		return nil, fmt.Errorf("rnn: unknown gate %d", gate)
	}
	net := &Net{gate: gate, window: window}
	net.xs = make([]int, window)
	net.ys = make([]int, window)
	net.resize(NewLayout(v, n, gate != NoGate))
	net.params = make([]float64, net.layout.Size())
	net.grads = make([]float64, net.layout.Size())
	return net, nil
}

// resize sets the layout and (re)allocates the neuron-sized buffers.
func (net *Net) resize(l Layout) {
	net.layout = l
	n, w := l.N, net.window
	net.whhT = grow(net.whhT, n*n)
	net.bwx = grow(net.bwx, l.V*n)
	net.hs = grow(net.hs, (w+1)*n)
	net.gs = grow(net.gs, (w+1)*n)
	net.ps = grow(net.ps, w*l.V)
	net.dys = grow(net.dys, w*l.V)
	net.douts = grow(net.douts, w*n)
	net.dnext = grow(net.dnext, n)
	net.das = grow(net.das, w*n)
}

// grow returns a slice of length n, reusing buf's memory when it is large enough.
func grow(buf []float64, n int) []float64 {
	if cap(buf) >= n {
		return buf[:n]
	}
	return make([]float64, n, n+n/2)
}

// Layout returns the current parameter layout.
func (net *Net) Layout() Layout { return net.layout }

// Gate returns where the multipliers apply.
func (net *Net) Gate() Gate { return net.gate }

// N returns the number of hidden neurons.
func (net *Net) N() int { return net.layout.N }

// V returns the alphabet size.
func (net *Net) V() int { return net.layout.V }

// Window returns the number of symbols read per window.
func (net *Net) Window() int { return net.window }

// Params returns the flat parameter vector (a view: writes change the net).
func (net *Net) Params() []float64 { return net.params }

// Grads returns the flat gradient vector of the last Grad call (a view).
func (net *Net) Grads() []float64 { return net.grads }

// Param returns parameter group g (a view).
func (net *Net) Param(g Group) []float64 { return net.layout.Slice(net.params, g) }

// Grad returns gradient group g (a view).
func (net *Net) Grad(g Group) []float64 { return net.layout.Slice(net.grads, g) }

// AddSlot registers a parameter-shaped buffer (for example an optimiser's
// running averages) that structural changes keep aligned with the neurons,
// and returns its index for Slot.
func (net *Net) AddSlot() int {
	net.slots = append(net.slots, make([]float64, net.layout.Size()))
	return len(net.slots) - 1
}

// Slot returns the parameter-shaped buffer registered as i.
func (net *Net) Slot(i int) []float64 { return net.slots[i] }

// State returns the carried hidden state h_0 (a view).
func (net *Net) State() []float64 { return net.hs[:net.layout.N] }

// Hidden returns h_t of the last window, t = 0 (carried in) .. Window() (a view).
func (net *Net) Hidden(t int) []float64 {
	n := net.layout.N
	return net.hs[t*n : (t+1)*n]
}

// Probs returns the predicted distribution after reading input t (0-based) of
// the last window (a view).
func (net *Net) Probs(t int) []float64 {
	v := net.layout.V
	return net.ps[t*v : (t+1)*v]
}

// Inputs returns the inputs of the last window (a view).
func (net *Net) Inputs() []int { return net.xs }

// Targets returns the targets of the last window (a view).
func (net *Net) Targets() []int { return net.ys }
