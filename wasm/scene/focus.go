package scene

import (
	"slices"

	"github.com/diffstruct/diffstruct/wasm/narrate"
)

// Move is one key's move of the keyboard focus among a network's neurons.
type Move uint8

// Moves. On the recurrent network's ring the arrows go round (right and
// down clockwise, left and up back), wrapping; among a feed-forward
// network's layers left and right go to the neighbouring layer (the same
// row, or its last), up and down along the layer, stopping at its ends.
const (
	MoveStay  Move = iota // keep the neuron (the first when none): tell it again
	MoveUp                // ArrowUp
	MoveDown              // ArrowDown
	MoveLeft              // ArrowLeft
	MoveRight             // ArrowRight
	MoveFirst             // Home
	MoveLast              // End
	MoveClear             // the view lost the keyboard: no ring
)

// ParseMove returns the move of a key name (KeyboardEvent.key, or "stay"
// and "clear"); ok is false for any other key.
func ParseMove(key string) (m Move, ok bool) {
	switch key {
	case "stay":
		return MoveStay, true
	case "ArrowUp":
		return MoveUp, true
	case "ArrowDown":
		return MoveDown, true
	case "ArrowLeft":
		return MoveLeft, true
	case "ArrowRight":
		return MoveRight, true
	case "Home":
		return MoveFirst, true
	case "End":
		return MoveLast, true
	case "clear", "Escape":
		return MoveClear, true
	}
	return 0, false
}

// FocusRing is the keyboard focus ring's colour: a cyan apart from the
// inspector's yellow ring, the births' glow and the weights' blue and orange.
var FocusRing = Color{0.45, 0.95, 1.00, 1}

// stepFocus returns the neuron a move leads to from cur among cols (each
// column top to bottom; ring: one column that wraps), -1 when there is
// none. A cur not among them starts at the first neuron (the last for
// MoveLast).
func stepFocus(cols [][]uint32, ring bool, cur int64, m Move) int64 {
	var all []uint32
	for _, c := range cols {
		all = append(all, c...)
	}
	if m == MoveClear || len(all) == 0 {
		return -1
	}
	switch m {
	case MoveFirst:
		return int64(all[0])
	case MoveLast:
		return int64(all[len(all)-1])
	}
	ci, ri := -1, -1
	for i, c := range cols {
		if k := slices.Index(c, uint32(max(cur, 0))); cur >= 0 && k >= 0 {
			ci, ri = i, k
		}
	}
	if ci < 0 {
		return int64(all[0])
	}
	col := cols[ci]
	if ring {
		n := len(col)
		switch m {
		case MoveRight, MoveDown:
			ri = (ri + 1) % n
		case MoveLeft, MoveUp:
			ri = (ri + n - 1) % n
		}
		return int64(col[ri])
	}
	switch m {
	case MoveUp:
		ri = max(ri-1, 0)
	case MoveDown:
		ri = min(ri+1, len(col)-1)
	case MoveLeft, MoveRight:
		d := 1
		if m == MoveLeft {
			d = -1
		}
		for k := ci + d; k >= 0 && k < len(cols); k += d {
			if len(cols[k]) > 0 { // the next layer with a neuron
				ci, col = k, cols[k]
				ri = min(ri, len(col)-1)
				break
			}
		}
	}
	return int64(col[ri])
}

// Focus applies a keyboard move to the main network's focus ring (cell 0)
// and returns the neuron it is on; ok is false when there is none (no
// neuron, or MoveClear).
func (v *View) Focus(m Move) (x narrate.Focus, ok bool) {
	for i, p := range v.parts {
		if i != 0 {
			p.setFocus(-1)
		}
	}
	if len(v.parts) == 0 {
		return narrate.Focus{}, false
	}
	return v.parts[0].focus(m)
}

// FocusInfo returns the neuron the main network's focus ring is on, as it
// is now (its strength changes as the run trains).
func (v *View) FocusInfo() (narrate.Focus, bool) {
	if len(v.parts) == 0 {
		return narrate.Focus{}, false
	}
	return v.parts[0].focused()
}

// focus moves the ring on the recurrent network's ring of neurons.
func (s *Scene) focus(m Move) (narrate.Focus, bool) {
	s.focusID = stepFocus([][]uint32{s.alive()}, true, s.focusID, m)
	return s.focused()
}

func (s *Scene) setFocus(id int64) { s.focusID = id }

// alive returns the living neurons' ids in ring order (clockwise from the top).
func (s *Scene) alive() []uint32 {
	var ids []uint32
	for _, n := range s.nodes {
		if n.died == 0 {
			ids = append(ids, n.id)
		}
	}
	slices.Sort(ids) // layout's order
	return ids
}

func (s *Scene) focused() (narrate.Focus, bool) {
	ids := s.alive()
	k := slices.Index(ids, uint32(max(s.focusID, 0)))
	if s.focusID < 0 || k < 0 {
		return narrate.Focus{}, false
	}
	n := s.nodes[ids[k]]
	return narrate.Focus{ID: int64(n.id), Index: k + 1, Of: len(ids), Strength: n.strength, Threshold: float64(s.g.Threshold),
		Born: int(n.born), Cycle: int(s.g.Cycle), Reserve: n.strength < float64(s.g.Threshold)}, true
}

// focus moves the ring among the feed-forward network's layers.
func (s *Layered) focus(m Move) (narrate.Focus, bool) {
	s.focusID = stepFocus(s.grid(), false, s.focusID, m)
	return s.focused()
}

func (s *Layered) setFocus(id int64) { s.focusID = id }

// grid returns the living neurons' ids, a column per living layer, each
// top to bottom as drawn.
func (s *Layered) grid() [][]uint32 {
	var cols [][]uint32
	for _, c := range s.cols {
		if c.died > 0 {
			continue
		}
		var col []uint32
		for _, n := range c.tiles {
			if n.died == 0 {
				col = append(col, n.id)
			}
		}
		cols = append(cols, col)
	}
	return cols
}

func (s *Layered) focused() (narrate.Focus, bool) {
	if s.focusID < 0 {
		return narrate.Focus{}, false
	}
	for li, col := range s.grid() {
		if k := slices.Index(col, uint32(s.focusID)); k >= 0 {
			n := s.nodes[col[k]]
			thr := float64(s.g.Threshold)
			return narrate.Focus{ID: int64(n.id), Layer: li + 1, Index: k + 1, Of: len(col), Strength: n.strength, Threshold: thr,
				Born: int(n.born), Cycle: int(s.g.Cycle), Reserve: n.strength < thr}, true
		}
	}
	return narrate.Focus{}, false
}
