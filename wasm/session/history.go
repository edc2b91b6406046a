package session

import "math"

// Point is one sample of the run for the charts.
type Point struct {
	Cycle   int     `json:"c"`
	Loss    float64 `json:"l"` // smoothed loss per window, nats
	Neurons int     `json:"n"`
	// Test is a feed-forward run's test loss (omitted when 0, and in a
	// recurrent run, which has none).
	Test float64 `json:"t,omitempty"`
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
	if !h.Due(p.Cycle) {
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

// Due reports whether a point at cycle c would be recorded.
func (h *History) Due(c int) bool {
	n := len(h.Points)
	return n == 0 || c >= h.Points[n-1].Cycle+h.Stride
}

// Segment is a stretch of the run on one task phase, for the charts.
type Segment struct {
	Cycle int      `json:"c"`
	Name  string   `json:"name"`
	Floor *float64 `json:"floor"` // nats per window; null when unknown
	Kind  string   `json:"kind"`  // "start", "phase" (a schedule's own) or "switch" (made during the run)
	// Lines are reference losses drawn beside the floor where the floor is
	// unknown: a text's unigram and bigram entropies (task.TextLines).
	Lines []RefLine `json:"lines,omitempty"`
}

// RefLine is one reference loss of a segment.
type RefLine struct {
	Name  string  `json:"name"`  // "unigram", "bigram"
	Value float64 `json:"value"` // nats per window, as the floor
}

// record adds the run's point to the history when one is due.
func (s *Session) record() {
	if s.par.active() {
		s.markLocal() // the history follows the slowest runner
		return
	}
	if s.hist.Due(s.run.Cycle()) {
		s.hist.Add(s.point())
	}
}

// point is the run now, for the charts: the main runner's loss and size,
// and the rivals' losses.
func (s *Session) point() Point {
	if s.par.groups != nil {
		if p, ok := s.pointAt(s.slowest()); ok {
			return p
		}
	}
	var p Point
	for _, x := range s.run.Standings() {
		if x.Index == 0 {
			p.Cycle, p.Loss, p.Neurons = s.run.Cycle(), x.Loss, x.Neurons
		}
	}
	if n := s.run.Len(); n > 1 {
		p.Rivals = make([]float64, n-1)
		for _, x := range s.run.Standings() {
			if x.Index > 0 {
				p.Rivals[x.Index-1] = x.Loss
			}
		}
	}
	return p
}

// addSegments appends the run's current task phases from cycle c on.
func (s *Session) addSegments(c int, kind string) {
	for i := len(s.segs) - 1; i >= 0 && s.segs[i].Cycle >= c; i-- {
		s.segs = s.segs[:i]
	}
	phases := s.run.Phases()
	for i, p := range phases {
		if p.StartCycle < c && i+1 < len(phases) && phases[i+1].StartCycle <= c {
			continue // a phase already over
		}
		seg := Segment{Cycle: max(c, p.StartCycle), Name: p.Name, Kind: "phase"}
		if seg.Cycle == c {
			seg.Kind = kind
		}
		if !math.IsNaN(p.Floor) {
			f := p.Floor * float64(s.run.Config().Window)
			seg.Floor = &f
		}
		for _, l := range p.Lines {
			seg.Lines = append(seg.Lines, RefLine{Name: l.Name, Value: l.Nats * float64(s.run.Config().Window)})
		}
		s.segs = append(s.segs, seg)
	}
}
