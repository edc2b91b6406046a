package session

import (
	"fmt"
	"math"
)

// Runner is one network of the run as the page's race cards show it: numbers
// and place only (the pictures are the view's cells).
type Runner struct {
	Name      string  `json:"name"` // "growing", "fixed N" or "main, fixed N"
	Neurons   int     `json:"neurons"`
	Loss      float64 `json:"loss"`       // smoothed, nats per window
	PerSymbol float64 `json:"per_symbol"` // smoothed, nats per symbol
	Rank      int     `json:"rank"`       // 1 for the leader (lowest loss)
	Behind    float64 `json:"behind"`     // loss per window above the leader's
	CPS       float64 `json:"cps"`        // this network's own training throughput, cycles per second of its compute
	Digest    string  `json:"digest"`     // fingerprint of its numerical state
	Cycle     int     `json:"cycle"`      // the cycle these numbers are at (the slowest runner's when split among workers)
}

// runners returns every runner in run order (the main one first), placed
// by core/race's standings.
func (s *Session) runners() []Runner {
	if s.par.groups != nil {
		return s.parallelRunners()
	}
	out := make([]Runner, s.run.Len())
	window := float64(s.run.Config().Window)
	for _, x := range s.run.Standings() {
		r := Runner{Name: x.Name, Neurons: x.Neurons, Loss: x.Loss, PerSymbol: x.Loss / window, Rank: x.Rank, Behind: x.Behind, Cycle: s.run.Cycle()}
		r.Digest = fmt.Sprintf("%016x", s.observe(x.Index).Digest)
		if s.playing {
			r.CPS = math.Round(s.cps[x.Index])
		}
		out[x.Index] = r
	}
	return out
}
