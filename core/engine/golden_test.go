package engine

import (
	"flag"
	"os"
	"sort"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/digests.golden")

// TestDigestsGolden pins the bits of the digest cases: a faster kernel, a
// cheaper exp or tanh must leave every run exactly as it was, so that share
// links made before keep opening the same runs.
func TestDigestsGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("trains three runs for 2,000 cycles")
	}
	cases := digestCases()
	names := make([]string, 0, len(cases))
	for n := range cases {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		b.WriteString(digestLine(n, cases[n]) + "\n")
	}
	const path = "testdata/digests.golden"
	if *updateGolden {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Fatalf("digests changed:\n got:\n%s\nwant:\n%s", b.String(), want)
	}
}
