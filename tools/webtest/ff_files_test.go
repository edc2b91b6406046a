package webtest

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/diffstruct/diffstruct/core/points"
	"github.com/diffstruct/diffstruct/wasm/session"
)

// planeClick returns the page coordinates of the plane point (x, y) on the
// view's main output map (diffstructGraph.stats().plane).
func planeClick(p *page, x, y float64) (float64, float64) {
	p.t.Helper()
	var at struct{ X, Y, Side float64 }
	js := `(() => { const f = document.getElementById('graph'), c = f.contentDocument.querySelector('canvas');
		const a = f.getBoundingClientRect(), r = c.getBoundingClientRect(), pl = f.contentWindow.diffstructGraph.stats().plane;
		return JSON.stringify({x: a.left + r.left + pl.x, y: a.top + r.top + pl.y, side: pl.side}) })()`
	if err := json.Unmarshal([]byte(eval[string](p, js)), &at); err != nil || at.Side <= 0 {
		p.t.Fatalf("the view has no output map: %+v %v", at, err)
	}
	return at.X + (x+points.Half)/(2*points.Half)*at.Side, at.Y + (points.Half-y)/(2*points.Half)*at.Side
}

// TestBrowserFeedForwardFiles exports a feed-forward run's network JSON,
// loads it into a fresh page and steps both the same number of cycles: the
// fingerprints agree. Then it places two points by clicking the output map
// (one of each class): the status counts them and the link carries them.
func TestBrowserFeedForwardFiles(t *testing.T) {
	parallel(t)
	const stop, more = 200, 20
	a := openPage(t, nil, "", fmt.Sprintf("model=ff&data=xor&seed=5&speed=max&play=1&stop=%d", stop))
	a.wait(fmt.Sprintf(`(() => { const s = diffstructPage.stats().status; return s.kind === 'ff' && s.cycle === %d && !s.playing })()`, stop), 60*time.Second)
	a.settled()
	net := download(a, "export-json")
	text, _ := net["text"].(string)
	if !strings.Contains(text, `"format": "diffstruct-ff-network"`) || !strings.Contains(text, fmt.Sprintf(`"cycle": %d`, stop)) {
		t.Fatalf("exported network %v: %.200s", net["name"], text)
	}
	digest := pageStats[string](a, `status.digest`)

	b := openPage(t, nil, "", "model=ff&data=circle&seed=1")
	b.wait(`diffstructPage.stats().status && diffstructPage.stats().status.kind === 'ff'`, 30*time.Second)
	b.settled()
	upload(b, "ff-net.json", []byte(text))
	b.wait(fmt.Sprintf(`(() => { const s = diffstructPage.stats().status; return s.cycle === %d && s.loaded === 'ff-net.json' })()`, stop), 10*time.Second)
	b.settled()
	if got := pageStats[string](b, `status.digest`); got != digest {
		t.Fatalf("loaded fingerprint %s, exported %s", got, digest)
	}
	if !strings.Contains(b.text("messages"), "Loaded ff-net.json") {
		t.Errorf("messages after loading: %q", b.text("messages"))
	}
	for _, p := range []*page{a, b} {
		for range more {
			p.do(clickID("step"))
		}
		p.wait(fmt.Sprintf(`diffstructPage.stats().status.cycle === %d`, stop+more), 10*time.Second)
		p.settled()
	}
	if da, db := pageStats[string](a, `status.digest`), pageStats[string](b, `status.digest`); da != db {
		t.Fatalf("after %d more steps: the exported run %s, the loaded one %s", more, da, db)
	}

	// A recurrent network's file on the feed-forward page: a run of that
	// family, continuing it.
	seq, _ := session.New("task=easy&seed=3")
	for range 30 {
		seq.Step()
	}
	var seqFile strings.Builder
	if err := seq.Save(&seqFile); err != nil {
		t.Fatal(err)
	}
	upload(a, "seq.json", []byte(seqFile.String()))
	a.wait(`(() => { const s = diffstructPage.stats().status; return s.kind === 'sequence' && s.cycle === 30 && s.loaded === 'seq.json' })()`, 10*time.Second)
	a.settled()
	if got, want := pageStats[string](a, `status.digest`), fmt.Sprintf("%016x", seq.Observe(0).Digest); got != want {
		t.Errorf("the sequence file loaded on the ff page: fingerprint %s, saved %s", got, want)
	}
	if got := eval[string](a, `document.body.dataset.model`); got != "sequence" {
		t.Errorf("the page shows the %q family", got)
	}

	// A bad file: refused with a notice, the run untouched.
	upload(b, "bad.json", []byte(`{"format":"diffstruct-ff-network","version":1,"config":{}}`))
	b.wait(`/Could not load bad\.json/.test(document.getElementById('messages').textContent)`, 10*time.Second)
	if got := pageStats[int](b, `status.cycle`); got != stop+more {
		t.Errorf("a bad file moved the run to cycle %d", got)
	}

	// Your points: two clicks on the map, blue then orange.
	b.choose("ff-data", "placed")
	b.wait(`(() => { const s = diffstructPage.stats().status; return s.ff.data === 'placed' && s.ff.train_points === 4 })()`, 10*time.Second)
	b.wait(`document.getElementById('graph').contentWindow.diffstructGraph.stats().plane.side > 0`, 10*time.Second)
	time.Sleep(500 * time.Millisecond) // the view lays out the new run
	clicks := []struct {
		x, y  float64
		class string
	}{{3, 4, "+1"}, {-4, -1.5, "-1"}}
	for i, c := range clicks {
		eval[bool](b, `(document.querySelector('input[name=ff-class][value="`+c.class+`"]').click(), true)`)
		x, y := planeClick(b, c.x, c.y)
		b.do(chromedp.MouseClickXY(x, y))
		b.wait(fmt.Sprintf(`diffstructPage.stats().status.ff.train_points === %d`, 5+i), 10*time.Second)
	}
	b.settled()
	frag := pageStats[string](b, `status.fragment`)
	vals, err := url.ParseQuery(frag)
	if err != nil || vals.Get("data") != "placed" {
		t.Fatalf("link %q: %v", frag, err)
	}
	pts, err := points.DecodePlaced(vals.Get("pts"))
	if err != nil || len(pts) != 6 {
		t.Fatalf("the link's pts %q: %v, %v", vals.Get("pts"), pts, err)
	}
	for i, c := range clicks {
		p, want := pts[4+i], 1.0
		if c.class == "-1" {
			want = -1
		}
		if math.Abs(p.X-c.x) > 0.25 || math.Abs(p.Y-c.y) > 0.25 || p.Label != want {
			t.Errorf("click %d at (%g, %g) class %s placed %v", i+1, c.x, c.y, c.class, p)
		}
	}
	if got := b.text("ff-placed-count"); got != "6" {
		t.Errorf("the point count says %q", got)
	}
	if eval[string](b, `location.hash`) != "#"+frag {
		t.Errorf("the address %q is not the link %q", eval[string](b, `location.hash`), frag)
	}
	b.do(clickID("play"))
	b.wait(fmt.Sprintf(`diffstructPage.stats().status.cycle >= %d`, stop+more+100), 30*time.Second)
	b.do(clickID("play"))
	b.settled()
	b.shot("ff-placed-view")
	b.fullShot("ff-placed")
	for _, e := range b.consoleErrors() {
		t.Logf("console: %s", e)
	}
}
