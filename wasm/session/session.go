// Package session is the demo page's training worker without the browser:
// it owns the engine and the run's link state, applies the page's commands
// (play, pause, step, reset, speed, settings, task switches), paces training
// to the speed control, keeps the charts' bounded history, and produces the
// status the page shows and the snapshots the graph draws.
//
// It is pure Go: the WebAssembly worker (wasm/worker) is a thin shim that
// passes it messages and the clock, and every behaviour is tested natively.
package session

import (
	"fmt"
	"math"
	"slices"

	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/core/race"
	"github.com/diffstruct/diffstruct/core/rnn"
	"github.com/diffstruct/diffstruct/core/task"
	"github.com/diffstruct/diffstruct/wasm/linkstate"
	"github.com/diffstruct/diffstruct/wasm/wire"
)

// Pacing limits.
const (
	// Budget is the most time, in ms, one Tick spends training: the worker
	// then returns to its event loop to answer the page.
	Budget = 12.0
	// SampleLen is the length of the generated sample in the status.
	SampleLen = 80
	// HistoryCap bounds the charts' points.
	HistoryCap = 1200
)

// Clock returns the time in milliseconds (performance.now in the browser).
type Clock func() float64

// Segment is a stretch of the run on one task phase, for the charts.
type Segment struct {
	Cycle int      `json:"c"`
	Name  string   `json:"name"`
	Floor *float64 `json:"floor"` // nats per window; null when unknown
	Kind  string   `json:"kind"`  // "start", "phase" (a schedule's own) or "switch" (made during the run)
}

// Session is one run on the page.
type Session struct {
	st      linkstate.State
	eng     *engine.Engine
	playing bool
	stopped bool   // paused by the stop key
	notice  string // something the page should tell the visitor
	credit  float64
	last    float64 // time of the last Tick
	hist    *History
	epoch   int // history epoch the page last received, or -1
	sent    int // points the page has received
	resets  int // runs started, so history epochs never repeat
	segs    []Segment

	sample      string
	sampleAt    float64
	sampleCycle int
	rate        float64 // cycles per second, measured
	rateAt      float64
	rateCycle   int
	graph       wire.Graph
	neurons     []engine.Neuron

	race   *race.Race // race mode: eng is its growing runner
	busy   []float64  // ms spent training each runner
	busyAt []float64  // busy at the last speed measurement
	cps    []float64  // each runner's measured throughput
	clock  Clock      // the clock of the Tick in progress, for busy
	loaded string     // the network file the run continues, if any

	raceGraphs []wire.Graph // each racer's snapshot, reused
	raceBufs   [][]byte
}

// New starts a session from a link fragment; the problems say which keys
// were refused and what was used instead.
func New(fragment string) (*Session, []linkstate.Problem) {
	st, probs := linkstate.Parse(fragment)
	s := &Session{}
	if err := s.start(st); err != nil {
		// A parsed state always configures; this is a safety net.
		probs = append(probs, linkstate.Problem{Key: "preset", Fallback: "the default setup", Reason: err.Error()})
		if err := s.start(linkstate.Default()); err != nil {
			panic(err) // the defaults are valid
		}
	}
	s.playing = s.st.Play
	s.credit = 1
	return s, probs
}

// start begins a new run from st.
func (s *Session) start(st linkstate.State) error {
	cfg, err := st.Config()
	if err != nil {
		return err
	}
	var rc *race.Race
	var e *engine.Engine
	if len(st.Race) > 0 {
		if rc, err = race.New(cfg, st.Race); err != nil {
			return err
		}
		e = rc.Runners()[0].Engine
	} else if e, err = engine.New(cfg); err != nil {
		return err
	}
	s.st, s.stopped = st, false
	s.adopt(e, rc)
	s.loaded = ""
	return nil
}

// adopt makes e (the growing runner of rc, when racing) the run, with a
// fresh history from its cycle on.
func (s *Session) adopt(e *engine.Engine, rc *race.Race) {
	s.eng, s.race = e, rc
	s.busy, s.busyAt, s.cps = nil, nil, nil
	if rc != nil {
		s.busy = make([]float64, len(rc.Runners()))
		s.busyAt = make([]float64, len(rc.Runners()))
	}
	s.resets++
	s.hist = NewHistory(10, HistoryCap)
	s.hist.Epoch = s.resets * 1 << 20
	s.epoch, s.sent = -1, 0
	s.sample, s.sampleCycle = "", -1
	s.rateCycle = 0
	s.segs = nil
	s.addSegments(e.Cycle(), "start")
	s.record()
}

// addSegments appends the engine's current task phases from cycle c on.
func (s *Session) addSegments(c int, kind string) {
	for i := len(s.segs) - 1; i >= 0 && s.segs[i].Cycle >= c; i-- {
		s.segs = s.segs[:i]
	}
	for i, p := range s.eng.Phases() {
		if p.StartCycle < c && i+1 < len(s.eng.Phases()) && s.eng.Phases()[i+1].StartCycle <= c {
			continue // a phase already over
		}
		seg := Segment{Cycle: max(c, p.StartCycle), Name: p.Name, Kind: "phase"}
		if seg.Cycle == c {
			seg.Kind = kind
		}
		if !math.IsNaN(p.Floor) {
			f := p.Floor * float64(s.eng.Config().Window)
			seg.Floor = &f
		}
		s.segs = append(s.segs, seg)
	}
}

// State returns the run's link state.
func (s *Session) State() linkstate.State { return s.st }

// Fragment returns the share link's fragment for the run as it stands.
func (s *Session) Fragment() string { return linkstate.Format(s.st) }

// Engine returns the engine, for reading only.
func (s *Session) Engine() *engine.Engine { return s.eng }

// Playing reports whether the run is playing.
func (s *Session) Playing() bool { return s.playing }

// Play starts or resumes training.
func (s *Session) Play() {
	if !s.playing {
		s.playing, s.stopped, s.credit = true, false, 1
	}
	s.st.Play = true
}

// Pause stops training.
func (s *Session) Pause() {
	s.playing = false
	s.st.Play = false
}

// Step pauses and runs exactly one cycle.
func (s *Session) Step() {
	s.Pause()
	s.stopped = false
	s.cycle()
}

// Reset starts the run again from cycle 0 on the task now selected,
// forgetting task switches; playing goes on if it was.
func (s *Session) Reset() {
	st := s.st
	st.Task = s.eng.Config().Task.Kind
	st.Switch = nil
	if err := s.start(st); err != nil {
		s.notice = "reset: " + err.Error()
	}
	s.credit = 1
}

// Set changes one setting, as a link key and value. Speed, play and stop
// take effect at once; a task change mid-run switches the task keeping the
// network (when the alphabet allows); any other change starts a new run.
func (s *Session) Set(key, value string) []linkstate.Problem {
	st, probs := s.st.Update(key + "=" + value)
	if len(probs) > 0 {
		return probs
	}
	switch key {
	case "speed", "stop", "hide", "tour":
		s.st = st
	case "play":
		if st.Play {
			s.Play()
		} else {
			s.Pause()
		}
	case "task":
		s.switchTask(st.Task)
	default:
		st.Task = s.eng.Config().Task.Kind
		st.Switch = nil
		if err := s.start(st); err != nil {
			return []linkstate.Problem{{Key: key, Value: value, Fallback: "the previous setting", Reason: err.Error()}}
		}
		s.credit = 1
	}
	return nil
}

// switchTask changes the task: before the first cycle it is simply the
// run's task; later the network is kept and the switch recorded in the link.
func (s *Session) switchTask(kind string) {
	if s.eng.Cycle() == 0 {
		st := s.st
		st.Task, st.Switch = kind, nil
		if err := s.start(st); err != nil {
			s.notice = err.Error()
		}
		return
	}
	if kind == s.eng.Config().Task.Kind {
		return
	}
	c := s.eng.Cycle()
	if err := s.setTask(s.st.SpecFor(kind)); err != nil {
		// A custom text with another alphabet needs a new network.
		st := s.st
		st.Task, st.Switch = kind, nil
		if err2 := s.start(st); err2 != nil {
			s.notice = err2.Error()
			return
		}
		s.notice = "The " + kind + " task uses other symbols, so a new network started: " + err.Error()
		return
	}
	sw := s.st.Switch[:0:0]
	for _, x := range s.st.Switch {
		if x.Cycle < c {
			sw = append(sw, x)
		}
	}
	s.st.Switch = append(sw, linkstate.Switch{Cycle: c, Task: kind})
	s.addSegments(c, "switch")
}

// Notice returns and clears the message the page should show, if any.
func (s *Session) Notice() string {
	n := s.notice
	s.notice = ""
	return n
}

// cycle runs one training cycle, applying a recorded task switch due now
// and the stop key. It returns false if the run cannot go on.
func (s *Session) cycle() bool {
	c := s.eng.Cycle()
	for _, sw := range s.st.Switch {
		if sw.Cycle == c && sw.Task != s.eng.Config().Task.Kind {
			if err := s.setTask(s.st.SpecFor(sw.Task)); err != nil {
				s.notice = "switch: " + err.Error()
			} else {
				s.addSegments(c, "switch")
			}
		}
	}
	if err := s.step(); err != nil {
		s.playing = false
		s.notice = err.Error()
		return false
	}
	s.record()
	if s.st.Stop > 0 && s.eng.Cycle() == s.st.Stop {
		s.playing, s.stopped = false, true
	}
	return true
}

func (s *Session) record() {
	s.hist.Add(s.point())
}

// point is the run now, for the charts.
func (s *Session) point() Point {
	p := Point{Cycle: s.eng.Cycle(), Loss: s.eng.Loss(), Neurons: s.eng.N()}
	if s.race != nil {
		for _, r := range s.race.Runners()[1:] {
			p.Rivals = append(p.Rivals, r.Engine.Loss())
		}
	}
	return p
}

// Rate returns the speed control's symbols per second (0: as fast as possible).
func (s *Session) Rate() float64 {
	sp, _ := linkstate.SpeedByName(s.st.Speed)
	return sp.Rate
}

// Tick trains for as long as the speed control allows (never more than
// Budget ms) and returns how many ms the worker may wait before the next
// Tick; a negative value means there is nothing to do until a command.
func (s *Session) Tick(now Clock) float64 {
	s.clock = now
	defer func() { s.clock = nil }()
	t0 := now()
	dt := t0 - s.last
	s.last = t0
	if !s.playing {
		return -1
	}
	rate := s.Rate()
	if rate == 0 { // as fast as possible
		for s.playing && now()-t0 < Budget {
			if !s.cycle() {
				break
			}
		}
		return 0
	}
	cps := rate / float64(s.eng.Config().Window)
	s.credit = math.Min(s.credit+math.Max(0, dt)/1000*cps, math.Max(1, cps*0.1))
	for s.playing && s.credit >= 1 && now()-t0 < Budget {
		if !s.cycle() {
			break
		}
		s.credit--
	}
	if !s.playing {
		return -1
	}
	return math.Min(250, math.Max(0, (1-s.credit)/cps*1000))
}

// Status is what the page shows, sent as JSON.
type Status struct {
	Cycle      int       `json:"cycle"`
	Neurons    int       `json:"neurons"`
	Loss       float64   `json:"loss"`        // smoothed, nats per symbol
	LossWindow float64   `json:"loss_window"` // smoothed, nats per window
	Floor      *float64  `json:"floor"`       // nats per symbol; null when unknown
	Window     int       `json:"window"`
	Task       string    `json:"task"`  // the task now being learned
	Phase      string    `json:"phase"` // easy, hard or custom
	Playing    bool      `json:"playing"`
	Stopped    bool      `json:"stopped"` // paused by the stop key
	Rate       float64   `json:"rate"`    // the speed control's symbols per second (0: max)
	CPS        float64   `json:"cps"`     // measured training cycles per second
	Threshold  float64   `json:"threshold"`
	Fragment   string    `json:"fragment"`
	Digest     string    `json:"digest"` // fingerprint of the whole numerical state
	Error      string    `json:"error,omitempty"`
	Notice     string    `json:"notice,omitempty"`
	Alphabet   []string  `json:"alphabet"`
	Inputs     []int     `json:"inputs"`  // the last window read
	Targets    []int     `json:"targets"` // the symbol after each input
	Probs      []float64 `json:"probs"`   // W x V predictions, rounded
	Sample     string    `json:"sample"`  // text the network generates now
	Segments   []Segment `json:"segments"`
	History    HistDelta `json:"history"`
	Reserve    int       `json:"reserve"` // neurons below threshold
	Born       int       `json:"born"`    // neurons added by the last cycle
	Died       int       `json:"died"`    // neurons deleted by the last cycle
	Race       []Runner  `json:"race,omitempty"`
	Loaded     string    `json:"loaded,omitempty"` // the network file the run continues
}

// HistDelta carries the chart points the page has not seen yet; Reset says
// to drop what it has first.
type HistDelta struct {
	Reset  bool    `json:"reset"`
	Points []Point `json:"points"`
	Now    Point   `json:"now"` // the latest state, between recorded points
}

// Status returns the page's view of the run at time now (ms). It also
// marks the history it carries as sent.
func (s *Session) Status(now float64) Status {
	e := s.eng
	st := Status{
		Cycle: e.Cycle(), Neurons: e.N(), Loss: e.LossPerSymbol(), LossWindow: e.Loss(),
		Window: e.Config().Window, Task: e.Config().Task.Kind, Phase: e.Phase(),
		Playing: s.playing, Stopped: s.stopped, Rate: s.Rate(), Threshold: e.Threshold(),
		Fragment: s.Fragment(), Digest: fmt.Sprintf("%016x", e.Digest()), Notice: s.Notice(),
		Segments: s.segs,
	}
	if f := e.Floor(); !math.IsNaN(f) {
		st.Floor = &f
	}
	if err := e.Err(); err != nil {
		st.Error = err.Error()
	}
	for _, r := range e.Alphabet() {
		st.Alphabet = append(st.Alphabet, string(r))
	}
	// The window: only once a cycle has run.
	if e.Cycle() > 0 {
		net := e.Net()
		st.Inputs = slices.Clone(net.Inputs())
		st.Targets = slices.Clone(net.Targets())
		for t := range st.Inputs {
			for _, p := range net.Probs(t) {
				st.Probs = append(st.Probs, math.Round(p*1000)/1000)
			}
		}
	}
	// The sample: regenerated at most twice a second.
	if s.sampleCycle != e.Cycle() && (now-s.sampleAt >= 500 || s.sample == "") {
		s.sample, s.sampleAt, s.sampleCycle = e.Sample(SampleLen), now, e.Cycle()
	}
	st.Sample = s.sample
	// Measured speed, over at least half a second.
	if now-s.rateAt >= 500 || e.Cycle() < s.rateCycle {
		if now > s.rateAt && e.Cycle() >= s.rateCycle && s.rateAt > 0 {
			s.rate = float64(e.Cycle()-s.rateCycle) / (now - s.rateAt) * 1000
		}
		s.measureRunners(e.Cycle() - s.rateCycle)
		s.rateAt, s.rateCycle = now, e.Cycle()
	}
	if !s.playing {
		s.rate = 0
	}
	st.CPS = math.Round(s.rate)
	for _, x := range e.Strengths() {
		if x < e.Threshold() {
			st.Reserve++
		}
	}
	st.Born, st.Died = len(e.Added()), len(e.Deleted())
	// History since the last status.
	if s.epoch != s.hist.Epoch {
		st.History.Reset = true
		s.sent = 0
	}
	st.History.Points = slices.Clone(s.hist.Points[s.sent:])
	if st.History.Points == nil {
		st.History.Points = []Point{}
	}
	st.History.Now = s.point()
	st.Race = s.raceStatus()
	st.Loaded = s.loaded
	s.epoch, s.sent = s.hist.Epoch, len(s.hist.Points)
	return st
}

// AppendGraph encodes the graph snapshot after dst: one wire.Graph, or in a
// race a wire race message with every network's snapshot, the growing one
// first.
func (s *Session) AppendGraph(dst []byte) []byte {
	if s.race == nil {
		return s.appendEngine(dst, s.eng, &s.graph)
	}
	rs := s.race.Runners()
	if len(s.raceGraphs) != len(rs) {
		s.raceGraphs = make([]wire.Graph, len(rs))
		s.raceBufs = make([][]byte, len(rs))
	}
	parts := make([]wire.Runner, len(rs))
	for i, r := range rs {
		s.raceBufs[i] = s.appendEngine(s.raceBufs[i][:0], r.Engine, &s.raceGraphs[i])
		parts[i] = wire.Runner{Name: r.Name, Graph: s.raceBufs[i]}
	}
	return wire.AppendRace(dst, parts)
}

// appendEngine encodes e's snapshot after dst, reusing g's slices.
func (s *Session) appendEngine(dst []byte, e *engine.Engine, g *wire.Graph) []byte {
	net := e.Net()
	n, w := net.N(), net.Window()
	g.Cycle, g.Rate, g.Playing, g.Threshold = int64(e.Cycle()), float32(s.Rate()), s.playing, float32(e.Threshold())
	g.Alphabet = append(g.Alphabet[:0], e.Alphabet()...)
	s.neurons = e.Neurons(s.neurons[:0])
	g.IDs, g.Strength, g.Born = g.IDs[:0], g.Strength[:0], g.Born[:0]
	for _, nr := range s.neurons {
		g.IDs = append(g.IDs, uint32(nr.ID))
		g.Strength = append(g.Strength, float32(nr.Strength))
		g.Born = append(g.Born, int64(nr.Born))
	}
	g.WxhT = appendF32(g.WxhT[:0], net.Param(rnn.WxhT))
	g.Whh = appendF32(g.Whh[:0], net.Param(rnn.Whh))
	g.Why = appendF32(g.Why[:0], net.Param(rnn.Why))
	g.Hidden, g.Inputs, g.Probs = g.Hidden[:0], g.Inputs[:0], g.Probs[:0]
	if e.Cycle() > 0 {
		for t, x := range net.Inputs() {
			g.Inputs = append(g.Inputs, uint8(x))
			g.Probs = appendF32(g.Probs, net.Probs(t))
		}
	}
	if e.Cycle() > 0 && len(e.Added())+len(e.Deleted()) == 0 {
		for t := 0; t <= w; t++ {
			g.Hidden = appendF32(g.Hidden, net.Hidden(t))
		}
	} else {
		// Before the first cycle there are no activations, and after a
		// structural change the engine's window activations no longer
		// match the neurons: draw none for this snapshot.
		g.Hidden = append(g.Hidden, make([]float32, (len(g.Inputs)+1)*n)...)
	}
	return g.Append(dst)
}

func appendF32(dst []float32, src []float64) []float32 {
	for _, x := range src {
		dst = append(dst, float32(x))
	}
	return dst
}

// Describe returns the one-line description of every task kind, for the page.
func Describe() map[string]string {
	m := map[string]string{}
	for _, k := range task.Kinds {
		m[k] = task.Describe(k)
	}
	return m
}
