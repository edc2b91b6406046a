package session

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

// goldenLinks are the README's example links and a few more covering every
// preset, a schedule, a recorded switch, custom text and a race. Their
// fingerprints were recorded before the single-run-model refactor: links made
// before it must open the very same runs after it.
var goldenLinks = []string{
	"#task=hard&preset=paper&seed=1&speed=max&play=1&stop=5000",
	"#only=graph,play&task=hard&speed=100",
	"#race=10,37&task=hard&play=1&hide=controls,reading,explain",
	"#tour=1",
	"#task=nope",
	"#task=easy-hard-easy&span=3000&preset=paper-v1&seed=4",
	"#task=easy&preset=fixed&n=12&seed=2&switch=hard@700,easy@1400",
	"#task=custom&text=to%20be%20or%20not%20to%20be&seed=3&learning_rate=0.02&l1=0.0002",
	"#task=hard&l=5&race=20&seed=7",
}

// goldenCycles is how far each link is run before its fingerprint is taken.
const goldenCycles = 2000

var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/links.golden")

// fingerprints runs the link's session for goldenCycles and describes every
// runner's state.
func fingerprints(t *testing.T, link string) string {
	t.Helper()
	s, _ := New(link)
	for s.Cycle() < goldenCycles {
		s.Step()
	}
	return s.Fingerprint()
}

func TestReadmeLinksKeepTheirFingerprints(t *testing.T) {
	if testing.Short() {
		t.Skip("trains every link for 2,000 cycles")
	}
	var b strings.Builder
	for _, l := range goldenLinks {
		fmt.Fprintf(&b, "%s %s\n", l, fingerprints(t, l))
	}
	const path = "testdata/links.golden"
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
		t.Fatalf("fingerprints changed:\n got:\n%s\nwant:\n%s", b.String(), want)
	}
}

// Fingerprint lists every runner's digest and neuron count.
func (s *Session) Fingerprint() string {
	out := ""
	for i := range s.Runners() {
		o := s.Observe(i)
		if i > 0 {
			out += " "
		}
		out += fmt.Sprintf("%016x/%d", o.Digest, o.N())
	}
	return out
}
