package session

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/core/race"
	"github.com/diffstruct/diffstruct/wasm/linkstate"
	"github.com/diffstruct/diffstruct/wasm/wire"
)

// A race may be stepped by several Web Workers at once. Every runner is an
// independent engine with the race's seed and task, so the workers only
// have to agree on when things happen:
//
//   - the main session (the page's worker) keeps runner 0 and the runners
//     Plan gives it, and says in Parts which runners each helper worker
//     steps, the run they belong to (a new run reloads the helpers) and the
//     cycle to reach: its own, with the run's link carrying every task switch
//     and its cycle;
//   - a helper (NewPart) steps its runners as fast as it can up to that
//     cycle, applying the switches at their cycles, and reports each
//     runner's standing at every cycle it passed (Marks) and, now and then,
//     its snapshot (PartReport);
//   - the main session never runs more than Chunk cycles ahead of its
//     slowest helper, and shows the standings, the charts' points and the
//     cards at the slowest runner's cycle, where every runner has a mark.
//
// Pause, step, stop and reset are the main session's: the helpers follow its
// cycle, so a paused race ends with every runner at the same cycle, bit for
// bit the one-worker run (TestParallelRaceMatchesOneWorker).

// Chunk is the most cycles the main session runs ahead of the slowest
// helper: it bounds how far apart the runners are, and the marks kept.
const Chunk = 32

// Workers returns how many workers should step a race of the given number
// of runners on a machine with cores logical processors: one core is left
// to the page and its (often software) rasteriser, so a 2-core machine
// keeps the race in one worker. There a second worker could give at most
// about 1.25 times the race's speed (the biggest network, stepped alone by
// one worker, is most of the work) and would take its CPU from the
// drawing; measured on a busy 2-core machine, it gave no gain. ?workers=N
// on the page forces N.
func Workers(runners, cores int) int {
	if runners <= 1 || cores <= 1 {
		return 1
	}
	return min(runners, max(1, cores-1))
}

// Cost estimates runner i's share of a race's compute: one cycle of a
// network of n hidden neurons costs about (n+8)^2 (the recurrent matrix and
// the input and output layers). A growing network is counted at 16 neurons,
// and the main worker's bookkeeping (history, status, snapshots) as 8 more.
func Cost(st linkstate.State, i int) float64 {
	n := 16 + 8
	if i > 0 && i <= len(st.Race) {
		n = st.Race[i-1]
	}
	return float64((n + 8) * (n + 8))
}

// Plan splits runners 0..len(costs)-1 among k workers so the most loaded
// one has as little as possible (longest first, each to the least loaded
// worker); worker 0, the main one, always has runner 0. Each group is in
// increasing order; no group is empty when k <= len(costs).
func Plan(costs []float64, k int) [][]int {
	k = max(1, min(k, len(costs)))
	groups := make([][]int, k)
	load := make([]float64, k)
	order := make([]int, 0, len(costs))
	for i := 1; i < len(costs); i++ {
		order = append(order, i)
	}
	sort.SliceStable(order, func(a, b int) bool { return costs[order[a]] > costs[order[b]] })
	groups[0], load[0] = []int{0}, costs[0]
	for _, i := range order {
		w := 0 // the least loaded (an empty worker has load 0)
		for j := range load {
			if load[j] < load[w] {
				w = j
			}
		}
		groups[w] = append(groups[w], i)
		load[w] += costs[i]
	}
	for _, g := range groups {
		slices.Sort(g)
	}
	return groups
}

// Mark is one runner's standing at one cycle.
type Mark struct {
	Cycle   int     `json:"c"`
	Loss    float64 `json:"l"` // smoothed, per window
	Neurons int     `json:"n"`
	// Digest is the runner's digest, only in a report's last mark when it
	// carries the snapshot: it costs about as much as a cycle of training.
	Digest string `json:"d,omitempty"`
}

// PartRunner is one runner of a helper's report.
type PartRunner struct {
	Index int     `json:"index"` // position in the race
	Name  string  `json:"name"`
	CPS   float64 `json:"cps"`
	Marks []Mark  `json:"marks"` // one per cycle passed since the last report
	Graph []byte  `json:"-"`     // its snapshot (wire.Graph), when the report carries one
}

// PartReport is what a helper sends the main session after each slice.
type PartReport struct {
	Run     int          `json:"run"` // the run (Parts.Run) it belongs to
	Cycle   int          `json:"cycle"`
	Runners []PartRunner `json:"runners"`
}

// Parts tells the helper workers what to do.
type Parts struct {
	Run      int     `json:"run"`      // changes with every new run: helpers reload then
	Fragment string  `json:"fragment"` // the run's link, with every task switch so far
	Groups   [][]int `json:"groups"`   // each helper's runners (none: the race is all here)
	Target   int     `json:"target"`   // the cycle helpers step to
}

// parallel is a session's share in a race split among workers.
type parallel struct {
	workers int     // workers the race may use (0 or 1: this one)
	groups  [][]int // the helpers' runners, nil when all run here
	part    bool    // this session is a helper's part
	run     int     // a part: the run it belongs to
	target  int     // a part: the cycle to reach
	frag    string  // a part: the link its switches were read from
	sent    int     // a part: marks sent up to this cycle
	marks   map[int][]Mark
	names   []string // every runner's name, by race position
	graphs  map[int][]byte
	cps     map[int]float64
	start   int // the cycle the run began at here
	done    int // history recorded up to this cycle
}

// active reports whether the session steps only some runners of its race.
func (p *parallel) active() bool { return p.part || p.groups != nil }

// SetWorkers lets the session's races use up to k workers (1: this one
// only; see Workers for how many a machine should give);
// when that changes how the current race is split, the run starts again
// from its link (with its task switches), which opens the same run.
func (s *Session) SetWorkers(k int) {
	k = max(1, k)
	if k == max(1, s.par.workers) {
		return
	}
	s.par.workers = k
	if len(s.st.Race) == 0 || s.loaded != "" {
		return
	}
	playing := s.playing
	if err := s.start(s.st); err != nil {
		s.say(err.Error())
	}
	s.playing = playing
}

// Workers returns the workers the race is split among (1: all here).
func (s *Session) Workers() int { return len(s.par.groups) + 1 }

// newRace makes the run's race, or this worker's part of it.
func (s *Session) newRace(cfg engine.Config, st linkstate.State) (*race.Race, error) {
	s.par.groups = nil
	k := min(len(st.Race)+1, s.par.workers)
	if k <= 1 {
		return race.New(cfg, st.Race)
	}
	costs := make([]float64, len(st.Race)+1)
	for i := range costs {
		costs[i] = Cost(st, i)
	}
	costs[0] += Cost(st, 0) / 3 // the bookkeeping
	plan := Plan(costs, k)
	r, err := race.Part(cfg, st.Race, plan[0])
	if err == nil {
		s.par.groups = plan[1:]
	}
	return r, err
}

// beginParallel resets the race's split state for a new run r.
func (s *Session) beginParallel(r *race.Race) {
	p := &s.par
	if r.Total() == r.Len() {
		p.groups = nil
	}
	p.marks, p.graphs, p.cps = map[int][]Mark{}, map[int][]byte{}, map[int]float64{}
	p.start, p.done, p.sent = r.Cycle(), r.Cycle()-1, r.Cycle()-1
	p.names = make([]string, r.Total())
	for i := range r.Len() {
		p.names[r.Index(i)] = r.Name(i)
	}
	if p.groups != nil { // the helpers' runners too
		copy(p.names, race.Names(r.Config(), s.st.Race))
	}
	if p.active() {
		// Each network's own compute time, even alone here: the cards
		// show it, and the run's rate includes waiting for the others.
		s.m.hook = s.timeStep
	}
}

// markLocal records the standing of every runner stepped here at the
// current cycle, and in the main session brings the history up to the
// slowest runner's cycle.
func (s *Session) markLocal() {
	for _, x := range s.run.Standings() {
		s.par.marks[x.Index] = append(s.par.marks[x.Index], Mark{Cycle: s.run.Cycle(), Loss: x.Loss, Neurons: x.Neurons})
	}
	if !s.par.part {
		s.catchUp()
	}
}

// localDigest returns the digest of the runner at race position idx if it
// is stepped here and at cycle c.
func (s *Session) localDigest(idx, c int) string {
	for i := range s.run.Len() {
		if s.run.Index(i) == idx && s.run.Cycle() == c {
			return fmt.Sprintf("%016x", s.run.Digest(i))
		}
	}
	return ""
}

// slowest returns the cycle every runner has reached (the smallest of
// their latest marks), or the run's start while one has none yet.
func (s *Session) slowest() int {
	m := s.run.Cycle()
	for i := range s.par.names {
		ms := s.par.marks[i]
		if len(ms) == 0 {
			return s.par.start
		}
		m = min(m, ms[len(ms)-1].Cycle)
	}
	return m
}

// markAt returns runner idx's mark at cycle c.
func (s *Session) markAt(idx, c int) (Mark, bool) {
	ms := s.par.marks[idx]
	if len(ms) == 0 {
		return Mark{}, false
	}
	j := c - ms[0].Cycle // marks are one per cycle
	if j < 0 || j >= len(ms) || ms[j].Cycle != c {
		return Mark{}, false
	}
	return ms[j], true
}

// catchUp records the history's points up to the slowest runner's cycle and
// drops the marks no longer needed.
func (s *Session) catchUp() {
	m := s.slowest()
	for c := s.par.done + 1; c <= m; c++ {
		if s.hist.Due(c) {
			p, ok := s.pointAt(c)
			if !ok { // a helper not heard from yet: later
				m = c - 1
				break
			}
			s.hist.Add(p)
		}
		s.par.done = c
	}
	for i, ms := range s.par.marks {
		j := 0
		for j < len(ms)-1 && ms[j].Cycle < m {
			j++
		}
		s.par.marks[i] = ms[j:]
	}
}

// pointAt is the charts' point at cycle c, from the marks.
func (s *Session) pointAt(c int) (Point, bool) {
	main, ok := s.markAt(0, c)
	if !ok {
		return Point{}, false
	}
	p := Point{Cycle: c, Loss: main.Loss, Neurons: main.Neurons, Rivals: make([]float64, len(s.par.names)-1)}
	for i := range p.Rivals {
		x, ok := s.markAt(i+1, c)
		if !ok {
			return Point{}, false
		}
		p.Rivals[i] = x.Loss
	}
	return p, true
}

// mayStep reports whether the main session may run another cycle: not
// more than Chunk ahead of its slowest helper.
func (s *Session) mayStep() bool {
	if s.par.groups == nil {
		return true
	}
	return s.run.Cycle() < s.slowest()+Chunk
}

// Parts says what the helper workers should do now.
func (s *Session) Parts() Parts {
	return Parts{Run: s.resets, Fragment: s.Fragment(), Groups: s.par.groups, Target: s.run.Cycle()}
}

// Receive takes a helper's report; one of another run is ignored.
func (s *Session) Receive(rep PartReport) {
	if rep.Run != s.resets || s.par.groups == nil {
		return
	}
	for _, r := range rep.Runners {
		if r.Index <= 0 || r.Index >= len(s.par.names) {
			continue
		}
		ms := s.par.marks[r.Index]
		for _, m := range r.Marks {
			if len(ms) == 0 || m.Cycle == ms[len(ms)-1].Cycle+1 {
				ms = append(ms, m)
			} else if last := &ms[len(ms)-1]; m.Cycle == last.Cycle && m.Digest != "" {
				last.Digest = m.Digest // a snapshot's report at rest
			}
		}
		s.par.marks[r.Index] = ms
		s.par.cps[r.Index] = r.CPS
		if r.Graph != nil {
			s.par.graphs[r.Index] = append(s.par.graphs[r.Index][:0], r.Graph...)
		}
	}
	s.catchUp()
}

// parallelRunners is Status.Runners for a split race: every runner at the
// slowest runner's cycle.
func (s *Session) parallelRunners() []Runner {
	m := s.slowest()
	window := float64(s.run.Config().Window)
	st := make([]race.Standing, 0, len(s.par.names))
	digest := map[int]string{}
	for i, name := range s.par.names {
		x, ok := s.markAt(i, m)
		if !ok { // a helper not heard from yet
			x.Loss = math.MaxFloat64
		}
		st = append(st, race.Standing{Index: i, Name: name, Loss: x.Loss, Neurons: x.Neurons})
		digest[i] = x.Digest
		if x.Digest == "" {
			digest[i] = s.localDigest(i, m)
		}
	}
	race.Rank(st)
	out := make([]Runner, len(st))
	for _, x := range st {
		r := Runner{Name: x.Name, Neurons: x.Neurons, Loss: x.Loss, PerSymbol: x.Loss / window, Rank: x.Rank, Behind: x.Behind, Digest: digest[x.Index], Cycle: m}
		if x.Loss == math.MaxFloat64 {
			r.Loss, r.PerSymbol, r.Behind = 0, 0, 0
		}
		if s.playing {
			r.CPS = math.Round(s.par.cps[x.Index])
			for i := range s.run.Len() {
				if s.run.Index(i) == x.Index {
					r.CPS = math.Round(s.cps[i])
				}
			}
		}
		out[x.Index] = r
	}
	return out
}

// appendParallelGraph is AppendGraph for a split race: the runners here as
// they stand, the helpers' from their latest snapshots.
func (s *Session) appendParallelGraph(dst []byte) []byte {
	n := len(s.par.names)
	s.parts = s.parts[:0]
	local := 0
	for idx := range n {
		if local < s.run.Len() && s.run.Index(local) == idx {
			s.parts = append(s.parts, wire.Runner{Name: s.par.names[idx], Graph: s.m.snapshot(local, s.view())})
			local++
		} else if g := s.par.graphs[idx]; g != nil {
			s.parts = append(s.parts, wire.Runner{Name: s.par.names[idx], Graph: g})
		}
	}
	return wire.AppendRunners(dst, s.parts)
}

// NewPart returns a helper's session: the runners at the given positions
// of the race the link describes, for the main session's run number run.
func NewPart(fragment string, run int, indices []int) (*Session, error) {
	st, _ := linkstate.Parse(fragment)
	cfg, err := st.Config()
	if err != nil {
		return nil, err
	}
	if len(st.Race) == 0 {
		return nil, fmt.Errorf("session: the link %q has no race to share", fragment)
	}
	r, err := race.Part(cfg, st.Race, indices)
	if err != nil {
		return nil, err
	}
	s := &Session{driver: driver{st: st, credit: 1}}
	s.par.part, s.par.run, s.par.frag = true, run, fragment
	s.adopt(r)
	return s, nil
}

// Follow sets the cycle a helper steps to and the link carrying the run's
// task switches (only its switches are taken: the run is the same).
func (s *Session) Follow(target int, fragment string) {
	s.par.target = target
	if fragment != s.par.frag {
		st, _ := linkstate.Parse(fragment)
		s.st.Switch, s.par.frag = st.Switch, fragment
	}
}

// TickPart steps a helper's runners towards the target for at most Budget
// ms; it returns 0 if there is more to do, -1 once at the target.
func (s *Session) TickPart(now Clock) float64 {
	s.clock = now
	defer func() { s.clock = nil }()
	t0 := now()
	s.playing = s.run.Cycle() < s.par.target
	for s.run.Cycle() < s.par.target && now()-t0 < Budget {
		if !s.cycle() {
			break
		}
	}
	s.measure(now())
	if s.run.Cycle() < s.par.target {
		return 0
	}
	return -1
}

// PartCycle returns the cycle a helper's runners have reached.
func (s *Session) PartCycle() int { return s.run.Cycle() }

// PartReport returns a helper's report: each runner's marks since the last
// report, and if withGraph its snapshot and its digest (in the last mark).
func (s *Session) PartReport(withGraph bool) PartReport {
	rep := PartReport{Run: s.par.run, Cycle: s.run.Cycle()}
	for i := range s.run.Len() {
		idx := s.run.Index(i)
		r := PartRunner{Index: idx, Name: s.run.Name(i), CPS: s.cps[i], Marks: s.par.marks[idx]}
		if withGraph {
			if len(r.Marks) == 0 { // nothing new: the current standing again, for its digest
				for _, x := range s.run.Standings() {
					if x.Index == idx {
						r.Marks = []Mark{{Cycle: s.run.Cycle(), Loss: x.Loss, Neurons: x.Neurons}}
					}
				}
			}
			r.Marks[len(r.Marks)-1].Digest = fmt.Sprintf("%016x", s.run.Digest(i))
			var g wire.Graph
			fill(&g, s.observe(i), s.view())
			r.Graph = g.Append(nil)
		}
		s.par.marks[idx] = nil
		rep.Runners = append(rep.Runners, r)
	}
	s.par.sent = s.run.Cycle()
	return rep
}
