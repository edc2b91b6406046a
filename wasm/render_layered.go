//go:build js && wasm

package main

import (
	"github.com/hajimehoshi/ebiten/v2"

	"github.com/diffstruct/diffstruct/wasm/scene"
)

// heatMaps draws a frame's heat maps (the feed-forward view's neurons and
// its decision boundary). Each map has an image of its own, Res x Res
// pixels, kept across frames by the map's key and rewritten with
// WritePixels only when the map's version changes: the snapshot changes a
// map at most 20 times a second while the view draws 60 frames, and a
// scaled texture costs one quad where coloured cells would cost Res². The
// GPU stretches the small image with filtering, so a 32-cell map reads as
// a smooth field at any size. Ebiten packs the small images into shared
// atlases and batches their draws (DrawTriangles copies the vertices, so
// the slices are reused).
type heatMaps struct {
	maps   map[uint64]*heatMap
	frame  uint64
	wrote  bool   // write rewrote a map since the last draw
	rgba   []byte // scratch for one map's pixels
	filter ebiten.Filter
	verts  []ebiten.Vertex
	idx    []uint16
}

// heatMap is one map's image and the version of the bytes it shows.
type heatMap struct {
	img  *ebiten.Image
	res  int
	ver  uint64 // 0: never written (scene's versions start at 1)
	used uint64 // the last frame that drew it
}

func newHeatMaps(filter ebiten.Filter) *heatMaps {
	return &heatMaps{maps: map[uint64]*heatMap{}, filter: filter}
}

// write rewrites the images of ms's maps whose version changed, and makes
// those of new maps. The renderer calls it before it draws anything:
// Ebiten's WebGL driver flushes the GL command stream (gl.flush) at a
// texture write that follows a draw, so writes between draws cost one
// flush a map (in headless Chromium's software GL, 8% of the main thread at
// full speed); written first, a frame has at most one.
func (h *heatMaps) write(ms []scene.Map) {
	pal := scene.MapPalette()
	for i := range ms {
		m := &ms[i]
		if !drawable(m) {
			continue
		}
		cells := m.Res * m.Res
		e := h.maps[m.Key]
		if e == nil || e.res != m.Res {
			if e != nil {
				e.img.Deallocate()
			}
			e = &heatMap{img: ebiten.NewImage(m.Res, m.Res), res: m.Res}
			h.maps[m.Key] = e
		}
		if e.ver != m.Version {
			if cap(h.rgba) < 4*cells {
				h.rgba = make([]byte, 4*cells)
			}
			px := h.rgba[:4*cells]
			for k, b := range m.Pix[:cells] {
				copy(px[4*k:4*k+4], pal[b][:])
			}
			e.img.WritePixels(px)
			e.ver = m.Version
			h.wrote = true
			redraw.mapWrites.Add(1)
		}
	}
}

// draw renders ms (written by write this frame) onto dst and frees the
// images of maps no longer drawn (a dead neuron's, once it has faded).
func (h *heatMaps) draw(dst *ebiten.Image, ms []scene.Map) {
	h.frame++
	if h.wrote {
		redraw.mapFrames.Add(1)
		h.wrote = false
	}
	// A map is always drawn larger than its image, so at mipmap level 0:
	// skipping the levels saves Ebiten computing that per triangle.
	op := &ebiten.DrawTrianglesOptions{Filter: h.filter, DisableMipmaps: true}
	for i := range ms {
		m := &ms[i]
		if !drawable(m) {
			continue
		}
		e := h.maps[m.Key]
		if e == nil {
			continue
		}
		e.used = h.frame
		// The quad samples the image from its first cell's centre to its
		// last's: Ebiten reads transparent beyond an image's edge, so
		// filtering out to the edge would fade the map's border over half a
		// cell (8 px on the big map).
		lo, hi := float32(0.5), float32(m.Res)-0.5
		xs := [4]float32{m.X, m.X + m.W, m.X + m.W, m.X}
		ys := [4]float32{m.Y, m.Y, m.Y + m.H, m.Y + m.H}
		us := [4]float32{lo, hi, hi, lo}
		vs := [4]float32{lo, lo, hi, hi}
		h.verts = h.verts[:0]
		for k := range 4 {
			h.verts = append(h.verts, ebiten.Vertex{DstX: xs[k], DstY: ys[k], SrcX: us[k], SrcY: vs[k],
				ColorR: 1, ColorG: 1, ColorB: 1, ColorA: m.Alpha})
		}
		h.idx = append(h.idx[:0], 0, 1, 2, 0, 2, 3)
		dst.DrawTriangles(h.verts, h.idx, e.img, op)
	}
	for k, e := range h.maps {
		if e.used != h.frame {
			e.img.Deallocate()
			delete(h.maps, k)
		}
	}
}

// drawable reports whether m has pixels to show and a place to show them.
func drawable(m *scene.Map) bool {
	return m.Res > 0 && len(m.Pix) >= m.Res*m.Res && m.W > 0 && m.H > 0 && m.Alpha > 0
}
