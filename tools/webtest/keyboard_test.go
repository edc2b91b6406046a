package webtest

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// key presses keys as a keyboard does (input.dispatchKeyEvent, to the
// element with the focus); no pointer event ever reaches the page.
func (p *page) key(keys string) {
	p.t.Helper()
	p.do(chromedp.KeyEvent(keys))
}

// keyDownUp presses a key as keyDown and keyUp only. chromedp sends a
// printable key's character as an event of its own, which the page's
// preventDefault on the keydown cannot cancel as it cancels a real
// keyboard's: Enter on the drawing opens the inspector and moves the focus
// to its close button, which that character would then press.
func (p *page) keyDownUp(keys string) {
	p.t.Helper()
	p.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, r := range keys {
			for _, k := range kb.Encode(r) {
				if k.Type == kb.KeyChar {
					continue
				}
				if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, *k); err != nil {
					return err
				}
			}
		}
		return nil
	}))
}

// active returns the id (or the tag name) of the element with the focus.
func (p *page) active() string {
	return eval[string](p, `(() => { const a = document.activeElement; return a ? a.id || a.tagName : '' })()`)
}

// tabTo presses Tab until the element id has the focus.
func (p *page) tabTo(id string) {
	p.t.Helper()
	var seen []string
	for range 80 {
		if a := p.active(); a == id {
			return
		} else {
			seen = append(seen, a)
		}
		p.key(kb.Tab)
	}
	p.t.Fatalf("Tab never reached #%s; it went through %v", id, seen)
}

// focusID returns the neuron the view's focus ring is on (-1: none).
func (p *page) focusID() int64 {
	return eval[int64](p, `document.getElementById('graph').contentWindow.diffstructGraph.stats().focus`)
}

// ringIDs returns the main network's living neurons in ring order.
func (p *page) ringIDs() []int64 {
	var ids []int64
	for _, s := range p.spots() {
		ids = append(ids, s.ID)
	}
	slices.Sort(ids)
	return ids
}

// cyan counts the focus ring's pixels (scene.FocusRing) in a screenshot.
func cyan(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 < 170 && g>>8 > 200 && bl>>8 > 220 {
				n++
			}
		}
	}
	return n
}

// TestKeyboardOnly uses the page with the keyboard alone: start training,
// Tab to the drawing, walk the neurons with the arrows (the view rings
// each and the page says which), open the inspector on one with Enter and
// close it with Escape (the focus comes back to the drawing), change the
// task from its menu, and copy the share link with its button.
func TestKeyboardOnly(t *testing.T) {
	parallel(t)
	p := openPage(t, nil, "", "task=hard&seed=2&speed=lesson")
	p.wait(`diffstructPage.stats().graph && diffstructPage.stats().graph.cells.length > 0`, 20*time.Second)
	if st := p.active(); st != "BODY" {
		t.Fatalf("the page starts with the focus on %s", st)
	}
	// Start training: Space plays.
	p.key(" ")
	p.wait(`diffstructPage.stats().status.playing && diffstructPage.stats().status.neurons >= 3`, 60*time.Second)
	p.key(" ") // pause, so that the ring holds still while it is walked
	p.wait(`!diffstructPage.stats().status.playing`, 5*time.Second)
	p.settled()

	// Tab to the drawing: the ring comes on its first neuron, announced.
	p.tabTo("graph-box")
	p.wait(`document.getElementById('graph-focus-say').textContent.startsWith('Neuron ')`, 5*time.Second)
	ids := p.ringIDs()
	if got := p.focusID(); got != ids[0] {
		t.Fatalf("focused on the drawing, the ring is on %d, want the first neuron %d (ring %v)", got, ids[0], ids)
	}
	if say := p.text("graph-focus-say"); !strings.HasPrefix(say, fmt.Sprintf("Neuron %d, 1 of %d: strength ", ids[0], len(ids))) ||
		!strings.Contains(say, "born at cycle") {
		t.Errorf("the focused neuron is announced as %q", say)
	}
	if d := eval[string](p, `document.getElementById('graph-box').getAttribute('aria-describedby')`); d != "graph-summary" ||
		!strings.Contains(p.text("graph-summary"), fmt.Sprintf("%d neurons", len(ids))) {
		t.Errorf("the drawing's description (%q) is %q", d, p.text("graph-summary"))
	}
	// The arrows walk the ring in order, wrapping; the page says each.
	p.key(kb.ArrowRight)
	p.wait(fmt.Sprintf(`document.getElementById('graph-box').dataset.focusId === '%d'`, ids[1]), 5*time.Second)
	p.key(kb.ArrowLeft + kb.ArrowLeft)
	last := ids[len(ids)-1]
	p.wait(fmt.Sprintf(`document.getElementById('graph-box').dataset.focusId === '%d'`, last), 5*time.Second)
	if got := p.focusID(); got != last {
		t.Errorf("left twice from the second neuron: the view's ring is on %d, want the last, %d", got, last)
	}
	if say := p.text("graph-focus-say"); !strings.HasPrefix(say, fmt.Sprintf("Neuron %d, %d of %d", last, len(ids), len(ids))) {
		t.Errorf("announced %q for neuron %d", say, last)
	}
	if c := diffstructCycle(p); c != eval[int](p, `diffstructPage.stats().status.cycle`) {
		t.Errorf("the right arrow on the drawing stepped the run (cycle %d)", c)
	}
	time.Sleep(300 * time.Millisecond) // a frame with the ring
	img := p.shot("keyboard-focus")
	p.fullShot("keyboard-focus-page")
	if n := cyan(img); n < 30 {
		t.Errorf("the focus ring is not drawn: %d cyan pixels", n)
	}

	// Enter opens the inspector on it; Escape closes it and gives the
	// focus back to the drawing, its ring still on the neuron.
	p.keyDownUp(kb.Enter)
	p.wait(fmt.Sprintf(`!document.getElementById('inspector').hidden && (diffstructPage.inspector() || {}).id === %d`, last), 5*time.Second)
	if a := p.active(); a != "insp-close" {
		t.Errorf("the inspector opened by keyboard has the focus on %s, want its close button", a)
	}
	time.Sleep(400 * time.Millisecond)
	p.fullShot("keyboard-inspector")
	p.key(kb.Escape)
	p.wait(`document.getElementById('inspector').hidden`, 3*time.Second)
	if a := p.active(); a != "graph-box" {
		t.Errorf("after Escape the focus is on %s, want the drawing", a)
	}
	if got := p.focusID(); got != last {
		t.Errorf("after the inspector, the ring is on %d, want %d", got, last)
	}

	// The task, from its menu: Tab to it, the down arrow picks the next.
	before := eval[string](p, `diffstructPage.stats().status.task`)
	p.tabTo("task")
	p.key(kb.ArrowDown)
	p.wait(fmt.Sprintf(`diffstructPage.stats().status.task !== %q && diffstructPage.stats().status.task === document.getElementById('task').value`, before), 5*time.Second)
	task := eval[string](p, `diffstructPage.stats().status.task`)
	p.wait(fmt.Sprintf(`document.getElementById('narration').textContent.includes('Task now %s')`, task), 5*time.Second)

	// The share link: Tab to Copy link, Enter. The box holds the link, the
	// clipboard too, and the page says it was copied.
	grantClipboard(t, p)
	var link, clip string
	// The clipboard is the whole browser's, and two other tests copy their
	// links while this one may run: a copy they overwrite is pressed again.
	for try := 0; try < 3 && (clip == "" || clip != link); try++ {
		p.tabTo("copy")
		p.key(kb.Enter)
		p.wait(`[...document.querySelectorAll('#messages [data-key=copy]')].length === 1`, 5*time.Second)
		link = eval[string](p, `document.getElementById('link').value`)
		var err error
		if clip, err = chromedp.Run(p.ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise)); err != nil {
			t.Fatalf("reading the clipboard: %v", err)
		}
	}
	if clip != link {
		t.Errorf("the clipboard holds %q, want the link %q", clip, link)
	}
	if want := eval[string](p, `location.href`); link != want || !strings.Contains(link, task) {
		t.Errorf("the share link %q, want %q naming %s", link, want, task)
	}
	if msg := p.text("messages"); !strings.Contains(msg, "Link copied") {
		t.Errorf("after Copy link the page says %q", msg)
	}
	if eval[bool](p, `(() => { const l = document.getElementById('link'); return l.selectionStart !== 0 || l.selectionEnd !== l.value.length })()`) {
		t.Error("the link box's text is not selected after Copy link")
	}
	if errs := p.consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// grantClipboard lets the test's page read the clipboard (writing it
// needs only the key press's user activation).
func grantClipboard(t *testing.T, p *page) {
	t.Helper()
	b := chromedp.FromContext(p.ctx).Browser
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := cdp.Call(p.ctx, b, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
			Permission: &cdpbrowser.PermissionDescriptor{Name: name}, Setting: cdpbrowser.PermissionSettingGranted, Origin: server.URL,
		}); err != nil {
			t.Fatalf("grant %s: %v", name, err)
		}
	}
}

// diffstructCycle returns the cycle the view draws.
func diffstructCycle(p *page) int {
	return eval[int](p, `document.getElementById('graph').contentWindow.diffstructGraph.cycle()`)
}

// told is the live region at one of its changes, with what the page's
// counters showed at that moment.
type told struct {
	Text    string `json:"text"`
	Neurons string `json:"neurons"` // the count the speech states (its data-neurons)
	Counter string `json:"counter"` // the neurons counter shown
	Status  int    `json:"status"`  // the status shown's neuron count (Go's observation)
}

// nowRe finds the count a birth sentence ends with: "9 neurons now." or,
// for the 2-D network, "now 4 neurons in 2 layers: 3 and 1."
var nowRe = regexp.MustCompile(`(?:; (\d+) neurons? now\.|; now (\d+) neurons? in )`)

// TestNarrationOnBirth: at the lesson pace the live region tells the first
// births as they happen, and the neuron count it states is the one the
// counter shows and the status (Go's observation) has, for both families.
func TestNarrationOnBirth(t *testing.T) {
	parallel(t)
	for _, c := range []struct{ name, link, counter string }{
		{"sequence", "task=hard&seed=2&speed=lesson&play=1", "neurons"},
		{"ff", "model=ff&data=circle&seed=1&speed=lesson&play=1", "ff-neurons"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := openPage(t, nil, "", c.link)
			eval[bool](p, fmt.Sprintf(`(() => { window.told = []; const r = document.getElementById('narration');
				new MutationObserver(() => told.push({text: r.textContent, neurons: r.dataset.neurons || '',
					counter: document.getElementById(%q).textContent, status: diffstructPage.stats().status.neurons}))
					.observe(r, {childList: true, characterData: true, subtree: true}); return true })()`, c.counter))
			p.wait(`told.some((x) => x.text.includes(' born '))`, 60*time.Second)
			var list []told
			json.Unmarshal([]byte(eval[string](p, `JSON.stringify(told)`)), &list)
			for _, x := range list {
				if !strings.Contains(x.Text, " born ") {
					continue
				}
				m := nowRe.FindStringSubmatch(x.Text)
				if m == nil {
					t.Fatalf("the birth sentence %q states no count", x.Text)
				}
				count := m[1] + m[2]
				said, _ := strconv.Atoi(count)
				shown := x.Counter
				if i := strings.LastIndex(shown, "("); i >= 0 { // ff: "3 · 1 (4)"
					shown = strings.Trim(shown[i:], "()")
				}
				if x.Neurons != count || shown != count || x.Status != said {
					t.Errorf("the region says %q (data %s); the counter shows %q, the status %d", x.Text, x.Neurons, x.Counter, x.Status)
				}
				t.Logf("told %q with the counter at %q", x.Text, x.Counter)
				break
			}
			if c.name != "ff" {
				return
			}
			// The 2-D network by keyboard: the ring goes layer by layer.
			p.key(" ") // pause
			p.wait(`!diffstructPage.stats().status.playing`, 5*time.Second)
			p.tabTo("graph-box")
			p.wait(`document.getElementById('graph-focus-say').textContent.startsWith('Neuron ')`, 5*time.Second)
			if say := p.text("graph-focus-say"); !strings.Contains(say, ", layer 1, 1 of ") {
				t.Errorf("the first neuron of a 2-D network is announced as %q", say)
			}
			p.key(kb.ArrowRight)
			time.Sleep(400 * time.Millisecond)
			widths := eval[[]int](p, `diffstructPage.stats().status.ff.widths`)
			if say := p.text("graph-focus-say"); len(widths) > 1 && !strings.Contains(say, ", layer 2, 1 of ") {
				t.Errorf("right from layer 1 of %v: %q", widths, say)
			}
			p.shot("keyboard-focus-ff")
		})
	}
}
