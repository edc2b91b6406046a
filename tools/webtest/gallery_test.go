package webtest

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserTextLines: on a text task the loss chart draws the text's
// unigram and bigram losses as labelled reference lines, their labels
// beside the plot and apart; the task menu lists the gallery's tasks.
func TestBrowserTextLines(t *testing.T) {
	parallel(t)
	p := openPage(t, nil, "", "task=english&speed=max&play=1&stop=300")
	p.do(chromedp.EmulateViewport(1280, 900))
	p.wait(`(() => { const s = diffstructPage.stats().status; return s.cycle === 300 && !s.playing })()`, 120*time.Second)
	time.Sleep(800 * time.Millisecond) // a chart redraw
	type chart struct {
		Labels [][4]float64
		Plot   [4]float64
		Menu   string
	}
	c := eval[chart](p, `(() => { const el = document.getElementById('loss-chart');
		return {Labels: JSON.parse(el.dataset.floorLabels), Plot: JSON.parse(el.dataset.plot),
			Menu: [...document.getElementById('task').options].map((o) => o.value).join(',')} })()`)
	chartsShot(p, "charts-english")
	t.Logf("labels %v; plot %v; menu %s", c.Labels, c.Plot, c.Menu)
	if len(c.Labels) != 2 {
		t.Fatalf("english should label two reference lines (unigram, bigram), got %v", c.Labels)
	}
	a, b := c.Labels[0], c.Labels[1]
	if a[0] < c.Plot[0]+c.Plot[2] || b[0] < c.Plot[0]+c.Plot[2] {
		t.Errorf("reference labels %v are inside the plot %v", c.Labels, c.Plot)
	}
	if a[1] < b[1]+b[3] && b[1] < a[1]+a[3] {
		t.Errorf("reference labels overlap: %v", c.Labels)
	}
	for _, k := range []string{"period", "count", "copy", "parity", "reber", "english", "custom"} {
		if !strings.Contains(c.Menu, k) {
			t.Errorf("the task menu %q has no %s", c.Menu, k)
		}
	}
}
