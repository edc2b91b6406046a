package task

import (
	"math"
	"strings"
	"testing"
)

// TestMemorySpans computes the spans of the tasks whose span follows from
// their grammar, and checks them against the derivation:
//
//   - easy: 1. After "(" comes a, after a comes b, after ")" comes "(",
//     after b comes a or ")" with the group's chance: the symbol before
//     decides everything that can be decided.
//   - period: 2. abacbc: a is followed by b or c, but each pair decides the
//     next symbol (ab->a, ba->c, ac->b, cb->c, bc->a, ca->b).
//   - parity: 2. The parity symbol is the parity of the two bits before
//     it; the bits are random whatever came before.
//   - copy: 8, not 5. The copies are 5 symbols after their letters, but
//     with 5 to 7 symbols in view the window may hold no "=", and then it
//     cannot tell the "=" from the random letters before it: h(5) =
//     (4 H(1/4, 3/8, 3/8) + ln 2) / 9 = 0.558, h(6) = (3 ln 3 + 2 ln 2) / 9 =
//     0.520, h(7) = 0.462 (1.5 times the floor). 8 symbols back from any
//     position but the "=" there is a "=", and a window of 8 without one
//     is followed by "=".
//   - hard: 13. Letter j (0-based) of a group is the previous group's
//     letter 5-j, flipped if this is the flip, 3+2j symbols back: the last
//     letter's is 13 back, and with 12 in view that letter is a coin toss
//     whenever the flip has not been seen (h(12) = 0.311, 1.39 times the
//     floor).
func TestMemorySpans(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 200_000
	}
	for _, c := range []struct {
		kind string
		span int
	}{{Easy, 1}, {Period, 2}, {Parity, 2}, {Copy, 8}, {Hard, 13}} {
		s, err := MemorySpan(c.kind, n, SpanSeed, SpanCap)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: span %d, h(k) %.4f", c.kind, s.Span, s.H)
		if s.Span != c.span || s.Capped {
			t.Errorf("%s: span %d (capped %v), want %d", c.kind, s.Span, s.Capped, c.span)
		}
		checkCurve(t, s)
	}
}

// checkCurve checks what any span's estimates must satisfy: one per k up
// to the span, non-increasing (the true h(k) is; the estimate may wobble
// by its noise, well under 0.002 nats per symbol here), within tolerance
// of the floor at the span and not before, never below the floor by more
// than the noise, and h(0) the entropy of a symbol alone: at most ln V.
func checkCurve(t *testing.T, s Span) {
	t.Helper()
	if len(s.H) != s.Span+1 {
		t.Fatalf("%s: %d estimates for span %d", s.Kind, len(s.H), s.Span)
	}
	for k := 1; k < len(s.H); k++ {
		if s.H[k] > s.H[k-1]+0.002 {
			t.Errorf("%s: h(%d) = %.5f > h(%d) = %.5f", s.Kind, k, s.H[k], k-1, s.H[k-1])
		}
	}
	for k, h := range s.H {
		if Within(h, s.Floor) != (k == s.Span && !s.Capped) {
			t.Errorf("%s: h(%d) = %.5f within tolerance of the floor %.5f: %v", s.Kind, k, h, s.Floor, Within(h, s.Floor))
		}
		if h < s.Floor-0.002 {
			t.Errorf("%s: h(%d) = %.5f is below the floor %.5f", s.Kind, k, h, s.Floor)
		}
	}
	if v := float64(len((Spec{Kind: s.Kind}).Alphabet())); s.H[0] > math.Log(v)+1e-3 {
		t.Errorf("%s: h(0) = %.5f > ln %v", s.Kind, s.H[0], v)
	}
}

// TestMemorySpanEstimates: the estimator's numbers where they are known
// in closed form (period's h(0) = ln 3, h(1) = ln 2, h(2) = 0; copy's h(5),
// h(6), h(7) as derived above), the other tasks' curves reach their
// floors, a cap too short reports itself, and the same seed gives the same
// numbers.
func TestMemorySpanEstimates(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 200_000
	}
	p, _ := MemorySpan(Period, n, SpanSeed, SpanCap)
	for k, want := range []float64{math.Log(3), math.Ln2, 0} {
		if math.Abs(p.H[k]-want) > 0.002 {
			t.Errorf("period h(%d) = %.5f, want %.5f", k, p.H[k], want)
		}
	}
	c, _ := MemorySpan(Copy, n, SpanSeed, SpanCap)
	h14 := -(0.25*math.Log(0.25) + 0.75*math.Log(0.375))
	for k, want := range map[int]float64{
		5: (4*h14 + math.Ln2) / 9,
		6: (3*math.Log(3) + 2*math.Ln2) / 9,
		7: (2*(-(0.5*math.Log(0.5) + 0.5*math.Log(0.25))) + 3*math.Ln2) / 9,
		8: CopyFloor(CopyLen),
	} {
		if math.Abs(c.H[k]-want) > 0.005 {
			t.Errorf("copy h(%d) = %.5f, want %.5f", k, c.H[k], want)
		}
	}
	for _, kind := range []string{Count, Reber} {
		s, err := MemorySpan(kind, n, SpanSeed, SpanCap)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: span %d, h(k) %.4f", kind, s.Span, s.H)
		if s.Capped {
			t.Errorf("%s: no span up to %d", kind, SpanCap)
		}
		checkCurve(t, s)
	}
	short, _ := MemorySpan(Hard, n, SpanSeed, 5)
	if !short.Capped || short.Span != 5 || len(short.H) != 6 {
		t.Errorf("hard with cap 5: span %d, capped %v, %d estimates: want 5, capped, 6", short.Span, short.Capped, len(short.H))
	}
	checkCurve(t, short)
	again, _ := MemorySpan(Copy, n, SpanSeed, SpanCap)
	for k := range c.H {
		if again.H[k] != c.H[k] {
			t.Errorf("copy h(%d): %v then %v with the same seed", k, c.H[k], again.H[k])
		}
	}
}

// TestMemorySpanRefuses: no span for a task without a floor or with
// phases, nor for a stream too short for its contexts.
func TestMemorySpanRefuses(t *testing.T) {
	for _, c := range []struct {
		kind    string
		symbols int
		maxK    int
		want    string
	}{
		{English, 100000, 8, "no known floor"},
		{EasyHardEasy, 100000, 8, "schedule"},
		{"nonsense", 100000, 8, "task"},
		{Period, 100, 8, "too few"},
		{Period, 100000, 65, "out of range"},
	} {
		_, err := MemorySpan(c.kind, c.symbols, SpanSeed, c.maxK)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("MemorySpan(%s, %d, %d): %v, want an error with %q", c.kind, c.symbols, c.maxK, err, c.want)
		}
	}
}
