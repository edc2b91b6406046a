//go:build js && wasm

package main

import (
	"bytes"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/diffstruct/diffstruct/wasm/narrate"
	"github.com/diffstruct/diffstruct/wasm/scene"
)

// game is Ebiten's view of the program: Update takes snapshots and the
// pointer, Draw renders the view's frame (one cell per network of the run)
// and hands its text to the page, which draws it over the canvas at the
// device's resolution (scene.AppendText); Layout sizes the drawing.
type game struct {
	b               *bridge
	v               *scene.View
	r               *renderer
	q               *scene.Quality
	scale           float64
	text, sent      []byte // the frame's text records, and those the page has
	started, pushed bool   // load milestones marked (see mark)
	pick            bool   // a click or tap to resolve at the next frame
	pickX, pickY    float64
	pickShift       bool
	tamed           bool // the canvas is out of the tab order (tameCanvas)
}

func newGame(b *bridge) (*game, error) {
	r, err := newRenderer()
	if err != nil {
		return nil, err
	}
	g := &game{b: b, r: r, q: scene.NewQuality(0.5, 1), scale: 1}
	g.v = scene.NewView(800, 500, g.scale)
	if r.software {
		// Where WebGL runs in software every pixel costs: draw the strongest
		// 200 recurrent connections of each network, not 400.
		g.v.Edges = scene.MaxRecurrent / 2
	}
	return g, nil
}

// Update takes the newest snapshot and the pointer position.
func (g *game) Update() error {
	buf := g.b.take()
	if !g.tamed {
		g.tamed = tameCanvas()
	}
	if !g.started {
		g.started = true
		mark("view_update")
		g.b.setFirstUpdate(buf != nil)
	}
	if buf != nil {
		if !g.pushed {
			g.pushed = true
			mark("view_snapshot")
		}
		_ = g.v.Push(buf, g.b.now()) // a damaged message is skipped: the next one will do
	}
	x, y := ebiten.CursorPosition()
	in := g.b.mouseInside() && x > 0 && y > 0 && float64(x) < g.v.W && float64(y) < g.v.H
	if p, ok := g.b.takePrefs(); ok {
		g.v.SetStyle(scene.StyleFor(p))
	}
	if sel, ok := g.b.takeSelection(); ok {
		g.v.Select(sel.cell, sel.s)
	}
	if moves := g.b.takeMoves(); len(moves) > 0 {
		var x narrate.Focus
		ok := false
		for _, m := range moves {
			x, ok = g.v.Focus(m)
		}
		if !ok {
			x.ID = -1
		}
		g.b.setFocus(x.ID)
		if ok {
			tellFocus(0, x.ID, narrate.NeuronText(x))
		} else {
			tellFocus(0, -1, "")
		}
	}
	fx, fy := float64(x), float64(y)
	if px, py, shift, ok := g.b.takePick(); ok { // a click or a tap: a hover there, resolved by the next frame
		fx, fy, in, g.pick = px*g.scale, py*g.scale, true, true
		g.pickX, g.pickY, g.pickShift = fx, fy, shift
	}
	g.v.Mouse(fx, fy, in)
	return nil
}

// Draw renders the current frame of the view.
func (g *game) Draw(screen *ebiten.Image) {
	f := g.v.Frame(g.b.now())
	has := g.v.Has()
	g.r.draw(screen, &f, has)
	g.text = scene.AppendTextZoom(g.text[:0], &f, has, g.scale, g.v.Zoom())
	if !bytes.Equal(g.text, g.sent) {
		g.b.write(g.text)
		g.sent = append(g.sent[:0], g.text...)
	}
	g.b.drew(f, has, g.scale)
	px, py, side, ok := g.v.PlaneRect(0)
	g.b.setPlane(px, py, side, ok, g.scale)
	if g.pick { // the neuron under the click, as this frame found it
		g.pick = false
		if f.Hover >= 0 {
			pickNeuron(f.HoverCell, f.Hover)
		} else if cell, x, y, ok := g.v.PlanePoint(g.pickX, g.pickY); ok {
			pickPlane(cell, x, y, g.pickShift)
		}
	}
	g.q.Frame(g.b.now())
}

// Layout returns the drawing's size: device pixels, or fewer when drawing
// is too slow for a smooth frame rate (see scene.Quality). Under software
// WebGL the device's ratio Ebiten sees is half the real one (graph.html):
// the text keeps the real one (textlayer.js).
func (g *game) Layout(outsideWidth, outsideHeight int) (int, int) {
	if dpr := ebiten.Monitor().DeviceScaleFactor(); dpr > 0 && dpr != g.q.Max {
		g.q.SetMax(dpr)
	}
	s := g.q.Scale
	w, h := int(float64(outsideWidth)*s), int(float64(outsideHeight)*s)
	if float64(w) != g.v.W || float64(h) != g.v.H || s != g.scale {
		g.scale = s
		g.v.Resize(float64(w), float64(h), s)
	}
	return w, h
}
