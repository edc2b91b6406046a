package webtest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"

	"github.com/diffstruct/diffstruct/tools/serve/offline"
	"github.com/diffstruct/diffstruct/tools/serve/site"
	"github.com/diffstruct/diffstruct/tools/serve/static"
)

// The offline tests serve copies of the page from servers of their own (an
// origin of their own, so the service worker they install controls no other
// test's pages), at the same sub-path as the others, and unregister the
// worker and delete its caches when they end. They share the browser with
// the other parallel tests (which run after the speed tests alone): their
// traffic is on their own servers, never on the shared one's count.

// swServer serves builds of the page at subPath, one at a time: the one
// being served can be switched (a new deploy) or taken down (no network).
type swServer struct {
	*httptest.Server
	mu   sync.Mutex
	h    http.Handler // the build being served; nil: down
	down []string     // paths asked for while down
	seen []string     // paths asked for since the last switch
}

func newSWServer(t *testing.T) *swServer {
	s := &swServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		h := s.h
		s.seen = append(s.seen, r.URL.Path)
		if h == nil {
			s.down = append(s.down, r.URL.Path)
		}
		s.mu.Unlock()
		if h == nil {
			// No network: the connection drops without an answer.
			if hj, ok := w.(http.Hijacker); ok {
				if c, _, err := hj.Hijack(); err == nil {
					c.Close()
					return
				}
			}
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// serve switches to a build (nil: down).
func (s *swServer) serve(h http.Handler) {
	s.mu.Lock()
	s.h, s.down, s.seen = h, nil, nil
	s.mu.Unlock()
}

// asked returns the paths asked for while down.
func (s *swServer) asked() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.down...)
}

// served returns the paths asked for since the last switch.
func (s *swServer) served() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.seen...)
}

// devBuild serves dir as make serve does (tools/serve: compression on the
// fly, the service worker made from the files as they are).
func devBuild(dir string) http.Handler {
	return http.StripPrefix(strings.TrimSuffix(subPath, "/"), offline.Handler(dir, static.New(dir)))
}

// siteBuild writes dir as make site does and serves the site the way a
// static host with precompressed copies does (nginx's brotli_static and
// gzip_static): a file's .br or .gz copy, as it is, when the browser takes it.
func siteBuild(t *testing.T, dir string) http.Handler {
	out := filepath.Join(t.TempDir(), "site")
	if _, err := site.Build(dir, out, static.DefaultDiskCache()); err != nil {
		t.Fatal(err)
	}
	return http.StripPrefix(strings.TrimSuffix(subPath, "/"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rel := strings.TrimPrefix(r.URL.Path, "/")
		if rel == "" || strings.HasSuffix(rel, "/") {
			rel += "index.html"
		}
		name := filepath.Join(out, filepath.FromSlash(rel))
		w.Header().Set("Content-Type", static.ContentType(rel))
		w.Header().Set("Cache-Control", "no-cache")
		acc := r.Header.Get("Accept-Encoding")
		for _, enc := range []struct{ ext, name string }{{".br", "br"}, {".gz", "gzip"}} {
			if b, err := os.ReadFile(name + enc.ext); err == nil && strings.Contains(acc, enc.name) {
				w.Header().Set("Content-Encoding", enc.name)
				w.Header().Set("Vary", "Accept-Encoding")
				w.Write(b)
				return
			}
		}
		b, err := os.ReadFile(name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Write(b)
	}))
}

// copyPage copies the page's files (index.html, sw.js and web/) into a new
// folder, with edits (path: a function of the file's text) applied.
func copyPage(t *testing.T, edits map[string]func(string) string) string {
	t.Helper()
	dir := t.TempDir()
	files, err := offline.Files(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, rel := range append(files, offline.ScriptName) {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		if edit := edits[rel]; edit != nil {
			b = []byte(edit(string(b)))
		}
		dst := filepath.Join(dir, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(dst), 0o755)
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// manifest returns a build's manifest, as its service worker lists it.
func manifest(t *testing.T, dir string) offline.Manifest {
	t.Helper()
	m, err := offline.Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// evalAwait evaluates an expression, awaiting its promise.
func evalAwait[T any](p *page, expr string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("eval %s: %v", expr, err)
	}
	return v
}

// waitAcross polls an expression (or a promise) until it is truthy, through
// reloads (an evaluation that fails while the page navigates is tried again).
func (p *page) waitAcross(expr string, timeout time.Duration) {
	p.t.Helper()
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(async () => !!(await (`+expr+`)))()`, chromedp.EvalAwaitPromise))
		cancel()
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(100 * time.Millisecond)
	}
	p.t.Fatalf("waiting for %s (last error %v)\nmessages: %s\nconsole:\n%s", expr, last, p.text("messages"), p.consoleLog())
}

// cacheState lists the service worker caches of the page's origin, each
// with its number of entries, as "name=count".
const cacheState = `(async () => { const out = [];
	for (const name of await caches.keys()) out.push(name + '=' + (await (await caches.open(name)).keys()).length);
	return out.sort().join('\n') })()`

// cacheName is the name of a build's cache for the page at base.
func cacheName(base string, m offline.Manifest) string {
	return "diffstruct " + base + " " + m.Version
}

// waitCached waits until the page is controlled by its service worker and
// the cache holds every file of build m (and no other build's cache).
func (p *page) waitCached(base string, m offline.Manifest) {
	p.t.Helper()
	p.waitAcross(`navigator.serviceWorker.controller`, 90*time.Second)
	want := fmt.Sprintf("%s=%d", cacheName(base, m), len(m.Files))
	p.waitAcross(cacheState+`.then((s) => s === `+jsString(want)+`)`, 30*time.Second)
}

// setOffline turns DevTools' network emulation on or off for the tab and
// its service worker: requests fail as without a network, and
// navigator.onLine says so.
func setOffline(on bool) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return chromedp.Void{}, err
		}
		rule := network.EmulateNetworkConditionsByRuleParams{EmulateOfflineServiceWorker: &on, MatchedNetworkConditions: []*network.Conditions{}}
		if on {
			rule.MatchedNetworkConditions = []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}}
		}
		if _, err := cdp.Call(ctx, t, network.EmulateNetworkConditionsByRule, rule); err != nil {
			return chromedp.Void{}, err
		}
		_, err := cdp.Call(ctx, t, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: on, DownloadThroughput: -1, UploadThroughput: -1})
		return chromedp.Void{}, err
	}
}

// cleanUpWorker registers, for the end of the test, the clean-up of the
// server's origin: network emulation off, the page left, its service
// workers and caches cleared (by DevTools, whatever state the page was
// in), then checked from a blank page of the origin, so that nothing
// outlives the test.
func cleanUpWorker(t *testing.T, p *page, srv *swServer) {
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
		defer cancel()
		clear := func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := cdp.Call(ctx, tg, storage.ClearDataForOrigin, storage.ClearDataForOriginParams{Origin: srv.URL, StorageTypes: "service_workers,cache_storage"})
			return chromedp.Void{}, err
		}
		srv.serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<!DOCTYPE html><title>cleaned up</title>"))
		}))
		if err := chromedp.Do(ctx, setOffline(false), chromedp.Navigate("about:blank"), clear, chromedp.Navigate(srv.URL+"/cleaned-up.html")); err != nil {
			t.Errorf("cleaning up the service worker: %v", err)
			return
		}
		left, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {
			const regs = await navigator.serviceWorker.getRegistrations(), names = await caches.keys();
			return regs.map((r) => r.scope).concat(names).join(', ') })()`, chromedp.EvalAwaitPromise))
		if err != nil || left != "" {
			t.Errorf("after the clean-up: %v, left: %s", err, left)
		}
	})
}

// reload reloads the tab and waits for the engine to answer.
func (p *page) reload() {
	p.t.Helper()
	p.do(chromedp.Reload())
	p.waitAcross(`window.diffstructPage && diffstructPage.stats().status !== null`, 30*time.Second)
}

// trainsAndDraws steps the run and checks the counters move and the view
// draws the network, as TestBrowserPageLoads does.
func trainsAndDraws(t *testing.T, p *page, shot string) {
	t.Helper()
	p.wait(`(() => { const g = document.getElementById('graph').contentWindow.diffstructGraph;
		return g && g.stats().firstDrawn > 0 })()`, 30*time.Second)
	start := p.number("cycles")
	for i := 0; i < 3; i++ {
		p.do(clickID("step"))
	}
	p.wait(fmt.Sprintf(`+document.getElementById('cycles').textContent >= %d`, start+3), 10*time.Second)
	time.Sleep(300 * time.Millisecond) // a frame with the stepped network
	px := countPixels(p.shot(shot))
	t.Logf("%s: %d cycles, view %+v", shot, p.number("cycles"), px)
	if px.drawn < px.total/100 || px.blue+px.red < 500 {
		t.Errorf("%s: the view looks empty: %+v", shot, px)
	}
}

// TestOfflineReloadTrains visits the page once (as make serve serves it),
// waits until the service worker controls it with every file cached, then
// goes offline (DevTools' network emulation, and the server drops every
// connection) and reloads: the page loads, trains and draws, and the
// server was asked for none of its files.
func TestOfflineReloadTrains(t *testing.T) {
	parallel(t)
	srv := newSWServer(t)
	dir := copyPage(t, nil)
	m := manifest(t, dir)
	srv.serve(devBuild(dir))
	base := srv.URL + subPath
	p := openPage(t, nil, base, "")
	cleanUpWorker(t, p, srv)
	p.waitCached(base, m)
	t.Logf("build %s: %d files cached", m.Version, len(m.Files))

	srv.serve(nil)
	p.do(setOffline(true))
	p.reload()
	if eval[bool](p, `navigator.onLine`) {
		t.Error("navigator.onLine is true under offline emulation")
	}
	trainsAndDraws(t, p, "offline-view")
	p.do(clickID("play"))
	p.wait(`+document.getElementById('cycles').textContent >= 20`, 30*time.Second)
	p.do(clickID("play"))
	p.fullShot("offline-page")
	// The figures were cached too.
	if n := evalAwait[int](p, `fetch('web/figures/fig1.png').then((r) => r.ok ? r.blob() : null).then((b) => b ? b.size : 0)`); n < 1000 {
		t.Errorf("the figure fetched offline has %d bytes", n)
	}
	for _, path := range srv.asked() {
		if path != subPath+offline.ScriptName { // the browser's own update check may try
			t.Errorf("offline, the page asked the server for %s", path)
		}
	}
	if msgs := p.text("messages"); msgs != "" {
		t.Errorf("messages offline: %q", msgs)
	}
	if errs := p.consoleErrors(); len(errs) > 0 {
		t.Logf("console (errors expected only for the failed update check): %v", errs)
		for _, e := range errs {
			if !strings.Contains(e, "sw.js") && !strings.Contains(strings.ToLower(e), "service") {
				t.Errorf("console error offline: %s", e)
			}
		}
	}
}

// TestOfflineCacheUpdate serves build A (as make serve does) and visits it;
// then a host mid-deploy (B's service worker, A's files): the new worker
// refuses to install and A stays whole; then build B (as make site writes
// it, served with its precompressed copies), whose page and style sheet
// differ. The reload still shows A, the page offers B, and taking it
// reloads into B: B's files are used, offline too, and A's cache is gone.
func TestOfflineCacheUpdate(t *testing.T) {
	parallel(t)
	srv := newSWServer(t)
	dirA := copyPage(t, nil)
	edits := map[string]func(string) string{
		"index.html": func(s string) string {
			return strings.Replace(s, "</head>", "<meta name=\"diffstruct-build\" content=\"B\">\n</head>", 1)
		},
		"web/style.css": func(s string) string { return s + "\n/* build B */\n" },
	}
	dirB := copyPage(t, edits)
	mA, mB := manifest(t, dirA), manifest(t, dirB)
	if mA.Version == mB.Version {
		t.Fatalf("builds A and B have the same version %s", mA.Version)
	}
	base := srv.URL + subPath
	build := `document.querySelector('meta[name=diffstruct-build]')?.content || 'A'`
	styleB := `fetch('web/style.css').then((r) => r.text()).then((s) => s.includes('build B'))`

	srv.serve(devBuild(dirA))
	p := openPage(t, nil, base, "")
	cleanUpWorker(t, p, srv)
	p.waitCached(base, mA)

	// A host mid-deploy: B's worker, but A's style sheet. The install
	// fails on the hash; A keeps the page and its cache.
	mixed := static.New(copyPage(t, map[string]func(string) string{"index.html": edits["index.html"]}))
	srv.serve(http.StripPrefix(strings.TrimSuffix(subPath, "/"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/"+offline.ScriptName {
			w.Header().Set("Content-Type", "text/javascript")
			w.Write(mB.Script())
			return
		}
		mixed.ServeHTTP(w, r)
	})))
	p.reload()
	p.waitAcross(`diffstructOffline.failed > 0`, 60*time.Second)
	if got := eval[string](p, build); got != "A" {
		t.Errorf("mid-deploy, the page shows build %s, want A", got)
	}
	if got := evalAwait[string](p, cacheState); got != fmt.Sprintf("%s=%d", cacheName(base, mA), len(mA.Files)) {
		t.Errorf("after the refused install, the caches are\n%s", got)
	}
	if eval[bool](p, `diffstructOffline.waiting`) {
		t.Error("a half-fetched build waits to take over")
	}

	// Build B, whole. The reload is A's (served by A's worker, from A's
	// cache); B installs meanwhile and the page offers it.
	srv.serve(siteBuild(t, dirB))
	p.reload()
	if got := eval[string](p, build); got != "A" {
		t.Errorf("the first reload after the deploy shows build %s, want A (from the cache)", got)
	}
	if evalAwait[bool](p, styleB) {
		t.Error("build A's page got build B's style sheet")
	}
	p.waitAcross(`document.getElementById('offline-update')`, 90*time.Second)
	p.fullShot("update-offered")
	// B's install fetched only what changed: the modules, the same in both
	// builds, were copied from A's cache.
	got := srv.served()
	for _, path := range got {
		if strings.HasSuffix(path, ".wasm") {
			t.Errorf("installing B fetched %s again (B asked for %v)", path, got)
		}
	}
	if !slices.Contains(got, subPath+"web/style.css") {
		t.Errorf("installing B did not fetch B's style sheet (asked for %v)", got)
	}
	p.do(clickID("offline-update"))
	p.waitAcross(build+` === 'B' && window.diffstructPage && diffstructPage.stats().status !== null`, 60*time.Second)
	p.waitCached(base, mB)
	if !evalAwait[bool](p, styleB) {
		t.Error("build B's page has not B's style sheet")
	}
	if got := eval[string](p, `navigator.serviceWorker.controller.scriptURL`); got != base+offline.ScriptName {
		t.Errorf("controlled by %s", got)
	}
	// Offline, B is what the cache holds.
	srv.serve(nil)
	p.do(setOffline(true))
	p.reload()
	if got := eval[string](p, build); got != "B" {
		t.Errorf("offline after the update, the page shows build %s, want B", got)
	}
	if !evalAwait[bool](p, styleB) {
		t.Error("offline, the style sheet is not B's")
	}
	trainsAndDraws(t, p, "offline-updated")
	if got, want := evalAwait[string](p, cacheState), fmt.Sprintf("%s=%d", cacheName(base, mB), len(mB.Files)); got != want {
		t.Errorf("caches after the update:\n%s\nwant only B's:\n%s", got, want)
	}
}
