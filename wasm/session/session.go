// Package session is the demo page's training worker without the browser:
// it owns the run (a core/race list of runners, one for a normal run) and
// the run's link state, applies the page's commands (play, pause, step,
// reset, speed, settings, task switches), paces training to the speed
// control, keeps the charts' bounded history, and produces the status the
// page shows and the snapshots the graph draws.
//
// Commands and Tick change the session; Status, AppendGraph, CSV and the
// other readers change nothing. It is pure Go: the WebAssembly worker
// (wasm/worker) is a thin shim that passes it messages and the clock, and
// every behaviour is tested natively.
package session

import (
	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/core/race"
	"github.com/diffstruct/diffstruct/wasm/linkstate"
	"github.com/diffstruct/diffstruct/wasm/tour"
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
	// MeasureEvery is how often, in ms, Tick re-measures the training speed
	// and regenerates the sample.
	MeasureEvery = 500.0
	// WarmBudget is the most time, in ms, one Tick spends warming a
	// warm-start link's run up to its cycle (the page shows the progress
	// between Ticks).
	WarmBudget = 40.0
)

// Clock returns the time in milliseconds (performance.now in the browser).
type Clock func() float64

// Session is one run on the page.
type Session struct {
	driver             // the link state, controls, pacing and history both families share
	run     *race.Race // for what only the recurrent family has: task switches, sample, phases, the inspector's terms
	m       *rnnModel  // run as a Model: stepping, numbers and snapshots go through it
	cycleAt float64    // time the current cycle was reached, for the cursor
	tl      *Timeline  // births, deaths and keyframes, for the scrubber
	segs    []Segment

	tour  *tour.Tour // the guided tour, nil until started (tour.go)
	lives []*lives   // each local runner's neurons, for the inspector (inspect.go)

	sample      string
	sampleAt    float64
	sampleCycle int
	busy        []float64 // ms spent training each runner
	busyAt      []float64 // busy at the last measurement
	cps         []float64 // each runner's measured throughput
	clock       Clock     // the clock of the Tick in progress, for the timing hook (m.hook)

	par parallel // the race's split among workers (parallel.go)
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
	if s.st.Tour {
		s.Tour("start")
	}
	return s, probs
}

// start begins a new run from st: a race of one, or with the rivals it names.
func (s *Session) start(st linkstate.State) error {
	cfg, err := st.Config()
	if err != nil {
		return err
	}
	var r *race.Race
	if len(st.Race) > 0 {
		r, err = s.newRace(cfg, st)
	} else {
		r, err = race.Solo(cfg)
	}
	if err != nil {
		return err
	}
	s.st, s.stopped = st, false
	s.adopt(r)
	s.loaded = ""
	return nil
}

// adopt makes r the run, with a fresh history from its cycle on.
func (s *Session) adopt(r *race.Race) {
	s.run = r
	s.m = newRNNModel(r)
	// Each network's own throughput is worth its clock readings only when
	// several share the worker; a run of one's is the measured speed.
	if r.Len() > 1 {
		s.m.hook = s.timeStep
	}
	s.busy, s.busyAt, s.cps = make([]float64, r.Len()), make([]float64, r.Len()), make([]float64, r.Len())
	s.resets++
	s.hist = NewHistory(10, HistoryCap)
	s.hist.Epoch = s.resets * 1 << 20
	s.sample, s.sampleCycle = "", -1
	s.rateCycle = r.Cycle()
	s.segs = nil
	s.addSegments(r.Cycle(), "start")
	s.beginParallel(r)
	s.record()
	s.tl = NewTimeline(r.Cycle(), r.IDs(0), EventCap, KeyBudget)
	s.tl.Record(r.Cycle(), nil, nil, s.AppendGraph)
	s.fresh, s.failed = true, false
	s.startLives()
	s.tourRestart()
}

// Config returns the main runner's configuration (with the current task).
func (s *Session) Config() engine.Config { return s.run.Config() }

// Cycle returns the cycles every runner has completed.
func (s *Session) Cycle() int { return s.m.Cycle() }

// Runners returns the number of runners (1 for a normal run).
func (s *Session) Runners() int { return s.m.Len() }

// Observe returns runner i (0: the main one) as it stands, a copy the
// caller may keep.
func (s *Session) Observe(i int) engine.Observation {
	var o engine.Observation
	s.run.Observe(i, &o)
	return o
}

// observe returns runner i's observation in the scratch space, valid until
// the next call for the same runner.
func (s *Session) observe(i int) *engine.Observation { return s.m.observe(i) }

// view is what the snapshots say about the controls: the speed in symbols
// per second, which paces the view's window.
func (s *Session) view() View { return View{Rate: s.Rate(), Playing: s.playing} }

// AppendGraph encodes the run's snapshot after dst: one wire message with
// every runner's graph, the main one first (a list of one for a normal run).
func (s *Session) AppendGraph(dst []byte) []byte {
	if s.par.groups != nil {
		return s.appendParallelGraph(dst)
	}
	return s.appendGraph(dst, s.m, s.view())
}

// Step pauses and runs exactly one cycle.
func (s *Session) Step() { s.step(s.cycle) }

// Reset starts the run again from cycle 0 on the task now selected,
// forgetting task switches; playing goes on if it was.
func (s *Session) Reset() {
	st := s.st
	st.Task = s.run.Config().Task.Kind
	st.Switch, st.At = nil, 0
	s.reset(st, s.start)
}

// Set changes one setting, as a link key and value. Speed, play and stop
// take effect at once; a task change mid-run switches the task keeping the
// networks (when the alphabet allows); any other change starts a new run.
func (s *Session) Set(key, value string) []linkstate.Problem {
	st, probs := s.st.Set(key, value)
	if len(probs) > 0 {
		return probs
	}
	if st.IsFF() { // another family is another kind of run: SwitchModel opens it
		return []linkstate.Problem{{Key: key, Value: value, Fallback: linkstate.ModelSequence, Kind: linkstate.Invalid,
			Reason: "the model changes by opening its link (session.SwitchModel)"}}
	}
	if s.setControl(key, st, "speed", "stop", "hide", "tour", "big", "contrast") {
		return nil
	}
	switch key {
	case "task":
		s.switchTask(st.Task)
	case "model": // the family it already is
	default:
		st.Task = s.run.Config().Task.Kind
		st.Switch = nil
		if key != "at" {
			st.At = 0 // a new run starts from cycle 0, unless it is the warm start that changed
		}
		if err := s.start(st); err != nil {
			return []linkstate.Problem{{Key: key, Value: value, Fallback: "the previous setting", Reason: err.Error()}}
		}
		s.credit = 1
	}
	return nil
}

// switchTask changes the task: before the first cycle it is simply the
// run's task; later the networks are kept and the switch recorded in the link.
func (s *Session) switchTask(kind string) {
	c := s.run.Cycle()
	if c == 0 {
		st := s.st
		st.Task, st.Switch = kind, nil
		if err := s.start(st); err != nil {
			s.say(err.Error())
		}
		return
	}
	if kind == s.run.Config().Task.Kind {
		return
	}
	if err := s.run.SetTask(s.st.SpecFor(kind)); err != nil {
		// A custom text with another alphabet needs a new network.
		st := s.st
		st.Task, st.Switch = kind, nil
		if err2 := s.start(st); err2 != nil {
			s.say(err2.Error())
			return
		}
		s.say("The " + kind + " task uses other symbols, so a new network started: " + err.Error())
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

// cycle runs one training cycle of every runner, applying a recorded task
// switch due now and the stop key. It returns false if the run cannot go on.
func (s *Session) cycle() bool {
	c := s.m.Cycle()
	for _, sw := range s.st.Switch {
		if sw.Cycle == c && sw.Task != s.run.Config().Task.Kind {
			if err := s.run.SetTask(s.st.SpecFor(sw.Task)); err != nil {
				s.say("switch: " + err.Error())
			} else {
				s.addSegments(c, "switch")
			}
		}
	}
	if err := s.m.Step(); err != nil {
		s.playing, s.failed = false, true
		s.say(err.Error())
		return false
	}
	s.watchLives()
	s.cycleAt = s.last
	if s.clock != nil {
		s.cycleAt = s.clock()
	}
	s.record()
	s.keep()
	s.tourWatch()
	if s.st.Stop > 0 && s.m.Cycle() == s.st.Stop && !s.Warming() { // a stop before a warm start's cycle is passed
		s.playing, s.stopped = false, true
	}
	return true
}

// timeStep is the race's hook: it times each runner's step when a Tick's
// clock is at hand, for each network's own throughput.
func (s *Session) timeStep(i int, step func() error) error {
	if s.clock == nil {
		return step()
	}
	t0 := s.clock()
	err := step()
	s.busy[i] += s.clock() - t0
	return err
}

// Rate returns the speed control's symbols per second for this run's
// window (0: as fast as possible).
func (s *Session) Rate() float64 {
	sp, _ := linkstate.SpeedByName(s.st.Speed)
	return sp.SymbolsPerSecond(s.run.Config().Window)
}

// CyclesPerSecond returns the speed control's training cycles per second
// for this run's window (0: as fast as possible).
func (s *Session) CyclesPerSecond() float64 {
	sp, _ := linkstate.SpeedByName(s.st.Speed)
	return sp.CyclesPerSecond(s.run.Config().Window)
}

// Tick trains for as long as the speed control allows (never more than
// Budget ms), re-measures the speed and refreshes the sample, and returns
// how many ms the worker may wait before the next Tick; a negative value
// means there is nothing to do until a command.
func (s *Session) Tick(now Clock) float64 {
	s.clock = now
	defer func() { s.clock = nil }()
	return s.tick(now, s.train, s.measure, s.narrate)
}

func (s *Session) train(now Clock, t0, dt float64) float64 {
	if s.Warming() {
		return s.warm(now, t0)
	}
	return s.driver.train(now, t0, dt, s.CyclesPerSecond(), s.m, s.mayStep, s.cycle)
}

// Warming reports whether the run is still being trained, at full speed
// and before it is shown, up to a warm-start link's cycle (the at key).
func (s *Session) Warming() bool {
	return s.st.At > 0 && s.loaded == "" && s.m.Cycle() < s.st.At && !s.failed
}

// warm trains towards the warm-start cycle for at most WarmBudget ms, by the
// same cycles Step runs (so recorded switches apply and the run is bit for
// bit the one stepped there). Once there, the run goes on at the link's
// speed, its first window shown from the start.
func (s *Session) warm(now Clock, t0 float64) float64 {
	for s.m.Cycle() < s.st.At && s.mayStep() && now()-t0 < WarmBudget {
		if !s.cycle() {
			break
		}
	}
	if s.Warming() && !s.mayStep() {
		return -1 // until a helper reports (the worker wakes the session then)
	}
	if !s.Warming() {
		s.credit, s.fresh = 0, true
		if !s.playing {
			return -1
		}
	}
	return 0
}

// measure re-measures the speeds over at least MeasureEvery ms and
// regenerates the sample when the run has moved on.
func (s *Session) measure(now float64) {
	c := s.m.Cycle()
	if s.sampleCycle != c && (now-s.sampleAt >= MeasureEvery || s.sample == "") {
		s.sample, s.sampleAt, s.sampleCycle = s.run.Sample(SampleLen), now, c
	}
	cycles, ok := s.measureRate(now, c)
	if !ok {
		return
	}
	for i := range s.busy {
		if d := s.busy[i] - s.busyAt[i]; d > 0 && cycles > 0 {
			s.cps[i] = float64(cycles) / d * 1000
		} else if s.m.hook == nil {
			s.cps[i] = s.rate
		}
		s.busyAt[i] = s.busy[i]
	}
}
