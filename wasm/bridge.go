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
	pending    []byte // the newest snapshot not yet taken
	frames     int    // frames drawn
	drawn      int    // hidden neurons in the last frame
	cursor     int    // window position shown
	cells      []any  // each network drawn: {name, neurons}
	firstDrawn float64
	start      time.Time
	mouseIn    bool
	scale      float64 // the drawing resolution (see scene.Quality)
	funcs      []js.Func
}

func newBridge() *bridge {
	b := &bridge{start: time.Now(), cursor: -1, mouseIn: true}
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
		return true
	})
	stats := js.FuncOf(func(js.Value, []js.Value) any {
		b.mu.Lock()
		defer b.mu.Unlock()
		return map[string]any{"frames": b.frames, "neurons": b.drawn, "cursor": b.cursor, "firstDrawn": b.firstDrawn,
			"scale": b.scale, "cells": b.cells}
	})
	leave := js.FuncOf(func(js.Value, []js.Value) any { b.setMouse(false); return nil })
	enter := js.FuncOf(func(js.Value, []js.Value) any { b.setMouse(true); return nil })
	b.funcs = append(b.funcs, push, stats, leave, enter)
	api.Set("push", push)
	api.Set("stats", stats)
	doc := js.Global().Get("document")
	doc.Call("addEventListener", "mouseleave", leave)
	doc.Call("addEventListener", "mouseenter", enter)
	js.Global().Set("diffstructGraph", api)
	return b
}

func (b *bridge) setMouse(in bool) {
	b.mu.Lock()
	b.mouseIn = in
	b.mu.Unlock()
}

// take returns the newest snapshot, if one arrived since the last call.
func (b *bridge) take() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.pending
	b.pending = nil
	return p
}

// drew records a frame.
func (b *bridge) drew(f scene.Frame, network bool, scale float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.scale = scale
	b.frames++
	b.drawn, b.cursor = f.Alive, f.Cursor
	if len(b.cells) != len(f.Cells) {
		b.cells = make([]any, len(f.Cells))
	}
	for i, c := range f.Cells {
		b.cells[i] = map[string]any{"name": c.Name, "neurons": c.Neurons, "x": c.X, "y": c.Y, "w": c.W, "h": c.H}
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
