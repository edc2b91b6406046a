package rng

import (
	"math"
	"slices"
	"testing"
)

func TestSameSeedSameSequence(t *testing.T) {
	a, b := New(7, 1), New(7, 1)
	for i := 0; i < 1000; i++ {
		if a.Norm() != b.Norm() || a.Float64() != b.Float64() || a.IntN(13) != b.IntN(13) {
			t.Fatalf("sequences diverge at draw %d", i)
		}
	}
	c := New(7, 2)
	same := 0
	for i := 0; i < 100; i++ {
		if New(7, 1).Uint64() == c.Uint64() {
			same++
		}
	}
	if same > 1 {
		t.Errorf("streams 1 and 2 of one seed agree %d times in 100", same)
	}
}

func TestNormMoments(t *testing.T) {
	s := New(1, 0)
	const n = 200000
	var sum, sq float64
	for i := 0; i < n; i++ {
		x := s.Norm()
		sum += x
		sq += float64(x * x)
	}
	mean, variance := sum/n, sq/n-float64((sum/n)*(sum/n))
	if math.Abs(mean) > 0.01 || math.Abs(variance-1) > 0.02 {
		t.Errorf("Norm mean %v variance %v, want 0 and 1", mean, variance)
	}
}

func TestStateRoundTrip(t *testing.T) {
	s := New(3, 4)
	s.Norm() // leaves a cached value
	st, err := s.State()
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{s.Norm(), s.Float64(), s.Norm()}
	r := New(0, 0)
	if err := r.SetState(st); err != nil {
		t.Fatal(err)
	}
	for i, w := range want {
		var got float64
		if i == 1 {
			got = r.Float64()
		} else {
			got = r.Norm()
		}
		if got != w {
			t.Fatalf("draw %d after restore = %v, want %v", i, got, w)
		}
	}
	if err := r.SetState([]byte{1, 2}); err == nil {
		t.Error("SetState accepted a truncated state")
	}
}

// TestShuffleIntsIsShuffle: ShuffleInts gives Shuffle's permutation and
// leaves the source where Shuffle does, for every length up to 300 (powers
// of two, where the draw is masked, included) and several seeds.
func TestShuffleIntsIsShuffle(t *testing.T) {
	for seed := uint64(0); seed < 4; seed++ {
		a, b := New(seed, 9), New(seed, 9)
		for n := 0; n <= 300; n++ {
			x, y := make([]int, n), make([]int, n)
			for i := range x {
				x[i], y[i] = i, i
			}
			a.Shuffle(n, func(i, j int) { x[i], x[j] = x[j], x[i] })
			b.ShuffleInts(y)
			if !slices.Equal(x, y) {
				t.Fatalf("seed %d, n %d: ShuffleInts %v, Shuffle %v", seed, n, y, x)
			}
		}
		if a.Uint64() != b.Uint64() {
			t.Fatalf("seed %d: the sources differ after the shuffles", seed)
		}
	}
}
