package webtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// axeVersion is the axe-core release the accessibility tests run, pinned:
// a new release brings new rules, taken on purpose.
const axeVersion = "4.14.1"

// ErrNoAxe is returned when axe-core can be neither found in the cache nor
// installed (no npm, or no registry offline).
var ErrNoAxe = errors.New("axe-core is not available")

var (
	axeOnce sync.Once
	axeJS   string
	axeErr  error
)

// axeDir is where the tests keep axe-core, outside the repository:
// DIFFSTRUCT_AXE_DIR, else the user's cache (~/.cache/diffstruct/axe).
func axeDir() (string, error) {
	if d := os.Getenv("DIFFSTRUCT_AXE_DIR"); d != "" {
		return d, nil
	}
	c, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(c, "diffstruct", "axe"), nil
}

// loadAxe returns axe.min.js of axeVersion, installing it with npm into
// axeDir when the cache does not hold that version.
func loadAxe() (string, error) {
	axeOnce.Do(func() {
		dir, err := axeDir()
		if err != nil {
			axeErr = fmt.Errorf("%w: %v", ErrNoAxe, err)
			return
		}
		pkg := filepath.Join(dir, "node_modules", "axe-core")
		have := func() bool {
			b, err := os.ReadFile(filepath.Join(pkg, "package.json"))
			var m struct{ Version string }
			return err == nil && json.Unmarshal(b, &m) == nil && m.Version == axeVersion
		}
		if !have() {
			npm, err := exec.LookPath("npm")
			if err != nil {
				axeErr = fmt.Errorf("%w: no npm to install axe-core@%s into %s", ErrNoAxe, axeVersion, dir)
				return
			}
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, npm, "install", "--prefix", dir, "--no-save", "--no-audit", "--no-fund",
				"--no-package-lock", "axe-core@"+axeVersion)
			if out, err := cmd.CombinedOutput(); err != nil || !have() {
				axeErr = fmt.Errorf("%w: npm install axe-core@%s into %s: %v\n%s", ErrNoAxe, axeVersion, dir, err, out)
				return
			}
		}
		b, err := os.ReadFile(filepath.Join(pkg, "axe.min.js"))
		if err != nil {
			axeErr = fmt.Errorf("%w: %v", ErrNoAxe, err)
			return
		}
		axeJS = string(b)
	})
	return axeJS, axeErr
}

// axeViolation is one rule axe found broken, with the elements that break it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// runAxe injects axe-core into the page and its view's frame (never
// shipped with them) and checks both documents against WCAG 2.2 A and AA and axe's best
// practices, returning the violations.
func (p *page) runAxe() []axeViolation {
	p.t.Helper()
	src, err := loadAxe()
	if err != nil {
		p.t.Skipf("accessibility check skipped: %v", err)
	}
	if _, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](src+";\ntrue")); err != nil {
		p.t.Fatalf("inject axe-core: %v", err)
	}
	// The network view's document too (graph.html, same origin): axe tests
	// frames that hold a copy of it.
	if !eval[bool](p, `(() => { const w = document.getElementById('graph').contentWindow; if (!w) return false;
		w.eval(`+jsString(src)+`); return typeof w.axe === 'object' })()`) {
		p.t.Log("axe-core could not be injected into the view's frame: its document is not checked")
	}
	ctx, cancel := context.WithTimeout(p.ctx, 90*time.Second)
	defer cancel()
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {
		runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
		resultTypes: ['violations', 'incomplete'], iframes: true,
	}).then((r) => JSON.stringify({violations: r.violations,
		incomplete: r.incomplete.map((v) => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length}))}))`, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("axe.run: %v", err)
	}
	var res struct {
		Violations []axeViolation
		Incomplete []struct {
			ID, Impact, Help string
			Nodes            int
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		p.t.Fatalf("axe's answer: %v", err)
	}
	// What axe could not decide (text over the canvases, mostly) is
	// printed, not failed: the view's colours are checked in Go
	// (wasm/scene's contrast tests).
	for _, v := range res.Incomplete {
		p.t.Logf("axe could not decide %s (%s, %d elements): %s", v.ID, v.Impact, v.Nodes, v.Help)
	}
	return res.Violations
}

// reportAxe prints every violation of a state and fails on the serious and
// critical ones.
func reportAxe(t *testing.T, state string, vs []axeViolation) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "axe-core %s, %s: %d violations\n", axeVersion, state, len(vs))
	bad := 0
	for _, v := range vs {
		fmt.Fprintf(&b, "  [%s] %s: %s (%d elements)\n", v.Impact, v.ID, v.Help, len(v.Nodes))
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "      %v: %s\n", n.Target, strings.ReplaceAll(n.Summary, "\n", " / "))
		}
		if v.Impact == "serious" || v.Impact == "critical" {
			bad++
		}
	}
	t.Log(b.String())
	if bad > 0 {
		t.Errorf("%s: %d serious or critical accessibility violations (above)", state, bad)
	}
}

// TestAxe runs axe-core on the page's main states: the sequence model, a
// lesson link, a race, the 2-D feed-forward model, the phone layout, and
// projector mode in high contrast.
func TestAxe(t *testing.T) {
	if _, err := loadAxe(); err != nil {
		t.Skipf("accessibility check skipped: %v", err)
	}
	for _, c := range []struct {
		name, fragment string
		w, h           int64
		mobile         bool
		ready          string // what to wait for before checking
	}{
		{"main page (sequence model)", "task=hard&seed=1", 1280, 900, false, ``},
		{"lesson link", "only=graph,play&task=hard", 1280, 900, false, `document.body.classList.contains('lesson')`},
		{"race view", "race=10,37&task=hard", 1280, 900, false, `!document.getElementById('race-panel').hidden`},
		{"2-D feed-forward model", "model=ff&data=circle&seed=1", 1280, 900, false, `document.body.dataset.model === 'ff'`},
		{"phone layout", "task=hard&seed=1", 390, 844, true, ``},
		{"projector mode, high contrast", "task=hard&seed=1&big=1&contrast=1", 1280, 900, false, `document.documentElement.classList.contains('contrast')`},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			parallel(t)
			p := openPage(t, nil, "", c.fragment)
			if c.mobile {
				p.do(chromedp.EmulateViewport(c.w, c.h, chromedp.EmulateScale(2), chromedp.EmulateMobile))
			} else {
				p.do(chromedp.EmulateViewport(c.w, c.h))
			}
			if c.ready != "" {
				p.wait(c.ready, 10*time.Second)
			}
			p.settled()
			reportAxe(t, c.name, p.runAxe())
		})
	}
}

// emulateMedia sets the page's media features (prefers-reduced-motion,
// prefers-contrast), as a browser whose visitor asked for them would.
func (p *page) emulateMedia(features ...*emulation.MediaFeature) {
	p.t.Helper()
	p.do(func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: features})
		return chromedp.Void{}, err
	})
}
