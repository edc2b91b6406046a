package scene

import (
	"math"
	"testing"

	"github.com/diffstruct/diffstruct/wasm/wire"
)

// TestPlanePointInvertsPoints checks that the plane point under a drawn
// data point is that point, and that the columns are not on the plane.
func TestPlanePointInvertsPoints(t *testing.T) {
	g := wire.Layered{Cycle: 1, Half: 6, Res: 2, Features: []string{"x", "y"},
		FeatMaps: [][]byte{make([]byte, 4), make([]byte, 4)}, OutMap: make([]byte, 4),
		Layers: []wire.Layer{{IDs: []uint32{1}, Born: []int64{0}, Strength: []float32{1}, W: []float32{1, 1}, Out: []float32{1}, Maps: [][]byte{make([]byte, 4)}}},
		Points: []wire.Point{{X: 2.5, Y: -1.25, Label: 1}}}
	b := wire.AppendRunners(nil, []wire.Runner{{Name: "main", Kind: wire.KindLayered, Graph: g.Append(nil)}})
	v := NewView(900, 500, 1)
	if err := v.Push(b, 0); err != nil {
		t.Fatal(err)
	}
	f := v.Frame(1)
	var d Disc
	for _, x := range f.Discs {
		d = x
	}
	cell, px, py, ok := v.PlanePoint(float64(d.X), float64(d.Y))
	if !ok || cell != 0 || math.Abs(px-2.5) > 0.05 || math.Abs(py+1.25) > 0.05 {
		t.Fatalf("PlanePoint at the drawn point (%g, %g) = %d, (%g, %g), %v; want 0, (2.5, -1.25), true", d.X, d.Y, cell, px, py, ok)
	}
	if x, y, side, ok := v.PlaneRect(0); !ok || float64(d.X) < x || float64(d.X) > x+side || float64(d.Y) < y || float64(d.Y) > y+side {
		t.Errorf("PlaneRect(0) = (%g, %g) side %g, %v: the point (%g, %g) is not in it", x, y, side, ok, d.X, d.Y)
	}
	if _, _, _, ok := v.PlanePoint(20, 250); ok {
		t.Fatal("the features' column is on the plane")
	}
}
