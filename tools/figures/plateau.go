package main

import (
	"encoding/json"
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/core/task"
)

// The plateau analysis retrains the first few seeds of the paper's hard
// experiment (the same configs, so the same runs bit for bit) with a probe
// that records what the history files cannot: how well each position of a
// group is predicted, and the effective dimension of the hidden state.

// plateauSeeds is how many of v2-hard's seeds the analysis retrains.
const plateauSeeds = 6

// probeCheckpoints is how many times a probed run measures its hidden state.
const probeCheckpoints = 50

// Probe is what one probed run measured.
type Probe struct {
	Seed    uint64          `json:"seed"`
	Config  json.RawMessage `json:"config"`   // the engine config, to detect stale files
	Cycles  int             `json:"cycles"`   // training length
	Floor   float64         `json:"floor"`    // hard floor per window
	Loss    float64         `json:"loss"`     // final smoothed loss per window
	Neurons int             `json:"neurons"`  // final neurons
	At      []int           `json:"at"`       // checkpoint cycles
	PR      []float64       `json:"pr"`       // participation ratio of the hidden state before each checkpoint
	Smooth  []float64       `json:"smooth"`   // smoothed loss at each checkpoint
	PosLoss []float64       `json:"pos_loss"` // mean loss per target position over the last tenth: "(", letters 1..L, ")"
}

// Near reports whether the run ended within nearFloor of the floor.
func (p Probe) Near() bool { return p.Loss <= (1+nearFloor)*p.Floor }

// Reached returns the first checkpoint cycle at which the smoothed loss was
// within nearFloor of the floor, or -1.
func (p Probe) Reached() int {
	for i, l := range p.Smooth {
		if l <= (1+nearFloor)*p.Floor {
			return p.At[i]
		}
	}
	return -1
}

// positionFloor returns the entropy floor (nats) of each target position of
// a hard-task group of l letters: "(" and ")" are certain; letter i is
// uncertain only if the flip has not happened yet (probability (l-i+1)/l),
// and then it is the flip with probability 1/(l-i+1). The sum is ln l.
func positionFloor(l int) []float64 {
	out := make([]float64, l+2)
	for i := 1; i <= l; i++ {
		rest := float64(l - i + 1)
		out[i] = rest / float64(l) * binaryEntropy(1/rest)
	}
	return out
}

func binaryEntropy(q float64) float64 {
	if q <= 0 || q >= 1 {
		return 0
	}
	return -q*math.Log(q) - (1-q)*math.Log(1-q)
}

// covariance accumulates hidden states to measure their participation ratio.
type covariance struct {
	n     int
	count float64
	sum   []float64
	prod  []float64 // n x n sums of products
}

func (c *covariance) reset(n int) {
	c.n, c.count = n, 0
	c.sum = slices.Grow(c.sum[:0], n)[:n]
	c.prod = slices.Grow(c.prod[:0], n*n)[:n*n]
	clear(c.sum)
	clear(c.prod)
}

func (c *covariance) add(h []float64) {
	c.count++
	for i, x := range h {
		c.sum[i] += x
		row := c.prod[i*c.n : (i+1)*c.n]
		for j, y := range h {
			row[j] += x * y
		}
	}
}

// participation returns (sum of eigenvalues)^2 / sum of squared eigenvalues
// of the covariance: about how many independent directions the hidden state
// uses. For a symmetric matrix these are (trace C)^2 and the sum of C's
// squared entries, so no eigen-decomposition is needed.
func (c *covariance) participation() float64 {
	if c.count < 2 {
		return math.NaN()
	}
	tr, sq := 0.0, 0.0
	for i := 0; i < c.n; i++ {
		for j := 0; j < c.n; j++ {
			cij := c.prod[i*c.n+j]/c.count - c.sum[i]*c.sum[j]/(c.count*c.count)
			sq += cij * cij
			if i == j {
				tr += cij
			}
		}
	}
	if sq == 0 {
		return math.NaN()
	}
	return tr * tr / sq
}

// probeRun trains cfg for cycles cycles and measures it.
func probeRun(cfg engine.Config, cycles int) (Probe, error) {
	raw, err := json.Marshal(cfg)
	if err != nil {
		return Probe{}, err
	}
	e, err := engine.New(cfg)
	if err != nil {
		return Probe{}, err
	}
	alpha := string(e.Alphabet())
	if alpha != task.PaperAlphabet || cfg.Task.Kind != task.Hard {
		return Probe{}, fmt.Errorf("plateau probe: wants the hard task, got %s", cfg.Task.Kind)
	}
	l := cfg.Task.L
	open, closing := 2, 3 // indices of "(" and ")" in PaperAlphabet
	p := Probe{Seed: cfg.Seed, Config: raw, Cycles: cycles, Floor: e.FloorPerWindow(), PosLoss: make([]float64, l+2)}
	counts := make([]float64, l+2)
	every := max(1, cycles/probeCheckpoints)
	sample := max(1, min(every, 100)) // cycles of hidden states per checkpoint
	tail := cycles - max(1, cycles/10)
	var cov covariance
	letters := 0
	for c := 1; c <= cycles; c++ {
		if err := e.Step(); err != nil {
			return Probe{}, err
		}
		net := e.Net()
		xs, ys := net.Inputs(), net.Targets()
		collect := c%every > every-sample || c%every == 0
		if collect && cov.n != net.N() {
			cov.reset(net.N())
		}
		for t, y := range ys {
			if xs[t] == open {
				letters = 0
			}
			pos := 0
			switch y {
			case open:
			case closing:
				pos = l + 1
			default:
				letters++
				pos = min(letters, l)
			}
			if c > tail {
				p.PosLoss[pos] -= math.Log(net.Probs(t)[y])
				counts[pos]++
			}
			if collect {
				cov.add(net.Hidden(t + 1))
			}
		}
		if c%every == 0 {
			p.At = append(p.At, c)
			p.PR = append(p.PR, cov.participation())
			p.Smooth = append(p.Smooth, e.Loss())
			cov.reset(net.N())
		}
	}
	for i := range p.PosLoss {
		p.PosLoss[i] /= max(counts[i], 1)
	}
	p.Loss, p.Neurons = e.Loss(), e.N()
	return p, nil
}

// plateauProbes returns the probes of the first plateauSeeds runs of hs,
// loading those already measured under out and training the rest on two
// goroutines.
func plateauProbes(out string, hs []History) ([]Probe, error) {
	hs = hs[:min(len(hs), plateauSeeds)]
	probes := make([]Probe, len(hs))
	errs := make([]error, len(hs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, h := range hs {
		path := filepath.Join(out, "runs", "plateau", fmt.Sprintf("c%d", h.Cycles), fmt.Sprintf("seed-%02d.json", h.Seed))
		if data, err := os.ReadFile(path); err == nil {
			var p Probe
			if json.Unmarshal(data, &p) == nil && string(p.Config) == string(h.Config) && p.Cycles == h.Cycles {
				probes[i] = p
				continue
			}
		}
		cfg, err := engine.ParseConfig(h.Config, engine.Default())
		if err != nil {
			return nil, fmt.Errorf("plateau: seed %d: %w", h.Seed, err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			p, err := probeRun(cfg, h.Cycles)
			if err == nil {
				err = os.MkdirAll(filepath.Dir(path), 0o755)
			}
			if err == nil {
				var data []byte
				data, err = json.Marshal(p)
				if err == nil {
					err = os.WriteFile(path, data, 0o644)
				}
			}
			probes[i], errs[i] = p, err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return probes, nil
}

// plateauFigure draws the probes: the loss per position of a group at the
// end (runs near the floor against runs on the plateau, with each
// position's floor) and the participation ratio of the hidden state over
// training, one line per run.
func plateauFigure(probes []Probe) ([]*plot.Plot, error) {
	if len(probes) == 0 {
		return nil, fmt.Errorf("plateau: no probed runs")
	}
	l := len(probes[0].PosLoss) - 2
	nNear := 0
	for _, p := range probes {
		if p.Near() {
			nNear++
		}
	}
	pos := newPlot(fmt.Sprintf("Why runs stall (paper v2, hard, %d seeds: %d near the floor, %d on the plateau): final loss by position in a group",
		len(probes), nNear, len(probes)-nNear), "loss (nats per symbol)")
	pos.Title.TextStyle.Font.Size = vg.Points(10)
	pos.X.Label.Text = "position of the predicted symbol: ( = 0, letters 1-6, ) = 7"
	pos.X.Tick.Marker = plot.ConstantTicks(positionTicks(l))
	floor := positionFloor(l)
	if err := addPositionLine(pos, floor, grey, true, "entropy floor of the position"); err != nil {
		return nil, err
	}
	labelled := map[bool]bool{}
	for _, p := range probes {
		col, label := red, "a run on the plateau"
		if p.Near() {
			col, label = blue, "a run near the floor"
		}
		if labelled[p.Near()] {
			label = ""
		}
		labelled[p.Near()] = true
		if err := addPositionLine(pos, p.PosLoss, col, false, label); err != nil {
			return nil, err
		}
	}
	pos.Y.Min = 0
	pos.Y.Max = math.Max(pos.Y.Max, 0.5) * 1.35 // room for the legend

	pr := newPlot("effective dimension of the hidden state: participation ratio of its covariance's eigenvalues", "participation ratio")
	pr.Title.TextStyle.Font.Size = vg.Points(10)
	pr.X.Label.Text = "training cycles (thousands)"
	pr.Y.Min = 0
	for _, p := range probes {
		xys := make(plotter.XYs, 0, len(p.At))
		for i, c := range p.At {
			if !math.IsNaN(p.PR[i]) {
				xys = append(xys, plotter.XY{X: float64(c) / 1000, Y: p.PR[i]})
			}
		}
		if len(xys) == 0 {
			continue
		}
		line, err := plotter.NewLine(xys)
		if err != nil {
			return nil, err
		}
		line.Color = red
		if p.Near() {
			line.Color = blue
		}
		line.Width = vg.Points(1.2)
		pr.Add(line)
	}
	return []*plot.Plot{pos, pr}, nil
}

func positionTicks(l int) []plot.Tick {
	ticks := []plot.Tick{{Value: 0, Label: "("}}
	for i := 1; i <= l; i++ {
		ticks = append(ticks, plot.Tick{Value: float64(i), Label: strconv.Itoa(i)})
	}
	return append(ticks, plot.Tick{Value: float64(l + 1), Label: ")"})
}

// addPositionLine draws one value per position as a line with points.
func addPositionLine(p *plot.Plot, ys []float64, col color.Color, dashed bool, label string) error {
	xys := make(plotter.XYs, len(ys))
	for i, y := range ys {
		xys[i] = plotter.XY{X: float64(i), Y: y}
	}
	line, points, err := plotter.NewLinePoints(xys)
	if err != nil {
		return err
	}
	line.Color, points.Color = col, col
	line.Width = vg.Points(1.2)
	points.Radius = vg.Points(2)
	if dashed {
		line.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	}
	p.Add(line, points)
	if label != "" {
		p.Legend.Add(label, line, points)
	}
	return nil
}

// plateauSummary returns a line for the summary: when the near-floor runs
// got there, and the mean participation ratio at the end in each group.
func plateauSummary(probes []Probe) string {
	var reached []string
	var prNear, prPlat []float64
	var posNear, posPlat []float64
	l := len(probes[0].PosLoss) - 2
	for _, p := range probes {
		last := p.PR[len(p.PR)-1]
		if p.Near() {
			reached = append(reached, strconv.Itoa(p.Reached()/1000)+"k")
			prNear = append(prNear, last)
			posNear = append(posNear, p.PosLoss[l-1]+p.PosLoss[l])
		} else {
			prPlat = append(prPlat, last)
			posPlat = append(posPlat, p.PosLoss[l-1]+p.PosLoss[l])
		}
	}
	if len(reached) == 0 {
		reached = []string{"-"}
	}
	return fmt.Sprintf("Plateau analysis (paper v2, hard, seeds 1-%d, the same runs retrained with a probe): %d near the floor (reached at %s cycles), %d on the plateau. "+
		"Final participation ratio of the hidden state: median %s near the floor against %s on the plateau. "+
		"Loss on the last two letters of a group (nats): %s against %s (floor %.3f).",
		len(probes), len(prNear), strings.Join(reached, ", "), len(prPlat),
		fmtNum(spread(prNear).Median, 1), fmtNum(spread(prPlat).Median, 1),
		fmtNum(spread(posNear).Median, 3), fmtNum(spread(posPlat).Median, 3), positionFloor(l)[l-1]+positionFloor(l)[l])
}
