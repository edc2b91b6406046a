package task

import (
	"math"
	"strings"
	"testing"
)

// render reads n symbols from s as text.
func render(s *Stream, n int) string {
	alpha := s.Alphabet()
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteRune(alpha[s.Next()])
	}
	return b.String()
}

func mustStream(t *testing.T, spec Spec, seed uint64) *Stream {
	t.Helper()
	s, err := NewStream(spec, 40, seed)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestFloorsMatchPaper(t *testing.T) {
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"easy p=0.6", EasyFloor(0.6), 0.2404},
		{"hard L=6", HardFloor(6), 0.2240},
		{"hard L=5", HardFloor(5), 0.2299},
	} {
		if math.Abs(c.got-c.want) > 5e-5 {
			t.Errorf("%s floor = %.5f, paper says %.4f", c.name, c.got, c.want)
		}
	}
}

// groups splits text like "(ab)(abab)" into its groups' contents.
func groups(t *testing.T, text string) []string {
	t.Helper()
	var out []string
	for _, g := range strings.Split(text, ")")[1:] { // skip the first, possibly partial, group
		if !strings.HasPrefix(g, "(") {
			continue
		}
		out = append(out, g[1:])
	}
	return out[:len(out)-1] // the last is cut by the read length
}

func TestEasyGrammarAndEmpiricalEntropy(t *testing.T) {
	const p = 0.6
	gs := groups(t, render(mustStream(t, Spec{Kind: Easy, P: p}, 1), 400000))
	further := 0
	for _, g := range gs {
		if len(g) < 2 || len(g)%2 != 0 || strings.Trim(g, "ab") != "" || strings.ReplaceAll(g, "ab", "") != "" {
			t.Fatalf("malformed easy group %q", g)
		}
		further += len(g)/2 - 1
	}
	mean := float64(further) / float64(len(gs))
	if want := p / (1 - p); math.Abs(mean-want) > 0.05 {
		t.Errorf("mean further pairs %.3f, want %.3f", mean, want)
	}
}

func TestHardGrammar(t *testing.T) {
	for _, l := range []int{5, 6} {
		gs := groups(t, render(mustStream(t, Spec{Kind: Hard, L: l}, 2), 80000))
		pos := make([]int, l)
		for i := 1; i < len(gs); i++ {
			prev, cur := gs[i-1], gs[i]
			if len(cur) != l || strings.Trim(cur, "ab") != "" {
				t.Fatalf("L=%d: malformed group %q", l, cur)
			}
			diff := 0
			for j := 0; j < l; j++ {
				if cur[j] != prev[l-1-j] {
					diff++
					pos[j]++
				}
			}
			if diff != 1 {
				t.Fatalf("L=%d: group %q is not %q reversed with one flip", l, cur, prev)
			}
		}
		for j, n := range pos {
			if frac := float64(n) / float64(len(gs)-1); math.Abs(frac-1/float64(l)) > 0.02 {
				t.Errorf("L=%d: position %d flipped in %.3f of groups, want %.3f", l, j, frac, 1/float64(l))
			}
		}
	}
}

func TestScheduleSwitchesAtGroupBoundaries(t *testing.T) {
	spec := Spec{Kind: EasyHardEasy, Span: 300}
	s := mustStream(t, spec, 3)
	text := render(s, 300*40+100)
	ph := s.Phases()
	if len(ph) != 3 || ph[1].StartCycle != 100 || ph[2].StartCycle != 200 {
		t.Fatalf("phases %+v", ph)
	}
	first, mid, last := text[:100*40-20], text[100*40+20:200*40-20], text[200*40+20:]
	if strings.Contains(first, "aa") || strings.Contains(last, "aa") {
		t.Error("easy phase contains a hard group")
	}
	if !strings.Contains(mid, "aa") && !strings.Contains(mid, "bb") {
		t.Error("hard phase has no hard groups")
	}
	if s.Phase().Name != Easy {
		t.Errorf("final phase %q, want easy", s.Phase().Name)
	}
}

func TestSameSeedSameStream(t *testing.T) {
	a := render(mustStream(t, Spec{Kind: Hard}, 9), 2000)
	b := render(mustStream(t, Spec{Kind: Hard}, 9), 2000)
	c := render(mustStream(t, Spec{Kind: Hard}, 10), 2000)
	if a != b || a == c {
		t.Error("streams are not a function of the seed")
	}
}

func TestCustomText(t *testing.T) {
	s := mustStream(t, Spec{Kind: Custom, Text: "héllo"}, 1)
	if got := string(s.Alphabet()); got != "hloé" {
		t.Fatalf("alphabet %q, want the sorted distinct symbols %q", got, "hloé")
	}
	if got := render(s, 12); got != "héllohéllohé" {
		t.Errorf("custom stream %q, want the text looped", got)
	}
	if !math.IsNaN(s.Phase().Floor) {
		t.Error("custom text claims a known floor")
	}
}

func TestInvalidSpecsNameTheField(t *testing.T) {
	for _, c := range []struct {
		spec  Spec
		field string
	}{
		{Spec{Kind: "nope"}, "task.kind"},
		{Spec{Kind: Easy, P: 1.5}, "task.p"},
		{Spec{Kind: Easy, P: math.NaN()}, "task.p"},
		{Spec{Kind: Easy, P: -0.1}, "task.p"},
		{Spec{Kind: Hard, L: 1}, "task.l"},
		{Spec{Kind: Hard, L: 1000}, "task.l"},
		{Spec{Kind: EasyHardEasy, Span: -5}, "task.span"},
		{Spec{Kind: Custom, Text: ""}, "task.text"},
		{Spec{Kind: Custom, Text: "aaaa"}, "task.text"},
		{Spec{Kind: Custom, Text: "a\x00b"}, "task.text"},
		{Spec{Kind: Custom, Text: "\xff\xfe"}, "task.text"},
		{Spec{Kind: Custom, Text: manySymbols(MaxAlphabet + 1)}, "task.text"},
	} {
		err := c.spec.Validate()
		if err == nil || !strings.HasPrefix(err.Error(), c.field) {
			t.Errorf("%+v: error %v, want one naming %s", c.spec, err, c.field)
		}
		if _, err := NewStream(c.spec, 40, 1); err == nil {
			t.Errorf("%+v: NewStream accepted it", c.spec)
		}
	}
	if err := (Spec{Kind: Custom, Text: manySymbols(MaxAlphabet)}).Validate(); err != nil {
		t.Errorf("a %d-symbol text was rejected: %v", MaxAlphabet, err)
	}
}

func manySymbols(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteRune(rune('0' + i))
	}
	return b.String()
}

func TestStreamStateResumesExactly(t *testing.T) {
	for _, spec := range []Spec{{Kind: Easy}, {Kind: Hard}, {Kind: EasyHardEasy, Span: 50}, {Kind: Custom, Text: "abcab"}} {
		s := mustStream(t, spec, 4)
		render(s, 1234)
		st, err := s.State()
		if err != nil {
			t.Fatal(err)
		}
		r, err := RestoreStream(st)
		if err != nil {
			t.Fatalf("%s: %v", spec.Kind, err)
		}
		if a, b := render(s, 3000), render(r, 3000); a != b {
			t.Errorf("%s: restored stream differs", spec.Kind)
		}
		bad := st
		bad.Pos = len(st.Group) + 1
		if _, err := RestoreStream(bad); err == nil {
			t.Errorf("%s: accepted a position past the group", spec.Kind)
		}
		bad = st
		bad.RNG = []byte{1}
		if _, err := RestoreStream(bad); err == nil {
			t.Errorf("%s: accepted a truncated rng state", spec.Kind)
		}
	}
}
