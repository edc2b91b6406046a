//go:build js && wasm

// Command wasm is the demo page's network view, built to web/diffstruct.wasm
// and run by Ebiten in its own document (web/graph.html, an iframe of the
// page). It draws the Frames that package scene makes from the snapshots the
// training worker sends, which the page hands over through the JavaScript
// object window.diffstructGraph (push, stats, cycle, cursor, select, and
// prefs: the visitor's wishes, from which scene.StyleFor decides the
// view's style) that this program installs. Their text goes to the page's text layer
// (web/textlayer.js), which paints it over the canvas.
package main

import (
	"fmt"
	"os"
	"syscall/js"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
)

func main() {
	mark("view_main")
	b := newBridge()
	ebiten.SetWindowTitle("diffstruct network")
	ebiten.SetScreenClearedEveryFrame(false) // Draw fills the background itself
	g, err := newGame(b)
	b.awaitFirst(firstSnapshotWait)
	mark("view_game")
	if err == nil {
		err = ebiten.RunGame(g)
	}
	if err != nil {
		msg := fmt.Sprintf("the network view could not start: %v", err)
		fmt.Fprintln(os.Stderr, msg)
		js.Global().Set("diffstructGraphError", msg)
	}
}

// firstSnapshotWait bounds how long the view waits for the page's first
// snapshot before starting Ebiten's loop (see bridge.awaitFirst): the worker
// is usually ready before the view; when it is not, the view starts without it.
const firstSnapshotWait = 500 * time.Millisecond

// mark records a start-up milestone in graph.html's load times (shown by
// the page-load test), once.
func mark(name string) {
	if f := js.Global().Get("diffstructMark"); f.Type() == js.TypeFunction {
		if t := js.Global().Get("diffstructTimes"); t.Type() == js.TypeObject && t.Get(name).IsUndefined() {
			f.Invoke(name)
		}
	}
}
