package engine

import "github.com/diffstruct/diffstruct/core/rnn"

// PresetReliable is v2 made to reach the hard task's floor reliably (beyond
// the paper; see reliable).
const PresetReliable = "reliable"

// Deletion orders (Config.DeleteOrder): which of the excess sub-threshold
// neurons the structural step deletes first. The empty order, the paper's,
// picks at random.
const (
	DeleteYoungest = "youngest" // the most recently added go first; the oldest are spared as the reserve
	DeleteOldest   = "oldest"   // the oldest go first; the newest are spared as the reserve
)

// kick perturbs a network that is stuck on a plateau: every KickEvery
// cycles, if the smoothed loss is more than KickGap above the task's entropy
// floor, it adds Gaussian noise of standard deviation KickNoise to the input
// and recurrent weights. It needs a known floor (a custom text has none, so
// it never kicks) and reads only state a snapshot keeps, so a saved run
// continues exactly.
func (e *Engine) kick() {
	cfg := e.cfg
	if cfg.KickEvery == 0 || (cfg.KickNoise == 0 && !cfg.KickRestart) || e.cycle%cfg.KickEvery != 0 {
		return
	}
	if !(e.smooth > (1+cfg.KickGap)*e.FloorPerWindow()) {
		return
	}
	if cfg.KickRestart {
		e.restart()
		return
	}
	for _, g := range []rnn.Group{rnn.WxhT, rnn.Whh} {
		w := e.net.Param(g)
		for i := range w {
			w[i] += cfg.KickNoise * e.rnd.Norm()
		}
	}
}

// reliable turns the paper preset into PresetReliable: the paper's rule and
// hyperparameters, plus two changes aimed at the hard task's two failure
// modes. A network still more than 25% above the floor at a multiple of
// 16,000 cycles is on the plateau (the runs that learn the task are within
// 20% of it by then) and starts again from one neuron, a fresh draw; a
// network within 15% of the floor takes half-size steps, so that it is not
// thrown back onto the plateau.
func reliable(c *Config) {
	c.Preset = PresetReliable
	c.KickEvery, c.KickGap, c.KickRestart = 16000, 0.25, true
	c.SettleGap, c.SettleRate = 0.15, 0.5
}

// restart starts the network again as New does: it keeps only the first
// InitNeurons neurons (the others are reported deleted), re-draws every
// weight and resets the optimiser memory and the hidden state. The task
// stream and the random source go on, so the new start is a new draw. A
// fixed-size network keeps its size.
func (e *Engine) restart() {
	if n := e.net.N(); n > e.cfg.InitNeurons && e.cfg.Rule != RuleFixed {
		doomed := make([]int, 0, n-e.cfg.InitNeurons)
		for j := e.cfg.InitNeurons; j < n; j++ {
			doomed = append(doomed, j)
		}
		e.remove(doomed)
	}
	net, cfg := e.net, e.cfg
	for i := range net.Params() {
		net.Params()[i] = cfg.InitScale * e.rnd.Norm()
	}
	clear(net.Param(rnn.Bh))
	clear(net.Param(rnn.By))
	for i := range net.Param(rnn.M) {
		net.Param(rnn.M)[i] = cfg.FirstMultiplier
	}
	state := net.Slot(e.opt.slotIndex())
	clear(state)
	l := net.Layout()
	for _, g := range []rnn.Group{rnn.WxhT, rnn.Bh} {
		s := l.Slice(state, g)
		for i := range s {
			s[i] = cfg.InitMeanSquare
		}
	}
	net.ResetState()
}

// settleFactor returns the learning-rate factor of this update: SettleRate
// once the smoothed loss is within SettleGap of the task's floor, else 1. A
// run near the floor then takes smaller steps, which keeps it from being
// thrown back onto the plateau; a text with no known floor never settles.
func (e *Engine) settleFactor() float64 {
	if e.smooth <= (1+e.cfg.SettleGap)*e.FloorPerWindow() {
		return e.cfg.SettleRate
	}
	return 1
}
