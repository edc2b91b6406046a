package engine

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/diffstruct/diffstruct/core/task"
)

// digestCases are the runs whose digests must agree natively and in WebAssembly:
// each rule, structural changes, a schedule's switch and a custom text.
func digestCases() map[string]Config {
	paper, _ := Preset(PresetPaper, 0)
	paper.Seed, paper.Task = 5, task.Spec{Kind: task.Hard}.WithDefaults()
	v1, _ := Preset(PresetPaperV1, 0)
	v1.Gate, v1.Task = GateEverywhere, task.Spec{Kind: task.EasyHardEasy, Span: 1500}.WithDefaults()
	fixed, _ := Preset(PresetFixed, 12)
	fixed.Task = task.Spec{Kind: task.Custom, Text: "to be or not to be, that is the question"}.WithDefaults()
	return map[string]Config{"paper-hard": paper, "v1-everywhere-ehe": v1, "fixed-custom": fixed}
}

// digestLine runs a case for 2,000 cycles and describes where it ended.
func digestLine(name string, c Config) string {
	e, err := New(c)
	if err != nil {
		return fmt.Sprintf("digest %s error %v", name, err)
	}
	if err := e.Run(2000); err != nil {
		return fmt.Sprintf("digest %s error %v", name, err)
	}
	return fmt.Sprintf("digest %s %016x neurons=%d loss=%v sample=%q", name, e.Digest(), e.N(), e.Loss(), e.Sample(30))
}

// TestPrintDigests prints the digests; the native test below runs it under
// WebAssembly and compares.
func TestPrintDigests(t *testing.T) {
	if os.Getenv("DIFFSTRUCT_PRINT_DIGESTS") == "" {
		t.Skip("helper for TestDigestsSameInWebAssembly")
	}
	for name, c := range digestCases() {
		fmt.Println(digestLine(name, c))
	}
}

func TestDigestsSameInWebAssembly(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("runs natively and starts the WebAssembly side itself")
	}
	if testing.Short() {
		t.Skip("builds and runs the package under WebAssembly")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed")
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Skipf("no go command: %v", err)
	}
	wasmDir := filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm")
	cmd := exec.Command("go", "test", "-v", "-count=1", "-run", "^TestPrintDigests$", ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "DIFFSTRUCT_PRINT_DIGESTS=1",
		"PATH="+wasmDir+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("running under WebAssembly: %v\n%s", err, out)
	}
	wasm := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) > 2 && f[0] == "digest" {
			wasm[f[1]] = line
		}
	}
	for name, c := range digestCases() {
		native := digestLine(name, c)
		if wasm[name] != native {
			t.Errorf("native and WebAssembly runs differ:\nnative %s\nwasm   %s", native, wasm[name])
		} else {
			t.Logf("%s", native)
		}
	}
}
