package scene

import "testing"

func TestQualityAdapts(t *testing.T) {
	q := NewQuality(0.5, 2)
	// 10 fps: scale falls to the minimum.
	now := 1.0
	for i := 0; i < 100; i++ {
		now += 0.1
		q.Frame(now)
	}
	if q.Scale != 0.5 {
		t.Fatalf("at 10 fps the scale is %v, want 0.5", q.Scale)
	}
	// 60 fps: it climbs back, but not during the hold after a scale-down.
	q.Scale = 1
	for i := 0; i < 10; i++ { // one slow second
		now += 0.1
		q.Frame(now)
	}
	held := q.Scale
	if held >= 1 {
		t.Fatalf("one slow second did not lower the scale: %v", held)
	}
	for end := now + 5; now < end; {
		now += 1.0 / 60
		q.Frame(now)
	}
	if q.Scale != held {
		t.Fatalf("scaled up during the hold: %v -> %v", held, q.Scale)
	}
	for end := now + 20; now < end; {
		now += 1.0 / 60
		q.Frame(now)
	}
	if q.Scale != 2 {
		t.Fatalf("at 60 fps the scale is %v, want 2", q.Scale)
	}
	// A long gap (hidden tab) is not mistaken for slowness.
	now += 60
	q.Frame(now)
	for i := 0; i < 120; i++ {
		now += 1.0 / 60
		q.Frame(now)
	}
	if q.Scale != 2 {
		t.Fatalf("a pause lowered the scale to %v", q.Scale)
	}
	q.SetMax(1)
	if q.Scale != 1 {
		t.Fatalf("SetMax: %v", q.Scale)
	}
}
