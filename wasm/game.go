//go:build js && wasm

package main

import (
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/diffstruct/diffstruct/wasm/scene"
	"github.com/diffstruct/diffstruct/wasm/wire"
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
	race  *raceView   // a race's networks, when the worker sends a race (race.go)
	frame scene.Frame // the frame drawn last, whose text DrawFinalScreen draws
	has   bool
}

func newGame(b *bridge) (*game, error) {
	r, err := newRenderer()
	if err != nil {
		return nil, err
	}
	g := &game{b: b, r: r, q: scene.NewQuality(0.5, 1), scale: 1}
	g.sc = g.newScene(800, 500)
	return g, nil
}

// Update takes the newest snapshot and the pointer position.
func (g *game) Update() error {
	if buf := g.b.take(); buf != nil {
		g.push(buf)
	}
	x, y := ebiten.CursorPosition()
	w, h := g.sc.W, g.sc.H
	in := g.b.mouseInside() && x > 0 && y > 0 && float64(x) < w && float64(y) < h
	if g.race != nil {
		g.race.mouse(float64(x), float64(y), in)
	} else {
		g.sc.Mouse(float64(x), float64(y), in)
	}
	return nil
}

// push takes a snapshot, or a race's snapshots; a damaged one is skipped
// (the next one will do).
func (g *game) push(buf []byte) {
	if wire.IsRace(buf) {
		if g.race == nil {
			g.race = newRaceView(g.sc.W, g.sc.H, g.scale)
		}
		_ = g.race.push(buf, g.b.now())
		return
	}
	if g.race != nil { // the race is over: start the single view afresh
		g.race = nil
		g.sc = g.newScene(g.sc.W, g.sc.H)
	}
	_ = g.sc.Push(buf, g.b.now())
}

// newScene returns a single-network scene of the given size; where WebGL
// runs in software it draws the strongest 200 recurrent connections, not 400.
func (g *game) newScene(w, h float64) *scene.Scene {
	sc := scene.New(w, h, g.scale)
	if g.r.software {
		sc.Edges = scene.MaxRecurrent / 2
	}
	return sc
}

// Draw renders the current frame of the scene.
func (g *game) Draw(screen *ebiten.Image) {
	var f scene.Frame
	has := g.sc.Has()
	if g.race != nil {
		f, has = g.race.frame(g.b.now()), g.race.has()
	} else {
		f = g.sc.Frame(g.b.now())
	}
	g.r.draw(screen, &f, has)
	g.frame, g.has = f, has
	g.b.drew(f.Alive, f.Cursor, has, g.scale)
	g.q.Frame(g.b.now())
}

// DrawFinalScreen scales the drawing up to the canvas, then draws the text
// on top at the canvas's own resolution: the drawing's resolution drops when
// frames are slow (see scene.Quality), the text's never does.
func (g *game) DrawFinalScreen(screen ebiten.FinalScreen, offscreen *ebiten.Image, geoM ebiten.GeoM) {
	op := &ebiten.DrawImageOptions{GeoM: geoM, Filter: ebiten.FilterLinear}
	k := geoM.Element(0, 0) // canvas pixels per drawing pixel
	if k == math.Floor(k) {
		op.Filter = ebiten.FilterNearest
	}
	screen.DrawImage(offscreen, op)
	g.r.drawText(screen, &g.frame, g.has, geoM, k*g.scale)
}

// Layout returns the drawing's size: device pixels, or fewer when drawing
// is too slow for a smooth frame rate (see scene.Quality); the canvas keeps
// device pixels, for the text (DrawFinalScreen).
func (g *game) Layout(outsideWidth, outsideHeight int) (int, int) {
	if dpr := ebiten.Monitor().DeviceScaleFactor(); dpr > 0 {
		top := dpr
		if g.r.software { // every pixel drawn costs: half the resolution at most (text excepted)
			top = dpr / 2
		}
		if top != g.q.Max {
			g.q.SetMax(top)
		}
	}
	s := g.q.Scale
	w, h := int(float64(outsideWidth)*s), int(float64(outsideHeight)*s)
	if float64(w) != g.sc.W || float64(h) != g.sc.H || s != g.scale {
		g.scale = s
		g.sc.Resize(float64(w), float64(h), s)
		if g.race != nil {
			g.race.resize(float64(w), float64(h), s)
		}
	}
	return w, h
}
