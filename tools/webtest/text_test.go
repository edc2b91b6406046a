package webtest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/diffstruct/diffstruct/wasm/session"
)

// awkwardText holds every character a link would escape or cut: '&', '+',
// '%', '=', '#', '?', a newline, a tab, quotes and symbols beyond ASCII.
const awkwardText = "fish & chips, 100% a+b = c#d?e\n\t\"it's\" caf\u00e9 \u03bb\u2192\u2200 \U0001F41F\n"

// TestBrowserPastedTextSurvives pastes a text full of link-special
// characters into the custom task as a user does, trains on it, copies the
// link and opens it in a fresh tab: the same text and the same fingerprint
// come back, the exported network file carries the text exactly, and the
// run is the one Go computes natively from the same text.
func TestBrowserPastedTextSurvives(t *testing.T) {
	parallel(t)
	const stop = 60
	p := openPage(t, nil, "", fmt.Sprintf("seed=7&stop=%d", stop))
	p.choose("task", "custom")
	p.wait(`!document.getElementById('custom-box').hidden`, 5*time.Second)
	// As a paste does: the value changes at once, with one input event.
	eval[bool](p, `(() => { const el = document.getElementById('text'); el.focus(); el.value = `+jsString(awkwardText)+`;
		el.dispatchEvent(new Event('input', {bubbles: true})); return true })()`)
	p.do(clickID("use-text"))
	p.wait(`diffstructPage.stats().status.phase === 'custom'`, 10*time.Second)
	p.settled()
	if msgs := p.text("messages"); msgs != "" {
		t.Fatalf("the pasted text was refused: %q", msgs)
	}
	p.do(clickID("play"))
	p.wait(fmt.Sprintf(`(() => { const s = diffstructPage.stats().status; return s.cycle === %d && !s.playing })()`, stop), 60*time.Second)
	p.settled()
	digest := pageStats[string](p, `status.digest`)

	// The run is Go's run on exactly that text.
	native, probs := session.New(fmt.Sprintf("seed=7&stop=%d", stop))
	probs = append(probs, native.Set("text", awkwardText)...)
	probs = append(probs, native.Set("task", "custom")...)
	if len(probs) != 0 {
		t.Fatalf("natively: %v", probs)
	}
	for native.Cycle() < stop {
		native.Step()
	}
	if want := fmt.Sprintf("%016x", native.Observe(0).Digest); digest != want {
		t.Fatalf("page fingerprint %s after %d cycles, natively %s", digest, stop, want)
	}

	// The link brings back the same text and the same run.
	p.do(clickID("copy"))
	p.wait(`document.getElementById('link').value.includes('#')`, 5*time.Second)
	link := eval[string](p, `document.getElementById('link').value`)
	base, fragment, ok := strings.Cut(link, "#")
	if !ok || base != server.URL+subPath {
		t.Fatalf("bad link %q", link)
	}
	t.Logf("copied link: %s", link)
	q := openPage(t, nil, "", fragment) // as escaped in the link, as a browser keeps it
	q.settled()
	if !pageStats[bool](q, `status.playing`) && pageStats[int](q, `status.cycle`) < stop {
		q.do(clickID("play"))
	}
	q.wait(fmt.Sprintf(`(() => { const s = diffstructPage.stats().status; return s.cycle === %d && !s.playing })()`, stop), 60*time.Second)
	q.settled()
	if got := eval[string](q, `document.getElementById('text').value`); got != awkwardText {
		t.Errorf("the fresh tab's text is %q, want %q", got, awkwardText)
	}
	if got := pageStats[string](q, `status.digest`); got != digest {
		t.Errorf("the fresh tab's fingerprint is %s, the first tab's %s", got, digest)
	}
	if msgs := q.text("messages"); strings.Contains(msgs, "link key") {
		t.Errorf("the copied link has problems: %q", msgs)
	}
	q.fullShot("pasted-text-fresh-tab")
	footer := q.text("fingerprint")
	if !strings.Contains(footer, digest) {
		t.Errorf("footer %q does not show fingerprint %s", footer, digest)
	}

	// The exported network file carries the text exactly.
	var file struct {
		Config struct {
			Task struct {
				Text string `json:"text"`
			} `json:"task"`
		} `json:"config"`
	}
	text, _ := download(q, "export-json")["text"].(string)
	if err := json.Unmarshal([]byte(text), &file); err != nil {
		t.Fatalf("exported file: %v: %.200s", err, text)
	}
	if file.Config.Task.Text != awkwardText {
		t.Errorf("the exported file's text is %q, want %q", file.Config.Task.Text, awkwardText)
	}
}
