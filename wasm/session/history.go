package session

// Point is one sample of the run for the charts.
type Point struct {
	Cycle   int     `json:"c"`
	Loss    float64 `json:"l"` // smoothed loss per window, nats
	Neurons int     `json:"n"`
	// Rivals are the fixed-size racers' smoothed losses per window, in
	// race order (race mode only).
	Rivals []float64 `json:"r,omitempty"`
}

// History keeps a bounded record of the run: a point every Stride cycles;
// when it holds Cap points it drops every other one and doubles the
// stride, so memory stays fixed however long the run.
type History struct {
	Stride int
	Cap    int
	Points []Point
	Epoch  int // bumped whenever points are dropped, so readers know to reload
}

// NewHistory returns an empty history recording every stride cycles and
// keeping at most cap points (cap is rounded up to an even number >= 4).
func NewHistory(stride, cap int) *History {
	cap = max(4, cap+cap%2)
	return &History{Stride: max(1, stride), Cap: cap, Points: make([]Point, 0, cap)}
}

// Add records p if its cycle is due (a multiple of the stride past the last point).
func (h *History) Add(p Point) {
	if n := len(h.Points); n > 0 && p.Cycle < h.Points[n-1].Cycle+h.Stride {
		return
	}
	h.Points = append(h.Points, p)
	if len(h.Points) >= h.Cap {
		kept := h.Points[:0]
		for i, q := range h.Points {
			if i%2 == 0 {
				kept = append(kept, q)
			}
		}
		h.Points = kept
		h.Stride *= 2
		h.Epoch++
	}
}
