package webtest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// TestBrowserFFInspector: on the 2-D page, clicking a neuron's tile opens
// the inspector on it (session.Layered.Inspect): its id, the rule's formula
// filled in with a strength that is the hover box's (the snapshot's
// digits), its layer's gain and its own heat map; the keyboard opens it
// and steps through the neurons; the same at 390x780.
func TestBrowserFFInspector(t *testing.T) {
	parallel(t)
	for _, vp := range [][2]int64{{1280, 900}, {390, 780}} {
		name := fmt.Sprintf("%dx%d", vp[0], vp[1])
		t.Run(name, func(t *testing.T) {
			p := openPage(t, nil, "", "model=ff&data=circle&seed=1&speed=max&play=1&stop=600")
			p.do(chromedp.EmulateViewport(vp[0], vp[1]))
			p.wait(`(() => { const s = diffstructPage.stats().status; return s.kind === 'ff' && s.cycle === 600 && !s.playing })()`, 60*time.Second)
			time.Sleep(700 * time.Millisecond) // the view settles at its size
			opened := false
			for _, sp := range p.spots() {
				p.do(chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, sp.X, sp.Y))
				time.Sleep(150 * time.Millisecond)
				tip := eval[string](p, `(diffstructPage.stats().graph.labels.filter((l) => l.role === 'tooltip').map((l) => l.text).join('\n'))`)
				if !strings.Contains(tip, fmt.Sprintf("neuron #%d ", sp.ID)) {
					continue
				}
				p.do(chromedp.MouseClickXY(sp.X, sp.Y))
				p.wait(`!document.getElementById('inspector').hidden && (diffstructPage.inspector() || {}).id === `+fmt.Sprint(sp.ID), 5*time.Second)
				in := p.inspection()
				if !in.Known || !in.Alive || in.Cycle != 600 {
					t.Fatalf("inspector after clicking neuron #%d: %+v", sp.ID, in)
				}
				if !strings.Contains(tip, "strength "+in.Strength+" ") {
					t.Errorf("the hover box says %q, the inspector's strength is %s", tip, in.Strength)
				}
				if title := p.text("insp-title"); !strings.Contains(title, fmt.Sprintf("#%d", sp.ID)) {
					t.Errorf("the panel's title %q does not name #%d", title, sp.ID)
				}
				if shown := p.text("insp-filled"); !strings.HasPrefix(shown, "strength = (|") || !strings.Contains(shown, "= "+in.Strength+" ") || !strings.Contains(shown, "T_D 0.05") {
					t.Errorf("the panel's formula %q does not give the strength %s against T_D", shown, in.Strength)
				}
				for _, id := range []string{"insp-ff-facts", "insp-ff-gain"} {
					if p.text(id) == "" {
						t.Errorf("#%s is empty", id)
					}
				}
				if !eval[bool](p, `!document.getElementById('insp-ff').hidden && !document.getElementById('insp-ff-mapfig').hidden && document.getElementById('insp-ff-map').width === 32`) {
					t.Error("the neuron's heat map is not shown")
				}
				if n := eval[int](p, `document.getElementById('insp-story').children.length`); n == 0 {
					t.Error("no story")
				}
				opened = true
				break
			}
			if !opened {
				t.Fatal("no neuron tile could be hovered and clicked")
			}
			p.fullShot("ff-inspector-" + name)
			p.do(chromedp.KeyEvent("\x1b"))
			p.wait(`document.getElementById('inspector').hidden`, 3*time.Second)
			p.do(chromedp.KeyEvent("n"))
			p.wait(`!document.getElementById('inspector').hidden && (diffstructPage.inspector() || {}).known`, 5*time.Second)
			first := p.inspection()
			p.do(chromedp.KeyEvent("]"))
			p.wait(fmt.Sprintf(`(diffstructPage.inspector() || {}).id === %d`, first.Next), 5*time.Second)
		})
	}
}
