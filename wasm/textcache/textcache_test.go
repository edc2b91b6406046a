package textcache

import (
	"runtime"
	"testing"
)

// glyphBytes stands for what a face of px pixels holds once text is drawn
// with it: about 128 glyph images of px x px RGBA pixels (Ebiten keeps
// that many per face size).
func glyphBytes(px int) int { return 128 * px * px * 4 }

// scales walks the drawing scale the way scene.Quality moves it (down by
// 0.75, up by 1.15, between 0.5 and 2) for n changes.
func scales(n int) []float64 {
	out := make([]float64, 0, n)
	s, up := 1.0, false
	for len(out) < n {
		if up {
			s *= 1.15
		} else {
			s *= 0.75
		}
		if s < 0.5 || s > 2 {
			s, up = min(max(s, 0.5), 2), !up
		}
		out = append(out, s)
	}
	return out
}

// heapGrowth returns how much the live heap grew while the drawing scale
// changed 100 times, each change drawing text with face(scale).
func heapGrowth(face func(scale float64) []byte) int64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	before := ms.HeapAlloc
	sum := 0
	for _, s := range scales(100) {
		f := face(s)
		for i := 0; i < len(f); i += 4096 { // draw: touch the glyphs
			f[i]++
			sum += int(f[i])
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&ms)
	runtime.KeepAlive(sum)
	return int64(ms.HeapAlloc) - int64(before)
}

// TestMemoryFlatOverScaleChanges measures the heap over 100 changes of the
// drawing scale: with the cache it grows by at most the few faces kept;
// the old way (a new face for every scale, each kept for ever as the
// deprecated text package kept them) grows with every change, and fails
// the same bound.
func TestMemoryFlatOverScaleChanges(t *testing.T) {
	const textPx = 14.0
	bound := int64(5 * glyphBytes(Px(textPx*2))) // a handful of the largest faces used

	c := New(4, func(px int) []byte { return make([]byte, glyphBytes(px)) })
	grewNew := heapGrowth(func(s float64) []byte { return c.Face(textPx * s) })

	// The view itself asks for TextSize x the device pixel ratio, which it
	// computes as (canvas pixels per drawing pixel) x (drawing scale): the
	// drawing scale cancels out, so one face serves every scale.
	const dpr = 1.25
	v := New(4, func(px int) []byte { return make([]byte, glyphBytes(px)) })
	grewView := heapGrowth(func(s float64) []byte { return v.Face(textPx * (dpr / s) * s) })
	if v.Made() != 1 {
		t.Errorf("the view's rule made %d faces over 100 scale changes, want 1", v.Made())
	}
	if grewView > bound {
		t.Errorf("the view's rule grew the heap %d KB, more than %d KB", grewView>>10, bound>>10)
	}

	var kept [][]byte // the old renderer: opentype.NewFace per scale, cached for ever
	grewOld := heapGrowth(func(s float64) []byte {
		f := make([]byte, glyphBytes(int(textPx*s+0.5)))
		kept = append(kept, f)
		return f
	})
	t.Logf("heap growth over 100 scale changes: size following the scale, cached: %d KB (%d faces made, %d held); "+
		"the view's rule (size from the device ratio): %d KB (%d made); old way: %d KB (%d faces); bound %d KB",
		grewNew>>10, c.Made(), c.Len(), grewView>>10, v.Made(), grewOld>>10, len(kept), bound>>10)
	if grewNew > bound {
		t.Errorf("with the cache the heap grew %d KB, more than %d KB", grewNew>>10, bound>>10)
	}
	if grewOld <= bound {
		t.Errorf("the old way grew only %d KB: the bound %d KB would not catch it", grewOld>>10, bound>>10)
	}
	if c.Len() > c.Max {
		t.Errorf("holds %d faces, more than %d", c.Len(), c.Max)
	}
	runtime.KeepAlive(kept)
}

// TestFaceReusedPerRoundedSize checks that sizes within half a pixel share
// a face, that the least recently used face goes first, and that sizes out
// of range are clamped.
func TestFaceReusedPerRoundedSize(t *testing.T) {
	made := map[int]int{}
	c := New(2, func(px int) int { made[px]++; return px })
	for _, s := range []float64{14, 14.2, 13.6, 14.49} {
		if f := c.Face(s); f != 14 {
			t.Errorf("Face(%v) = %d px, want 14", s, f)
		}
	}
	if made[14] != 1 {
		t.Errorf("made the 14 px face %d times, want 1", made[14])
	}
	c.Face(20)
	c.Face(14) // 14 is now the most recent: 28 evicts 20
	c.Face(28)
	if c.Len() != 2 {
		t.Errorf("holds %d faces, want 2", c.Len())
	}
	c.Face(14)
	if made[14] != 1 {
		t.Errorf("14 px was evicted though used more recently than 20 px")
	}
	c.Face(20)
	if made[20] != 2 {
		t.Errorf("20 px made %d times, want 2 (it was evicted)", made[20])
	}
	if got := Px(1000); got != MaxPx {
		t.Errorf("Px(1000) = %d, want %d", got, MaxPx)
	}
	if got := Px(0); got != MinPx {
		t.Errorf("Px(0) = %d, want %d", got, MinPx)
	}
}
