package session

import (
	"strings"
	"testing"
)

// TestViewKeysKeepTheRun checks projector mode and high contrast, in both
// model families, go into the link without restarting the run, and leave
// it when turned off.
func TestViewKeysKeepTheRun(t *testing.T) {
	s, _ := New("task=hard")
	run(t, s, 30)
	l := openFF(t, "#model=ff&data=circle")
	for range 5 {
		l.Step()
	}
	for _, r := range []struct {
		name     string
		set      func(k, v string) int
		cycle    func() int64
		fragment func() string
		want     int64
	}{
		{"sequence", func(k, v string) int { return len(s.Set(k, v)) }, func() int64 { return int64(s.Cycle()) }, s.Fragment, 30},
		{"ff", func(k, v string) int { return len(l.Set(k, v)) }, func() int64 { return int64(l.Cycle()) }, l.Fragment, 5},
	} {
		for _, k := range []string{"big", "contrast"} {
			if n := r.set(k, "1"); n != 0 {
				t.Fatalf("%s: %s=1: %d problems", r.name, k, n)
			}
			if r.cycle() != r.want || !strings.Contains(r.fragment(), k+"=1") {
				t.Errorf("%s: %s=1: cycle %d (want %d), fragment %q", r.name, k, r.cycle(), r.want, r.fragment())
			}
			r.set(k, "0")
			if r.cycle() != r.want || strings.Contains(r.fragment(), k+"=") {
				t.Errorf("%s: %s=0: cycle %d (want %d), fragment %q", r.name, k, r.cycle(), r.want, r.fragment())
			}
		}
	}
}
