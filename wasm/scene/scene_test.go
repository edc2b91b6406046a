package scene

import (
	"strings"
	"testing"

	"github.com/diffstruct/diffstruct/wasm/wire"
)

// snapshot makes a graph with the given neuron ids, all above threshold
// except the last, with one window of activity.
func snapshot(cycle int64, ids ...uint32) []byte {
	n, v, w := len(ids), 4, 2
	g := wire.Graph{Cycle: cycle, Threshold: 0.05, Alphabet: []rune("ab()"), IDs: ids, Rate: 0}
	for i := range ids {
		s := float32(0.5)
		if i == n-1 {
			s = 0.01
		}
		g.Strength = append(g.Strength, s)
		g.Born = append(g.Born, int64(i*10))
	}
	g.WxhT = make([]float32, v*n)
	g.Why = make([]float32, v*n)
	g.Whh = make([]float32, n*n)
	for i := range g.Whh {
		g.Whh[i] = float32(i%7) - 3 + float32(i)*1e-4 // distinct magnitudes
	}
	for i := range g.WxhT {
		g.WxhT[i], g.Why[i] = 1, -1
	}
	g.Hidden = make([]float32, (w+1)*n)
	g.Inputs = []uint8{0, 1}
	g.Probs = []float32{0.1, 0.7, 0.1, 0.1, 0.25, 0.25, 0.25, 0.25}
	return g.Append(nil)
}

func ids(n int) []uint32 {
	out := make([]uint32, n)
	for i := range out {
		out[i] = uint32(i + 1)
	}
	return out
}

func TestLayoutFitsOneToHundred(t *testing.T) {
	for _, n := range []int{1, 2, 10, 100} {
		s := New(900, 560, 1)
		if err := s.Push(snapshot(5, ids(n)...), 0); err != nil {
			t.Fatal(err)
		}
		f := s.Frame(0.1)
		if f.Alive != n || f.Neurons != n {
			t.Fatalf("n=%d: %d drawn", n, f.Alive)
		}
		for _, d := range f.Discs {
			if d.X-d.R < 0 || d.X+d.R > 900 || d.Y-d.R < 0 || d.Y+d.R > 560 || d.R <= 0 {
				t.Fatalf("n=%d: disc %+v outside the canvas", n, d)
			}
		}
		// Neurons do not overlap.
		hidden := f.Discs[:n]
		for i := range hidden {
			for j := i + 1; j < len(hidden); j++ {
				dx, dy := hidden[i].X-hidden[j].X, hidden[i].Y-hidden[j].Y
				if dx*dx+dy*dy < (hidden[i].R+hidden[j].R)*(hidden[i].R+hidden[j].R)*0.8 {
					t.Fatalf("n=%d: neurons %d and %d overlap", n, i, j)
				}
			}
		}
		if n == 100 {
			rec := len(f.Lines) - 2*4*n
			if rec > MaxRecurrent+40 { // + the strip and dotted rings
				t.Fatalf("%d recurrent lines drawn, want at most %d", rec, MaxRecurrent)
			}
		}
	}
}

func TestBirthAndDeathAnimate(t *testing.T) {
	s := New(900, 560, 1)
	s.Push(snapshot(1, 1, 2), 0)
	s.Frame(0)
	s.Push(snapshot(2, 1, 3), 1) // 2 dies, 3 is born
	f := s.Frame(1.1)
	if f.Alive != 2 || f.Dying != 1 {
		t.Fatalf("alive %d dying %d, want 2 and 1", f.Alive, f.Dying)
	}
	glowing := 0
	for _, d := range f.Discs {
		if d.Glow > 0 && d.Fill != Highlight { // the symbol being read glows too, filled yellow
			glowing++
		}
	}
	if glowing != 1 {
		t.Fatalf("%d glowing births, want 1", glowing)
	}
	f = s.Frame(1 + DeathTime + BirthTime + 0.1)
	if f.Dying != 0 || f.Alive != 2 {
		t.Fatalf("after the animations: alive %d dying %d", f.Alive, f.Dying)
	}
}

func TestHoverShowsNeuron(t *testing.T) {
	s := New(900, 560, 1)
	s.Push(snapshot(100, 7, 9), 0)
	var x, y float64
	for _, nd := range s.nodes {
		if nd.id == 7 {
			x, y = nd.x, nd.y
		}
	}
	s.Mouse(x+1, y, true)
	f := s.Frame(0.5)
	if !strings.Contains(f.Tooltip, "neuron #7") || !strings.Contains(f.Tooltip, "age 100 cycles") {
		t.Fatalf("tooltip %q", f.Tooltip)
	}
	s.Mouse(0, 0, false)
	if f = s.Frame(0.6); f.Tooltip != "" {
		t.Fatalf("tooltip without a pointer: %q", f.Tooltip)
	}
}

func TestCursorFollowsSlowMotion(t *testing.T) {
	s := New(900, 560, 1)
	g := wire.Graph{Cycle: 1, Rate: 4, Threshold: 0.05, Alphabet: []rune("ab"), IDs: []uint32{1}, Strength: []float32{1}, Born: []int64{0},
		WxhT: []float32{0, 0}, Whh: []float32{0}, Why: []float32{0, 0}, Hidden: make([]float32, 41),
		Inputs: make([]uint8, 40), Probs: make([]float32, 80)}
	s.Push(g.Append(nil), 10)
	if c := s.Cursor(10); c != 0 {
		t.Fatalf("cursor %d at arrival", c)
	}
	if c := s.Cursor(11); c != 4 {
		t.Fatalf("cursor %d one second later at 4 symbols/s", c)
	}
	if c := s.Cursor(100); c != 39 {
		t.Fatalf("cursor %d long after, want the window's end", c)
	}
}

func TestPushRefusesDamage(t *testing.T) {
	s := New(900, 560, 1)
	if err := s.Push([]byte("nope"), 0); err == nil || s.Has() {
		t.Fatal("damaged snapshot accepted")
	}
}

// TestStripCaptionsFitNarrowCanvases checks that the strength strip's two
// captions (at TextWidth's generous estimate) never overlap, wide or narrow.
func TestStripCaptionsFitNarrowCanvases(t *testing.T) {
	for _, w := range []float64{1200, 800, 460, 300, 200} {
		s := New(w, 400, 1)
		if err := s.Push(snapshot(5, ids(3)...), 0); err != nil {
			t.Fatal(err)
		}
		f := s.Frame(0.1)
		var left, right float64
		found := 0
		for _, l := range f.Labels {
			switch {
			case l.Role == RoleValue && l.C == Negative: // the threshold's value, right-aligned
				right = float64(l.X) - TextWidth(l.Text)
				found++
			case l.Role == RoleCaption && l.Align == 1: // the strip's legend, left-aligned
				left = float64(l.X) + TextWidth(l.Text)
				found++
			}
		}
		if found == 0 || (found == 2 && left > right) {
			t.Errorf("width %.0f: captions overlap or are missing (%d found, %.0f > %.0f)", w, found, left, right)
		}
	}
}

func TestEdgesBoundsTheRecurrentConnectionsDrawn(t *testing.T) {
	lines := func(edges int) int {
		s := New(800, 500, 1)
		s.Edges = edges
		if err := s.Push(snapshot(5, ids(40)...), 0); err != nil {
			t.Fatal(err)
		}
		f := s.Frame(10)
		return len(f.Lines)
	}
	all, half := lines(0), lines(MaxRecurrent/2)
	// 40 neurons have 1,560 recurrent connections: the budget decides how many are drawn.
	if d := all - half; d < MaxRecurrent/2-10 || d > MaxRecurrent/2+10 { // self-connections are counted, not drawn
		t.Errorf("a budget of %d drew %d lines, the default %d: want about %d fewer", MaxRecurrent/2, half, all, MaxRecurrent/2)
	}
}

// TestRingUsesNarrowCanvases: on a phone-sized canvas the hidden neurons'
// ring still has room (a fixed gap to the columns once left it 12 px wide).
func TestRingUsesNarrowCanvases(t *testing.T) {
	s := New(374, 700, 1)
	if err := s.Push(snapshot(100, ids(6)...), 0); err != nil {
		t.Fatal(err)
	}
	g := s.geom(6)
	if g.ring < 24 || g.nodeR < 5 {
		t.Errorf("374 px wide, 6 neurons: ring radius %.1f px, nodes %.1f px", g.ring, g.nodeR)
	}
	if g.cx-g.ring-g.nodeR <= g.inX || g.cx+g.ring+g.nodeR >= g.outX {
		t.Errorf("the ring (%.1f around %.1f) reaches the columns at %.1f and %.1f", g.ring, g.cx, g.inX, g.outX)
	}
}
