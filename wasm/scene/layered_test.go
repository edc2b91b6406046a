package scene

import (
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/diffstruct/diffstruct/wasm/wire"
)

// synth builds a feed-forward snapshot: features x and y, then one hidden
// layer per entry of ids (each neuron's strength from strong: ids in weak
// are in reserve), the last layer connected to the output, and points of a
// circle data set on [-6, 6]².
func synth(cycle int64, ids [][]uint32, weak map[uint32]bool) wire.Layered {
	const res, ores, half = 32, 64, 6
	g := wire.Layered{Cycle: cycle, Threshold: 0.05, Half: half, Res: res, OutRes: ores, Features: []string{"x", "y"}, Loss: 0.312, TestLoss: 0.347}
	fieldAt := func(res int, fn func(x, y float64) float64) []byte {
		m := make([]byte, res*res)
		for r := range res {
			for c := range res {
				x := -1 + (float64(c)+0.5)*2/float64(res)
				y := 1 - (float64(r)+0.5)*2/float64(res)
				m[r*res+c] = wire.MapByte(fn(x, y))
			}
		}
		return m
	}
	field := func(fn func(x, y float64) float64) []byte { return fieldAt(res, fn) }
	g.FeatMaps = [][]byte{field(func(x, _ float64) float64 { return x }), field(func(_, y float64) float64 { return y })}
	prev := len(g.Features)
	for li, l := range ids {
		ly := wire.Layer{Multiplier: 1, Born0: int64(li) * 100}
		if li == len(ids)-1 && li > 0 {
			ly.Multiplier = 0.03
		}
		for j, id := range l {
			ly.IDs = append(ly.IDs, id)
			ly.Born = append(ly.Born, int64(id)*10)
			st := float32(0.2 + 0.1*float64(j))
			if weak[id] {
				st = 0.02
			}
			ly.Strength = append(ly.Strength, st)
			a := float64(id) * 0.9
			ly.Maps = append(ly.Maps, field(func(x, y float64) float64 {
				return math.Tanh(3*math.Cos(a)*x + 3*math.Sin(a)*y + 0.3*float64(li))
			}))
			for k := range prev {
				ly.W = append(ly.W, float32(math.Sin(float64(id)*1.7+float64(k)*2.3)))
			}
		}
		if li == len(ids)-1 {
			for j := range l {
				ly.Out = append(ly.Out, float32(math.Cos(float64(j)*2.1))*ly.Multiplier)
			}
		}
		prev = len(l)
		g.Layers = append(g.Layers, ly)
	}
	g.OutMap = fieldAt(ores, func(x, y float64) float64 { return math.Tanh(4 * (0.45 - math.Hypot(x, y))) })
	for i := range 240 {
		a, r := float64(i)*2.39996, 5.5*math.Sqrt(float64(i%60)/60)
		lbl := float32(1)
		if r > 2.7 {
			lbl = -1
		}
		g.Points = append(g.Points, wire.Point{X: float32(r * math.Cos(a)), Y: float32(r * math.Sin(a)), Label: lbl, Test: i%5 == 0})
	}
	return g
}

// layeredRun wraps snapshots in a run message, one runner each.
func layeredRun(names []string, gs ...wire.Layered) []byte {
	var rs []wire.Runner
	for i := range gs {
		rs = append(rs, wire.Runner{Name: names[i], Kind: wire.KindLayered, Graph: gs[i].Append(nil)})
	}
	return wire.AppendRunners(nil, rs)
}

// mapOf returns the map in f of the given kind (see mapKey) and id.
func mapOf(f *Frame, kind uint8, id uint32) (Map, bool) {
	for _, m := range f.Maps {
		if uint8(m.Key>>40) == kind && uint32(m.Key) == id {
			return m, true
		}
	}
	return Map{}, false
}

// The sizes every layout is checked at: a laptop's view and a phone's
// (portrait, at its device ratio of 2).
var layeredSizes = []struct {
	name     string
	w, h, sc float64
}{{"laptop", 1280, 900, 1}, {"phone", 780, 1560, 2}, {"phone1x", 390, 780, 1}}

func TestLayeredLayout(t *testing.T) {
	for _, sz := range layeredSizes {
		t.Run(sz.name, func(t *testing.T) {
			v := NewView(sz.w, sz.h, sz.sc)
			g := synth(500, [][]uint32{{1, 2, 3}, {4}}, map[uint32]bool{3: true})
			if err := v.Push(layeredRun([]string{"grown"}, g), 0); err != nil {
				t.Fatal(err)
			}
			f := v.Frame(0.05)
			if !v.Has() || len(f.Cells) != 1 {
				t.Fatalf("has %v, cells %+v", v.Has(), f.Cells)
			}
			c := f.Cells[0]
			if c.Neurons != 4 || f.Alive != 4 || len(c.Spots) != 4 {
				t.Errorf("cell %+v: want 4 neurons", c)
			}
			if fmt.Sprint(c.Hollow) != "[3]" || fmt.Sprint(c.Solid) != "[1 2 4]" {
				t.Errorf("hollow %v solid %v, want [3] and [1 2 4]", c.Hollow, c.Solid)
			}
			// Every neuron, feature and output has a tile inside the cell, and no
			// two maps overlap.
			var tiles []Map
			for _, id := range []uint32{1, 2, 3, 4} {
				m, ok := mapOf(&f, 2, id)
				if !ok {
					t.Fatalf("neuron %d has no tile", id)
				}
				tiles = append(tiles, m)
			}
			for _, k := range []struct {
				kind uint8
				id   uint32
			}{{1, 0}, {1, 1}, {3, 0}, {4, 0}} {
				m, ok := mapOf(&f, k.kind, k.id)
				if !ok {
					t.Fatalf("no map %v", k)
				}
				tiles = append(tiles, m)
			}
			if len(f.Maps) != len(tiles) {
				t.Errorf("%d maps drawn, want %d", len(f.Maps), len(tiles))
			}
			for i, a := range tiles {
				res := 32
				if kind := uint8(a.Key >> 40); kind >= 3 { // the output's maps are finer
					res = 64
				}
				if a.W < 8*float32(sz.sc) || a.W != a.H || a.Res != res || len(a.Pix) != res*res {
					t.Errorf("map %x is %vx%v of res %d", a.Key, a.W, a.H, a.Res)
				}
				if a.X < 0 || a.Y < 0 || float64(a.X+a.W) > sz.w || float64(a.Y+a.H) > sz.h {
					t.Errorf("map %x at %v,%v %vx%v leaves the %vx%v cell", a.Key, a.X, a.Y, a.W, a.H, sz.w, sz.h)
				}
				for _, b := range tiles[:i] {
					if a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H {
						t.Errorf("maps %x and %x overlap", a.Key, b.Key)
					}
				}
			}
			// The decision map is the big one, and the data sits on it.
			big, _ := mapOf(&f, 4, 0)
			if float64(big.W) < 0.35*math.Min(sz.w, sz.h) {
				t.Errorf("output map %v px wide in a %vx%v cell", big.W, sz.w, sz.h)
			}
			// A training point is one disc, a test point two.
			discs := 0
			for _, p := range g.Points {
				discs++
				if p.Test {
					discs++
				}
			}
			if len(f.Discs) != discs {
				t.Errorf("%d discs for %d points, want %d", len(f.Discs), len(g.Points), discs)
			}
			// The reserve neuron is dimmed; the others are not.
			if m, _ := mapOf(&f, 2, 3); m.Alpha >= 1 {
				t.Errorf("the reserve neuron's tile at alpha %v", m.Alpha)
			}
			if m, _ := mapOf(&f, 2, 1); m.Alpha != 1 {
				t.Errorf("an active neuron's tile at alpha %v", m.Alpha)
			}
			labelsInside(t, &f, sz.w, sz.h, sz.sc)
			want := []string{"input", "layer 1 · 3 neurons", "layer 2 · 1 neuron", "output", "gain 0.03", "train loss 0.312   test loss 0.347"}
			if sz.name != "laptop" {
				want = []string{"input", "L1 · 3", "L2 · 1", "output", "gain 0.03"}
			}
			texts := map[string]bool{}
			for _, l := range f.Labels {
				texts[l.Text] = true
			}
			if texts["gain 1"] {
				t.Errorf("a gain under layer 1, which does not feed the output")
			}
			for _, w := range want {
				if !texts[w] {
					t.Errorf("no label %q in %v", w, f.Labels)
				}
			}
			if tt := roles(f, RoleTitle); len(tt) != 1 || !strings.Contains(tt[0], "4 ") {
				t.Errorf("title %q", tt)
			}
			if sz.name == "phone" { // the map above the columns
				first, _ := mapOf(&f, 2, 1)
				if big.Y+big.H > first.Y {
					t.Errorf("phone: output map %v..%v not above the columns at %v", big.Y, big.Y+big.H, first.Y)
				}
			}
		})
	}
}

// labelsInside checks that every label's estimated box lies in the cell.
func labelsInside(t *testing.T, f *Frame, w, h, scale float64) {
	t.Helper()
	for _, l := range f.Labels {
		left, right := labelSpan(l, scale)
		if left < 0 || right > w+0.01 || float64(l.Y) < 0 || float64(l.Y) > h {
			t.Errorf("label %q at %.0f..%.0f, %.0f leaves the %vx%v cell", l.Text, left, right, l.Y, w, h)
		}
	}
	for i, a := range f.Labels {
		for _, b := range f.Labels[:i] {
			if math.Abs(float64(a.Y-b.Y)) < 12*scale && overlapX(a, b, scale) {
				t.Errorf("labels %q and %q overlap", a.Text, b.Text)
			}
		}
	}
}

func overlapX(a, b Label, scale float64) bool {
	a0, a1 := labelSpan(a, scale)
	b0, b1 := labelSpan(b, scale)
	return a0 < b1 && b0 < a1
}

func TestLayeredBirthsAndDeaths(t *testing.T) {
	v := NewView(1280, 900, 1)
	if err := v.Push(layeredRun([]string{"grown"}, synth(100, [][]uint32{{1, 2, 3}, {4}}, nil)), 0); err != nil {
		t.Fatal(err)
	}
	f := v.Frame(0.01)
	full, _ := mapOf(&f, 2, 1)
	// Neuron 3 dies, neuron 5 is born in the first layer.
	if err := v.Push(layeredRun([]string{"grown"}, synth(200, [][]uint32{{1, 2, 5}, {4}}, map[uint32]bool{5: true})), 1); err != nil {
		t.Fatal(err)
	}
	f = v.Frame(1.3)
	dying, ok := mapOf(&f, 2, 3)
	if !ok || dying.Alpha >= 1 || dying.W >= full.W {
		t.Errorf("dying neuron 3: %+v (ok %v), want fading and shrinking from %v", dying.W, ok, full.W)
	}
	born, ok := mapOf(&f, 2, 5)
	if !ok || born.W >= full.W {
		t.Errorf("newborn neuron 5: %v (ok %v), want growing in towards %v", born.W, ok, full.W)
	}
	if f.Dying != 1 || f.Alive != 4 {
		t.Errorf("alive %d dying %d, want 4 and 1", f.Alive, f.Dying)
	}
	// A second later the dead one is gone and the newborn at full size.
	for now := 1.3; now < 3; now += 1.0 / 60 {
		f = v.Frame(now)
	}
	if _, ok := mapOf(&f, 2, 3); ok {
		t.Error("neuron 3 still drawn two seconds after its death")
	}
	if born, _ = mapOf(&f, 2, 5); math.Abs(float64(born.W-full.W)) > 0.5 {
		t.Errorf("neuron 5 at %v, want %v", born.W, full.W)
	}
	if f.Dying != 0 || f.Alive != 4 {
		t.Errorf("alive %d dying %d, want 4 and 0", f.Alive, f.Dying)
	}
	// A third layer appears: its neurons grow in and its header fades in;
	// the columns make room, easing there.
	if err := v.Push(layeredRun([]string{"grown"}, synth(300, [][]uint32{{1, 2, 5}, {4}, {6, 7}}, nil)), 3); err != nil {
		t.Fatal(err)
	}
	f = v.Frame(3.2)
	hdr, ok := label(&f, "layer 3 · 2")
	if !ok || hdr.C.A >= 1 || hdr.C.A <= 0 {
		t.Errorf("new layer's header %+v (ok %v), want fading in", hdr, ok)
	}
	for now := 3.2; now < 6; now += 1.0 / 60 {
		f = v.Frame(now)
	}
	if hdr, _ = label(&f, "layer 3 · 2"); hdr.C.A != 1 {
		t.Errorf("new layer's header at alpha %v after 3 s", hdr.C.A)
	}
	labelsInside(t, &f, 1280, 900, 1)
	// It goes again: its tiles and header fade out.
	if err := v.Push(layeredRun([]string{"grown"}, synth(400, [][]uint32{{1, 2, 5}, {4}}, nil)), 6); err != nil {
		t.Fatal(err)
	}
	f = v.Frame(6.3)
	if m, ok := mapOf(&f, 2, 6); !ok || m.Alpha >= 1 {
		t.Errorf("the removed layer's neuron: %+v (ok %v), want fading", m, ok)
	}
	for now := 6.3; now < 8; now += 1.0 / 60 {
		f = v.Frame(now)
	}
	if _, ok := mapOf(&f, 2, 6); ok {
		t.Error("the removed layer's neuron still drawn")
	}
	for _, l := range f.Labels {
		if strings.HasPrefix(l.Text, "layer 3") {
			t.Errorf("the removed layer's header %q still drawn", l.Text)
		}
	}
}

func label(f *Frame, text string) (Label, bool) {
	for _, l := range f.Labels {
		if l.Text == text {
			return l, true
		}
	}
	return Label{}, false
}

// A map keeps its version while its bytes stay the same, so the renderer
// uploads only the maps a snapshot changed; versions are never reused.
func TestLayeredMapVersions(t *testing.T) {
	v := NewView(1280, 900, 1)
	g := synth(100, [][]uint32{{1, 2}, {4}}, nil)
	_ = v.Push(layeredRun([]string{"a"}, g), 0)
	f := v.Frame(0.1)
	x0, _ := mapOf(&f, 1, 0)
	out0, _ := mapOf(&f, 4, 0)
	n0, _ := mapOf(&f, 2, 1)
	g.Cycle = 101
	g.OutMap = append([]byte(nil), g.OutMap...)
	g.OutMap[5] ^= 0xff
	_ = v.Push(layeredRun([]string{"a"}, g), 0.2)
	f = v.Frame(0.3)
	x1, _ := mapOf(&f, 1, 0)
	out1, _ := mapOf(&f, 4, 0)
	n1, _ := mapOf(&f, 2, 1)
	if x1.Version != x0.Version || n1.Version != n0.Version {
		t.Errorf("unchanged maps got new versions: feature %d -> %d, neuron %d -> %d", x0.Version, x1.Version, n0.Version, n1.Version)
	}
	if out1.Version == out0.Version {
		t.Errorf("the changed output map kept version %d", out0.Version)
	}
	// Keys are unique in a frame, across the cells of a race too.
	_ = v.Push(layeredRun([]string{"a", "b"}, g, g), 1)
	f = v.Frame(1.1)
	keys := map[uint64]bool{}
	for _, m := range f.Maps {
		if keys[m.Key] {
			t.Errorf("key %x twice", m.Key)
		}
		keys[m.Key] = true
	}
	if len(f.Cells) != 2 || len(roles(f, RoleCaption)) != 0 {
		t.Errorf("race: cells %d, captions %q", len(f.Cells), roles(f, RoleCaption))
	}
	for i, c := range f.Cells {
		if c.Neurons != 3 {
			t.Errorf("cell %d: %d neurons", i, c.Neurons)
		}
	}
}

// A race may mix kinds: a recurrent runner keeps its Scene, a layered one
// gets a Layered, and a change of kind under the same name starts afresh.
func TestViewMixedKinds(t *testing.T) {
	v := NewView(1200, 800, 1)
	msg := wire.AppendRunners(nil, []wire.Runner{
		{Name: "rnn", Kind: wire.KindSequence, Graph: snapshot(1, ids(6)...)},
		{Name: "ff", Kind: wire.KindLayered, Graph: func() []byte { g := synth(1, [][]uint32{{1}}, nil); return g.Append(nil) }()},
	})
	if err := v.Push(msg, 0); err != nil {
		t.Fatal(err)
	}
	f := v.Frame(0.1)
	if len(f.Cells) != 2 || f.Cells[0].Neurons != 6 || f.Cells[1].Neurons != 1 || len(f.Maps) == 0 {
		t.Fatalf("cells %+v, %d maps", f.Cells, len(f.Maps))
	}
	if v.cells[0] == nil || v.cells[1] != nil {
		t.Errorf("recurrent cells %v", v.cells)
	}
	// The same name, now a layered runner: no panic, a layered cell.
	if err := v.Push(layeredRun([]string{"rnn"}, synth(2, [][]uint32{{1, 2}}, nil)), 1); err != nil {
		t.Fatal(err)
	}
	if f = v.Frame(1.1); len(f.Cells) != 1 || f.Cells[0].Neurons != 2 {
		t.Errorf("after the change of kind: %+v", f.Cells)
	}
}

// Hovering a tile describes its neuron.
func TestLayeredHover(t *testing.T) {
	v := NewView(1280, 900, 1)
	_ = v.Push(layeredRun([]string{"a"}, synth(500, [][]uint32{{1, 2, 3}, {4}}, map[uint32]bool{3: true})), 0)
	f := v.Frame(0.1)
	m, _ := mapOf(&f, 2, 3)
	v.Mouse(float64(m.X+m.W/2), float64(m.Y+m.H/2), true)
	f = v.Frame(0.2)
	if f.Hover != 3 || !strings.Contains(f.Tooltip, "neuron #3 · layer 1  reserve") {
		t.Errorf("hover %d, tooltip %q", f.Hover, f.Tooltip)
	}
}

// TestLayeredPNG draws the layout at each size into a PNG when
// DIFFSTRUCT_PNG names a folder, for a person to look at; without it, it
// only checks that the drawing runs.
func TestLayeredPNG(t *testing.T) {
	dir := os.Getenv("DIFFSTRUCT_PNG")
	shots := []struct {
		name  string
		names []string
		gs    []wire.Layered
		w, h  float64
	}{
		{"laptop", []string{"grown"}, []wire.Layered{synth(500, [][]uint32{{1, 2, 3}, {4}}, map[uint32]bool{3: true})}, 1280, 900},
		{"phone", []string{"grown"}, []wire.Layered{synth(500, [][]uint32{{1, 2, 3}, {4}}, map[uint32]bool{3: true})}, 390, 780},
		{"wide-layers", []string{"grown"}, []wire.Layered{synth(9000, [][]uint32{{1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, {17, 18, 19, 20, 21, 22}, {23, 24}}, map[uint32]bool{16: true, 22: true})}, 1280, 900},
		{"race4", []string{"grown", "fixed 8", "fixed 2", "fixed 16"}, []wire.Layered{synth(500, [][]uint32{{1, 2, 3}, {4}}, map[uint32]bool{3: true}), synth(500, [][]uint32{{1, 2, 3, 4, 5, 6, 7, 8}, {9}}, nil), synth(500, [][]uint32{{1, 2}, {3}}, nil), synth(500, [][]uint32{{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, {17}}, nil)}, 1280, 900},
		{"phone-race", []string{"grown", "fixed 8"}, []wire.Layered{synth(500, [][]uint32{{1, 2, 3}, {4}}, map[uint32]bool{3: true}), synth(500, [][]uint32{{1, 2, 3, 4, 5, 6, 7, 8}, {9}}, nil)}, 390, 780},
		{"chain", []string{"grown"}, []wire.Layered{synth(900, [][]uint32{{1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}, {12}, {13}, {14}, {15}}, nil)}, 922, 576},
		{"phone-mixed", []string{"grown"}, []wire.Layered{synth(900, [][]uint32{{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, {13, 14, 15, 16}, {17}, {18}}, nil)}, 390, 780},
		{"race", []string{"grown", "fixed 8"}, []wire.Layered{synth(500, [][]uint32{{1, 2, 3}, {4}}, map[uint32]bool{3: true}), synth(500, [][]uint32{{1, 2, 3, 4, 5, 6, 7, 8}, {9}}, nil)}, 1280, 900},
	}
	save := func(name string, f *Frame, w, h float64) {
		img := rasterize(f, int(w), int(h))
		if dir == "" {
			return
		}
		out, err := os.Create(filepath.Join(dir, "layered-"+name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer out.Close()
		if err := png.Encode(out, img); err != nil {
			t.Fatal(err)
		}
	}
	for _, sh := range shots {
		v := NewView(sh.w, sh.h, 1)
		if err := v.Push(layeredRun(sh.names, sh.gs...), 0); err != nil {
			t.Fatal(err)
		}
		f := v.Frame(0.1)
		save(sh.name, &f, sh.w, sh.h)
	}
	// Mid-change: neuron 3 dying, neuron 5 and a third layer being born.
	v := NewView(1280, 900, 1)
	_ = v.Push(layeredRun([]string{"grown"}, synth(100, [][]uint32{{1, 2, 3}, {4}}, nil)), 0)
	v.Frame(0.1)
	_ = v.Push(layeredRun([]string{"grown"}, synth(200, [][]uint32{{1, 2, 5}, {4}, {6, 7}}, map[uint32]bool{5: true})), 1)
	var f Frame
	for now := 1.0; now < 1.4; now += 1.0 / 60 {
		f = v.Frame(now)
	}
	save("change", &f, 1280, 900)
}

// At every size a page may give it, alone or in a race, a layered cell
// keeps its tiles apart and inside it and its labels inside and apart.
func TestLayeredSizes(t *testing.T) {
	nets := [][][]uint32{
		{{1, 2, 3}, {4}},
		{{1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}, {18, 19, 20, 21, 22, 23}, {24, 25}, {26}},
		{{1}},
	}
	for _, sz := range []struct{ w, h, sc float64 }{{1280, 900, 1}, {390, 780, 1}, {780, 1560, 2}, {1000, 300, 1}, {600, 600, 1}, {2560, 1800, 2}, {320, 480, 1}} {
		for runners := 1; runners <= 4; runners++ {
			for ni, ids := range nets {
				v := NewView(sz.w, sz.h, sz.sc)
				var names []string
				var gs []wire.Layered
				for r := range runners {
					names = append(names, fmt.Sprintf("net %d", r))
					gs = append(gs, synth(123456, ids, map[uint32]bool{3: true}))
				}
				if err := v.Push(layeredRun(names, gs...), 0); err != nil {
					t.Fatal(err)
				}
				f := v.Frame(0.1)
				name := fmt.Sprintf("%vx%v@%v, %d runners, net %d", sz.w, sz.h, sz.sc, runners, ni)
				for i, c := range f.Cells {
					for _, m := range f.Maps {
						if int(m.Key>>56) != i {
							continue
						}
						if float64(m.X) < c.X-0.01 || float64(m.Y) < c.Y-0.01 || float64(m.X+m.W) > c.X+c.W+0.01 || float64(m.Y+m.H) > c.Y+c.H+0.01 {
							t.Errorf("%s: map %x at %v,%v %vx%v leaves cell %d %+v", name, m.Key, m.X, m.Y, m.W, m.H, i, c)
						}
					}
					for _, l := range f.Labels {
						if float64(l.X) < c.X || float64(l.X) >= c.X+c.W || float64(l.Y) < c.Y || float64(l.Y) >= c.Y+c.H {
							continue
						}
						tw := TextWidth(l.Text) * sz.sc
						left := float64(l.X) - tw*float64(1-l.Align)/2
						if left < c.X || left+tw > c.X+c.W+0.01 {
							t.Errorf("%s: label %q (%.0f..%.0f) leaves cell %d (%.0f..%.0f)", name, l.Text, left, left+tw, i, c.X, c.X+c.W)
						}
					}
				}
				for i, a := range f.Maps {
					for _, b := range f.Maps[:i] {
						if a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H {
							t.Errorf("%s: maps %x and %x overlap", name, a.Key, b.Key)
						}
					}
				}
				for i, a := range f.Labels {
					for _, b := range f.Labels[:i] {
						if math.Abs(float64(a.Y-b.Y)) < 12*sz.sc && overlapX(a, b, sz.sc) {
							t.Errorf("%s: labels %q and %q overlap", name, a.Text, b.Text)
						}
					}
				}
			}
		}
	}
}

// BenchmarkLayeredSnapshot is the view's work for one snapshot of a big
// network (three layers of 16, 32x32 maps, 240 points) and the three
// frames drawn before the next: the budget is 50 ms (20 snapshots a second).
func BenchmarkLayeredSnapshot(b *testing.B) {
	var ids [][]uint32
	for l := range 3 {
		var row []uint32
		for j := range 16 {
			row = append(row, uint32(l*16+j+1))
		}
		ids = append(ids, row)
	}
	g := synth(1000, ids, map[uint32]bool{5: true})
	msg := layeredRun([]string{"a"}, g)
	v := NewView(1280, 900, 1)
	b.ReportAllocs()
	now := 0.0
	for b.Loop() {
		if err := v.Push(msg, now); err != nil {
			b.Fatal(err)
		}
		for range 3 {
			now += 1.0 / 60
			v.Frame(now)
		}
	}
}

// Odd snapshots (no features, an empty layer, no maps, no points, a
// one-pixel cell) draw without panicking, and a frame before any snapshot
// is empty.
func TestLayeredOddSnapshots(t *testing.T) {
	s := NewLayered(800, 600, 1)
	if f := s.Frame(0); s.Has() || len(f.Maps)+len(f.Labels) != 0 {
		t.Errorf("a frame before any snapshot: %+v", f)
	}
	odd := []wire.Layered{
		{Threshold: 0.05},
		{Threshold: 0.05, Half: 6, Res: 4, Features: []string{"x"}, FeatMaps: [][]byte{make([]byte, 16)},
			Layers: []wire.Layer{{Multiplier: 1}, {IDs: []uint32{1}, Born: []int64{0}, Strength: []float32{0}, Multiplier: 0, Maps: [][]byte{make([]byte, 16)}, Out: []float32{0}}},
			OutMap: make([]byte, 16), Points: []wire.Point{{X: 100, Y: 0, Label: 0.3, Test: true}, {X: 0, Y: 0, Label: -0.5}}},
		synth(1, [][]uint32{{1, 2}}, nil),
	}
	for i, g := range odd {
		for _, sz := range [][2]float64{{800, 600}, {1, 1}, {0, 0}, {50, 2000}} {
			s.Resize(sz[0], sz[1], 1)
			if err := s.Push(g.Append(nil), float64(i)); err != nil {
				t.Fatalf("snapshot %d: %v", i, err)
			}
			s.Mouse(sz[0]/2, sz[1]/2, true)
			for now := float64(i); now < float64(i)+2; now += 0.25 {
				s.Frame(now)
			}
		}
	}
	if err := s.Push([]byte("nope"), 9); err == nil {
		t.Error("a damaged snapshot was taken")
	}
}

// While a layer goes (and neurons come and go in the others), at every
// frame: no two tiles overlap, every tile is square, every strength bar
// lies in a gap (on no tile), no two labels overlap, and every neuron that
// is neither growing in nor going keeps its bar; no number is written in
// scientific notation. A first layer of 13 neurons shrinks its tiles to fit.
func TestLayeredTransitions(t *testing.T) {
	wide := make([]uint32, 13)
	for i := range wide {
		wide[i] = uint32(i + 1)
	}
	before := synth(1000, [][]uint32{wide, {20, 21, 22}, {30, 31}}, map[uint32]bool{13: true})
	before.Layers[2].Multiplier = -9.6e-05
	// Neuron 2 dies and 40 is born in layer 1, 21 dies in layer 2, layer 3 goes.
	after := synth(1100, [][]uint32{append(append([]uint32{1}, wide[2:]...), 40), {20, 22}}, map[uint32]bool{13: true})
	for _, sz := range layeredSizes {
		t.Run(sz.name, func(t *testing.T) {
			v := NewView(sz.w, sz.h, sz.sc)
			if err := v.Push(layeredRun([]string{"grown"}, before), 0); err != nil {
				t.Fatal(err)
			}
			f := v.Frame(0.1)
			check := func(when string, f *Frame, settled int) {
				t.Helper()
				var tiles []Map
				for _, m := range f.Maps {
					if kind := uint8(m.Key >> 40); kind == 4 {
						continue // the big map holds no tiles
					}
					if math.Abs(float64(m.W-m.H)) > 1e-3 {
						t.Errorf("%s: tile %x is %vx%v, not square", when, m.Key, m.W, m.H)
					}
					tiles = append(tiles, m)
				}
				for i, a := range tiles {
					for _, b := range tiles[:i] {
						if a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H {
							t.Errorf("%s: tiles %x (%v,%v %v) and %x (%v,%v %v) overlap", when, a.Key, a.X, a.Y, a.W, b.Key, b.X, b.Y, b.W)
						}
					}
				}
				for _, r := range f.Rects {
					for _, m := range tiles {
						if r.X < m.X+m.W && m.X < r.X+r.W && r.Y < m.Y+m.H && m.Y < r.Y+r.H {
							t.Errorf("%s: bar %+v lies on tile %x", when, r, m.Key)
						}
					}
				}
				if bars := len(f.Rects) / 3; bars < settled {
					t.Errorf("%s: %d strength bars for %d settled neurons", when, bars, settled)
				}
				labelsInside(t, f, sz.w, sz.h, sz.sc)
				for _, l := range f.Labels {
					if strings.Contains(l.Text, "e-") || strings.Contains(l.Text, "e+") || strings.Contains(l.Text, "×10") {
						t.Errorf("%s: label %q", when, l.Text)
					}
				}
			}
			check("before", &f, 18)
			if _, ok := label(&f, "gain ≈0"); !ok {
				t.Errorf("no label %q for the reserve layer in %v", "gain ≈0", f.Labels)
			}
			if m, _ := mapOf(&f, 2, 1); float64(m.W) < 6*sz.sc {
				t.Errorf("13 tiles of %v px", m.W)
			}
			if err := v.Push(layeredRun([]string{"grown"}, after), 1); err != nil {
				t.Fatal(err)
			}
			// 14 neurons stay (12 in layer 1, 2 in layer 2).
			for now := 1.0; now < 3; now += 1.0 / 60 {
				f = v.Frame(now)
				check(fmt.Sprintf("at %.2f s", now), &f, 14)
			}
			check("after", &f, 15)
			for _, l := range f.Labels {
				if strings.Contains(l.Text, "3 ·") || l.Text == "gain ≈0" {
					t.Errorf("the gone layer's label %q still drawn", l.Text)
				}
			}
			// And back: the layer comes again, neurons are born in the middle
			// of the columns and 40 goes.
			if err := v.Push(layeredRun([]string{"grown"}, before), 3); err != nil {
				t.Fatal(err)
			}
			for now := 3.0; now < 5; now += 1.0 / 60 {
				f = v.Frame(now)
				check(fmt.Sprintf("at %.2f s", now), &f, 14)
			}
			check("back", &f, 18)
		})
	}
}

func TestGainText(t *testing.T) {
	for _, c := range []struct {
		m    float32
		want string
	}{{13, "13"}, {1, "1"}, {0.03, "0.03"}, {3.94, "3.9"}, {0.52, "0.52"}, {0.0062, "0.0062"}, {3.4e-05, "≈0"}, {-9.6e-05, "≈0"}, {0.0049, "≈0"}, {-2.5, "-2.5"}, {130, "130"}, {9.96, "10"}} {
		if got := gainText(c.m); got != c.want {
			t.Errorf("gainText(%v) = %q, want %q", c.m, got, c.want)
		}
	}
}

// TestLayeredDeepHeaders: a network of fourteen one-unit layers (the
// two-spirals cascade) packs its columns, yet the input and output columns
// keep a header and no two headers overlap.
// Every settled layer has a header, all in one wording, left to right in
// order, and the widths they give add up to the title's count; the input
// and output keep theirs, even when a deep chain packs the columns.
func TestLayeredDeepHeaders(t *testing.T) {
	chain := make([]int, 15)
	for i := range chain {
		chain[i] = 1
	}
	wording := regexp.MustCompile(`^(?:layer (\d+) · (\d+) neurons?|layer (\d+) · (\d+)|L(\d+) · (\d+)|(\d+))$`)
	for _, shape := range [][]int{chain, {12, 4, 1, 1}, {8, 8, 8, 8, 8, 8}, {4, 2}} {
		ids := make([][]uint32, len(shape))
		id, total := uint32(1), 0
		for i, n := range shape {
			for range n {
				ids[i] = append(ids[i], id)
				id++
			}
			total += n
		}
		// (and the page's view on a small laptop, where a chain's headers were lost)
		sizes := append(slices.Clone(layeredSizes), layeredSizes[0])
		sizes[len(sizes)-1].name, sizes[len(sizes)-1].w, sizes[len(sizes)-1].h = "small", 922, 576
		for _, sz := range sizes {
			t.Run(fmt.Sprint(sz.name, shape), func(t *testing.T) {
				v := NewView(sz.w, sz.h, sz.sc)
				if err := v.Push(layeredRun([]string{"grown"}, synth(500, ids, nil)), 0); err != nil {
					t.Fatal(err)
				}
				v.Frame(0.05)
				f := v.Frame(5) // settled
				var ends []Label
				for _, l := range f.Labels {
					if l.Text == "input" || l.Text == "in" || l.Text == "output" || l.Text == "out" {
						ends = append(ends, l)
					}
				}
				if len(ends) != 2 || ends[0].X >= ends[1].X {
					t.Fatalf("the input and output headers: %v", ends)
				}
				var heads []Label
				form, sum := -1, 0
				for _, l := range f.Labels {
					m := wording.FindStringSubmatch(l.Text)
					if l.Role != RoleValue || l.Y != ends[0].Y || m == nil {
						continue
					}
					for g := 1; g < len(m); g++ {
						if m[g] == "" {
							continue
						}
						if f := (g - 1) / 2; form < 0 {
							form = f
						} else if f != form {
							t.Errorf("header %q is worded unlike the others", l.Text)
						}
						if g < 7 && m[g] != fmt.Sprint(len(heads)+1) {
							t.Errorf("header %q is number %d", l.Text, len(heads)+1)
						}
						break
					}
					var n int
					fmt.Sscan(m[len(m)-1]+m[2]+m[4]+m[6], &n)
					if n != shape[len(heads)] {
						t.Errorf("header %q for a layer of %d", l.Text, shape[len(heads)])
					}
					sum += n
					heads = append(heads, l)
					if l.X <= ends[0].X || l.X >= ends[1].X || len(heads) > 1 && l.X <= heads[len(heads)-2].X {
						t.Errorf("header %q out of order", l.Text)
					}
				}
				if len(heads) != len(shape) || sum != total {
					t.Errorf("%d headers adding up to %d for %d layers of %d neurons: %v", len(heads), sum, len(shape), total, f.Labels)
				}
				for i, a := range heads {
					for _, b := range heads[:i] {
						if overlapX(a, b, sz.sc) {
							t.Errorf("headers %q and %q overlap", a.Text, b.Text)
						}
					}
				}
				labelsInside(t, &f, sz.w, sz.h, sz.sc)
			})
		}
	}
}
