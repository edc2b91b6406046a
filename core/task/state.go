package task

import (
	"fmt"

	"github.com/diffstruct/diffstruct/core/rng"
)

// StreamState is everything a Stream needs to carry on exactly where it was,
// for saving a run and resuming it bit for bit.
type StreamState struct {
	Spec    Spec   `json:"spec"`
	Window  int    `json:"window"`
	Phase   int    `json:"phase"`
	RNG     []byte `json:"rng"`
	Group   []int  `json:"group"`    // the group being emitted
	Pos     int    `json:"pos"`      // next index in Group
	Count   int    `json:"count"`    // symbols emitted so far
	Prev    []int  `json:"prev"`     // the previous hard group's letters
	TextPos int    `json:"text_pos"` // custom text: next index
}

// StateError is a saved stream state that no stream could be in.
type StateError struct {
	Part string // what is wrong: "phase", "group position", "rng", ...
	Err  error  // the underlying error, if any
}

func (e *StateError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("task state: %s: %v", e.Part, e.Err)
	}
	return "task state: " + e.Part + " is invalid"
}

func (e *StateError) Unwrap() error { return e.Err }

// State returns the stream's state.
func (s *Stream) State() (StreamState, error) {
	r, err := s.rnd.State()
	if err != nil {
		return StreamState{}, err
	}
	return StreamState{
		Spec: s.spec, Window: s.window, Phase: s.phase, RNG: r,
		Group: append([]int{}, s.buf[:len(s.buf)]...), Pos: s.pos, Count: s.count,
		Prev: append([]int{}, s.prev...), TextPos: s.tpos,
	}, nil
}

// RestoreStream returns a stream in the given state, checking that the
// state is one a stream could be in.
func RestoreStream(st StreamState) (*Stream, error) {
	s, err := NewStream(st.Spec, st.Window, 0)
	if err != nil {
		return nil, err
	}
	check := func(ok bool, what string) error {
		if !ok {
			return &StateError{Part: what}
		}
		return nil
	}
	alpha := len(s.Alphabet())
	for _, c := range []error{
		check(st.Phase >= 0 && st.Phase < len(s.phases), "phase"),
		check(st.Pos >= 0 && st.Pos <= len(st.Group) && len(st.Group) <= 1<<20, "group position"),
		check(st.Count >= 0, "count"),
		check(allIn(st.Group, alpha), "group"),
		check(allIn(st.Prev, 2) && (len(st.Prev) == 0 || len(st.Prev) == s.spec.L), "previous group"),
		check(s.text == nil || (st.TextPos >= 0 && st.TextPos < len(s.text)), "text position"),
	} {
		if c != nil {
			return nil, c
		}
	}
	s.rnd = rng.New(0, 0)
	if err := s.rnd.SetState(st.RNG); err != nil {
		return nil, &StateError{Part: "rng", Err: err}
	}
	s.phase, s.buf, s.pos, s.count, s.prev, s.tpos = st.Phase, append([]int{}, st.Group...), st.Pos, st.Count, append([]int(nil), st.Prev...), st.TextPos
	if len(s.prev) == 0 {
		s.prev = nil
	}
	return s, nil
}

// allIn reports whether every value is in [0, n).
func allIn(xs []int, n int) bool {
	for _, x := range xs {
		if x < 0 || x >= n {
			return false
		}
	}
	return true
}
