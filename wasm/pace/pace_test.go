package pace

import "testing"

func TestCursor(t *testing.T) {
	for _, c := range []struct {
		rate       float64
		w          int
		since, now float64
		want       int
	}{
		{1, 40, 10, 10, 0}, {4, 40, 10, 11, 4}, {4, 40, 10, 100, 39}, {40, 40, 0, 0.5, 20},
		{0, 40, 0, 1.05, 10}, {400, 40, 0, 4.5, 5}, {1, 0, 0, 3, -1},
		// One cycle a second follows the window whatever its length.
		{80, 80, 0, 0.5, 40}, {80, 40, 0, 4.5, 5},
	} {
		if got := Cursor(c.rate, c.w, c.since, c.now); got != c.want {
			t.Errorf("Cursor(%v, %d, %v, %v) = %d, want %d", c.rate, c.w, c.since, c.now, got, c.want)
		}
	}
}

func TestSlowMotion(t *testing.T) {
	for _, c := range []struct {
		rate float64
		w    int
		want bool
	}{{1, 40, true}, {4, 80, true}, {40, 40, false}, {40, 80, true}, {80, 80, false}, {0, 40, false}} {
		if got := SlowMotion(c.rate, c.w); got != c.want {
			t.Errorf("SlowMotion(%v, %d) = %v, want %v", c.rate, c.w, got, c.want)
		}
	}
}
