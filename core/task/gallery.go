package task

import (
	_ "embed"
	"fmt"
	"math"
	"strings"

	"github.com/diffstruct/diffstruct/core/detmath"
)

// The gallery: sequence tasks beyond the paper's, each a classic test of
// what a recurrent network can remember, each with its exact entropy floor
// (english, a real text, has none; its unigram and bigram entropies are
// shown instead, see TextLines).
const (
	Period  = "period"
	Count   = "count"
	Copy    = "copy"
	Parity  = "parity"
	Reber   = "reber"
	English = "english"
)

// Parameters of the gallery tasks.
const (
	PeriodPattern = "abacbc" // the period task's pattern, repeated
	CountMax      = 8        // the count task's n is uniform in 1..CountMax
	CopyLen       = 4        // the copy task's random letters per group
	ParityBits    = 2        // the parity task's random bits per group
)

// PeriodFloor is the period task's entropy floor: 0. Every symbol is fixed
// by the two before it (ab->a, ba->c, ac->b, cb->c, bc->a, ca->b), so once
// the phase of the pattern is known nothing is uncertain.
const PeriodFloor = 0.0

// CountFloor returns the entropy floor of a^n b^n with n uniform in
// 1..max, groups back to back, in nats per symbol: ln(max) / (max+1).
//
// Which symbols are uncertain: the first a of a group is certain (the
// previous group's b's have just matched its a's); after the k-th a
// (1 <= k < max) the next symbol is a if n > k, b if n = k, an uncertain
// choice; after the max-th a it is surely b. Once the first b has come, n
// is known, and the remaining n-1 b's and the next group's first a are
// certain. The choices after the a's reveal n and nothing else, so by the
// chain rule they carry H(n) = ln(max) in all. A group has 2n symbols, on
// average 2 * (max+1)/2 = max+1: for max = 8, ln 8 / 9 = 0.2310.
func CountFloor(max int) float64 {
	return detmath.Log(float64(max)) / float64(max+1)
}

// CopyFloor returns the entropy floor of the copy task, in nats per symbol:
// k random letters from {a, b}, then "=", then the same k letters again,
// 2k+1 symbols per group. Only the k random letters are uncertain, ln 2
// each (they do not depend on anything before them); the "=" comes at a
// fixed place and the copies repeat letters already seen: k ln 2 / (2k+1),
// for k = 4, 4 ln 2 / 9 = 0.3081.
func CopyFloor(k int) float64 {
	return float64(float64(k)*math.Ln2) / float64(2*k+1)
}

// ParityFloor returns the entropy floor of the parity task, in nats per
// symbol: groups of b random bits (0 or 1), then a parity symbol, e if the
// group holds an even number of 1s, o if odd. The bits are uniform and
// independent of everything before them, ln 2 each; the parity symbol is a
// function of the bits just read and marks where the next group starts:
// b ln 2 / (b+1), for b = 2, 2 ln 2 / 3 = 0.4621.
func ParityFloor(b int) float64 {
	return float64(float64(b)*math.Ln2) / float64(b+1)
}

// ReberFloor is the entropy floor of the embedded Reber grammar, in nats
// per symbol: 7 ln 2 / 12 = 0.4043.
//
// The Reber grammar's automaton (states 1..6, each edge taken with
// probability 1/2 where there are two):
//
//	start -B-> 1;  1 -T-> 2, 1 -P-> 3;  2 -S-> 2, 2 -X-> 4;  3 -T-> 3, 3 -V-> 5;
//	4 -X-> 3, 4 -S-> 6;  5 -P-> 4, 5 -V-> 6;  6 -E-> end.
//
// Each state 1..5 has two edges with distinct symbols, so a predictor that
// has read the string so far knows the state and each step from 1..5 is one
// fair binary choice (ln 2); B and E are certain. With K the number of
// choices, a Reber string has K+2 symbols. The expected choices k_i to
// reach 6 from state i solve k_2 = 1 + (k_2+k_4)/2, k_3 = 1 + (k_3+k_5)/2,
// k_4 = 1 + k_3/2, k_5 = 1 + k_4/2, k_1 = 1 + (k_2+k_3)/2: k_4 = 10/3,
// k_3 = 14/3, k_5 = 8/3, k_2 = 16/3 and E[K] = k_1 = 6, so a Reber string
// has 8 symbols on average. The embedded string is B, then T or P (a fair
// choice), a Reber string, the same T or P again (certain: it repeats the
// first) and E, 12 symbols on average; strings follow each other, the next
// B certain after E. Its entropy is ln 2 (the outer choice) + 6 ln 2 (the
// inner ones) = 7 ln 2 per 12 symbols.
const ReberFloor = 7 * math.Ln2 / 12

// ReberAlphabet is the Reber task's alphabet.
const ReberAlphabet = "BTPSXVE"

// Symbol indices of ReberAlphabet.
const (
	rbB = iota
	rbT
	rbP
	rbS
	rbX
	rbV
	rbE
)

// reberEdges is the Reber grammar's automaton: reberEdges[state] lists the
// two (symbol, next state) edges out of states 1..5; state 6 emits E.
var reberEdges = [6][2][2]int{
	1: {{rbT, 2}, {rbP, 3}},
	2: {{rbS, 2}, {rbX, 4}},
	3: {{rbT, 3}, {rbV, 5}},
	4: {{rbX, 3}, {rbS, 6}},
	5: {{rbP, 4}, {rbV, 6}},
}

//go:embed texts/gettysburg.txt
var gettysburg string

// EnglishText is the english task's text: Abraham Lincoln's Gettysburg
// Address (November 19, 1863; the Bliss copy, in the public domain),
// lower-cased, each run of white space one space, its dashes "--". It is
// looped, as a custom text is.
var EnglishText = strings.Join(strings.Fields(strings.ToLower(gettysburg)), " ")

// gallery describes the gallery's tasks, in the order a user interface
// shows them: everything the rest of the package (Kinds, Describe,
// Alphabet, Phases, the streams) knows of them.
var gallery = []struct {
	kind     string
	alphabet string // "" for english: the text's own
	about    string // one line
	example  string
	floor    float64 // nats per symbol; NaN: unknown
	formula  string  // the floor's closed form
	group    func(s *Stream)
}{
	{kind: Period, alphabet: "abc", about: "The fixed pattern abacbc repeated: each symbol follows from the two before it",
		example: "abacbcabacbcabacbc", floor: PeriodFloor, formula: "0", group: (*Stream).periodGroup},
	{kind: Count, alphabet: "ab", about: "a^n b^n with n uniform in 1..8: count the a's, then as many b's",
		example: "aaabbbabaaaaabbbbb", floor: CountFloor(CountMax), formula: "ln 8 / 9", group: (*Stream).countGroup},
	{kind: Copy, alphabet: "ab=", about: "4 random letters, =, then the same 4 letters again",
		example: "abba=abbabaab=baab", floor: CopyFloor(CopyLen), formula: "4 ln 2 / 9", group: (*Stream).copyGroup},
	{kind: Parity, alphabet: "01eo", about: "2 random bits, then their parity: e if even, o if odd",
		example: "01o11e00e10o", floor: ParityFloor(ParityBits), formula: "2 ln 2 / 3", group: (*Stream).parityGroup},
	{kind: Reber, alphabet: ReberAlphabet, about: "The embedded Reber grammar: B T <Reber string> T E or B P <Reber string> P E",
		example: "BTBTSXSETEBPBPVVEPE", floor: ReberFloor, formula: "7 ln 2 / 12", group: (*Stream).reberGroup},
	{kind: English, about: "The Gettysburg Address, lower-cased and looped; no known floor: its unigram and bigram losses are the yardsticks",
		example: "four score and seven years ago", floor: math.NaN(), formula: "unknown"},
}

// galleryIndex returns the index of kind in gallery, or -1.
func galleryIndex(kind string) int {
	for i, g := range gallery {
		if g.kind == kind {
			return i
		}
	}
	return -1
}

// GalleryTask is one task, as a command's help lists it.
type GalleryTask struct {
	Kind        string
	Description string  // one line, without the example
	Example     string  // the start of a stream; "" for a schedule
	Floor       float64 // nats per symbol (a schedule's first phase's); NaN when unknown (english)
	Formula     string  // the floor's closed form at the default parameters ("ln 8 / 9")
	Lines       []Line  // reference lines (english: its unigram and bigram entropies)
}

// Gallery returns every task kind but custom with its description, example
// and floor: the paper's tasks (at their default parameters), then the
// gallery's.
func Gallery() []GalleryTask {
	var out []GalleryTask
	for _, k := range Kinds {
		if k == Custom {
			continue
		}
		ph := Spec{Kind: k}.Phases()
		t := GalleryTask{Kind: k, Floor: ph[0].Floor, Lines: ph[0].Lines}
		if i := galleryIndex(k); i >= 0 {
			g := gallery[i]
			t.Description, t.Example, t.Formula = g.about, g.example, g.formula
		} else {
			t.Description, t.Example, _ = strings.Cut(Describe(k), ": ")
			switch k {
			case Easy:
				t.Formula = fmt.Sprintf("H(p) / (1-p) / (4 + 2p/(1-p)), p = %g", DefaultP)
			case Hard:
				t.Formula = fmt.Sprintf("ln %d / %d", DefaultL, DefaultL+2)
			default:
				t.Formula = "easy's and hard's, by phase"
			}
		}
		out = append(out, t)
	}
	return out
}

// Line is a reference loss an observer can draw next to the training loss:
// for a text, the loss of the best unigram or bigram predictor.
type Line struct {
	Name string  `json:"name"` // "unigram", "bigram"
	Nats float64 `json:"nats"` // nats per symbol
}

// TextLines returns a text's reference lines: its unigram entropy (the
// loss of predicting each symbol from the symbols' frequencies alone) and
// its bigram entropy (the conditional entropy of a symbol given the one
// before it: the loss of the best predictor that sees one symbol back), in
// nats per symbol, over the looped text (the last symbol is followed by the
// first). A network that has learnt more than symbol pairs goes below the
// bigram line. Logarithms are detmath's, so the numbers are the same on
// every platform. A text that cannot be a task has none.
func TextLines(text string) []Line {
	alpha, err := TextAlphabet(text)
	if err != nil {
		return nil
	}
	index := make(map[rune]int, len(alpha))
	for i, r := range alpha {
		index[r] = i
	}
	v := len(alpha)
	seq := make([]int, 0, len(text))
	for _, r := range text {
		seq = append(seq, index[r])
	}
	n := len(seq)
	uni := make([]int, v)
	pairs := make([]int, v*v) // pairs[a*v+b]: a followed by b
	for i, a := range seq {
		uni[a]++
		pairs[a*v+seq[(i+1)%n]]++
	}
	fn := float64(n)
	var h1, h2 float64
	for a := 0; a < v; a++ {
		if uni[a] == 0 {
			continue
		}
		ca := float64(uni[a])
		h1 -= float64(float64(ca/fn) * detmath.Log(ca/fn))
		for b := 0; b < v; b++ {
			if c := float64(pairs[a*v+b]); c > 0 {
				h2 -= float64(float64(c/fn) * detmath.Log(c/ca))
			}
		}
	}
	return []Line{{Name: "unigram", Nats: h1}, {Name: "bigram", Nats: h2}}
}

// periodGroup emits the pattern once; the first group starts at a random
// phase of it.
func (s *Stream) periodGroup() {
	start := 0
	if s.count == 0 {
		start = s.rnd.IntN(len(PeriodPattern))
	}
	for _, c := range PeriodPattern[start:] {
		s.buf = append(s.buf, int(c-'a'))
	}
}

// countGroup emits a^n b^n, n uniform in 1..CountMax.
func (s *Stream) countGroup() {
	n := 1 + s.rnd.IntN(CountMax)
	for range n {
		s.buf = append(s.buf, 0)
	}
	for range n {
		s.buf = append(s.buf, 1)
	}
}

// copyGroup emits CopyLen random letters a or b, "=", and the letters again.
func (s *Stream) copyGroup() {
	for range CopyLen {
		s.buf = append(s.buf, s.rnd.IntN(2))
	}
	s.buf = append(s.buf, 2)
	s.buf = append(s.buf, s.buf[:CopyLen]...)
}

// parityGroup emits ParityBits random bits and their parity (2: e, 3: o).
func (s *Stream) parityGroup() {
	p := 0
	for range ParityBits {
		b := s.rnd.IntN(2)
		p ^= b
		s.buf = append(s.buf, b)
	}
	s.buf = append(s.buf, 2+p)
}

// reberGroup emits one embedded Reber string.
func (s *Stream) reberGroup() {
	outer := rbT
	if s.rnd.IntN(2) == 1 {
		outer = rbP
	}
	s.buf = append(s.buf, rbB, outer, rbB)
	for state := 1; state != 6; {
		e := reberEdges[state][s.rnd.IntN(2)]
		s.buf = append(s.buf, e[0])
		state = e[1]
	}
	s.buf = append(s.buf, rbE, outer, rbE)
}

// englishAlphabet and englishLines are EnglishText's alphabet and reference lines.
var (
	englishAlphabet, _ = TextAlphabet(EnglishText)
	englishLines       = TextLines(EnglishText)
)

// looped returns the text a text task loops: a custom task's own, the
// english task's EnglishText.
func (s Spec) looped() (string, bool) {
	switch s.Kind {
	case Custom:
		return s.Text, true
	case English:
		return EnglishText, true
	}
	return "", false
}
