package session

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"

	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/core/rnn"
	"github.com/diffstruct/diffstruct/core/task"
)

// MiniEdges is how many recurrent connections each racer's small drawing gets
// (the strongest ones).
const MiniEdges = 48

// Runner is one network of a race, as the page shows it.
type Runner struct {
	Name      string       `json:"name"` // "growing" or "fixed N"
	Neurons   int          `json:"neurons"`
	Loss      float64      `json:"loss"`       // smoothed, nats per window
	PerSymbol float64      `json:"per_symbol"` // smoothed, nats per symbol
	Rank      int          `json:"rank"`       // 1 for the leader (lowest loss)
	Behind    float64      `json:"behind"`     // loss per window above the leader's
	CPS       float64      `json:"cps"`        // this network's own training throughput, cycles per second of its compute
	Digest    string       `json:"digest"`     // fingerprint of its numerical state
	Strengths []float64    `json:"strengths"`  // per neuron, rounded
	Edges     [][3]float64 `json:"edges"`      // the strongest recurrent connections: [from, to, weight]
}

// Racing reports whether the run is a race.
func (s *Session) Racing() bool { return s.race != nil }

// Rivals returns the engines of the fixed-size racers (none outside a race).
func (s *Session) Rivals() []*engine.Engine {
	if s.race == nil {
		return nil
	}
	var out []*engine.Engine
	for _, r := range s.race.Runners()[1:] {
		out = append(out, r.Engine)
	}
	return out
}

// step trains every network one cycle, timing each when a clock is at hand.
func (s *Session) step() error {
	if s.race == nil {
		return s.eng.Step()
	}
	for i, r := range s.race.Runners() {
		var t0 float64
		if s.clock != nil {
			t0 = s.clock()
		}
		if err := r.Engine.Step(); err != nil {
			return fmt.Errorf("%s: %w", r.Name, err)
		}
		if s.clock != nil {
			s.busy[i] += s.clock() - t0
		}
	}
	return nil
}

// setTask switches every network of the run to spec.
func (s *Session) setTask(spec task.Spec) error {
	if s.race != nil {
		return s.race.SetTask(spec)
	}
	return s.eng.SetTask(spec)
}

// measureRunners updates each racer's throughput over the last cycles.
func (s *Session) measureRunners(cycles int) {
	for i := range s.busy {
		if d := s.busy[i] - s.busyAt[i]; d > 0 && cycles > 0 {
			s.runnerCPS(i, float64(cycles)/d*1000)
		}
		s.busyAt[i] = s.busy[i]
	}
}

func (s *Session) runnerCPS(i int, x float64) {
	if s.cps == nil || len(s.cps) != len(s.busy) {
		s.cps = make([]float64, len(s.busy))
	}
	s.cps[i] = x
}

// raceStatus returns the racers, in race order (the growing one first).
func (s *Session) raceStatus() []Runner {
	if s.race == nil {
		return nil
	}
	rs := s.race.Runners()
	out := make([]Runner, len(rs))
	best := math.Inf(1)
	for i, r := range rs {
		e := r.Engine
		name := r.Name
		if i == 0 && e.Config().Rule == engine.RuleFixed {
			name = fmt.Sprintf("main, fixed %d", e.Config().InitNeurons) // the fixed preset races too
		}
		out[i] = Runner{Name: name, Neurons: e.N(), Loss: e.Loss(), PerSymbol: e.LossPerSymbol(),
			Digest: fmt.Sprintf("%016x", e.Digest()), Strengths: rounded(e.Strengths()), Edges: strongest(e, MiniEdges)}
		if i < len(s.cps) && s.playing {
			out[i].CPS = math.Round(s.cps[i])
		}
		best = math.Min(best, e.Loss())
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return out[order[a]].Loss < out[order[b]].Loss })
	for rank, i := range order {
		out[i].Rank = rank + 1
		out[i].Behind = out[i].Loss - best
	}
	return out
}

func rounded(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = math.Round(x*1e4) / 1e4
	}
	return out
}

// strongest returns e's k largest recurrent connections as [from, to,
// weight], largest first. It keeps a running top k, so it costs about n*n
// comparisons however large the network.
func strongest(e *engine.Engine, k int) [][3]float64 {
	w := e.Net().Param(rnn.Whh) // w[i*n+j]: from j to i
	n := e.N()
	out := make([][3]float64, 0, k)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			x := w[i*n+j]
			if i == j || (len(out) == k && math.Abs(x) <= math.Abs(out[k-1][2])) {
				continue
			}
			edge := [3]float64{float64(j), float64(i), x}
			at := sort.Search(len(out), func(m int) bool { return math.Abs(out[m][2]) < math.Abs(x) })
			if len(out) < k {
				out = append(out, edge)
			}
			copy(out[at+1:], out[at:len(out)-1])
			out[at] = edge
		}
	}
	for m := range out {
		out[m][2] = math.Round(out[m][2]*1e4) / 1e4
	}
	return out
}

// Save writes the run's network (the growing one in a race) in the engine's
// versioned JSON format (engine.Save), which Load and tools/train -load read.
func (s *Session) Save(w io.Writer) error { return s.eng.Save(w) }

// Load continues training from a network file written by Save. A malformed,
// truncated or hostile file is refused with the engine's error and the
// current run is kept exactly as it was. A loaded run is paused, not racing,
// and on the file's task; name is shown as where it came from.
func (s *Session) Load(r io.Reader, name string) error {
	e, err := engine.Load(r)
	if err != nil {
		return err
	}
	cfg := e.Config()
	st := s.st
	st.Race, st.Switch, st.Stop = nil, nil, 0
	st.Task, st.Seed = cfg.Task.Kind, cfg.Seed
	if cfg.Task.Kind == task.Custom {
		st.Text = cfg.Task.Text
	}
	if slices.Contains(engine.Presets, cfg.Preset) {
		st.Preset = cfg.Preset
	}
	s.st, s.stopped = st, false
	s.Pause()
	s.adopt(e, nil)
	s.loaded = name
	s.notice = fmt.Sprintf("Loaded %s: cycle %d, %d neurons. Press Play to continue training it. "+
		"(A share link cannot hold a loaded network: it describes a fresh run with the same settings.)", name, e.Cycle(), e.N())
	return nil
}

// Loaded returns the name of the network file the run continues, if any.
func (s *Session) Loaded() string { return s.loaded }

// CSV returns the run's chart history as CSV: cycle, smoothed loss per
// window and per symbol, neurons, and in a race each rival's loss per window.
func (s *Session) CSV() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	head := []string{"cycle", "loss_per_window", "loss_per_symbol", "neurons"}
	for _, e := range s.Rivals() {
		head = append(head, fmt.Sprintf("loss_fixed_%d", e.N()))
	}
	w.Write(head)
	pts := slices.Clone(s.hist.Points)
	if now := s.point(); len(pts) == 0 || pts[len(pts)-1].Cycle < now.Cycle {
		pts = append(pts, now)
	}
	win := float64(s.eng.Config().Window)
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
