package scene

import (
	"math"
	"testing"

	"github.com/diffstruct/diffstruct/wasm/wire"
)

func TestStepFocusRingWraps(t *testing.T) {
	ring := [][]uint32{{2, 5, 9}}
	for _, c := range []struct {
		cur  int64
		m    Move
		want int64
	}{
		{-1, MoveRight, 2}, {2, MoveRight, 5}, {9, MoveRight, 2}, {9, MoveDown, 2}, {2, MoveLeft, 9}, {5, MoveUp, 2},
		{5, MoveFirst, 2}, {2, MoveLast, 9}, {5, MoveStay, 5}, {7, MoveRight, 2}, {5, MoveClear, -1},
	} {
		if got := stepFocus(ring, true, c.cur, c.m); got != c.want {
			t.Errorf("ring from %d, move %d: %d, want %d", c.cur, c.m, got, c.want)
		}
	}
	if got := stepFocus(nil, true, 3, MoveRight); got != -1 {
		t.Errorf("no neuron: %d", got)
	}
}

func TestStepFocusLayers(t *testing.T) {
	cols := [][]uint32{{1, 2, 3}, {}, {4, 5}, {6}}
	for _, c := range []struct {
		cur  int64
		m    Move
		want int64
	}{
		{3, MoveDown, 3}, {1, MoveUp, 1}, {1, MoveDown, 2},
		{3, MoveRight, 5}, // row 3 in a layer of 2: its last; the empty layer is skipped
		{5, MoveRight, 6}, {6, MoveRight, 6}, {6, MoveLeft, 4}, {4, MoveLeft, 1}, {1, MoveLeft, 1},
		{2, MoveLast, 6}, {6, MoveFirst, 1},
	} {
		if got := stepFocus(cols, false, c.cur, c.m); got != c.want {
			t.Errorf("layers from %d, move %d: %d, want %d", c.cur, c.m, got, c.want)
		}
	}
}

func runOf(kind byte, b []byte) []byte {
	return wire.AppendRunners(nil, []wire.Runner{{Name: "main", Kind: kind, Graph: b}})
}

// ringAt returns the focus ring's disc in f, if drawn.
func ringAt(f *Frame) (Disc, bool) {
	for _, d := range f.Discs {
		if d.Ring == FocusRing && d.Fill.A == 0 {
			return d, true
		}
	}
	return Disc{}, false
}

// The recurrent view: the arrows walk the ring, the ring is drawn round the
// focused neuron with its hover box, and the description is its own.
func TestViewFocusRing(t *testing.T) {
	v := NewView(900, 600, 1)
	if err := v.Push(runOf(wire.KindSequence, snapshot(40, 3, 7, 8)), 0); err != nil {
		t.Fatal(err)
	}
	f := v.Frame(1)
	if _, ok := ringAt(&f); ok {
		t.Fatal("a focus ring before any key")
	}
	x, ok := v.Focus(MoveRight)
	if !ok || x.ID != 3 || x.Index != 1 || x.Of != 3 || x.Cycle != 40 || x.Born != 0 {
		t.Fatalf("first move: %+v %v", x, ok)
	}
	x, _ = v.Focus(MoveLeft)
	if x.ID != 8 || !x.Reserve || x.Born != 20 {
		t.Fatalf("left from the first: %+v, want neuron 8 (the last, in reserve, born at 20)", x)
	}
	f = v.Frame(2)
	d, ok := ringAt(&f)
	if !ok {
		t.Fatal("no focus ring drawn")
	}
	var spot Spot
	for _, sp := range f.Cells[0].Spots {
		if sp.ID == 8 {
			spot = sp
		}
	}
	if math.Abs(float64(d.X)-spot.X) > 0.01 || math.Abs(float64(d.Y)-spot.Y) > 0.01 {
		t.Errorf("the ring is at (%g, %g), neuron 8 at (%g, %g)", d.X, d.Y, spot.X, spot.Y)
	}
	if f.Tooltip == "" || f.Hover != -1 {
		t.Errorf("the focused neuron's box %q (hover %d: a click must not open it)", f.Tooltip, f.Hover)
	}
	// The neuron goes: the ring goes with it, the next move starts again.
	v.Push(runOf(wire.KindSequence, snapshot(41, 3, 7)), 3)
	if _, ok := v.FocusInfo(); ok {
		t.Error("focus info on a deleted neuron")
	}
	if x, _ := v.Focus(MoveRight); x.ID != 3 {
		t.Errorf("after its neuron went, the focus moved to %d, want 3", x.ID)
	}
	if _, ok := v.Focus(MoveClear); ok {
		t.Error("clear left a focus")
	}
	f = v.Frame(4)
	if _, ok := ringAt(&f); ok || f.Tooltip != "" {
		t.Error("a ring or a box after clear")
	}
}

// The feed-forward view: left and right go between layers, up and down
// along one; the square is drawn round the tile.
func TestLayeredFocus(t *testing.T) {
	v := NewView(1000, 600, 1)
	if err := v.Push(layeredRun([]string{"main"}, synth(50, [][]uint32{{1, 2, 3}, {4, 5}}, map[uint32]bool{3: true})), 0); err != nil {
		t.Fatal(err)
	}
	v.Frame(0.1)
	v.Frame(2) // grown in
	x, _ := v.Focus(MoveDown)
	if x.ID != 1 || x.Layer != 1 || x.Of != 3 {
		t.Fatalf("first: %+v", x)
	}
	v.Focus(MoveDown)
	x, _ = v.Focus(MoveDown)
	if x.ID != 3 || !x.Reserve || x.Index != 3 {
		t.Fatalf("down twice: %+v", x)
	}
	x, _ = v.Focus(MoveRight)
	if x.ID != 5 || x.Layer != 2 || x.Index != 2 || x.Of != 2 {
		t.Fatalf("right from row 3: %+v, want neuron 5, layer 2, 2 of 2", x)
	}
	f := v.Frame(3)
	ring := false
	for _, l := range f.Lines {
		ring = ring || l.C == FocusRing
	}
	if !ring || f.Tooltip == "" {
		t.Errorf("focus square drawn %v, box %q", ring, f.Tooltip)
	}
}
