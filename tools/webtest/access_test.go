package webtest

import (
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
