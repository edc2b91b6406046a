package fma

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

const module = "github.com/diffstruct/diffstruct"

// results are the packages whose arithmetic decides what a run computes,
// shows or saves. wasm/scene is left out: it only places pixels, and a
// fused multiply-add there moves a line by a fraction of an ulp.
var results = []string{module + "/core/...", module + "/wasm/linkstate", module + "/wasm/pace",
	module + "/wasm/session", module + "/wasm/tempo", module + "/wasm/tour", module + "/wasm/wire"}

// targets are the ways Go builds that can fuse, with the instructions that
// show it.
var targets = []struct {
	name string
	env  []string
	op   *regexp.Regexp
}{
	{"arm64", []string{"GOOS=linux", "GOARCH=arm64"}, regexp.MustCompile(`\tF(N)?M(ADD|SUB)[DS]\t`)},
	{"amd64 v3", []string{"GOOS=linux", "GOARCH=amd64", "GOAMD64=v3"}, regexp.MustCompile(`\tVF(N)?M(ADD|SUB)[0-9]+S[DS]\t`)},
}

// fused compiles pkgs for a target and returns "function (file:line)" for
// every fused multiply-add in functions of prefix's packages.
func fused(t *testing.T, env []string, op *regexp.Regexp, prefix string, pkgs ...string) []string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"build", "-gcflags=-S"}, pkgs...)...)
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("go build -gcflags=-S %v (%v): %v\n%s", pkgs, env, err, out.Bytes())
	}
	var sites []string
	fn := ""
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.Contains(line, " STEXT ") {
			fn, _, _ = strings.Cut(line, " ")
			continue
		}
		if op.MatchString(line) && strings.HasPrefix(fn, prefix) {
			pos := ""
			if i, j := strings.Index(line, "("), strings.Index(line, ")"); i >= 0 && j > i {
				pos = line[i : j+1]
			}
			sites = append(sites, fmt.Sprintf("%s %s", fn, pos))
		}
	}
	return sites
}

func skipUnlessHost(t *testing.T) {
	if testing.Short() || runtime.GOARCH == "wasm" {
		t.Skip("runs the go command")
	}
}

// TestScannerSeesFusion is the positive control: the scanner finds the
// fused product in testdata/fused and nothing in its rounded twin.
func TestScannerSeesFusion(t *testing.T) {
	skipUnlessHost(t)
	for _, tg := range targets {
		sites := fused(t, tg.env, tg.op, module+"/core/internal/fma/testdata/fused.", "./testdata/fused")
		if len(sites) == 0 {
			t.Errorf("%s: no fused multiply-add found in fused.MulAdd", tg.name)
		}
		for _, s := range sites {
			if !strings.Contains(s, "fused.MulAdd") {
				t.Errorf("%s: fusion reported outside MulAdd: %s", tg.name, s)
			}
		}
	}
}

// TestNoFusedMultiplyAdds fails on every fused multiply-add the compiler
// emits in the result packages for arm64 and GOAMD64=v3.
func TestNoFusedMultiplyAdds(t *testing.T) {
	skipUnlessHost(t)
	for _, tg := range targets {
		for _, s := range fused(t, tg.env, tg.op, module+"/", results...) {
			t.Errorf("%s: fused multiply-add in %s: round the product with float64(x*y)", tg.name, s)
		}
	}
}
