package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/diffstruct/diffstruct/core/task"
)

// Row is one line of the summary: an experiment at one point of its run
// (the end, or the end of each phase of a schedule), over all its seeds.
type Row struct {
	Exp     Experiment
	Point   string    // "final", or "end of easy (1/3)" etc. for schedules
	Phase   string    // the task phase at this point
	Cycle   int       // the recorded cycle the numbers are read at
	Seeds   int       // number of runs
	Neurons Spread    // neurons at Cycle
	Peak    Spread    // most neurons during the phase that ends here
	Loss    Spread    // smoothed loss per window at Cycle
	PerSym  Spread    // smoothed loss per symbol at Cycle
	Floor   float64   // entropy floor of the phase, per window
	Near    int       // runs whose loss at Cycle is within nearFloor of the floor
	Seconds Spread    // wall time per run
	RunTime float64   // wall time of all its runs, seconds
	Paper   Paper     // what the paper reports at this point
	Losses  []float64 // each run's loss at Cycle, by seed (for the tests between experiments)
}

// nearFloor is how far above the floor (a fraction) a run's loss may be to
// count as having learnt the task: the hard task's runs are bimodal, some
// near the floor and some on a plateau 40-70% above it.
const nearFloor = 0.15

// Gap returns how far the median loss is above the floor, in percent: NaN
// for a floor of 0.
func (r Row) Gap() float64 {
	if r.Floor == 0 {
		return math.NaN()
	}
	return (r.Loss.Median - r.Floor) / r.Floor * 100
}

// Summary is the whole results table plus how it was made.
type Summary struct {
	Rows     []Row
	Opts     Options
	Wall     time.Duration // this invocation's wall time
	Ran      int           // runs trained by this invocation
	Resumed  int           // finished runs found on disk
	Started  time.Time
	Finished time.Time
	Ledger   []Invocation // every invocation that trained runs in the folder

	Thesis     *Thesis // the thesis figure's numbers, if its runs are all there
	ThesisOnly bool    // the report is of thesis experiments alone
}

// summarise builds the summary rows of one experiment from its runs.
func summarise(e Experiment, hs []History) []Row {
	if len(hs) == 0 {
		return nil
	}
	cycles := hs[0].Cycles
	ends, phases := phaseEnds(e.Task, cycles)
	var rows []Row
	for i, end := range ends {
		last := i == len(ends)-1
		pick := func(h History) Record { return recordBefore(h, end, last) }
		row := Row{Exp: e, Phase: phases[i].Name, Seeds: len(hs), Cycle: pick(hs[0]).Cycle}
		row.Point = pointName(phases[i].Name, i, len(ends))
		row.Neurons = spreadOf(hs, func(h History) float64 { return float64(pick(h).Neurons) })
		row.Loss = spreadOf(hs, func(h History) float64 { return pick(h).Loss })
		row.PerSym = spreadOf(hs, func(h History) float64 { return pick(h).PerSym })
		row.Floor = pick(hs[0]).Floor
		for _, h := range hs {
			row.Losses = append(row.Losses, pick(h).Loss)
			if near := pick(h).Loss <= row.Floor*(1+nearFloor); near || (row.Floor == 0 && nearFloorPerSymbol(pick(h).PerSym, 0)) {
				row.Near++
			}
		}
		row.Peak = spreadOf(hs, func(h History) float64 { return float64(peak(h, phases[i].StartCycle, end)) })
		row.Seconds = spreadOf(hs, func(h History) float64 { return h.Seconds })
		for _, h := range hs {
			row.RunTime += h.Seconds
		}
		row.Paper = paperAt(e, phases[i].Name, last)
		rows = append(rows, row)
	}
	return rows
}

// pointName names the i-th of n phase ends.
func pointName(phase string, i, n int) string {
	if n == 1 {
		return "final"
	}
	if i == n-1 {
		return fmt.Sprintf("final (%s)", phase)
	}
	return fmt.Sprintf("end of %s (%d/%d)", phase, i+1, n)
}

// recordBefore returns h's last record before cycle end (at or before it
// for the final point).
func recordBefore(h History, end int, inclusive bool) Record {
	best := h.Records[0]
	for _, r := range h.Records {
		if r.Cycle < end || (inclusive && r.Cycle == end) {
			best = r
		}
	}
	return best
}

// peak returns the most neurons h had in [from, to).
func peak(h History, from, to int) int {
	n := 0
	for _, r := range h.Records {
		if r.Cycle >= from && r.Cycle < to {
			n = max(n, r.Neurons)
		}
	}
	return n
}

func spreadOf(hs []History, f func(History) float64) Spread {
	xs := make([]float64, len(hs))
	for i, h := range hs {
		xs[i] = f(h)
	}
	return spread(xs)
}

// paperAt returns what the paper reports for e at the end of a phase.
func paperAt(e Experiment, phase string, last bool) Paper {
	switch {
	case last:
		return e.Paper
	case e.Name == "v2-easy-hard-easy" && phase == task.Hard:
		return Paper{Neurons: 60, Note: "grows to about 60 during hard (compare the peak)"}
	}
	return Paper{}
}

// csvColumns names summary.csv's columns.
var csvColumns = []string{
	"experiment", "preset", "task", "point", "phase", "cycle", "seeds",
	"neurons_median", "neurons_q1", "neurons_q3", "peak_neurons_median",
	"loss_window_median", "loss_window_q1", "loss_window_q3", "loss_symbol_median",
	"floor_window", "floor_symbol", "gap_to_floor_pct", "runs_within_15pct_of_floor",
	"paper_neurons", "paper_loss_window", "paper_note", "seconds_per_run_median",
}

// writeCSV writes the summary rows as CSV, numbers in full precision.
func (s Summary) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvColumns); err != nil {
		return err
	}
	for _, r := range s.Rows {
		window := r.Loss.Median / r.PerSym.Median
		rec := []string{
			r.Exp.Name, r.Exp.Preset, r.Exp.Task, r.Point, r.Phase, strconv.Itoa(r.Cycle), strconv.Itoa(r.Seeds),
			formatFloat(r.Neurons.Median), formatFloat(r.Neurons.Q1), formatFloat(r.Neurons.Q3), formatFloat(r.Peak.Median),
			formatFloat(r.Loss.Median), formatFloat(r.Loss.Q1), formatFloat(r.Loss.Q3), formatFloat(r.PerSym.Median),
			formatFloat(r.Floor), formatFloat(r.Floor / window), formatFloat(r.Gap()), strconv.Itoa(r.Near),
			optional(r.Paper.Neurons), optional(r.Paper.Loss), r.Paper.Note, formatFloat(r.Seconds.Median),
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// optional formats x, or an empty string for zero (the paper gives none).
func optional(x float64) string {
	if x == 0 {
		return ""
	}
	return formatFloat(x)
}

// writeMarkdown writes summary.md: how it was made, the table, the checks
// of the paper's claims and the differences from the paper.
func (s Summary) writeMarkdown(w io.Writer) error {
	var b strings.Builder
	o := s.Opts
	fmt.Fprintf(&b, "# Reproducing Miconi (2016): results\n\n")
	fmt.Fprintf(&b, "Made by `go run ./tools/figures%s` on %s.\n", o.commandLine(), s.Finished.UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(&b, "Seeds 1-%d (fixed-size baselines: 1-%d); v2 and fixed runs %d cycles, v1 runs %d cycles; %d parallel workers.\n\n",
		o.Seeds, o.FixedSeeds, o.Cycles, o.V1Cycles, o.Workers)
	b.WriteString(s.timeLine())
	b.WriteString(s.table())
	b.WriteString("\nNeurons and losses are medians over seeds with the inter-quartile range in brackets; " +
		"loss is the smoothed loss per 40-symbol window in nats (the paper's plotted quantity; the reliable preset trains on 80-symbol windows, and its losses and floors are given per 40 symbols too); " +
		"\"peak\" is the most neurons during the phase that ends at that point; " +
		"gap = how far the median loss is above the entropy floor; " +
		"\"near floor\" = runs whose loss is within 15% of the floor (the hard task's runs are bimodal: near the floor or on a plateau far above it).\n")
	if cmp := s.comparison(); cmp != "" {
		b.WriteString("\n## Variable against fixed on hard, settled\n\n")
		b.WriteString(cmp)
	}
	if checks := s.checks(); len(checks) > 0 {
		b.WriteString("\n## The paper's claims, checked\n\n")
		for _, c := range checks {
			b.WriteString(c + "\n")
		}
	}
	if diffs := s.differences(); len(diffs) > 0 {
		b.WriteString("\n## Where our medians differ from the paper's\n\n")
		for _, d := range diffs {
			b.WriteString("- " + d + "\n")
		}
	}
	if s.Thesis != nil {
		b.WriteString("\n" + s.Thesis.markdown())
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// timeLine says how long the runs took: the training wall time summed over
// the invocations that trained them (Ctrl-C and resume included).
func (s Summary) timeLine() string {
	var wall time.Duration
	trained := 0
	var commits, workers []string
	for _, inv := range s.Ledger {
		wall += inv.Wall
		trained += inv.Trained
		if !slices.Contains(commits, inv.Commit) {
			commits = append(commits, inv.Commit)
		}
		if w := strconv.Itoa(inv.Workers); !slices.Contains(workers, w) {
			workers = append(workers, w)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Runs trained at commit %s.\n\n", strings.Join(commits, ", "))
	fmt.Fprintf(&b, "**Time taken: %s** wall clock to train %d runs on %s workers, over %d invocation(s); the runs themselves add up to %s.",
		roundDuration(wall), trained, strings.Join(workers, "/"), len(s.Ledger), roundDuration(s.totalRunTime()))
	switch {
	case s.Ran == 0:
		fmt.Fprintf(&b, " This summary was redrawn from the saved runs in %s.", roundDuration(s.Wall))
	case s.Resumed > 0:
		fmt.Fprintf(&b, " The last invocation trained %d runs and resumed %d.", s.Ran, s.Resumed)
	}
	b.WriteString("\n\n")
	return b.String()
}

// table renders the rows as a Markdown table.
func (s Summary) table() string {
	var b strings.Builder
	b.WriteString("| experiment | point | cycle | seeds | neurons | peak | loss/window | loss/symbol | floor/window | gap | near floor | paper |\n")
	b.WriteString("|---|---|---:|---:|---|---:|---|---:|---:|---:|---:|---|\n")
	for _, r := range s.Rows {
		if r.Exp.Thesis {
			continue // in the thesis section
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %s | %s | %s | %s | %s | %s | %d/%d | %s |\n",
			r.Exp.Title, r.Point, r.Cycle, r.Seeds, fmtSpread(r.Neurons, 1), fmtNum(r.Peak.Median, 1),
			fmtSpread(r.Loss, 2), fmtNum(r.PerSym.Median, 4), fmtNum(r.Floor, 2), fmtPct(r.Gap()), r.Near, r.Seeds, paperText(r.Paper))
	}
	return b.String()
}

func fmtNum(x float64, digits int) string {
	s := strconv.FormatFloat(x, 'f', digits, 64)
	if digits == 1 {
		s = strings.TrimSuffix(s, ".0")
	}
	return s
}

func fmtSpread(s Spread, digits int) string {
	return fmt.Sprintf("%s [%s-%s]", fmtNum(s.Median, digits), fmtNum(s.Q1, digits), fmtNum(s.Q3, digits))
}

func fmtPct(x float64) string { return fmt.Sprintf("%+.1f%%", x) }

func paperText(p Paper) string {
	if p.Note != "" {
		return p.Note
	}
	if p.Neurons == 0 && p.Loss == 0 {
		return "-"
	}
	return fmt.Sprintf("%s neurons", fmtNum(p.Neurons, 1))
}

func roundDuration(d time.Duration) string {
	if d < time.Minute {
		return d.Round(100 * time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}

func (s Summary) totalRunTime() time.Duration {
	var total float64
	for _, r := range s.Rows {
		if strings.HasPrefix(r.Point, "final") {
			total += r.RunTime
		}
	}
	return time.Duration(total * float64(time.Second))
}

// row returns the summary row of the named experiment at its final point.
func (s Summary) row(name string) (Row, bool) {
	for _, r := range s.Rows {
		if r.Exp.Name == name && strings.HasPrefix(r.Point, "final") {
			return r, true
		}
	}
	return Row{}, false
}

// rowAt returns the named experiment's row at the end of phase i.
func (s Summary) rowAt(name string, i int) (Row, bool) {
	k := 0
	for _, r := range s.Rows {
		if r.Exp.Name == name {
			if k == i {
				return r, true
			}
			k++
		}
	}
	return Row{}, false
}

// checks tests the paper's qualitative claims on our medians, one line each.
func (s Summary) checks() []string {
	var out []string
	mark := func(ok bool, text string) {
		box := "[ ]"
		if ok {
			box = "[x]"
		}
		out = append(out, fmt.Sprintf("- %s %s", box, text))
	}
	easy, okE := s.row("v2-easy")
	hard, okH := s.row("v2-hard")
	if okE && okH {
		mark(hard.Neurons.Median > easy.Neurons.Median,
			fmt.Sprintf("Hard ends with more neurons than easy: median %s against %s.", fmtNum(hard.Neurons.Median, 1), fmtNum(easy.Neurons.Median, 1)))
	}
	if okE {
		mark(easy.Gap() <= 3, fmt.Sprintf("Easy's loss ends within 3%% of its floor: %s against %s per window (%s).",
			fmtNum(easy.Loss.Median, 2), fmtNum(easy.Floor, 2), fmtPct(easy.Gap())))
	}
	if okH {
		if line, ok := s.beatsFixed(hard); ok {
			out = append(out, line)
		}
	}
	if line, ok := s.growsAndSheds("v2-easy-hard-easy", true); ok {
		out = append(out, line)
	}
	if line, ok := s.growsAndSheds("v1-easy-hard-easy", false); ok {
		out = append(out, line)
	}
	return out
}

// beatsFixed checks that the variable-size network ends with a lower median
// loss than every fixed size.
func (s Summary) beatsFixed(hard Row) (string, bool) {
	var parts []string
	all, any := true, false
	for _, n := range fixedSizes {
		f, ok := s.row(fmt.Sprintf("fixed-%d", n))
		if !ok {
			continue
		}
		any = true
		all = all && hard.Loss.Median < f.Loss.Median
		parts = append(parts, fmt.Sprintf("%d: %s", n, fmtNum(f.Loss.Median, 2)))
	}
	if !any {
		return "", false
	}
	box := map[bool]string{true: "[x]", false: "[ ]"}[all]
	return fmt.Sprintf("- %s The variable-size network beats every fixed size on hard at the end: median loss %s per window against fixed %s.",
		box, fmtNum(hard.Loss.Median, 2), strings.Join(parts, ", ")), true
}

// growsAndSheds checks that a schedule's network grows during the hard phase
// and (for v2) sheds neurons after it.
func (s Summary) growsAndSheds(name string, sheds bool) (string, bool) {
	e1, ok1 := s.rowAt(name, 0)
	h, ok2 := s.rowAt(name, 1)
	e2, ok3 := s.rowAt(name, 2)
	if !ok1 || !ok2 || !ok3 {
		return "", false
	}
	grows := h.Peak.Median > e1.Neurons.Median
	shed := e2.Neurons.Median < h.Neurons.Median
	var ok bool
	var claim string
	if sheds {
		ok, claim = grows && shed, "grows during the hard phase and sheds neurons after"
	} else {
		ok, claim = grows && !shed, "grows during the hard phase and does not shrink back (the paper's v1 observation)"
	}
	box := map[bool]string{true: "[x]", false: "[ ]"}[ok]
	return fmt.Sprintf("- %s %s %s: median %s neurons at the end of the first easy phase, peak %s during hard (%s at its end), %s at the end.",
		box, h.Exp.Title, claim, fmtNum(e1.Neurons.Median, 1), fmtNum(h.Peak.Median, 1),
		fmtNum(h.Neurons.Median, 1), fmtNum(e2.Neurons.Median, 1)), true
}

// differences states, in words, where our medians are off the paper's
// numbers by more than 20% in neurons or 5% in loss.
func (s Summary) differences() []string {
	var out []string
	for _, r := range s.Rows {
		if r.Exp.Fixed > 0 {
			continue
		}
		ours := r.Neurons.Median
		if strings.Contains(r.Paper.Note, "peak") {
			ours = r.Peak.Median
		}
		if p := r.Paper.Neurons; p > 0 && math.Abs(ours-p)/p > 0.2 {
			out = append(out, fmt.Sprintf("%s, %s: %s neurons where the paper reports %s (%+.0f%%).",
				r.Exp.Title, r.Point, fmtNum(ours, 1), fmtNum(p, 1), (ours-p)/p*100))
		}
		if p := r.Paper.Loss; p > 0 && math.Abs(r.Loss.Median-p)/p > 0.05 {
			out = append(out, fmt.Sprintf("%s, %s: loss %s per window against %s for the original program (the paper: about %s; %+.0f%%; floor %s); "+
				"%d of %d runs end within 15%% of the floor, the others on a plateau or relapsing (see docs/reproducing.md).",
				r.Exp.Title, r.Point, fmtNum(r.Loss.Median, 2), fmtNum(p, 2), fmtNum(math.Round(p), 0), (r.Loss.Median-p)/p*100, fmtNum(r.Floor, 2),
				r.Near, r.Seeds))
		}
	}
	return out
}

// hardContenders are the experiments compared on the hard task: the two
// growing networks and every fixed size.
func hardContenders() []string {
	names := []string{"v2-hard", "reliable-hard"}
	for _, n := range fixedSizes {
		names = append(names, fmt.Sprintf("fixed-%d", n))
	}
	return names
}

// comparison renders the hard task's contenders side by side, each tested
// against the paper's growing network and the reliable preset with a
// two-sided Mann-Whitney U test on the final losses, and says in words
// whether the reliable preset beats every fixed size.
func (s Summary) comparison() string {
	paper, okP := s.row("v2-hard")
	rel, okR := s.row("reliable-hard")
	if !okP && !okR {
		return ""
	}
	var b strings.Builder
	b.WriteString("Final loss per window on the hard task. U is the Mann-Whitney statistic of the row's losses against the column's " +
		"(the number of seed pairs where the row's loss is higher, ties counting a half; 0 means every run of the row beat every run of the column), " +
		"p its two-sided normal-approximation p-value.\n\n")
	b.WriteString("| network | seeds | near floor | loss/window median [IQR] | neurons median [IQR] | against paper v2: U, p | against reliable: U, p |\n")
	b.WriteString("|---|---:|---:|---|---|---|---|\n")
	test := func(r Row, other Row, ok bool) string {
		if !ok || r.Exp.Name == other.Exp.Name {
			return "-"
		}
		mw := mannWhitney(r.Losses, other.Losses)
		return fmt.Sprintf("%s, p = %s", fmtNum(mw.U, 1), fmtP(mw.P))
	}
	for _, name := range hardContenders() {
		r, ok := s.row(name)
		if !ok {
			continue
		}
		fmt.Fprintf(&b, "| %s | %d | %d/%d | %s | %s | %s | %s |\n", r.Exp.Title, r.Seeds, r.Near, r.Seeds,
			fmtSpread(r.Loss, 2), fmtSpread(r.Neurons, 1), test(r, paper, okP), test(r, rel, okR))
	}
	if okR {
		b.WriteString("\n" + s.verdict(rel) + "\n")
	}
	return b.String()
}

// verdict says plainly whether the reliable preset beats every fixed size:
// a lower median loss and a Mann-Whitney p-value below 0.05 against each.
func (s Summary) verdict(rel Row) string {
	var lost, weak []string
	n := 0
	ps := map[int]float64{} // each fixed size's p-value
	for _, size := range fixedSizes {
		f, ok := s.row(fmt.Sprintf("fixed-%d", size))
		if !ok {
			continue
		}
		n++
		mw := mannWhitney(rel.Losses, f.Losses)
		ps[size] = mw.P
		if !(rel.Loss.Median < f.Loss.Median && mw.P < 0.05) {
			lost = append(lost, fmt.Sprintf("fixed %d (median %s, p = %s)", size, fmtNum(f.Loss.Median, 2), fmtP(mw.P)))
		}
	}
	switch {
	case n == 0:
		return "No fixed sizes ran."
	case len(lost) == 0:
		// n tests at 0.05 each: say which would not survive a Bonferroni
		// correction, so one lucky test is not read as a settled win.
		for _, size := range fixedSizes {
			if p, ok := ps[size]; ok && p >= 0.05/float64(n) {
				weak = append(weak, fmt.Sprintf("fixed %d (p = %s)", size, fmtP(p)))
			}
		}
		v := fmt.Sprintf("**The reliable preset beats every fixed size**: its median loss %s is lower than each fixed size's, with p < 0.05 against each (%d of %d runs near the floor).",
			fmtNum(rel.Loss.Median, 2), rel.Near, rel.Seeds)
		if len(weak) > 0 {
			v += fmt.Sprintf(" Each test is at 0.05 on its own: with a Bonferroni correction for the %d sizes (p < %s), %s would not pass.",
				n, strconv.FormatFloat(0.05/float64(n), 'f', 4, 64), strings.Join(weak, " and "))
		}
		return v
	}
	return fmt.Sprintf("**The reliable preset does not beat every fixed size** at p < 0.05 with a lower median: not %s.", strings.Join(lost, "; "))
}

// fmtP formats a p-value.
func fmtP(p float64) string {
	switch {
	case math.IsNaN(p):
		return "-"
	case p < 0.001:
		return "< 0.001"
	}
	return strconv.FormatFloat(p, 'f', 3, 64)
}
