package webtest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/diffstruct/diffstruct/tools/serve/static"
	"github.com/diffstruct/diffstruct/wasm/session"
)

// graphNeurons returns the number of hidden neurons the view drew in its last
// frame (undefined until the view has started: the page can be ready first).
const graphNeurons = `document.getElementById('graph').contentWindow.diffstructGraph?.stats().neurons`

// TestBrowserHardTaskGrows picks the hard task with the controls, presses
// play, and sees the neuron count rise and the view draw more neurons.
func TestBrowserHardTaskGrows(t *testing.T) {
	parallel(t)
	p := openPage(t, nil, "", "")
	p.wait(graphNeurons+` === 1`, 15*time.Second)
	before := countPixels(p.shot("hard-before"))
	p.choose("task", "hard")
	p.choose("speed", eval[string](p, `document.getElementById('speed').max`)) // as fast as possible: this test is about growth, not pace
	p.settled()
	if task := eval[string](p, `diffstructPage.stats().status.task`); task != "hard" {
		t.Fatalf("task after choosing hard: %q", task)
	}
	p.do(clickID("play"))
	p.wait(`+document.getElementById('neurons').textContent >= 12`, 60*time.Second)
	p.do(clickID("play")) // pause
	p.wait(`!diffstructPage.stats().status.playing`, 5*time.Second)
	time.Sleep(1500 * time.Millisecond) // births finish growing in
	n := p.number("neurons")
	drawn := eval[int](p, graphNeurons)
	after := countPixels(p.shot("hard-after"))
	t.Logf("after %d cycles: %d neurons, %d drawn; pixels before %+v after %+v", p.number("cycles"), n, drawn, before, after)
	if drawn != n {
		t.Errorf("the view draws %d neurons, the counter says %d", drawn, n)
	}
	if after.drawn < before.drawn*3/2 || after.blue+after.red < (before.blue+before.red)*2 {
		t.Errorf("the drawing did not grow with the network: before %+v after %+v", before, after)
	}
	if !strings.Contains(p.text("phase"), "hard") {
		t.Errorf("task shown: %q", p.text("phase"))
	}
	if errs := p.consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// runToStop opens a link with a stop key and waits until the run pauses there.
func runToStop(t *testing.T, fragment string, stop int) (neurons int, digest string) {
	p := openPage(t, nil, "", fragment)
	p.wait(fmt.Sprintf(`(() => { const s = diffstructPage.stats().status; return s.cycle === %d && !s.playing })()`, stop), 90*time.Second)
	p.settled()
	return p.number("neurons"), eval[string](p, `diffstructPage.stats().status.digest`)
}

// TestBrowserShareLinkReproduces opens the same link twice: the same
// neurons at the same cycle, bit for bit (and the same as a native run).
func TestBrowserShareLinkReproduces(t *testing.T) {
	parallel(t)
	const link, stop = "task=hard&seed=7&preset=paper&play=1&stop=1500&speed=max", 1500
	n1, d1 := runToStop(t, link, stop)
	n2, d2 := runToStop(t, link, stop)
	t.Logf("twice at cycle %d: %d and %d neurons, fingerprints %s %s", stop, n1, n2, d1, d2)
	if n1 != n2 || d1 != d2 {
		t.Fatalf("the same link gave different runs: %d/%s and %d/%s", n1, d1, n2, d2)
	}
	if n1 <= 1 {
		t.Fatalf("the hard task grew no neurons in %d cycles", stop)
	}
	s, _ := session.New(link)
	for s.Cycle() < stop {
		s.Step()
	}
	if want := fmt.Sprintf("%016x", s.Observe(0).Digest); want != d1 || s.Observe(0).N() != n1 {
		t.Fatalf("the browser run differs from the native one: %d/%s, natively %d/%s", n1, d1, s.Observe(0).N(), want)
	}
}

// TestBrowserCopyLinkRestoresSettings changes settings through the controls,
// copies the link and opens it: every setting comes back.
func TestBrowserCopyLinkRestoresSettings(t *testing.T) {
	parallel(t)
	p := openPage(t, nil, "", "")
	steps := []struct{ id, value string }{
		{"preset", "fixed"}, {"n", "20"}, {"seed", "42"}, {"hp-learning_rate", "0.02"}, {"hp-l1", "0.0002"},
		{"stop", "5000"}, {"speed", "2"}, {"task", "hard"},
	}
	for _, s := range steps {
		p.choose(s.id, s.value)
		p.settled()
	}
	p.do(clickID("copy"))
	p.wait(`document.getElementById('link').value.includes('#')`, 5*time.Second)
	link := eval[string](p, `document.getElementById('link').value`)
	t.Logf("copied link: %s", link)
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(link, server.URL+subPath) {
		t.Fatalf("bad link %q: %v", link, err)
	}
	q := openPage(t, nil, "", u.Fragment)
	q.settled()
	for _, s := range steps {
		got := eval[string](q, fmt.Sprintf(`document.getElementById(%q).value`, s.id))
		if got != s.value {
			t.Errorf("%s: %q after opening the link, want %q", s.id, got, s.value)
		}
	}
	if got := q.number("neurons"); got != 20 {
		t.Errorf("fixed size 20 restored as %d neurons", got)
	}
	if msgs := q.text("messages"); msgs != "" {
		t.Errorf("the copied link has problems: %q", msgs)
	}
}

// TestBrowserBadLink opens a link with garbage values: a visible message
// names each key and its fallback, and the page works on the defaults.
func TestBrowserBadLink(t *testing.T) {
	parallel(t)
	p := openPage(t, nil, "", "task=nope&seed=-x&preset=%00")
	p.wait(`document.querySelectorAll('#messages .msg').length >= 3`, 10*time.Second)
	msgs := p.text("messages")
	t.Logf("messages: %s", msgs)
	for _, want := range []string{`task="nope"`, "using easy", `seed="-x"`, "using 1", `preset="\x00"`, "using paper"} {
		if !strings.Contains(msgs, want) {
			t.Errorf("messages lack %q", want)
		}
	}
	if !eval[bool](p, `document.getElementById('messages').offsetHeight > 0`) {
		t.Error("the messages are not visible")
	}
	for id, want := range map[string]string{"task": "easy", "seed": "1", "preset": "paper"} {
		if got := eval[string](p, fmt.Sprintf(`document.getElementById(%q).value`, id)); got != want {
			t.Errorf("%s control shows %q, want %q", id, got, want)
		}
	}
	p.do(clickID("step"), clickID("step"))
	p.wait(`+document.getElementById('cycles').textContent === 2`, 5*time.Second)
	if !strings.Contains(eval[string](p, `location.hash`), "task=easy") {
		t.Error("the address does not show the fallback setup")
	}
}

// TestBrowserSwitchTaskMidRun switches easy to hard mid-run: the cycle
// count and the neurons stay, and the link records the switch.
func TestBrowserSwitchTaskMidRun(t *testing.T) {
	parallel(t)
	p := openPage(t, nil, "", "task=easy&seed=3&play=1&stop=800")
	p.wait(`(() => { const s = diffstructPage.stats().status; return s.cycle === 800 && !s.playing })()`, 60*time.Second)
	p.settled()
	n, c := p.number("neurons"), p.number("cycles")
	p.choose("task", "hard")
	p.settled()
	st := eval[map[string]any](p, `diffstructPage.stats().status`)
	t.Logf("after the switch: cycle %v, %v neurons, task %v, link %v", st["cycle"], st["neurons"], st["task"], st["fragment"])
	if p.number("cycles") != c || p.number("neurons") != n {
		t.Fatalf("switching lost the run: cycles %d->%d neurons %d->%d", c, p.number("cycles"), n, p.number("neurons"))
	}
	if st["task"] != "hard" || !strings.Contains(st["fragment"].(string), "switch=hard%40800") {
		t.Fatalf("switch not recorded: %v", st)
	}
	p.do(clickID("play"))
	p.wait(`+document.getElementById('cycles').textContent > 900`, 30*time.Second)
	if ph := p.text("phase"); ph != "hard" {
		t.Errorf("phase %q after the switch", ph)
	}
	p.fullShot("switched")
}

// TestBrowserSpeed prints the training speed with a 40-neurons network and
// the frame rate meanwhile, and the same with 100 neurons and with the
// paper's preset on hard, and checks that both advance. With
// -webtest.longspeed it samples over the first seconds (while the browser
// still compiles the hot code of both modules with its optimising tier) and
// once warm, 12 s later, which is what a learner watching a run sees;
// otherwise one 4 s window from 3 s in.
func TestBrowserSpeed(t *testing.T) {
	for _, c := range []struct{ name, link string }{
		{"40 neurons (fixed)", "preset=fixed&n=40&task=hard&play=1&speed=max"},
		{"100 neurons (fixed)", "preset=fixed&n=100&task=hard&play=1&speed=max"},
		{"paper preset, hard", "task=hard&play=1&speed=max"},
	} {
		p := openPage(t, nil, "", c.link)
		p.wait(graphNeurons+` > 0`, 15*time.Second)
		type sample struct {
			Cycle  int     `json:"cycle"`
			Frames int     `json:"frames"`
			T      float64 `json:"t"`
		}
		read := func() sample {
			return eval[sample](p, `(() => { const s = diffstructPage.stats(); return {cycle: s.status.cycle, frames: s.graph.frames, t: performance.now()} })()`)
		}
		type window struct {
			when        string
			wait, think time.Duration
		}
		windows := []window{{"warm-ish", 3 * time.Second, 4 * time.Second}}
		if *longSpeed {
			windows = []window{{"first seconds", 2 * time.Second, 4 * time.Second}, {"warm", 6 * time.Second, 6 * time.Second}}
		}
		for _, w := range windows {
			time.Sleep(w.wait)
			a := read()
			time.Sleep(w.think)
			b := read()
			secs := (b.T - a.T) / 1000
			cps, fps := float64(b.Cycle-a.Cycle)/secs, float64(b.Frames-a.Frames)/secs
			scale := eval[float64](p, `document.getElementById('graph').contentWindow.diffstructGraph.stats().scale`)
			t.Logf("%-20s %-13s %6.0f cycles/s while drawing %4.1f fps (%d neurons, drawing resolution x%.2f)", c.name, w.when, cps, fps, p.number("neurons"), scale)
			if b.Cycle <= a.Cycle || b.Frames <= a.Frames {
				t.Errorf("%s: training or drawing stalled: %+v -> %+v", c.name, a, b)
			}
		}
		p.shot("speed-" + strings.Fields(c.name)[0])
		p.cancel()
	}
}

// TestBrowserEngineMissing serves the page without engine.wasm: the page
// says so instead of staying blank.
func TestBrowserEngineMissing(t *testing.T) {
	parallel(t)
	files := static.New(root)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "engine.wasm") {
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	}))
	defer srv.Close()
	ctx, cancel := newPageContext(t)
	defer cancel()
	p := &page{t: t, ctx: ctx, cancel: cancel}
	p.do(navigate(srv.URL + "/"))
	p.wait(`document.querySelector('#messages .msg.error') !== null`, 20*time.Second)
	if msg := p.text("messages"); !strings.Contains(msg, "engine.wasm") {
		t.Fatalf("message %q does not say what failed", msg)
	}
}

// TestBrowserReliableWindow opens the reliable preset's second revision,
// which reads 80 symbols a cycle: the reading panel shows the whole window and every text
// that names the window's length says 80 (they said 40 whatever the run).
func TestBrowserReliableWindow(t *testing.T) {
	parallel(t)
	p := openPage(t, nil, "", "preset=reliable&rev=2&task=hard&seed=2")
	p.wait(`diffstructPage.stats().status != null`, 15*time.Second)
	for i := 0; i < 3; i++ {
		p.do(clickID("step"))
	}
	p.wait(`+document.getElementById('cycles').textContent >= 3`, 10*time.Second)
	p.settled()
	if w := eval[int](p, `diffstructPage.stats().status.window`); w != 80 {
		t.Fatalf("the reliable preset's window is %d, want 80", w)
	}
	if n := eval[int](p, `document.querySelectorAll('#window span').length`); n != 80 {
		t.Errorf("the text panel shows %d symbols, want the window's 80", n)
	}
	texts := eval[[]string](p, `[...document.querySelectorAll('.win-len')].map((e) => e.textContent)`)
	if len(texts) < 3 {
		t.Errorf("only %d texts name the window's length", len(texts))
	}
	for _, s := range texts {
		if s != "80" {
			t.Errorf("a text names a %s-symbol window, want 80: %v", s, texts)
		}
	}
	if title := eval[string](p, `document.getElementById('step').title`); !strings.Contains(title, "80 symbols") {
		t.Errorf("the Step button says %q", title)
	}
	if f := eval[string](p, `diffstructPage.stats().status.fragment`); !strings.Contains(f, "rev=2") {
		t.Errorf("the run's link %q does not name the preset's revision", f)
	}
	p.fullShot("reliable-window")
}
