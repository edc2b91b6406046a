package webtest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// inspection is what the page's inspector shows (session.Inspection).
type inspection struct {
	ID       int64  `json:"id"`
	Known    bool   `json:"known"`
	Alive    bool   `json:"alive"`
	Cycle    int    `json:"cycle"`
	Filled   string `json:"filled"`
	Strength string `json:"strength"`
	Past     bool   `json:"past"`
	Born     int    `json:"born"`
	Story    []string
	Death    *struct{ Cycle int } `json:"death"`
	Next     int64                `json:"next"`
}

func (p *page) inspection() inspection {
	p.t.Helper()
	var in inspection
	json.Unmarshal([]byte(eval[string](p, `JSON.stringify(diffstructPage.inspector() || {})`)), &in)
	return in
}

// spot is a neuron's centre in page CSS pixels.
type spot struct {
	ID   int64
	X, Y float64
}

func (p *page) spots() []spot {
	p.t.Helper()
	var out []spot
	js := `(() => { const f = document.getElementById('graph'), c = f.contentDocument.querySelector('canvas');
		const a = f.getBoundingClientRect(), r = c.getBoundingClientRect();
		const cell = f.contentWindow.diffstructGraph.stats().cells[0];
		return JSON.stringify(cell.spots.map((s) => ({id: s.id, x: a.left + r.left + s.x, y: a.top + r.top + s.y}))) })()`
	json.Unmarshal([]byte(eval[string](p, js)), &out)
	return out
}

// TestBrowserInspector: clicking a neuron opens the inspector on it, whose
// filled-in formula ends with the strength the hover box prints (the same
// digits); the keyboard opens it and moves through the neurons; a neuron
// deleted while its panel is open is explained with that cycle's numbers;
// the same at 390x780.
func TestBrowserInspector(t *testing.T) {
	parallel(t)
	for _, vp := range [][2]int64{{1280, 900}, {390, 780}} {
		name := fmt.Sprintf("%dx%d", vp[0], vp[1])
		t.Run(name, func(t *testing.T) {
			p := openPage(t, nil, "", "task=hard&seed=2&speed=max&play=1&stop=1500")
			p.do(chromedp.EmulateViewport(vp[0], vp[1]))
			p.wait(`diffstructPage.stats().status.cycle === 1500 && !diffstructPage.stats().status.playing`, 60*time.Second)
			time.Sleep(700 * time.Millisecond) // the view settles at its size
			// Click a neuron: the hover box and the inspector name it.
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
				if !in.Known || !in.Alive || in.Cycle != 1500 {
					t.Fatalf("inspector after clicking neuron #%d: %+v", sp.ID, in)
				}
				if !strings.Contains(tip, "strength "+in.Strength+" ") {
					t.Errorf("the hover box says %q, the inspector's result is %s", tip, in.Strength)
				}
				if shown := p.text("insp-filled"); !strings.HasSuffix(shown, "= "+in.Strength) {
					t.Errorf("the panel's formula %q does not end with the strength %s", shown, in.Strength)
				}
				opened = true
				break
			}
			if !opened {
				t.Fatal("no neuron could be hovered and clicked")
			}
			p.fullShot("inspector-" + name + "-paused")
			// The keyboard: Escape closes, N opens, ] moves to the next.
			p.do(chromedp.KeyEvent("\x1b"))
			p.wait(`document.getElementById('inspector').hidden`, 3*time.Second)
			p.do(chromedp.KeyEvent("n"))
			p.wait(`!document.getElementById('inspector').hidden && (diffstructPage.inspector() || {}).known`, 5*time.Second)
			first := p.inspection()
			p.do(chromedp.KeyEvent("]"))
			p.wait(fmt.Sprintf(`(diffstructPage.inspector() || {}).id === %d`, first.Next), 5*time.Second)
			// Play on until the inspected neuron dies (the reserve's turn
			// over): follow the weakest, which is the likeliest to go.
			p.do(chromedp.KeyEvent("\x1b"))
			eval[bool](p, `(() => { diffstructPage.stats(); return true })()`)
			p.wait(`document.getElementById('inspector').hidden`, 3*time.Second)
			deadline := time.Now().Add(40 * time.Second)
			p.do(clickID("play"))
			var dead inspection
			for time.Now().Before(deadline) && dead.Death == nil {
				hollow := eval[[]int64](p, `document.getElementById('graph').contentWindow.diffstructGraph.stats().cells[0].hollow`)
				if len(hollow) > 0 && eval[string](p, `document.getElementById('inspector').hidden ? 'closed' : 'open'`) == "closed" {
					eval[bool](p, fmt.Sprintf(`(() => { window.diffstructPick(0, %d); return true })()`, hollow[0]))
				}
				time.Sleep(200 * time.Millisecond)
				in := p.inspection()
				if in.Death != nil {
					dead = in
				} else if in.Known && !in.Alive {
					dead = in
				} else if in.Known && in.Alive && len(hollow) > 0 && in.ID != hollow[0] {
					p.do(chromedp.KeyEvent("\x1b"))
				}
			}
			if dead.Death == nil {
				t.Fatalf("no reserve neuron died within 40 s with its panel open (last: %+v)", p.inspection())
			}
			p.wait(`document.getElementById('inspector').classList.contains('dead')`, 3*time.Second)
			story := p.text("insp-story")
			for _, want := range []string{fmt.Sprintf("Deleted at cycle %d", dead.Death.Cycle), "< T_D", "P_del"} {
				if !strings.Contains(story, want) {
					t.Errorf("the deleted neuron's story %q lacks %q", story, want)
				}
			}
			p.do(clickID("play")) // pause, for a still picture
			p.fullShot("inspector-" + name + "-deleted")
			// Rewound to a cycle of its life, the panel tells it alive then.
			mid := (dead.Born + dead.Death.Cycle) / 2
			scrubTo(p, mid)
			p.wait(`(diffstructPage.inspector() || {}).past === true`, 10*time.Second)
			then := p.inspection()
			if !then.Alive || then.Death != nil || then.ID != dead.ID || !strings.Contains(p.text("insp-state"), "rewound to cycle") {
				t.Errorf("rewound to cycle %d (born %d, deleted %d): %+v, header %q", mid, dead.Born, dead.Death.Cycle, then, p.text("insp-state"))
			}
			p.fullShot("inspector-" + name + "-rewound")
		})
	}
}
