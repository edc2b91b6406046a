package session

import (
	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/core/race"
	"github.com/diffstruct/diffstruct/wasm/linkstate"
	"github.com/diffstruct/diffstruct/wasm/wire"
)

// rnnModel is a recurrent run as a Model: the race's runners here (all of
// them, or a split race's local ones), the main one first. Session keeps
// the race itself for what only this family has (task switches, the
// sample, phases, the inspector's terms).
type rnnModel struct {
	run  *race.Race
	hook race.Hook // times each runner's step (Session.timeStep, set by the session), or nil

	// Scratch, reused by readers: it holds no state of the run.
	obs    []engine.Observation
	graphs []wire.Graph
	bufs   [][]byte
}

// newRNNModel returns r as a Model, stepped without a hook.
func newRNNModel(r *race.Race) *rnnModel {
	return &rnnModel{run: r, obs: make([]engine.Observation, r.Len())}
}

func (m *rnnModel) Kind() string { return linkstate.ModelSequence }
func (m *rnnModel) Cycle() int   { return m.run.Cycle() }
func (m *rnnModel) Len() int     { return m.run.Len() }

// Step runs one cycle of every runner.
func (m *rnnModel) Step() error { return m.run.Step(m.hook) }

// Changed returns the births and deaths of the main runner's last cycle,
// without observing it (the lesson pace asks every cycle).
func (m *rnnModel) Changed() (int, int) { return m.run.Changed(0) }

// observe returns runner i's observation in the scratch space, valid until
// the next call for the same runner (its digest is kept for the cycle).
func (m *rnnModel) observe(i int) *engine.Observation {
	m.run.Observe(i, &m.obs[i])
	return &m.obs[i]
}

// Numbers returns runner i's numbers: one hidden layer, a loss per window
// and no held-out examples (full adds nothing: there are no accuracies).
func (m *rnnModel) Numbers(i int, full bool) Numbers {
	o := m.observe(i)
	return Numbers{Name: m.run.Name(i), Cycle: o.Cycle, Neurons: o.N(), Reserve: o.Reserve(), Widths: []int{o.N()},
		Threshold: o.Threshold, Loss: o.Loss, Digest: o.Digest}
}

// AppendRunners snapshots every runner (wire.Graph, the zero kind).
func (m *rnnModel) AppendRunners(dst []wire.Runner, v View) []wire.Runner {
	for i := range m.run.Len() {
		dst = append(dst, wire.Runner{Name: m.run.Name(i), Graph: m.snapshot(i, v)})
	}
	return dst
}

// snapshot returns runner i's encoded graph, in scratch valid until the
// next snapshot of the same runner (a split race's main session sends its
// local runners this way too).
func (m *rnnModel) snapshot(i int, v View) []byte {
	if n := m.run.Len(); len(m.graphs) != n {
		m.graphs, m.bufs = make([]wire.Graph, n), make([][]byte, n)
	}
	fill(&m.graphs[i], m.observe(i), v)
	m.bufs[i] = m.graphs[i].Append(m.bufs[i][:0])
	return m.bufs[i]
}

// fill sets g from the observation o, reusing g's slices.
func fill(g *wire.Graph, o *engine.Observation, v View) {
	g.Cycle, g.Rate, g.Playing, g.Threshold = int64(o.Cycle), float32(v.Rate), v.Playing, float32(o.Threshold)
	g.Alphabet = append(g.Alphabet[:0], o.Alphabet...)
	g.IDs, g.Strength, g.Born = g.IDs[:0], g.Strength[:0], g.Born[:0]
	for _, nr := range o.Neurons {
		g.IDs = append(g.IDs, uint32(nr.ID))
		g.Strength = append(g.Strength, float32(nr.Strength))
		g.Born = append(g.Born, int64(nr.Born))
	}
	g.WxhT = appendF32(g.WxhT[:0], o.WxhT)
	g.Whh = appendF32(g.Whh[:0], o.Whh)
	g.Why = appendF32(g.Why[:0], o.Why)
	g.Probs = appendF32(g.Probs[:0], o.Probs)
	g.Inputs, g.Next = g.Inputs[:0], 0
	for _, x := range o.Inputs {
		g.Inputs = append(g.Inputs, uint8(x))
	}
	if w := len(o.Targets); w > 0 {
		g.Next = uint8(o.Targets[w-1])
	}
	g.Hidden = appendF32(g.Hidden[:0], o.Hidden)
	if len(o.Hidden) == 0 {
		// Before the first cycle there are no activations, and after a
		// structural change the window's no longer match the neurons: draw
		// none for this snapshot.
		g.Hidden = append(g.Hidden, make([]float32, (len(o.Inputs)+1)*o.N())...)
	}
}

func appendF32(dst []float32, src []float64) []float32 {
	for _, x := range src {
		dst = append(dst, float32(x))
	}
	return dst
}
