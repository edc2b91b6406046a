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
	} {
		if got := Cursor(c.rate, c.w, c.since, c.now); got != c.want {
			t.Errorf("Cursor(%v, %d, %v, %v) = %d, want %d", c.rate, c.w, c.since, c.now, got, c.want)
		}
	}
}
