package points

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestPlacedRoundTrip(t *testing.T) {
	pts := []Point{{1.234, -5.678, 1}, {-6, 6, -1}, {7, -9, 0.3}, {math.NaN(), 0, -2}}
	want := []Point{{1.23, -5.68, 1}, {-6, 6, -1}, {6, -6, 1}, {0, 0, -1}}
	s := EncodePlaced(pts)
	if strings.ContainsAny(s, "+/=") {
		t.Errorf("%q is not URL-safe", s)
	}
	got, err := DecodePlaced(s)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if again := EncodePlaced(got); again != s {
		t.Errorf("re-encoded %q, want %q", again, s)
	}
	if set := PlacedSet(pts); !slices.Equal(set.Train, want) || set.Name != Placed || len(set.Test) != 0 {
		t.Errorf("PlacedSet: %+v", set)
	}
	for _, bad := range []string{"!!", s[:len(s)-2], EncodePlaced(make([]Point, MaxPlaced+1)), "AAAAAAI"} {
		_, err := DecodePlaced(bad)
		var pe *PlacedError
		if !errors.As(err, &pe) {
			t.Errorf("%q: %v, want a *PlacedError", bad, err)
		}
	}
}
