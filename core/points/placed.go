package points

import (
	"encoding/base64"
	"fmt"
	"math"
)

// Placed points are the ones a visitor clicks onto the plane (as in
// ConvNetJS's 2-D demo). They travel in a share link, so they are kept on
// a grid of 1/100 of a unit and encoded compactly: for each point, x and y
// as int16 hundredths (little-endian) with the class in the low bit of a
// third byte, all in unpadded URL-safe base64 (about 7 characters a point).

// MaxPlaced bounds the placed points of a set.
const MaxPlaced = 500

// Place returns p on the placed points' grid: x and y rounded to 1/100 and
// clamped to the plane [-Half, Half], the label made a class (+1 when
// Label > 0, else -1).
func Place(p Point) Point {
	q := func(v float64) float64 {
		if math.IsNaN(v) {
			return 0
		}
		return math.Round(max(-Half, min(Half, v))*100) / 100
	}
	l := -1.0
	if p.Label > 0 {
		l = 1
	}
	return Point{q(p.X), q(p.Y), l}
}

// EncodePlaced returns the link form of placed points (each put on the grid).
func EncodePlaced(pts []Point) string {
	b := make([]byte, 0, 5*len(pts))
	for _, p := range pts {
		p = Place(p)
		x, y := int16(math.Round(p.X*100)), int16(math.Round(p.Y*100))
		c := byte(0)
		if p.Label > 0 {
			c = 1
		}
		b = append(b, byte(x), byte(uint16(x)>>8), byte(y), byte(uint16(y)>>8), c)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// PlacedError is a link form of placed points DecodePlaced refuses.
type PlacedError struct {
	Reason string
}

// Error returns "points: placed points: reason".
func (e *PlacedError) Error() string { return "points: placed points: " + e.Reason }

// DecodePlaced reads EncodePlaced's form back, or returns a *PlacedError.
func DecodePlaced(s string) ([]Point, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, &PlacedError{Reason: "not URL-safe base64"}
	}
	if len(b)%5 != 0 {
		return nil, &PlacedError{Reason: fmt.Sprintf("%d bytes is not a whole number of points", len(b))}
	}
	if len(b)/5 > MaxPlaced {
		return nil, &PlacedError{Reason: fmt.Sprintf("%d points, at most %d", len(b)/5, MaxPlaced)}
	}
	pts := make([]Point, 0, len(b)/5)
	for i := 0; i < len(b); i += 5 {
		x := float64(int16(uint16(b[i])|uint16(b[i+1])<<8)) / 100
		y := float64(int16(uint16(b[i+2])|uint16(b[i+3])<<8)) / 100
		if math.Abs(x) > Half || math.Abs(y) > Half || b[i+4] > 1 {
			return nil, &PlacedError{Reason: fmt.Sprintf("point %d (%g, %g, class byte %d) is off the plane", i/5+1, x, y, b[i+4])}
		}
		l := -1.0
		if b[i+4] == 1 {
			l = 1
		}
		pts = append(pts, Point{x, y, l})
	}
	return pts, nil
}

// PlacedSet returns a set of placed points, all for training (a visitor's
// few points have no test split), named "placed".
func PlacedSet(pts []Point) Set {
	train := make([]Point, len(pts))
	for i, p := range pts {
		train[i] = Place(p)
	}
	return Set{Name: Placed, Train: train}
}

// Placed names a set of points placed by hand.
const Placed = "placed"
