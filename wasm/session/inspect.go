package session

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/diffstruct/diffstruct/core/engine"
)

// The inspector explains one neuron: its strength as the rule's formula with
// this cycle's numbers, its strength since birth against the threshold, what
// it responds to, its strongest connections and its story (born, recruited,
// deleted and why). Go decides every number and sentence; the page shows them.

const (
	lifePoints = 128 // strength samples kept per neuron (thinned to a doubling stride)
	deadKept   = 64  // deleted neurons whose story stays readable
	topLinks   = 3   // strongest incoming and outgoing connections listed
)

// Cause says why a neuron was added.
const (
	CauseStart   = "start"   // one of the run's first neurons (or loaded with the network)
	CauseReserve = "reserve" // added because no neuron was left in reserve
	CauseValve   = "valve"   // added by the safety valve (p_spontaneous)
)

// life is what the session remembers of one neuron.
type life struct {
	id         int64
	born       int
	cause      string
	recruited  int // first cycle it was at or above T_D (-1: not yet)
	belowSince int // the cycle since which it is below T_D (-1: it is not)
	strength   float64
	prev       float64 // its strength a cycle before, for the push
	hasPrev    bool
	stride     int
	hist       []StrengthPoint // every stride cycles since birth, then the live point
	tail       bool            // hist's last point is the live one, not on the stride
	death      *Death
}

// StrengthPoint is a neuron's strength at one cycle.
type StrengthPoint struct {
	Cycle    int     `json:"c"`
	Strength float64 `json:"s"`
}

// Death is how a neuron was deleted, with the numbers of that cycle.
type Death struct {
	Cycle      int     `json:"cycle"`
	Strength   float64 `json:"strength"`    // the strength the structural step read
	BelowSince int     `json:"below_since"` // below T_D since this cycle
	Below      int     `json:"below"`       // neurons below T_D at that step
	Reserve    int     `json:"reserve"`     // how many of them the rule keeps
	PDel       float64 `json:"p_del"`
}

// lives tracks every neuron of one runner.
type lives struct {
	alive map[int64]*life
	dead  []*life // the last deadKept deleted, oldest first
}

func newLives(cycle int, neurons []engine.Neuron, threshold float64) *lives {
	l := &lives{alive: map[int64]*life{}}
	for _, nr := range neurons {
		lf := &life{id: nr.ID, born: nr.Born, cause: CauseStart, recruited: -1, belowSince: -1, stride: 1}
		l.alive[nr.ID] = lf
		lf.see(cycle, nr.Strength, threshold)
	}
	return l
}

// see records the neuron's strength at a cycle.
func (lf *life) see(cycle int, s, threshold float64) {
	lf.prev, lf.hasPrev = lf.strength, len(lf.hist) > 0
	lf.strength = s
	if s >= threshold {
		lf.belowSince = -1
		if lf.recruited < 0 {
			lf.recruited = cycle
		}
	} else if lf.belowSince < 0 {
		lf.belowSince = cycle
	}
	if lf.tail { // the newest point is always the live one
		lf.hist, lf.tail = lf.hist[:len(lf.hist)-1], false
	}
	if n := len(lf.hist); n > 0 && cycle-lf.hist[n-1].Cycle < lf.stride {
		lf.hist, lf.tail = append(lf.hist, StrengthPoint{cycle, s}), true
		return
	}
	if len(lf.hist) >= lifePoints-1 { // thin: every other point, at twice the stride
		k := 0
		for i := 0; i < len(lf.hist); i += 2 {
			lf.hist[k] = lf.hist[i]
			k++
		}
		lf.hist = lf.hist[:k]
		lf.stride *= 2
	}
	lf.hist = append(lf.hist, StrengthPoint{cycle, s})
}

// watchLives updates every local runner's lives after a step.
func (s *Session) watchLives() {
	if len(s.lives) != s.run.Len() {
		s.startLives()
		return
	}
	c := s.run.Cycle()
	th := s.run.Config().Threshold
	for i, l := range s.lives {
		added, deleted := s.run.Changes(i)
		st := s.run.Structure(i)
		for _, id := range deleted {
			lf := l.alive[id]
			if lf == nil {
				continue
			}
			delete(l.alive, id)
			lf.death = &Death{Cycle: c, Strength: lf.strength, BelowSince: lf.belowSince, Below: st.Below, Reserve: st.Reserve, PDel: st.PDel}
			l.dead = append(l.dead, lf)
			if len(l.dead) > deadKept {
				l.dead = slices.Delete(l.dead, 0, len(l.dead)-deadKept)
			}
		}
		for _, id := range added {
			cause := CauseReserve
			if slices.Contains(st.Spontaneous, id) {
				cause = CauseValve
			}
			l.alive[id] = &life{id: id, born: c, cause: cause, recruited: -1, belowSince: -1, stride: 1}
		}
		for j, id := range s.run.IDs(i) {
			if lf := l.alive[id]; lf != nil {
				lf.see(c, s.run.Strengths(i)[j], th)
			}
		}
	}
}

// startLives begins tracking the runners' neurons as they are now.
func (s *Session) startLives() {
	s.lives = make([]*lives, s.run.Len())
	th := s.run.Config().Threshold
	for i := range s.lives {
		s.lives[i] = newLives(s.run.Cycle(), s.observe(i).Neurons, th)
	}
}

// Inspection is one neuron explained, as the page's inspector shows it.
type Inspection struct {
	Runner    int    `json:"runner"`
	Name      string `json:"name"` // the runner's name
	ID        int64  `json:"id"`
	Cycle     int    `json:"cycle"` // the run's cycle described
	Alive     bool   `json:"alive"`
	Past      bool   `json:"past"`  // the timeline is rewound: the neuron as it was at Cycle
	Known     bool   `json:"known"` // false: no such neuron in this run's memory
	Rule      string `json:"rule"`
	Formula   string `json:"formula"`  // the rule's formula, in symbols
	Filled    string `json:"filled"`   // the same with this cycle's numbers, ending in the result
	Strength  string `json:"strength"` // the result, as the strip and the hover print it
	Threshold string `json:"threshold"`
	Verdict   string `json:"verdict"` // above or below T_D, in words

	Pull string `json:"pull"` // what the L1 penalty takes per cycle
	Push string `json:"push"` // what the gradient gave over the last cycle (strength change plus the pull)

	History []StrengthPoint `json:"history"` // strength since birth
	Born    int             `json:"born"`
	Cause   string          `json:"cause"`
	Story   []string        `json:"story"`
	Death   *Death          `json:"death,omitempty"`

	Prev int64 `json:"prev"` // the neighbouring neurons in the network's order, for the keyboard (-1: none)
	Next int64 `json:"next"`

	Reads []Reading `json:"reads"` // the last window, with this neuron's activation at each symbol
	In    []Link    `json:"in"`    // strongest incoming connections
	Out   []Link    `json:"out"`   // strongest outgoing connections
}

// Reading is one symbol of the last window and the neuron's activation
// after reading it.
type Reading struct {
	Symbol string  `json:"sym"`
	Act    float64 `json:"act"`
}

// Link is one connection of the neuron: the other end and the weight.
type Link struct {
	Kind   string  `json:"kind"`   // "input", "neuron" or "output"
	Other  string  `json:"other"`  // the symbol or "#id"
	Symbol int     `json:"symbol"` // the symbol's index (kinds input and output)
	ID     int64   `json:"id"`     // the other neuron's id (kind "neuron")
	Weight float64 `json:"weight"` // signed
}

// strengthText prints a strength as the view's hover and strip do (from the
// float32 the wire carries, four decimals), so the digits agree.
func strengthText(s float64) string { return fmt.Sprintf("%.4f", float32(s)) }

// FirstNeuron asks Inspect for the network's first neuron (the keyboard's
// way in).
const FirstNeuron = -1

// Inspect explains runner's neuron id as the run stands. A neuron deleted
// since is explained from the session's memory of it, with its death.
func (s *Session) Inspect(runner int, id int64) Inspection { return s.InspectAt(runner, id, -1) }

// InspectAt explains the neuron as it was at cycle at (the timeline
// rewound there; -1 or the live cycle: now). The past is told from the
// session's memory of the neuron: its strength history and story up to
// then; the formula needs that cycle's weights, which only the live cycle
// has, so a past inspection gives the strength its history recorded.
func (s *Session) InspectAt(runner int, id int64, at int) Inspection {
	in := Inspection{Runner: runner, ID: id, Cycle: s.run.Cycle(), Rule: s.run.Config().Rule, Prev: -1, Next: -1}
	// runner counts the race's networks; this worker may step only some
	// of them (a race split among workers).
	local := -1
	for i := 0; i < s.run.Len(); i++ {
		if s.run.Index(i) == runner {
			local = i
		}
	}
	if local < 0 || local >= len(s.lives) {
		if runner > 0 && runner < s.run.Total() {
			in.Story = []string{"This network is trained by another of the page's workers, which keeps no story of its neurons: open the page with ?workers=1 to inspect every network of a race."}
		} else {
			in.Story = []string{fmt.Sprintf("There is no network %d in this run.", runner)}
		}
		return in
	}
	runner = local
	ids := s.run.IDs(runner)
	if id == FirstNeuron && len(ids) > 0 {
		id = ids[0]
		in.ID = id
	}
	if k := slices.Index(ids, id); k >= 0 {
		in.Prev, in.Next = ids[(k+len(ids)-1)%len(ids)], ids[(k+1)%len(ids)]
	} else if len(ids) > 0 {
		in.Prev, in.Next = ids[len(ids)-1], ids[0]
	}
	in.Name = s.run.Name(runner)
	in.Runner = s.run.Index(runner)
	l := s.lives[runner]
	lf := l.alive[id]
	if lf == nil {
		for _, d := range l.dead {
			if d.id == id {
				lf = d
			}
		}
	}
	if lf == nil {
		in.Story = []string{fmt.Sprintf("Neuron #%d is not in this run's memory.", id)}
		return in
	}
	cfg := s.run.Config()
	if at >= 0 && at < s.run.Cycle() {
		return s.past(in, lf, at, cfg.Threshold)
	}
	in.Known, in.Born, in.Cause, in.Death = true, lf.born, lf.cause, lf.death
	in.History = slices.Clone(lf.hist)
	in.Threshold = fmt.Sprintf("%.2f", cfg.Threshold)
	if t, ok := s.run.Terms(runner, id); ok {
		in.Alive = true
		s.fillTerms(&in, t, lf)
		s.fillWindow(&in, runner, t.Index)
	} else {
		in.Strength = strengthText(lf.strength)
		in.Formula, in.Filled = formulaFor(cfg.Rule), "= "+in.Strength+" when it was deleted"
	}
	in.Story = story(lf, cfg.Threshold)
	return in
}

// asOf returns lf as it stood at cycle at (not before its birth): its
// history up to then, not yet recruited or deleted if that came later, and
// nothing fading (only the live story tells what is).
func (lf life) asOf(at int) life {
	k := 0
	for k < len(lf.hist) && lf.hist[k].Cycle <= at {
		k++
	}
	lf.hist = lf.hist[:k:k]
	if lf.recruited > at {
		lf.recruited = -1
	}
	if lf.death != nil && lf.death.Cycle > at {
		lf.death = nil
	}
	lf.belowSince = -1
	return lf
}

// past fills in the inspection of lf at cycle at, before the live cycle.
func (s *Session) past(in Inspection, lf *life, at int, threshold float64) Inspection {
	in.Cycle, in.Known, in.Born, in.Cause, in.Past = at, true, lf.born, lf.cause, true
	in.Threshold = fmt.Sprintf("%.2f", threshold)
	in.Formula = formulaFor(in.Rule)
	if lf.born > at {
		in.Story = []string{notBornText(at, lf.born)}
		return in
	}
	then := lf.asOf(at)
	in.History = slices.Clone(then.hist)
	k := len(in.History)
	in.Alive, in.Death = then.death == nil, then.death
	if k > 0 {
		p := in.History[k-1]
		in.Strength = strengthText(p.Strength)
		in.Filled = fmt.Sprintf("= %s at cycle %d, as its history recorded it (the formula is filled in live)", in.Strength, p.Cycle)
		if in.Alive {
			in.Verdict = fmt.Sprintf("%s %s T_D = %.2f at cycle %d", in.Strength, map[bool]string{true: "≥", false: "<"}[p.Strength >= threshold], threshold, p.Cycle)
		}
	}
	in.Story = story(&then, threshold)
	return in
}

// notBornText is the story of a neuron at a cycle before its birth.
func notBornText(at, born int) string {
	return fmt.Sprintf("Not born yet at cycle %d: it is born at cycle %d.", at, born)
}

func formulaFor(rule string) string {
	if rule == engine.RuleV1 {
		return "s = m_j (the neuron's multiplier, kept at or above M_min)"
	}
	return "s = 0.5 · (Σ|Why[:,j]| + V/N · Σ|Whh[:,j]|)"
}

// fillTerms writes the formula with the numbers, the verdict, the pull and
// the push.
func (s *Session) fillTerms(in *Inspection, t engine.Terms, lf *life) {
	in.Formula = formulaFor(t.Rule)
	in.Strength = strengthText(t.Strength)
	if t.Rule == engine.RuleV1 {
		in.Filled = fmt.Sprintf("= %s (M_min = %.3f)", in.Strength, t.MinMultiplier)
		in.Pull = fmt.Sprintf("the L1 term adds %.4f to the multiplier's gradient every cycle", t.Pull)
	} else {
		in.Filled = fmt.Sprintf("= 0.5 · (%.4f + %d/%d · %.4f) = %s", t.Out, t.V, t.N, t.Lateral, in.Strength)
		in.Pull = fmt.Sprintf("−%.4f a cycle (the L1 step moves each of its %d outgoing weights %.0e towards zero)", t.Pull, t.V+t.N, s.run.Config().L1)
	}
	if lf.hasPrev && t.Rule != engine.RuleV1 {
		push := (lf.strength - lf.prev) + t.Pull
		in.Push = fmt.Sprintf("%+.4f over the last cycle (the change in strength, %+.4f, plus the pull)", push, lf.strength-lf.prev)
	}
	gap := t.Strength - t.Threshold
	switch {
	case gap >= 0:
		in.Verdict = fmt.Sprintf("%s ≥ T_D = %.2f: it earns its keep", in.Strength, t.Threshold)
	default:
		k := s.run.Config().Reserve
		keeps := fmt.Sprintf("the %d the rule keeps", k)
		if k == 1 {
			keeps = "the one the rule keeps"
		}
		in.Verdict = fmt.Sprintf("%s < T_D = %.2f: in reserve; it may be deleted while more neurons than %s are below", in.Strength, t.Threshold, keeps)
	}
}

// fillWindow adds the neuron's activations over the last window and its
// strongest connections.
func (s *Session) fillWindow(in *Inspection, runner, j int) {
	o := s.observe(runner)
	n := o.N()
	if j >= n {
		return
	}
	alpha := o.Alphabet
	if len(o.Hidden) == (len(o.Inputs)+1)*n {
		for t, x := range o.Inputs {
			in.Reads = append(in.Reads, Reading{Symbol: string(alpha[x]), Act: o.Hidden[(t+1)*n+j]})
		}
	}
	v := len(alpha)
	ids := s.run.IDs(runner)
	for k := 0; k < v && k*n+j < len(o.WxhT); k++ {
		in.In = append(in.In, Link{Kind: "input", Other: string(alpha[k]), Symbol: k, Weight: o.WxhT[k*n+j]})
	}
	for i := 0; i < n && i < len(ids); i++ {
		if i != j {
			in.In = append(in.In, Link{Kind: "neuron", Other: fmt.Sprintf("#%d", ids[i]), ID: ids[i], Weight: o.Whh[j*n+i]})
			in.Out = append(in.Out, Link{Kind: "neuron", Other: fmt.Sprintf("#%d", ids[i]), ID: ids[i], Weight: o.Whh[i*n+j]})
		}
	}
	for k := 0; k < v && k*n+j < len(o.Why); k++ {
		in.Out = append(in.Out, Link{Kind: "output", Other: string(alpha[k]), Symbol: k, Weight: o.Why[k*n+j]})
	}
	in.In, in.Out = strongest(in.In), strongest(in.Out)
}

// strongest keeps the topLinks links of largest magnitude, largest first.
func strongest(ls []Link) []Link {
	slices.SortStableFunc(ls, func(a, b Link) int { return cmp.Compare(math.Abs(b.Weight), math.Abs(a.Weight)) })
	return ls[:min(len(ls), topLinks)]
}

// story tells the neuron's life in sentences.
func story(lf *life, threshold float64) []string {
	var out []string
	switch lf.cause {
	case CauseReserve:
		out = append(out, fmt.Sprintf("Born at cycle %d as the new reserve: no neuron was left below the threshold.", lf.born))
	case CauseValve:
		out = append(out, fmt.Sprintf("Born at cycle %d by the safety valve (p_spontaneous), not to refill the reserve.", lf.born))
	default:
		out = append(out, unseenBirth(lf.born))
	}
	if lf.recruited >= 0 {
		if lf.recruited == lf.born {
			out = append(out, fmt.Sprintf("Above T_D = %.2f from the start.", threshold))
		} else {
			out = append(out, fmt.Sprintf("Recruited at cycle %d: its strength rose above T_D = %.2f.", lf.recruited, threshold))
		}
	} else if lf.death == nil {
		out = append(out, fmt.Sprintf("Never above T_D = %.2f yet: it waits in reserve.", threshold))
	}
	if d := lf.death; d != nil {
		out = append(out, fmt.Sprintf("Deleted at cycle %d: strength %s < T_D %.2f since cycle %d; one of %d neurons below the threshold, where the rule keeps %d; deleted with P_del %.2f.",
			d.Cycle, strengthText(d.Strength), threshold, d.BelowSince, d.Below, d.Reserve, d.PDel))
	} else if fading(lf.belowSince, lf.recruited) {
		out = append(out, fadingText(lf.belowSince))
	}
	return out
}

// unseenBirth tells a birth the session did not see (either family): at
// the start, or before it began to follow the network.
func unseenBirth(born int) string {
	if born == 0 {
		return "One of the network's first neurons, there from cycle 0."
	}
	return fmt.Sprintf("Alive since cycle %d (born before this session began to follow it).", born)
}

// fading reports whether a living neuron, recruited at cycle recruited
// (-1: never), has since fallen below T_D, at cycle belowSince (-1: it is
// not below); fadingText says so (either family).
func fading(belowSince, recruited int) bool {
	return belowSince >= 0 && recruited >= 0 && belowSince > recruited
}

func fadingText(belowSince int) string {
	return fmt.Sprintf("Below T_D since cycle %d: fading.", belowSince)
}
