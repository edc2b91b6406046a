package webtest

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/diffstruct/diffstruct/wasm/session"
)

// viewCell is one cell of the view as diffstructGraph.stats().cells gives it
// (canvas pixels).
type viewCell struct {
	Name       string
	Neurons    int
	X, Y, W, H float64
}

const viewCells = `document.getElementById('graph').contentWindow.diffstructGraph.stats().cells`

// checkTiling fails unless the cells cover their bounding canvas exactly,
// without overlap, none much smaller than an equal share; it returns the
// canvas size.
func checkTiling(t *testing.T, what string, cells []viewCell) (w, h float64) {
	t.Helper()
	area := 0.0
	for _, c := range cells {
		w, h = max(w, c.X+c.W), max(h, c.Y+c.H)
		area += c.W * c.H
	}
	for i, a := range cells {
		if a.W*a.H < w*h/float64(2*len(cells)) {
			t.Errorf("%s: cell %d (%s) is %.0fx%.0f of a %.0fx%.0f canvas: too small", what, i, a.Name, a.W, a.H, w, h)
		}
		for j, b := range cells[:i] {
			if a.X < b.X+b.W-0.5 && b.X < a.X+a.W-0.5 && a.Y < b.Y+b.H-0.5 && b.Y < a.Y+a.H-0.5 {
				t.Errorf("%s: cells %d and %d overlap: %+v %+v", what, j, i, b, a)
			}
		}
	}
	if area < w*h*0.999 {
		t.Errorf("%s: the cells cover %.0f of %.0f canvas pixels: part of the view is empty", what, area, w*h)
	}
	return w, h
}

// cellInk counts, in a screenshot of the view, the pixels differing from the
// background inside each cell (cells in canvas pixels of a w x h canvas).
func cellInk(img image.Image, cells []viewCell, w, h float64) []int {
	b := img.Bounds()
	sx, sy := float64(b.Dx())/w, float64(b.Dy())/h
	out := make([]int, len(cells))
	for i, c := range cells {
		for y := int(c.Y*sy) + 2; y < int((c.Y+c.H)*sy)-2; y++ {
			for x := int(c.X*sx) + 2; x < int((c.X+c.W)*sx)-2; x++ {
				r, g, bl, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
				if absDiff(r>>8, 15)+absDiff(g>>8, 20)+absDiff(bl>>8, 31) > 30 {
					out[i]++
				}
			}
		}
	}
	return out
}

// viewportShot saves the page as name.png (the whole page: a capture of the
// screen's surface alone can be a frame old; the first screenful is on top).
func viewportShot(p *page, name string) {
	if b, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100)); err == nil {
		os.WriteFile(filepath.Join(shotDir, name+".png"), b, 0o644)
	}
}

// stoppedAt waits until the run and every runner's standing are at cycle stop.
func stoppedAt(p *page, stop int, timeout time.Duration) {
	p.t.Helper()
	p.wait(fmt.Sprintf(`(() => { const s = diffstructPage.stats().status;
		return s.cycle === %d && !s.playing && s.runners.every((r) => r.cycle === %d) })()`, stop, stop), timeout)
}

// TestBrowserRaceLayout: at 1280x900, races of two, three and four networks
// fill the view with no empty cell (each drawn), and the verdict and the
// leader's card are on screen without scrolling.
func TestBrowserRaceLayout(t *testing.T) {
	parallel(t)
	for _, c := range []struct {
		sizes string
		n     int
	}{{"10,37", 3}, {"10", 2}, {"10,37,100", 4}} {
		const stop = 120
		p := openPage(t, nil, "", fmt.Sprintf("task=hard&seed=3&race=%s&play=1&stop=%d", c.sizes, stop))
		p.do(chromedp.EmulateViewport(1280, 900))
		stoppedAt(p, stop, 90*time.Second)
		p.settled()
		time.Sleep(400 * time.Millisecond) // the view's resize and a frame
		what := fmt.Sprintf("%d networks", c.n)
		cells := eval[[]viewCell](p, viewCells)
		if len(cells) != c.n {
			t.Fatalf("%s: the view draws %d cells: %+v", what, len(cells), cells)
		}
		w, h := checkTiling(t, what, cells)
		ink := cellInk(p.shot(fmt.Sprintf("race-layout-%d-view", c.n)), cells, w, h)
		t.Logf("%s: canvas %.0fx%.0f, cells %+v, drawn pixels per cell %v", what, w, h, cells, ink)
		for i, n := range ink {
			if n < 2000 {
				t.Errorf("%s: cell %d (%s) looks empty: %d drawn pixels", what, i, cells[i].Name, n)
			}
		}
		box := eval[map[string]float64](p, `(() => {
			const v = document.getElementById('race-verdict').getBoundingClientRect(),
				l = document.querySelector('#race-runners .runner.leader').getBoundingClientRect();
			return {vt: v.top, vb: v.bottom, vh: v.height, lb: l.bottom, sy: scrollY, ih: innerHeight} })()`)
		t.Logf("%s: verdict %.0f..%.0f, leader card bottom %.0f, window %.0f (scrolled %.0f): %s", what, box["vt"], box["vb"], box["lb"], box["ih"], box["sy"], p.text("race-verdict"))
		if box["sy"] != 0 || box["vb"] > 900 || box["vh"] < 10 || box["lb"] > 900 {
			t.Errorf("%s: the verdict (%.0f..%.0f) or the leader's card (bottom %.0f) is not within the first 900 px", what, box["vt"], box["vb"], box["lb"])
		}
		viewportShot(p, fmt.Sprintf("race-layout-%d-1280x900", c.n))
		if errs := p.consoleErrors(); len(errs) > 0 {
			t.Errorf("%s: console errors: %v", what, errs)
		}
		p.cancel()
	}
}

// TestBrowserRaceParallelMatchesOneWorker runs the same race link to a
// stop cycle with the race's runners in one worker and split between two:
// every runner's digest and size are equal, and equal to the native run's.
func TestBrowserRaceParallelMatchesOneWorker(t *testing.T) {
	parallel(t)
	const stop = 300
	link := fmt.Sprintf("task=hard&seed=3&race=10,37,100&play=1&stop=%d", stop)
	type runner struct {
		Name    string
		Neurons int
		Digest  string
		Cycle   int
	}
	var got [2][]runner
	for i, k := range []int{1, 2} {
		p := openPage(t, nil, server.URL+subPath+fmt.Sprintf("?workers=%d", k), link)
		stoppedAt(p, stop, 120*time.Second)
		p.settled()
		if w := pageStats[int](p, `status.workers`); w != k {
			t.Errorf("?workers=%d: the race ran in %d workers", k, w)
		}
		got[i] = pageStats[[]runner](p, `status.runners`)
		t.Logf("%d worker(s): %+v", k, got[i])
		p.fullShot(fmt.Sprintf("race-parallel-%d", k))
		if errs := p.consoleErrors(); len(errs) > 0 {
			t.Errorf("%d workers: console errors: %v", k, errs)
		}
		p.cancel()
	}
	s, _ := session.New(link)
	for s.Cycle() < stop {
		s.Step()
	}
	native := s.Status(0, session.Since{}).Runners
	if len(got[0]) != 4 || len(got[1]) != 4 {
		t.Fatalf("runners: %+v and %+v", got[0], got[1])
	}
	for i := range native {
		a, b := got[0][i], got[1][i]
		if a != b || a.Digest != native[i].Digest || a.Neurons != native[i].Neurons {
			t.Errorf("%s: one worker %+v, two %+v, native %s/%d", native[i].Name, a, b, native[i].Digest, native[i].Neurons)
		}
	}
}

// TestBrowserRaceParallelSpeed prints the race's cycles/s with four
// networks (growing, 10, 37, 100) in one worker and in two (with
// -webtest.longspeed alternately twice, over longer windows: the machine is
// shared, compare, do not trust the absolute numbers), with the view's
// frame rate. It asserts only that both advance.
func TestBrowserRaceParallelSpeed(t *testing.T) {
	if testing.Short() {
		t.Skip("half a minute of racing")
	}
	speeds := map[int][]float64{}
	order, window := []int{1, 2}, 4*time.Second
	if *longSpeed {
		order, window = []int{1, 2, 1, 2}, 8*time.Second
	}
	for _, k := range order {
		p := openPage(t, nil, server.URL+subPath+fmt.Sprintf("?workers=%d", k), "task=hard&seed=1&race=10,37,100&play=1&speed=max")
		// Every runner past the first chunk: the helpers are compiled and running.
		p.wait(`diffstructPage.stats().status.runners.every((r) => r.cycle > 40)`, 90*time.Second)
		c0 := pageStats[int](p, `status.cycle`)
		time.Sleep(window)
		c1 := pageStats[int](p, `status.cycle`)
		fps := pageStats[float64](p, `fps`)
		cps := float64(c1-c0) / window.Seconds()
		speeds[k] = append(speeds[k], cps)
		t.Logf("%d worker(s): %.0f race cycles/s, view %.0f fps, status %q", k, cps, fps, p.text("status"))
		if c1 <= c0 {
			t.Errorf("%d workers: the race did not advance (%d then %d)", k, c0, c1)
		}
		p.cancel()
	}
	t.Logf("race of four, cycles/s: one worker %v, two workers %v", speeds[1], speeds[2])
}

// TestBrowserPhoneLessonFillsHeight: a lesson link showing only the network
// and Play on a 390x780 phone gives the network most of the screen, with
// Play still on it.
func TestBrowserPhoneLessonFillsHeight(t *testing.T) {
	parallel(t)
	for _, size := range [][2]int64{{390, 780}, {480, 360}, {1280, 900}} {
		p := openPage(t, nil, "", "only=graph,play&task=hard")
		p.do(chromedp.EmulateViewport(size[0], size[1]))
		p.settled()
		time.Sleep(300 * time.Millisecond)
		box := eval[map[string]float64](p, `(() => { const g = document.querySelector('.frame').getBoundingClientRect(),
			b = document.getElementById('play').getBoundingClientRect();
			return {gw: g.width, gh: g.height, pb: b.bottom, ih: innerHeight, sh: document.documentElement.scrollHeight} })()`)
		name := fmt.Sprintf("lesson-fill-%dx%d", size[0], size[1])
		t.Logf("%s: view %.0fx%.0f, Play's bottom %.0f, page height %.0f of %.0f", name, box["gw"], box["gh"], box["pb"], box["sh"], box["ih"])
		if box["gh"] < 0.6*box["ih"] {
			t.Errorf("%s: the view is %.0f px tall, under 60%% of the %.0f px screen", name, box["gh"], box["ih"])
		}
		if box["pb"] > box["ih"] || box["sh"] > box["ih"]+1 {
			t.Errorf("%s: Play's bottom at %.0f, the page %.0f px tall: not all on a %.0f px screen", name, box["pb"], box["sh"], box["ih"])
		}
		// Play for a moment: the shot shows the view as a reader sees it.
		p.do(clickID("play"))
		p.wait(`diffstructPage.stats().status.cycle > 20`, 30*time.Second)
		time.Sleep(500 * time.Millisecond)
		viewportShot(p, name)
		p.cancel()
	}
}
