package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/core/task"
)

// The thesis figure tests the paper's claim that "the number of nodes in
// the final network correlates with task difficulty" on the paper's two
// tasks and the gallery's five with a known floor: each task's difficulty
// is its memory span (task.MemorySpan: the number of past symbols a
// predictor must see to come within 5% of the floor; a recurrent network
// must carry that much history in its hidden state, and a longer span needs
// more state), against the final neurons of each preset's runs on it.
// english is left out: it has no known floor, so no span.

// Thesis is the thesis figure's numbers.
type Thesis struct {
	Cycles  int          // training cycles of every run
	Seeds   int          // runs per task and preset (the fewest, if they differ)
	Symbols int          // the span estimator's stream length
	Tasks   []ThesisTask // in thesisTasks order
	PerTask map[string]Spearman
	AllRuns map[string]Spearman
	Runs    int     // runs in all
	Seconds float64 // the runs' wall times added up: each run is single-threaded, so its CPU time
}

// ThesisTask is one task: its span and each preset's final networks.
type ThesisTask struct {
	Task    string
	Span    task.Span
	Presets map[string]ThesisCell // by preset
}

// ThesisCell is one preset's runs on one task.
type ThesisCell struct {
	Neurons Spread    // final neurons
	Finals  []float64 // each run's final neurons, by seed
	PerSym  Spread    // final smoothed loss per symbol
	Near    int       // runs ending near the floor (see nearFloorPerSymbol)
	Seeds   int
}

// Spearman is a rank correlation and its two-sided p-value.
type Spearman struct {
	Rho, P float64
	N      int
}

// ranks returns the ranks of xs (1 for the smallest), tied values sharing
// the mean of the ranks they span.
func ranks(xs []float64) []float64 {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(xs[a], xs[b]) })
	r := make([]float64, len(xs))
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && xs[idx[j]] == xs[idx[i]] {
			j++
		}
		for k := i; k < j; k++ {
			r[idx[k]] = float64(i+j+1) / 2 // the mean of ranks i+1..j
		}
		i = j
	}
	return r
}

// spearman returns Spearman's rank correlation of x and y: the Pearson
// correlation of their ranks (ties at their mean rank), and its two-sided
// p-value from the t approximation, t = rho sqrt((n-2)/(1-rho^2)) with n-2
// degrees of freedom (the usual test; with ties, as here, it is the only
// simple one). Rho and P are NaN with fewer than 3 pairs or a constant
// sample.
func spearman(x, y []float64) Spearman {
	n := len(x)
	if n != len(y) || n < 3 {
		return Spearman{Rho: math.NaN(), P: math.NaN(), N: n}
	}
	rho := stat.Correlation(ranks(x), ranks(y), nil)
	if math.IsNaN(rho) {
		return Spearman{Rho: rho, P: math.NaN(), N: n}
	}
	if math.Abs(rho) >= 1 {
		return Spearman{Rho: math.Copysign(1, rho), P: 0, N: n}
	}
	df := float64(n - 2)
	t := rho * math.Sqrt(df/(1-rho*rho))
	p := 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.CDF(-math.Abs(t))
	return Spearman{Rho: rho, P: math.Min(p, 1), N: n}
}

// nearFloorPerSymbol reports whether a final loss per symbol counts as
// having learnt a task with this floor: within nearFloor (15%) of it, or
// for a floor of 0 within nearFloor * engine.ZeroFloorScale nats per symbol
// (0.015), the reliable preset's reading of a gap where the floor is 0.
func nearFloorPerSymbol(loss, floor float64) bool {
	if floor == 0 {
		return loss <= nearFloor*engine.ZeroFloorScale
	}
	return loss <= floor*(1+nearFloor)
}

// thesisComplete reports whether every thesis experiment has runs.
func thesisComplete(hist map[string][]History) bool {
	for _, name := range thesisNames() {
		if len(hist[name]) == 0 {
			return false
		}
	}
	return true
}

// newThesis computes the spans (from streams of symbols symbols, the tasks
// in parallel) and gathers the thesis runs' final networks.
func newThesis(hist map[string][]History, symbols int) (*Thesis, error) {
	th := &Thesis{Symbols: symbols, PerTask: map[string]Spearman{}, AllRuns: map[string]Spearman{}, Seeds: math.MaxInt}
	th.Tasks = make([]ThesisTask, len(thesisTasks))
	errs := make([]error, len(thesisTasks))
	var wg sync.WaitGroup
	for i, kind := range thesisTasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			th.Tasks[i].Task = kind
			th.Tasks[i].Span, errs[i] = task.MemorySpan(kind, symbols, task.SpanSeed, task.SpanCap)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("thesis: %s: %w", thesisTasks[i], err)
		}
	}
	for _, p := range thesisPresets {
		var spans, medians, runSpans, runNeurons []float64
		for i := range th.Tasks {
			t := &th.Tasks[i]
			hs := hist[thesisName(p, t.Task)]
			if t.Presets == nil {
				t.Presets = map[string]ThesisCell{}
			}
			c := ThesisCell{Seeds: len(hs)}
			var losses []float64
			for _, h := range hs {
				f := h.Final()
				c.Finals = append(c.Finals, float64(f.Neurons))
				losses = append(losses, f.PerSym)
				if nearFloorPerSymbol(f.PerSym, t.Span.Floor) {
					c.Near++
				}
				th.Seconds += h.Seconds
				th.Cycles = h.Cycles
				runSpans = append(runSpans, float64(t.Span.Span))
			}
			c.Neurons, c.PerSym = spread(c.Finals), spread(losses)
			t.Presets[p] = c
			th.Runs += len(hs)
			th.Seeds = min(th.Seeds, len(hs))
			spans = append(spans, float64(t.Span.Span))
			medians = append(medians, c.Neurons.Median)
			runNeurons = append(runNeurons, c.Finals...)
		}
		th.PerTask[p] = spearman(spans, medians)
		th.AllRuns[p] = spearman(runSpans, runNeurons)
	}
	return th, nil
}

// spanText is a span as the summary shows it: "13", or "≥24" at the cap.
func spanText(s task.Span) string {
	if s.Capped {
		return fmt.Sprintf("≥%d", s.Span)
	}
	return fmt.Sprint(s.Span)
}

// presetTitle names a preset in the thesis figure and section.
func presetTitle(p string) string {
	if p == engine.PresetPaper {
		return "paper (v2)"
	}
	return p
}

// rhoText is a correlation as the summary writes it.
func rhoText(s Spearman) string {
	if math.IsNaN(s.Rho) {
		return fmt.Sprintf("undefined (n = %d)", s.N)
	}
	p := "p = " + fmtP(s.P)
	if s.P < 0.001 {
		p = "p < 0.001"
	}
	return fmt.Sprintf("%.2f (%s, n = %d)", s.Rho, p, s.N)
}

// Markers around the thesis section of summary.md and index.html, so that
// a report of the thesis experiments alone can replace it in place.
const (
	thesisBegin = "<!-- thesis:begin -->"
	thesisEnd   = "<!-- thesis:end -->"
)

// criticalRho is the smallest |rho| with a two-sided p below 0.05 for n
// pairs under the t approximation.
func criticalRho(n int) float64 {
	df := float64(n - 2)
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(0.975)
	return t / math.Sqrt(t*t+df)
}

// claim is the paper's claim checked on the per-task medians: a positive
// rank correlation with p < 0.05 under each preset. It returns the line and
// whether it holds.
func (th *Thesis) claim() (string, bool) {
	ok := true
	var parts []string
	for _, p := range thesisPresets {
		s := th.PerTask[p]
		ok = ok && s.Rho > 0 && s.P < 0.05
		parts = append(parts, fmt.Sprintf("%s rho = %s", presetTitle(p), rhoText(s)))
	}
	return fmt.Sprintf("The final network is larger on tasks with a longer memory span (Spearman's rho over the %d tasks' median final neurons): %s.",
		len(th.Tasks), strings.Join(parts, "; ")), ok
}

// markdown returns the thesis section of summary.md, between its markers.
func (th *Thesis) markdown() string {
	var b strings.Builder
	b.WriteString(thesisBegin + "\n## Final neurons against memory span (the gallery; beyond the paper)\n\n")
	claim, ok := th.claim()
	box := map[bool]string{true: "[x]", false: "[ ]"}[ok]
	fmt.Fprintf(&b, "- %s %s\n\n![final neurons against memory span](thesis.png)\n\n", box, claim)
	b.WriteString("The paper claims that \"the number of nodes in the final network correlates with task difficulty\". " +
		"Here a task's difficulty is its **memory span**: the smallest number k of past symbols with which the conditional entropy " +
		"h(k) = H(X_t | X_{t-k..t-1}) comes within 5% of the task's exact floor (within 0.01 nats per symbol of a floor of 0), " +
		fmt.Sprintf("estimated from a %s-symbol stream of the task (seed %d; contexts hashed, Miller-Madow corrected; `task.MemorySpan`), tried up to k = %d. ",
			groupDigits(th.Symbols), task.SpanSeed, task.SpanCap) +
		"A recurrent network predicts from its hidden state alone, so to predict as well as possible the state must carry that much history; " +
		"a longer span needs more state. english is left out: it has no known floor, so no span.\n\n")
	length := ""
	if th.Cycles == defaultCycles {
		length = " (the paper's length)"
	}
	fmt.Fprintf(&b, "Each task trained with each preset, seeds 1-%d, %s cycles each%s: %d runs, adding up to %s of CPU (each run is single-threaded). "+
		"Final neurons: median [IQR]; loss: median final smoothed loss per symbol, with the runs ending within 15%% of the floor (within 0.015 nats per symbol of a floor of 0).\n\n",
		th.Seeds, groupDigits(th.Cycles), length, th.Runs, roundDuration(time.Duration(th.Seconds*float64(time.Second))))
	b.WriteString("| task | floor, nats/symbol | span | h(span-1) |")
	for _, p := range thesisPresets {
		fmt.Fprintf(&b, " %s: neurons | %s: loss/symbol (near floor) |", presetTitle(p), presetTitle(p))
	}
	b.WriteString("\n|---|---:|---:|---:|")
	for range thesisPresets {
		b.WriteString("---|---|")
	}
	b.WriteString("\n")
	for _, t := range th.Tasks {
		before := "-"
		if t.Span.Span > 0 {
			before = fmt.Sprintf("%.4f", t.Span.H[t.Span.Span-1])
		}
		fmt.Fprintf(&b, "| %s | %.4f | %s | %s |", t.Task, t.Span.Floor, spanText(t.Span), before)
		for _, p := range thesisPresets {
			c := t.Presets[p]
			fmt.Fprintf(&b, " %s | %.4f (%d/%d) |", fmtSpread(c.Neurons, 1), c.PerSym.Median, c.Near, c.Seeds)
		}
		b.WriteString("\n")
	}
	b.WriteString("\nSpearman's rank correlation between span and final neurons (ties at their mean rank; two-sided p from the t approximation):\n\n")
	for _, p := range thesisPresets {
		fmt.Fprintf(&b, "- %s: over the task medians rho = %s; over all runs rho = %s.\n", presetTitle(p), rhoText(th.PerTask[p]), rhoText(th.AllRuns[p]))
	}
	fmt.Fprintf(&b, "\nThe test over the %d task medians is the one to read: with %d tasks, rho must exceed %.2f for p < 0.05. "+
		"The test over all runs counts every run as independent, but the runs of a task share its span, so its p-value is too small; "+
		"its rho also weighs how much the runs of a task vary.\n", len(th.Tasks), len(th.Tasks), criticalRho(len(th.Tasks)))
	b.WriteString(thesisEnd + "\n")
	return b.String()
}

// groupDigits writes n with thin groups of three digits: 4,000,000.
func groupDigits(n int) string {
	s := fmt.Sprint(n)
	var out []string
	for len(s) > 3 {
		out = append([]string{s[len(s)-3:]}, out...)
		s = s[:len(s)-3]
	}
	return strings.Join(append([]string{s}, out...), ",")
}

// thesisJSON is web/figures/thesis.json, for the demo page.
type thesisJSON struct {
	Measure      string                  `json:"measure"`
	Cycles       int                     `json:"cycles"`
	Seeds        int                     `json:"seeds"`
	Tasks        []thesisTaskJSON        `json:"tasks"`
	Spearman     map[string]spearmanJSON `json:"spearman"`      // over the task medians
	SpearmanRuns map[string]spearmanJSON `json:"spearman_runs"` // over every run
}

type thesisTaskJSON struct {
	Task     string      `json:"task"`
	Span     int         `json:"span"`
	Capped   bool        `json:"capped,omitempty"`
	Floor    float64     `json:"floor"`
	Paper    *spreadJSON `json:"paper,omitempty"`
	Reliable *spreadJSON `json:"reliable,omitempty"`
}

type spreadJSON struct {
	Median float64 `json:"median"`
	Q1     float64 `json:"q1"`
	Q3     float64 `json:"q3"`
}

type spearmanJSON struct {
	Rho *float64 `json:"rho"` // null when undefined
	P   *float64 `json:"p"`
	N   int      `json:"n"`
}

// round returns x rounded to the given decimals.
func round(x float64, decimals int) float64 {
	f := math.Pow(10, float64(decimals))
	return math.Round(x*f) / f
}

// finite returns a pointer to x rounded, or nil for NaN.
func finite(x float64, decimals int) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	r := round(x, decimals)
	return &r
}

// writeJSON writes thesis.json.
func (th *Thesis) writeJSON(w io.Writer) error {
	out := thesisJSON{Measure: "memory span (symbols)", Cycles: th.Cycles, Seeds: th.Seeds,
		Spearman: map[string]spearmanJSON{}, SpearmanRuns: map[string]spearmanJSON{}}
	for _, t := range th.Tasks {
		j := thesisTaskJSON{Task: t.Task, Span: t.Span.Span, Capped: t.Span.Capped, Floor: round(t.Span.Floor, 4)}
		for p, c := range t.Presets {
			s := &spreadJSON{Median: c.Neurons.Median, Q1: c.Neurons.Q1, Q3: c.Neurons.Q3}
			switch p {
			case engine.PresetPaper:
				j.Paper = s
			case engine.PresetReliable:
				j.Reliable = s
			}
		}
		out.Tasks = append(out.Tasks, j)
	}
	toJSON := func(s Spearman) spearmanJSON { return spearmanJSON{Rho: finite(s.Rho, 4), P: finite(s.P, 6), N: s.N} }
	for _, p := range thesisPresets {
		out.Spearman[p], out.SpearmanRuns[p] = toJSON(th.PerTask[p]), toJSON(th.AllRuns[p])
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// Marker shapes and colours of the presets in the thesis figure.
var (
	thesisColour = map[string]color.Color{engine.PresetPaper: red, engine.PresetReliable: blue}
	thesisGlyph  = map[string]draw.GlyphDrawer{engine.PresetPaper: draw.CircleGlyph{}, engine.PresetReliable: draw.TriangleGlyph{}}
	taskColours  = []color.Color{blue, red, green, fixedC[0], fixedC[1], fixedC[2], fixedC[3]}
)

// errorPoints are medians with their inter-quartile range, for
// plotter.NewYErrorBars.
type errorPoints struct {
	plotter.XYs
	lo, hi []float64
}

func (e errorPoints) YError(i int) (float64, float64) { return e.lo[i], e.hi[i] }

// integerTicks marks an axis at every integer (every second one past 25),
// labelled.
type integerTicks struct{}

// Ticks implements plot.Ticker.
func (integerTicks) Ticks(lo, hi float64) []plot.Tick {
	step := 1.0
	if hi-lo > 25 {
		step = 2
	}
	var ticks []plot.Tick
	for x := math.Ceil(lo/step) * step; x <= hi; x += step {
		ticks = append(ticks, plot.Tick{Value: x, Label: fmt.Sprint(x)})
	}
	return ticks
}

// thesisX returns where the thesis figure draws each task: at its span,
// tasks sharing a span side by side so that their names and bars stay
// apart.
func thesisX(tasks []ThesisTask) []float64 {
	xs := make([]float64, len(tasks))
	for i, t := range tasks {
		var same []int
		for j, u := range tasks {
			if u.Span.Span == t.Span.Span {
				same = append(same, j)
			}
		}
		pos := slices.Index(same, i)
		xs[i] = float64(t.Span.Span) + (float64(pos)-float64(len(same)-1)/2)*0.7
	}
	return xs
}

// thesisFigure draws the thesis figure: final neurons against span (top),
// and the estimates h(k) that set each span (bottom).
func thesisFigure(th *Thesis) ([]*plot.Plot, error) {
	top := newPlot(fmt.Sprintf("Final neurons against memory span: %d tasks, %d seeds each, %s cycles (median and IQR)",
		len(th.Tasks), th.Seeds, groupDigits(th.Cycles)), "final hidden neurons")
	top.X.Label.Text = "memory span: past symbols needed to come within 5% of the floor"
	xs := thesisX(th.Tasks)
	for i, t := range th.Tasks {
		if xs[i] != float64(t.Span.Span) {
			top.X.Label.Text += " (tasks of equal span side by side)"
			break
		}
	}
	maxSpan, maxY := 0, 0.0
	var names plotter.XYLabels
	for i, t := range th.Tasks {
		maxSpan = max(maxSpan, t.Span.Span)
		top := 0.0
		for _, c := range t.Presets {
			top = math.Max(top, c.Neurons.Q3)
		}
		maxY = math.Max(maxY, top)
		names.XYs = append(names.XYs, plotter.XY{X: xs[i], Y: top})
		names.Labels = append(names.Labels, t.Task)
	}
	top.X.Tick.Marker = integerTicks{}
	for i, p := range thesisPresets {
		offset := (float64(i) - float64(len(thesisPresets)-1)/2) * 0.2
		var pts errorPoints
		for k, t := range th.Tasks {
			c := t.Presets[p]
			pts.XYs = append(pts.XYs, plotter.XY{X: xs[k] + offset, Y: c.Neurons.Median})
			pts.lo = append(pts.lo, c.Neurons.Median-c.Neurons.Q1)
			pts.hi = append(pts.hi, c.Neurons.Q3-c.Neurons.Median)
		}
		bars, err := plotter.NewYErrorBars(pts)
		if err != nil {
			return nil, err
		}
		bars.LineStyle.Color = thesisColour[p]
		bars.LineStyle.Width = vg.Points(1.3)
		bars.CapWidth = vg.Points(6)
		sc, err := plotter.NewScatter(pts.XYs)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: thesisColour[p], Radius: vg.Points(4), Shape: thesisGlyph[p]}
		top.Add(bars, sc)
		top.Legend.Add(fmt.Sprintf("%s preset: Spearman's rho %s over the task medians", presetTitle(p), rhoText(th.PerTask[p])), sc)
	}
	labels, err := plotter.NewLabels(names)
	if err != nil {
		return nil, err
	}
	for i := range labels.TextStyle {
		labels.TextStyle[i].XAlign = text.XCenter
		labels.TextStyle[i].Font.Size = vg.Points(9)
	}
	labels.Offset = vg.Point{Y: vg.Points(5)}
	top.Add(labels)
	top.X.Min, top.X.Max = 0, float64(maxSpan)+1
	top.Y.Min, top.Y.Max = 0, math.Ceil(maxY*1.3+2) // room for the names and the legend
	top.Legend.Left = true

	bottom := newPlot(fmt.Sprintf("How the spans are found: h(k) = H(next symbol | k before it) over a %s-symbol stream", groupDigits(th.Symbols)),
		"h(k) - floor (nats/symbol)")
	bottom.X.Label.Text = "k: past symbols in view"
	bottom.X.Tick.Marker = integerTicks{}
	hiExcess := 0.0
	for i, t := range th.Tasks {
		xys := make(plotter.XYs, len(t.Span.H))
		for k, h := range t.Span.H {
			xys[k] = plotter.XY{X: float64(k), Y: h - t.Span.Floor}
			hiExcess = math.Max(hiExcess, xys[k].Y)
		}
		line, points, err := plotter.NewLinePoints(xys)
		if err != nil {
			return nil, err
		}
		col := taskColours[i%len(taskColours)]
		line.Color, line.Width = col, vg.Points(1.3)
		points.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
		bottom.Add(line, points)
		bottom.Legend.Add(fmt.Sprintf("%s (span %s)", t.Task, spanText(t.Span)), line, points)
	}
	bottom.X.Min, bottom.X.Max = 0, float64(maxSpan)+1
	bottom.Y.Min, bottom.Y.Max = 0, hiExcess*1.05
	bottom.Legend.Top = true
	return []*plot.Plot{top, bottom}, nil
}
