package session

import "testing"

// BenchmarkFFCycleWithTimeline is one cycle of the spiral run, the timeline's
// bookkeeping and keyframes included (go test -bench FFCycle ./wasm/session/).
func BenchmarkFFCycleWithTimeline(b *testing.B) {
	r, _ := Open("#model=ff&data=spiral&seed=1")
	l := r.(*Layered)
	for b.Loop() {
		l.cycle()
	}
}

// BenchmarkFFCycleWithoutTimeline is the same run with no timeline kept.
func BenchmarkFFCycleWithoutTimeline(b *testing.B) {
	r, _ := Open("#model=ff&data=spiral&seed=1")
	l := r.(*Layered)
	l.tl = nil
	for b.Loop() {
		l.cycle()
	}
}
