// Package ff is a feed-forward network on 2-D points (core/points) whose
// hidden layers learn their own width by gradient descent: the paper's
// structural rule (core/rule) applied to each layer, as the method brief's
// "Extensions" describe (Miconi 2016, conclusion).
//
// The network reads a few features of a point (x, y, x², y², xy, each
// coordinate divided by points.Half), has Layers fully connected hidden
// layers and one tanh output trained with squared error on the label (±1
// for classes). Each hidden layer starts with ONE neuron. A step is one
// mini-batch: forward, backward, the optimiser's update, the L1 step on
// every hidden neuron's outgoing weights, then, layer by layer from the
// first, the structural rule: a neuron whose strength is below the
// threshold T_D is in reserve; the layer keeps exactly k such neurons,
// deleting the excess (rule.Decide) or adding one, and now and then one
// regardless (rule.Valve).
//
// Strength. The recurrent engine's v2 strength is half the L1 norm of a
// neuron's outgoing weights to the outputs plus, scaled by V/N, to the
// hidden layer: each part is kept comparable as the layer's width changes.
// A layered neuron has one kind of outgoing weight, to the next layer's
// n_next neurons, so its strength is their mean absolute value:
// s_j = Σ_i |W[i][j]| / n_next. The mean, not the sum, keeps T_D meaning
// the same in every layer and at every width (a neuron does not cross the
// threshold because the next layer grew), and the L1 step w -= c·sign(w)
// pulls every strength down by exactly c a step, as in the paper. For the
// last hidden layer n_next is 1 and s_j is |w_out,j|.
//
// A new neuron gets random outgoing weights scaled so that its strength is
// half of T_D, just under the threshold (the reserve, as engine.add does):
// it barely changes the output at first. Each layer's first neuron starts
// at strength 1 instead, as the v1 paper's first multiplier: a chain of
// layers whose only neurons were all at reserve strength would pass back a
// gradient shrunk by (T_D/2)^Layers, and plain SGD never left that plateau
// (RMSProp took about 1,000 steps longer on circle). The rule then adds the
// first reserve neuron within about 1/P_add steps.
// Its incoming weights are N(0, 1) from the features (they are no neuron's
// outgoing weights, so their size is free) and N(0, 0.01²) from a hidden
// layer, as the engine's new neurons, so that adding a neuron hardly moves
// the previous layer's strengths. Biases start at 0, optimiser memory at
// 0.01 (the engine's InitMeanSquare).
//
// Neurons have stable ids, never reused, and birth cycles. Every random
// draw comes from one seeded source in a fixed order (the epoch shuffle,
// then per layer Decide, the deletions, the refill's weights, Valve and its
// weights), and every product that is added is written float64(x*y) + z,
// so a run is the same bit for bit on every platform (Digest).
//
// Next: depth. Residual layers added and deleted by the same rule, each
// with a low initial multiplier on its output; a layer whose multiplier is
// below threshold is the reserve layer. Layers is fixed for now.
package ff

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"slices"

	"github.com/diffstruct/diffstruct/core/detmath"
	"github.com/diffstruct/diffstruct/core/points"
	"github.com/diffstruct/diffstruct/core/rng"
	"github.com/diffstruct/diffstruct/core/rule"
)

const (
	newStrength    = 0.5  // a new neuron's strength as a fraction of T_D
	firstStrength  = 1    // the strength of each layer's first neuron
	featureScale   = 1    // std of a new neuron's weights from the features
	hiddenScale    = 0.01 // std of a new neuron's weights from a hidden layer
	initMeanSquare = 0.01 // RMSProp memory of new parameters
	decay          = 0.01 // RMSProp mean-square decay (the paper's)
	epsilon        = 1e-8
	stepClip       = 0.01 // RMSProp step clip (the paper's)
	smoothing      = 0.99 // of the reported train loss
	stream         = 0xff // the rng stream of a run
)

// layer is one hidden layer. Its weights w come from the layer before (or
// the features); out are its neurons' weights to the output neuron, used
// when it is connected, scaled by its multiplier gate.
type layer struct {
	w, b, mw, mb, gw, gb []float64 // w: rows (this layer) × cols (the previous one), row-major
	rows, cols           int
	out, mout, gout      []float64 // to the output, one per neuron (connected layers)
	gate, mgate, ggate   []float64 // the multiplier (one value), learned when depth is
	connected            bool      // feeds the output neuron directly
	ids                  []int64
	born                 []int
	str                  []float64
	born0                int       // the cycle the layer was added
	a                    []float64 // the activations at the point Predict last computed
	// the mini-batch (batchGrad): acts and ds have a row of B values (the
	// points in order) a neuron
	acts []float64 // activations (a slice of Net.stack)
	ds   []float64 // loss gradients w.r.t. the pre-activations
	dots []float64 // out · a before the multiplier, one a point
}

// Net is a feed-forward network learning its widths (and depth). It is not
// safe for concurrent use: even Predict writes the activations it keeps.
type Net struct {
	cfg          Config
	set          points.Set
	rnd          *rng.Source
	ls           []layer // the hidden layers, input side first
	bOut         []float64
	mbOut, gbOut []float64
	nextID       int64
	cycle        int
	order        []int
	pos          int
	loss         float64
	sub          []int
	in           []float64
	batch        []points.Point
	stale        bool      // the strengths are out of date (a fixed shape's step)
	lstr         []float64 // layer strengths (scratch for the depth rule)
	lbornI       []int
	// the mini-batch (batchGrad)
	stack      []float64 // the features, then every layer's activations, a row of B a value
	zs, dz, dg []float64 // outputs, gradients at the output's and a layer's dot product
	tmp        []float64 // the native kernels' scratch
}

// New validates cfg and builds a network on set's training points, every
// hidden layer with one neuron (or Fixed's widths).
func New(cfg Config, set points.Set) (*Net, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if len(set.Train) == 0 {
		return nil, errors.New("ff: the set has no training points")
	}
	cfg.Features = slices.Clone(cfg.Features)
	cfg.Fixed = slices.Clone(cfg.Fixed)
	n := &Net{cfg: cfg, set: set, rnd: rng.New(cfg.Seed, stream)}
	L := cfg.Layers
	n.ls = make([]layer, L)
	n.bOut, n.mbOut, n.gbOut = []float64{0}, []float64{initMeanSquare}, []float64{0}
	for l := range n.ls {
		ly := &n.ls[l]
		ly.gate, ly.mgate, ly.ggate = []float64{1}, []float64{initMeanSquare}, []float64{0}
		ly.connected = n.deep() || cfg.Shortcuts || l == L-1
		if l == 0 || cfg.Shortcuts {
			ly.cols = len(cfg.Features)
		}
	}
	for l := L - 1; l >= 0; l-- { // the last first: each new neuron's next layer exists
		if len(cfg.Fixed) == 0 {
			n.addNeuron(l, firstStrength)
			continue
		}
		// A new neuron's outgoing weights are the next layer's incoming
		// ones: mean |w| = 0.8/sqrt(fan-in) is a std of about 1/sqrt(fan-in).
		for range cfg.Fixed[l] {
			n.addNeuron(l, 0.8/math.Sqrt(float64(cfg.Fixed[l])))
		}
	}
	n.in = make([]float64, len(cfg.Features))
	n.order = make([]int, len(set.Train))
	for i := range n.order {
		n.order[i] = i
	}
	n.strengths()
	return n, nil
}

// target is what the output is trained towards for a label.
func (n *Net) target(label float64) float64 {
	if n.cfg.Target == 0 {
		return label
	}
	return label * n.cfg.Target
}

// inputScale is the std of new weights from the features.
func (n *Net) inputScale() float64 {
	if n.cfg.InputScale == 0 {
		return featureScale
	}
	return n.cfg.InputScale
}

// deep reports whether the network learns its depth: every layer then
// feeds the output through its own learned multiplier.
func (n *Net) deep() bool { return n.cfg.Depth.Max > 0 }

// first returns the first source layer l reads: -1 stands for the
// features. With shortcuts a layer reads the features and every layer
// before it, in that order; without, only the layer before it.
func (n *Net) first(l int) int {
	if n.cfg.Shortcuts {
		return -1
	}
	return l - 1
}

// source returns the values of source s (-1: the features) at the point
// last forwarded.
func (n *Net) source(s int) []float64 {
	if s < 0 {
		return n.in
	}
	return n.ls[s].a
}

// width returns the width of source s (-1: the features).
func (n *Net) width(s int) int {
	if s < 0 {
		return len(n.cfg.Features)
	}
	return n.ls[s].rows
}

// offset returns the first column of layer m's weights that reads layer k
// (k must be one of m's sources).
func (n *Net) offset(m, k int) int {
	off := 0
	for s := n.first(m); s < k; s++ {
		off += n.width(s)
	}
	return off
}

// consumers returns the layers that read layer k: every later one with
// shortcuts, else the next one (if any).
func (n *Net) consumers(k int) (from, to int) {
	if n.cfg.Shortcuts {
		return k + 1, len(n.ls)
	}
	return k + 1, min(k+2, len(n.ls))
}

// Layers returns the number of hidden layers now.
func (n *Net) Layers() int { return len(n.ls) }

// Widths returns the hidden layers' widths.
func (n *Net) Widths() []int {
	w := make([]int, len(n.ls))
	for l := range w {
		w[l] = n.ls[l].rows
	}
	return w
}

// Neurons returns the number of hidden neurons in all layers.
func (n *Net) Neurons() int {
	s := 0
	for l := range n.ls {
		s += n.ls[l].rows
	}
	return s
}

// Multipliers returns each hidden layer's multiplier on its output (1 for
// the last layer of a network of fixed depth, 0 for the others, which do not
// feed the output).
func (n *Net) Multipliers() []float64 {
	m := make([]float64, len(n.ls))
	for l := range m {
		if n.ls[l].connected {
			m[l] = n.ls[l].gate[0]
		}
	}
	return m
}

// IDs returns the ids of hidden layer l's neurons by index (a copy).
func (n *Net) IDs(l int) []int64 { return slices.Clone(n.ls[l].ids) }

// Born returns the birth cycles of hidden layer l's neurons by index (a copy).
func (n *Net) Born(l int) []int { return slices.Clone(n.ls[l].born) }

// Strengths returns the strengths of hidden layer l's neurons (a copy).
func (n *Net) Strengths(l int) []float64 {
	n.fresh()
	return slices.Clone(n.ls[l].str)
}

// fresh recomputes the strengths if a step left them stale.
func (n *Net) fresh() {
	if n.stale {
		n.strengths()
	}
}

// Cycle returns the number of steps taken.
func (n *Net) Cycle() int { return n.cycle }

// Config returns the network's settings.
func (n *Net) Config() Config {
	c := n.cfg
	c.Features, c.Fixed = slices.Clone(c.Features), slices.Clone(c.Fixed)
	return c
}

// Set returns the data the network trains and is tested on.
func (n *Net) Set() points.Set { return n.set }

// SetData makes the network train on set from the next step on (a visitor
// placed or removed a point, or loaded others): the epoch starts afresh, in
// the set's order, then shuffled as usual. The network is kept. Two runs
// given the same sets at the same cycles stay the same bit for bit.
func (n *Net) SetData(set points.Set) error {
	if len(set.Train) == 0 {
		return errors.New("ff: the set has no training points")
	}
	n.set = set
	n.order = n.order[:0]
	for i := range set.Train {
		n.order = append(n.order, i)
	}
	n.pos = 0
	return nil
}

// Loss returns the smoothed training loss, ½(output − label)² per point
// (an exponential moving average of the batch means, 0.99 per step).
func (n *Net) Loss() float64 { return n.loss }

// TestLoss returns the mean ½(output − label)² over the test points (0 if none).
func (n *Net) TestLoss() float64 { return n.MeanLoss(n.set.Test) }

// MeanLoss returns the mean ½(output − label)² over pts (0 if none).
func (n *Net) MeanLoss(pts []points.Point) float64 {
	if len(pts) == 0 {
		return 0
	}
	s := 0.0
	for _, p := range pts {
		e := n.Predict(p.X, p.Y) - p.Label
		s = float64(0.5*float64(e*e)) + s
	}
	return s / float64(len(pts))
}

// Accuracy returns the fraction of pts whose label has the output's sign
// (an output of 0 counts as +1); 0 for no points.
func (n *Net) Accuracy(pts []points.Point) float64 {
	if len(pts) == 0 {
		return 0
	}
	ok := 0
	for _, p := range pts {
		if (n.Predict(p.X, p.Y) >= 0) == (p.Label > 0) {
			ok++
		}
	}
	return float64(ok) / float64(len(pts))
}

// Predict returns the network's output, in (-1, 1), at the point (x, y).
func (n *Net) Predict(x, y float64) float64 {
	n.features(x, y)
	return n.forward()
}

// Digest returns an FNV-1a hash of the cycle, every neuron's id and birth
// cycle, every parameter and every optimiser memory, bit for bit.
func (n *Net) Digest() uint64 {
	h := fnv.New64a()
	var buf [8]byte
	put := func(u uint64) {
		for i := range buf {
			buf[i] = byte(u >> (8 * i))
		}
		h.Write(buf[:])
	}
	floats := func(ss ...[]float64) {
		for _, s := range ss {
			for _, v := range s {
				put(math.Float64bits(v))
			}
		}
	}
	put(uint64(n.cycle))
	for l := range n.ls {
		ly := &n.ls[l]
		put(uint64(ly.rows))
		for j := range ly.ids {
			put(uint64(ly.ids[j]))
			put(uint64(ly.born[j]))
		}
		floats(ly.w, ly.b, ly.mw, ly.mb)
	}
	// The output neuron, as the row of a last layer (the layout of the
	// fixed-depth network's first digests), then the multipliers.
	put(1)
	for l := range n.ls {
		if n.ls[l].connected {
			floats(n.ls[l].out)
		}
	}
	floats(n.bOut)
	for l := range n.ls {
		if n.ls[l].connected {
			floats(n.ls[l].mout)
		}
	}
	floats(n.mbOut)
	if n.deep() {
		for l := range n.ls {
			put(uint64(n.ls[l].born0))
			floats(n.ls[l].gate, n.ls[l].mgate)
		}
	}
	put(math.Float64bits(n.loss))
	return h.Sum64()
}

// features fills n.in with the configured features of (x, y).
func (n *Net) features(x, y float64) {
	x, y = x/points.Half, y/points.Half
	for i, f := range n.cfg.Features {
		switch f {
		case "x":
			n.in[i] = x
		case "y":
			n.in[i] = y
		case "x2":
			n.in[i] = x * x
		case "y2":
			n.in[i] = y * y
		case "xy":
			n.in[i] = x * y
		}
	}
}

// activate applies the hidden activation to every pre-activation in z:
// a whole layer at a time, so that tanh is one tanhVec call (a kernel
// under WebAssembly) and the switch is outside the loop.
func (n *Net) activate(z []float64) {
	switch n.cfg.Activation {
	case ReLU:
		for i, v := range z {
			z[i] = max(v, 0)
		}
	case Sigmoid:
		for i, v := range z {
			z[i] = 1 / (1 + detmath.Exp(-v))
		}
	default:
		tanhVec(z)
	}
}

// actGradBias multiplies every d_j[t] of the rows x B ds by the
// activation's derivative at a_j[t] (acts, the activations there) and adds
// it to gb[j], the points in order: one pass for both.
func (n *Net) actGradBias(ds, acts, gb []float64, B int) {
	acts = acts[:len(ds)]
	for j := range gb {
		d, a := ds[j*B:(j+1)*B], acts[j*B:(j+1)*B]
		a = a[:len(d)]
		g := gb[j]
		switch n.cfg.Activation {
		case ReLU:
			for t, v := range a {
				if !(v > 0) { // as forward's max(z, 0): NaN is not above 0
					d[t] = float64(d[t] * 0) // not d[t] = 0: the product keeps the sign of zero and NaNs
				}
				g += d[t]
			}
		case Sigmoid:
			for t, v := range a {
				d[t] = float64(d[t] * (v * (1 - v))) // rounded: g adds it next
				g += d[t]
			}
		default:
			for t, v := range a {
				d[t] = float64(d[t] * (1 - float64(v*v)))
				g += d[t]
			}
		}
		gb[j] = g
	}
}

// forward computes every layer's activation (ly.a) from n.in and returns
// the output: tanh(b + Σ_l m_l·(out_l · a_l)) over the connected layers.
// It is Predict's single point; batchGrad does the same additions in the
// same order a batch at a time (forwardBatch), so both give the same bits.
func (n *Net) forward() float64 {
	for l := range n.ls {
		ly := &n.ls[l]
		ly.a = slices.Grow(ly.a[:0], ly.rows)[:ly.rows]
		for i := range ly.a {
			z := ly.b[i]
			row := ly.w[i*ly.cols : (i+1)*ly.cols]
			c := 0
			for src := n.first(l); src < l; src++ {
				for _, x := range n.source(src) {
					z = float64(row[c]*x) + z
					c++
				}
			}
			ly.a[i] = z
		}
		n.activate(ly.a)
	}
	z := n.bOut[0]
	for l := range n.ls {
		ly := &n.ls[l]
		if !ly.connected {
			continue
		}
		if !n.deep() { // the plain last layer: z = b + out · a
			for k, x := range ly.a {
				z = float64(ly.out[k]*x) + z
			}
			continue
		}
		s := 0.0
		for k, x := range ly.a {
			s = float64(ly.out[k]*x) + s
		}
		z = float64(ly.gate[0]*s) + z
	}
	return tanh(z)
}

// grow returns *s resliced (reallocated if need be) to length k.
func grow(s *[]float64, k int) []float64 {
	*s = slices.Grow((*s)[:0], k)[:k]
	return *s
}

// A mini-batch is computed layer by layer, one kernel call a layer for the
// whole batch (kernels.go: generated assembly under WebAssembly) instead of
// Go loops a point. Activations and loss gradients are neuron-major, one
// row of B values (the points in order) a neuron: a layer's
// pre-activations z_j = b_j + Xᵀw_j are one layerFwd over the layer's
// inputs X (cols × B, contiguous rows of n.stack) with the weights as they
// are, each z_j[t] adding w_j[c]·x_t[c] in column order, as forward does,
// tanh folded in. The backward sums and the weight gradients (backSum,
// backGrad) read the same rows and the weights as they are, each a sum in
// the order the point-by-point loops added it, so every result is the same
// bit for bit as Predict's path.

// stackRows returns the rows of the activation stack n.stack (the features,
// then each layer's neurons) before layer l's: with shortcuts layer l reads
// exactly those rows, without it the last width(l-1) of them.
func (n *Net) stackRows(l int) int {
	r := len(n.cfg.Features)
	for k := 0; k < l; k++ {
		r += n.ls[k].rows
	}
	return r
}

// zero is the bias of a dot product that starts from 0.
var zero = []float64{0}

// forwardBatch computes the activations of the B points whose features
// are in the first rows of n.stack (feature-major), every layer's below
// them, and the outputs (n.zs).
func (n *Net) forwardBatch(B int) {
	top := n.stackRows(len(n.ls))
	stack := n.stack[:top*B]
	isTanh := n.cfg.Activation == Tanh
	for l := range n.ls {
		ly := &n.ls[l]
		r := n.stackRows(l)
		in := stack[(r-ly.cols)*B : r*B] // ly.cols × B
		z := stack[r*B : (r+ly.rows)*B]
		layerFwd(in, ly.cols, B, ly.w, ly.b, z, ly.rows, isTanh)
		if !isTanh {
			n.activate(z)
		}
		ly.acts = z
	}
	zs := grow(&n.zs, B)
	if last := &n.ls[len(n.ls)-1]; !n.deep() && !n.cfg.Shortcuts { // only the last layer feeds the output
		layerFwd(last.acts, last.rows, B, last.out, n.bOut, zs, 1, true)
		return
	}
	for t := range zs {
		zs[t] = n.bOut[0]
	}
	for l := range n.ls {
		ly := &n.ls[l]
		if !ly.connected {
			continue
		}
		if !n.deep() { // z_t adds a_t[k]·out[k] in k order, layer after layer
			for k, o := range ly.out[:ly.rows] {
				for t, a := range ly.acts[k*B : (k+1)*B] {
					zs[t] = float64(o*a) + zs[t]
				}
			}
			continue
		}
		// the layer's dot_t adds a_t[k]·out[k] in k order, from 0.
		dots := grow(&ly.dots, B)
		layerFwd(ly.acts, ly.rows, B, ly.out, zero, dots, 1, false)
		for t, s := range dots {
			zs[t] = float64(ly.gate[0]*s) + zs[t]
		}
	}
	tanhVec(zs)
}

// batchGrad zeroes the gradients and accumulates those of the mean loss
// over pts; it returns the mean loss.
func (n *Net) batchGrad(pts []points.Point) float64 {
	B := len(pts)
	n.stack = grow(&n.stack, n.stackRows(len(n.ls))*B)
	for i, f := range n.cfg.Features { // as features computes them, a feature at a time
		row := n.stack[i*B : (i+1)*B]
		if f == "y" || f == "y2" {
			for t, pt := range pts {
				row[t] = pt.Y / points.Half
			}
		} else {
			for t, pt := range pts {
				row[t] = pt.X / points.Half
			}
		}
		switch f {
		case "x2", "y2":
			for t, v := range row {
				row[t] = v * v
			}
		case "xy":
			for t, pt := range pts {
				row[t] = row[t] * (pt.Y / points.Half)
			}
		}
	}
	n.forwardBatch(B)
	for l := range n.ls { // (the weight gradients gw are set by their kernel, not added to)
		ly := &n.ls[l]
		clear(ly.gb)
		clear(ly.gout)
		ly.ggate[0] = 0
	}
	n.gbOut[0] = 0
	scale := 1 / float64(B)
	loss := 0.0
	dz := grow(&n.dz, B) // the gradient at the output's pre-activation
	square := n.cfg.Loss != CrossEntropy
	gbOut := n.gbOut[0]
	for t, o := range n.zs[:len(pts)] {
		label := pts[t].Label
		e := o - label
		loss = float64(0.5*float64(e*e)) + loss
		d := float64(scale * (o - n.target(label)))
		if square {
			d *= 1 - float64(o*o)
		}
		dz[t] = d
		gbOut += d
	}
	n.gbOut[0] = gbOut
	for l := len(n.ls) - 1; l >= 0; l-- {
		ly := &n.ls[l]
		rows := ly.rows
		ds := grow(&ly.ds, rows*B) // rows × B, as acts
		dg := dz                   // the gradient at this layer's output dot product
		if ly.connected && n.deep() {
			dg = grow(&n.dg, B)
			for t, d := range dz {
				ly.ggate[0] = float64(d*ly.dots[t]) + ly.ggate[0]
				dg[t] = float64(d * ly.gate[0])
			}
		}
		// d_j = (out_j·dg + Σ over the consumers, in order, of their
		// weights from j times their d) · act'(a_j), the sum from zero.
		beta := 0.0
		if ly.connected {
			// d_j[t] = 0 + out_j·dg[t] and gout_j = Σ_t dg[t]·a_j[t]: the
			// output as a consumer of one row, and as the gradient of a
			// weight with dg for its input.
			backSum(ds, rows, B, dg, 1, ly.out, rows, 0, 0, &n.tmp)
			backGrad(ly.acts, nil, rows, B, dg, 1, nil, ly.gout, false, &n.tmp)
			beta = 1
		}
		from, to := n.consumers(l)
		for m := from; m < to; m++ { // in consumer order, each consumer's rows in order
			next := &n.ls[m]
			backSum(ds, rows, B, next.ds, next.rows, next.w, next.cols, n.offset(m, l), beta, &n.tmp)
			beta = 1
		}
		if beta == 0 {
			clear(ds)
		}
		r := n.stackRows(l)
		in := n.stack[(r-ly.cols)*B : r*B] // the layer's inputs
		if n.cfg.Activation == Tanh {
			backGrad(ds, ly.acts, rows, B, in, ly.cols, ly.gb, ly.gw, true, &n.tmp)
		} else {
			n.actGradBias(ds, ly.acts, ly.gb, B)
			backGrad(ds, ly.acts, rows, B, in, ly.cols, ly.gb, ly.gw, false, &n.tmp)
		}
	}
	return loss * scale
}

// Step runs one mini-batch: gradients, the update, the L1 step, then the
// structural rule on each hidden layer, then (when depth is learned) on the
// layers. It returns an error, and does nothing, once the loss is not
// finite.
func (n *Net) Step() error {
	if math.IsNaN(n.loss) || math.IsInf(n.loss, 0) {
		return fmt.Errorf("ff: training diverged before cycle %d (try a smaller learning_rate)", n.cycle+1)
	}
	batch := slices.Grow(n.batch[:0], n.cfg.Batch)[:n.cfg.Batch]
	n.batch = batch
	for i := range batch {
		if n.pos == 0 {
			n.rnd.ShuffleInts(n.order)
		}
		batch[i] = n.set.Train[n.order[n.pos]]
		n.pos = (n.pos + 1) % len(n.order)
	}
	loss := n.batchGrad(batch)
	if n.cycle == 0 {
		n.loss = loss
	} else {
		n.loss = float64(smoothing*n.loss) + float64((1-smoothing)*loss)
	}
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return fmt.Errorf("ff: training diverged at cycle %d: the batch loss is %v (try a smaller learning_rate)", n.cycle+1, loss)
	}
	c := n.cfg.L1
	for l := range n.ls {
		ly := &n.ls[l]
		n.update(ly.w, ly.gw, ly.mw)
		n.update(ly.b, ly.gb, ly.mb)
		if l > 0 && c > 0 { // layer l's weights from hidden layers are their neurons' outgoing ones
			if f := len(n.cfg.Features); n.cfg.Shortcuts {
				for i := 0; i < ly.rows; i++ {
					detmath.Shrink(ly.w[i*ly.cols+f:(i+1)*ly.cols], c)
				}
			} else {
				detmath.Shrink(ly.w, c)
			}
		}
		if ly.connected {
			n.update(ly.out, ly.gout, ly.mout)
			if c > 0 {
				detmath.Shrink(ly.out, c)
			}
			if n.deep() {
				n.update(ly.gate, ly.ggate, ly.mgate)
				if c > 0 {
					detmath.Shrink(ly.gate, c)
				}
			}
		}
	}
	n.update(n.bOut, n.gbOut, n.mbOut)
	n.cycle++
	if len(n.cfg.Fixed) > 0 { // no rule reads them: computed when read (fresh)
		n.stale = true
		return nil
	}
	n.strengths()
	for l := range n.ls {
		n.restructure(l)
	}
	n.strengths()
	if n.deep() {
		n.deepen()
		n.strengths()
	}
	return nil
}

// update applies the optimiser to w with gradient g and memory m.
func (n *Net) update(w, g, m []float64) {
	lr := n.cfg.LearningRate
	if n.cfg.Optimizer == SGD {
		sgd(w, g, lr)
		return
	}
	clip := n.cfg.StepClip
	if clip == 0 {
		clip = stepClip
	}
	for i := range w {
		m[i] = float64(decay*(float64(g[i]*g[i])-m[i])) + m[i]
		s := lr * g[i] / math.Sqrt(m[i]+epsilon)
		w[i] -= max(-clip, min(clip, s))
	}
}

// strengths recomputes every hidden neuron's strength: the mean absolute
// value of its outgoing weights, to the next layer's neurons and (for a
// connected layer) to the output. The layer's multiplier is left out: it is
// the layer's own strength, so a new layer in reserve can still grow.
func (n *Net) strengths() {
	n.stale = false
	for l := range n.ls {
		ly := &n.ls[l]
		s := slices.Grow(ly.str[:0], ly.rows)[:ly.rows]
		clear(s)
		count := 0
		from, to := n.consumers(l)
		for m := from; m < to; m++ {
			next := &n.ls[m]
			off := n.offset(m, l)
			for i := 0; i < next.rows; i++ {
				for j := range s {
					s[j] += math.Abs(next.w[i*next.cols+off+j])
				}
			}
			count += next.rows
		}
		if ly.connected {
			for j := range s {
				s[j] += math.Abs(ly.out[j])
			}
			count++
		}
		for j := range s {
			s[j] /= float64(count)
		}
		ly.str = s
	}
}

// restructure applies the rule to hidden layer l.
func (n *Net) restructure(l int) {
	p := n.cfg.Rule
	var d rule.Decision
	d, n.sub = rule.Decide(p, n.ls[l].str, n.ls[l].born, n.rnd, n.sub)
	if len(d.Doomed) > 0 {
		n.remove(l, d.Doomed)
	}
	if d.Refill {
		n.add(l)
	}
	if rule.Valve(p, n.ls[l].rows, n.rnd) {
		n.add(l)
	}
}

// layerStrength is a layer's strength for the depth rule: the larger of
// its multiplier's size and the strongest feed of one of its neurons to the
// next layer (the mean absolute value of its weights there), so a layer is
// in reserve when its multiplier is below the threshold and it passes
// nothing on: the new last layer, or a middle layer that has faded.
func (n *Net) layerStrength(l int) float64 {
	ly := &n.ls[l]
	s := math.Abs(ly.gate[0])
	from, to := n.consumers(l)
	if from == to {
		return s
	}
	for j := 0; j < ly.rows; j++ {
		f, rows := 0.0, 0
		for m := from; m < to; m++ {
			next := &n.ls[m]
			c := n.offset(m, l) + j
			for i := 0; i < next.rows; i++ {
				f += math.Abs(next.w[i*next.cols+c])
			}
			rows += next.rows
		}
		s = max(s, f/float64(rows))
	}
	return s
}

// deepen applies the rule to the layers themselves: it keeps exactly
// Depth.Reserve layers in reserve, deleting excess ones and adding a new
// last layer when the reserve is short (and now and then regardless).
func (n *Net) deepen() {
	p := n.cfg.Depth
	n.lstr, n.lbornI = n.lstr[:0], n.lbornI[:0]
	for l := range n.ls {
		n.lstr = append(n.lstr, n.layerStrength(l))
		n.lbornI = append(n.lbornI, n.ls[l].born0)
	}
	var d rule.Decision
	d, n.sub = rule.Decide(p, n.lstr, n.lbornI, n.rnd, n.sub)
	if len(d.Doomed) > 0 {
		doomed := slices.Clone(d.Doomed)
		slices.Sort(doomed)
		for i := len(doomed) - 1; i >= 0; i-- { // the deepest first: indices stay valid
			n.removeLayer(doomed[i])
		}
	}
	if d.Refill {
		n.addLayer()
	}
	if rule.Valve(p, len(n.ls), n.rnd) {
		n.addLayer()
	}
}

// addLayer appends a hidden layer of one neuron after the last, reading
// the last layer: its multiplier starts at half the threshold, so it is the
// reserve layer and barely moves the output; its neuron's weight to the
// output is ±1 (strength 1, as each layer's first neuron) and its incoming
// weights N(0, 1/fan-in), so that it computes something of full size from
// the start (the multiplier, not small weights, keeps it from disturbing
// the output; with both small its gradients vanish).
func (n *Net) addLayer() {
	last := &n.ls[len(n.ls)-1]
	cols := last.rows
	if n.cfg.Shortcuts {
		cols = n.offset(len(n.ls), len(n.ls)) // the features and every layer
	}
	T := n.cfg.Depth.Threshold
	ly := layer{cols: cols, connected: true, born0: n.cycle,
		gate: []float64{newStrength * T}, mgate: []float64{initMeanSquare}, ggate: []float64{0}}
	scale := 1 / math.Sqrt(float64(ly.cols)) // LeCun: the layer computes at full size; its multiplier shields the output
	for range ly.cols {
		ly.w = append(ly.w, scale*n.rnd.Norm())
		ly.mw = append(ly.mw, initMeanSquare)
	}
	ly.gw = make([]float64, len(ly.w))
	ly.b, ly.mb, ly.gb = []float64{0}, []float64{initMeanSquare}, []float64{0}
	o := 1.0
	if n.rnd.Norm() < 0 {
		o = -1
	}
	ly.out, ly.mout, ly.gout = []float64{o}, []float64{initMeanSquare}, []float64{0}
	ly.rows = 1
	n.nextID++
	ly.ids, ly.born = []int64{n.nextID}, []int{n.cycle}
	n.ls = append(n.ls, ly)
}

// removeLayer deletes hidden layer l (never the only one). The layer after
// it then reads the layer before it (or the features) through new small
// weights: the deleted layer's neurons had faded, so what it passed on was
// small already.
func (n *Net) removeLayer(l int) {
	if n.cfg.Shortcuts { // the later layers read the others as before
		for m := l + 1; m < len(n.ls); m++ {
			next := &n.ls[m]
			off, w := n.offset(m, l), n.ls[l].rows
			keep := make([]int, 0, next.cols-w)
			for c := 0; c < next.cols; c++ {
				if c < off || c >= off+w {
					keep = append(keep, c)
				}
			}
			next.w = remapCols(next.w, next.rows, next.cols, keep, nil)
			next.mw = remapCols(next.mw, next.rows, next.cols, keep, nil)
			next.gw = make([]float64, len(next.w))
			next.cols = len(keep)
		}
		n.ls = slices.Delete(n.ls, l, l+1)
		return
	}
	if l+1 < len(n.ls) {
		next := &n.ls[l+1]
		cols, scale := len(n.cfg.Features), n.inputScale()
		if l > 0 {
			cols, scale = n.ls[l-1].rows, hiddenScale
		}
		next.cols = cols
		next.w, next.mw = make([]float64, next.rows*cols), fill(next.rows*cols, initMeanSquare)
		for i := range next.w {
			next.w[i] = scale * n.rnd.Norm()
		}
		next.gw = make([]float64, len(next.w))
	}
	n.ls = slices.Delete(n.ls, l, l+1)
}

// add appends a reserve neuron to hidden layer l (see the package comment).
func (n *Net) add(l int) { n.addNeuron(l, newStrength*n.cfg.Rule.Threshold) }

// addNeuron appends a neuron of the given strength to hidden layer l: its
// outgoing weights (to the next layer and, for a connected layer, to the
// output through the multiplier) have mean absolute value strength.
func (n *Net) addNeuron(l int, strength float64) {
	ly := &n.ls[l]
	scale := hiddenScale
	if l == 0 {
		scale = n.inputScale()
	}
	for k := 0; k < ly.cols; k++ {
		ly.w = append(ly.w, scale*n.rnd.Norm())
		ly.mw = append(ly.mw, initMeanSquare)
		ly.gw = append(ly.gw, 0)
	}
	ly.b, ly.mb, ly.gb = append(ly.b, 0), append(ly.mb, initMeanSquare), append(ly.gb, 0)
	ly.rows++
	// the outgoing weights: random, L1 norm strength·count
	from, to := n.consumers(l)
	rows := 0
	for m := from; m < to; m++ {
		rows += n.ls[m].rows
	}
	count := rows
	if ly.connected {
		count++
	}
	col := make([]float64, count)
	sum := 0.0
	for i := range col {
		col[i] = n.rnd.Norm()
		sum += math.Abs(col[i])
	}
	f := strength * float64(count) / (sum + 1e-8)
	for i := range col {
		col[i] *= f
	}
	at := 0 // col's entries, consumer by consumer
	for m := from; m < to; m++ {
		next := &n.ls[m]
		pos := n.offset(m, l) + ly.rows - 1 // after the layer's other neurons
		c := next.cols
		keep := make([]int, 0, c+1)
		for j := range c + 1 {
			switch {
			case j < pos:
				keep = append(keep, j)
			case j == pos:
				keep = append(keep, -1)
			default:
				keep = append(keep, j-1)
			}
		}
		next.w = remapCols(next.w, next.rows, c, keep, col[at:at+next.rows])
		next.mw = remapCols(next.mw, next.rows, c, keep, fill(next.rows, initMeanSquare))
		next.gw = make([]float64, len(next.w))
		next.cols++
		at += next.rows
	}
	if ly.connected {
		ly.out, ly.mout, ly.gout = append(ly.out, col[rows]), append(ly.mout, initMeanSquare), append(ly.gout, 0)
	}
	n.nextID++
	ly.ids = append(ly.ids, n.nextID)
	ly.born = append(ly.born, n.cycle)
}

// remove deletes the neurons of hidden layer l at the given indices.
func (n *Net) remove(l int, doomed []int) {
	ly := &n.ls[l]
	dead := make([]bool, ly.rows)
	for _, j := range doomed {
		dead[j] = true
	}
	var keep []int
	for j := 0; j < ly.rows; j++ {
		if !dead[j] {
			keep = append(keep, j)
		}
	}
	ly.w = remapRows(ly.w, ly.cols, keep)
	ly.mw = remapRows(ly.mw, ly.cols, keep)
	ly.b = remapRows(ly.b, 1, keep)
	ly.mb = remapRows(ly.mb, 1, keep)
	ly.gw, ly.gb = make([]float64, len(ly.w)), make([]float64, len(ly.b))
	if ly.connected {
		ly.out = remapRows(ly.out, 1, keep)
		ly.mout = remapRows(ly.mout, 1, keep)
		ly.gout = make([]float64, len(ly.out))
	}
	from, to := n.consumers(l)
	for m := from; m < to; m++ {
		next := &n.ls[m]
		off := n.offset(m, l)
		cols := make([]int, 0, next.cols)
		for c := 0; c < next.cols; c++ {
			if c < off || c >= off+ly.rows || !dead[c-off] {
				cols = append(cols, c)
			}
		}
		next.w = remapCols(next.w, next.rows, next.cols, cols, nil)
		next.mw = remapCols(next.mw, next.rows, next.cols, cols, nil)
		next.gw = make([]float64, len(next.w))
		next.cols = len(cols)
	}
	ly.rows = len(keep)
	ids, born := ly.ids[:0], ly.born[:0]
	for _, j := range keep {
		ids, born = append(ids, ly.ids[j]), append(born, ly.born[j])
	}
	ly.ids, ly.born = ids, born
}

func fill(k int, v float64) []float64 {
	s := make([]float64, k)
	for i := range s {
		s[i] = v
	}
	return s
}

// remapRows returns the rows keep of a row-major matrix with cols columns.
func remapRows(m []float64, cols int, keep []int) []float64 {
	out := make([]float64, 0, len(keep)*cols)
	for _, j := range keep {
		out = append(out, m[j*cols:(j+1)*cols]...)
	}
	return out
}

// remapCols returns the columns keep of a rows × cols row-major matrix; a
// keep entry of -1 takes the next value of extra, one per row.
func remapCols(m []float64, rows, cols int, keep []int, extra []float64) []float64 {
	out := make([]float64, 0, rows*len(keep))
	for i := 0; i < rows; i++ {
		for _, j := range keep {
			if j < 0 {
				out = append(out, extra[i])
			} else {
				out = append(out, m[i*cols+j])
			}
		}
	}
	return out
}
