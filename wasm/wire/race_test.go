package wire

import (
	"bytes"
	"testing"
)

func TestRaceRoundTrip(t *testing.T) {
	g := Graph{Cycle: 7, Alphabet: []rune("ab"), IDs: []uint32{1}, Strength: []float32{1}, Born: []int64{0},
		WxhT: make([]float32, 2), Whh: make([]float32, 1), Why: make([]float32, 2), Hidden: make([]float32, 1)}
	one := g.Append(nil)
	msg := AppendRace(nil, []Runner{{"growing", one}, {"fixed 10", one}})
	if !IsRace(msg) || IsRace(one) {
		t.Fatal("IsRace confuses the kinds")
	}
	rs, err := SplitRace(msg)
	if err != nil || len(rs) != 2 || rs[1].Name != "fixed 10" || !bytes.Equal(rs[0].Graph, one) {
		t.Fatalf("%v %+v", err, rs)
	}
	var back Graph
	if err := back.Decode(rs[1].Graph); err != nil || back.Cycle != 7 {
		t.Fatalf("%v %+v", err, back)
	}
	for cut := 0; cut < len(msg); cut++ {
		if _, err := SplitRace(msg[:cut]); err == nil {
			t.Fatalf("a message cut at %d bytes was accepted", cut)
		}
	}
	if _, err := SplitRace(append(msg, 0)); err == nil {
		t.Fatal("trailing bytes accepted")
	}
}

func FuzzSplitRace(f *testing.F) {
	f.Add(AppendRace(nil, []Runner{{"a", []byte{1, 2, 3}}, {"", nil}}))
	f.Add([]byte{0x44, 0x53, 0x52, 0x01, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		rs, err := SplitRace(b)
		if err != nil {
			return
		}
		if again := AppendRace(nil, rs); !bytes.Equal(again, b) {
			t.Fatalf("not canonical")
		}
	})
}
