package session

import (
	"math"
	"slices"

	"github.com/diffstruct/diffstruct/wasm/linkstate"
	"github.com/diffstruct/diffstruct/wasm/tempo"
	"github.com/diffstruct/diffstruct/wasm/wire"
)

// driver is what a run on the page does the same whatever its family,
// written once for Session and Layered (which embed it): the link state,
// the play controls and notices, pacing training to the speed control
// through the run's Model, the measured speed and the chart history.
type driver struct {
	st      linkstate.State
	playing bool
	stopped bool // paused by the stop key
	notice  string
	notices int // notices given so far: the page shows each new one once
	credit  float64
	last    float64 // time of the last Tick
	hist    *History
	resets  int    // runs started, so history epochs never repeat
	loaded  string // the network file the run continues, if any
	pacer   tempo.Pacer
	fresh   bool      // the lesson pace starts afresh at the next Tick
	failed  bool      // the run stopped on an error
	narr    narration // the live region's narrator (narrate.go)

	rate      float64 // cycles per second, measured
	rateAt    float64
	rateCycle int

	parts []wire.Runner // scratch for snapshots: it holds no state of the run
}

// State returns the run's link state.
func (d *driver) State() linkstate.State { return d.st }

// Fragment returns the share link's fragment for the run as it stands.
func (d *driver) Fragment() string { return linkstate.Format(d.st) }

// Playing reports whether the run is playing.
func (d *driver) Playing() bool { return d.playing }

// Play starts or resumes training.
func (d *driver) Play() {
	if !d.playing {
		d.playing, d.stopped, d.credit, d.fresh = true, false, 1, true
	}
	d.st.Play = true
}

// Pause stops training.
func (d *driver) Pause() {
	d.playing = false
	d.st.Play = false
}

// step pauses and runs exactly one cycle, by cycle.
func (d *driver) step(cycle func() bool) {
	d.Pause()
	d.stopped = false
	cycle()
}

// reset starts the run of st by start, saying so if it cannot (the run
// then goes on); playing goes on if it was.
func (d *driver) reset(st linkstate.State, start func(linkstate.State) error) {
	if err := start(st); err != nil {
		d.say("reset: " + err.Error())
	}
	d.credit = 1
}

// setControl applies a change of key to st that is the link's, not the
// run's: play, or one of the controls the family lists (they take effect
// at once). It reports whether key was one.
func (d *driver) setControl(key string, st linkstate.State, controls ...string) bool {
	switch {
	case key == "play":
		if st.Play {
			d.Play()
		} else {
			d.Pause()
		}
	case slices.Contains(controls, key):
		d.st, d.fresh = st, true
	default:
		return false
	}
	return true
}

// say leaves a message for the page.
func (d *driver) say(msg string) {
	d.notice = msg
	d.notices++
}

// tick is a run's Tick: it trains by train for the time since the last
// Tick, then calls each of after (measuring, narrating) at the time it is
// then, and returns train's delay.
func (d *driver) tick(now Clock, train func(now Clock, t0, dt float64) float64, after ...func(now float64)) float64 {
	t0 := now()
	dt := t0 - d.last
	d.last = t0
	delay := train(now, t0, dt)
	for _, f := range after {
		f(now())
	}
	return delay
}

// plays is the may of a run whose every cycle is its own (no helper
// workers to wait for): it may step while it plays.
func (d *driver) plays() bool { return d.playing }

// train runs m's cycles (each by cycle, false when the run cannot go on)
// for one Tick at the speed control's pace, cps cycles per second (0: as
// fast as possible, within Budget ms), while may allows (a split race waits
// for its helpers); it returns the ms until the next Tick, negative for
// none until a command.
func (d *driver) train(now Clock, t0, dt, cps float64, m Model, may, cycle func() bool) float64 {
	if !d.playing {
		return -1
	}
	if sp, _ := linkstate.SpeedByName(d.st.Speed); sp.Lesson {
		return d.lesson(now, t0, dt, m, cycle)
	}
	if cps == 0 {
		for d.playing && may() && now()-t0 < Budget {
			if !cycle() {
				break
			}
		}
		if !may() {
			return -1 // until a helper reports (the worker wakes the session then)
		}
		return 0
	}
	d.credit = math.Min(d.credit+float64(math.Max(0, dt)/1000*cps), math.Max(1, cps*0.1))
	for d.playing && d.credit >= 1 && may() && now()-t0 < Budget {
		if !cycle() {
			break
		}
		d.credit--
	}
	if !d.playing || !may() {
		return -1
	}
	return math.Min(250, math.Max(0, (1-d.credit)/cps*1000))
}

// lesson trains at the lesson pace (package tempo): full speed between
// births and deaths of m's main network, still while the view animates
// one, then slowly and faster again. A Tick stops at an event, so each is
// shown on its own.
func (d *driver) lesson(now Clock, t0, dt float64, m Model, cycle func() bool) float64 {
	sec := t0 / 1000
	if d.fresh {
		d.pacer.Start(sec)
		d.fresh, d.credit = false, 1
	}
	rate := d.pacer.Rate(sec)
	if rate == 0 {
		return math.Min(250, math.Max(1, d.pacer.Wait(sec)*1000))
	}
	full := math.IsInf(rate, 1)
	if !full {
		d.credit = math.Min(d.credit+float64(math.Max(0, dt)/1000*rate), math.Max(1, rate*0.1))
	}
	for d.playing && (full || d.credit >= 1) && now()-t0 < Budget {
		if !cycle() {
			break
		}
		d.credit--
		if a, dd := m.Changed(); a+dd > 0 {
			d.pacer.Event(now() / 1000)
			d.credit = 0
			return tempo.Hold * 1000
		}
	}
	if !d.playing {
		return -1
	}
	if full {
		return 0
	}
	return math.Min(250, math.Max(0, (1-d.credit)/rate*1000))
}

// measureRate re-measures the training speed when MeasureEvery ms have
// passed since the last measurement (or the run went back, as a new one):
// it returns the cycles run since then and whether it measured.
func (d *driver) measureRate(now float64, c int) (cycles int, measured bool) {
	if now-d.rateAt < MeasureEvery && c >= d.rateCycle {
		return 0, false
	}
	cycles = c - d.rateCycle
	if now > d.rateAt && cycles >= 0 && d.rateAt > 0 {
		d.rate = float64(cycles) / (now - d.rateAt) * 1000
	}
	d.rateAt, d.rateCycle = now, c
	return cycles, true
}

// paceStatus sets st's measured speed (shown while training, or warming
// up when warming) and whether the lesson pace holds the run still.
func (d *driver) paceStatus(st *Status, now float64, warming bool) {
	if d.playing || warming {
		st.CPS = math.Round(d.rate)
	}
	if sp, _ := linkstate.SpeedByName(d.st.Speed); sp.Lesson && d.playing {
		st.Holding = d.pacer.Rate(now/1000) == 0
	}
}

// appendGraph appends the run's snapshot: m's runners as one wire message,
// the main one first.
func (d *driver) appendGraph(dst []byte, m Model, v View) []byte {
	d.parts = m.AppendRunners(d.parts[:0], v)
	return wire.AppendRunners(dst, d.parts)
}
