package webtest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// scrubTo moves the #timeline scrubber to cycle c as a drag does (an input
// event) and waits until the page shows that cycle with the view drawing as
// many neurons as the counter says.
func scrubTo(p *page, c int) {
	p.t.Helper()
	eval[bool](p, fmt.Sprintf(`(() => { const el = document.getElementById('timeline'); el.value = %d;
		el.dispatchEvent(new Event('input', {bubbles: true})); return true })()`, c))
	p.wait(fmt.Sprintf(`document.getElementById('timeline').dataset.cycle === String(Math.min(Math.max(%d, +document.getElementById('timeline').min), +document.getElementById('timeline').max))
		&& %s === +document.getElementById('neurons').textContent`, c, graphNeurons), 15*time.Second)
}

// timelineState is what the page shows.
type timelineState struct {
	Cycles, Neurons, Drawn, Start, End int
	Loss, Note, Status                 string
	Playing                            bool
	Events, Keys, Bytes                int
}

func readTimeline(p *page) timelineState {
	p.t.Helper()
	return eval[timelineState](p, `(() => { const $ = (id) => document.getElementById(id), s = diffstructPage.stats().status;
		return {Cycles: +$('cycles').textContent, Neurons: +$('neurons').textContent, Drawn: `+graphNeurons+` || 0,
			Start: +$('timeline').min, End: +$('timeline').max, Loss: $('loss').textContent,
			Note: $('timeline-note').hidden ? '' : $('timeline-note').textContent, Status: $('status').textContent,
			Playing: s.playing, Events: s.timeline.events, Keys: s.timeline.keys, Bytes: s.timeline.bytes} })()`)
}

// chartsShot saves a screenshot of the two charts.
func chartsShot(p *page, name string) {
	eval[bool](p, `(document.querySelector('section.charts').scrollIntoView({block: 'center'}), true)`)
	time.Sleep(300 * time.Millisecond) // a chart redraw
	b, err := chromedp.Run(p.ctx, chromedp.Screenshot(chromedp.CSS("section.charts")))
	if err == nil {
		os.WriteFile(filepath.Join(shotDir, name+".png"), b, 0o644)
	}
}

// TestBrowserTimeline plays a hard run for 10 s at full speed, drags the
// timeline back to its start (cycle <= 1% of the run, 1 to 3 neurons in the
// counters and the view, the run paused and saying so), to the middle, and
// back to its end (the live run again, playing). It prints the memory the
// history holds.
func TestBrowserTimeline(t *testing.T) {
	parallel(t)
	p := openPage(t, nil, "", "task=hard&speed=max&play=1")
	p.do(chromedp.EmulateViewport(1280, 900))
	p.wait(`diffstructPage.stats().status.cycle > 0`, 30*time.Second)
	time.Sleep(10 * time.Second)
	live := readTimeline(p)
	t.Logf("after 10 s: cycle %d, %d neurons (view %d); timeline %d..%d, %d events, %d keyframes, %d bytes held",
		live.Cycles, live.Neurons, live.Drawn, live.Start, live.End, live.Events, live.Keys, live.Bytes)
	if live.End < 100 || live.Events == 0 {
		t.Fatalf("the run hardly moved in 10 s: %+v", live)
	}
	chartsShot(p, "timeline-charts-live")

	scrubTo(p, 0)
	time.Sleep(1500 * time.Millisecond) // the view animates the deaths out
	start := readTimeline(p)
	p.shot("timeline-start")
	p.fullShot("timeline-start-page")
	chartsShot(p, "timeline-charts-start")
	t.Logf("at the start: cycle %d of %d, %d neurons (view %d), loss %s, playing %v; note %q; status %q",
		start.Cycles, start.End, start.Neurons, start.Drawn, start.Loss, start.Playing, start.Note, start.Status)
	if start.Cycles*100 > start.End {
		t.Errorf("the timeline's start shows cycle %d, more than 1%% of the run's %d", start.Cycles, start.End)
	}
	if start.Neurons < 1 || start.Neurons > 3 || start.Drawn != start.Neurons {
		t.Errorf("at the start: %d neurons in the counter, %d in the view; want the same, 1 to 3", start.Neurons, start.Drawn)
	}
	if start.Playing || start.Note == "" {
		t.Errorf("scrubbing should pause the run and say so: playing %v, note %q", start.Playing, start.Note)
	}

	mid := live.End / 2
	scrubTo(p, mid)
	time.Sleep(1500 * time.Millisecond)
	m := readTimeline(p)
	p.shot("timeline-middle")
	chartsShot(p, "timeline-charts-middle")
	t.Logf("in the middle: cycle %d, %d neurons (view %d), loss %s", m.Cycles, m.Neurons, m.Drawn, m.Loss)
	if m.Cycles != mid || m.Drawn != m.Neurons {
		t.Errorf("in the middle: cycle %d (want %d), %d neurons, view %d", m.Cycles, mid, m.Neurons, m.Drawn)
	}

	end := readTimeline(p).End
	eval[bool](p, fmt.Sprintf(`(() => { const el = document.getElementById('timeline'); el.value = %d;
		el.dispatchEvent(new Event('input', {bubbles: true})); return true })()`, end))
	p.wait(`diffstructPage.stats().status.playing && document.getElementById('timeline-note').hidden`, 10*time.Second)
	p.wait(fmt.Sprintf(`+document.getElementById('cycles').textContent > %d`, end), 15*time.Second)
	time.Sleep(2 * time.Second)
	back := readTimeline(p)
	st := eval[map[string]any](p, `(() => { const s = diffstructPage.stats().status; return {cycle: s.cycle, neurons: s.neurons} })()`)
	p.shot("timeline-live")
	p.fullShot("timeline-live-page")
	chartsShot(p, "timeline-charts-back")
	t.Logf("back at the end: cycle %d, %d neurons (view %d), playing %v; status %v; %d events, %d keyframes, %d bytes held",
		back.Cycles, back.Neurons, back.Drawn, back.Playing, st, back.Events, back.Keys, back.Bytes)
	if !back.Playing || back.Cycles <= end || back.Note != "" {
		t.Errorf("the end of the timeline should return to the live run: %+v", back)
	}
	if d := back.Cycles - int(st["cycle"].(float64)); d > 2000 || d < -2000 {
		t.Errorf("the counters show cycle %d, the live run is at %v", back.Cycles, st["cycle"])
	}

	// Rewound, Step returns to the live run and takes its one step there.
	scrubTo(p, 100)
	p.wait(`!diffstructPage.stats().status.playing`, 10*time.Second)
	time.Sleep(500 * time.Millisecond)
	paused := eval[int](p, `diffstructPage.stats().status.cycle`)
	p.do(clickID("step"))
	p.wait(fmt.Sprintf(`document.getElementById('timeline-note').hidden && +document.getElementById('cycles').textContent === %d`, paused+1), 10*time.Second)
	t.Logf("rewound to cycle 100, Step: back to the live run at cycle %d", paused+1)

	t.Logf("timeline memory: %d bytes after %d cycles here; a 1,000,000-cycle run holds at most 4.6 MiB (go test -run TestTimelineMemoryMillion ./wasm/session/)",
		back.Bytes, back.Cycles)
	if errs := p.consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// TestBrowserChartsSchedule runs the easy-hard-easy schedule through all
// three phases and checks the loss chart: per symbol like the counters, its
// floor labels apart from each other and outside the plot (so off the
// curve), the cycle axis log-scaled with the births and deaths marked.
func TestBrowserChartsSchedule(t *testing.T) {
	parallel(t)
	p := openPage(t, nil, "", "task=easy-hard-easy&span=1500&speed=max&play=1&stop=2400")
	p.do(chromedp.EmulateViewport(1280, 900))
	p.wait(`(() => { const s = diffstructPage.stats().status; return s.cycle === 2400 && !s.playing })()`, 120*time.Second)
	time.Sleep(800 * time.Millisecond) // a chart redraw
	type chart struct {
		Labels [][4]float64
		Plot   [4]float64
		Axis   string
		Title  string
	}
	c := eval[chart](p, `(() => { const el = document.getElementById('loss-chart');
		return {Labels: JSON.parse(el.dataset.floorLabels), Plot: JSON.parse(el.dataset.plot), Axis: el.dataset.axis, Title: ''} })()`)
	chartsShot(p, "charts-schedule")
	loss := eval[float64](p, `+document.getElementById('loss').textContent`)
	t.Logf("loss %.4f nats/symbol; floor labels %v; plot %v; axis %s", loss, c.Labels, c.Plot, c.Axis)
	if len(c.Labels) < 2 {
		t.Fatalf("easy-hard-easy should label two floors (easy, hard), got %v", c.Labels)
	}
	for i, a := range c.Labels {
		if a[0] < c.Plot[0]+c.Plot[2] {
			t.Errorf("floor label %v is inside the plot %v (it may cover the curve)", a, c.Plot)
		}
		for _, b := range c.Labels[i+1:] {
			if a[0] < b[0]+b[2] && b[0] < a[0]+a[2] && a[1] < b[1]+b[3] && b[1] < a[1]+a[3] {
				t.Errorf("floor labels overlap: %v and %v", a, b)
			}
		}
	}
	tip := eval[string](p, `(() => { const el = document.getElementById('loss-chart'), r = el.getBoundingClientRect();
		el.dispatchEvent(new MouseEvent('mousemove', {clientX: r.left + r.width / 2, clientY: r.top + r.height / 2}));
		return el.title })()`)
	t.Logf("hover: %q", tip)
	if !strings.Contains(tip, "nats per symbol") || !strings.Contains(tip, "per 40-symbol window") {
		t.Errorf("the loss chart's hover text %q should give both units", tip)
	}
	if c.Axis != "log" {
		t.Errorf("the cycle axis of a 2,400-cycle run is %s, want log", c.Axis)
	}
	if errs := p.consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
