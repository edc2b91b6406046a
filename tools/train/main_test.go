package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// call runs the command in-process and returns its exit status and output.
func call(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), append([]string{"-quiet"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestJSONLineAndCSV(t *testing.T) {
	csvPath := filepath.Join(t.TempDir(), "run.csv")
	code, out, errOut := call(t, "-task", "hard", "-cycles", "1000", "-seed", "3", "-json", "-csv", csvPath, "-every", "50")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil || strings.Count(out, "\n") != 1 {
		t.Fatalf("stdout is not one JSON line: %q (%v)", out, err)
	}
	for _, k := range []string{"cycles", "neurons", "loss_per_window", "loss_per_symbol", "floor_per_symbol", "seconds"} {
		if _, ok := r[k]; !ok {
			t.Errorf("JSON has no %q: %s", k, out)
		}
	}
	if r["cycles"].(float64) != 1000 || r["neurons"].(float64) < 1 {
		t.Errorf("cycles %v neurons %v", r["cycles"], r["neurons"])
	}
	if f := r["floor_per_symbol"].(float64); f < 0.2239 || f > 0.2241 {
		t.Errorf("hard floor %v", f)
	}
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+1000/50 || rows[0][0] != "cycle" || rows[len(rows)-1][0] != "1000" {
		t.Errorf("CSV has %d rows, first %v, last %v", len(rows), rows[0], rows[len(rows)-1])
	}
	// The same seed gives the same run.
	_, again, _ := call(t, "-task", "hard", "-cycles", "1000", "-seed", "3", "-json")
	var r2 map[string]any
	json.Unmarshal([]byte(again), &r2)
	if r2["loss_per_window"] != r["loss_per_window"] || r2["neurons"] != r["neurons"] {
		t.Error("same seed, different result")
	}
}

func TestBadInputIsOneLineAndNonZero(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "data.bin")
	os.WriteFile(bin, []byte{0x7f, 'E', 'L', 'F', 0, 0, 1, 2}, 0o644)
	one := filepath.Join(dir, "one.txt")
	os.WriteFile(one, []byte("aaaaaaa"), 0o644)
	cfg := filepath.Join(dir, "cfg.json")
	os.WriteFile(cfg, []byte(`{"threshold": -1}`), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-bogus"}, "-bogus"},
		{[]string{"-cycles", "x"}, "-cycles"},
		{[]string{"-cycles", "0"}, "-cycles"},
		{[]string{"-task", "medium"}, "task.kind"},
		{[]string{"-preset", "v9"}, "preset"},
		{[]string{"-text", filepath.Join(dir, "missing.txt")}, "no such file"},
		{[]string{"-text", bin}, "binary"},
		{[]string{"-text", one}, "one distinct symbol"},
		{[]string{"-set", "p_del=2"}, "p_del"},
		{[]string{"-set", "nonsense=1"}, "unknown field"},
		{[]string{"-set", "novalue"}, "key=value"},
		{[]string{"-config", cfg}, "threshold"},
		{[]string{"-p", "1.5"}, "task.p"},
		{[]string{"stray"}, "unexpected argument"},
	} {
		code, out, errOut := call(t, c.args...)
		if code == 0 || out != "" {
			t.Errorf("%v: exit %d, stdout %q", c.args, code, out)
		}
		if strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "train: ") || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: stderr %q, want one line mentioning %q", c.args, errOut, c.want)
		}
		if strings.Contains(errOut, "goroutine") {
			t.Errorf("%v: stack trace", c.args)
		}
	}
}

func TestCustomTextAndOverrides(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.txt")
	os.WriteFile(path, []byte("abcabdabcabd"), 0o644)
	code, out, errOut := call(t, "-text", path, "-cycles", "300", "-json", "-preset", "fixed", "-size", "5", "-set", "learning_rate=0.02")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r map[string]any
	json.Unmarshal([]byte(out), &r)
	if r["task"] != "custom" || r["neurons"].(float64) != 5 || r["floor_per_symbol"] != nil {
		t.Errorf("custom run: %s", out)
	}
	if code, _, _ := call(t, "-h"); code != 0 {
		t.Errorf("-h exits %d", code)
	}
}

func TestInterruptKeepsResults(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	if code := run(ctx, []string{"-quiet", "-json", "-cycles", "100000"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var r map[string]any
	json.Unmarshal(out.Bytes(), &r)
	if r["interrupted"] != true || r["cycles"].(float64) >= 100000 {
		t.Errorf("interrupted run reported %s", out.String())
	}
}

func TestSaveThenLoadContinuesTheRun(t *testing.T) {
	dir := t.TempDir()
	net := filepath.Join(dir, "net.json")
	_, straight, _ := call(t, "-task", "hard", "-cycles", "800", "-json")
	if code, _, errOut := call(t, "-task", "hard", "-cycles", "300", "-save", net); code != 0 {
		t.Fatalf("save: %s", errOut)
	}
	code, resumed, errOut := call(t, "-load", net, "-cycles", "500", "-json")
	if code != 0 {
		t.Fatalf("load: %s", errOut)
	}
	var a, b map[string]any
	json.Unmarshal([]byte(straight), &a)
	json.Unmarshal([]byte(resumed), &b)
	for _, k := range []string{"cycles", "neurons", "loss_per_window", "sample"} {
		if a[k] != b[k] {
			t.Errorf("%s: straight run %v, saved and resumed %v", k, a[k], b[k])
		}
	}
	os.WriteFile(net, []byte(`{"format":"diffstruct-network","version":1,"cycle":`), 0o644)
	if code, _, errOut := call(t, "-load", net); code == 0 || !strings.Contains(errOut, "truncated") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("truncated file: exit %d, %q", code, errOut)
	}
}

func TestTaskHelpListsTheGallery(t *testing.T) {
	code, out, errOut := call(t, "-task", "help")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"easy ", "hard ", "period ", "count ", "copy ", "parity ", "reber ", "english ",
		"0.2310 = ln 8 / 9", "0.3081 = 4 ln 2 / 9", "0.4621 = 2 ln 2 / 3", "0.4043 = 7 ln 2 / 12", "bigram 2.0670", "e.g.   BTB"} {
		if !strings.Contains(out, want) {
			t.Errorf("-task help has no %q:\n%s", want, out)
		}
	}
	code, _, errOut = call(t, "-h")
	if code != 0 || !strings.Contains(errOut, "reber           The embedded Reber grammar") || !strings.Contains(errOut, "-task help") {
		t.Errorf("-h does not name every task: %s", errOut)
	}
}

// TestZeroFloorAndTextJSON: a floor of 0 has no gap in percent (null, not
// an Inf json.Marshal refuses) but a gap per symbol; a text has no floor
// and its reference lines.
func TestZeroFloorAndTextJSON(t *testing.T) {
	code, out, errOut := call(t, "-task", "period", "-preset", "reliable", "-cycles", "300", "-json")
	if code != 0 {
		t.Fatalf("period: exit %d: %s", code, errOut)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("period: %q: %v", out, err)
	}
	if r["floor_per_symbol"] != 0.0 || r["gap_percent"] != nil || r["gap_per_symbol"] != r["loss_per_symbol"] {
		t.Errorf("period: floor %v, gap %v%%, gap per symbol %v", r["floor_per_symbol"], r["gap_percent"], r["gap_per_symbol"])
	}
	code, out, errOut = call(t, "-task", "english", "-cycles", "50", "-json")
	if code != 0 {
		t.Fatalf("english: exit %d: %s", code, errOut)
	}
	var e struct {
		Floor *float64 `json:"floor_per_symbol"`
		Gap   *float64 `json:"gap_per_symbol"`
		Lines []struct {
			Name string  `json:"name"`
			Nats float64 `json:"nats"`
		} `json:"lines"`
	}
	if err := json.Unmarshal([]byte(out), &e); err != nil || e.Floor != nil || e.Gap != nil || len(e.Lines) != 2 || e.Lines[1].Name != "bigram" {
		t.Errorf("english: %s (%v)", out, err)
	}
	code, _, errOut = call(t, "-task", "period", "-cycles", "10")
	if code != 0 || !strings.Contains(errOut, "floor 0 (+") {
		t.Errorf("period summary: %s", errOut)
	}
	code, _, errOut = call(t, "-task", "english", "-cycles", "10")
	if code != 0 || !strings.Contains(errOut, "bigram 2.0670") {
		t.Errorf("english summary: %s", errOut)
	}
}
