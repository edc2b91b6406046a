//go:build js && wasm

// Command worker is the demo page's training engine, built to
// web/engine.wasm and run inside a Web Worker (web/worker.js) so that
// training never stalls the animation. It is a thin shim over package
// session: it installs self.diffstructEngine, whose methods the worker
// script calls with the page's commands and the clock, and returns JSON
// status and binary graph snapshots.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/core/ff"
	"github.com/diffstruct/diffstruct/core/points"
	"github.com/diffstruct/diffstruct/core/settings"
	"github.com/diffstruct/diffstruct/core/task"
	"github.com/diffstruct/diffstruct/wasm/linkstate"
	"github.com/diffstruct/diffstruct/wasm/session"
)

// meta describes the controls, so that the page builds them from the same
// tables the link parser uses. Page, the whole description of the settings
// table, presets, parts, speeds and race sizes, is sent once, by load.
type meta struct {
	Page   *linkstate.Page      `json:"page,omitempty"`
	Tasks  []linkstate.TaskInfo `json:"tasks"`
	Speeds []linkstate.Speed    `json:"speeds"`
	Hypers []hyperInfo          `json:"hypers"`
	State  stateInfo            `json:"state"`
	Model  string               `json:"model"`        // the run's model family (linkstate.Models)
	FF     *ffInfo              `json:"ff,omitempty"` // a feed-forward run's settings (model ff)
}

// ffInfo is a feed-forward link's settings as the page's controls show them.
type ffInfo struct {
	Data   string  `json:"data"`
	Noise  float64 `json:"noise"`
	Test   float64 `json:"test"`   // percent held out (the default filled in)
	Points int     `json:"points"` // 0: the set's default
	Preset string  `json:"preset"`
	Race   string  `json:"race"` // the raced shapes as a link writes them, "" for none
}

type hyperInfo struct {
	Key   string  `json:"key"`
	Label string  `json:"label"`
	Int   bool    `json:"int"`
	Value float64 `json:"value"` // the value in use
}

// stateInfo is the link state as the page's controls show it.
type stateInfo struct {
	Task   string   `json:"task"`
	P      float64  `json:"p"`
	L      int      `json:"l"`
	Span   int      `json:"span"`
	Text   string   `json:"text"`
	Preset string   `json:"preset"`
	N      int      `json:"n"`
	Seed   string   `json:"seed"`
	Speed  string   `json:"speed"`
	Play   bool     `json:"play"`
	Stop   int      `json:"stop"`
	Race   []int    `json:"race"`
	Hide   []string `json:"hide"`
	Tour   bool     `json:"tour"`
	// Big and Contrast are projector mode and the high-contrast theme,
	// which the page applies and hands to the view.
	Big      bool `json:"big"`
	Contrast bool `json:"contrast"`
}

// reply is what every call returns, as JSON.
type reply struct {
	Problems []problem       `json:"problems,omitempty"`
	Error    string          `json:"error,omitempty"` // a refused import or a failed export
	Data     string          `json:"data,omitempty"`  // an export's contents
	Meta     *meta           `json:"meta,omitempty"`
	Status   *session.Status `json:"status,omitempty"`
}

// worker holds the run between calls from JavaScript: r, of either model
// family, which the commands, status, snapshot, CSV and network files go
// through; s is r when r is the recurrent family's session (the race
// helpers are that family's), else nil, and l when it is a feed-forward
// run (its points), else nil. The inspector and the timeline, whose
// answers differ by family, take either.
type worker struct {
	r     session.Run
	s     *session.Session
	l     *session.Layered // r when it is a feed-forward run, else nil
	now   js.Value         // performance.now, bound
	clock session.Clock
	buf   []byte

	workers int              // the most workers a race may use (setWorkers)
	part    *session.Session // a helper worker's share of a race (parallel.go)
}

func main() {
	w := &worker{}
	perf := js.Global().Get("performance")
	w.now = perf.Get("now").Call("bind", perf)
	w.clock = func() float64 { return w.now.Invoke().Float() }
	w.adopt(session.New(""))

	api := js.Global().Get("Object").New()
	api.Set("load", js.FuncOf(w.load))
	api.Set("command", js.FuncOf(w.command))
	api.Set("tick", js.FuncOf(w.tick))
	api.Set("status", js.FuncOf(w.status))
	api.Set("graph", js.FuncOf(w.graph))
	api.Set("export", js.FuncOf(w.export))
	api.Set("import", js.FuncOf(w.importFile))
	w.parallelAPI(api)
	api.Set("timeline", js.FuncOf(w.timeline))
	api.Set("inspect", js.FuncOf(w.inspect))
	js.Global().Set("diffstructEngine", api)
	if ready := js.Global().Get("diffstructReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {} // serve calls for the worker's whole life
}

// since reads the chart points the page holds from args i and i+1 (epoch,
// count); missing, it asks for everything.
func since(args []js.Value, i int) session.Since {
	var s session.Since
	if i+1 < len(args) && args[i].Type() == js.TypeNumber && args[i+1].Type() == js.TypeNumber {
		s.Epoch, s.Have = args[i].Int(), args[i+1].Int()
	}
	return s
}

func arg(args []js.Value, i int) string {
	if i < len(args) && args[i].Type() == js.TypeString {
		return args[i].String()
	}
	return ""
}

func (w *worker) encode(r reply) any {
	b, err := json.Marshal(r)
	if err != nil {
		b, _ = json.Marshal(reply{Error: "internal: " + err.Error()})
	}
	return string(b)
}

// problem is a linkstate.Problem as the page receives it: its fields
// (key, value, fallback, reason, kind, suggestion) and the message to show.
type problem struct {
	linkstate.Problem
	Message string `json:"message"`
}

func problems(ps []linkstate.Problem) []problem {
	var out []problem
	for _, p := range ps {
		out = append(out, problem{Problem: p, Message: p.String()})
	}
	return out
}

// adopt makes r the run, returning its problems.
func (w *worker) adopt(r session.Run, probs []linkstate.Problem) []linkstate.Problem {
	w.r = r
	w.s, _ = r.(*session.Session)
	w.l, _ = r.(*session.Layered)
	if w.s != nil {
		w.s.SetWorkers(w.workers)
	}
	return probs
}

// load(fragment) starts a run from a share link, of the family its model
// key names (session.Open).
func (w *worker) load(_ js.Value, args []js.Value) any {
	probs := w.adopt(session.Open(arg(args, 0)))
	return w.loaded(probs, session.Since{})
}

// loaded replies to a new run: its status and the whole description.
func (w *worker) loaded(probs []linkstate.Problem, since session.Since) any {
	st := w.r.Status(w.clock(), since)
	m := w.meta()
	page := linkstate.Describe()
	m.Page = &page
	return w.encode(reply{Problems: problems(probs), Meta: &m, Status: &st})
}

// command(op, key, value, epoch, have) applies a control.
func (w *worker) command(_ js.Value, args []js.Value) any {
	var probs []linkstate.Problem
	switch arg(args, 0) {
	case "play":
		w.r.Play()
	case "pause":
		w.r.Pause()
	case "step":
		w.r.Step()
	case "reset":
		w.r.Reset()
	case "set":
		if arg(args, 1) == "model" { // another family: a new run, and the page rebuilds its controls
			before := w.r
			probs = w.adopt(session.SwitchModel(w.r, arg(args, 2)))
			if w.r != before {
				return w.loaded(probs, since(args, 3))
			}
			break
		}
		probs = w.r.Set(arg(args, 1), arg(args, 2))
	case "tour": // start, next or end: the tour's step comes back in the status
		if t, ok := w.r.(interface{ Tour(string) }); ok {
			t.Tour(arg(args, 1))
		}
	case "place", "remove": // key "x,y" in plane units; value "+1" or "-1" (place)
		if err := w.placeCommand(arg(args, 0), arg(args, 1), arg(args, 2)); err != nil {
			st := w.r.Status(w.clock(), since(args, 3))
			m := w.meta()
			return w.encode(reply{Error: err.Error(), Meta: &m, Status: &st})
		}
	}
	st := w.r.Status(w.clock(), since(args, 3))
	m := w.meta()
	return w.encode(reply{Problems: problems(probs), Meta: &m, Status: &st})
}

// export(kind) returns the network file ("network") or the history ("csv").
func (w *worker) export(_ js.Value, args []js.Value) any {
	if arg(args, 0) == "csv" {
		return w.encode(reply{Data: string(w.r.CSV())})
	}
	var b strings.Builder
	if err := w.r.Save(&b); err != nil {
		return w.encode(reply{Error: "The network could not be saved: " + err.Error()})
	}
	return w.encode(reply{Data: b.String()})
}

// import(text, name, epoch, have) continues training from a network file;
// a bad file is refused and the run goes on untouched.
func (w *worker) importFile(_ js.Value, args []js.Value) any {
	name := arg(args, 1)
	text := bytes.NewReader([]byte(arg(args, 0)))
	var err error
	switch {
	case arg(args, 4) == "points": // a CSV of points, x,y,label lines
		if w.l == nil {
			err = fmt.Errorf("points are for the feed-forward model (choose 2-D: feed-forward)")
		} else {
			err = w.l.LoadPoints(text)
		}
	case w.s != nil && isFileOf(arg(args, 0), ff.FileFormat), w.l != nil && isFileOf(arg(args, 0), engine.SnapshotFormat):
		// The other family's network file: a run of that family, adopted
		// only once the file is read (a bad file leaves the run as it was).
		model := linkstate.ModelFF
		if w.l != nil {
			model = linkstate.ModelSequence
		}
		r, _ := session.SwitchModel(w.r, model)
		if err = r.Load(text, name); err == nil {
			w.adopt(r, nil)
			return w.loaded(nil, since(args, 2))
		}
	default:
		err = w.r.Load(text, name)
	}
	if err != nil {
		st := w.r.Status(w.clock(), since(args, 2))
		return w.encode(reply{Error: "Could not load " + name + ": " + err.Error() + ". The current run goes on unchanged.", Status: &st})
	}
	st := w.r.Status(w.clock(), since(args, 2))
	m := w.meta()
	return w.encode(reply{Meta: &m, Status: &st})
}

// isFileOf reports whether a network file's text names format near its
// start (both families write "format" first).
func isFileOf(text, format string) bool {
	return strings.Contains(text[:min(len(text), 200)], `"format": "`+format+`"`)
}

// placeCommand applies a placed point's command: op "place" or "remove",
// at "x,y" (plane units), of class value ("+1" or "-1").
func (w *worker) placeCommand(op, at, class string) error {
	if w.l == nil {
		return fmt.Errorf("points are placed in the feed-forward model (choose 2-D: feed-forward)")
	}
	xs, ys, _ := strings.Cut(at, ",")
	x, err1 := strconv.ParseFloat(xs, 64)
	y, err2 := strconv.ParseFloat(ys, 64)
	if err1 != nil || err2 != nil {
		return fmt.Errorf("the point %q is not x,y", at)
	}
	if op == "remove" {
		return w.l.RemoveNearest(x, y)
	}
	return w.l.Place(x, y, class != "-1")
}

// tick() trains and returns the ms to wait before the next tick (<0: idle).
func (w *worker) tick(js.Value, []js.Value) any {
	return w.r.Tick(w.clock)
}

// status(epoch, have) returns the page's status as JSON, with the chart
// points after the ones the page holds.
func (w *worker) status(_ js.Value, args []js.Value) any {
	st := w.r.Status(w.clock(), since(args, 0))
	return w.encode(reply{Status: &st})
}

// graph() returns the run's snapshot (every runner's graph) as a new Uint8Array.
func (w *worker) graph(js.Value, []js.Value) any {
	w.buf = w.r.AppendGraph(w.buf[:0])
	arr := js.Global().Get("Uint8Array").New(len(w.buf))
	js.CopyBytesToJS(arr, w.buf)
	return arr
}

// timelineReply is the run's structural history for the scrubber and the
// charts: the moment asked for (if any) and the events the page lacks.
type timelineReply struct {
	Moment   *session.Moment      `json:"moment,omitempty"`
	Timeline session.TimelineInfo `json:"timeline"`
	Events   eventsDelta          `json:"events"`
}

// eventsDelta carries the births and deaths after the ones the page holds;
// Reset says to drop those first (the history was thinned).
type eventsDelta struct {
	Epoch int             `json:"epoch"`
	From  int             `json:"from"`
	Reset bool            `json:"reset"`
	List  []session.Event `json:"list"`
}

// timeline(cycle, from, epoch) returns {json, graph}: the run as it was at
// cycle (graph: its snapshot for the view; cycle < 0 asks for none) and the
// events from index from of the page's epoch. It changes nothing.
func (w *worker) timeline(_ js.Value, args []js.Value) any {
	num := func(i int, def int) int {
		if i < len(args) && args[i].Type() == js.TypeNumber {
			return args[i].Int()
		}
		return def
	}
	c, from, epoch := num(0, -1), num(1, 0), num(2, -1)
	var r timelineReply
	out := js.Global().Get("Object").New()
	src := w.rewinder()
	if src == nil {
		r.Events.List, r.Events.Reset = []session.Event{}, true
		b, _ := json.Marshal(r)
		out.Set("json", string(b))
		return out
	}
	tl := src.Timeline()
	if c >= 0 {
		m, b := src.At(c, w.buf[:0])
		w.buf = b
		r.Moment = &m
		arr := js.Global().Get("Uint8Array").New(len(b))
		js.CopyBytesToJS(arr, b)
		out.Set("graph", arr)
	}
	evs, ep := tl.Events(0)
	if epoch != ep || from > len(evs) {
		from, r.Events.Reset = 0, true
	}
	r.Events.Epoch, r.Events.From = ep, from
	r.Events.List = append([]session.Event{}, evs[from:]...)
	r.Timeline = src.TimelineInfo()
	b, err := json.Marshal(r)
	if err != nil {
		b, _ = json.Marshal(reply{Error: "internal: " + err.Error()})
	}
	out.Set("json", string(b))
	return out
}

func (w *worker) meta() meta {
	st := w.r.State()
	m := meta{Speeds: linkstate.Speeds, Model: st.ModelName()}
	if st.IsFF() {
		var race []string
		for _, sh := range st.FF.Race {
			race = append(race, linkstate.FormatShape(sh))
		}
		m.FF = &ffInfo{Data: st.FF.DataKind(), Noise: st.FF.Noise, Points: st.FF.Points, Preset: st.FF.PresetName(),
			Test: st.FF.Test, Race: strings.Join(race, ",")}
		if m.FF.Test == 0 {
			m.FF.Test = points.DefaultTestRatio
		}
	}
	for _, k := range task.Kinds {
		m.Tasks = append(m.Tasks, linkstate.TaskInfo{Kind: k, Description: task.Describe(k)})
	}
	for _, h := range linkstate.Hypers() {
		v, _ := st.HyperValue(h.Key)
		m.Hypers = append(m.Hypers, hyperInfo{Key: h.Key, Label: h.Label, Int: h.Type == settings.Int, Value: v})
	}
	spec := st.Spec()
	m.State = stateInfo{Task: st.Task, P: spec.P, L: spec.L, Span: spec.Span, Text: st.Text, Preset: st.Preset,
		N: st.N, Seed: jsonUint(st.Seed), Speed: st.Speed, Play: st.Play, Stop: st.Stop,
		Race: st.Race, Hide: st.Hide, Tour: st.Tour, Big: st.Big, Contrast: st.Contrast}
	return m
}

// jsonUint writes a seed as a string: JavaScript numbers lose precision past 2^53.
func jsonUint(x uint64) string {
	b, _ := json.Marshal(x)
	return string(b)
}

// inspect(runner, id, at) explains one neuron for the page's inspector
// (JSON of a session.Inspection), at cycle at when the timeline is rewound
// (-1: live).
func (w *worker) inspect(_ js.Value, args []js.Value) any {
	num := func(i int) float64 {
		if i < len(args) && args[i].Type() == js.TypeNumber {
			return args[i].Float()
		}
		return -1
	}
	var v any
	switch {
	case w.l != nil:
		v = w.l.InspectAt(max(0, int(num(0))), int64(num(1)), int(num(2))) // the growing network's neuron (session/ffinspect.go)
	case w.s != nil:
		v = w.s.InspectAt(int(num(0)), int64(num(1)), int(num(2)))
	default:
		return `{"known":false,"story":["This run's neurons cannot be inspected."]}`
	}
	b, err := json.Marshal(v)
	if err != nil {
		return `{"known":false,"story":["The neuron could not be described."]}`
	}
	return string(b)
}
