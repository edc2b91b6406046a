package main

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/diffstruct/diffstruct/core/task"
)

// Image sizes in pixels.
const (
	dpi         = 96
	imageWidth  = 800
	panelHeight = 300
)

// Colours of the experiments.
var (
	blue   = color.RGBA{31, 119, 180, 255}
	red    = color.RGBA{214, 39, 40, 255}
	green  = color.RGBA{44, 160, 44, 255}
	grey   = color.RGBA{110, 110, 110, 255}
	fixedC = []color.Color{
		color.RGBA{255, 127, 14, 255}, color.RGBA{148, 103, 189, 255}, color.RGBA{140, 86, 75, 255},
		color.RGBA{227, 119, 194, 255}, color.RGBA{23, 190, 207, 255}, color.RGBA{188, 189, 34, 255},
	}
)

// series is one experiment's curves as a plot draws them.
type series struct {
	label   string
	color   color.Color
	loss    Curve
	neurons Curve
	band    bool // draw the inter-quartile band
}

// writeFigures draws every figure whose experiments all ran and returns the
// names of the files written.
func writeFigures(out string, exps []Experiment, hist map[string][]History, th *Thesis) ([]string, error) {
	have := map[string]bool{}
	for _, e := range exps {
		have[e.Name] = len(hist[e.Name]) > 0
	}
	draw := map[string]func(map[string][]History) ([]*plot.Plot, error){
		"fig1": fig1, "fig2": fig2, "fig3": fig3, "fig4": fig4, "fig5": fig5,
		"plateau": func(hist map[string][]History) ([]*plot.Plot, error) {
			probes, err := plateauProbes(out, hist["v2-hard"])
			if err != nil {
				return nil, err
			}
			err = writeAtomic(filepath.Join(out, "plateau.md"), func(w io.Writer) error {
				_, err := io.WriteString(w, "# "+figureByName("plateau").Title+"\n\n"+plateauSummary(probes)+"\n")
				return err
			})
			if err != nil {
				return nil, err
			}
			return plateauFigure(probes)
		},
		"thesis": func(map[string][]History) ([]*plot.Plot, error) {
			if th == nil {
				return nil, errors.New("no thesis data")
			}
			if err := writeAtomic(filepath.Join(out, "thesis.json"), th.writeJSON); err != nil {
				return nil, err
			}
			return thesisFigure(th)
		},
	}
	var written []string
	for _, f := range figures() {
		complete := true
		for _, name := range f.Experiments {
			complete = complete && have[name]
		}
		if !complete {
			continue
		}
		panels, err := draw[f.Name](hist)
		if err != nil {
			return written, fmt.Errorf("%s: %w", f.Name, err)
		}
		name := f.Name + ".png"
		if err := savePanels(filepath.Join(out, name), panels); err != nil {
			return written, fmt.Errorf("%s: %w", name, err)
		}
		written = append(written, name)
	}
	return written, nil
}

// seedsNote says how many seeds a figure's curves are over.
func seedsNote(hs []History) string { return fmt.Sprintf("%d seeds", len(hs)) }

// fig1: easy and hard under the paper v2 preset.
func fig1(hist map[string][]History) ([]*plot.Plot, error) {
	ss := []series{
		newSeries("easy", blue, hist["v2-easy"], true),
		newSeries("hard", red, hist["v2-hard"], true),
	}
	floors := []floorLine{
		{label: "easy floor", value: hist["v2-easy"][0].Final().Floor, color: blue},
		{label: "hard floor", value: hist["v2-hard"][0].Final().Floor, color: red},
	}
	title := fmt.Sprintf("Fig. 1 - paper v2, variable size: loss (median and IQR over %s)", seedsNote(hist["v2-easy"]))
	return lossAndNeurons(title, ss, floors, nil)
}

// fig2: the variable-size network against the fixed sizes on hard.
func fig2(hist map[string][]History) ([]*plot.Plot, error) {
	ss := []series{newSeries(fmt.Sprintf("variable (v2), median and IQR of %s", seedsNote(hist["v2-hard"])), red, hist["v2-hard"], true)}
	for i, n := range fixedSizes {
		name := fmt.Sprintf("fixed-%d", n)
		ss = append(ss, newSeries(fmt.Sprintf("fixed %d neurons, median of %s", n, seedsNote(hist[name])), fixedC[i%len(fixedC)], hist[name], false))
	}
	p := newPlot("Fig. 2 - hard task: variable size against fixed sizes (loss)", "loss per 40-symbol window (nats)")
	floor := floorLine{label: "hard floor", value: hist["v2-hard"][0].Final().Floor, color: grey}
	if err := addLossSeries(p, ss, []floorLine{floor}, 1.1); err != nil { // eight legend entries
		return nil, err
	}
	p.X.Label.Text = "training cycles (thousands)"
	return []*plot.Plot{p}, nil
}

// fig3: easy-hard-easy under the paper v2 preset.
func fig3(hist map[string][]History) ([]*plot.Plot, error) {
	hs := hist["v2-easy-hard-easy"]
	ss := []series{newSeries("easy-hard-easy", green, hs, true)}
	title := fmt.Sprintf("Fig. 3 - paper v2, easy-hard-easy: loss (median and IQR over %s)", seedsNote(hs))
	return lossAndNeurons(title, ss, nil, schedule(hs))
}

// fig4: the paper v1 preset on the three tasks.
func fig4(hist map[string][]History) ([]*plot.Plot, error) {
	ehe := hist["v1-easy-hard-easy"]
	ss := []series{
		newSeries("easy", blue, hist["v1-easy"], true),
		newSeries("hard (L=5)", red, hist["v1-hard"], true),
		newSeries("easy-hard-easy", green, ehe, true),
	}
	floors := []floorLine{
		{label: "easy floor", value: hist["v1-easy"][0].Final().Floor, color: blue},
		{label: "hard floor (L=5)", value: hist["v1-hard"][0].Final().Floor, color: red},
	}
	title := fmt.Sprintf("Fig. 4 - paper v1 (multipliers): loss (median and IQR over %s)", seedsNote(ehe))
	return lossAndNeurons(title, ss, floors, schedule(ehe))
}

// fig5: the reliable preset against the paper's on hard, against the
// symbols read: a reliable cycle reads an 80-symbol window, the paper's 40,
// so at equal cycles the reliable runs have read twice as much.
func fig5(hist map[string][]History) ([]*plot.Plot, error) {
	var ss []series
	for _, e := range []struct {
		name, label string
		color       color.Color
	}{{"v2-hard", "paper v2", red}, {"reliable-hard", "reliable", blue}} {
		hs := hist[e.name]
		w, err := hs[0].window()
		if err != nil {
			return nil, err
		}
		s := newSeries(fmt.Sprintf("%s (%d-symbol windows)", e.label, w), e.color, hs, true)
		s.loss, s.neurons = s.loss.perCycle(float64(w)), s.neurons.perCycle(float64(w))
		ss = append(ss, s)
	}
	floors := []floorLine{{label: "hard floor", value: hist["v2-hard"][0].Final().Floor, color: grey}}
	title := fmt.Sprintf("Fig. 5 - hard task: the reliable preset against the paper's (median and IQR over %s)", seedsNote(hist["reliable-hard"]))
	panels, err := lossAndNeurons(title, ss, floors, nil)
	if err != nil {
		return nil, err
	}
	panels[1].X.Label.Text = "symbols read (thousands)"
	return panels, nil
}

// schedule returns the task switches of an easy-hard-easy experiment, with
// the floor of each phase.
func schedule(hs []History) []phaseMark {
	_, phases := phaseEnds(task.EasyHardEasy, hs[0].Cycles)
	var marks []phaseMark
	for _, ph := range phases {
		marks = append(marks, phaseMark{name: ph.Name, start: float64(ph.StartCycle), floor: floorOfPhase(hs[0], ph.StartCycle)})
	}
	return marks
}

// floorOfPhase reads the floor the run recorded just after a phase began.
func floorOfPhase(h History, start int) float64 {
	for _, r := range h.Records {
		if r.Cycle > start {
			return r.Floor
		}
	}
	return h.Final().Floor
}

// phaseMark is a task switch of a schedule.
type phaseMark struct {
	name  string
	start float64 // cycle
	floor float64 // per window
}

// floorLine is an entropy floor drawn across a loss plot.
type floorLine struct {
	label string
	value float64 // per window; NaN for a schedule's step line
	color color.Color
	steps plotter.XYs // a schedule's floor, phase by phase
}

func newSeries(label string, c color.Color, hs []History, band bool) series {
	return series{label: label, color: c, loss: curve(hs, lossOf), neurons: curve(hs, neuronsOf), band: band}
}

// lossAndNeurons draws two stacked panels: loss (with floors and the
// schedule's floor) and neurons, both against cycles.
func lossAndNeurons(title string, ss []series, floors []floorLine, marks []phaseMark) ([]*plot.Plot, error) {
	lp := newPlot(title, "loss per 40-symbol window (nats)")
	if len(floors) == 0 && len(marks) > 0 {
		floors = append(floors, scheduleFloor(marks, ss[len(ss)-1].loss))
	}
	if err := addLossSeries(lp, ss, floors, 0.45); err != nil {
		return nil, err
	}
	np := newPlot("hidden neurons (median and IQR)", "neurons")
	np.X.Label.Text = "training cycles (thousands)"
	np.Y.Min = 0
	for _, s := range ss {
		if err := addCurve(np, s.neurons, s.color, s.band, nil); err != nil {
			return nil, err
		}
	}
	np.Y.Max = math.Ceil(np.Y.Max*1.1 + 1) // room for the switch labels
	if len(marks) > 0 {
		for _, p := range []*plot.Plot{lp, np} {
			if err := addSwitches(p, marks); err != nil {
				return nil, err
			}
		}
	}
	return []*plot.Plot{lp, np}, nil
}

// scheduleFloor marks a schedule's floor; it is drawn as a step line by
// addLossSeries when its value is NaN and steps are given.
func scheduleFloor(marks []phaseMark, c Curve) floorLine {
	label := "floor"
	for i, m := range marks {
		if i < 2 {
			label += fmt.Sprintf(" %s %.2f", m.name, m.floor)
		}
	}
	return floorLine{label: label, value: math.NaN(), color: grey, steps: stepsOf(marks, c)}
}

// stepsOf returns the points of a schedule's floor as a step line.
func stepsOf(marks []phaseMark, c Curve) plotter.XYs {
	end := c.Cycles[len(c.Cycles)-1]
	var xys plotter.XYs
	for i, m := range marks {
		next := end
		if i+1 < len(marks) {
			next = marks[i+1].start
		}
		xys = append(xys, plotter.XY{X: m.start / 1000, Y: m.floor}, plotter.XY{X: next / 1000, Y: m.floor})
	}
	return xys
}

// newPlot returns a plot with the project's fonts and a title.
func newPlot(title, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(11)
	p.Y.Label.Text = ylabel
	p.X.Label.TextStyle.Font.Size = vg.Points(10)
	p.Y.Label.TextStyle.Font.Size = vg.Points(10)
	p.X.Min = 0
	p.Legend.Top = true
	p.Legend.TextStyle.Font = font.From(plot.DefaultFont, vg.Points(9))
	p.Legend.ThumbnailWidth = vg.Points(18)
	p.X.Tick.Marker, p.Y.Tick.Marker = roundTicks{}, roundTicks{}
	p.Add(plotter.NewGrid())
	return p
}

// roundTicks marks an axis at a round step (1, 2, 5, 10, 20, 25, 50, ...)
// giving at most 7 labelled ticks, labelled without trailing zeros.
type roundTicks struct{}

// Ticks implements plot.Ticker.
func (roundTicks) Ticks(lo, hi float64) []plot.Tick {
	span := hi - lo
	if !(span > 0) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	step := math.Pow(10, math.Floor(math.Log10(span)))
	for _, m := range []float64{0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10} {
		if span/(step*m) <= 7 {
			step *= m
			break
		}
	}
	var ticks []plot.Tick
	for x := math.Ceil(lo/step) * step; x <= hi+1e-9*span; x += step {
		ticks = append(ticks, plot.Tick{Value: x, Label: strconv.FormatFloat(x, 'g', 6, 64)})
	}
	return ticks
}

// addLossSeries draws loss curves, floors and a legend, and sets a y range
// that shows the learning rather than the first cycles' large loss.
func addLossSeries(p *plot.Plot, ss []series, floors []floorLine, headroom float64) error {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range ss {
		if err := addCurve(p, s.loss, s.color, s.band, &s.label); err != nil {
			return err
		}
		l, h := visibleRange(s.loss, s.band)
		lo, hi = math.Min(lo, l), math.Max(hi, h)
	}
	for _, f := range floors {
		line, err := floorPlotter(f, longestLoss(ss))
		if err != nil {
			return err
		}
		p.Add(line)
		p.Legend.Add(f.text(), line)
		lo = math.Min(lo, line.lowest())
	}
	// Headroom above the curves for the legend, as a fraction of their range.
	p.Y.Min, p.Y.Max = math.Floor(lo-0.3), math.Ceil(hi+0.3+headroom*(hi-lo))
	return nil
}

// visibleRange returns the loss range worth showing: after the first tenth
// of the run (the start is the uniform guess, 55 nats), up to the 98th
// percentile, so that the brief spikes at a schedule's switches do not
// squash the rest of the plot.
func visibleRange(c Curve, band bool) (lo, hi float64) {
	var ups []float64
	lo = math.Inf(1)
	for _, v := range c.Values[len(c.Values)/10:] {
		l, h := v.Median, v.Median
		if band {
			l, h = v.Q1, v.Q3
		}
		lo = math.Min(lo, l)
		ups = append(ups, h)
	}
	slices.Sort(ups)
	return lo, quantile(ups, 0.98)
}

// text is the floor's legend entry.
func (f floorLine) text() string {
	if math.IsNaN(f.value) {
		return f.label
	}
	return fmt.Sprintf("%s %.2f", f.label, f.value)
}

// floorLinePlot is a dashed floor line that knows its lowest value.
type floorLinePlot struct {
	*plotter.Line
}

func (l floorLinePlot) lowest() float64 {
	lo := math.Inf(1)
	for _, xy := range l.XYs {
		lo = math.Min(lo, xy.Y)
	}
	return lo
}

// longestLoss returns the loss curve that reaches furthest right: the
// floors span it (in fig. 5 the runs read different numbers of symbols).
func longestLoss(ss []series) Curve {
	end := func(c Curve) float64 {
		if len(c.Cycles) == 0 {
			return math.Inf(-1)
		}
		return c.Cycles[len(c.Cycles)-1]
	}
	c := ss[0].loss
	for _, s := range ss[1:] {
		if end(s.loss) > end(c) {
			c = s.loss
		}
	}
	return c
}

// floorPlotter returns f as a dashed line across c's x range.
func floorPlotter(f floorLine, c Curve) (floorLinePlot, error) {
	xys := f.steps
	if xys == nil {
		end := c.Cycles[len(c.Cycles)-1] / 1000
		xys = plotter.XYs{{X: 0, Y: f.value}, {X: end, Y: f.value}}
	}
	line, err := plotter.NewLine(xys)
	if err != nil {
		return floorLinePlot{}, err
	}
	line.Color = f.color
	line.Width = vg.Points(1.2)
	line.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	return floorLinePlot{line}, nil
}

// addCurve draws a median line (x in thousands of cycles) and, if band, the
// inter-quartile band under it. A non-nil label adds a legend entry.
func addCurve(p *plot.Plot, c Curve, col color.Color, band bool, label *string) error {
	med := make(plotter.XYs, len(c.Cycles))
	for i, x := range c.Cycles {
		med[i] = plotter.XY{X: x / 1000, Y: c.Values[i].Median}
	}
	if band {
		poly, err := bandPolygon(c, col)
		if err != nil {
			return err
		}
		p.Add(poly)
	}
	line, err := plotter.NewLine(med)
	if err != nil {
		return err
	}
	line.Color = col
	line.Width = vg.Points(1.5)
	p.Add(line)
	if label != nil {
		p.Legend.Add(*label, line)
	}
	return nil
}

// bandPolygon returns the inter-quartile band of c as a translucent polygon.
func bandPolygon(c Curve, col color.Color) (*plotter.Polygon, error) {
	ring := make(plotter.XYs, 0, 2*len(c.Cycles))
	for i, x := range c.Cycles {
		ring = append(ring, plotter.XY{X: x / 1000, Y: c.Values[i].Q3})
	}
	for i := len(c.Cycles) - 1; i >= 0; i-- {
		ring = append(ring, plotter.XY{X: c.Cycles[i] / 1000, Y: c.Values[i].Q1})
	}
	poly, err := plotter.NewPolygon(ring)
	if err != nil {
		return nil, err
	}
	r, g, b, _ := col.RGBA()
	poly.Color = color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 60}
	poly.LineStyle.Width = 0
	return poly, nil
}

// addSwitches marks a schedule's task switches with vertical dotted lines
// labelled with the phase they start. Call it once the y range is set.
func addSwitches(p *plot.Plot, marks []phaseMark) error {
	for _, m := range marks[1:] {
		x := m.start / 1000
		line, err := plotter.NewLine(plotter.XYs{{X: x, Y: p.Y.Min}, {X: x, Y: p.Y.Max}})
		if err != nil {
			return err
		}
		line.Color = grey
		line.Dashes = []vg.Length{vg.Points(2), vg.Points(2)}
		p.Add(line)
		labels, err := plotter.NewLabels(plotter.XYLabels{
			XYs: plotter.XYs{{X: x, Y: p.Y.Max}}, Labels: []string{"switch to " + m.name}})
		if err != nil {
			return err
		}
		labels.Offset = vg.Point{X: vg.Points(3), Y: vg.Points(-12)}
		labels.TextStyle[0].Color = grey
		labels.TextStyle[0].Font.Size = vg.Points(8)
		p.Add(labels)
	}
	return nil
}

// savePanels stacks the panels vertically into one PNG.
func savePanels(path string, panels []*plot.Plot) error {
	h := panelHeight * len(panels)
	if len(panels) == 1 {
		h = 500
	}
	toLen := func(px int) vg.Length { return vg.Length(px) * vg.Inch / dpi }
	img := vgimg.NewWith(vgimg.UseWH(toLen(imageWidth), toLen(h)), vgimg.UseDPI(dpi))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: len(panels), Cols: 1, PadTop: vg.Points(4), PadBottom: vg.Points(4),
		PadLeft: vg.Points(4), PadRight: vg.Points(8), PadY: vg.Points(6)}
	grid := make([][]*plot.Plot, len(panels))
	for i, p := range panels {
		grid[i] = []*plot.Plot{p}
	}
	canvases := plot.Align(grid, tiles, dc)
	for i, p := range panels {
		p.Draw(canvases[i][0])
	}
	return writeAtomic(path, func(w io.Writer) error {
		_, err := vgimg.PngCanvas{Canvas: img}.WriteTo(w)
		return err
	})
}
