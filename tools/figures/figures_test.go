package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// quick holds the output of the quick mode, run once into a shared
// temporary folder by quickRun; the tests that only read it share it.
var quick struct {
	once sync.Once
	dir  string
	out  string
	err  error
}

func quickRun(t *testing.T) string {
	t.Helper()
	quick.once.Do(func() {
		quick.dir, quick.err = os.MkdirTemp("", "figures-test-*")
		if quick.err != nil {
			return
		}
		var stdout bytes.Buffer
		quick.err = run(context.Background(), []string{"-quick", "-out", quick.dir}, &stdout, io.Discard)
		quick.out = stdout.String()
	})
	if quick.err != nil {
		t.Fatalf("quick run: %v", quick.err)
	}
	return quick.dir
}

func TestMain(m *testing.M) {
	if os.Getenv("FIGURES_TEST_MAIN") == "1" {
		os.Args = append([]string{"figures"}, strings.Fields(os.Getenv("FIGURES_TEST_ARGS"))...)
		main()
		os.Exit(0)
	}
	code := m.Run()
	if quick.dir != "" {
		os.RemoveAll(quick.dir)
	}
	os.Exit(code)
}

// TestQuickWritesEverything checks that every figure, the summary and every
// run's history are written, non-empty and readable.
func TestQuickWritesEverything(t *testing.T) {
	dir := quickRun(t)
	for _, f := range figures() {
		checkPNG(t, filepath.Join(dir, f.Name+".png"))
	}
	for _, name := range []string{"summary.md", "summary.csv", "index.html"} {
		if info, err := os.Stat(filepath.Join(dir, name)); err != nil || info.Size() == 0 {
			t.Errorf("%s: missing or empty (%v)", name, err)
		}
	}
	o, err := parseFlags([]string{"-quick", "-out", dir}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	runs := plan(catalogue(), o)
	if want := 3 * len(catalogue()); len(runs) != want {
		t.Errorf("quick plan has %d runs, want %d", len(runs), want)
	}
	for _, r := range runs {
		h, err := loadHistory(r.Path(dir))
		if err != nil {
			t.Errorf("%s seed %d: %v", r.Exp.Name, r.Seed, err)
			continue
		}
		if got, want := len(h.Records), r.Cycles/r.interval()+1; got != want {
			t.Errorf("%s seed %d: %d records, want %d", r.Exp.Name, r.Seed, got, want)
		}
		if h.Final().Cycle != r.Cycles || h.Records[0].Cycle != 0 {
			t.Errorf("%s seed %d: records span %d..%d, want 0..%d", r.Exp.Name, r.Seed, h.Records[0].Cycle, h.Final().Cycle, r.Cycles)
		}
	}
}

// checkPNG decodes a PNG and checks that it is a plot, not a blank image:
// a good share of non-white pixels and several colours.
func checkPNG(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Error(err)
		return
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Errorf("%s: %v", path, err)
		return
	}
	b := img.Bounds()
	if b.Dx() != imageWidth || b.Dy() < 400 {
		t.Errorf("%s: %dx%d pixels, want %d wide and at least 400 high", path, b.Dx(), b.Dy(), imageWidth)
	}
	inked, colours := 0, map[[3]uint32]bool{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				inked++
			}
			colours[[3]uint32{r >> 12, g >> 12, bl >> 12}] = true
		}
	}
	if share := float64(inked) / float64(b.Dx()*b.Dy()); share < 0.02 {
		t.Errorf("%s: only %.2f%% of pixels drawn: blank?", path, 100*share)
	}
	if len(colours) < 8 {
		t.Errorf("%s: only %d colours: blank?", path, len(colours))
	}
}

// TestSummaryMatchesRuns recomputes every summary.csv median from the run
// files and checks summary.md shows the same numbers.
func TestSummaryMatchesRuns(t *testing.T) {
	dir := quickRun(t)
	rows := readCSV(t, filepath.Join(dir, "summary.csv"))
	md, err := os.ReadFile(filepath.Join(dir, "summary.md"))
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	finals := 0
	for _, row := range rows[1:] {
		if row[col["point"]] != "final" {
			continue
		}
		finals++
		exp := row[col["experiment"]]
		neurons, losses := finalValues(t, dir, exp)
		if n, _ := strconv.Atoi(row[col["seeds"]]); n != len(neurons) {
			t.Errorf("%s: summary says %d seeds, found %d run files", exp, n, len(neurons))
		}
		checkNumber(t, exp+" neurons_median", row[col["neurons_median"]], median(neurons))
		checkNumber(t, exp+" loss_window_median", row[col["loss_window_median"]], median(losses))
		floor, _ := strconv.ParseFloat(row[col["floor_window"]], 64)
		gap, _ := strconv.ParseFloat(row[col["gap_to_floor_pct"]], 64)
		if want := (median(losses) - floor) / floor * 100; floor != 0 && !near(gap, want) || floor == 0 && !math.IsNaN(gap) {
			t.Errorf("%s: gap %v%%, want %v%%", exp, gap, want)
		}
		if strings.HasPrefix(exp, "thesis-") {
			continue // in the thesis section, checked by TestThesisOutputs
		}
		shown := fmtNum(median(losses), 2) + " ["
		if !bytes.Contains(md, []byte(shown)) {
			t.Errorf("%s: summary.md does not show the median loss %q", exp, shown)
		}
	}
	if want := 12 + len(thesisExperiments()); finals != want {
		t.Errorf("summary.csv has %d single-phase experiments, want %d", finals, want)
	}
	for _, claim := range []string{"Hard ends with more neurons", "within 3% of its floor", "beats every fixed size", "Time taken",
		"Variable against fixed on hard, settled", "The reliable preset"} {
		if !bytes.Contains(md, []byte(claim)) {
			t.Errorf("summary.md lacks %q", claim)
		}
	}
}

// finalValues reads the final neurons and loss of every run file of exp,
// independently of the summary code.
func finalValues(t *testing.T, dir, exp string) (neurons, losses []float64) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "runs", exp, "*", "seed-*.csv"))
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		_, body, _ := bytes.Cut(data, []byte("\n")) // the header comment
		rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		last := rows[len(rows)-1]
		n, _ := strconv.ParseFloat(last[1], 64)
		l, _ := strconv.ParseFloat(last[2], 64)
		neurons, losses = append(neurons, n), append(losses, l)
	}
	return neurons, losses
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func near(a, b float64) bool { return a == b || (a-b)*(a-b) < 1e-18*(a*a+b*b) }

func checkNumber(t *testing.T, what, got string, want float64) {
	t.Helper()
	x, err := strconv.ParseFloat(got, 64)
	if err != nil || !near(x, want) {
		t.Errorf("%s: summary has %q, the run files give %v", what, got, want)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("%s: %v (%d rows)", path, err, len(rows))
	}
	return rows
}

// TestResume checks that a second invocation trains nothing, and that a
// deleted run is retrained alone, identically (runs are deterministic).
func TestResume(t *testing.T) {
	src := quickRun(t)
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	args := []string{"-quick", "-out", dir, "-experiments", "fig1"}
	if err := run(context.Background(), args, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "summary.md"))
	if !bytes.Contains(md, []byte("redrawn from the saved runs")) {
		t.Errorf("second invocation retrained runs:\n%s", firstLines(md, 6))
	}
	o, _ := parseFlags(args, io.Discard)
	victim := plan(catalogue()[1:2], o)[1] // v2-hard seed 2
	before, err := loadHistory(victim.Path(dir))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(victim.Path(dir)); err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), args, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	md, _ = os.ReadFile(filepath.Join(dir, "summary.md"))
	if !bytes.Contains(md, []byte("trained 1 runs and resumed 5")) {
		t.Errorf("after deleting one run, want exactly it retrained:\n%s", firstLines(md, 6))
	}
	after, err := loadHistory(victim.Path(dir))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(before.Records, after.Records) || string(before.Config) != string(after.Config) {
		t.Error("the retrained run differs from the first one: runs are not deterministic")
	}
	ledger, err := readLedger(dir)
	if err != nil || len(ledger) != 2 || ledger[1].Trained != 1 {
		t.Errorf("ledger %+v (%v), want the quick run's line and one with 1 run trained", ledger, err)
	}
}

func firstLines(b []byte, n int) string {
	lines := strings.SplitN(string(b), "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

// TestInterruptKeepsFinishedRuns cancels the pool as soon as one run has
// finished: that run stays on disk, complete, and the others are not saved.
func TestInterruptKeepsFinishedRuns(t *testing.T) {
	dir := t.TempDir()
	o, err := parseFlags([]string{"-quick", "-cycles", "600", "-experiments", "v2-easy", "-out", dir}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	runs := plan(catalogue()[:1], o)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	finished := 0
	pool := &Pool{Out: dir, Workers: 1, Progress: func(Run, int) {},
		Done: func(Run, History) { finished++; cancel() }}
	err = pool.Execute(ctx, runs)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Execute after cancel: %v, want context.Canceled", err)
	}
	_, pending := resume(runs, dir)
	if finished != 1 || len(pending) != len(runs)-1 {
		t.Errorf("%d runs reported finished, %d of %d still pending; want 1 finished and kept", finished, len(pending), len(runs))
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, "runs", "*", "*", ".*tmp*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

// TestBadFlags checks that every bad flag gives a one-line error naming it,
// from run and from the command itself (non-zero exit, no stack trace).
func TestBadFlags(t *testing.T) {
	cases := map[string]string{
		"-seeds 0":          "-seeds",
		"-cycles 10":        "-cycles",
		"-cycles many":      "-cycles",
		"-workers 0":        "-workers",
		"-experiments fig9": "fig9",
		"-v1-cycles -5":     "-v1-cycles",
		"-fixed-seeds -1":   "-fixed-seeds",
		"extra":             "extra",
		"-nosuchflag":       "nosuchflag",
	}
	for args, want := range cases {
		err := run(context.Background(), strings.Fields(args), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: error %v, want one line mentioning %q", args, err, want)
		}
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "FIGURES_TEST_MAIN=1", "FIGURES_TEST_ARGS=-seeds 0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("the command with -seeds 0 exited with %v, want status 1", err)
	}
	if got := strings.TrimSpace(stderr.String()); strings.Count(got, "\n") > 0 || !strings.HasPrefix(got, "figures: -seeds") {
		t.Errorf("stderr %q, want one line starting with \"figures: -seeds\"", got)
	}
}

func TestQuantile(t *testing.T) {
	s := spread([]float64{4, 1, 3, 2})
	if s.Median != 2.5 || s.Q1 != 1.75 || s.Q3 != 3.25 {
		t.Errorf("spread(1..4) = %+v, want median 2.5, quartiles 1.75 and 3.25", s)
	}
	if s := spread([]float64{7}); s.Median != 7 || s.Q1 != 7 || s.Q3 != 7 {
		t.Errorf("spread(7) = %+v", s)
	}
}

func TestSelectExperiments(t *testing.T) {
	exps, err := selectExperiments("fig2,v1-easy")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(experimentNames(exps), ",")
	if want := "v2-hard,fixed-10,fixed-20,fixed-37,fixed-50,fixed-75,fixed-100,v1-easy"; got != want {
		t.Errorf("fig2,v1-easy selects %s, want %s", got, want)
	}
}

// TestMannWhitney checks the U statistic against counting pairs and the
// p-value against the textbook normal approximation (tie-corrected
// variance, continuity correction), worked out independently.
func TestMannWhitney(t *testing.T) {
	for _, c := range []struct {
		a, b    []float64
		u, z, p float64
	}{
		{[]float64{1, 2, 3}, []float64{4, 5, 6}, 0, -1.7457431218879391, 0.0808555983700523},
		{[]float64{1, 2, 2, 3, 7}, []float64{2, 3, 4, 5, 6, 8}, 7.5, -1.292794581307241, 0.19608211502511325},
		{[]float64{1, 1}, []float64{1, 1}, 2, 0, 1},
	} {
		got := mannWhitney(c.a, c.b)
		if got.U != c.u || math.Abs(got.Z-c.z) > 1e-9 || math.Abs(got.P-c.p) > 1e-9 {
			t.Errorf("mannWhitney(%v, %v) = %+v, want U %v z %v p %v", c.a, c.b, got, c.u, c.z, c.p)
		}
	}
}

// TestPositionFloorSumsToTheTaskFloor: the per-position entropies of a
// hard-task group add up to ln L.
func TestPositionFloorSumsToTheTaskFloor(t *testing.T) {
	for _, l := range []int{5, 6} {
		sum := 0.0
		for _, h := range positionFloor(l) {
			sum += h
		}
		if math.Abs(sum-math.Log(float64(l))) > 1e-12 {
			t.Errorf("L=%d: positions sum to %v, want ln %d = %v", l, sum, l, math.Log(float64(l)))
		}
	}
}

// TestFig5PlacesRunsBySymbolsRead checks that fig. 5 places each run's
// records at the symbols read (cycles times its window), so that a run with
// twice the window spans twice the x range, and that a run whose config
// has no window is an error, not a figure at the wrong place.
func TestFig5PlacesRunsBySymbolsRead(t *testing.T) {
	run := func(exp string, window int) History {
		cfg, _ := json.Marshal(map[string]any{"window": window})
		h := History{Meta: Meta{Experiment: exp, Cycles: 1000, Config: cfg}}
		for c := 0; c <= 1000; c += 100 {
			h.Records = append(h.Records, Record{Cycle: c, Neurons: 5, Loss: 20 - float64(c)/100, Floor: 9})
		}
		return h
	}
	hist := map[string][]History{"v2-hard": {run("v2-hard", 40)}, "reliable-hard": {run("reliable-hard", 80)}}
	panels, err := fig5(hist)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range panels {
		// Thousands of symbols: 1000 cycles of 80 symbols end at 80.
		if p.X.Max != 80 {
			t.Errorf("panel %q: x range ends at %v, want 80 (thousands of symbols)", p.Title.Text, p.X.Max)
		}
	}
	ss := []series{newSeries("a", red, hist["v2-hard"], true), newSeries("b", blue, hist["reliable-hard"], true)}
	ss[1].loss = ss[1].loss.perCycle(2)
	if got := longestLoss(ss).Cycles; got[len(got)-1] != 2000 { // the floor spans the longer run
		t.Errorf("the floor ends at cycle %v, want 2000", got[len(got)-1])
	}
	if got := panels[1].X.Label.Text; !strings.Contains(got, "symbols") {
		t.Errorf("x axis %q does not say symbols", got)
	}
	hist["reliable-hard"][0].Config = json.RawMessage(`{}`)
	if _, err := fig5(hist); err == nil {
		t.Error("a run without a window drew a figure")
	}
}
