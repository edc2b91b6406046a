package wire

import (
	"reflect"
	"testing"
)

func sample() Graph {
	return Graph{
		Cycle: 1234, Rate: 4, Playing: true, Threshold: 0.05,
		Alphabet: []rune("ab()"),
		IDs:      []uint32{3, 7}, Strength: []float32{0.5, 0.01}, Born: []int64{0, 900},
		WxhT:   []float32{1, 2, 3, 4, 5, 6, 7, 8},
		Whh:    []float32{0.1, -0.2, 0.3, -0.4},
		Why:    []float32{-1, -2, -3, -4, -5, -6, -7, -8},
		Hidden: []float32{0, 0, 0.5, -0.5, 0.9, 0.1},
		Inputs: []uint8{2, 0}, Next: 1,
		Probs: []float32{0.25, 0.25, 0.25, 0.25, 0.7, 0.1, 0.1, 0.1},
	}
}

func TestRoundTrip(t *testing.T) {
	g := sample()
	b := g.Append(nil)
	var got Graph
	if err := got.Decode(b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, g) {
		t.Fatalf("got %+v\nwant %+v", got, g)
	}
	if got.N() != 2 || got.V() != 4 || got.W() != 2 {
		t.Fatalf("sizes %d %d %d", got.N(), got.V(), got.W())
	}
	// Decoding a smaller snapshot into the same value shrinks it.
	small := Graph{Alphabet: []rune("xy")}
	if err := got.Decode(small.Append(nil)); err != nil || got.N() != 0 || got.V() != 2 {
		t.Fatalf("small snapshot: %v, N=%d V=%d", err, got.N(), got.V())
	}
}

func TestDecodeRefusesDamage(t *testing.T) {
	g := sample()
	b := g.Append(nil)
	for n := 0; n < len(b); n++ {
		var got Graph
		if err := got.Decode(b[:n]); err == nil {
			t.Fatalf("truncated to %d bytes: no error", n)
		}
	}
	bad := append([]byte(nil), b...)
	bad[0] ^= 1
	var got Graph
	if err := got.Decode(bad); err == nil {
		t.Fatal("bad magic accepted")
	}
	bad = append([]byte(nil), b...)
	bad[len(bad)-4*8-1] = 9 // last input symbol
	if err := got.Decode(bad); err == nil {
		t.Fatal("out-of-range symbol accepted")
	}
	if err := got.Decode(append(b, 0)); err == nil {
		t.Fatal("trailing byte accepted")
	}
}

func FuzzDecode(f *testing.F) {
	g := sample()
	f.Add(g.Append(nil))
	f.Add([]byte{})
	f.Add((&Graph{Alphabet: []rune("ab"), Hidden: []float32{}}).Append(nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		var got Graph
		if err := got.Decode(b); err != nil {
			return
		}
		// Whatever decodes re-encodes to the same bytes.
		if out := got.Append(nil); string(out) != string(b) {
			t.Fatalf("re-encoding differs")
		}
	})
}
