package rnn

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// TestWasmKernelsAreGenerated checks that kernels_wasm.s is what
// gen_kernels.go writes, so that the assembly and its generator cannot drift
// apart (run go generate ./core/rnn after changing the generator).
func TestWasmKernelsAreGenerated(t *testing.T) {
	if testing.Short() || runtime.GOOS == "js" {
		t.Skip("runs the go command")
	}
	out := filepath.Join(t.TempDir(), "kernels_wasm.s")
	cmd := exec.Command("go", "run", "gen_kernels.go", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run gen_kernels.go: %v\n%s", err, msg)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("kernels_wasm.s")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("kernels_wasm.s differs from what gen_kernels.go writes: run go generate ./core/rnn")
	}
}
