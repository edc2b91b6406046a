//go:build js && wasm

package main

import (
	"encoding/json"
	"syscall/js"

	"github.com/diffstruct/diffstruct/wasm/session"
)

// The ops of a race split among Web Workers (see wasm/session/parallel.go):
// the page's worker asks how many workers to use and what its helpers
// should do, and takes their reports; a helper worker runs its part. The
// relaying is web/racepool.js's; every decision is the session's.
func (w *worker) parallelAPI(api js.Value) {
	api.Set("setWorkers", js.FuncOf(w.setWorkers))
	api.Set("parts", js.FuncOf(w.parts))
	api.Set("receive", js.FuncOf(w.receive))
	api.Set("part", js.FuncOf(w.newPart))
	api.Set("follow", js.FuncOf(w.follow))
	api.Set("tickPart", js.FuncOf(w.tickPart))
	api.Set("partCycle", js.FuncOf(func(js.Value, []js.Value) any {
		if w.part == nil {
			return -1
		}
		return w.part.PartCycle()
	}))
	api.Set("report", js.FuncOf(w.report))
}

func num(args []js.Value, i int) int {
	if i < len(args) && args[i].Type() == js.TypeNumber {
		return args[i].Int()
	}
	return 0
}

// setWorkers(cores, forced) sets how many workers races use: forced if
// positive (a test's ?workers=N), else session.Workers for the machine's
// cores and the largest race. It returns that number. A change restarts a
// race from its link (the same run).
func (w *worker) setWorkers(_ js.Value, args []js.Value) any {
	k := num(args, 1)
	if k <= 0 {
		k = session.Workers(4, num(args, 0))
	}
	w.workers = k
	if w.s != nil {
		w.s.SetWorkers(k)
	}
	return k
}

// parts() returns what the helpers should do (session.Parts) as JSON.
func (w *worker) parts(js.Value, []js.Value) any {
	if w.s == nil { // a feed-forward run has no helpers
		b, _ := json.Marshal(session.Parts{Run: -1})
		return string(b)
	}
	b, _ := json.Marshal(w.s.Parts())
	return string(b)
}

// receive(json, graphs) takes a helper's report: session.PartReport as JSON
// and its runners' snapshots (Uint8Array or null each, in runner order).
func (w *worker) receive(_ js.Value, args []js.Value) any {
	var rep session.PartReport
	if json.Unmarshal([]byte(arg(args, 0)), &rep) != nil {
		return false
	}
	if len(args) > 1 && args[1].Type() == js.TypeObject {
		for i := range rep.Runners {
			if i < args[1].Length() {
				if g := args[1].Index(i); g.Type() == js.TypeObject {
					rep.Runners[i].Graph = make([]byte, g.Get("length").Int())
					js.CopyBytesToGo(rep.Runners[i].Graph, g)
				}
			}
		}
	}
	if w.s != nil {
		w.s.Receive(rep)
	}
	return true
}

// part(fragment, run, indices) makes this worker a helper stepping the
// runners at the given positions (a JSON list) of the link's race.
func (w *worker) newPart(_ js.Value, args []js.Value) any {
	var idx []int
	if json.Unmarshal([]byte(arg(args, 2)), &idx) != nil {
		return "bad runner list"
	}
	p, err := session.NewPart(arg(args, 0), num(args, 1), idx)
	if err != nil {
		return err.Error()
	}
	w.part = p
	return ""
}

// follow(target, fragment) sets the cycle to step to and the run's link.
func (w *worker) follow(_ js.Value, args []js.Value) any {
	if w.part != nil {
		w.part.Follow(num(args, 0), arg(args, 1))
	}
	return nil
}

// tickPart() steps the part and returns the ms before the next tick (<0: at the target).
func (w *worker) tickPart(js.Value, []js.Value) any {
	if w.part == nil {
		return -1
	}
	return w.part.TickPart(w.clock)
}

// report(withGraph) returns {json, graphs}: the part's report and, if
// asked, each runner's snapshot as a new Uint8Array (else null).
func (w *worker) report(_ js.Value, args []js.Value) any {
	if w.part == nil {
		return nil
	}
	rep := w.part.PartReport(len(args) > 0 && args[0].Truthy())
	b, _ := json.Marshal(rep)
	graphs := js.Global().Get("Array").New()
	for _, r := range rep.Runners {
		if r.Graph == nil {
			graphs.Call("push", js.Null())
			continue
		}
		arr := js.Global().Get("Uint8Array").New(len(r.Graph))
		js.CopyBytesToJS(arr, r.Graph)
		graphs.Call("push", arr)
	}
	out := js.Global().Get("Object").New()
	out.Set("json", string(b))
	out.Set("graphs", graphs)
	return out
}
