package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestRanksShareTies(t *testing.T) {
	got := ranks([]float64{15, 1, 2, 2, 8, 2})
	if want := []float64{6, 1, 3, 3, 5, 3}; !slices.Equal(got, want) {
		t.Errorf("ranks = %v, want %v", got, want)
	}
}

// TestSpearman checks rho and p against a hand computation with ties.
//
// x = 1 2 2 8 9 13 15 has ranks 1 2.5 2.5 4 5 6 7 (the two 2s share ranks
// 2 and 3); y = 13 6 10 16 30 35 11 has ranks 4 1 2 5 6 7 3. Both rank
// means are 4; the deviations are -3 -1.5 -1.5 0 1 2 3 and 0 -3 -2 1 2 3 -1,
// their products add up to 12.5, their squares to 27.5 and 28, so rho =
// 12.5 / sqrt(27.5 * 28) = 12.5 / sqrt(770) = 0.45047. Then t = rho
// sqrt(5 / (1 - rho^2)) = 1.12823 with 5 degrees of freedom, and for an odd
// number of degrees of freedom the two-sided tail has a closed form: with
// theta = atan(t / sqrt 5), p = 1 - (2/pi) (theta + sin theta cos theta (1 +
// 2/3 cos^2 theta)) = 0.31043.
func TestSpearman(t *testing.T) {
	x := []float64{1, 2, 2, 8, 9, 13, 15}
	y := []float64{13, 6, 10, 16, 30, 35, 11}
	got := spearman(x, y)
	rho := 12.5 / math.Sqrt(770)
	tt := rho * math.Sqrt(5/(1-rho*rho))
	th := math.Atan(tt / math.Sqrt(5))
	p := 1 - 2/math.Pi*(th+math.Sin(th)*math.Cos(th)*(1+2.0/3*math.Cos(th)*math.Cos(th)))
	if math.Abs(got.Rho-rho) > 1e-12 || math.Abs(got.P-p) > 1e-9 || got.N != 7 {
		t.Errorf("spearman = %+v, want rho %.6f, p %.6f, n 7", got, rho, p)
	}
	if math.Abs(rho-0.450469) > 1e-6 || math.Abs(p-0.310429) > 1e-6 {
		t.Errorf("the hand computation moved: rho %v, p %v", rho, p)
	}
	// Symmetric, and negated by reversing one sample's order.
	if s := spearman(y, x); math.Abs(s.Rho-got.Rho) > 1e-12 || math.Abs(s.P-got.P) > 1e-12 {
		t.Errorf("spearman(y, x) = %+v, want %+v", s, got)
	}
	neg := make([]float64, len(y))
	for i, v := range y {
		neg[i] = -v
	}
	if s := spearman(x, neg); math.Abs(s.Rho+got.Rho) > 1e-12 || math.Abs(s.P-got.P) > 1e-12 {
		t.Errorf("spearman(x, -y) = %+v, want rho %v", s, -got.Rho)
	}
	if s := spearman([]float64{1, 2, 3, 4}, []float64{10, 20, 25, 90}); s.Rho != 1 || s.P != 0 {
		t.Errorf("monotone: %+v, want rho 1, p 0", s)
	}
	for _, c := range [][2][]float64{{{1, 2, 3}, {5, 5, 5}}, {{1, 2}, {3, 4}}} {
		if s := spearman(c[0], c[1]); !math.IsNaN(s.Rho) || !math.IsNaN(s.P) {
			t.Errorf("spearman(%v, %v) = %+v, want NaN", c[0], c[1], s)
		}
	}
	if r := criticalRho(7); math.Abs(spearman7(r)-0.05) > 1e-9 {
		t.Errorf("criticalRho(7) = %v gives p %v, want 0.05", r, spearman7(r))
	}
}

// spearman7 is the two-sided p of rho with 7 pairs (the closed form above).
func spearman7(rho float64) float64 {
	th := math.Atan(rho * math.Sqrt(5/(1-rho*rho)) / math.Sqrt(5))
	return 1 - 2/math.Pi*(th+math.Sin(th)*math.Cos(th)*(1+2.0/3*math.Cos(th)*math.Cos(th)))
}

func TestSplice(t *testing.T) {
	sec := thesisBegin + "\nnew\n" + thesisEnd + "\n"
	for _, c := range []struct{ doc, anchor, want string }{
		{"a\n" + thesisBegin + "\nold\n" + thesisEnd + "\nb\n", "", "a\n" + sec + "b\n"},
		{"a\n<p>Raw numbers: x\n", "<p>Raw numbers:", "a\n" + sec + "<p>Raw numbers: x\n"},
		{"a\n\n", "", "a\n\n" + sec},
		{"a\n" + thesisBegin + "\nunfinished", "", "a\n" + thesisBegin + "\nunfinished\n\n" + sec},
	} {
		if got := splice(c.doc, sec, c.anchor); got != c.want {
			t.Errorf("splice(%q) = %q, want %q", c.doc, got, c.want)
		}
	}
}

// thesisFile is thesis.json as the page reads it.
type thesisFile struct {
	Measure string `json:"measure"`
	Cycles  int    `json:"cycles"`
	Seeds   int    `json:"seeds"`
	Tasks   []struct {
		Task     string             `json:"task"`
		Span     int                `json:"span"`
		Capped   bool               `json:"capped"`
		Floor    float64            `json:"floor"`
		Paper    map[string]float64 `json:"paper"`
		Reliable map[string]float64 `json:"reliable"`
	} `json:"tasks"`
	Spearman     map[string]map[string]float64 `json:"spearman"`
	SpearmanRuns map[string]map[string]float64 `json:"spearman_runs"`
}

// TestThesisOutputs reads the quick run's thesis.json, checks its shape
// and its medians against the run files (read independently of the
// summary code), the spans that follow from the grammars, and that
// summary.md and index.html show the section once.
func TestThesisOutputs(t *testing.T) {
	dir := quickRun(t)
	data := readFile(t, dir, "thesis.json")
	var keys map[string]json.RawMessage
	if err := json.Unmarshal([]byte(data), &keys); err != nil {
		t.Fatal(err)
	}
	var names []string
	for k := range keys {
		names = append(names, k)
	}
	slices.Sort(names)
	if got := strings.Join(names, ","); got != "cycles,measure,seeds,spearman,spearman_runs,tasks" {
		t.Errorf("thesis.json has keys %s", got)
	}
	var f thesisFile
	if err := json.Unmarshal([]byte(data), &f); err != nil {
		t.Fatal(err)
	}
	if f.Measure != "memory span (symbols)" || f.Cycles != quickThesisCycles || f.Seeds != quickSeeds || len(f.Tasks) != len(thesisTasks) {
		t.Fatalf("thesis.json: %+v", f)
	}
	want := map[string]int{"easy": 1, "period": 2, "parity": 2, "copy": 8, "hard": 13}
	var spans, medians []float64
	for i, task := range f.Tasks {
		if task.Task != thesisTasks[i] {
			t.Errorf("task %d is %s, want %s", i, task.Task, thesisTasks[i])
		}
		if s, ok := want[task.Task]; ok && (task.Span != s || task.Capped) {
			t.Errorf("%s: span %d (capped %v), want %d", task.Task, task.Span, task.Capped, s)
		}
		for preset, got := range map[string]map[string]float64{"paper": task.Paper, "reliable": task.Reliable} {
			neurons, _ := finalValues(t, dir, thesisName(preset, task.Task))
			s := spread(neurons)
			if len(neurons) != quickSeeds || got["median"] != median(neurons) || got["q1"] != s.Q1 || got["q3"] != s.Q3 || len(got) != 3 {
				t.Errorf("%s %s: %v in thesis.json, the %d run files give %v", preset, task.Task, got, len(neurons), s)
			}
			if preset == "paper" {
				spans, medians = append(spans, float64(task.Span)), append(medians, got["median"])
			}
		}
	}
	s := spearman(spans, medians)
	if j := f.Spearman["paper"]; j["n"] != 7 || math.Abs(j["rho"]-s.Rho) > 1e-4 || math.Abs(j["p"]-s.P) > 1e-6 {
		t.Errorf("spearman.paper %v, the file's own numbers give %+v", j, s)
	}
	if n := f.SpearmanRuns["reliable"]["n"]; n != float64(quickSeeds*len(thesisTasks)) {
		t.Errorf("spearman_runs.reliable.n = %v, want %d", n, quickSeeds*len(thesisTasks))
	}
	md, page := readFile(t, dir, "summary.md"), readFile(t, dir, "index.html")
	for name, doc := range map[string]string{"summary.md": md, "index.html": page} {
		if strings.Count(doc, thesisBegin) != 1 || strings.Count(doc, thesisEnd) != 1 || !strings.Contains(doc, "thesis.png") {
			t.Errorf("%s: want one thesis section showing thesis.png", name)
		}
	}
	if !strings.Contains(md, "rho = "+rhoText(s)) || !strings.Contains(md, "| copy | 0.3081 | 8 |") {
		t.Errorf("summary.md does not show the paper preset's rho %s or the copy row", rhoText(s))
	}
	if strings.Contains(md, "| paper period |") {
		t.Error("the thesis runs are in the main table too")
	}
}

// TestThesisOnlyKeepsTheSummary: a report of the thesis experiments alone
// into a folder with a summary replaces only its thesis sections (twice
// over, the same), leaves summary.csv as it was, and into an empty folder
// writes a summary of its own.
func TestThesisOnlyKeepsTheSummary(t *testing.T) {
	src := quickRun(t)
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	before := map[string]string{}
	for _, name := range []string{"summary.md", "summary.csv", "index.html"} {
		before[name] = readFile(t, dir, name)
	}
	// Make the old sections recognisable, to see them replaced.
	for _, name := range []string{"summary.md", "index.html"} {
		doc := strings.Replace(before[name], thesisBegin, thesisBegin+"\nSTALE", 1)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{"-report", "-quick", "-experiments", "thesis", "-out", dir}
	var out bytes.Buffer
	if err := run(context.Background(), args, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "the thesis sections of summary.md and index.html") {
		t.Errorf("output %q", out.String())
	}
	if got := readFile(t, dir, "summary.csv"); got != before["summary.csv"] {
		t.Error("summary.csv changed")
	}
	for _, name := range []string{"summary.md", "index.html"} {
		got := readFile(t, dir, name)
		if strings.Contains(got, "STALE") || strings.Count(got, thesisBegin) != 1 {
			t.Errorf("%s: the old thesis section is still there, or twice", name)
		}
		head := before[name][:strings.Index(before[name], thesisBegin)]
		if !strings.HasPrefix(got, head) {
			t.Errorf("%s: the part before the thesis section changed", name)
		}
	}
	first := readFile(t, dir, "summary.md")
	if err := run(context.Background(), args, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if again := readFile(t, dir, "summary.md"); again != first {
		t.Error("a second thesis-only report changed summary.md")
	}
	// A folder of its own: a summary of the thesis experiments alone.
	own := t.TempDir()
	if err := os.CopyFS(filepath.Join(own, "runs"), os.DirFS(filepath.Join(src, "runs"))); err != nil {
		t.Fatal(err)
	}
	args[len(args)-1] = own
	if err := run(context.Background(), args, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	md := readFile(t, own, "summary.md")
	if !strings.Contains(md, thesisBegin) || strings.Contains(md, "| v2 easy |") || len(readCSV(t, filepath.Join(own, "summary.csv"))) != 1+len(thesisExperiments()) {
		t.Error("a thesis-only folder's summary: want the thesis section and the thesis rows alone")
	}
}

// cpuTime is the thesis section's CPU time, which varies from run to run.
var cpuTime = regexp.MustCompile(`adding up to [0-9.hmsµn]+ of CPU`)

// timeless blanks it.
func timeless(md string) string { return cpuTime.ReplaceAllString(md, "adding up to T of CPU") }

func TestThesisPlanLines(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-plan", "-experiments", "thesis", "-seeds", "2", "-thesis-cycles", "700"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2*len(thesisExperiments()) {
		t.Fatalf("%d lines, want %d", len(lines), 2*len(thesisExperiments()))
	}
	for _, l := range lines {
		if !strings.Contains(l, " -run thesis-") || !strings.Contains(l, " -thesis-cycles 700 ") || strings.Contains(l, " -cycles ") {
			t.Errorf("plan line %q", l)
		}
	}
}
