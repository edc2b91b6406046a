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
	win := float64(s.run.Config().Window)
	return historyCSV(s.hist, s.point(), "loss_per_window", "loss_per_symbol", s.par.names[1:],
		func(p Point) float64 { return p.Loss / win })
}

// historyCSV writes a run's chart history h, and now when it is past h's
// last point, as CSV: a row a point of its cycle, its loss (column loss),
// the family's second column (second), its neurons and each rival's loss
// (columns loss_<rival>), as both families' CSV exports list them.
func historyCSV(h *History, now Point, loss, second string, rivals []string, col func(Point) float64) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	head := []string{"cycle", loss, second, "neurons"}
	for _, name := range rivals {
		head = append(head, "loss_"+strings.ReplaceAll(name, " ", "_"))
	}
	w.Write(head)
	pts := slices.Clone(h.Points)
	if len(pts) == 0 || pts[len(pts)-1].Cycle < now.Cycle {
		pts = append(pts, now)
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', 8, 64) }
	for _, p := range pts {
		row := []string{strconv.Itoa(p.Cycle), f(p.Loss), f(col(p)), strconv.Itoa(p.Neurons)}
		for _, r := range p.Rivals {
			row = append(row, f(r))
		}
		w.Write(row)
	}
	w.Flush()
	return b.Bytes()
}
