//go:build js && wasm

package main

import (
	"sync"
	"syscall/js"
	"time"

	"github.com/diffstruct/diffstruct/wasm/scene"
)

// bridge is the view's link to the page: the page pushes snapshots into
// it and reads its statistics. JavaScript callbacks and Ebiten's loop run
// on different goroutines, hence the mutex.
type bridge struct {
	mu         sync.Mutex
	pending    []byte           // the newest snapshot not yet taken
	frames     int              // frames drawn
	drawn      int              // hidden neurons in the last frame
	cursor     int              // window position shown
	cycle      int64            // the cycle of the main network's snapshot drawn (-1: none yet)
	cells      []scene.CellInfo // each network drawn (copied: the frame's slice is reused)
	firstDrawn float64
	firstSnap  bool // Ebiten's first update had a snapshot to draw
	start      time.Time
	mouseIn    bool
	scale      float64 // the drawing resolution (see scene.Quality)
	funcs      []js.Func
	text       js.Value     // the page's text layer (web/textlayer.js), if any
	sel        *selection   // the inspector's neuron, set by the page, not yet applied
	moves      []scene.Move // the keyboard's focus moves, set by the page, not yet applied
	focusID    int64        // the neuron the focus ring is on (-1: none), for the stats
	picked     bool         // a pointer went down on the view since the last takePick
	pickX      float64      // where, in CSS pixels
	pickY      float64
	pickShift  bool          // the shift key was down (a placed point's removal)
	plane      [3]float64    // the main cell's output map: corner and side, CSS pixels (side 0: none)
	first      chan struct{} // closed by the first snapshot pushed
	firstOnce  sync.Once
	prefs      *scene.Prefs // what the page last reported of the visitor's wishes, not yet applied
	style      scene.Style  // the style drawn, for the stats
}

func newBridge() *bridge {
	b := &bridge{start: time.Now(), cursor: -1, cycle: -1, focusID: -1, mouseIn: true, first: make(chan struct{}), style: scene.StyleFor(scene.Prefs{})}
	api := js.Global().Get("Object").New()
	push := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) == 0 || args[0].Type() != js.TypeObject {
			return false
		}
		// The array comes from the page's realm, which this document's
		// Uint8Array does not recognise: copy it into one of ours.
		arr := js.Global().Get("Uint8Array").New(args[0])
		buf := make([]byte, arr.Get("length").Int())
		js.CopyBytesToGo(buf, arr)
		b.mu.Lock()
		b.pending = buf
		b.mu.Unlock()
		b.firstOnce.Do(func() { close(b.first) })
		return true
	})
	stats := js.FuncOf(func(js.Value, []js.Value) any {
		b.mu.Lock()
		defer b.mu.Unlock()
		return map[string]any{"frames": b.frames, "neurons": b.drawn, "cursor": b.cursor, "cycle": b.cycle, "firstDrawn": b.firstDrawn,
			"scale": b.scale, "cells": b.cellList(), "labels": b.labelList(), "firstUpdateHadSnapshot": b.firstSnap,
			"redraw": redraw.stats(), "style": styleInfo(b.style), "focus": float64(b.focusID),
			"plane": map[string]any{"x": b.plane[0], "y": b.plane[1], "side": b.plane[2]}}
	})
	// The page asks for these every frame: numbers, not the stats' objects.
	cycle := js.FuncOf(func(js.Value, []js.Value) any {
		b.mu.Lock()
		defer b.mu.Unlock()
		return float64(b.cycle)
	})
	cursor := js.FuncOf(func(js.Value, []js.Value) any {
		b.mu.Lock()
		defer b.mu.Unlock()
		return b.cursor
	})
	// A click or a tap on a neuron opens the page's inspector: the DOM
	// event is kept (press and release may both come between two of
	// Ebiten's updates) and resolved against the next frame's hover.
	down := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) > 0 {
			b.mu.Lock()
			b.picked, b.pickX, b.pickY = true, args[0].Get("clientX").Float(), args[0].Get("clientY").Float()
			b.pickShift = args[0].Get("shiftKey").Truthy()
			b.mu.Unlock()
		}
		return nil
	})
	// selectFn(cell, id, in, out) shows the inspector's neuron (id -1: none)
	// and the connections it lists: arrays of {neuron, symbol, id}.
	selectFn := js.FuncOf(func(_ js.Value, args []js.Value) any {
		sel := selection{cell: 0, s: scene.Selection{ID: -1}}
		if len(args) >= 2 && args[0].Type() == js.TypeNumber && args[1].Type() == js.TypeNumber {
			sel.cell, sel.s.ID = args[0].Int(), int64(args[1].Float())
		}
		refs := func(i int) []scene.Ref {
			var out []scene.Ref
			if i < len(args) && args[i].Type() == js.TypeObject {
				for k := 0; k < args[i].Length(); k++ {
					r := args[i].Index(k)
					out = append(out, scene.Ref{Neuron: r.Get("neuron").Truthy(), Symbol: r.Get("symbol").Int(), ID: uint32(r.Get("id").Int())})
				}
			}
			return out
		}
		sel.s.In, sel.s.Out = refs(2), refs(3)
		b.mu.Lock()
		b.sel = &sel
		b.mu.Unlock()
		return nil
	})
	// prefs({big, contrast, moreContrast, reducedMotion}) reports what the
	// visitor asked for (the link's keys, the browser's media features);
	// it returns the style the view decides on and draws from its next
	// frame, {name, zoom, motion}, which the page's own styles follow.
	prefs := js.FuncOf(func(_ js.Value, args []js.Value) any {
		var p scene.Prefs
		if len(args) > 0 && args[0].Type() == js.TypeObject {
			a := args[0]
			p = scene.Prefs{Big: a.Get("big").Truthy(), Contrast: a.Get("contrast").Truthy(),
				MoreContrast: a.Get("moreContrast").Truthy(), ReducedMotion: a.Get("reducedMotion").Truthy()}
		}
		st := scene.StyleFor(p)
		b.mu.Lock()
		b.prefs = &p
		b.style = st
		b.mu.Unlock()
		return styleInfo(st)
	})
	// focus(key) moves the keyboard's focus ring (an arrow, Home, End,
	// "stay" or "clear"); the next frame applies it and tells the page
	// (diffstructFocus) which neuron it is on. It reports whether the key
	// is one of the view's.
	focus := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) == 0 || args[0].Type() != js.TypeString {
			return false
		}
		m, ok := scene.ParseMove(args[0].String())
		if ok {
			b.mu.Lock()
			b.moves = append(b.moves, m)
			b.mu.Unlock()
		}
		return ok
	})
	leave := js.FuncOf(func(js.Value, []js.Value) any { b.setMouse(false); return nil })
	enter := js.FuncOf(func(js.Value, []js.Value) any { b.setMouse(true); return nil })
	b.funcs = append(b.funcs, push, stats, cycle, cursor, leave, enter, down, selectFn, prefs, focus)
	api.Set("prefs", prefs)
	api.Set("push", push)
	api.Set("stats", stats)
	api.Set("cycle", cycle)
	api.Set("cursor", cursor)
	api.Set("select", selectFn)
	api.Set("focus", focus)
	doc := js.Global().Get("document")
	doc.Call("addEventListener", "mouseleave", leave)
	doc.Call("addEventListener", "mouseenter", enter)
	doc.Call("addEventListener", "pointerdown", down)
	js.Global().Set("diffstructGraph", api)
	return b
}

// styleInfo describes a style for JavaScript.
func styleInfo(st scene.Style) map[string]any {
	return map[string]any{"name": st.Name, "zoom": st.Zoom, "motion": st.Motion}
}

// takePrefs returns the visitor's wishes the page reported since the last call.
func (b *bridge) takePrefs() (scene.Prefs, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.prefs == nil {
		return scene.Prefs{}, false
	}
	p := *b.prefs
	b.prefs = nil
	return p, true
}

// selection is a Selection for one cell of the view.
type selection struct {
	cell int
	s    scene.Selection
}

// takeSelection returns the selection the page set since the last call.
func (b *bridge) takeSelection() (selection, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.sel == nil {
		return selection{}, false
	}
	sel := *b.sel
	b.sel = nil
	return sel, true
}

// takeMoves returns the keyboard's focus moves the page made since the last call.
func (b *bridge) takeMoves() []scene.Move {
	b.mu.Lock()
	defer b.mu.Unlock()
	m := b.moves
	b.moves = nil
	return m
}

// setFocus records the neuron the focus ring is on, for the stats.
func (b *bridge) setFocus(id int64) {
	b.mu.Lock()
	b.focusID = id
	b.mu.Unlock()
}

// tellFocus tells the page which neuron the keyboard's focus ring is on
// (its diffstructFocus(cell, id, text); id -1 and "" when none), text the
// sentence a screen reader says (narrate.NeuronText).
func tellFocus(cell int, id int64, text string) {
	defer func() { _ = recover() }()
	parent := js.Global().Get("parent")
	if parent.Type() != js.TypeObject {
		return
	}
	if f := parent.Get("diffstructFocus"); f.Type() == js.TypeFunction {
		f.Invoke(cell, float64(id), text)
	}
}

// takePick returns where the pointer last went down on the view, once,
// and whether the shift key was down.
func (b *bridge) takePick() (x, y float64, shift, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	x, y, shift, ok = b.pickX, b.pickY, b.pickShift, b.picked
	b.picked = false
	return x, y, shift, ok
}

// setFirstUpdate records whether Ebiten's first update found a snapshot
// (the page-load test reads it from the stats).
func (b *bridge) setFirstUpdate(had bool) {
	b.mu.Lock()
	b.firstSnap = had
	b.mu.Unlock()
}

func (b *bridge) setMouse(in bool) {
	b.mu.Lock()
	b.mouseIn = in
	b.mu.Unlock()
}

// awaitFirst waits until the page pushes its first snapshot, or at most
// limit. Meanwhile this goroutine gives the page's thread back to the
// browser, which runs the page's queued messages (the worker's first
// snapshot usually among them) before any of Ebiten's frames: the first of
// those holds the thread while the browser compiles their shaders (0.3 s in
// software WebGL), and now draws the network instead of an empty view.
func (b *bridge) awaitFirst(limit time.Duration) {
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case <-b.first:
	case <-t.C:
	}
}

// take returns the newest snapshot, if one arrived since the last call.
func (b *bridge) take() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.pending
	b.pending = nil
	if p != nil {
		redraw.applied.Add(1)
	}
	return p
}

// drew records a frame. When the frame shows a new cycle it tells the page
// at once (its diffstructDrew), so the page's counters change in the same
// moment as the drawing, never a frame apart.
func (b *bridge) drew(f scene.Frame, network bool, scale float64) {
	b.mu.Lock()
	changed := network && len(f.Cells) > 0 && f.Cells[0].Cycle != b.cycle
	b.record(f, network, scale)
	cycle := b.cycle
	b.mu.Unlock()
	if changed {
		notifyPage(cycle)
	}
}

// notifyPage calls the embedding page's diffstructDrew(cycle), if it has one.
func notifyPage(cycle int64) {
	defer func() { _ = recover() }() // a page of another origin cannot be reached: nothing to tell
	parent := js.Global().Get("parent")
	if parent.Type() != js.TypeObject {
		return
	}
	if f := parent.Get("diffstructDrew"); f.Type() == js.TypeFunction {
		f.Invoke(float64(cycle))
	}
}

// pickNeuron tells the page that the visitor clicked or tapped a neuron
// (its diffstructPick opens the inspector on it).
func pickNeuron(cell int, id int64) {
	defer func() { _ = recover() }()
	parent := js.Global().Get("parent")
	if parent.Type() != js.TypeObject {
		return
	}
	if f := parent.Get("diffstructPick"); f.Type() == js.TypeFunction {
		f.Invoke(cell, float64(id))
	}
}

// pickPlane tells the page that the visitor clicked or tapped the point
// (x, y) of the plane on cell's output map (its diffstructPlace adds or
// removes a placed point there); shift says the shift key was down.
func pickPlane(cell int, x, y float64, shift bool) {
	defer func() { _ = recover() }()
	parent := js.Global().Get("parent")
	if parent.Type() != js.TypeObject {
		return
	}
	if f := parent.Get("diffstructPlace"); f.Type() == js.TypeFunction {
		f.Invoke(cell, x, y, shift)
	}
}

// setPlane records where the main cell draws its output map (canvas
// pixels; ok false: it has none), for the stats.
func (b *bridge) setPlane(x, y, side float64, ok bool, scale float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !ok || scale <= 0 {
		b.plane = [3]float64{}
		return
	}
	b.plane = [3]float64{x / scale, y / scale, side / scale}
}

// record stores a frame's statistics; b.mu is held.
func (b *bridge) record(f scene.Frame, network bool, scale float64) {
	b.scale = scale
	b.frames++
	b.drawn, b.cursor = f.Alive, f.Cursor
	b.cells = append(b.cells[:0], f.Cells...) // the cells' id lists are each frame's own
	if len(f.Cells) > 0 && network {
		b.cycle = f.Cells[0].Cycle
	}
	if network && b.firstDrawn == 0 {
		b.firstDrawn = js.Global().Get("Date").Call("now").Float()
	}
}

func (b *bridge) now() float64 { return time.Since(b.start).Seconds() }

func (b *bridge) mouseInside() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.mouseIn
}

// cellList describes each network drawn for JavaScript (the caller holds the lock).
func (b *bridge) cellList() []any {
	out := make([]any, len(b.cells))
	for i, c := range b.cells {
		spots := make([]any, len(c.Spots))
		for k, sp := range c.Spots { // in CSS pixels of the view's document
			spots[k] = map[string]any{"id": int(sp.ID), "x": (c.X + sp.X) / b.scale, "y": (c.Y + sp.Y) / b.scale}
		}
		out[i] = map[string]any{"name": c.Name, "neurons": c.Neurons, "x": c.X, "y": c.Y, "w": c.W, "h": c.H, "cycle": c.Cycle, "hollow": ids(c.Hollow), "solid": ids(c.Solid), "spots": spots}
	}
	return out
}

// ids converts neuron ids for JavaScript (js.ValueOf takes []any).
func ids(xs []uint32) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = int(x)
	}
	return out
}

// write hands the frame's text records to the page's text layer.
func (b *bridge) write(records []byte) {
	if b.text.IsUndefined() {
		b.text = js.Global().Get("diffstructText")
	}
	if b.text.Type() == js.TypeObject {
		b.text.Call("draw", string(records))
	}
}

// labelList returns the text drawn last as {role, text, x, y, w, h} in CSS
// pixels of the canvas, as the text layer measured it (for the legibility
// test).
func (b *bridge) labelList() any {
	if t := js.Global().Get("diffstructText"); t.Type() == js.TypeObject {
		return t.Call("boxes")
	}
	return []any{}
}
