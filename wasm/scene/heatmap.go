package scene

import (
	"math"
	"sync/atomic"
)

// Map is a heat map to draw: Res x Res bytes in wire's map encoding (0 is
// -1, 255 is +1, row 0 at the top), coloured by MapPalette and stretched
// over the rectangle with filtering. A renderer keeps one texture per Key
// and rewrites it only when Version changes, so a frame (60 a second) never
// recolours a map that the snapshot (up to 20 a second) did not change.
type Map struct {
	X, Y, W, H float32
	Pix        []byte
	Res        int
	// Key names the map across frames, unique within a frame (the view adds
	// the cell's index in the top byte).
	Key uint64
	// Version changes whenever Pix's content does; versions are never
	// reused, even by another scene, so a stale texture can never match.
	Version uint64
	Alpha   float32
}

// mapVersions hands out map versions: one counter for every scene, so a
// new run's first maps never carry an old run's version.
var mapVersions atomic.Uint64

// nextMapVersion returns a version no map has had.
func nextMapVersion() uint64 { return mapVersions.Add(1) }

// Heat-map palette, after TensorFlow Playground's diverging one but on the
// view's dark background: -1 is the project's orange (Negative), +1 its blue
// (Positive), 0 a dark grey close to the background, so that strength of
// colour reads as magnitude and the same two colours mean the same sign on
// maps, weights and labels.
var mapZero = Color{0.15, 0.17, 0.22, 1}

// MapColor returns the colour of a map byte.
func MapColor(b byte) Color {
	v := float32(b)/127.5 - 1
	end := Positive
	if v < 0 {
		end, v = Negative, -v
	}
	// A slight gamma lifts small values (a neuron barely off zero) off
	// the background without washing out the saturated ends.
	t := float32(math.Pow(float64(min(v, 1)), 0.8))
	return mix(mapZero, end, t)
}

// MapPalette returns the 256 colours of MapColor as opaque RGBA bytes, the
// lookup table a renderer colours a map's bytes with.
func MapPalette() *[256][4]uint8 { return &palette }

var palette = func() (p [256][4]uint8) {
	for i := range p {
		c := MapColor(byte(i))
		p[i] = [4]uint8{to8(c.R), to8(c.G), to8(c.B), 255}
	}
	return p
}()

func to8(v float32) uint8 { return uint8(max(0, min(1, v))*255 + 0.5) }
