//go:build js && wasm

package main

import "sync/atomic"

// redrawCounts counts how often the view takes a snapshot and rewrites its
// heat maps, for the stats (tools/webtest's TestBrowserFFRedraw reads them
// as rates). Ebiten's loop writes them; the page reads them.
type redrawCounts struct {
	applied   atomic.Uint64 // snapshots taken from the page and laid out
	mapFrames atomic.Uint64 // frames that rewrote at least one heat map
	mapWrites atomic.Uint64 // heat-map images rewritten
}

var redraw redrawCounts

// stats returns the counts as the page reads them.
func (r *redrawCounts) stats() map[string]any {
	return map[string]any{"applied": float64(r.applied.Load()), "mapFrames": float64(r.mapFrames.Load()), "mapWrites": float64(r.mapWrites.Load())}
}
