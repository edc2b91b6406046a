package session

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/diffstruct/diffstruct/core/ff"
	"github.com/diffstruct/diffstruct/core/points"
	"github.com/diffstruct/diffstruct/wasm/linkstate"
)

func stepN(l *Layered, n int) {
	for range n {
		l.Step()
	}
}

// TestLayeredSaveLoadContinues saves a feed-forward run at cycle N, loads
// it into another run and steps M: the network is the run stepped N+M,
// bit for bit.
func TestLayeredSaveLoadContinues(t *testing.T) {
	const link, n, m = "model=ff&data=xor&seed=7&race=4", 60, 45
	a := openFF(t, link)
	stepN(a, n)
	var file bytes.Buffer
	if err := a.Save(&file); err != nil {
		t.Fatal(err)
	}
	b := openFF(t, "model=ff&data=circle&seed=1")
	stepN(b, 5)
	if err := b.Load(bytes.NewReader(file.Bytes()), "run.json"); err != nil {
		t.Fatal(err)
	}
	if b.Cycle() != n || b.Playing() || b.Loaded() != "run.json" || b.m.Len() != 1 {
		t.Fatalf("loaded: cycle %d playing %v loaded %q networks %d; want %d, paused, run.json, 1", b.Cycle(), b.Playing(), b.Loaded(), b.m.Len(), n)
	}
	if b.Digest() != a.Digest() {
		t.Fatalf("loaded digest %016x, saved %016x", b.Digest(), a.Digest())
	}
	if st := b.Status(0, Since{}); st.Loaded != "run.json" || !strings.Contains(st.Notice, "Loaded run.json") || st.FF.Data != points.XOR {
		t.Errorf("status: loaded %q notice %q data %q", st.Loaded, st.Notice, st.FF.Data)
	}
	stepN(a, m)
	stepN(b, m)
	if b.Cycle() != n+m || b.Digest() != a.Digest() {
		t.Fatalf("after %d more: cycle %d digest %016x; the unstopped run %d %016x", m, b.Cycle(), b.Digest(), a.Cycle(), a.Digest())
	}
	// Reset starts the loaded state's fresh run: the link's.
	b.Reset()
	if b.Cycle() != 0 || b.Loaded() != "" {
		t.Errorf("reset: cycle %d loaded %q", b.Cycle(), b.Loaded())
	}
}

// TestLayeredLoadRefusesBadFiles checks that damaged files are refused with
// ff.Load's typed errors and leave the run as it was.
func TestLayeredLoadRefusesBadFiles(t *testing.T) {
	l := openFF(t, "model=ff&seed=2")
	stepN(l, 20)
	var good bytes.Buffer
	if err := l.Save(&good); err != nil {
		t.Fatal(err)
	}
	frag, digest := l.Fragment(), l.Digest()
	bad := map[string]string{
		"empty":     "",
		"not json":  "hello",
		"truncated": good.String()[:good.Len()/2],
		"sequence":  `{"format":"diffstruct-network","version":1}`,
		"version":   strings.Replace(good.String(), `"version": 1`, `"version": 9`, 1),
		"order":     strings.Replace(good.String(), `"pos": `, `"pos": 99999`, 1),
	}
	for name, text := range bad {
		err := l.Load(strings.NewReader(text), name)
		var fe *ff.FileError
		if err == nil || !errors.As(err, &fe) {
			t.Errorf("%s: error %v, want an *ff.FileError", name, err)
		}
		if l.Cycle() != 20 || l.Digest() != digest || l.Fragment() != frag || l.Loaded() != "" {
			t.Errorf("%s: the run changed (cycle %d)", name, l.Cycle())
		}
	}
}

// TestPlacedPoints adds and removes points on a "your points" run: the
// networks keep training, the status counts the points and the link
// carries them; a run opened from that link trains on them from cycle 0.
func TestPlacedPoints(t *testing.T) {
	l := openFF(t, "model=ff&data=placed&seed=4&race=3")
	if n := len(l.PlacedPoints()); n != len(linkstate.StarterPoints) {
		t.Fatalf("a new placed run has %d points, want the %d starter points", n, len(linkstate.StarterPoints))
	}
	stepN(l, 10)
	if err := l.Place(1.234, -3.4, true); err != nil {
		t.Fatal(err)
	}
	if err := l.Place(-5, 5.5, false); err != nil {
		t.Fatal(err)
	}
	stepN(l, 10)
	st := l.Status(0, Since{})
	want := len(linkstate.StarterPoints) + 2
	if st.Cycle != 20 || st.FF.TrainPoints != want || st.FF.TestPoints != 0 {
		t.Fatalf("cycle %d, %d train and %d test points; want 20, %d, 0", st.Cycle, st.FF.TrainPoints, st.FF.TestPoints, want)
	}
	for i := range l.m.Len() {
		if got := len(l.m.(*ffModel).nets[i].Set().Train); got != want {
			t.Errorf("network %d trains on %d points, want %d", i, got, want)
		}
	}
	pts := l.PlacedPoints()
	if p := pts[len(pts)-2]; p != (points.Point{X: 1.23, Y: -3.4, Label: 1}) {
		t.Errorf("placed %v, want (1.23, -3.4, +1) on the grid", p)
	}
	if !strings.Contains(st.Fragment, "pts="+points.EncodePlaced(pts)) || !strings.Contains(st.Fragment, "data=placed") {
		t.Errorf("link %q lacks the points", st.Fragment)
	}
	// The link replays the final set from cycle 0, bit for bit.
	a, b := openFF(t, st.Fragment), openFF(t, st.Fragment)
	if got := a.PlacedPoints(); len(got) != want || got[len(got)-1] != pts[len(pts)-1] {
		t.Fatalf("the link's run has points %v, want %v", got, pts)
	}
	stepN(a, 30)
	stepN(b, 30)
	if a.Digest() != b.Digest() || a.Cycle() != 30 {
		t.Errorf("two runs of one link differ: %016x %016x", a.Digest(), b.Digest())
	}
	// A network file of a placed run loads as one: its points, and more placed.
	var file bytes.Buffer
	if err := l.Save(&file); err != nil {
		t.Fatal(err)
	}
	c := openFF(t, "model=ff")
	if err := c.Load(&file, "placed.json"); err != nil {
		t.Fatal(err)
	}
	if !c.State().FF.IsPlaced() || len(c.PlacedPoints()) != want || c.Digest() != l.Digest() {
		t.Fatalf("loaded placed run: data %q, %d points", c.State().FF.DataKind(), len(c.PlacedPoints()))
	}
	if err := c.Place(0, 0, false); err != nil || c.Status(0, Since{}).FF.TrainPoints != want+1 || c.Cycle() != 20 {
		t.Errorf("placing on a loaded run: %v", err)
	}
	// Removing: the nearest within reach, never the last.
	if err := l.RemoveNearest(1.1, -3.3); err != nil {
		t.Fatal(err)
	}
	if n := len(l.PlacedPoints()); n != want-1 {
		t.Errorf("%d points after a removal, want %d", n, want-1)
	}
	var pe *PointsError
	if err := l.RemoveNearest(0, 0); !errors.As(err, &pe) {
		t.Errorf("a removal far from every point: %v, want a *PointsError", err)
	}
	one := openFF(t, "model=ff&data=placed&pts="+points.EncodePlaced([]points.Point{{X: 1, Y: 1, Label: 1}}))
	if err := one.RemoveNearest(1, 1); !errors.As(err, &pe) {
		t.Errorf("removing the last point: %v, want a *PointsError", err)
	}
	spiral := openFF(t, "model=ff")
	if err := spiral.Place(0, 0, true); !errors.As(err, &pe) {
		t.Errorf("placing on the spiral: %v, want a *PointsError", err)
	}
	// A bad pts value is refused with the decoder's reason.
	if _, probs := Open("model=ff&data=placed&pts=!!"); len(probs) != 1 || probs[0].Key != "pts" {
		t.Errorf("pts=!!: problems %v", probs)
	}
}

// TestLoadPointsCSV makes placed points of a CSV; a bad line is refused
// with its number and the run is kept.
func TestLoadPointsCSV(t *testing.T) {
	l := openFF(t, "model=ff&data=gauss&seed=3")
	stepN(l, 5)
	if err := l.LoadPoints(strings.NewReader("x,y,label\n1,2,1\n-1,-2,-1\n0.5,3,1\n")); err != nil {
		t.Fatal(err)
	}
	st := l.Status(0, Since{})
	if st.FF.Data != points.Placed || st.FF.TrainPoints != 3 || st.Cycle != 0 || !strings.Contains(st.Fragment, "pts=") {
		t.Fatalf("after a CSV: data %q, %d points, cycle %d, link %q", st.FF.Data, st.FF.TrainPoints, st.Cycle, st.Fragment)
	}
	stepN(l, 5)
	// On placed data a CSV replaces the points and training goes on.
	if err := l.LoadPoints(strings.NewReader("2,2,-1\n-2,-2,1\n")); err != nil {
		t.Fatal(err)
	}
	if l.Cycle() != 5 || len(l.PlacedPoints()) != 2 {
		t.Fatalf("cycle %d, %d points; want 5, 2", l.Cycle(), len(l.PlacedPoints()))
	}
	frag, digest := l.Fragment(), l.Digest()
	for _, c := range []struct {
		text string
		line int
	}{{"1,2,1\n3,x,1\n", 2}, {"1,2\n", 1}, {"\n\n1,9,1\n", 3}} {
		err := l.LoadPoints(strings.NewReader(c.text))
		var le *points.LineError
		if !errors.As(err, &le) || le.Line != c.line {
			t.Errorf("%q: %v, want a *points.LineError at line %d", c.text, err, c.line)
		}
	}
	var pe *PointsError
	if err := l.LoadPoints(strings.NewReader("1,1,0.5\n")); !errors.As(err, &pe) {
		t.Errorf("a regression label: %v, want a *PointsError", err)
	}
	var many strings.Builder
	for i := range points.MaxPlaced + 1 {
		many.WriteString("0," + string(rune('0'+i%5)) + ",1\n")
	}
	if err := l.LoadPoints(strings.NewReader(many.String())); !errors.As(err, &pe) {
		t.Errorf("%d points: %v, want a *PointsError", points.MaxPlaced+1, err)
	}
	if l.Fragment() != frag || l.Digest() != digest || l.Cycle() != 5 {
		t.Error("a refused CSV changed the run")
	}
}
