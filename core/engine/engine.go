package engine

import (
	"fmt"
	"math"
	"slices"

	"github.com/diffstruct/diffstruct/core/detmath"
	"github.com/diffstruct/diffstruct/core/rng"
	"github.com/diffstruct/diffstruct/core/rnn"
	"github.com/diffstruct/diffstruct/core/rule"
	"github.com/diffstruct/diffstruct/core/task"
)

// Engine trains one network on one task. It is not safe for concurrent use:
// observers read it between calls to Step.
type Engine struct {
	cfg    Config
	net    *rnn.Net
	stream *task.Stream
	rnd    *rng.Source // initial weights, new neurons and structural draws
	opt    optimizer

	ids       []int64   // stable id of each neuron, by index
	born      []int     // cycle at which each neuron was added
	strengths []float64 // strength of each neuron after the last step
	nextID    int64

	cycle      int
	windowLoss float64 // loss of the last window, nats
	smooth     float64 // smoothed loss per window
	last       int     // the symbol that starts the next window
	xs, ys     []int

	taskStart   int        // cycle at which the current task began
	best        *SavedBest // the rollback rule's copy of the best network, or nil
	added       []int64    // ids added by the last step
	sub         []int      // scratch: sub-threshold neuron indices
	outSums     []float64  // scratch: each neuron's outgoing output-weight mass
	shrunk      [2]span    // scratch: the groups the L1 step shrinks
	deleted     []int64    // ids deleted by the last step
	lastBelow   int        // neurons below the threshold at the last structural step
	spontaneous []int64    // ids the last step added by the safety valve
	err         error      // set once the run has diverged
}

// New returns an engine ready to train with cfg, which must be valid.
func New(cfg Config) (*Engine, error) {
	cfg.Task = cfg.Task.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	stream, err := task.NewStream(cfg.Task, cfg.Window, cfg.Seed)
	if err != nil {
		return nil, err
	}
	gate := rnn.NoGate
	if cfg.Rule == RuleV1 {
		gate = rnn.GateOutput
		if cfg.Gate == GateEverywhere {
			gate = rnn.GateEverywhere
		}
	}
	v := len(stream.Alphabet())
	net, err := rnn.New(v, cfg.InitNeurons, cfg.Window, gate)
	if err != nil {
		return nil, err
	}
	e := &Engine{
		cfg: cfg, net: net, stream: stream, rnd: rng.New(cfg.Seed, 1),
		xs: make([]int, cfg.Window), ys: make([]int, cfg.Window),
		smooth: float64(cfg.Window) * math.Log(float64(v)),
	}
	e.opt = newOptimizer(cfg, net)
	for i := range net.Params() {
		net.Params()[i] = cfg.InitScale * e.rnd.Norm()
	}
	l := net.Layout()
	for _, g := range []rnn.Group{rnn.WxhT, rnn.Bh} { // the reference's starting memory
		for i := range l.Slice(net.Slot(e.opt.slotIndex()), g) {
			l.Slice(net.Slot(e.opt.slotIndex()), g)[i] = cfg.InitMeanSquare
		}
	}
	clear(net.Param(rnn.Bh))
	clear(net.Param(rnn.By))
	for i := range net.Param(rnn.M) {
		net.Param(rnn.M)[i] = cfg.FirstMultiplier
	}
	for i := 0; i < cfg.InitNeurons; i++ {
		e.ids = append(e.ids, e.newID())
		e.born = append(e.born, 0)
	}
	e.last = stream.Next()
	e.updateStrengths()
	return e, nil
}

func (e *Engine) newID() int64 {
	e.nextID++
	return e.nextID
}

// Step runs one training cycle: a window forward and backward, one update,
// then the structural step. Once the loss has turned NaN or infinite, Step
// returns that error and does nothing more.
func (e *Engine) Step() error {
	if e.err != nil {
		return e.err
	}
	e.readWindow()
	loss, err := e.net.Backprop(e.xs, e.ys)
	if err != nil {
		return err
	}
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		e.err = fmt.Errorf("training diverged at cycle %d: the window's loss is %v (try a smaller learning_rate)", e.cycle+1, loss)
		return e.err
	}
	e.update()
	e.net.Carry()
	e.windowLoss = loss
	e.smooth = float64(e.cfg.Smoothing*e.smooth) + float64((1-e.cfg.Smoothing)*loss)
	e.cycle++
	e.added, e.deleted, e.spontaneous = e.added[:0], e.deleted[:0], e.spontaneous[:0]
	e.kick()
	if e.cfg.Rule != RuleFixed {
		e.restructure()
	}
	e.updateStrengths()
	return nil
}

// Run runs n cycles, stopping at the first error.
func (e *Engine) Run(n int) error {
	for i := 0; i < n; i++ {
		if err := e.Step(); err != nil {
			return err
		}
	}
	return nil
}

// readWindow fills xs and ys with the next window: each target is the symbol
// after its input, and the window starts where the last one ended.
func (e *Engine) readWindow() {
	x := e.last
	for t := range e.xs {
		y := e.stream.Next()
		e.xs[t], e.ys[t] = x, y
		x = y
	}
	e.last = x
}

// update applies the optimiser step and the rule's regularisation.
func (e *Engine) update() {
	net, cfg := e.net, e.cfg
	if cfg.Rule == RuleV1 {
		dm, m := net.Grad(rnn.M), net.Param(rnn.M)
		l1 := float64(cfg.Window) * cfg.L1 // the L1 gradient is added at every time step
		for i := range dm {
			dm[i] += float64(l1 * sign(m[i]))
		}
	}
	if cfg.SettleRate > 0 {
		e.opt.scale(e.settleFactor())
	}
	switch cfg.Rule {
	case RuleV1:
		e.opt.step(net.Params(), net.Grads(), 0, nil)
		m := net.Param(rnn.M)
		for i := range m {
			m[i] = math.Max(m[i], cfg.MinMultiplier)
		}
	default: // the L1 step on Whh and Why, in the optimiser's pass
		l := net.Layout()
		e.shrunk[0].start, e.shrunk[0].end = l.Range(rnn.Whh)
		e.shrunk[1].start, e.shrunk[1].end = l.Range(rnn.Why)
		e.opt.step(net.Params(), net.Grads(), cfg.L1, e.shrunk[:])
	}
}

// l1Step is the L1 step, detmath.Shrink: every weight moves c towards zero.
func l1Step(w []float64, c float64) { detmath.Shrink(w, c) }

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// updateStrengths recomputes every neuron's strength.
func (e *Engine) updateStrengths() {
	n, v := e.net.N(), e.net.V()
	e.strengths = slices.Grow(e.strengths[:0], n)[:n]
	if e.cfg.Rule == RuleV1 {
		copy(e.strengths, e.net.Param(rnn.M))
		return
	}
	e.outSums = slices.Grow(e.outSums[:0], n)[:n]
	rnn.AbsColumnSums(e.net.Param(rnn.Why), v, n, e.outSums)
	rnn.AbsColumnSums(e.net.Param(rnn.Whh), n, n, e.strengths) // the lateral sums, for now
	lateral := float64(v) / float64(n)
	for j, out := range e.outSums {
		e.strengths[j] = 0.5 * (out + float64(lateral*e.strengths[j]))
	}
}

// restructure applies the structural rule (package rule) to the hidden
// layer: keep exactly Reserve sub-threshold neurons, deleting the excess
// (each with probability PDel) or adding one (with probability PAdd) when
// too few are left, and now and then one regardless.
func (e *Engine) restructure() {
	cfg := e.cfg
	p := rule.Params{Threshold: cfg.Threshold, Reserve: cfg.Reserve, PDel: cfg.PDel, PAdd: cfg.PAdd,
		PSpontaneous: cfg.PSpontaneous, Max: cfg.MaxNeurons, Order: cfg.DeleteOrder}
	var d rule.Decision
	d, e.sub = rule.Decide(p, e.strengths, e.born, e.rnd, e.sub)
	e.lastBelow = d.Below
	if len(d.Doomed) > 0 {
		e.remove(d.Doomed)
	}
	if d.Refill {
		e.add()
	}
	if rule.Valve(p, e.net.N(), e.rnd) {
		e.add()
		e.spontaneous = append(e.spontaneous, e.ids[len(e.ids)-1])
	}
}

// remove deletes the neurons at the given indices.
func (e *Engine) remove(doomed []int) {
	dead := make(map[int]bool, len(doomed))
	for _, j := range doomed {
		dead[j] = true
	}
	keep := make([]int, 0, e.net.N()-len(doomed))
	ids, born := e.ids[:0], e.born[:0]
	for j := 0; j < e.net.N(); j++ {
		if dead[j] {
			e.deleted = append(e.deleted, e.ids[j])
			continue
		}
		keep = append(keep, j)
		ids, born = append(ids, e.ids[j]), append(born, e.born[j])
	}
	e.ids, e.born = ids, born
	if err := e.net.Remap(keep); err != nil {
		panic(err) // keep is built from valid indices: unreachable
	}
}

// add appends a neuron whose contribution starts small: small random input
// and incoming lateral weights; for v2, random outgoing weights scaled (as
// the reference program does) so that the output part and the lateral part
// of its strength are each NewStrength*Threshold, which puts its strength
// just under NewStrength*Threshold; for v1, small random outgoing weights
// and multiplier Threshold. Its optimiser memory starts at InitMeanSquare.
func (e *Engine) add() {
	oldN := e.net.N()
	if err := e.net.Append(); err != nil {
		panic(err) // appending cannot fail
	}
	net, cfg := e.net, e.cfg
	n, v, j := net.N(), net.V(), net.N()-1
	wx, whh, why := net.Param(rnn.WxhT), net.Param(rnn.Whh), net.Param(rnn.Why)
	s := cfg.InitScale
	for i := 0; i < n-1; i++ {
		whh[j*n+i] = s * e.rnd.Norm() // incoming lateral
	}
	for k := 0; k < v; k++ {
		wx[k*n+j] = s * e.rnd.Norm()
	}
	if cfg.Rule == RuleV1 {
		for i := 0; i < n; i++ {
			whh[i*n+j] = s * e.rnd.Norm()
		}
		for k := 0; k < v; k++ {
			why[k*n+j] = s * e.rnd.Norm()
		}
		net.Param(rnn.M)[j] = cfg.Threshold
	} else {
		target := cfg.NewStrength * cfg.Threshold
		scaleColumn(why, v, n, j, e.rnd.Norm, target)
		scaleColumn(whh, n, n, j, e.rnd.Norm, target*float64(max(oldN, 1))/float64(v))
	}
	e.initOptimizerMemory(j)
	id := e.newID()
	e.ids = append(e.ids, id)
	e.born = append(e.born, e.cycle)
	e.added = append(e.added, id)
}

// scaleColumn fills column j of a rows x cols matrix with random values
// whose absolute values sum to total.
func scaleColumn(m []float64, rows, cols, j int, draw func() float64, total float64) {
	sum := 0.0
	for i := 0; i < rows; i++ {
		m[i*cols+j] = draw()
		sum += math.Abs(m[i*cols+j])
	}
	for i := 0; i < rows; i++ {
		m[i*cols+j] *= total / (sum + 1e-8)
	}
}

// initOptimizerMemory sets the optimiser memory of neuron j's parameters
// (its row and column of every matrix) to InitMeanSquare.
func (e *Engine) initOptimizerMemory(j int) {
	l, c := e.net.Layout(), e.cfg.InitMeanSquare
	state := e.net.Slot(e.opt.slotIndex())
	n := l.N
	wx, whh, why, bh := l.Slice(state, rnn.WxhT), l.Slice(state, rnn.Whh), l.Slice(state, rnn.Why), l.Slice(state, rnn.Bh)
	for k := 0; k < l.V; k++ {
		wx[k*n+j], why[k*n+j] = c, c
	}
	for i := 0; i < n; i++ {
		whh[j*n+i], whh[i*n+j] = c, c
	}
	bh[j] = c
	if l.Gated {
		l.Slice(state, rnn.M)[j] = c
	}
}

// SetTask switches to a new task mid-run, keeping the network: the paper's
// dynamic experiment. The new task must use the same alphabet. Its stream is
// seeded from the run's seed and the current cycle, so a replay that
// switches at the same cycle sees the same symbols.
func (e *Engine) SetTask(spec task.Spec) error {
	spec = spec.WithDefaults()
	if err := spec.Validate(); err != nil {
		return err
	}
	if string(spec.Alphabet()) != string(e.stream.Alphabet()) {
		return fmt.Errorf("task: the new task's alphabet %q differs from the network's %q (start a new run instead)",
			string(spec.Alphabet()), string(e.stream.Alphabet()))
	}
	stream, err := task.NewStream(spec, e.cfg.Window, e.cfg.Seed^uint64(e.cycle+1)*0x9e3779b97f4a7c15)
	if err != nil {
		return err
	}
	e.stream, e.cfg.Task, e.taskStart = stream, spec, e.cycle
	return nil
}

// sampleSymbols feeds the network its own predictions for n symbols, starting
// from the carried state and the next input, and returns the symbol indices.
// Its random draws come from a source seeded by the run's seed and cycle, so
// sampling never changes the training run.
func (e *Engine) sampleSymbols(n int) []int {
	r := rng.New(e.cfg.Seed^uint64(e.cycle)*0xbf58476d1ce4e5b9, 2)
	s := e.net.NewSampler()
	out := make([]int, 0, n)
	x := e.last
	for len(out) < n {
		p := s.Next(x)
		u, acc := r.Float64(), 0.0
		x = len(p) - 1
		for k, pk := range p {
			acc += pk
			if u < acc {
				x = k
				break
			}
		}
		out = append(out, x)
	}
	return out
}
