package main

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/diffstruct/diffstruct/core/ff"
	"github.com/diffstruct/diffstruct/core/points"
)

// TestFFQuick: the quick ff experiment writes its four files and nothing of
// the recurrent family's; ff.json parses back with the quick seed count for
// every preset, data set and network, its numbers finite, and a second
// invocation writes the same ff.json byte for byte.
func TestFFQuick(t *testing.T) {
	dir := t.TempDir()
	args := []string{"-quick", "-experiments", "ff", "-out", dir}
	var stdout bytes.Buffer
	if err := run(context.Background(), args, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"ff.json", "ff.md", "ff-widths.png", "ff-testloss.png"} {
		if !strings.Contains(stdout.String(), name) {
			t.Errorf("stdout %q does not name %s", stdout.String(), name)
		}
	}
	for _, name := range []string{"summary.md", "summary.csv", "index.html", "runs"} {
		if exists(filepath.Join(dir, name)) {
			t.Errorf("-experiments ff wrote %s", name)
		}
	}
	for _, name := range []string{"ff-widths.png", "ff-testloss.png"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if b := img.Bounds(); b.Dx() < 600 || b.Dy() < 400 {
			t.Errorf("%s is %v, too small to read", name, b)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "ff.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep FFReport
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	checkFFReport(t, &rep, quickFFSeeds)

	md, err := os.ReadFile(filepath.Join(dir, "ff.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## Final widths and depth", "## Test loss", "## Two spirals", "Cascade-Correlation", "Lang and M. J. Witbrock", "fixed 4-2", "-experiments ff -quick"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("ff.md lacks %q", want)
		}
	}

	again := t.TempDir()
	if err := run(context.Background(), []string{"-quick", "-experiments", "ff", "-out", again}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	data2, err := os.ReadFile(filepath.Join(again, "ff.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, data2) {
		t.Error("the same flags gave a different ff.json")
	}
}

// checkFFReport checks a report's shape and numbers.
func checkFFReport(t *testing.T, rep *FFReport, seeds int) {
	t.Helper()
	if rep.Seeds != seeds || rep.Steps != quickFFSteps || rep.SpiralEpochs != quickFFSpiralEpochs {
		t.Errorf("seeds, steps, epochs = %d, %d, %d; want %d, %d, %d", rep.Seeds, rep.Steps, rep.SpiralEpochs, seeds, quickFFSteps, quickFFSpiralEpochs)
	}
	if !slices.Equal(rep.Presets, ff.Presets()) {
		t.Errorf("presets %v, want every preset %v", rep.Presets, ff.Presets())
	}
	finiteOK := func(what string, x float64) {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			t.Errorf("%s is %v", what, x)
		}
	}
	spreadOK := func(what string, s *FFSpread) {
		if s == nil {
			t.Errorf("%s: no spread", what)
			return
		}
		for _, x := range []float64{s.Median, s.Q1, s.Q3, s.Min, s.Max} {
			finiteOK(what, x)
		}
		if !(s.Min <= s.Q1 && s.Q1 <= s.Median && s.Median <= s.Q3 && s.Q3 <= s.Max) {
			t.Errorf("%s: spread %+v out of order", what, *s)
		}
	}
	if got := rep.dataPresets(); slices.Contains(got, ff.SpiralsFF) || len(got) != len(rep.Presets)-1 {
		t.Errorf("presets on the data sets %v: want all but %s", got, ff.SpiralsFF)
	}
	for _, p := range rep.dataPresets() {
		for _, d := range ffDataSets {
			for _, n := range rep.networks(p) {
				c := rep.cell(p, d, n)
				what := p + " " + d + " " + n
				if c == nil {
					t.Errorf("%s: no cell", what)
					continue
				}
				if len(c.Runs) != seeds {
					t.Errorf("%s: %d runs, want %d", what, len(c.Runs), seeds)
				}
				regression := d == points.RegPlane || d == points.RegGauss
				if c.Regression != regression {
					t.Errorf("%s: regression %v", what, c.Regression)
				}
				for i, r := range c.Runs {
					if r.Seed != i+1 {
						t.Errorf("%s: run %d has seed %d", what, i, r.Seed)
					}
					if r.Diverged != "" || r.TestLoss == nil {
						t.Errorf("%s seed %d diverged: %s", what, r.Seed, r.Diverged)
						continue
					}
					finiteOK(what+" test loss", *r.TestLoss)
					if r.Layers != len(r.Widths) || r.Layers < 1 {
						t.Errorf("%s seed %d: %d layers, widths %v", what, r.Seed, r.Layers, r.Widths)
					}
					sum := 0
					for _, w := range r.Widths {
						sum += w
					}
					if sum != r.Neurons {
						t.Errorf("%s seed %d: %d neurons, widths %v", what, r.Seed, r.Neurons, r.Widths)
					}
					if len(c.Shape) > 0 && !slices.Equal(r.Widths, c.Shape) {
						t.Errorf("%s seed %d: a fixed network ended with widths %v", what, r.Seed, r.Widths)
					}
					if regression != (r.TestAccuracy == nil) {
						t.Errorf("%s seed %d: accuracy %v for regression %v", what, r.Seed, r.TestAccuracy, regression)
					} else if r.TestAccuracy != nil && !(*r.TestAccuracy >= 0 && *r.TestAccuracy <= 1) {
						t.Errorf("%s seed %d: accuracy %v", what, r.Seed, *r.TestAccuracy)
					}
				}
				spreadOK(what+" neurons", c.Neurons)
				spreadOK(what+" layers", c.Layers)
				spreadOK(what+" test loss", c.TestLoss)
				if !regression {
					spreadOK(what+" accuracy", c.Accuracy)
				}
			}
		}
	}
	if len(rep.TwoSpirals) != len(rep.Presets) {
		t.Fatalf("%d two-spirals cells for %d presets", len(rep.TwoSpirals), len(rep.Presets))
	}
	for i, c := range rep.TwoSpirals {
		if c.Preset != rep.Presets[i] || len(c.Runs) != seeds || c.Trials != seeds {
			t.Errorf("two spirals %s: %d runs, %d trials; want %d", c.Preset, len(c.Runs), c.Trials, seeds)
		}
		solved := 0
		for _, r := range c.Runs {
			finiteOK("best score", r.BestScore)
			if r.BestScore < 0 || r.BestScore > 1 || r.Epochs < 1 || r.Epochs > rep.SpiralEpochs || r.Neurons < 1 {
				t.Errorf("two spirals %s seed %d: %+v", c.Preset, r.Seed, r)
			}
			if r.Solved {
				solved++
				if r.BestScore != 1 || r.Epochs%rep.CheckEvery != 0 && r.Epochs != rep.SpiralEpochs {
					t.Errorf("two spirals %s seed %d solved at epoch %d with score %v", c.Preset, r.Seed, r.Epochs, r.BestScore)
				}
			}
		}
		if solved != c.Solved {
			t.Errorf("two spirals %s: %d solved, the cell says %d", c.Preset, solved, c.Solved)
		}
		spreadOK("two spirals best score", c.BestScore)
	}
	if len(rep.Published) != 2 || rep.Published[0].Solved != 100 {
		t.Errorf("published results %+v", rep.Published)
	}
}

// TestFFJudgeSpirals: the two-spirals check halves the tanh outputs before
// SolvedTwoSpirals judges them against ±0.5.
func TestFFJudgeSpirals(t *testing.T) {
	pts := points.TwoSpiralsSet().Train
	scaled := func(k float64) []float64 {
		raw := make([]float64, len(pts))
		for i, p := range pts {
			raw[i] = k * p.Label
		}
		return raw
	}
	for _, c := range []struct {
		k      float64
		solved bool
	}{
		{0.5, true},   // halved 0.25: 0.25 from the target
		{0.9, true},   // halved 0.45; unhalved, 0.9 would be 0.4 from 0.5 and fail
		{0.99, true},  // halved 0.495
		{0.15, false}, // halved 0.075 is 0.425 away; unhalved, 0.15 would pass
		{0.2, false},  // halved 0.1: exactly 0.4 away, the threshold is strict
		{-0.5, false}, // every point on the wrong side
	} {
		solved, score := ffJudgeSpirals(scaled(c.k), pts)
		if solved != c.solved {
			t.Errorf("outputs %g·label: solved %v, want %v", c.k, solved, c.solved)
		}
		if want := map[bool]float64{true: 1, false: 0}[c.solved]; score != want {
			t.Errorf("outputs %g·label: score %v, want %v", c.k, score, want)
		}
	}
	raw := scaled(0.6)
	raw[7] = -raw[7] // one point wrong
	if solved, score := ffJudgeSpirals(raw, pts); solved || score != 193.0/194 {
		t.Errorf("one point wrong: solved %v, score %v; want false, 193/194", solved, score)
	}
	raw[7] = math.NaN()
	if solved, _ := ffJudgeSpirals(raw, pts); solved {
		t.Error("a NaN output solved the benchmark")
	}
	if solved, score := ffJudgeSpirals(nil, pts); solved || score != 0 {
		t.Errorf("no outputs: solved %v, score %v", solved, score)
	}
}

// TestFFFlags: ff is selected apart from the recurrent experiments, takes
// -quick's shrunken defaults and is refused with the scale-out modes.
func TestFFFlags(t *testing.T) {
	exps, err := selectExperiments("ff")
	if err != nil || len(exps) != 0 {
		t.Errorf("selectExperiments(ff) = %d experiments, %v; want none, nil", len(exps), err)
	}
	if exps, err := selectExperiments("fig1,ff"); err != nil || len(exps) == 0 {
		t.Errorf("selectExperiments(fig1,ff) = %d experiments, %v", len(exps), err)
	}
	if all, _ := selectExperiments("all"); wantsFF("all") || len(all) == 0 {
		t.Error("all should be the recurrent experiments without ff")
	}
	o, err := parseFlags([]string{"-quick", "-experiments", "ff", "-ff-steps", "50"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	fo := o.ffOptions()
	if fo.Seeds != quickFFSeeds || fo.Steps != 50 || fo.SpiralEpochs != quickFFSpiralEpochs {
		t.Errorf("quick ff options %+v", fo)
	}
	if fo.Command != " -experiments ff -quick -ff-steps 50" {
		t.Errorf("command %q", fo.Command)
	}
	o, err = parseFlags([]string{"-experiments", "ff"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if fo := o.ffOptions(); fo.Seeds != 20 || fo.Steps != 20000 || fo.SpiralEpochs != 40000 {
		t.Errorf("default ff options %+v", fo)
	}
	for _, args := range [][]string{
		{"-experiments", "ff", "-plan"},
		{"-experiments", "ff", "-report"},
		{"-experiments", "ff", "-ff-seeds", "0"},
		{"-experiments", "ff", "-ff-steps", "0"},
		{"-experiments", "ff", "-ff-spiral-epochs", "0"},
	} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

// TestFFSpiralSteps: an epoch is every point once, rounded up to whole
// batches.
func TestFFSpiralSteps(t *testing.T) {
	for batch, want := range map[int]int{1: 194, 10: 20, 97: 2, 100: 2, 194: 1, 500: 1} {
		if got := ffSpiralSteps(batch); got != want {
			t.Errorf("ffSpiralSteps(%d) = %d, want %d", batch, got, want)
		}
	}
}

// TestFFFiguresManyPresets: the tables and figures take any number of
// presets (ff.Presets may grow), depths that vary and runs that diverged.
func TestFFFiguresManyPresets(t *testing.T) {
	rep := &FFReport{Seeds: 20, Steps: 1000, SpiralEpochs: 100, CheckEvery: ffCheckEvery,
		Presets: []string{"paper-ff", "tuned-ff"}, Batch: map[string]int{"paper-ff": 10, "tuned-ff": 20},
		DataSets: ffDataSets, Shapes: ffShapes, Published: ffPublished, SpiralPoints: 194, SpiralTarget: 0.5, SpiralCutoff: 0.4}
	for pi, p := range rep.Presets {
		for di, d := range ffDataSets {
			for ni, n := range rep.networks(p) {
				c := FFCell{Preset: p, DataSet: d, Network: n, Regression: di >= 4}
				if ni > 0 {
					c.Shape = ffShapes[ni-1]
				}
				for s := 1; s <= rep.Seeds; s++ {
					widths := c.Shape
					if widths == nil {
						widths = make([]int, 1+(s+pi)%3)
						for l := range widths {
							widths[l] = 1 + (s*(l+2)+di)%7
						}
					}
					r := FFRun{Seed: s, Widths: widths, Layers: len(widths)}
					for _, w := range widths {
						r.Neurons += w
					}
					if s == 3 && ni == 1 {
						r.Diverged = "ff: training diverged"
					} else {
						loss := math.Pow(10, -float64((s*(di+1)+ni)%6)) / 2
						r.TestLoss = &loss
						if !c.Regression {
							acc := 1 - loss
							r.TestAccuracy = &acc
						}
					}
					c.Runs = append(c.Runs, r)
				}
				rep.Cells = append(rep.Cells, c)
			}
		}
		sc := FFSpiralCell{Preset: p, Trials: rep.Seeds}
		for s := 1; s <= rep.Seeds; s++ {
			sc.Runs = append(sc.Runs, FFSpiralRun{Seed: s, Solved: s%(pi+2) == 0, Epochs: 10 * s, Widths: []int{s, 2}, Layers: 2, Neurons: s + 2,
				BestScore: float64(s) / 20, BestAccuracy: 0.5 + float64(s)/40})
		}
		rep.TwoSpirals = append(rep.TwoSpirals, sc)
	}
	rep.summarise()
	dir := os.Getenv("FF_FIGURES_OUT") // set it to look at the pictures
	if dir == "" {
		dir = t.TempDir()
	}
	if _, err := writeFF(dir, rep); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, "ff.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Preset `tuned-ff`", "| xor | tuned-ff |", "(1 diverged)", "`tuned-ff` (ours, batches of 20) | 6 of 20"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("ff.md lacks %q", want)
		}
	}
	if c := rep.cell("tuned-ff", points.XOR, "fixed 4-2"); c.Diverged != 1 || c.TestLoss == nil {
		t.Errorf("a diverged run: %+v", c)
	}
}
