package webtest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ffScrubTo moves the #timeline scrubber of a feed-forward page to cycle c
// as a drag does and waits until the counters and the view show that cycle.
func ffScrubTo(p *page, c int) {
	p.t.Helper()
	eval[bool](p, fmt.Sprintf(`(() => { const el = document.getElementById('timeline'); el.value = %d;
		el.dispatchEvent(new Event('input', {bubbles: true})); return true })()`, c))
	p.wait(fmt.Sprintf(`(() => { const el = document.getElementById('timeline'), want = String(Math.min(Math.max(%d, +el.min), +el.max));
		return el.dataset.cycle === want && document.getElementById('ff-cycles').textContent === want
			&& String(document.getElementById('graph').contentWindow.diffstructGraph?.stats().cycle) === want })()`, c), 15*time.Second)
}

// ffMoment is what a feed-forward page shows.
type ffMoment struct {
	Cycles, Start, End, Key int
	Neurons, Label, Note    string
	Playing                 bool
	Events, Keys, Bytes     int
	Widths                  []int
}

func readFFMoment(p *page) ffMoment {
	p.t.Helper()
	return eval[ffMoment](p, `(() => { const $ = (id) => document.getElementById(id), s = diffstructPage.stats().status;
		return {Cycles: +$('ff-cycles').textContent, Neurons: $('ff-neurons').textContent, Start: +$('timeline').min, End: +$('timeline').max,
			Key: +($('timeline').dataset.key || -1), Label: $('timeline-label').textContent,
			Note: $('timeline-note').hidden ? '' : $('timeline-note').textContent, Playing: s.playing,
			Events: s.timeline.events, Keys: s.timeline.keys, Bytes: s.timeline.bytes, Widths: s.ff.widths} })()`)
}

// TestBrowserFFTimeline plays a feed-forward spiral run at full speed,
// drags the Rewind slider back to cycle 0 (the starting widths, the run
// paused and saying so, the view drawing cycle 0), to the middle (the
// label naming the keyframe when it is not the cycle asked), and to the
// end (the live run again, playing).
func TestBrowserFFTimeline(t *testing.T) {
	parallel(t)
	p := openPage(t, nil, "", "model=ff&data=spiral&seed=2&speed=max&play=1")
	p.do(chromedp.EmulateViewport(1280, 900))
	p.wait(`(() => { const s = diffstructPage.stats().status; return s.kind === 'ff' && s.cycle >= 1500 && s.timeline.events > 0 })()`, 90*time.Second)
	start := eval[string](p, `document.getElementById('ff-neurons').textContent`)
	_ = start
	time.Sleep(2 * time.Second)
	live := readFFMoment(p)
	t.Logf("live: %+v", live)
	if live.Start != 0 || live.End < 1500 || live.Keys < 2 {
		t.Fatalf("the timeline does not span the run: %+v", live)
	}
	if !eval[bool](p, `document.getElementById('timeline').getClientRects().length > 0`) {
		t.Fatal("the Rewind slider is hidden on the feed-forward page")
	}

	ffScrubTo(p, 0)
	time.Sleep(time.Second)
	zero := readFFMoment(p)
	p.shot("ff-timeline-start")
	p.fullShot("ff-timeline-start-page")
	t.Logf("at cycle 0: %+v", zero)
	if zero.Cycles != 0 || zero.Playing || zero.Note == "" || zero.Key != 0 {
		t.Errorf("at the start: %+v", zero)
	}

	mid := live.End/2 + 7
	ffScrubTo(p, mid)
	time.Sleep(time.Second)
	m := readFFMoment(p)
	p.shot("ff-timeline-middle")
	t.Logf("in the middle: %+v", m)
	if m.Cycles != mid || m.Key > mid || m.Key < 0 {
		t.Errorf("in the middle: %+v (asked %d)", m, mid)
	}
	if (m.Key != mid) != strings.Contains(m.Label, "keyframe of cycle") {
		t.Errorf("label %q, keyframe %d, cycle %d", m.Label, m.Key, mid)
	}
	if !strings.Contains(m.Neurons, "(") {
		t.Errorf("neurons counter %q", m.Neurons)
	}

	end := readFFMoment(p).End
	eval[bool](p, fmt.Sprintf(`(() => { const el = document.getElementById('timeline'); el.value = %d;
		el.dispatchEvent(new Event('input', {bubbles: true})); return true })()`, end))
	p.wait(`diffstructPage.stats().status.playing && document.getElementById('timeline-note').hidden`, 10*time.Second)
	p.wait(fmt.Sprintf(`+document.getElementById('ff-cycles').textContent > %d`, end), 15*time.Second)
	back := readFFMoment(p)
	p.shot("ff-timeline-live")
	t.Logf("back live: %+v", back)
	if back.Label != "live" {
		t.Errorf("back live, the label says %q", back.Label)
	}
	if errs := p.consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// TestBrowserFFRedraw measures the goal for the 2-D page: at
// speed=max on the spiral, how often the view applies a snapshot and
// rewrites its heat maps (the decision boundary and every neuron's map),
// and the frame rate; then the same for the sequence page (hard task) at the
// same viewport, so the same drawing size. It prints the figures and asserts
// only that training, snapshots and frames advance (never a timing): the
// figures depend on the machine. Each page is sampled over 6 s after 3 s of
// warm-up (-webtest.longspeed: 20 s after 8 s).
func TestBrowserFFRedraw(t *testing.T) {
	warm, span := 3*time.Second, 6*time.Second
	if *longSpeed {
		warm, span = 8*time.Second, 20*time.Second
	}
	type sample struct {
		Cycle     int     `json:"cycle"`
		Frames    int     `json:"frames"`
		Applied   int     `json:"applied"`
		MapFrames int     `json:"mapFrames"`
		MapWrites int     `json:"mapWrites"`
		T         float64 `json:"t"`
		W, H      float64
		Scale     float64
		Neurons   int
	}
	var rows []string
	for _, c := range []struct{ name, link string }{
		{"ff spiral", "model=ff&data=spiral&seed=1&speed=max&play=1"},
		{"sequence hard", "task=hard&seed=1&speed=max&play=1"},
	} {
		p := openPage(t, nil, "", c.link)
		p.do(chromedp.EmulateViewport(1280, 900))
		p.wait(graphNeurons+` > 0`, 30*time.Second)
		read := func() sample {
			return eval[sample](p, `(() => { const s = diffstructPage.stats(), g = s.graph, r = g.redraw || {},
				b = document.getElementById('graph').getBoundingClientRect();
				return {cycle: s.status.cycle, frames: g.frames, applied: r.applied || 0, mapFrames: r.mapFrames || 0,
					mapWrites: r.mapWrites || 0, t: performance.now(), W: b.width, H: b.height, Scale: g.scale, Neurons: s.status.neurons} })()`)
		}
		time.Sleep(warm)
		a := read()
		time.Sleep(span)
		b := read()
		secs := (b.T - a.T) / 1000
		per := func(x, y int) float64 { return float64(y-x) / secs }
		rows = append(rows, fmt.Sprintf("%-14s %8.0f %10.1f %12.1f %12.0f %6.1f   %4.0fx%-4.0f x%.2f %4d",
			c.name, per(a.Cycle, b.Cycle), per(a.Applied, b.Applied), per(a.MapFrames, b.MapFrames), per(a.MapWrites, b.MapWrites),
			per(a.Frames, b.Frames), b.W, b.H, b.Scale, b.Neurons))
		p.shot("redraw-" + strings.Fields(c.name)[0])
		if b.Cycle <= a.Cycle || b.Frames <= a.Frames || b.Applied <= a.Applied {
			t.Errorf("%s: training, snapshots or drawing stalled: %+v -> %+v", c.name, a, b)
		}
		p.cancel()
	}
	t.Logf("over %v at speed=max, viewport 1280x900:\n%-14s %8s %10s %12s %12s %6s   %-9s %5s %4s\n%s", span,
		"page", "cycles/s", "snapshots/s", "map frames/s", "map writes/s", "fps", "view px", "scale", "n", strings.Join(rows, "\n"))
}
