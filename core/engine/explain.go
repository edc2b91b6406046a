package engine

import (
	"math"

	"github.com/diffstruct/diffstruct/core/rnn"
)

// Terms is one neuron's strength as the rule computes it, term by term, so
// that an observer can show the formula with the numbers filled in.
type Terms struct {
	Rule      string  // RuleV2 (also fixed runs) or RuleV1
	Index     int     // the neuron's column j in the weight matrices
	V, N      int     // output symbols and hidden neurons
	Out       float64 // v2: Σ|Why[:,j]|, the neuron's outgoing weights to the output
	Lateral   float64 // v2: Σ|Whh[:,j]|, its outgoing weights to the hidden neurons
	Strength  float64 // the rule's value from these terms: bit for bit the strength observed
	Threshold float64 // T_D
	// Pull is what the L1 penalty takes per cycle: for v2 the L1 step moves
	// each of the neuron's V+N outgoing weights c towards zero, which lowers
	// the strength by 0.5·(V·c + V/N·N·c) = V·c (less when a weight reaches
	// zero); for v1 it is the L1 term of the multiplier's gradient, Window·c.
	Pull          float64
	MinMultiplier float64 // v1: M_min, the multiplier's floor
}

// StrengthTerms returns the terms of the neuron id's strength now, or false
// when the run has no such neuron.
func (e *Engine) StrengthTerms(id int64) (Terms, bool) {
	j := -1
	for k, x := range e.ids {
		if x == id {
			j = k
			break
		}
	}
	if j < 0 || j >= len(e.strengths) {
		return Terms{}, false
	}
	n, v := e.net.N(), e.net.V()
	t := Terms{Rule: e.cfg.Rule, Index: j, V: v, N: n, Threshold: e.cfg.Threshold}
	if e.cfg.Rule == RuleV1 {
		t.Strength = e.net.Param(rnn.M)[j]
		t.Pull = float64(e.cfg.Window) * e.cfg.L1
		t.MinMultiplier = e.cfg.MinMultiplier
		return t, true
	}
	if t.Rule != RuleV2 {
		t.Rule = RuleV2 // fixed-size runs compute the v2 strength
	}
	// The sums in the order AbsColumnSums adds them (row after row, from
	// zero), and the combination as updateStrengths writes it: the same bits.
	why, whh := e.net.Param(rnn.Why), e.net.Param(rnn.Whh)
	for k := 0; k < v; k++ {
		t.Out += math.Abs(why[k*n+j])
	}
	for i := 0; i < n; i++ {
		t.Lateral += math.Abs(whh[i*n+j])
	}
	lateral := float64(v) / float64(n)
	t.Strength = 0.5 * (t.Out + float64(lateral*t.Lateral))
	t.Pull = float64(v) * e.cfg.L1
	return t, true
}

// Structure is what the last structural step saw and did, for explaining
// a birth or a death.
type Structure struct {
	Below       int     // neurons below the threshold when it ran
	Reserve     int     // how many of those it keeps (k)
	PDel        float64 // the chance each excess one was deleted
	PAdd        float64 // the chance a neuron was added when fewer were below
	Spontaneous []int64 // neurons it added by the safety valve (p_spontaneous), not to refill the reserve
}

// LastStructure returns what the last structural step saw and did (a view
// valid until the next Step).
func (e *Engine) LastStructure() Structure {
	return Structure{Below: e.lastBelow, Reserve: e.cfg.Reserve, PDel: e.cfg.PDel, PAdd: e.cfg.PAdd, Spontaneous: e.spontaneous}
}
