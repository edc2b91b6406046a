//go:build js && wasm

package main

import (
	"github.com/hajimehoshi/ebiten/v2"

	"github.com/diffstruct/diffstruct/wasm/scene"
)

// game is Ebiten's view of the program: Update takes snapshots and the
// pointer, Draw renders the scene's frame, Layout sizes the canvas in
// device pixels so that lines and text stay sharp.
type game struct {
	b     *bridge
	sc    *scene.Scene
	r     *renderer
	q     *scene.Quality
	scale float64
}

func newGame(b *bridge) (*game, error) {
	r, err := newRenderer()
	if err != nil {
		return nil, err
	}
	return &game{b: b, sc: scene.New(800, 500, 1), r: r, q: scene.NewQuality(0.5, 1), scale: 1}, nil
}

// Update takes the newest snapshot and the pointer position.
func (g *game) Update() error {
	if buf := g.b.take(); buf != nil {
		_ = g.sc.Push(buf, g.b.now()) // a damaged snapshot is skipped; the next one will do
	}
	x, y := ebiten.CursorPosition()
	w, h := g.sc.W, g.sc.H
	in := g.b.mouseInside() && x > 0 && y > 0 && float64(x) < w && float64(y) < h
	g.sc.Mouse(float64(x), float64(y), in)
	return nil
}

// Draw renders the current frame of the scene.
func (g *game) Draw(screen *ebiten.Image) {
	f := g.sc.Frame(g.b.now())
	g.r.draw(screen, &f, g.scale, g.sc.Has())
	g.b.drew(f.Alive, f.Cursor, g.sc.Has(), g.scale)
	g.q.Frame(g.b.now())
}

// Layout returns the canvas size: device pixels, or fewer when drawing is
// too slow for a smooth frame rate (see scene.Quality).
func (g *game) Layout(outsideWidth, outsideHeight int) (int, int) {
	if dpr := ebiten.Monitor().DeviceScaleFactor(); dpr > 0 && dpr != g.q.Max {
		g.q.SetMax(dpr)
	}
	s := g.q.Scale
	w, h := int(float64(outsideWidth)*s), int(float64(outsideHeight)*s)
	if float64(w) != g.sc.W || float64(h) != g.sc.H || s != g.scale {
		g.scale = s
		g.sc.Resize(float64(w), float64(h), s)
	}
	return w, h
}
