// Package textcache keeps the view's font faces: one per pixel size, the
// size rounded to a whole pixel, at most a few at a time, least recently
// used dropped first. The view asks for a face every frame; without the
// cache every change of the drawing scale would make a new face (and the
// glyph images drawn with it), and the old ones would pile up.
//
// It knows nothing of fonts: the caller says how to make a face, so the
// cache's bound is tested natively (the faces, from Ebiten, cannot be).
package textcache

import "math"

// Bounds of the pixel sizes asked for: sizes outside are clamped, so the
// set of sizes ever made is finite whatever scale is asked.
const (
	MinPx = 6
	MaxPx = 96
)

// Cache holds at most Max faces of type F, keyed by whole pixel size.
type Cache[F any] struct {
	Max   int
	make  func(px int) F
	faces map[int]F
	order []int // pixel sizes, least recently used first
	made  int
}

// New returns a cache of at most max faces made by make.
func New[F any](max int, make func(px int) F) *Cache[F] {
	return &Cache[F]{Max: max, make: make, faces: map[int]F{}}
}

// Px rounds a size in pixels to the cache's key.
func Px(size float64) int {
	if math.IsNaN(size) {
		return MinPx
	}
	return int(math.Round(math.Min(MaxPx, math.Max(MinPx, size))))
}

// Face returns the face for size pixels (rounded), making it if needed.
func (c *Cache[F]) Face(size float64) F {
	px := Px(size)
	if f, ok := c.faces[px]; ok {
		c.touch(px)
		return f
	}
	f := c.make(px)
	c.made++
	c.faces[px] = f
	c.order = append(c.order, px)
	for len(c.order) > max(c.Max, 1) {
		delete(c.faces, c.order[0])
		c.order = c.order[1:]
	}
	return f
}

// touch moves px to the most recently used end.
func (c *Cache[F]) touch(px int) {
	for i, p := range c.order {
		if p == px {
			copy(c.order[i:], c.order[i+1:])
			c.order[len(c.order)-1] = px
			return
		}
	}
}

// Len returns the number of faces held.
func (c *Cache[F]) Len() int { return len(c.faces) }

// Made returns the number of faces made since the cache was created.
func (c *Cache[F]) Made() int { return c.made }
