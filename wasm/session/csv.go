package session

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
)

// CSV returns the run's chart history as CSV: cycle, smoothed loss per
// window and per symbol, neurons, and in a race each rival's loss per window.
func (s *Session) CSV() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	head := []string{"cycle", "loss_per_window", "loss_per_symbol", "neurons"}
	for _, name := range s.par.names[1:] {
		head = append(head, "loss_"+strings.ReplaceAll(name, " ", "_"))
	}
	w.Write(head)
	pts := slices.Clone(s.hist.Points)
	if now := s.point(); len(pts) == 0 || pts[len(pts)-1].Cycle < now.Cycle {
		pts = append(pts, now)
	}
	win := float64(s.run.Config().Window)
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', 8, 64) }
	for _, p := range pts {
		row := []string{strconv.Itoa(p.Cycle), f(p.Loss), f(p.Loss / win), strconv.Itoa(p.Neurons)}
		for _, r := range p.Rivals {
			row = append(row, f(r))
		}
		w.Write(row)
	}
	w.Flush()
	return b.Bytes()
}
