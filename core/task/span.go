package task

import (
	"fmt"
	"math"

	"github.com/diffstruct/diffstruct/core/detmath"
)

// A task's memory span: how much history a predictor must see to do as
// well as the task allows, a measure of its difficulty for a recurrent
// network.
//
// Why it measures difficulty: a recurrent network predicts the next symbol
// from its hidden state alone, so to reach a task's floor the state must
// carry everything about the past that the next symbol depends on. The
// span k is the number of past symbols that is: with the last k symbols in
// view a predictor reaches (nearly) the floor, with fewer it cannot. A task
// with a longer span makes the network hold more history, which takes more
// state: more hidden neurons. The span counts symbols, not bits, so it
// says how far back the network must look rather than how much it must
// store on the way; it is a coarse, model-free measure, computed from the
// task's stream alone, and the same for every network.
//
// How it is estimated: h(k) = H(X_t | X_{t-k..t-1}), the conditional
// entropy of a symbol given the k before it, from one long seeded stream.
// Each context of k symbols is hashed (64 bits, so collisions are
// negligible for the at most a few hundred thousand contexts a stream
// holds); the next symbols are counted per context; h(k) is the plug-in
// entropy with the Miller-Madow correction: each context seen N_c times
// with m_c distinct next symbols adds (m_c-1)/(2N_c) to its entropy
// (the plug-in estimate's first-order bias). The true h(k) never
// increases with k and tends to the floor; the span is the first k with
// h(k) within SpanTolerance of the floor (within SpanZeroTolerance nats
// per symbol of a floor of 0).
const (
	SpanTolerance     = 0.05    // within 5% of the floor
	SpanZeroTolerance = 0.01    // nats per symbol, for a floor of 0
	SpanSymbols       = 4000000 // the stream's length MemorySpan's callers use by default
	SpanCap           = 24      // the longest context they try by default
	SpanSeed          = 1       // the stream's seed they use by default
)

// Span is a task's memory span and the estimates that decided it.
type Span struct {
	Kind    string
	Floor   float64   // the task's entropy floor, nats per symbol
	Span    int       // the smallest k whose h(k) is within tolerance of the floor; the cap if Capped
	Capped  bool      // no k up to the cap came within tolerance: the span is at least Span
	H       []float64 // H[k] = h(k) in nats per symbol, k = 0..Span
	Symbols int       // the stream's length
	Seed    uint64    // the stream's seed
}

// Within reports whether h is within tolerance of the floor.
func Within(h, floor float64) bool {
	if floor == 0 {
		return h <= SpanZeroTolerance
	}
	return h <= floor*(1+SpanTolerance)
}

// MemorySpan estimates the memory span of a task kind from a stream of
// the given number of symbols with seed, trying contexts of 0 to maxK
// symbols (the estimates stop at the span). Only a task with a known
// floor and a single phase has a span: english and custom texts have no
// floor, a schedule's span changes with its phase.
func MemorySpan(kind string, symbols int, seed uint64, maxK int) (Span, error) {
	spec := Spec{Kind: kind}
	if err := spec.Validate(); err != nil {
		return Span{}, err
	}
	ph := spec.Phases()
	switch {
	case len(ph) != 1:
		return Span{}, fmt.Errorf("task: %s is a schedule: its memory span changes with its phase", kind)
	case math.IsNaN(ph[0].Floor):
		return Span{}, fmt.Errorf("task: %s has no known floor, so no memory span", kind)
	case maxK < 0 || maxK > 64:
		return Span{}, fmt.Errorf("task: memory span cap %d is out of range (want 0..64)", maxK)
	case symbols < 100*(maxK+1):
		return Span{}, fmt.Errorf("task: %d symbols are too few for contexts up to %d (want at least %d)", symbols, maxK, 100*(maxK+1))
	}
	s, err := NewStream(spec, 1, seed)
	if err != nil {
		return Span{}, err
	}
	seq := make([]uint8, symbols)
	for i := range seq {
		seq[i] = uint8(s.Next())
	}
	out := Span{Kind: kind, Floor: ph[0].Floor, Symbols: symbols, Seed: seed, Span: maxK, Capped: true}
	h := newContextCounter(len(spec.Alphabet()), symbols)
	for k := 0; k <= maxK; k++ {
		hk := h.entropy(seq, k)
		out.H = append(out.H, hk)
		if Within(hk, out.Floor) {
			out.Span, out.Capped = k, false
			break
		}
	}
	return out, nil
}

// contextCounter estimates h(k) for k = 0, 1, 2, ... in turn over one
// stream: hashes[i] is the hash of the k symbols before position i,
// extended by one symbol further back at each call.
type contextCounter struct {
	v      int              // alphabet size
	k      int              // the context length hashes are for
	hashes []uint64         // per position
	slots  map[uint64]int32 // context hash -> its slot, in order of first appearance
	counts []int32          // counts[slot*v+s]: symbol s after the slot's context
}

func newContextCounter(v, n int) *contextCounter {
	return &contextCounter{v: v, hashes: make([]uint64, n), slots: map[uint64]int32{}}
}

// mixSymbol extends a context hash by one symbol: a splitmix64 finaliser
// of the hash plus the symbol times the golden-ratio constant, a bijection
// of the hash for each symbol.
func mixSymbol(h uint64, sym uint8) uint64 {
	h += (uint64(sym) + 1) * 0x9E3779B97F4A7C15
	h ^= h >> 30
	h *= 0xBF58476D1CE4E5B9
	h ^= h >> 27
	h *= 0x94D049BB133111EB
	return h ^ h>>31
}

// entropy returns the Miller-Madow corrected plug-in estimate of
// H(X_t | X_{t-k..t-1}) over the positions of seq with k symbols before
// them, in nats per symbol. Calls must come with k = 0, 1, 2, ... in turn.
// Its sums run over contexts in order of first appearance, and its
// logarithms are detmath's, so the result is the same on every platform.
func (c *contextCounter) entropy(seq []uint8, k int) float64 {
	if k != c.k && k != c.k+1 {
		panic("task: contextCounter.entropy called out of order")
	}
	if k == c.k+1 {
		for i := len(seq) - 1; i >= k; i-- {
			c.hashes[i] = mixSymbol(c.hashes[i], seq[i-k])
		}
		c.k = k
	}
	clear(c.slots)
	c.counts = c.counts[:0]
	for i := k; i < len(seq); i++ {
		slot, ok := c.slots[c.hashes[i]]
		if !ok {
			slot = int32(len(c.counts) / c.v)
			c.slots[c.hashes[i]] = slot
			for range c.v {
				c.counts = append(c.counts, 0)
			}
		}
		c.counts[int(slot)*c.v+int(seq[i])]++
	}
	// sum over contexts of N_c ln N_c - sum_s N_cs ln N_cs, and of m_c - 1:
	// h = (that first sum) / N + (the second) / 2N.
	var plug, extra float64
	for off := 0; off < len(c.counts); off += c.v {
		nc, m := 0, 0
		for _, x := range c.counts[off : off+c.v] {
			if x > 0 {
				n := float64(x)
				plug -= float64(n * detmath.Log(n))
				nc += int(x)
				m++
			}
		}
		n := float64(nc)
		plug += float64(n * detmath.Log(n))
		extra += float64(m - 1)
	}
	total := float64(len(seq) - k)
	return plug/total + extra/(2*total)
}
