package scene

import (
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
	for _, l := range f.Labels {
		if l.Role == RoleTitle && strings.HasPrefix(l.Text, "fixed 37") && (l.X > 500 || l.Y < 300) {
			t.Errorf("the third cell's title at %.0f,%.0f, want the lower left quarter", l.X, l.Y)
		}
	}
	// Hovering a neuron of the second cell names its network.
	v.Mouse(0, 0, false)
	sc := v.cells[1]
	for _, nd := range sc.nodes {
		v.Mouse(nd.x+500+1, nd.y, true)
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
