package main

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestPlanLines: -plan prints each run of the plan once, as a command
// naming its experiment, seed, length and folder, and prints nothing else.
func TestPlanLines(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-plan", "-quick", "-out", "/shared/my figs", "-cmd", "./figures"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	o, _ := parseFlags([]string{"-quick"}, io.Discard)
	runs := plan(catalogue(), o)
	if len(lines) != len(runs) {
		t.Fatalf("%d lines for %d runs", len(lines), len(runs))
	}
	for _, r := range runs {
		want := r.Command("./figures", "/shared/my figs")
		if !slices.Contains(lines, want) {
			t.Errorf("plan lacks %q", want)
		}
	}
	if !strings.HasPrefix(lines[0], "./figures -run fixed-100 -seed ") || !strings.HasSuffix(lines[0], " -out '/shared/my figs'") {
		t.Errorf("first line %q: want the costliest run first, the folder quoted", lines[0])
	}
}

// TestRunSkipsFinished: a plan line whose run is already in the folder
// trains nothing and leaves the file as it was.
func TestRunSkipsFinished(t *testing.T) {
	dir := t.TempDir()
	args := []string{"-run", "v2-easy", "-seed", "2", "-cycles", "300", "-out", dir}
	if err := run(context.Background(), args, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	o, _ := parseFlags(args, io.Discard)
	path := runOf(catalogue()[0], 2, o).Path(dir)
	first, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	if err := run(context.Background(), args, io.Discard, &log); err != nil {
		t.Fatal(err)
	}
	again, _ := os.ReadFile(path)
	if !bytes.Equal(first, again) || !strings.Contains(log.String(), "already in") {
		t.Errorf("second -run retrained (log %q)", log.String())
	}
	if ledger, _ := readLedger(dir); len(ledger) != 1 {
		t.Errorf("ledger has %d lines, want 1 (the skip adds none)", len(ledger))
	}
}

// TestPlanThroughGNUParallel runs the -quick plan through GNU parallel
// (as on many machines, here on this one) and checks that -report gives
// the same summary and figures as a plain -quick run.
func TestPlanThroughGNUParallel(t *testing.T) {
	if testing.Short() {
		t.Skip("trains every -quick run a second time")
	}
	par, err := exec.LookPath("parallel")
	if err != nil {
		t.Skip("GNU parallel is not installed (make test installs Debian's parallel package): skipping the scale-out test")
	}
	plain := quickRun(t)
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "figures")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := filepath.Join(tmp, "shared folder")
	planText, err := exec.Command(bin, "-plan", "-quick", "-out", dir, "-cmd", bin).Output()
	if err != nil {
		t.Fatalf("-plan: %v", err)
	}
	cmd := exec.Command(par, "--will-cite", "--halt", "now,fail=1", "-j", "2")
	cmd.Stdin = bytes.NewReader(planText)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("parallel: %v\n%s", err, out)
	}
	if out, err := exec.Command(bin, "-report", "-quick", "-out", dir).CombinedOutput(); err != nil {
		t.Fatalf("-report: %v\n%s", err, out)
	}
	// The summary: the CSV without its wall-time column, byte for byte,
	// and the Markdown from its table on (above it: dates and timings; in
	// it, the thesis section's CPU time).
	csvA, csvB := readFile(t, plain, "summary.csv"), readFile(t, dir, "summary.csv")
	if a, b := dropColumn(t, csvA, "seconds_per_run_median"), dropColumn(t, csvB, "seconds_per_run_median"); a != b {
		t.Errorf("summary.csv differs:\nplain:\n%s\nparallel:\n%s", a, b)
	}
	mdA, mdB := timeless(fromTable(readFile(t, plain, "summary.md"))), timeless(fromTable(readFile(t, dir, "summary.md")))
	if mdA == "" || mdA != mdB {
		t.Errorf("summary.md differs from its table on:\nplain:\n%s\nparallel:\n%s", mdA, mdB)
	}
	// The figures: the same pixels.
	for _, f := range figures() {
		a, b := decodePNG(t, filepath.Join(plain, f.Name+".png")), decodePNG(t, filepath.Join(dir, f.Name+".png"))
		if a.Bounds() != b.Bounds() || !samePixels(a, b) {
			t.Errorf("%s.png differs between the plain and the parallel runs", f.Name)
		}
	}
	// Running the plan again trains nothing: every line finds its run.
	before, _ := readLedger(dir)
	cmd = exec.Command(par, "--will-cite", "-j", "2")
	cmd.Stdin = bytes.NewReader(planText)
	if out, err := cmd.CombinedOutput(); err != nil || strings.Count(string(out), "already in") != len(strings.Split(strings.TrimSpace(string(planText)), "\n")) {
		t.Errorf("second pass: %v\n%s", err, out)
	}
	if after, _ := readLedger(dir); len(after) != len(before) {
		t.Errorf("second pass trained %d runs", len(after)-len(before))
	}
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// dropColumn removes the named column, which must be the last one and hold
// no commas, from CSV text (earlier quoted fields may hold commas).
func dropColumn(t *testing.T, text, name string) string {
	t.Helper()
	var out []string
	col := -1
	for i, line := range strings.Split(text, "\n") {
		fields := strings.Split(line, ",")
		if i == 0 {
			col = slices.Index(fields, name)
			if col != len(fields)-1 {
				t.Fatalf("column %q is not the last one: %v", name, fields)
			}
		}
		if line != "" {
			line = strings.Join(fields[:len(fields)-1], ",")
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

func fromTable(md string) string {
	if i := strings.Index(md, "\n| experiment |"); i >= 0 {
		return md[i:]
	}
	return ""
}

func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

func samePixels(a, b image.Image) bool {
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}
