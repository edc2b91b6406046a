package session

import (
	"fmt"
	"slices"
	"strings"

	"github.com/diffstruct/diffstruct/core/ff"
	"github.com/diffstruct/diffstruct/wasm/wire"
)

// The feed-forward inspector explains one neuron of the growing network
// (the run's first): its strength as the rule's formula with this cycle's
// numbers (the mean absolute value of its outgoing weights), its strength
// since birth against T_D, its layer's gain, its strongest connections, its
// heat map and its story. Go decides every number and sentence; the page
// (web/ffinspect.js) shows them.

// Causes of a feed-forward neuron's birth, besides CauseStart and
// CauseReserve (the spare the rule added).
const (
	CauseLayer = "layer" // the first neuron of a layer the depth rule added
)

// formulaTerms is how many of the outgoing weights the filled-in formula
// lists before "…".
const formulaTerms = 6

// FFDeath is how a feed-forward neuron was deleted, with the numbers of
// that cycle.
type FFDeath struct {
	Cycle      int     `json:"cycle"`
	Strength   float64 `json:"strength"`    // its strength the cycle before
	BelowSince int     `json:"below_since"` // below T_D since this cycle (-1: it was not)
	Below      int     `json:"below"`       // neurons of its layer below T_D when the rule decided (the deleted and the older ones still below)
	Reserve    int     `json:"reserve"`     // how many of them the rule keeps
	PDel       float64 `json:"p_del"`
	Layer      bool    `json:"layer"` // its whole layer was deleted (the depth rule)
}

// ffLife is what the session remembers of one neuron of the growing
// network: the recurrent inspector's life, the layer it lived in and its
// death.
type ffLife struct {
	life
	layer int // its layer's birth cycle (ff.Net.LayerBorn), the layer's identity
	death *FFDeath
}

// ffLives tracks every neuron of the growing network of one run.
type ffLives struct {
	run, cycle int // the run (Layered.resets) and cycle last seen
	alive      map[int64]*ffLife
	dead       []*ffLife     // the last deadKept deleted, oldest first
	layerOf    map[int64]int // each live neuron's layer index, last seen
	born0s     map[int]bool  // the layers alive, last seen
	order      []int64       // the live ids, layer by layer
}

// ffNet returns the run's growing network, or nil.
func (l *Layered) ffNet() *ff.Net {
	if m, ok := l.m.(*ffModel); ok && len(m.nets) > 0 {
		return m.nets[0]
	}
	return nil
}

// watchFF updates the memory of the growing network's neurons after a
// cycle (a new run, a loaded file: memory starts again).
func (l *Layered) watchFF() {
	n := l.ffNet()
	if n == nil {
		l.ffl = nil
		return
	}
	if l.ffl == nil || l.ffl.run != l.resets || n.Cycle() < l.ffl.cycle {
		l.ffl = &ffLives{run: l.resets, alive: map[int64]*ffLife{}}
		l.ffl.see(n, true)
		return
	}
	if n.Cycle() == l.ffl.cycle {
		return
	}
	// Most cycles neither add nor delete a neuron: then only the strengths
	// move, and the full pass (maps of layers, the deaths' counts) would
	// cost about as much as the training step.
	if a, d := l.m.Changed(); a+d == 0 && n.Cycle() == l.ffl.cycle+1 && l.ffl.strengths(n) {
		return
	}
	l.ffl.see(n, false)
}

// strengths records the strengths of a network whose neurons are the ones
// last seen, in the same layers, and reports whether they were; if not, it
// records nothing and see must.
func (fl *ffLives) strengths(n *ff.Net) bool {
	c, th := n.Cycle(), n.Config().Rule.Threshold
	k := 0
	for li := range n.Layers() {
		ids := n.IDs(li)
		for _, id := range ids {
			if k >= len(fl.order) || fl.order[k] != id || fl.layerOf[id] != li {
				return false
			}
			k++
		}
	}
	if k != len(fl.order) {
		return false
	}
	for li := range n.Layers() {
		ids, str := n.IDs(li), n.Strengths(li)
		for j, id := range ids {
			fl.alive[id].see(c, str[j], th)
		}
	}
	fl.cycle = c
	return true
}

// see records the network as it is now; first says the network is seen for
// the first time (every neuron is then one of its first).
func (fl *ffLives) see(n *ff.Net, first bool) {
	c := n.Cycle()
	cfg := n.Config()
	th := cfg.Rule.Threshold
	layerOf, born0s := map[int64]int{}, map[int]bool{}
	older := map[int]int{} // per layer, neurons below T_D now that were not born this cycle
	order := []int64{}
	for li := range n.Widths() {
		b0 := n.LayerBorn(li)
		born0s[b0] = true
		ids, born, str := n.IDs(li), n.Born(li), n.Strengths(li)
		for j, id := range ids {
			layerOf[id] = li
			order = append(order, id)
			if str[j] < th && born[j] < c {
				older[b0]++
			}
			lf := fl.alive[id]
			if lf == nil {
				cause := CauseReserve
				switch {
				case first:
					cause = CauseStart
				case b0 == c && len(ids) == 1:
					cause = CauseLayer
				}
				lf = &ffLife{life: life{id: id, born: born[j], cause: cause, recruited: -1, belowSince: -1, stride: 1}, layer: b0}
				fl.alive[id] = lf
			}
			lf.see(c, str[j], th)
		}
	}
	// The neurons the rule weighed this cycle were below T_D: the ones it
	// deleted and the older ones still below (a spare born this cycle came
	// after the decision).
	gone := map[int]int{}
	for id, lf := range fl.alive {
		if _, ok := layerOf[id]; !ok {
			gone[lf.layer]++
		}
	}
	for id, lf := range fl.alive {
		if _, ok := layerOf[id]; ok {
			continue
		}
		delete(fl.alive, id)
		d := &FFDeath{Cycle: c, Strength: lf.strength, BelowSince: lf.belowSince, Below: gone[lf.layer] + older[lf.layer],
			Reserve: cfg.Rule.Reserve, PDel: cfg.Rule.PDel, Layer: !born0s[lf.layer]}
		if d.Layer {
			d.Reserve, d.PDel = cfg.Depth.Reserve, cfg.Depth.PDel
		}
		lf.death = d
		fl.dead = append(fl.dead, lf)
	}
	slices.SortFunc(fl.dead, func(a, b *ffLife) int { // deaths of one cycle in id order
		if a.death.Cycle != b.death.Cycle {
			return a.death.Cycle - b.death.Cycle
		}
		return int(a.id - b.id)
	})
	if len(fl.dead) > deadKept {
		fl.dead = slices.Delete(fl.dead, 0, len(fl.dead)-deadKept)
	}
	fl.cycle, fl.layerOf, fl.born0s, fl.order = c, layerOf, born0s, order
}

// find returns the memory of neuron id, alive or among the dead kept.
func (fl *ffLives) find(id int64) *ffLife {
	if lf := fl.alive[id]; lf != nil {
		return lf
	}
	for _, d := range fl.dead {
		if d.id == id {
			return d
		}
	}
	return nil
}

// FFInspection is one neuron of the growing feed-forward network explained,
// as the page's inspector shows it (kind "ff"; the fields the recurrent
// Inspection also has mean the same).
type FFInspection struct {
	Kind   string `json:"kind"` // "ff"
	Runner int    `json:"runner"`
	Name   string `json:"name"`
	ID     int64  `json:"id"`
	Cycle  int    `json:"cycle"`
	Alive  bool   `json:"alive"`
	Known  bool   `json:"known"` // false: no such neuron in this run's memory
	Past   bool   `json:"past"`  // the timeline is rewound: the neuron as it was at Cycle

	Layer  int    `json:"layer"` // 1 for the layer next to the features (0: unknown)
	Born   int    `json:"born"`
	Age    int    `json:"age"`
	Cause  string `json:"cause"`
	Active bool   `json:"active"` // its strength is at or above T_D
	State  string `json:"state"`  // "active", "reserve" or "deleted"

	Formula   string    `json:"formula"`  // the rule's formula, in words and symbols
	Filled    string    `json:"filled"`   // the same with this cycle's numbers, ending in the verdict
	Terms     []float64 `json:"terms"`    // every outgoing weight the strength averages (signed)
	Value     float64   `json:"value"`    // the strength, as core/ff computed it
	Strength  string    `json:"strength"` // the strength as the hover prints it
	Threshold string    `json:"threshold"`
	Verdict   string    `json:"verdict"`

	Gain         float64 `json:"gain"`          // its layer's multiplier (0: the layer does not feed the output)
	ReserveLayer bool    `json:"reserve_layer"` // its layer is the reserve layer (the depth rule)
	GainText     string  `json:"gain_text"`

	History []StrengthPoint `json:"history"`
	Story   []string        `json:"story"`
	Death   *FFDeath        `json:"death,omitempty"`

	Prev int64 `json:"prev"` // the neighbouring neurons, layer by layer, for the keyboard (-1: none)
	Next int64 `json:"next"`

	In  []Link `json:"in"`  // strongest incoming connections
	Out []Link `json:"out"` // strongest outgoing connections

	Map    []int `json:"map"` // its heat map, MapRes x MapRes, row 0 at the top: wire.MapByte values (0..255, 128 is 0)
	MapRes int   `json:"map_res"`
}

// InspectIn explains neuron id of the run's network runner (the view's
// cell): only the growing network's (0) neurons are followed; a fixed
// shape racing it has no rule to explain.
func (l *Layered) InspectIn(runner int, id int64) FFInspection { return l.InspectAt(runner, id, -1) }

// InspectAt is InspectIn with the timeline rewound to cycle at (-1 or the
// live cycle: now). The past is told from the session's memory of the
// neuron, as the recurrent inspector tells it: its strength history and
// story up to then; the weights, connections and map are the live
// cycle's only, so a past inspection leaves them out.
func (l *Layered) InspectAt(runner int, id int64, at int) FFInspection {
	if runner > 0 {
		return FFInspection{Kind: "ff", Runner: runner, ID: id, Prev: -1, Next: -1,
			Story: []string{"A fixed shape racing the growing network keeps every neuron: the inspector explains the growing network's neurons (the first picture)."}}
	}
	return l.inspect(id, at)
}

// Inspect explains the growing network's neuron id (FirstNeuron: its first)
// as the run stands; a neuron deleted since is explained from the
// session's memory of it, with its death.
func (l *Layered) Inspect(id int64) FFInspection { return l.inspect(id, -1) }

// inspect is Inspect at cycle at (-1: now).
func (l *Layered) inspect(id int64, at int) FFInspection {
	in := FFInspection{Kind: "ff", ID: id, Prev: -1, Next: -1}
	n := l.ffNet()
	if n == nil {
		in.Story = []string{"This run has no feed-forward network to inspect."}
		return in
	}
	l.watchFF()
	fl := l.ffl
	cfg := n.Config()
	th := cfg.Rule.Threshold
	in.Cycle, in.Name, in.Threshold = n.Cycle(), l.m.Numbers(0, false).Name, fmt.Sprintf("%.2f", th)
	if id == FirstNeuron && len(fl.order) > 0 {
		id = fl.order[0]
		in.ID = id
	}
	if k := slices.Index(fl.order, id); k >= 0 {
		in.Prev, in.Next = fl.order[(k+len(fl.order)-1)%len(fl.order)], fl.order[(k+1)%len(fl.order)]
	} else if len(fl.order) > 0 {
		in.Prev, in.Next = fl.order[len(fl.order)-1], fl.order[0]
	}
	lf := fl.find(id)
	if lf == nil {
		in.Story = []string{fmt.Sprintf("Neuron #%d is not in this run's memory.", id)}
		return in
	}
	in.Known, in.Born, in.Cause, in.Death = true, lf.born, lf.cause, lf.death
	in.History = slices.Clone(lf.hist)
	in.Formula = "strength = mean |outgoing weight| (to each neuron that reads it and, if its layer feeds the output, to the output)"
	if at >= 0 && at < in.Cycle {
		return ffPast(in, lf, at, th)
	}
	if li, ok := fl.layerOf[id]; ok && lf.death == nil {
		in.Alive, in.Layer, in.Age = true, li+1, in.Cycle-lf.born
		l.fillFF(&in, n, li, th)
	} else {
		in.State = "deleted"
		in.Value = lf.strength
		in.Strength = strengthText(lf.strength)
		in.Filled = "strength = " + in.Strength + " when it was last seen, the cycle before it was deleted"
		if lf.death != nil {
			in.Age = lf.death.Cycle - lf.born
		}
	}
	in.Story = ffStory(lf, th)
	return in
}

// ffPast turns the live inspection in of lf into the one of cycle at,
// before the live cycle: alive or not then, its strength as its history
// recorded it, and its story up to then.
func ffPast(in FFInspection, lf *ffLife, at int, th float64) FFInspection {
	in.Cycle, in.Past = at, true
	if lf.born > at {
		in.Alive, in.Death, in.History = false, nil, nil
		in.Story = []string{notBornText(at, lf.born)}
		return in
	}
	then := *lf // the life as it stood at cycle at
	then.life = lf.life.asOf(at)
	if lf.death != nil && lf.death.Cycle > at {
		then.death = nil
	}
	in.History = slices.Clone(then.hist)
	k := len(in.History)
	in.Alive, in.Death, in.Age = then.death == nil, then.death, at-lf.born
	if then.death != nil {
		in.Age = then.death.Cycle - lf.born
	}
	in.State, in.Active = "deleted", false
	if k > 0 {
		p := in.History[k-1]
		in.Value, in.Strength = p.Strength, strengthText(p.Strength)
		in.Filled = fmt.Sprintf("strength = %s at cycle %d, as its history recorded it (the weights are filled in live)", in.Strength, p.Cycle)
		if in.Alive {
			in.Active = p.Strength >= th
			in.State = map[bool]string{true: "active", false: "reserve"}[in.Active]
			in.Verdict = fmt.Sprintf("%s %s T_D %.2f at cycle %d", in.Strength, map[bool]string{true: "≥", false: "<"}[in.Active], th, p.Cycle)
		}
	}
	in.Terms, in.In, in.Out, in.Map, in.MapRes = nil, nil, nil, nil, 0
	in.Gain, in.ReserveLayer, in.GainText = 0, false, ""
	in.Story = ffStory(&then, th)
	return in
}

// fillFF adds a live neuron's formula, verdict, gain, connections and map.
func (l *Layered) fillFF(in *FFInspection, n *ff.Net, li int, th float64) {
	ids := n.IDs(li)
	j := slices.Index(ids, in.ID)
	in.Value = n.Strengths(li)[j]
	in.Strength = strengthText(in.Value)
	in.Active = in.Value >= th
	in.State = "reserve"
	if in.Active {
		in.State = "active"
	}
	out := n.Outgoing(li, j)
	parts := make([]string, 0, formulaTerms+1)
	for k, e := range out {
		in.Terms = append(in.Terms, e.Weight)
		if k < formulaTerms {
			parts = append(parts, "|"+signed(e.Weight, 3)+"|")
		}
	}
	if len(out) > formulaTerms {
		parts = append(parts, "…")
	}
	cfg := n.Config()
	if in.Active {
		in.Verdict = fmt.Sprintf("%s ≥ T_D %.2f: active", in.Strength, th)
	} else {
		in.Verdict = fmt.Sprintf("%s < T_D %.2f: in reserve; while more than %d of its layer's neurons are below T_D, it may be deleted (P_del %.2f a cycle)",
			in.Strength, th, cfg.Rule.Reserve, cfg.Rule.PDel)
	}
	in.Filled = fmt.Sprintf("strength = (%s) / %d = %s", strings.Join(parts, " + "), len(out), in.Verdict)

	in.Gain = n.Multipliers()[li]
	_, in.ReserveLayer = n.LayerStrength(li)
	switch {
	case in.Gain == 0:
		in.GainText = fmt.Sprintf("layer %d does not feed the output directly (no gain)", li+1)
	case in.ReserveLayer:
		in.GainText = fmt.Sprintf("layer %d's gain %s < T_D %.2f: the reserve layer, computing at full size but barely moving the output", li+1, signed(in.Gain, 3), cfg.Depth.Threshold)
	case cfg.Depth.Max > 0:
		in.GainText = fmt.Sprintf("layer %d's gain %s (the layer is active)", li+1, signed(in.Gain, 3))
	default:
		in.GainText = fmt.Sprintf("layer %d feeds the output with gain %s (the depth is fixed)", li+1, signed(in.Gain, 3))
	}

	name := func(e ff.Edge) Link {
		switch {
		case e.Layer < 0:
			return Link{Kind: "feature", Other: cfg.Features[e.Index], Symbol: e.Index, Weight: e.Weight}
		case e.Layer >= n.Layers():
			return Link{Kind: "output", Other: "output", Weight: e.Weight}
		default:
			return Link{Kind: "neuron", Other: fmt.Sprintf("#%d (layer %d)", e.ID, e.Layer+1), ID: e.ID, Weight: e.Weight}
		}
	}
	for _, e := range n.Incoming(li, j) {
		in.In = append(in.In, name(e))
	}
	for _, e := range out {
		in.Out = append(in.Out, name(e))
	}
	in.In, in.Out = strongest(in.In), strongest(in.Out)

	in.MapRes = MapRes
	in.Map = make([]int, MapRes*MapRes)
	n.Maps(MapRes, func(cell int, _ []float64, hidden [][]float64, _ float64) {
		in.Map[cell] = int(wire.MapByte(hidden[li][j]))
	})
}

// signed prints x with d decimals (in powers of ten when that would show
// only zeros) and a true minus sign.
func signed(x float64, d int) string {
	s := fmt.Sprintf("%.*f", d, x)
	if x != 0 && strings.Trim(s, "-0.") == "" {
		s = strings.Replace(fmt.Sprintf("%.1e", x), "e-0", "e-", 1)
		s = strings.Replace(s, "e-", "e−", 1)
	}
	return strings.Replace(s, "-", "−", 1)
}

// ffStory tells a feed-forward neuron's life in sentences.
func ffStory(lf *ffLife, th float64) []string {
	var out []string
	switch lf.cause {
	case CauseReserve:
		out = append(out, fmt.Sprintf("Born at cycle %d as its layer's spare: no neuron of the layer was left below T_D %.2f, so the rule added one, its outgoing weights at half of T_D.", lf.born, th))
	case CauseLayer:
		out = append(out, fmt.Sprintf("Born at cycle %d as the first neuron of a new layer (the depth rule's reserve layer), at strength 1.", lf.born))
	default:
		out = append(out, unseenBirth(lf.born))
	}
	if lf.recruited >= 0 {
		if lf.recruited == lf.born {
			out = append(out, fmt.Sprintf("At or above T_D %.2f from the start.", th))
		} else {
			out = append(out, fmt.Sprintf("Recruited at cycle %d: its strength crossed T_D %.2f.", lf.recruited, th))
		}
	} else if lf.death == nil {
		out = append(out, fmt.Sprintf("Never above T_D %.2f yet: it waits in reserve.", th))
	}
	switch d := lf.death; {
	case d != nil && d.Layer:
		out = append(out, fmt.Sprintf("Deleted at cycle %d with its whole layer: the depth rule deletes an excess reserve layer (it keeps %d) with P_del %.2f.", d.Cycle, d.Reserve, d.PDel))
	case d != nil:
		since := ""
		if d.BelowSince >= 0 {
			since = fmt.Sprintf(" since cycle %d", d.BelowSince)
		}
		out = append(out, fmt.Sprintf("Deleted at cycle %d: strength %s < T_D %.2f%s while another spare existed (%d of its layer's neurons below T_D, the rule keeps %d); deleted with P_del %.2f.",
			d.Cycle, strengthText(d.Strength), th, since, d.Below, d.Reserve, d.PDel))
	case fading(lf.belowSince, lf.recruited):
		out = append(out, fadingText(lf.belowSince))
	}
	return out
}
