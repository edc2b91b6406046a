package scene

import (
	"math"
	"strings"
	"testing"
)

// useStyle draws st for the rest of the test, then the default again.
func useStyle(t *testing.T, p Prefs) {
	t.Helper()
	SetStyle(StyleFor(p))
	t.Cleanup(func() { SetStyle(StyleFor(Prefs{})) })
}

func TestStyleFor(t *testing.T) {
	for _, c := range []struct {
		p      Prefs
		name   string
		zoom   float64
		motion bool
	}{
		{Prefs{}, "default", 1, true},
		{Prefs{Big: true}, "default", ProjectorZoom, true},
		{Prefs{Contrast: true}, "contrast", 1, true},
		{Prefs{MoreContrast: true}, "contrast", 1, true},
		{Prefs{ReducedMotion: true}, "default", 1, false},
		{Prefs{Big: true, Contrast: true, ReducedMotion: true}, "contrast", ProjectorZoom, false},
	} {
		st := StyleFor(c.p)
		if st.Name != c.name || st.Zoom != c.zoom || st.Motion != c.motion {
			t.Errorf("%+v: %s zoom %v motion %v, want %s %v %v", c.p, st.Name, st.Zoom, st.Motion, c.name, c.zoom, c.motion)
		}
	}
	if StyleFor(Prefs{Contrast: true}).Palette != ContrastPalette || StyleFor(Prefs{}).Palette != DefaultPalette {
		t.Error("the palettes are not the themes'")
	}
}

func TestSetStyleRepaints(t *testing.T) {
	useStyle(t, Prefs{Contrast: true})
	if Background != ContrastPalette.Background || Ink != ContrastPalette.Ink || CurrentStyle().Name != "contrast" {
		t.Fatalf("after SetStyle(contrast): background %v ink %v", Background, Ink)
	}
	s := New(900, 560, 1)
	s.Push(snapshot(1, 1, 2, 3), 0)
	f := s.Frame(0.1)
	var b []byte
	b = AppendText(b, &f, true, 1)
	if !strings.Contains(string(b), "#ffffffff") {
		t.Errorf("the contrast theme's labels are not white: %q", b)
	}
}

// TestReducedMotion checks that with reduced motion nothing moves, grows,
// fades or glows, and that births and deaths still show, by a ring: a
// newborn's is Highlight and twice as wide for as long as it would have
// glowed; a dying neuron stays at its size, dimmed and ringed in Negative,
// until it goes.
func TestReducedMotion(t *testing.T) {
	run := func(p Prefs) (Frame, Frame, float32) {
		useStyle(t, p)
		s := New(900, 560, 1)
		s.Push(snapshot(1, 1, 2, 3, 9), 0)
		settled := s.Frame(0)
		settled = s.Frame(5) // every animation done
		r1 := settled.Discs[0].R
		s.Push(snapshot(2, 1, 3, 4, 9), 6) // 2 dies, 4 is born: the layout changes
		f := s.Frame(6.05)
		return settled, f, r1
	}
	_, moving, _ := run(Prefs{})
	settled, still, r1 := run(Prefs{ReducedMotion: true})
	for _, d := range still.Discs {
		if d.Glow > 0 {
			t.Errorf("reduced motion: a disc glows: %+v", d)
		}
	}
	if still.Alive != moving.Alive || still.Dying != moving.Dying || still.Dying != 1 {
		t.Errorf("reduced motion shows alive %d dying %d, motion %d %d: not the same information", still.Alive, still.Dying, moving.Alive, moving.Dying)
	}
	// The hidden neurons are the first discs, in id order: 1, 3, 4 (born), 9 (reserve) and 2 (dying) in some order.
	var born, dying, plain *Disc
	for i := range still.Discs[:5] {
		d := &still.Discs[i]
		switch {
		case d.Ring == Highlight && d.Fill.A > 0:
			born = d
		case d.Ring.R == Negative.R && d.Ring.G == Negative.G && d.Fill.A > 0:
			dying = d
		case d.Fill.A == 1 && plain == nil:
			plain = d
		}
	}
	if born == nil || dying == nil || plain == nil {
		t.Fatalf("reduced motion: no newborn, dying or plain neuron found in %+v", still.Discs[:5])
	}
	if born.RingW < 1.8*plain.RingW {
		t.Errorf("reduced motion: a newborn's ring %.1f, a plain one's %.1f: want about twice as wide", born.RingW, plain.RingW)
	}
	if math.Abs(float64(born.R-plain.R)) > 0.5*float64(plain.R) || born.R < 0.9*r1 {
		t.Errorf("reduced motion: the newborn drawn at %.1f, want its full size at once (%.1f)", born.R, plain.R)
	}
	if dying.Fill.A >= 1 || dying.Fill.A <= 0.3 || dying.R < 0.9*r1 {
		t.Errorf("reduced motion: the dying neuron %+v, want steady and dimmed at full size", *dying)
	}
	// Nothing eases: the survivors are where the new layout puts them at
	// once, and a later frame draws them in the same places.
	useStyle(t, Prefs{ReducedMotion: true})
	s := New(900, 560, 1)
	s.Push(snapshot(1, 1, 2, 3, 9), 0)
	s.Frame(0)
	s.Push(snapshot(2, 1, 3, 4, 5, 9), 1)
	a := s.Frame(1.01)
	ax, ay := a.Discs[0].X, a.Discs[0].Y
	b := s.Frame(1.5)
	if ax != b.Discs[0].X || ay != b.Discs[0].Y {
		t.Errorf("reduced motion: neuron 1 moved from (%.1f, %.1f) to (%.1f, %.1f) after the layout changed", ax, ay, b.Discs[0].X, b.Discs[0].Y)
	}
	_ = settled
	// Once the birth and death would have finished animating, the newborn
	// is plain and the dead one gone, as with motion.
	f := s.Frame(1 + BirthTime + DeathTime)
	if f.Dying != 0 {
		t.Errorf("reduced motion: still %d dying after the death's time", f.Dying)
	}
}

// TestReducedMotionLayered checks the feed-forward view: a newborn tile
// is at full size at once, a dying one stays at full size until it goes.
func TestReducedMotionLayered(t *testing.T) {
	useStyle(t, Prefs{ReducedMotion: true})
	v := NewView(1280, 900, 1)
	if err := v.Push(layeredRun([]string{"grown"}, synth(100, [][]uint32{{1, 2, 3}, {4}}, nil)), 0); err != nil {
		t.Fatal(err)
	}
	f := v.Frame(0.01)
	full, _ := mapOf(&f, 2, 1)
	if err := v.Push(layeredRun([]string{"grown"}, synth(200, [][]uint32{{1, 2, 5}, {4}}, map[uint32]bool{5: true})), 1); err != nil {
		t.Fatal(err)
	}
	f = v.Frame(1.05)
	born, ok := mapOf(&f, 2, 5)
	if !ok || math.Abs(float64(born.W-full.W)) > 0.5 {
		t.Errorf("reduced motion: newborn at %v (ok %v), want full size %v at once", born.W, ok, full.W)
	}
	dying, ok := mapOf(&f, 2, 3)
	if !ok || math.Abs(float64(dying.W-full.W)) > 0.5 || dying.Alpha >= 1 {
		t.Errorf("reduced motion: dying tile %+v (ok %v), want full size %v, dimmed", dying, ok, full.W)
	}
	f = v.Frame(1 + DeathTime + 0.05)
	if _, ok := mapOf(&f, 2, 3); ok {
		t.Error("reduced motion: the dead tile is still drawn after the death's time")
	}
}

// TestProjectorZoom checks projector mode draws text, nodes and lines
// ProjectorZoom times larger on the same canvas, and tells the page the
// text's size.
func TestProjectorZoom(t *testing.T) {
	frame := func(big bool) (Frame, []byte) {
		v := NewView(1600, 1000, 1)
		v.SetStyle(StyleFor(Prefs{Big: big}))
		t.Cleanup(func() { SetStyle(StyleFor(Prefs{})) })
		if err := v.Push(run(5, []string{"growing"}, 3), 0); err != nil {
			t.Fatal(err)
		}
		f := v.Frame(5)
		return f, AppendTextZoom(nil, &f, true, 1, v.Zoom())
	}
	small, smallText := frame(false)
	big, bigText := frame(true)
	widest := func(f Frame) (w float32) {
		for _, l := range f.Lines {
			w = max(w, l.Width)
		}
		return w
	}
	inputR := func(f Frame) float32 { return f.Discs[len(f.Discs)-8].R } // the first input symbol (4 in, 4 out)
	if r := widest(big) / widest(small); math.Abs(float64(r)-ProjectorZoom) > 0.05 {
		t.Errorf("projector mode: widest line %.2f times the normal, want %.2f", r, ProjectorZoom)
	}
	if r := inputR(big) / inputR(small); math.Abs(float64(r)-ProjectorZoom) > 0.05 {
		t.Errorf("projector mode: input node %.2f times the normal, want %.2f", r, ProjectorZoom)
	}
	if strings.HasPrefix(string(smallText), "S\t") {
		t.Errorf("normal text has a size record: %q", smallText[:20])
	}
	if !strings.HasPrefix(string(bigText), "S\t21.00\n") {
		t.Errorf("projector text starts %q, want the size record S 21.00", bigText[:min(20, len(bigText))])
	}
}

// TestProjectorZoomFits checks projector mode lowers its zoom where the
// cells have no room for it: a race's small cells are drawn at the normal
// size, a short view in between.
func TestProjectorZoomFits(t *testing.T) {
	t.Cleanup(func() { SetStyle(StyleFor(Prefs{})) })
	for _, c := range []struct {
		w, h, scale float64
		runners     int
		want        float64
	}{
		{842, 526, 1, 1, ProjectorZoom},   // the page's view at 1280x900
		{1684, 1052, 2, 1, ProjectorZoom}, // the same at twice the pixels
		{842, 400, 1, 1, 1.25},            // a short view: as large as fits
		{842, 473, 1, 3, 1},               // a race of three: two rows of 236 px
		{842, 300, 1, 1, 1},
	} {
		v := NewView(c.w, c.h, c.scale)
		v.SetStyle(StyleFor(Prefs{Big: true}))
		names := []string{"growing", "fixed 10", "fixed 37"}[:c.runners]
		ns := []int{3, 10, 37}[:c.runners]
		if err := v.Push(run(5, names, ns...), 0); err != nil {
			t.Fatal(err)
		}
		if z := v.Zoom(); math.Abs(z-c.want) > 1e-9 {
			t.Errorf("%vx%v@%v, %d cells: zoom %.3f, want %.3f", c.w, c.h, c.scale, c.runners, z, c.want)
		}
	}
	v := NewView(842, 526, 1)
	if v.Zoom() != 1 {
		t.Errorf("no style set: zoom %v, want 1", v.Zoom())
	}
}
