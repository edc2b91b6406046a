package scene

import (
	"math"
	"strings"
	"testing"

	"github.com/diffstruct/diffstruct/wasm/wire"
)

// run makes a run message of the named runners, each a snapshot of n neurons.
func run(cycle int64, names []string, ns ...int) []byte {
	var rs []wire.Runner
	for i, name := range names {
		rs = append(rs, wire.Runner{Name: name, Graph: snapshot(cycle, ids(ns[i])...)})
	}
	return wire.AppendRunners(nil, rs)
}

func roles(f Frame, r Role) []string {
	var out []string
	for _, l := range f.Labels {
		if l.Role == r {
			out = append(out, l.Text)
		}
	}
	return out
}

// TestOneCellFillsTheView: a run of one is drawn exactly as a lone scene of
// the whole canvas, captions and all, with no name.
func TestOneCellFillsTheView(t *testing.T) {
	v := NewView(900, 560, 1)
	if err := v.Push(run(5, []string{"growing"}, 3), 0); err != nil {
		t.Fatal(err)
	}
	s := New(900, 560, 1)
	s.Push(snapshot(5, ids(3)...), 0)
	got, want := v.Frame(0.1), s.Frame(0.1)
	if len(got.Discs) != len(want.Discs) || len(got.Lines) != len(want.Lines) || len(got.Labels) != len(want.Labels) {
		t.Fatalf("one cell: %d discs %d lines %d labels, a lone scene %d %d %d",
			len(got.Discs), len(got.Lines), len(got.Labels), len(want.Discs), len(want.Lines), len(want.Labels))
	}
	for i := range got.Discs {
		if got.Discs[i] != want.Discs[i] {
			t.Fatalf("disc %d: %+v, a lone scene %+v", i, got.Discs[i], want.Discs[i])
		}
	}
	if caps := roles(got, RoleCaption); len(caps) != 3 {
		t.Errorf("captions %q, want input, prediction and the strip's legend", caps)
	}
	if title := roles(got, RoleTitle); len(title) != 1 || title[0] != "3 hidden neurons  ·  cycle 5" {
		t.Errorf("title %q", title)
	}
	if len(got.Cells) != 1 || got.Cells[0].Neurons != 3 || got.Cells[0].Name != "growing" {
		t.Errorf("cells %+v", got.Cells)
	}
}

// TestRaceCellsAreNamedAndCompact: in a race each network has its cell,
// titled with its name, without captions, inside its quarter of the canvas.
func TestRaceCellsAreNamedAndCompact(t *testing.T) {
	v := NewView(1000, 600, 1)
	names := []string{"growing", "fixed 10", "fixed 37"}
	if err := v.Push(run(7, names, 2, 10, 37), 0); err != nil {
		t.Fatal(err)
	}
	f := v.Frame(0.1)
	if v.Cells() != 3 || len(f.Cells) != 3 || f.Neurons != 49 || f.Alive != 2 {
		t.Fatalf("%d cells %+v, %d neurons drawn, %d alive in the first", v.Cells(), f.Cells, f.Neurons, f.Alive)
	}
	if caps := roles(f, RoleCaption); len(caps) != 0 {
		t.Errorf("captions in race cells: %q", caps)
	}
	titles := roles(f, RoleTitle)
	for i, name := range names {
		if f.Cells[i].Name != name || i >= len(titles) || !strings.HasPrefix(titles[i], name+":  ") {
			t.Errorf("cell %d: %+v, title %q", i, f.Cells[i], titles)
		}
	}
	// 1000x600: the main network wide on top, the rivals side by side below.
	for _, l := range f.Labels {
		if l.Role == RoleTitle && strings.HasPrefix(l.Text, "fixed 37") && (l.X < 500 || l.Y < 300) {
			t.Errorf("the third cell's title at %.0f,%.0f, want the lower right quarter", l.X, l.Y)
		}
	}
	if c := f.Cells[0]; c.W != 1000 || c.H != 300 {
		t.Errorf("the main cell is %+v, want the top half", c)
	}
	// Hovering a neuron of the second cell names its network.
	v.Mouse(0, 0, false)
	sc := v.cells[1]
	for _, nd := range sc.nodes {
		v.Mouse(nd.x+f.Cells[1].X+1, nd.y+f.Cells[1].Y, true)
		break
	}
	if f = v.Frame(0.2); !strings.HasPrefix(f.Tooltip, "fixed 10\n") {
		t.Errorf("tooltip %q does not name the network", f.Tooltip)
	}
	// Back to a single run: one cell again, its title unnamed.
	if err := v.Push(run(8, []string{"growing"}, 4), 1); err != nil {
		t.Fatal(err)
	}
	if f = v.Frame(1.1); v.Cells() != 1 || strings.Contains(roles(f, RoleTitle)[0], "growing") || len(roles(f, RoleCaption)) != 3 {
		t.Errorf("after the race: %d cells %+v", v.Cells(), f.Cells)
	}
	if err := v.Push([]byte("nope"), 2); err == nil {
		t.Error("a damaged message was taken")
	}
}

// TestLayoutTilesTheCanvas: for 1 to 4 networks on canvases from tall to
// very wide, the cells cover the canvas exactly (no empty cell, no overlap)
// and none is much smaller than an equal share.
func TestLayoutTilesTheCanvas(t *testing.T) {
	names := []string{"growing", "fixed 10", "fixed 37", "fixed 100"}
	for n := 1; n <= 4; n++ {
		for _, size := range [][2]float64{{390, 700}, {600, 600}, {900, 560}, {1000, 600}, {1240, 420}, {1600, 400}} {
			w, h := size[0], size[1]
			v := NewView(w, h, 1)
			if err := v.Push(run(3, names[:n], 1, 2, 3, 4), 0); err != nil {
				t.Fatal(err)
			}
			cells := v.Frame(0.1).Cells
			if len(cells) != n {
				t.Fatalf("%d networks at %vx%v: %d cells", n, w, h, len(cells))
			}
			area := 0.0
			for i, a := range cells {
				area += a.W * a.H
				if a.X < 0 || a.Y < 0 || a.X+a.W > w+1e-9 || a.Y+a.H > h+1e-9 {
					t.Errorf("%d at %vx%v: cell %d %+v leaves the canvas", n, w, h, i, a)
				}
				if a.W*a.H < w*h/float64(2*n) || min(a.W, a.H) < min(w, h)/4 {
					t.Errorf("%d at %vx%v: cell %d is %.0fx%.0f, too small", n, w, h, i, a.W, a.H)
				}
				for j, b := range cells[:i] {
					if a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H {
						t.Errorf("%d at %vx%v: cells %d and %d overlap", n, w, h, j, i)
					}
				}
			}
			if math.Abs(area-w*h) > 1e-6*w*h {
				t.Errorf("%d at %vx%v: cells cover %.0f of %.0f px", n, w, h, area, w*h)
			}
			t.Logf("%d networks at %4.0fx%3.0f: rows %v", n, w, h, Layout(n, w, h))
		}
	}
	if got := Layout(3, 1600, 400); len(got) != 1 {
		t.Errorf("3 on a wide canvas: rows %v, want one row of three", got)
	}
	if got := Layout(3, 900, 560); len(got) != 2 || got[0] != 1 {
		t.Errorf("3 on a 900x560 canvas: rows %v, want one wide over two", got)
	}
	if got := Layout(4, 900, 560); len(got) != 2 || got[0] != 2 {
		t.Errorf("4 on a 900x560 canvas: rows %v, want two by two", got)
	}
}
