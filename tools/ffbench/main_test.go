package main

import "testing"

// TestParse reads go test's benchmark lines, native (with the -GOMAXPROCS
// suffix) and WebAssembly (without), and the harness's lines.
func TestParse(t *testing.T) {
	f := figures{}
	parseBench(f, "", []byte(`goos: linux
BenchmarkEpoch/2-4-2-1-2  	    8151	     80313 ns/op	        80.31 µs/epoch
BenchmarkEpoch/2-8-8-8-8-8-8-1         	    1171	    563773 ns/op	       563.8 µs/epoch
BenchmarkEpochRMSProp/2-8-8-1-2          	    3561	    229939 ns/op	       229.9 µs/epoch
PASS
`))
	parseBench(f, "wasm:", []byte("BenchmarkEpoch/2-4-2-1         \t    2074\t    279777 ns/op\t       279.8 µs/epoch\n"))
	parsePeer(f, []byte("nn.ts 2-8-8-1 417.9 0.0289\nnoise\n"))
	for _, c := range []struct {
		kind, shape string
		want        float64
	}{
		{"BenchmarkEpoch", "2-4-2-1", 80.31},
		{"BenchmarkEpoch", "2-8-8-8-8-8-8-1", 563.8},
		{"BenchmarkEpochRMSProp", "2-8-8-1", 229.9},
		{"wasm:BenchmarkEpoch", "2-4-2-1", 279.8},
		{"nn.ts", "2-8-8-1", 417.9},
	} {
		if got, ok := f[c.kind][c.shape]; !ok || got != c.want {
			t.Errorf("%s %s: %v (%v), want %v", c.kind, c.shape, got, ok, c.want)
		}
	}
	if n := len(f["BenchmarkEpoch"]); n != 2 {
		t.Errorf("BenchmarkEpoch has %d shapes, want 2: %v", n, f["BenchmarkEpoch"])
	}
}

// TestCell gives the median and the range of the rounds.
func TestCell(t *testing.T) {
	all := []figures{{}, {}, {}}
	for i, v := range []float64{130, 110, 121} {
		all[i].put("nn.ts", "2-4-2-1", v)
	}
	if got, want := cell(all, "nn.ts", "2-4-2-1"), "121 (110–130)"; got != want {
		t.Errorf("cell %q, want %q", got, want)
	}
	if got := cell(all, "nn.ts", "2-8-8-1"); got != "n/a" {
		t.Errorf("missing cell %q, want n/a", got)
	}
	if m, ok := median(all[:2], "nn.ts", "2-4-2-1"); !ok || m != 120 {
		t.Errorf("median of two %v, want 120", m)
	}
}
