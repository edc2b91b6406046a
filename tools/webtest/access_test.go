package webtest

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestAxeFindsProblems is the accessibility check's own control: a page
// with an unlabelled field, a nameless button and grey-on-black text must
// fail it with serious or critical violations, so a clean run means
// something.
func TestAxeFindsProblems(t *testing.T) {
	parallel(t)
	p := openPage(t, nil, "", "task=hard&seed=1")
	eval[bool](p, `(() => { const d = document.createElement('div');
		d.innerHTML = '<input id="axe-probe" type="text"><button id="axe-probe-b"></button><p style="color:#333;background:#0b0f17">faint</p>';
		document.querySelector('main').append(d); return true })()`)
	vs := p.runAxe()
	found := map[string]string{}
	for _, v := range vs {
		found[v.ID] = v.Impact
	}
	for _, id := range []string{"label", "button-name", "color-contrast"} {
		if imp := found[id]; imp != "serious" && imp != "critical" {
			t.Errorf("axe did not report %s as serious or critical (got %q) on a page built to break it; all: %v", id, imp, found)
		}
	}
}

// graphStyle returns the style the view's Go says it draws.
func (p *page) graphStyle() map[string]any {
	p.t.Helper()
	return eval[map[string]any](p, `(diffstructPage.stats().graph || {}).style || {}`)
}

// labelHeight returns the tallest label the view's text layer drew.
func (p *page) labelHeight() float64 {
	p.t.Helper()
	return eval[float64](p, `Math.max(0, ...((diffstructPage.stats().graph || {}).labels || []).map((b) => b.h))`)
}

// TestProjectorMode checks the big key: the view's Go draws ProjectorZoom
// times larger (its labels taller), the page's text grows, the link keeps
// the key, and the button turns it off again.
func TestProjectorMode(t *testing.T) {
	parallel(t)
	normal := openPage(t, nil, "", "task=hard&seed=1")
	normal.do(chromedp.EmulateViewport(1280, 900))
	normal.wait(`(diffstructPage.stats().graph || {}).style && diffstructPage.stats().graph.labels.length > 0`, 15*time.Second)
	normal.settled()
	small := normal.labelHeight()

	p := openPage(t, nil, "", "task=hard&seed=1&big=1")
	p.do(chromedp.EmulateViewport(1280, 900))
	p.wait(`document.documentElement.classList.contains('big') && ((diffstructPage.stats().graph || {}).style || {}).zoom === 1.5`, 15*time.Second)
	p.wait(`diffstructPage.stats().graph.labels.length > 0`, 10*time.Second)
	p.settled()
	big := p.labelHeight()
	if big < 1.35*small {
		t.Errorf("projector mode: labels %.1f px tall, normal %.1f px: want about 1.5 times", big, small)
	}
	if fs := eval[string](p, `getComputedStyle(document.documentElement).fontSize`); fs != "20px" {
		t.Errorf("projector mode: the page's text is %s, want 20px", fs)
	}
	if pressed := eval[string](p, `document.getElementById('big-on').getAttribute('aria-pressed')`); pressed != "true" {
		t.Errorf("projector button aria-pressed %q, want true", pressed)
	}
	if link := eval[string](p, `document.getElementById('link').value`); !strings.Contains(link, "big=1") {
		t.Errorf("the share link %q lost big=1", link)
	}
	p.shot("projector-view")
	p.fullShot("projector-page")
	p.do(clickID("big-on"))
	p.wait(`!document.documentElement.classList.contains('big') && diffstructPage.stats().graph.style.zoom === 1`, 10*time.Second)
	if link := eval[string](p, `document.getElementById('link').value`); strings.Contains(link, "big=") {
		t.Errorf("projector mode off, the share link %q still has the key", link)
	}
}

// TestHighContrast checks the contrast key and the browser's
// prefers-contrast: more each give the view's Go high-contrast theme, and
// the page follows it.
func TestHighContrast(t *testing.T) {
	parallel(t)
	p := openPage(t, nil, "", "task=hard&seed=1&contrast=1")
	p.do(chromedp.EmulateViewport(1280, 900))
	p.wait(`document.documentElement.classList.contains('contrast') && ((diffstructPage.stats().graph || {}).style || {}).name === 'contrast'`, 15*time.Second)
	p.settled()
	if bg := eval[string](p, `getComputedStyle(document.documentElement).backgroundColor`); bg != "rgb(0, 0, 0)" {
		t.Errorf("high contrast: the page's background %s, want black", bg)
	}
	px := countPixels(p.shot("contrast-view"))
	if px.drawn == 0 {
		t.Error("high contrast: the view drew nothing")
	}
	p.fullShot("contrast-page")

	q := openPage(t, nil, "", "task=hard&seed=1")
	q.emulateMedia(&emulation.MediaFeature{Name: "prefers-contrast", Value: "more"})
	q.wait(`document.documentElement.classList.contains('contrast') && ((diffstructPage.stats().graph || {}).style || {}).name === 'contrast'`, 15*time.Second)
	if link := eval[string](q, `document.getElementById('link').value`); strings.Contains(link, "contrast=") {
		t.Errorf("the browser's wish is not the link's: %q", link)
	}
}

// TestReducedMotion checks prefers-reduced-motion reaches the view's Go,
// which stops animating, and the page's own animations stop too.
func TestReducedMotion(t *testing.T) {
	parallel(t)
	p := openPage(t, nil, "", "task=hard&seed=1&speed=max&play=1&stop=300")
	p.do(chromedp.EmulateViewport(1280, 900))
	p.emulateMedia(&emulation.MediaFeature{Name: "prefers-reduced-motion", Value: "reduce"})
	p.wait(`document.documentElement.classList.contains('still') && ((diffstructPage.stats().graph || {}).style || {}).motion === false`, 15*time.Second)
	p.wait(`diffstructPage.stats().graph.cycle >= 300`, 60*time.Second)
	p.settled()
	if a := eval[string](p, `(() => { const t = document.getElementById('tour'); t.hidden = false; t.classList.add('waiting');
		const s = getComputedStyle(t.querySelector('.tour-event'), '::after').animationName; t.hidden = true; t.classList.remove('waiting'); return s })()`); a != "none" {
		t.Errorf("reduced motion: the tour's dot still blinks (%s)", a)
	}
	p.shot("reduced-motion-view")
	p.fullShot("reduced-motion-page")
}

// TestFocusVisible tabs through the page: every control it reaches shows a
// focus ring, and the order follows the page (Play, Step, Reset in a row,
// the view's controls before the panel's).
func TestFocusVisible(t *testing.T) {
	parallel(t)
	p := openPage(t, nil, "", "task=hard&seed=1")
	p.do(chromedp.EmulateViewport(1280, 900))
	p.settled()
	var order []string
	for i := 0; i < 40; i++ {
		p.do(chromedp.KeyEvent("\t"))
		got := eval[map[string]any](p, `(() => { const e = document.activeElement; if (!e || e === document.body) return {id: ''};
			const s = getComputedStyle(e); return {id: e.id || e.tagName.toLowerCase(), outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
			visible: !!(e.offsetWidth || e.offsetHeight)} })()`)
		id, _ := got["id"].(string)
		if id == "" {
			continue
		}
		order = append(order, id)
		if w, _ := got["width"].(float64); got["outline"] == "none" || w < 2 {
			t.Errorf("%s has the focus but no visible ring (outline %v %vpx)", id, got["outline"], got["width"])
		}
		if v, _ := got["visible"].(bool); !v {
			t.Errorf("the focus went to %s, which is not shown", id)
		}
	}
	t.Logf("tab order: %s", strings.Join(order, " "))
	at := func(id string) int {
		for i, x := range order {
			if x == id {
				return i
			}
		}
		return -1
	}
	play, step, reset, timeline := at("play"), at("step"), at("reset"), at("timeline")
	if play < 0 || step != play+1 || reset != step+1 {
		t.Errorf("tab order: play %d, step %d, reset %d: want three in a row", play, step, reset)
	}
	if timeline > play { // the slider takes the focus once there is a past to rewind to
		t.Errorf("tab order: the rewind slider at %d, Play at %d: want the view's controls first", timeline, play)
	}
}

// TestProjectorLabelsDoNotOverlap opens projector mode on both model
// families, on a laptop's screen and a phone's, and checks the view's
// labels (1.5 times larger) stay inside the canvas and off each other.
func TestProjectorLabelsDoNotOverlap(t *testing.T) {
	parallel(t)
	for _, c := range []struct {
		name, fragment string
		w, h           int64
	}{
		{"sequence", "task=hard&seed=2&speed=max&play=1&stop=1500&big=1", 1280, 900},
		{"sequence-phone", "task=hard&seed=2&speed=max&play=1&stop=1500&big=1", 390, 844},
		{"ff", "model=ff&data=spiral&seed=2&speed=max&play=1&stop=800&big=1", 1280, 900},
		{"race", "race=10,37&task=hard&speed=max&play=1&stop=600&big=1", 1280, 900},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := openPage(t, nil, "", c.fragment)
			p.do(chromedp.EmulateViewport(c.w, c.h))
			p.wait(`((diffstructPage.stats().graph || {}).style || {}).zoom === 1.5`, 15*time.Second)
			p.wait(`diffstructPage.stats().status.stopped`, 90*time.Second)
			p.settled()
			time.Sleep(1500 * time.Millisecond) // births and deaths finish animating
			var labels []viewLabel
			json.Unmarshal([]byte(eval[string](p, `JSON.stringify(diffstructPage.stats().graph.labels.filter((l) => l.role !== 'tooltip'))`)), &labels)
			box := eval[map[string]float64](p, `(() => { const r = document.getElementById('graph').getBoundingClientRect(); return {w: r.width, h: r.height} })()`)
			if len(labels) == 0 {
				t.Fatal("no labels drawn")
			}
			for i, a := range labels {
				if a.X < -0.5 || a.Y < -0.5 || a.X+a.W > box["w"]+0.5 || a.Y+a.H > box["h"]+0.5 {
					t.Errorf("%q %v crosses the canvas's edges (%.0fx%.0f)", a.Text, [4]float64{a.X, a.Y, a.W, a.H}, box["w"], box["h"])
				}
				for _, b := range labels[i+1:] {
					// Boxes are the font's full line height: let them touch
					// by a quarter of it, which the glyphs do not reach.
					ox := math.Min(a.X+a.W, b.X+b.W) - math.Max(a.X, b.X)
					oy := math.Min(a.Y+a.H, b.Y+b.H) - math.Max(a.Y, b.Y)
					if ox > 1 && oy > 0.25*math.Min(a.H, b.H) {
						t.Errorf("%q and %q overlap by %.0f x %.0f px", a.Text, b.Text, ox, oy)
					}
				}
			}
			t.Logf("%d labels checked", len(labels))
			if sw := eval[float64](p, `document.documentElement.scrollWidth`); sw > float64(c.w)+1 {
				t.Errorf("projector mode: the page is %.0f px wide on a %d px screen", sw, c.w)
			}
			p.shot("projector-" + c.name + "-view")
			p.fullShot("projector-" + c.name + "-page")
		})
	}
}
