package session

import (
	"fmt"
	"io"
	"slices"

	"github.com/diffstruct/diffstruct/wasm/linkstate"
	"github.com/diffstruct/diffstruct/wasm/narrate"
	"github.com/diffstruct/diffstruct/wasm/tour"
)

// Run is what the training worker drives, whatever the model family: the
// page's commands, the clock, the status and the snapshot. *Session (the
// recurrent family) and *Layered (feed-forward) are Runs.
type Run interface {
	Play()
	Pause()
	Step()
	Reset()
	Set(key, value string) []linkstate.Problem
	Tick(now Clock) float64
	Status(now float64, since Since) Status
	AppendGraph(dst []byte) []byte
	State() linkstate.State
	CSV() []byte
	// Save writes the main network's file, which Load of a run of the same
	// family continues (a network of the file's kind, name its name).
	Save(w io.Writer) error
	Load(r io.Reader, name string) error
}

// Open starts the run a link describes: a *Layered for model=ff, a
// *Session otherwise. The problems say which keys were refused.
func Open(fragment string) (Run, []linkstate.Problem) {
	st, probs := linkstate.Parse(fragment)
	if st.IsFF() {
		l, more := NewLayered(st)
		return l, append(probs, more...)
	}
	s, probs := New(fragment)
	return s, probs
}

// SwitchModel returns the run of another model family (the model key),
// keeping the speed, play and hidden parts of r's link and the seed; the
// same family returns r.
func SwitchModel(r Run, model string) (Run, []linkstate.Problem) {
	st, probs := r.State().Set("model", model)
	if len(probs) > 0 {
		return r, probs
	}
	if st.ModelName() == r.State().ModelName() {
		return r, nil
	}
	return Open(linkstate.Format(st))
}

// FFHistoryStride is the feed-forward chart's first stride, in cycles: each
// point evaluates the test set, so points are sparser than the recurrent
// run's.
const FFHistoryStride = 50

// Layered is a feed-forward run on the page (model=ff): the same commands,
// pacing and status as Session, driving a Model.
type Layered struct {
	driver // the link state, controls, pacing and history both families share
	m      Model

	tour *tour.FFTour // the guided tour, nil until started (layered_tour.go)
	ffl  *ffLives     // the inspector's memory of the growing network's neurons (ffinspect.go)
	tl   *ffTimeline  // births, deaths, layers and keyframes, for the scrubber (fftimeline.go)

	// The main network's full numbers (accuracies evaluate every point) for
	// the run and cycle they were computed at: a paused run's statuses and
	// the statuses of one cycle reuse them.
	numbers      Numbers
	numbersRun   int
	numbersCycle int
}

// mainNumbers returns the main network's full numbers, computed once a cycle.
func (l *Layered) mainNumbers() Numbers {
	if l.numbersRun != l.resets || l.numbersCycle != l.m.Cycle() {
		l.numbers, l.numbersRun, l.numbersCycle = l.m.Numbers(0, true), l.resets, l.m.Cycle()
	}
	return l.numbers
}

// NewLayered starts a feed-forward run from a link state (st.IsFF()). A state
// the data set or the preset refuses falls back to the default ff setup,
// keeping the seed, with a problem saying why.
func NewLayered(st linkstate.State) (*Layered, []linkstate.Problem) {
	l := &Layered{}
	var probs []linkstate.Problem
	if err := l.start(st); err != nil {
		probs = append(probs, linkstate.Problem{Key: "model", Value: linkstate.ModelFF, Fallback: "the default feed-forward setup",
			Kind: linkstate.Conflict, Reason: err.Error(), Err: err})
		def := linkstate.Default()
		def.Model, def.Seed, def.Speed, def.Play, def.Hide = linkstate.ModelFF, st.Seed, st.Speed, st.Play, st.Hide
		if err := l.start(def); err != nil {
			panic(err) // the defaults are valid
		}
	}
	l.playing, l.credit = l.st.Play, 1
	if l.st.Tour {
		l.Tour("start")
	}
	return l, probs
}

// start begins a new run from st.
func (l *Layered) start(st linkstate.State) error {
	m, err := newModel(st)
	if err != nil {
		return err
	}
	l.begin(st, m)
	return nil
}

// begin makes m, at whatever cycle it is, the run of state st.
func (l *Layered) begin(st linkstate.State, m Model) {
	l.st, l.m, l.stopped, l.failed, l.fresh, l.loaded = st, m, false, false, true, ""
	l.resets++
	l.hist = NewHistory(FFHistoryStride, HistoryCap)
	l.hist.Epoch = l.resets * 1 << 20
	l.rateCycle = m.Cycle()
	l.record()
	l.watchFF()
	l.startTimeline()
}

// newModel builds the Model of st's family.
func newModel(st linkstate.State) (Model, error) {
	if !st.IsFF() {
		return nil, fmt.Errorf("session: a %s run is a Session, not a Layered one", st.ModelName())
	}
	return newFFModel(st)
}

// Cycle returns the steps (mini-batches) every network has taken.
func (l *Layered) Cycle() int { return l.m.Cycle() }

// Digest returns the growing network's fingerprint.
func (l *Layered) Digest() uint64 { return l.m.Numbers(0, false).Digest }

// Widths returns the growing network's hidden widths.
func (l *Layered) Widths() []int { return l.m.Numbers(0, false).Widths }

// Step pauses and runs exactly one cycle.
func (l *Layered) Step() { l.step(l.cycle) }

// Reset starts the run again from cycle 0 with the same setup (so the same
// networks, bit for bit); playing goes on if it was.
func (l *Layered) Reset() { l.reset(l.st, l.start) }

// Set changes one setting, as a link key and value. Speed, play, stop and
// hide take effect at once; any other change starts a new run. The model
// key is the worker's (SwitchModel): here it is refused.
func (l *Layered) Set(key, value string) []linkstate.Problem {
	st, probs := l.st.Set(key, value)
	if len(probs) > 0 {
		return probs
	}
	if l.setControl(key, st, "speed", "stop", "hide", "only", "big", "contrast") {
		return nil
	}
	switch key {
	case "model":
		if !st.IsFF() {
			return []linkstate.Problem{{Key: key, Value: value, Fallback: linkstate.ModelFF, Kind: linkstate.Invalid,
				Reason: "the model changes by opening its link (session.SwitchModel)"}}
		}
	default:
		if err := l.start(st); err != nil {
			return []linkstate.Problem{{Key: key, Value: value, Fallback: "the previous setting", Kind: linkstate.Conflict, Reason: err.Error(), Err: err}}
		}
		l.credit = 1
	}
	return nil
}

// cycle runs one step of every network and applies the stop key; false if
// the run cannot go on.
func (l *Layered) cycle() bool {
	if err := l.m.Step(); err != nil {
		l.playing, l.failed = false, true
		l.say(err.Error())
		return false
	}
	l.record()
	l.watchFF()
	l.keep()
	l.tourWatch()
	if l.st.Stop > 0 && l.m.Cycle() == l.st.Stop {
		l.playing, l.stopped = false, true
	}
	return true
}

// record adds a chart point when one is due.
func (l *Layered) record() {
	if l.hist.Due(l.m.Cycle()) {
		l.hist.Add(l.point())
	}
}

// point is the run now: the growing network's train and test loss and
// size, and the rivals' train losses.
func (l *Layered) point() Point {
	n := l.m.Numbers(0, false)
	p := Point{Cycle: n.Cycle, Loss: n.Loss, Test: n.TestLoss, Neurons: n.Neurons}
	for i := 1; i < l.m.Len(); i++ {
		p.Rivals = append(p.Rivals, l.m.Numbers(i, false).Loss)
	}
	return p
}

// CyclesPerSecond returns the speed control's steps per second (0: as fast
// as possible). A step reads one mini-batch, counted as one symbol for the
// speeds named in symbols.
func (l *Layered) CyclesPerSecond() float64 {
	sp, _ := linkstate.SpeedByName(l.st.Speed)
	return sp.CyclesPerSecond(1)
}

// Tick trains for as long as the speed control allows (never more than
// Budget ms) and returns how many ms the worker may wait before the next
// Tick; a negative value means there is nothing to do until a command.
func (l *Layered) Tick(now Clock) float64 { return l.tick(now, l.train, l.measure, l.narrate) }

func (l *Layered) train(now Clock, t0, dt float64) float64 {
	return l.driver.train(now, t0, dt, l.CyclesPerSecond(), l.m, l.plays, l.cycle)
}

// measure re-measures the training speed over at least MeasureEvery ms.
func (l *Layered) measure(now float64) { l.measureRate(now, l.m.Cycle()) }

// AppendGraph appends the run's snapshot: every network as a wire.Layered
// runner (wire.KindLayered), the growing one first.
func (l *Layered) AppendGraph(dst []byte) []byte {
	return l.appendGraph(dst, l.m, View{Rate: l.CyclesPerSecond(), Playing: l.playing})
}

// FFStatus is the feed-forward part of a Status (kind "ff").
type FFStatus struct {
	Data         string  `json:"data"`       // the data set's kind
	Regression   bool    `json:"regression"` // labels are values, not classes
	Preset       string  `json:"preset"`
	TrainLoss    float64 `json:"train_loss"` // smoothed, ½(output − label)² per point
	TestLoss     float64 `json:"test_loss"`  // over the test points (0 without any)
	Accuracy     float64 `json:"accuracy"`   // on the training points, a fraction
	TestAccuracy float64 `json:"test_accuracy"`
	Widths       []int   `json:"widths"` // hidden neurons per layer, input side first
	TrainPoints  int     `json:"train_points"`
	TestPoints   int     `json:"test_points"`
}

// Status returns the page's view of the run at time now (ms), with the
// chart points after since. It changes nothing in the run (evaluating the
// networks writes only their scratch activations; the main network's
// numbers are kept for the cycle).
func (l *Layered) Status(now float64, since Since) Status {
	n := l.mainNumbers()
	added, died := l.m.Changed()
	st := Status{
		Kind: l.m.Kind(), Cycle: n.Cycle, Neurons: n.Neurons, Loss: n.Loss, LossWindow: n.Loss, Window: 1,
		Task: l.st.FF.DataKind(), Phase: l.st.FF.DataKind(), Playing: l.playing, Stopped: l.stopped, Speed: l.st.Speed,
		Rate: l.CyclesPerSecond(), Cursor: -1, Threshold: n.Threshold, Fragment: l.Fragment(),
		Digest: fmt.Sprintf("%016x", n.Digest), Notice: l.notice, NoticeID: l.notices, Segments: []Segment{},
		Reserve: n.Reserve, Born: added, Died: died, Workers: 1,
		Timeline: l.TimelineInfo(), Loaded: l.loaded,
	}
	st.FF = &FFStatus{
		Data: l.st.FF.DataKind(), Regression: n.Regression, Preset: l.st.FF.PresetName(),
		TrainLoss: n.Loss, TestLoss: n.TestLoss, Accuracy: n.Accuracy, TestAccuracy: n.TestAccuracy, Widths: n.Widths,
		TrainPoints: n.Train, TestPoints: n.Test,
	}
	l.paceStatus(&st, now, false)
	st.History = delta(l.hist, since, l.point())
	st.Runners = l.runners()
	st.Tour = l.tourCard()
	st.Speech, st.Summary = l.narr.n.Speech(), narrate.Summary(l.narrateFacts(true))
	return st
}

// runners returns every network, placed by test loss (train loss without
// a test set): the race's question is which size generalises. A runner's
// Loss and PerSymbol are that score.
func (l *Layered) runners() []Runner {
	out := make([]Runner, l.m.Len())
	score := make([]float64, len(out))
	for i := range out {
		n := l.m.Numbers(i, false)
		score[i] = n.Loss
		if n.Test > 0 {
			score[i] = n.TestLoss
		}
		// CPS stays 0: the networks are stepped, and timed, together.
		out[i] = Runner{Name: n.Name, Neurons: n.Neurons, Loss: score[i], PerSymbol: score[i],
			Digest: fmt.Sprintf("%016x", n.Digest), Cycle: n.Cycle}
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case score[a] < score[b]:
			return -1
		case score[a] > score[b]:
			return 1
		}
		return 0
	})
	for rank, i := range order {
		out[i].Rank, out[i].Behind = rank+1, score[i]-score[order[0]]
	}
	return out
}

// delta returns the chart points of h after since, and now.
func delta(h *History, since Since, now Point) HistDelta {
	var d HistDelta
	from := since.Have
	if since.Epoch != h.Epoch || from > len(h.Points) {
		d.Reset, from = true, 0
	}
	d.From = from
	d.Points = slices.Clone(h.Points[from:])
	if d.Points == nil {
		d.Points = []Point{}
	}
	d.Now = now
	d.Next = Since{Epoch: h.Epoch, Have: len(h.Points)}
	return d
}

// CSV returns the chart history as CSV: cycle, train and test loss,
// neurons, and each rival's train loss.
func (l *Layered) CSV() []byte {
	var rivals []string
	for i := 1; i < l.m.Len(); i++ {
		rivals = append(rivals, l.m.Numbers(i, false).Name)
	}
	return historyCSV(l.hist, l.point(), "train_loss", "test_loss", rivals, func(p Point) float64 { return p.Test })
}
