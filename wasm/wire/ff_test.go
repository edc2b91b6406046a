package wire

import (
	"reflect"
	"testing"
)

func sampleLayered() Layered {
	m := func(v byte) []byte { return []byte{v, v + 1, v + 2, v + 3} }
	return Layered{
		Cycle: 99, Rate: 10, Playing: true, Threshold: 0.05, Half: 6, Res: 2, OutRes: 3,
		Features: []string{"x", "y"}, FeatMaps: [][]byte{m(0), m(10)},
		Layers: []Layer{
			{IDs: []uint32{1, 4}, Born: []int64{0, 50}, Strength: []float32{1, 0.02}, Multiplier: 1,
				W: []float32{1, 2, 3, 4}, Maps: [][]byte{m(20), m(30)}},
			{IDs: []uint32{2}, Born: []int64{0}, Strength: []float32{0.3}, Multiplier: 0.02, Born0: 7,
				W: []float32{-1, 1}, Out: []float32{0.5}, Maps: [][]byte{m(40)}},
		},
		OutMap: []byte{200, 201, 202, 203, 204, 205, 206, 207, 208}, Loss: 0.25, TestLoss: 0.5,
		Points: []Point{{X: 1, Y: -2, Label: 1}, {X: 0, Y: 3, Label: -1, Test: true}},
	}
}

func TestLayeredRoundTrip(t *testing.T) {
	g := sampleLayered()
	b := g.Append(nil)
	var got Layered
	if err := got.Decode(b); err != nil {
		t.Fatal(err)
	}
	g.Layers[0].Out = []float32{} // decoded as empty, not nil
	got.Layers[0].Out = []float32{}
	if !reflect.DeepEqual(got, g) {
		t.Fatalf("got %+v\nwant %+v", got, g)
	}
	if got.N() != 3 {
		t.Fatalf("N = %d, want 3", got.N())
	}
	// Every truncation is an error, never a panic.
	for n := range len(b) {
		if err := new(Layered).Decode(b[:n]); err == nil {
			t.Fatalf("a snapshot cut to %d of %d bytes decoded", n, len(b))
		}
	}
	// A layered runner travels with its kind.
	msg := AppendRunners(nil, []Runner{{Name: "grown", Kind: KindLayered, Graph: b}})
	rs, err := SplitRunners(msg)
	if err != nil || len(rs) != 1 || rs[0].Kind != KindLayered {
		t.Fatalf("runners %+v, %v", rs, err)
	}
	msg[4+1+1+len("grown")] = 9
	if _, err := SplitRunners(msg); err == nil {
		t.Fatal("an unknown kind was accepted")
	}
}

func TestMapByte(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want byte
	}{{-1, 0}, {-2, 0}, {1, 255}, {5, 255}, {0, 128}} {
		if got := MapByte(c.v); got != c.want {
			t.Errorf("MapByte(%v) = %d, want %d", c.v, got, c.want)
		}
	}
	if v := MapValue(MapByte(0.5)); v < 0.49 || v > 0.51 {
		t.Errorf("MapValue(MapByte(0.5)) = %v", v)
	}
}

func FuzzLayeredDecode(f *testing.F) {
	g := sampleLayered()
	f.Add(g.Append(nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		var got Layered
		if got.Decode(b) == nil {
			if back := got.Append(nil); len(back) != len(b) {
				t.Fatalf("re-encoded %d bytes from %d", len(back), len(b))
			}
		}
	})
}
