package tempo

import (
	"math"
	"testing"
)

func TestZeroPacerRunsFree(t *testing.T) {
	var p Pacer
	if r := p.Rate(123); !math.IsInf(r, 1) || p.Wait(123) != 0 {
		t.Fatalf("zero pacer: rate %v wait %v", r, p.Wait(123))
	}
}

func TestStartRampsUp(t *testing.T) {
	var p Pacer
	p.Start(10)
	if r := p.Rate(10); r != SlowRate {
		t.Fatalf("at start: %v", r)
	}
	prev := 0.0
	for tt := 10 + Slow; tt < 10+Slow+Ramp; tt += 0.1 {
		r := p.Rate(tt)
		if r < prev || r < SlowRate || r > FastRate {
			t.Fatalf("ramp at %v: %v after %v", tt, r, prev)
		}
		prev = r
	}
	if r := p.Rate(10 + Slow + Ramp + 0.01); !math.IsInf(r, 1) {
		t.Fatalf("after the ramp: %v", r)
	}
}

func TestEventHolds(t *testing.T) {
	var p Pacer
	p.Start(0)
	p.Event(5)
	for _, tt := range []float64{5, 5.4, 5 + Hold - 0.01} {
		if r := p.Rate(tt); r != 0 {
			t.Fatalf("during the hold (%v): rate %v", tt, r)
		}
	}
	if w := p.Wait(5.25); math.Abs(w-(Hold-0.25)) > 1e-9 {
		t.Fatalf("wait %v", w)
	}
	if r := p.Rate(5 + Hold + 0.01); r != SlowRate {
		t.Fatalf("after the hold: %v", r)
	}
	if r := p.Rate(5 + Hold + Slow + Ramp/2); math.Abs(r-math.Sqrt(SlowRate*FastRate)) > 1e-6 {
		t.Fatalf("mid-ramp: %v, want %v", r, math.Sqrt(SlowRate*FastRate))
	}
	// A second event restarts the hold.
	p.Event(7)
	if p.Rate(7.5) != 0 {
		t.Fatal("second event does not hold")
	}
}

// TestHoldsAreLongEnoughToSee checks the promise the page makes: each birth
// or death stays on screen, alone, for at least half a second, and longer
// than the view's animations take to start.
func TestHoldsAreLongEnoughToSee(t *testing.T) {
	if Hold < 0.5 {
		t.Fatalf("hold %v s is shorter than half a second", Hold)
	}
}
