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

// layer l of the network: hidden layers 0..L-1, the output L (one row).
type layer struct {
	w, b   []float64 // w: rows (this layer) × cols (the previous one), row-major
	mw, mb []float64 // RMSProp memory
	gw, gb []float64 // gradients of the batch
	rows   int
	cols   int
	// per example
	a, d []float64 // activation, and the loss gradient w.r.t. the pre-activation
}

// Net is a feed-forward network learning its widths. It is not safe for
// concurrent use: even Predict writes the activations it keeps.
type Net struct {
	cfg    Config
	set    points.Set
	rnd    *rng.Source
	ls     []layer // Layers hidden layers, then the output
	ids    [][]int64
	born   [][]int
	str    [][]float64
	nextID int64
	cycle  int
	order  []int
	pos    int
	loss   float64
	sub    []int
	in     []float64
	batch  []points.Point
}

// New validates cfg and builds a network on set's training points, every
// hidden layer with one neuron.
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
	n.ls = make([]layer, L+1)
	n.ids, n.born, n.str = make([][]int64, L), make([][]int, L), make([][]float64, L)
	n.ls[0].cols = len(cfg.Features)
	n.ls[L].rows = 1
	n.ls[L].b, n.ls[L].mb, n.ls[L].gb = []float64{0}, []float64{initMeanSquare}, []float64{0}
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

// Widths returns the hidden layers' widths.
func (n *Net) Widths() []int {
	w := make([]int, n.cfg.Layers)
	for l := range w {
		w[l] = n.ls[l].rows
	}
	return w
}

// IDs returns the ids of hidden layer l's neurons by index (a copy).
func (n *Net) IDs(l int) []int64 { return slices.Clone(n.ids[l]) }

// Born returns the birth cycles of hidden layer l's neurons by index (a copy).
func (n *Net) Born(l int) []int { return slices.Clone(n.born[l]) }

// Strengths returns the strengths of hidden layer l's neurons (a copy).
func (n *Net) Strengths(l int) []float64 { return slices.Clone(n.str[l]) }

// Cycle returns the number of steps taken.
func (n *Net) Cycle() int { return n.cycle }

// Config returns the network's settings.
func (n *Net) Config() Config {
	c := n.cfg
	c.Features, c.Fixed = slices.Clone(c.Features), slices.Clone(c.Fixed)
	return c
}

// Loss returns the smoothed training loss, ½(output − label)² per point
// (an exponential moving average of the batch means, 0.99 per step).
func (n *Net) Loss() float64 { return n.loss }

// TestLoss returns the mean ½(output − label)² over the test points (0 if none).
func (n *Net) TestLoss() float64 {
	if len(n.set.Test) == 0 {
		return 0
	}
	s := 0.0
	for _, p := range n.set.Test {
		e := n.Predict(p.X, p.Y) - p.Label
		s = float64(0.5*float64(e*e)) + s
	}
	return s / float64(len(n.set.Test))
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
	put(uint64(n.cycle))
	for l := range n.ls {
		ly := &n.ls[l]
		put(uint64(ly.rows))
		if l < n.cfg.Layers {
			for j := range n.ids[l] {
				put(uint64(n.ids[l][j]))
				put(uint64(n.born[l][j]))
			}
		}
		for _, s := range [][]float64{ly.w, ly.b, ly.mw, ly.mb} {
			for _, v := range s {
				put(math.Float64bits(v))
			}
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

// act applies the hidden activation.
func (n *Net) act(z float64) float64 {
	switch n.cfg.Activation {
	case ReLU:
		return max(z, 0)
	case Sigmoid:
		return 1 / (1 + detmath.Exp(-z))
	}
	return detmath.Tanh(z)
}

// actGrad is the activation's derivative, from its value a.
func (n *Net) actGrad(a float64) float64 {
	switch n.cfg.Activation {
	case ReLU:
		if a > 0 {
			return 1
		}
		return 0
	case Sigmoid:
		return a * (1 - a)
	}
	return 1 - float64(a*a)
}

// forward computes every layer's activation from n.in and returns the output.
func (n *Net) forward() float64 {
	prev := n.in
	L := n.cfg.Layers
	for l := range n.ls {
		ly := &n.ls[l]
		ly.a = slices.Grow(ly.a[:0], ly.rows)[:ly.rows]
		for i := 0; i < ly.rows; i++ {
			z := ly.b[i]
			row := ly.w[i*ly.cols : (i+1)*ly.cols]
			for k, x := range prev {
				z = float64(row[k]*x) + z
			}
			if l == L {
				ly.a[i] = detmath.Tanh(z)
			} else {
				ly.a[i] = n.act(z)
			}
		}
		prev = ly.a
	}
	return n.ls[L].a[0]
}

// backward adds to the gradients those of scale·½(output − label)² at the
// point last forwarded.
func (n *Net) backward(label, scale float64) {
	L := n.cfg.Layers
	out := &n.ls[L]
	o := out.a[0]
	out.d = slices.Grow(out.d[:0], 1)[:1]
	out.d[0] = float64(scale*(o-label)) * (1 - float64(o*o))
	for l := L; l >= 0; l-- {
		ly := &n.ls[l]
		prev := n.in
		if l > 0 {
			prev = n.ls[l-1].a
		}
		for i := 0; i < ly.rows; i++ {
			d := ly.d[i]
			ly.gb[i] += d
			row := ly.gw[i*ly.cols : (i+1)*ly.cols]
			for k, x := range prev {
				row[k] = float64(d*x) + row[k]
			}
		}
		if l == 0 {
			break
		}
		below := &n.ls[l-1]
		below.d = slices.Grow(below.d[:0], below.rows)[:below.rows]
		for k := 0; k < below.rows; k++ {
			s := 0.0
			for i := 0; i < ly.rows; i++ {
				s = float64(ly.w[i*ly.cols+k]*ly.d[i]) + s
			}
			below.d[k] = s * n.actGrad(below.a[k])
		}
	}
}

// batchGrad zeroes the gradients and accumulates those of the mean loss
// over pts; it returns the mean loss.
func (n *Net) batchGrad(pts []points.Point) float64 {
	for l := range n.ls {
		clear(n.ls[l].gw)
		clear(n.ls[l].gb)
	}
	scale := 1 / float64(len(pts))
	loss := 0.0
	for _, p := range pts {
		n.features(p.X, p.Y)
		e := n.forward() - p.Label
		loss = float64(0.5*float64(e*e)) + loss
		n.backward(p.Label, scale)
	}
	return loss * scale
}

// Step runs one mini-batch: gradients, the update, the L1 step, then the
// structural rule on each hidden layer. It returns an error, and does
// nothing, once the loss is not finite.
func (n *Net) Step() error {
	if math.IsNaN(n.loss) || math.IsInf(n.loss, 0) {
		return fmt.Errorf("ff: training diverged before cycle %d (try a smaller learning_rate)", n.cycle+1)
	}
	batch := slices.Grow(n.batch[:0], n.cfg.Batch)[:n.cfg.Batch]
	n.batch = batch
	for i := range batch {
		if n.pos == 0 {
			n.rnd.Shuffle(len(n.order), func(i, j int) { n.order[i], n.order[j] = n.order[j], n.order[i] })
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
	for l := range n.ls {
		ly := &n.ls[l]
		n.update(ly.w, ly.gw, ly.mw)
		n.update(ly.b, ly.gb, ly.mb)
		if l > 0 && n.cfg.L1 > 0 { // layer l's weights are layer l-1's outgoing ones
			detmath.Shrink(ly.w, n.cfg.L1)
		}
	}
	n.cycle++
	n.strengths()
	if len(n.cfg.Fixed) > 0 {
		return nil
	}
	for l := 0; l < n.cfg.Layers; l++ {
		n.restructure(l)
	}
	n.strengths()
	return nil
}

// update applies the optimiser to w with gradient g and memory m.
func (n *Net) update(w, g, m []float64) {
	lr := n.cfg.LearningRate
	if n.cfg.Optimizer == SGD {
		for i := range w {
			w[i] = w[i] - float64(lr*g[i])
		}
		return
	}
	for i := range w {
		m[i] = float64(decay*(float64(g[i]*g[i])-m[i])) + m[i]
		s := lr * g[i] / math.Sqrt(m[i]+epsilon)
		w[i] -= max(-stepClip, min(stepClip, s))
	}
}

// strengths recomputes every hidden neuron's strength: the mean absolute
// value of its outgoing weights.
func (n *Net) strengths() {
	for l := 0; l < n.cfg.Layers; l++ {
		next := &n.ls[l+1]
		s := slices.Grow(n.str[l][:0], next.cols)[:next.cols]
		clear(s)
		for i := 0; i < next.rows; i++ {
			for j := range s {
				s[j] += math.Abs(next.w[i*next.cols+j])
			}
		}
		for j := range s {
			s[j] /= float64(next.rows)
		}
		n.str[l] = s
	}
}

// restructure applies the rule to hidden layer l.
func (n *Net) restructure(l int) {
	p := n.cfg.Rule
	var d rule.Decision
	d, n.sub = rule.Decide(p, n.str[l], n.born[l], n.rnd, n.sub)
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

// add appends a reserve neuron to hidden layer l (see the package comment).
func (n *Net) add(l int) { n.addNeuron(l, newStrength*n.cfg.Rule.Threshold) }

// addNeuron appends a neuron of the given strength to hidden layer l.
func (n *Net) addNeuron(l int, strength float64) {
	ly, next := &n.ls[l], &n.ls[l+1]
	scale := hiddenScale
	if l == 0 {
		scale = featureScale
	}
	for k := 0; k < ly.cols; k++ {
		ly.w = append(ly.w, scale*n.rnd.Norm())
		ly.mw = append(ly.mw, initMeanSquare)
		ly.gw = append(ly.gw, 0)
	}
	ly.b, ly.mb, ly.gb = append(ly.b, 0), append(ly.mb, initMeanSquare), append(ly.gb, 0)
	ly.rows++
	// the new column of the next layer: random, L1 norm strength·rows
	col := make([]float64, next.rows)
	sum := 0.0
	for i := range col {
		col[i] = n.rnd.Norm()
		sum += math.Abs(col[i])
	}
	f := strength * float64(next.rows) / (sum + 1e-8)
	for i := range col {
		col[i] *= f
	}
	c := next.cols
	keep := make([]int, c, c+1)
	for j := range keep {
		keep[j] = j
	}
	next.w = remapCols(next.w, next.rows, c, append(keep, -1), col)
	next.mw = remapCols(next.mw, next.rows, c, append(keep, -1), fill(next.rows, initMeanSquare))
	next.gw = make([]float64, len(next.w))
	next.cols++
	n.nextID++
	n.ids[l] = append(n.ids[l], n.nextID)
	n.born[l] = append(n.born[l], n.cycle)
}

// remove deletes the neurons of hidden layer l at the given indices.
func (n *Net) remove(l int, doomed []int) {
	ly, next := &n.ls[l], &n.ls[l+1]
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
	next.w = remapCols(next.w, next.rows, next.cols, keep, nil)
	next.mw = remapCols(next.mw, next.rows, next.cols, keep, nil)
	next.gw = make([]float64, len(next.w))
	ly.rows, next.cols = len(keep), len(keep)
	ids, born := n.ids[l][:0], n.born[l][:0]
	for _, j := range keep {
		ids, born = append(ids, n.ids[l][j]), append(born, n.born[l][j])
	}
	n.ids[l], n.born[l] = ids, born
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
