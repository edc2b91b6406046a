package scene

// PlanePoint returns the point of the plane under (x, y), in canvas
// pixels, when it is on the big output map of a feed-forward cell: the
// cell's index and the point in plane units ([-Half, Half]², y up). ok is
// false anywhere else (a recurrent cell, a neuron's tile, the captions).
func (v *View) PlanePoint(x, y float64) (cell int, px, py float64, ok bool) {
	for i, p := range v.parts {
		ly, layered := p.(*Layered)
		cx, cy, cw, ch := v.cell(i)
		if !layered || x < cx || x >= cx+cw || y < cy || y >= cy+ch {
			continue
		}
		px, py, ok = ly.PlanePoint(x-cx, y-cy)
		return i, px, py, ok
	}
	return -1, 0, 0, false
}

// PlanePoint returns the point of the plane under (x, y), in cell pixels,
// when it is on the big output map, as the map and its points are drawn.
func (s *Layered) PlanePoint(x, y float64) (px, py float64, ok bool) {
	half := float64(s.g.Half)
	if !s.have || half <= 0 {
		return 0, 0, false
	}
	g := s.geom()
	if g.ms <= 0 || x < g.mx || x > g.mx+g.ms || y < g.my || y > g.my+g.ms {
		return 0, 0, false
	}
	return (x-g.mx)/g.ms*2*half - half, half - (y-g.my)/g.ms*2*half, true
}

// PlaneRect returns where cell i draws its big output map, in canvas
// pixels (its corner and side); ok is false when cell i is not a
// feed-forward cell with a snapshot.
func (v *View) PlaneRect(i int) (x, y, side float64, ok bool) {
	if i < 0 || i >= len(v.parts) {
		return 0, 0, 0, false
	}
	ly, layered := v.parts[i].(*Layered)
	if !layered || !ly.have {
		return 0, 0, 0, false
	}
	cx, cy, _, _ := v.cell(i)
	g := ly.geom()
	return cx + g.mx, cy + g.my, g.ms, true
}

// geom is the layout of the last frame drawn (the map's place does not
// move between frames).
func (s *Layered) geom() lgeom { return s.place(s.last) }
