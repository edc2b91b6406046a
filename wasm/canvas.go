//go:build js && wasm

package main

import "syscall/js"

// tameCanvas takes Ebiten's canvas out of the page's tab order: Ebiten
// gives it tabindex 1, which puts it before every control of the page and
// inside a frame the page keeps out of the tab order. The view takes no
// keys of its own (the page handles them), so the canvas is focusable from
// code only, and is named as the picture it is. It reports whether the
// canvas was there.
func tameCanvas() bool {
	c := js.Global().Get("document").Call("querySelector", "canvas:not(#textlayer)")
	if c.IsNull() || c.IsUndefined() {
		return false
	}
	c.Set("tabIndex", -1)
	c.Call("setAttribute", "role", "img")
	c.Call("setAttribute", "aria-label", "The network, drawn live")
	return true
}
