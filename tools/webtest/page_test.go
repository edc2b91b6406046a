package webtest

import (
	"sort"
	"strings"
	"testing"
	"time"
)

// TestBrowserPageLoads opens the page: no console errors, the canvas shows
// the network (pixels checked), the explanation and counters are there.
// It prints the first-frame time and the page weight.
func TestBrowserPageLoads(t *testing.T) {
	traffic.reset()
	start := time.Now()
	p := openColdPage(t, "")
	p.wait(`(() => { const g = document.getElementById('graph').contentWindow.diffstructGraph;
		return g && g.stats().firstDrawn > 0 })()`, 15*time.Second)
	first := eval[float64](p, `document.getElementById('graph').contentWindow.diffstructGraph.stats().firstDrawn - performance.timeOrigin`)
	t.Logf("first frame with the network drawn: %.0f ms after navigation (wall clock %v)", first, time.Since(start).Round(time.Millisecond))
	times := eval[map[string]float64](p, `diffstructPage.times()`)
	t.Logf("load milestones (ms): %v", times)
	// The view starts Ebiten's loop once the first snapshot is there (at
	// most 0.5 s after its own start-up): when the worker was ready before
	// that start-up ended, Ebiten's first update already has the snapshot.
	hadSnap := eval[bool](p, `document.getElementById('graph').contentWindow.diffstructGraph.stats().firstUpdateHadSnapshot`)
	if times["worker_ready"] < times["view_main"] && !hadSnap {
		t.Errorf("the worker was ready at %v ms, before the view's start at %v, but the view's first update (%v ms) had no snapshot (it came at %v)",
			times["worker_ready"], times["view_main"], times["view_update"], times["view_snapshot"])
	}
	if wait := times["view_game"] - times["view_main"]; wait > 700 {
		t.Errorf("the view waited %v ms for the first snapshot, want at most 500 (and its set-up)", wait)
	}
	time.Sleep(500 * time.Millisecond)
	total, byPath := traffic.total()
	var paths []string
	for k := range byPath {
		paths = append(paths, k)
	}
	sort.Strings(paths)
	for _, k := range paths {
		t.Logf("  %-40s %8d bytes", k, byPath[k])
	}
	t.Logf("transferred page weight: %d bytes (%.2f MB, compressed)", total, float64(total)/1e6)
	mb := func(suffix string) float64 {
		for k, v := range byPath {
			if strings.HasSuffix(k, suffix) {
				return float64(v) / 1e6
			}
		}
		return 0
	}
	t.Logf("first load: first frame %.0f ms, %.2f MB transferred (view %.2f MB, engine %.2f MB)", first, float64(total)/1e6, mb("/diffstruct.wasm"), mb("/engine.wasm"))

	if got := p.number("cycles"); got != 0 {
		t.Errorf("cycles = %d before playing", got)
	}
	if got := p.number("neurons"); got != 1 {
		t.Errorf("neurons = %d at the start, want 1", got)
	}
	for _, want := range []string{"Why neurons die", "reserve neuron", "entropy floor", "arxiv.org/abs/1606.06216"} {
		if !eval[bool](p, `document.body.innerHTML.includes(`+jsString(want)+`)`) {
			t.Errorf("page lacks %q", want)
		}
	}
	img := p.shot("load")
	px := countPixels(img)
	t.Logf("view at load: %+v", px)
	// Four input and four output nodes with their labels and one neuron: a
	// real drawing, not a blank canvas.
	if px.drawn < px.total/100 || px.blue+px.red < 500 {
		t.Errorf("the view looks empty: %+v", px)
	}
	// Step a few cycles: connections appear (blue and orange weights).
	for i := 0; i < 3; i++ {
		p.do(clickID("step"))
	}
	p.wait(`+document.getElementById('cycles').textContent >= 3`, 5*time.Second)
	time.Sleep(300 * time.Millisecond)
	px2 := countPixels(p.shot("stepped"))
	t.Logf("view after 3 steps: %+v", px2)
	if px2.highlight == 0 {
		t.Errorf("no symbol highlighted after stepping: %+v", px2)
	}
	if n := eval[int](p, `document.querySelectorAll('#window span').length`); n != 40 {
		t.Errorf("the text panel shows %d symbols, want 40", n)
	}
	if s := p.text("status"); !strings.Contains(s, "fps") {
		t.Errorf("status line %q lacks the frame rate", s)
	}
	p.fullShot("page")
	if errs := p.consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
	if msgs := p.text("messages"); msgs != "" {
		t.Errorf("unexpected messages: %q", msgs)
	}
}
