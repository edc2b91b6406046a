// Command ffbench times core/ff side by side with TensorFlow Playground's
// nn.ts and prints one table: per network shape, nn.ts's µs per epoch
// under node, ff's natively and in WebAssembly under node, and the ratio
// of ff's WebAssembly time to nn.ts's (the goal is at most 0.1).
//
// An epoch is one pass over Playground's spiral's 250 training points in
// batches of 10 (25 steps), tanh, squared error, plain SGD at learning rate
// 0.03 and no regularisation: core/ff's BenchmarkEpoch, and
// tools/ffbench/playground.sh for nn.ts (which compiles nn.ts outside the
// repository and runs harness.mjs on it). ff's own default, RMSProp with the
// L1 step (BenchmarkEpochRMSProp), is shown under the table.
//
// ff's WebAssembly build runs under node as go_js_wasm_exec runs it, plus
// --no-liftoff (optimised code from the start; see run). The three are run
// in turn, -rounds times, and each cell is the median of
// its rounds, so that a drift in the shared machine's speed hits all three.
// If nn.ts cannot be had (offline, no PLAYGROUND), its column says so and
// ff's figures are still printed.
//
// Usage, from the repository (make bench-ff):
//
//	go run ./tools/ffbench [-rounds 3] [-benchtime 0.5s] [-wasm=true]
//
// PLAYGROUND and TSC are passed on to playground.sh.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// shapes are the networks compared, named as Playground counts layers.
var shapes = []string{"2-4-2-1", "2-8-8-1", "2-8-8-8-8-8-8-1"}

const ffPkg = "github.com/diffstruct/diffstruct/core/ff"

// figures holds one run's µs/epoch by benchmark and shape: "nn.ts",
// "BenchmarkEpoch" or "BenchmarkEpochRMSProp", then the shape.
type figures map[string]map[string]float64

func (f figures) put(kind, shape string, v float64) {
	if f[kind] == nil {
		f[kind] = map[string]float64{}
	}
	f[kind][shape] = v
}

func main() {
	rounds := flag.Int("rounds", 3, "runs of each side, alternating; each figure is their median")
	benchtime := flag.String("benchtime", "0.5s", "go test -benchtime for ff's benchmarks")
	wasm := flag.Bool("wasm", true, "also time ff in WebAssembly under node")
	harness := flag.String("harness", "-ms 300 -rounds 3 -warm 1000", "flags for harness.mjs")
	flag.Parse()
	if err := run(*rounds, *benchtime, *wasm, strings.Fields(*harness)); err != nil {
		fmt.Fprintln(os.Stderr, "ffbench:", err)
		os.Exit(1)
	}
}

func run(rounds int, benchtime string, wasm bool, harnessArgs []string) error {
	if rounds < 1 {
		return fmt.Errorf("-rounds %d: want at least 1", rounds)
	}
	dir, err := goOut("list", "-f", "{{.Dir}}", "github.com/diffstruct/diffstruct/tools/ffbench")
	if err != nil {
		return err
	}
	script := filepath.Join(dir, "playground.sh")
	goroot, err := goOut("env", "GOROOT")
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "ffbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	native := filepath.Join(tmp, "ff.test")
	if err := goBuild(nil, native); err != nil {
		return err
	}
	wasmBin := filepath.Join(tmp, "ff.wasm")
	if wasm {
		if err := goBuild([]string{"GOOS=js", "GOARCH=wasm"}, wasmBin); err != nil {
			return err
		}
	}
	benchArgs := []string{"-test.run", "^$", "-test.bench", "^BenchmarkEpoch", "-test.benchtime", benchtime, "-test.cpu", "1"}
	// go_js_wasm_exec's node command, with optimised code from the start:
	// node otherwise runs a function from its baseline compiler until it is
	// hot and a background thread has optimised it, which on a busy machine
	// can outlast the benchmark's warm-up (a tenfold slower first figure).
	wasmExec := []string{"--stack-size=8192", "--no-liftoff", filepath.Join(goroot, "lib", "wasm", "wasm_exec_node.js"), wasmBin}

	load0 := loadavg()
	var all []figures
	peerErr := ""
	for r := range rounds {
		fmt.Fprintf(os.Stderr, "ffbench: round %d of %d\n", r+1, rounds)
		f := figures{}
		if peerErr == "" {
			out, err := command(script, harnessArgs...).Output()
			if err != nil {
				peerErr = peerMessage(err)
				fmt.Fprintln(os.Stderr, "ffbench:", peerErr)
			} else {
				parsePeer(f, out)
			}
		}
		out, err := command(native, benchArgs...).Output()
		if err != nil {
			return fmt.Errorf("native benchmark: %v", err)
		}
		parseBench(f, "", out)
		if wasm {
			out, err := command("node", append(wasmExec, benchArgs...)...).Output()
			if err != nil {
				return fmt.Errorf("wasm benchmark: %v", err)
			}
			parseBench(f, "wasm:", out)
		}
		all = append(all, f)
	}
	print(all, rounds, benchtime, wasm, peerErr)
	if load0 != "" {
		fmt.Printf("load average (1 min) %s before, %s after: other work on the machine shows in the ranges\n", load0, loadavg())
	}
	return nil
}

// loadavg returns the 1-minute load average where the system tells it.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	if w := strings.Fields(string(b)); len(w) > 0 {
		return w[0]
	}
	return ""
}

// command is a command whose standard error is ours, run in the
// repository's module (the current directory).
func command(name string, args ...string) *exec.Cmd {
	c := exec.Command(name, args...)
	c.Stderr = os.Stderr
	return c
}

// goOut runs the go command and returns its output, trimmed.
func goOut(args ...string) (string, error) {
	out, err := command("go", args...).Output()
	if err != nil {
		return "", fmt.Errorf("go %s: %v", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out)), nil
}

// goBuild builds core/ff's test binary into out with the extra environment.
func goBuild(env []string, out string) error {
	c := command("go", "test", "-c", "-o", out, ffPkg)
	c.Env = append(os.Environ(), env...)
	if err := c.Run(); err != nil {
		return fmt.Errorf("%s go test -c %s: %v", strings.Join(env, " "), ffPkg, err)
	}
	return nil
}

// peerMessage says why nn.ts could not be timed.
func peerMessage(err error) string {
	if e, ok := err.(*exec.ExitError); ok && e.ExitCode() == 3 {
		return "nn.ts not timed: playground.sh could not obtain it (its message is above; PLAYGROUND=<dir with src/nn.ts> points at a copy)"
	}
	return fmt.Sprintf("nn.ts not timed: playground.sh: %v", err)
}

// parsePeer reads harness.mjs's "nn.ts <shape> <µs/epoch> <loss>" lines.
func parsePeer(f figures, out []byte) {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		w := strings.Fields(sc.Text())
		if len(w) >= 3 && w[0] == "nn.ts" {
			if v, err := strconv.ParseFloat(w[2], 64); err == nil {
				f.put("nn.ts", w[1], v)
			}
		}
	}
}

// parseBench reads go test's benchmark lines, each ending in "<v> µs/epoch",
// under kind prefix+name ("BenchmarkEpoch" or "BenchmarkEpochRMSProp").
func parseBench(f figures, prefix string, out []byte) {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		w := strings.Fields(sc.Text())
		if len(w) < 4 || w[len(w)-1] != "µs/epoch" {
			continue
		}
		name, shape, ok := strings.Cut(w[0], "/")
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(w[len(w)-2], 64)
		if err != nil {
			continue
		}
		for _, s := range shapes { // go test may add -GOMAXPROCS
			if shape == s || strings.HasPrefix(shape, s+"-") && !slices.Contains(shapes, shape) {
				f.put(prefix+name, s, v)
			}
		}
	}
}

// stats returns the median, least and greatest of kind's figure for shape
// over the rounds, and false when no round has it.
func stats(all []figures, kind, shape string) (med, lo, hi float64, ok bool) {
	var v []float64
	for _, f := range all {
		if x, ok := f[kind][shape]; ok {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		return 0, 0, 0, false
	}
	slices.Sort(v)
	med = v[len(v)/2]
	if len(v)%2 == 0 {
		med = (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	return med, v[0], v[len(v)-1], true
}

// median returns the median of kind's figure for shape over the rounds.
func median(all []figures, kind, shape string) (float64, bool) {
	m, _, _, ok := stats(all, kind, shape)
	return m, ok
}

// cell formats kind's figure for shape: the median, and the range over
// the rounds when there are several.
func cell(all []figures, kind, shape string) string {
	m, lo, hi, ok := stats(all, kind, shape)
	if !ok {
		return "n/a"
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', 0, 64) }
	if lo == hi {
		return f(m)
	}
	return f(m) + " (" + f(lo) + "–" + f(hi) + ")"
}

func print(all []figures, rounds int, benchtime string, wasm bool, peerErr string) {
	node, _ := exec.Command("node", "--version").Output()
	fmt.Printf("ffbench %s: %s, %s/%s, %d CPUs, node %s; median (range) of %d rounds, -benchtime %s\n",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), runtime.Version(), runtime.GOOS, runtime.GOARCH,
		runtime.NumCPU(), strings.TrimSpace(string(node)), rounds, benchtime)
	fmt.Println("one epoch: 250 spiral points, batch 10 (25 steps), tanh, squared error, SGD lr 0.03")
	fmt.Println()
	fmt.Println("| shape | nn.ts µs/epoch | ff native µs/epoch | ff wasm (node) µs/epoch | ratio wasm/nn.ts (goal ≤ 0.10) |")
	fmt.Println("|---|---:|---:|---:|---:|")
	for _, s := range shapes {
		ratio := "n/a"
		p, ok1 := median(all, "nn.ts", s)
		w, ok2 := median(all, "wasm:BenchmarkEpoch", s)
		if ok1 && ok2 && p > 0 {
			ratio = strconv.FormatFloat(w/p, 'f', 2, 64)
		}
		fmt.Printf("| %s | %s | %s | %s | %s |\n", s, cell(all, "nn.ts", s), cell(all, "BenchmarkEpoch", s),
			cell(all, "wasm:BenchmarkEpoch", s), ratio)
	}
	fmt.Println()
	fmt.Print("ff with its defaults (RMSProp lr 0.01, L1 step 1e-4), µs/epoch:")
	for _, s := range shapes {
		fmt.Printf("  %s native %s", s, cell(all, "BenchmarkEpochRMSProp", s))
		if wasm {
			fmt.Printf(" wasm %s", cell(all, "wasm:BenchmarkEpochRMSProp", s))
		}
		fmt.Print(";")
	}
	fmt.Println()
	if peerErr != "" {
		fmt.Println(peerErr)
	}
}
