package wire

import (
	"bytes"
	"testing"
)

func TestRunnersRoundTrip(t *testing.T) {
	g := Graph{Cycle: 7, Alphabet: []rune("ab"), IDs: []uint32{1}, Strength: []float32{1}, Born: []int64{0},
		WxhT: make([]float32, 2), Whh: make([]float32, 1), Why: make([]float32, 2), Hidden: make([]float32, 1)}
	one := g.Append(nil)
	msg := AppendRunners(nil, []Runner{{Name: "growing", Graph: one}, {Name: "fixed 10", Graph: one}})
	if _, err := SplitRunners(one); err == nil {
		t.Fatal("a bare snapshot was taken for a list of runners")
	}
	if solo, err := SplitRunners(AppendRunners(nil, []Runner{{Name: "growing", Graph: one}})); err != nil || len(solo) != 1 {
		t.Fatalf("a run of one: %v %+v", err, solo)
	}
	rs, err := SplitRunners(msg)
	if err != nil || len(rs) != 2 || rs[1].Name != "fixed 10" || !bytes.Equal(rs[0].Graph, one) {
		t.Fatalf("%v %+v", err, rs)
	}
	var back Graph
	if err := back.Decode(rs[1].Graph); err != nil || back.Cycle != 7 {
		t.Fatalf("%v %+v", err, back)
	}
	for cut := 0; cut < len(msg); cut++ {
		if _, err := SplitRunners(msg[:cut]); err == nil {
			t.Fatalf("a message cut at %d bytes was accepted", cut)
		}
	}
	if _, err := SplitRunners(append(msg, 0)); err == nil {
		t.Fatal("trailing bytes accepted")
	}
}

func FuzzSplitRunners(f *testing.F) {
	f.Add(AppendRunners(nil, []Runner{{Name: "a", Graph: []byte{1, 2, 3}}, {Name: ""}}))
	f.Add([]byte{0x44, 0x53, 0x52, 0x02, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		rs, err := SplitRunners(b)
		if err != nil {
			return
		}
		if again := AppendRunners(nil, rs); !bytes.Equal(again, b) {
			t.Fatalf("not canonical")
		}
	})
}
