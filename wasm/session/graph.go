package session

import (
	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/wasm/wire"
)

// AppendGraph encodes the run's snapshot after dst: one wire message with
// every runner's graph, the main one first (a list of one for a normal run).
func (s *Session) AppendGraph(dst []byte) []byte {
	if s.par.groups != nil {
		return s.appendParallelGraph(dst)
	}
	n := s.run.Len()
	if len(s.graphs) != n {
		s.graphs, s.bufs, s.parts = make([]wire.Graph, n), make([][]byte, n), make([]wire.Runner, n)
	}
	for i := range n {
		s.fill(&s.graphs[i], s.observe(i))
		s.bufs[i] = s.graphs[i].Append(s.bufs[i][:0])
		s.parts[i] = wire.Runner{Name: s.run.Name(i), Graph: s.bufs[i]}
	}
	return wire.AppendRunners(dst, s.parts)
}

// fill sets g from the observation o, reusing g's slices.
func (s *Session) fill(g *wire.Graph, o *engine.Observation) {
	g.Cycle, g.Rate, g.Playing, g.Threshold = int64(o.Cycle), float32(s.Rate()), s.playing, float32(o.Threshold)
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
