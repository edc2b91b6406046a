package webtest

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/diffstruct/diffstruct/wasm/session"
)

// pageStats reads a value from diffstructPage.stats().
func pageStats[T any](p *page, path string) T {
	p.t.Helper()
	return eval[T](p, `diffstructPage.stats().`+path)
}

// curvePixels counts, on a chart canvas, the pixels of each colour (within a tolerance).
func curvePixels(p *page, id string, colors []string) []int {
	p.t.Helper()
	return eval[[]int](p, fmt.Sprintf(`(() => {
		const c = document.getElementById(%q), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
		const cols = %s.map((h) => [1, 3, 5].map((i) => parseInt(h.substr(i, 2), 16)));
		const n = cols.map(() => 0);
		for (let i = 0; i < d.length; i += 4) cols.forEach((k, j) => {
			if (Math.abs(d[i] - k[0]) + Math.abs(d[i + 1] - k[1]) + Math.abs(d[i + 2] - k[2]) < 40) n[j]++;
		});
		return n })()`, id, mustJSON(colors)))
}

var raceColors = []string{"#55a6ff", "#ff8040", "#c77dff", "#ff6b9a"}

// TestBrowserRaceOfThree races the growing network against fixed sizes 10
// and 37 from a share link: three runners, three curves on the loss chart
// (pixels of each colour counted), three cells of the view, a verdict; the
// same link run natively gives the very same three networks.
func TestBrowserRaceOfThree(t *testing.T) {
	parallel(t)
	const stop = 400
	p := openPage(t, nil, "", fmt.Sprintf("task=hard&seed=3&race=10,37&play=1&stop=%d", stop))
	p.wait(fmt.Sprintf(`(() => { const s = diffstructPage.stats().status; return s.cycle === %d && !s.playing })()`, stop), 90*time.Second)
	p.settled()
	time.Sleep(300 * time.Millisecond) // a chart redraw
	type runner struct {
		Name    string
		Neurons int
		Digest  string
		Rank    int
	}
	runners := pageStats[[]runner](p, `status.runners`)
	if len(runners) != 3 || runners[0].Name != "growing" || runners[1].Neurons != 10 || runners[2].Neurons != 37 {
		t.Fatalf("runners %+v", runners)
	}
	if got := eval[string](p, `document.getElementById('loss-chart').dataset.series`); got != "3" {
		t.Errorf("the loss chart shows %s curves, want 3", got)
	}
	px := curvePixels(p, "loss-chart", raceColors[:3])
	t.Logf("loss chart pixels per curve colour: %v", px)
	for i, n := range px {
		if n < 40 {
			t.Errorf("curve %d (%s) has %d pixels on the loss chart: not drawn", i, runners[i].Name, n)
		}
	}
	// The view draws the three networks with no empty cell: the cells tile
	// the canvas, and each has its network drawn.
	boxes := eval[[]viewCell](p, viewCells)
	cw, ch := checkTiling(t, "race of three", boxes)
	ink := cellInk(p.shot("race-three-view"), boxes, cw, ch)
	t.Logf("view: cells %+v, drawn pixels per cell %v", boxes, ink)
	for i, n := range ink {
		if len(boxes) != 3 || n < 2000 {
			t.Errorf("the view's cell %d looks empty: %v", i, ink)
		}
	}
	// The pictures of the networks are the view's cells, one per runner,
	// each drawing its network's neurons; the race's cards are numbers only.
	if n := eval[int](p, `document.querySelectorAll('#race-runners .runner').length`); n != 3 {
		t.Errorf("%d race cards, want 3", n)
	}
	type cell struct {
		Name    string
		Neurons int
	}
	cellStats := eval[[]cell](p, `document.getElementById('graph').contentWindow.diffstructGraph.stats().cells`)
	if len(cellStats) != 3 {
		t.Errorf("the view draws %d cells, want 3: %+v", len(cellStats), cellStats)
	}
	for i, c := range cellStats {
		if i < len(runners) && (c.Name != runners[i].Name || c.Neurons != runners[i].Neurons) {
			t.Errorf("cell %d draws %s with %d neurons, the run has %s with %d", i, c.Name, c.Neurons, runners[i].Name, runners[i].Neurons)
		}
	}
	verdict := p.text("race-verdict")
	t.Logf("verdict: %s", verdict)
	leader := ""
	for _, r := range runners {
		if r.Rank == 1 {
			leader = r.Name
		}
	}
	if !strings.Contains(verdict, leader+" leads with") || !strings.Contains(verdict, "behind with") {
		t.Errorf("verdict %q does not name the leader %q and the gaps", verdict, leader)
	}
	frag := pageStats[string](p, `status.fragment`)
	if !strings.Contains(frag, "race=10%2C37") {
		t.Fatalf("share link %q lacks the race", frag)
	}
	p.fullShot("race-three")
	// The share link restores the race exactly: natively, the same networks.
	s, probs := session.New(frag)
	if len(probs) != 0 {
		t.Fatal(probs)
	}
	for s.Cycle() < stop {
		s.Step()
	}
	for i, st := range s.Status(0, session.Since{}).Runners {
		if st.Digest != runners[i].Digest || st.Neurons != runners[i].Neurons {
			t.Errorf("%s: browser %s/%d neurons, native %s/%d", st.Name, runners[i].Digest, runners[i].Neurons, st.Digest, st.Neurons)
		}
	}
	if errs := p.consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// TestBrowserRaceOfFourSpeed races four networks (10, 37 and 100 fixed) at
// full speed and prints each network's training throughput and the frame
// rate; it checks the four curves and the turning on and off from the
// control.
func TestBrowserRaceOfFourSpeed(t *testing.T) {
	p := openPage(t, nil, "", "task=hard&seed=1&speed=max")
	p.do(clickID("race-on"))
	p.wait(`diffstructPage.stats().status.runners.length === 4`, 10*time.Second)
	p.do(clickID("play"))
	p.wait(`diffstructPage.stats().status.cycle > 50`, 30*time.Second)
	c0 := p.number("cycles")
	time.Sleep(5 * time.Second)
	c1 := p.number("cycles")
	type runner struct {
		Name string
		CPS  float64
	}
	runners := pageStats[[]runner](p, `status.runners`)
	fps := pageStats[float64](p, `fps`)
	t.Logf("four networks racing: %.0f race cycles/s (every network stepped), view %.0f fps, status line %q",
		float64(c1-c0)/5, fps, p.text("status"))
	for _, r := range runners {
		t.Logf("  %-10s %6.0f cycles/s of its own compute", r.Name, r.CPS)
	}
	time.Sleep(400 * time.Millisecond)
	if got := eval[string](p, `document.getElementById('loss-chart').dataset.series`); got != "4" {
		t.Errorf("the loss chart shows %s curves, want 4", got)
	}
	if c1 <= c0 {
		t.Errorf("the race did not advance: %d then %d", c0, c1)
	}
	p.fullShot("race-four")
	p.do(clickID("race-on"))
	p.wait(`diffstructPage.stats().status.runners.length === 1 && document.getElementById('race-panel').hidden`, 10*time.Second)
	if got := eval[string](p, `document.getElementById('loss-chart').dataset.series`); got != "1" {
		time.Sleep(400 * time.Millisecond)
		if got = eval[string](p, `document.getElementById('loss-chart').dataset.series`); got != "1" {
			t.Errorf("after the race, the loss chart shows %s curves", got)
		}
	}
}

// hiddenParts returns the page parts hidden by themselves (not through a parent).
// The race panel is left out: it is hidden whenever there is no race.
const hiddenParts = `[...new Set([...document.querySelectorAll('[data-part]')].filter((el) => el.hidden && el.id !== 'race-panel').map((el) => el.dataset.part))].sort()`

// visibleParts returns the parts that are displayed.
const visibleParts = `[...new Set([...document.querySelectorAll('[data-part]')].filter((el) => el.offsetParent !== null || el.getClientRects().length > 0).map((el) => el.dataset.part))].sort()`

// TestBrowserLessonLinkHides opens lesson links: hide= hides exactly the
// parts it names and nothing else; only= leaves just the network and the
// play button, which fit an iframe of 480x360 and a phone-width screen.
func TestBrowserLessonLinkHides(t *testing.T) {
	parallel(t)
	p := openPage(t, nil, "", "hide=step,reset,charts,explain,seed")
	p.settled()
	got := eval[[]string](p, hiddenParts)
	want := []string{"charts", "explain", "reset", "seed", "step"}
	if !slices.Equal(got, want) {
		t.Errorf("hide=step,reset,charts,explain,seed hides %v", got)
	}
	for _, id := range []string{"play", "task", "speed", "graph"} {
		if !eval[bool](p, fmt.Sprintf(`document.getElementById(%q).offsetParent !== null`, id)) {
			t.Errorf("%s is not shown", id)
		}
	}

	// An embedded lesson: only the network and the play button, at 480x360.
	for _, size := range []struct {
		name string
		w, h int64
	}{{"lesson-480x360", 480, 360}, {"lesson-phone-390x780", 390, 780}} {
		q := openPage(t, nil, "", "only=graph,play&task=hard")
		q.do(chromedp.EmulateViewport(size.w, size.h))
		q.settled()
		q.wait(`document.getElementById('graph').contentWindow.diffstructGraph && document.getElementById('graph').contentWindow.diffstructGraph.stats().frames > 2`, 15*time.Second)
		vis := eval[[]string](q, visibleParts)
		if !slices.Equal(vis, []string{"controls", "graph", "play"}) {
			t.Errorf("%s: only=graph,play shows %v", size.name, vis)
		}
		box := eval[map[string]float64](q, `(() => { const g = document.querySelector('.frame').getBoundingClientRect(),
			b = document.getElementById('play').getBoundingClientRect();
			return {gw: g.width, gh: g.height, gb: g.bottom, pb: b.bottom, pw: b.width, sw: document.documentElement.scrollWidth, iw: innerWidth, ih: innerHeight} })()`)
		t.Logf("%s: view %.0fx%.0f, play button bottom %.0f of %.0f, page width %.0f of %.0f", size.name, box["gw"], box["gh"], box["pb"], box["ih"], box["sw"], box["iw"])
		if box["sw"] > box["iw"] {
			t.Errorf("%s: the page scrolls sideways (%.0f > %.0f)", size.name, box["sw"], box["iw"])
		}
		if box["gw"] < float64(size.w)*0.9 || box["gh"] < 150 {
			t.Errorf("%s: the network view is too small: %.0fx%.0f", size.name, box["gw"], box["gh"])
		}
		if box["pb"] > box["ih"] {
			t.Errorf("%s: the play button is below the fold (%.0f > %.0f)", size.name, box["pb"], box["ih"])
		}
		q.do(clickID("play"))
		q.wait(`diffstructPage.stats().status.cycle > 20`, 20*time.Second)
		time.Sleep(500 * time.Millisecond)
		if b, err := chromedp.Run(q.ctx, chromedp.FullScreenshot(90)); err == nil {
			os.WriteFile(filepath.Join(shotDir, size.name+".jpg"), b, 0o644)
		}
		q.cancel() // close the tab: its training would slow the next ones
	}
	p.cancel()
	// The full page at phone width: nothing wider than the screen.
	ph := openPage(t, nil, "", "race=10,37")
	ph.do(chromedp.EmulateViewport(390, 844))
	ph.settled()
	if sw := eval[float64](ph, `document.documentElement.scrollWidth`); sw > 390 {
		t.Errorf("phone width: the page is %.0f px wide", sw)
	}
	if b, err := chromedp.Run(ph.ctx, chromedp.FullScreenshot(80)); err == nil {
		os.WriteFile(filepath.Join(shotDir, "phone-390-race.jpg"), b, 0o644)
	}
	t.Logf("screenshots in %s", shotDir)
}

// TestBrowserTour is in tour_test.go.

// download clicks an export button and returns what it downloaded.
func download(p *page, id string) map[string]any {
	p.t.Helper()
	before := eval[float64](p, `(diffstructPage.stats().teach.lastDownload || {at: 0}).at`)
	p.do(clickID(id))
	p.wait(fmt.Sprintf(`(diffstructPage.stats().teach.lastDownload || {at: 0}).at > %f`, before), 10*time.Second)
	return eval[map[string]any](p, `diffstructPage.stats().teach.lastDownload`)
}

// upload loads a file into the import control.
func upload(p *page, name string, data []byte) {
	p.t.Helper()
	path := filepath.Join(p.t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.do(chromedp.SetUploadFiles(chromedp.ID("import"), []string{path}))
}

// TestBrowserExportImport exports a run's network, lets the run go on,
// imports the file back: the run is at the exported cycle with the same
// weights (the JSON exported again is byte for byte the same) and goes on
// exactly as natively. Corrupted files are refused with a visible message
// and leave the run as it was. CSV and PNG exports are checked too.
func TestBrowserExportImport(t *testing.T) {
	parallel(t)
	const stop = 300
	p := openPage(t, nil, "", fmt.Sprintf("task=hard&seed=11&play=1&stop=%d", stop))
	p.wait(fmt.Sprintf(`(() => { const s = diffstructPage.stats().status; return s.cycle === %d && !s.playing })()`, stop), 60*time.Second)
	p.settled()
	net := download(p, "export-json")
	first, _ := net["text"].(string)
	if !strings.Contains(first, `"format": "diffstruct-network"`) || !strings.Contains(first, fmt.Sprintf(`"cycle": %d`, stop)) {
		t.Fatalf("exported network %v: %.200s", net["name"], first)
	}
	csv := download(p, "export-csv")
	lines := strings.Split(strings.TrimSpace(csv["text"].(string)), "\n")
	if lines[0] != "cycle,loss_per_window,loss_per_symbol,neurons" || len(lines) < 20 || !strings.HasPrefix(lines[len(lines)-1], fmt.Sprint(stop)+",") {
		t.Errorf("csv: %d lines, head %q, last %q", len(lines), lines[0], lines[len(lines)-1])
	}
	charts := download(p, "export-charts")
	graph := download(p, "export-graph")
	t.Logf("downloads: %v (%v bytes), %v (%v bytes), charts PNG %v bytes %vx%v with %v drawn pixels, graph PNG %v bytes %vx%v with %v drawn pixels",
		net["name"], net["size"], csv["name"], csv["size"], charts["size"], charts["width"], charts["height"], charts["drawn"],
		graph["size"], graph["width"], graph["height"], graph["drawn"])
	for name, d := range map[string]map[string]any{"charts": charts, "graph": graph} {
		savePNG(name+"-export", d["url"])
		if d["type"] != "image/png" || d["drawn"].(float64) < 2000 {
			t.Errorf("%s PNG: %v", name, d)
		}
	}

	// The run goes on, then the file brings it back.
	for range 3 {
		p.do(clickID("step"))
	}
	p.wait(fmt.Sprintf(`diffstructPage.stats().status.cycle === %d`, stop+3), 5*time.Second)
	upload(p, "net.json", []byte(first))
	p.wait(fmt.Sprintf(`(() => { const s = diffstructPage.stats().status; return s.cycle === %d && s.loaded === 'net.json' })()`, stop), 10*time.Second)
	p.settled()
	again := download(p, "export-json")["text"].(string)
	if again != first {
		t.Fatalf("the re-imported network exports differently (%d and %d bytes)", len(first), len(again))
	}
	if !strings.Contains(p.text("messages"), "Loaded net.json") {
		t.Errorf("messages after import: %q", p.text("messages"))
	}
	p.do(clickID("step"))
	p.wait(fmt.Sprintf(`diffstructPage.stats().status.cycle === %d`, stop+1), 5*time.Second)
	p.settled()
	native, _ := session.New("task=hard&seed=11")
	for native.Cycle() < stop+1 {
		native.Step()
	}
	if got, want := pageStats[string](p, `status.digest`), fmt.Sprintf("%016x", native.Observe(0).Digest); got != want {
		t.Errorf("after re-import and one step: fingerprint %s, natively %s", got, want)
	}

	// Corrupted files: refused, shown, the run untouched.
	digest := pageStats[string](p, `status.digest`)
	for _, bad := range []struct{ name, data, want string }{
		{"truncated.json", first[:len(first)/2], "not valid JSON"},
		{"hostile.json", strings.Replace(first, `"format": "diffstruct-network"`, `"format": "evil"`, 1), "format"},
	} {
		upload(p, bad.name, []byte(bad.data))
		p.wait(`document.querySelector('#messages [data-key=import]') !== null`, 10*time.Second)
		msg := eval[string](p, `document.querySelector('#messages [data-key=import]').textContent`)
		visible := eval[bool](p, `document.querySelector('#messages [data-key=import]').offsetParent !== null`)
		t.Logf("%s: %s", bad.name, msg)
		if !visible || !strings.Contains(msg, "Could not load "+bad.name) || !strings.Contains(msg, bad.want) || !strings.Contains(msg, "unchanged") {
			t.Errorf("%s: message %q (visible %v)", bad.name, msg, visible)
		}
		p.settled()
		if got := pageStats[string](p, `status.digest`); got != digest || p.number("cycles") != stop+1 {
			t.Errorf("%s changed the run: %s at %d", bad.name, got, p.number("cycles"))
		}
		eval[bool](p, `(document.querySelector('#messages [data-key=import]').remove(), true)`)
	}
}

// savePNG writes a data: URL's PNG into the screenshot folder.
func savePNG(name string, url any) {
	s, _ := url.(string)
	b, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(s, "data:image/png;base64,"))
	if err == nil {
		os.WriteFile(filepath.Join(shotDir, name+".png"), b, 0o644)
	}
}
