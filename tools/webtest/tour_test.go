package webtest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/diffstruct/diffstruct/wasm/tour"
)

// tourShown is one moment of the tour as the page shows it: the card Go
// wrote, the text on the page, the status and the view's picture, and the
// boxes of the card and of its target.
type tourShown struct {
	Card   tour.Card `json:"card"`
	Text   string    `json:"text"`
	Status struct {
		Cycle   int     `json:"cycle"`
		Neurons int     `json:"neurons"`
		Reserve int     `json:"reserve"`
		Born    int     `json:"born"`
		Died    int     `json:"died"`
		Playing bool    `json:"playing"`
		Loss    float64 `json:"loss"`
		Task    string  `json:"task"`
	} `json:"status"`
	View struct {
		Cycle   int     `json:"cycle"`
		Neurons int     `json:"neurons"`
		Hollow  []int64 `json:"hollow"`
		Solid   []int64 `json:"solid"`
	} `json:"view"`
	Counter  int        `json:"counter"` // the neurons counter on the page
	CardBox  [4]float64 `json:"cardBox"` // left, top, right, bottom (CSS px, viewport)
	Target   [4]float64 `json:"target"`
	Marked   bool       `json:"marked"` // the target carries the tour's outline
	Viewport [2]float64 `json:"viewport"`
}

// tourNow reads what the page shows once the view draws the status's cycle
// (the card, the status and the picture then describe the same moment).
const tourNow = `(() => {
	const s = diffstructPage.stats(), st = s.status, c = st && st.tour;
	const cell = s.graph && s.graph.cells && s.graph.cells[0];
	const box = (r) => [r.left, r.top, r.right, r.bottom];
	const el = c && document.querySelector(c.target);
	// A card that states the picture is read once the view draws its cycle.
	if (!c || !cell || (c.claims && cell.cycle !== st.cycle) || document.getElementById('tour').hidden || !el) return null;
	return JSON.stringify({card: c, text: document.getElementById('tour-text').textContent,
		status: st, view: cell, counter: +document.getElementById('neurons').textContent,
		cardBox: box(document.getElementById('tour').getBoundingClientRect()), target: box(el.getBoundingClientRect()),
		marked: el.classList.contains('tour-target'),
		viewport: [document.documentElement.clientWidth, window.innerHeight]});
})()`

// tourStep waits for step's card (waiting for its event, or not) and checks
// every claim of its text against the status and the view, and the card's
// place: inside the window, clear of its target.
func tourStep(t *testing.T, p *page, name string, step int, title, target string, waiting bool, timeout time.Duration) tourShown {
	t.Helper()
	p.wait(fmt.Sprintf(`(() => { const c = diffstructPage.stats().status.tour; return c && c.step === %d && c.waiting === %v })()`, step, waiting), timeout)
	p.wait(tourNow+` !== null`, 5*time.Second)
	time.Sleep(300 * time.Millisecond) // a status refresh: the card has been placed for this text
	p.wait(tourNow+` !== null`, 5*time.Second)
	var s tourShown
	if err := json.Unmarshal([]byte(eval[string](p, tourNow)), &s); err != nil {
		t.Fatal(err)
	}
	c := s.Card
	if c.Step != step || c.Title != title || c.Target != target || c.Waiting != waiting {
		t.Fatalf("step %d: %+v, want %q pointing at %s (waiting %v)", step, c, title, target, waiting)
	}
	if s.Text != c.Text {
		t.Errorf("step %d: the page shows %q, Go wrote %q", step, s.Text, c.Text)
	}
	if err := c.Check(); err != nil {
		t.Errorf("step %d: %v", step, err)
	}
	if cl := c.Claims; cl != nil {
		st, v := s.Status, s.View
		if cl.Cycle != st.Cycle || cl.Cycle != v.Cycle {
			t.Errorf("step %d talks about cycle %d; the status shows %d, the view %d", step, cl.Cycle, st.Cycle, v.Cycle)
		}
		if cl.Neurons > 0 { // the text describes the network as drawn
			if cl.Neurons != st.Neurons || cl.Neurons != v.Neurons || cl.Neurons != s.Counter {
				t.Errorf("step %d says %d neurons; status %d, view %d, counter %d", step, cl.Neurons, st.Neurons, v.Neurons, s.Counter)
			}
			if cl.Reserve != st.Reserve || cl.Reserve != len(v.Hollow) {
				t.Errorf("step %d says %d in reserve; status %d, the view draws %d hollow", step, cl.Reserve, st.Reserve, len(v.Hollow))
			}
			if !sameIDs(cl.Hollow, v.Hollow) || !sameIDs(cl.Solid, v.Solid) {
				t.Errorf("step %d says hollow %v, solid %v; the view draws hollow %v, solid %v", step, cl.Hollow, cl.Solid, v.Hollow, v.Solid)
			}
		}
		if len(cl.Born) > 0 && (st.Born != len(cl.Born) || !allIn(cl.Born, v.Hollow, v.Solid)) {
			t.Errorf("step %d says %v were just born; the status's last cycle added %d, the view draws %v and %v", step, cl.Born, st.Born, v.Hollow, v.Solid)
		}
		if len(cl.Died) > 0 && (st.Died != len(cl.Died) || anyIn(cl.Died, v.Hollow, v.Solid)) {
			t.Errorf("step %d says %v were just deleted; the status's last cycle deleted %d, the view draws %v and %v", step, cl.Died, st.Died, v.Hollow, v.Solid)
		}
		if cl.Loss != 0 && fmt.Sprintf("%.3f", cl.Loss) != fmt.Sprintf("%.3f", st.Loss) {
			t.Errorf("step %d says loss %.3f, the status %.3f", step, cl.Loss, st.Loss)
		}
	}
	cb, tb, vp := s.CardBox, s.Target, s.Viewport
	if !s.Marked {
		t.Errorf("step %d: %s is not outlined", step, target)
	}
	if cb[0] < tb[2] && cb[2] > tb[0] && cb[1] < tb[3] && cb[3] > tb[1] {
		t.Errorf("step %d: the card %v covers its target %s %v", step, cb, target, tb)
	}
	if seen := min(tb[3], vp[1]) - max(tb[1], 0); seen < min(tb[3]-tb[1], 0.6*vp[1])-1 {
		t.Errorf("step %d: its target %s %v is off screen (%.0f px of it in the window)", step, target, tb, seen)
	}
	if cb[0] < 0 || cb[1] < 0 || cb[2] > vp[0] || cb[3] > vp[1] {
		t.Errorf("step %d: the card %v is not inside the %vx%v window", step, cb, vp[0], vp[1])
	}
	if b, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot()); err == nil {
		os.WriteFile(filepath.Join(shotDir, fmt.Sprintf("tour-%s-step%d%s.png", name, step, map[bool]string{true: "-waiting"}[waiting])), b, 0o644)
	}
	t.Logf("step %d (%s) at cycle %d: card %v, target %v\n    %s\n    %s", step, map[bool]string{true: "waiting", false: "shown"}[waiting],
		s.Status.Cycle, round(cb), round(tb), c.Text, c.Event)
	return s
}

func round(b [4]float64) [4]int {
	return [4]int{int(b[0]), int(b[1]), int(b[2]), int(b[3])}
}

func sameIDs(a, b []int64) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func allIn(ids []int64, sets ...[]int64) bool {
	for _, id := range ids {
		if !anyIn([]int64{id}, sets...) {
			return false
		}
	}
	return true
}

func anyIn(ids []int64, sets ...[]int64) bool {
	for _, id := range ids {
		for _, s := range sets {
			if slices.Contains(s, id) {
				return true
			}
		}
	}
	return false
}

// press clicks a button by script: the tour's card is placed beside its
// target as the page scrolls, so a click at the coordinates the button had
// a moment before can miss it (a mouse click elsewhere, clickID, would).
func press(p *page, id string) {
	eval[bool](p, `(document.getElementById(`+"`"+id+"`"+`).click(), true)`)
}

// TestBrowserTour walks the tour at 1280x900 and at 390x780, from a link
// and from its button: at every step the claims of its text (neurons, the
// reserve, which neurons are hollow or solid, a birth, a death, the loss)
// hold for the status and the picture shown, the birth and death steps
// pause on the cycle of the event, and the card never covers what it points
// at and stays inside the window.
func TestBrowserTour(t *testing.T) {
	parallel(t)
	for _, vp := range [][2]int64{{1280, 900}, {390, 780}} {
		name := fmt.Sprintf("%dx%d", vp[0], vp[1])
		t.Run(name, func(t *testing.T) {
			p := openPage(t, nil, "", "tour=1")
			p.do(chromedp.EmulateViewport(vp[0], vp[1]))
			s := tourStep(t, p, name, 0, "One neuron", ".frame", false, 10*time.Second)
			if st := s.Status; st.Playing || st.Cycle != 0 || st.Task != "easy" || st.Neurons != 1 {
				t.Errorf("step 0 shows cycle %d, %d neurons, task %s, playing %v", st.Cycle, st.Neurons, st.Task, st.Playing)
			}
			press(p, "tour-next")
			// The birth comes after a few dozen cycles: the waiting card may
			// not be seen; the shown one must be, paused on the birth.
			s = tourStep(t, p, name, 1, "A neuron is born", ".frame", false, 60*time.Second)
			if s.Status.Playing || s.Status.Born == 0 || len(s.Card.Claims.Born) == 0 {
				t.Errorf("the birth step is not paused on a birth: %+v", s.Status)
			}
			press(p, "tour-next")
			tourStep(t, p, name, 2, "A neuron dies", ".frame", true, 10*time.Second)
			s = tourStep(t, p, name, 2, "A neuron dies", ".frame", false, 120*time.Second)
			if s.Status.Playing || s.Status.Died == 0 || len(s.Card.Claims.Died) == 0 {
				t.Errorf("the death step is not paused on a death: %+v", s.Status)
			}
			press(p, "tour-next")
			s = tourStep(t, p, name, 3, "Why it lives or dies", "#insp-main", false, 10*time.Second)
			if s.Card.Inspect < 0 {
				t.Fatalf("the inspector step names no neuron: %+v", s.Card)
			}
			p.wait(fmt.Sprintf(`!document.getElementById('inspector').hidden && (diffstructPage.inspector() || {}).id === %d`, s.Card.Inspect), 5*time.Second)
			if c := s.Card.Claims; c.Reserve > 0 && !slices.Contains(c.Hollow, s.Card.Inspect) {
				t.Errorf("the inspector step shows #%d, not the neuron in reserve %v", s.Card.Inspect, c.Hollow)
			}
			p.fullShot("tour-" + name + "-inspector")
			press(p, "tour-next")
			tourStep(t, p, name, 4, "The floor", "#loss-chart", false, 10*time.Second)
			press(p, "tour-next")
			s = tourStep(t, p, name, 5, "Now a harder task", "#neuron-chart", true, 10*time.Second)
			var base int
			if _, err := fmt.Sscanf(s.Card.Text[strings.Index(s.Card.Text, "kept the network and its ")+len("kept the network and its "):], "%d", &base); err != nil {
				t.Fatalf("step 5 does not say the size it starts from: %s", s.Card.Text)
			}
			p.choose("speed", eval[string](p, `document.getElementById('speed').max`)) // as fast as possible: a visitor may hurry it
			s = tourStep(t, p, name, 5, "Now a harder task", "#neuron-chart", false, 120*time.Second)
			if s.Status.Task != "hard" || s.Status.Neurons != base+tour.Growth || !strings.Contains(s.Card.Text, fmt.Sprintf("grew from %d to %d", base, base+tour.Growth)) {
				t.Errorf("hard step: %d neurons from %d: %s", s.Status.Neurons, base, s.Card.Text)
			}
			press(p, "tour-next") // Finish: the run goes on
			p.wait(`document.getElementById('tour').hidden && !document.querySelector('.tour-target')`, 5*time.Second)
			p.wait(`!location.hash.includes('tour=1') && diffstructPage.stats().status.playing`, 5*time.Second)
			// And from the button; Skip ends it.
			p.do(clickID("tour-start"))
			tourStep(t, p, name, 0, "One neuron", ".frame", false, 10*time.Second)
			p.do(clickID("tour-skip"))
			p.wait(`document.getElementById('tour').hidden && !document.querySelector('.tour-target')`, 5*time.Second)
			if errs := p.consoleErrors(); len(errs) > 0 {
				t.Errorf("console errors: %v", errs)
			}
		})
	}
	t.Logf("screenshots in %s", shotDir)
}
