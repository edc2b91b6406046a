// Package webtest drives the demo page in headless Chromium (chromedp) and
// checks what a visitor sees: pixels drawn, counters, messages and links.
// Run it with make test-browser (which builds the page first). Speed
// figures are printed, not asserted.
//
// All the tests share one Chromium. Those that measure speed or wall-clock
// pace, or count the bytes served, run alone; the others call parallel(t)
// and run two at a time (go test -parallel 2), each in its own tab, once
// the alone ones are done. -webtest.serial runs everything alone;
// -webtest.longspeed samples the speed tests for longer (make bench-browser).
package webtest

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/diffstruct/diffstruct/tools/serve/static"
)

// subPath is where the tests serve the page, to prove it works from any sub-path.
const subPath = "/some/sub/path/"

var (
	root      string          // the repository root
	browser   context.Context // the shared browser
	server    *httptest.Server
	traffic   = &counter{}
	shotDir   string // where screenshots go
	chromeBin string
)

var (
	serial    = flag.Bool("webtest.serial", false, "run every browser test alone (no parallel tabs)")
	longSpeed = flag.Bool("webtest.longspeed", false, "sample the speed tests over longer windows, for figures")
)

// parallel marks a test that neither measures speed or pace nor counts
// traffic, so it may share the browser with another such test.
func parallel(t *testing.T) {
	t.Helper()
	if !*serial {
		t.Parallel()
	}
}

// counter counts the bytes the server sends, per path.
type counter struct {
	mu    sync.Mutex
	bytes map[string]int
}

func (c *counter) reset() {
	c.mu.Lock()
	c.bytes = map[string]int{}
	c.mu.Unlock()
}

func (c *counter) total() (int, map[string]int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	sum, m := 0, map[string]int{}
	for k, v := range c.bytes {
		sum += v
		m[k] = v
	}
	return sum, m
}

type countingWriter struct {
	http.ResponseWriter
	c    *counter
	path string
}

func (w countingWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.c.mu.Lock()
	if w.c.bytes != nil {
		w.c.bytes[w.path] += n
	}
	w.c.mu.Unlock()
	return n, err
}

func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser starts headless Chromium with the flags this machine needs
// (DEVELOPERS.md), plus any extra flags.
func newBrowser(extra ...chromedp.ExecAllocatorOption) (context.Context, context.CancelFunc, error) {
	dir, err := os.MkdirTemp("", "webtest-chrome-")
	if err != nil {
		return nil, nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromeBin),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1360, 1000),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), append(opts, extra...)...)
	bctx, cancelB := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil {
		cancelB()
		cancelA()
		return nil, nil, err
	}
	return bctx, func() { cancelB(); cancelA(); os.RemoveAll(dir) }, nil
}

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	wd, _ := os.Getwd()
	root = filepath.Join(wd, "..", "..")
	for _, f := range []string{"web/diffstruct.wasm", "web/engine.wasm", "web/wasm_exec.js"} {
		if _, err := os.Stat(filepath.Join(root, f)); err != nil {
			fmt.Fprintf(os.Stderr, "webtest: %s is missing: run make web (or make test-browser)\n", f)
			return 1
		}
	}
	if chromeBin = findChromium(); chromeBin == "" {
		fmt.Fprintln(os.Stderr, "webtest: no chromium found: run make browser-deps (or make test-browser)")
		return 1
	}
	shotDir = os.Getenv("WEBTEST_SHOTS")
	if shotDir == "" {
		shotDir, _ = os.MkdirTemp("", "webtest-shots-")
	}
	os.MkdirAll(shotDir, 0o755)
	files := static.New(root)
	if err := files.Warm("web"); err != nil { // as tools/serve does at start
		fmt.Fprintln(os.Stderr, "webtest:", err)
		return 1
	}
	h := http.StripPrefix(strings.TrimSuffix(subPath, "/"), files)
	server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(countingWriter{w, traffic, r.URL.Path}, r)
	}))
	defer server.Close()
	b, cancel, err := newBrowser()
	if err != nil {
		fmt.Fprintln(os.Stderr, "webtest: cannot start chromium:", err)
		return 1
	}
	defer cancel()
	browser = b
	return m.Run()
}

// page is one tab on the demo page.
type page struct {
	t      *testing.T
	ctx    context.Context
	cancel context.CancelFunc
	mu     sync.Mutex
	errors []string
	logs   []string // the first console messages, for failure reports
}

// openPage opens the page with the fragment in a new tab of bctx (the
// shared browser when nil) and waits for the engine to answer.
func openPage(t *testing.T, bctx context.Context, base, fragment string) *page {
	t.Helper()
	return openPageCache(t, bctx, base, fragment, true)
}

// openColdPage opens the page in a new browser context (its own, empty
// HTTP cache, for the page and its workers alike), as a first visit: what
// it transfers is the page's real weight, whatever earlier tests loaded.
func openColdPage(t *testing.T, fragment string) *page {
	t.Helper()
	return openPageCache(t, nil, "", fragment, false)
}

func openPageCache(t *testing.T, bctx context.Context, base, fragment string, cache bool) *page {
	t.Helper()
	if bctx == nil {
		bctx = browser
	}
	if base == "" {
		base = server.URL + subPath
	}
	var opts []chromedp.ContextOption
	if !cache {
		opts = append(opts, chromedp.WithNewBrowserContext())
	}
	ctx, cancel := chromedp.NewContext(bctx, opts...)
	p := &page{t: t, ctx: ctx, cancel: cancel}
	t.Cleanup(cancel)
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			p.mu.Lock()
			if m.Type == "error" || m.IsException() {
				p.errors = append(p.errors, m.String())
			}
			if len(p.logs) < 50 {
				p.logs = append(p.logs, m.String())
			}
			p.mu.Unlock()
		}
	}()
	url := base
	if fragment != "" {
		url += "#" + fragment
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("navigate %s: %v", url, err)
	}
	p.wait(`window.diffstructPage && diffstructPage.stats().status !== null`, 20*time.Second)
	return p
}

// consoleErrors returns the console errors and exceptions seen so far.
func (p *page) consoleErrors() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.errors...)
}

// consoleLog returns the first console messages, for failure reports.
func (p *page) consoleLog() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.logs, "\n")
}

// wait polls a JavaScript expression until it is truthy.
func (p *page) wait(expr string, timeout time.Duration) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, timeout+5*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(timeout),
		chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		p.t.Fatalf("waiting for %s: %v\nstatus: %s\nmessages: %s\nconsole:\n%s", expr, err,
			p.text("status"), p.text("messages"), p.consoleLog())
	}
}

// eval evaluates an expression into out's type.
func eval[T any](p *page, expr string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		p.t.Fatalf("eval %s: %v", expr, err)
	}
	return v
}

// do runs actions.
func (p *page) do(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, actions...); err != nil {
		p.t.Fatalf("actions: %v", err)
	}
}

func (p *page) text(id string) string {
	s, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.getElementById(%q)||{}).textContent||""`, id)))
	if err != nil {
		return "(" + err.Error() + ")"
	}
	return s
}

// number reads a counter.
func (p *page) number(id string) int {
	p.t.Helper()
	return eval[int](p, fmt.Sprintf(`parseInt(document.getElementById(%q).textContent, 10)`, id))
}

// choose picks a value in a select (or types in an input) the way a user
// does, firing its change event.
func (p *page) choose(id, value string) {
	p.t.Helper()
	eval[bool](p, fmt.Sprintf(`(() => { const el = document.getElementById(%q); el.focus(); el.value = %q;
		el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true})); el.blur(); return true })()`, id, value))
}

// settled waits until the worker has answered every command sent so far.
func (p *page) settled() {
	p.t.Helper()
	time.Sleep(150 * time.Millisecond)
	p.wait(`diffstructPage.stats().status !== null`, 5*time.Second)
	time.Sleep(250 * time.Millisecond) // a status refresh
}

// shot takes a screenshot of the network view and saves it as name.png.
func (p *page) shot(name string) image.Image {
	p.t.Helper()
	b, err := chromedp.Run(p.ctx, chromedp.Screenshot(chromedp.ID("graph")))
	if err != nil {
		p.t.Fatalf("screenshot: %v", err)
	}
	os.WriteFile(filepath.Join(shotDir, name+".png"), b, 0o644)
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		p.t.Fatalf("decode screenshot: %v", err)
	}
	return img
}

// fullShot saves a screenshot of the whole page.
func (p *page) fullShot(name string) {
	b, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(90))
	if err == nil {
		os.WriteFile(filepath.Join(shotDir, name+".jpg"), b, 0o644)
	}
}

// pixels summarises a screenshot of the view.
type pixels struct {
	drawn     int // pixels that differ from the background
	bright    int // near-white pixels (neuron outlines, labels)
	blue, red int // weight colours
	highlight int // yellow: the symbol being read, predictions
	total     int
}

func countPixels(img image.Image) pixels {
	var px pixels
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			px.total++
			if absDiff(r, 15)+absDiff(g, 20)+absDiff(bl, 31) > 30 {
				px.drawn++
			}
			switch {
			case r > 200 && g > 200 && bl > 200:
				px.bright++
			case bl > 150 && bl > r+60:
				px.blue++
			case r > 150 && r > bl+80 && g < r-40:
				px.red++
			case r > 180 && g > 150 && bl < 120:
				px.highlight++
			}
		}
	}
	return px
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// newPageContext opens a bare tab in the shared browser.
func newPageContext(t *testing.T) (context.Context, context.CancelFunc) {
	return chromedp.NewContext(browser)
}
