package session

import (
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/diffstruct/diffstruct/core/ff"
	"github.com/diffstruct/diffstruct/core/points"
	"github.com/diffstruct/diffstruct/wasm/linkstate"
)

// RemoveRadius is how near, in plane units, a removal must be to a placed
// point to remove it.
const RemoveRadius = 1.0

// PointsError is a change of the placed points a feed-forward run refuses:
// why, in words for the page.
type PointsError struct {
	Reason string
}

// Error returns "session: placed points: reason".
func (e *PointsError) Error() string { return "session: placed points: " + e.Reason }

// Save writes the run's main network as a feed-forward network file
// (ff.Save), which Load reads back.
func (l *Layered) Save(w io.Writer) error {
	m, ok := l.m.(*ffModel)
	if !ok {
		return fmt.Errorf("session: a %s run has no feed-forward network to save", l.m.Kind())
	}
	return m.nets[0].Save(w)
}

// Load continues training from a network file written by Save (ff.Load):
// the loaded run is paused, a run of one network, on the data the file
// carries, and continues bit for bit as the saved run would have. A bad
// file is refused with ff.Load's typed error (*ff.FileError, or the
// settings' field error) and the current run is kept exactly as it was;
// name is shown as where the run came from.
func (l *Layered) Load(r io.Reader, name string) error {
	n, err := ff.Load(r)
	if err != nil {
		return err
	}
	st := l.st
	st.FF.Race, st.Stop, st.Seed = nil, 0, n.Config().Seed
	set := n.Set()
	switch {
	case set.Name == points.Placed:
		st.FF.Data, st.FF.Placed = points.Placed, slices.Clone(set.Train)
		st.FF.Noise, st.FF.Test, st.FF.Points = 0, 0, 0
	case slices.Contains(points.Kinds(), set.Name):
		st.FF.Data = set.Name
		if set.Name == linkstate.DefaultData {
			st.FF.Data = "" // the default, as a link without the key
		}
	}
	l.Pause()
	l.begin(st, ffModelOf(n))
	l.st.Play = false
	l.loaded = name
	l.say(fmt.Sprintf("Loaded %s: cycle %d, %s. Press Play to continue training it. "+
		"(A share link cannot hold a loaded network: it describes a fresh run with the same settings.)", name, n.Cycle(), plural(n.Neurons(), "neuron")))
	return nil
}

// Loaded returns the name of the network file the run continues, if any.
func (l *Layered) Loaded() string { return l.loaded }

// plural writes "1 neuron", "3 neurons".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// PlacedPoints returns the visitor's points of a run on placed data (nil
// for another data set).
func (l *Layered) PlacedPoints() []points.Point {
	if !l.st.FF.IsPlaced() {
		return nil
	}
	return slices.Clone(l.st.FF.PlacedData().Train)
}

// Place adds a point of class +1 (positive) or -1 at (x, y) of the plane,
// put on the placed points' grid (points.Place). Every network keeps
// training, on the new set from the next step on (ff.Net.SetData), and the
// share link carries the new set. A run on another data set, or one with
// points.MaxPlaced points, refuses with a *PointsError.
func (l *Layered) Place(x, y float64, positive bool) error {
	label := -1.0
	if positive {
		label = 1
	}
	if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
		return &PointsError{Reason: "the point is not on the plane"}
	}
	pts := l.PlacedPoints()
	if pts == nil {
		return &PointsError{Reason: "points are placed on the data set \"your points\" (data=placed)"}
	}
	if len(pts) >= points.MaxPlaced {
		return &PointsError{Reason: fmt.Sprintf("at most %d points", points.MaxPlaced)}
	}
	return l.setPlaced(append(pts, points.Place(points.Point{X: x, Y: y, Label: label})))
}

// RemoveNearest removes the placed point nearest to (x, y), if it is within
// RemoveRadius; the last point stays (a network needs one to train on).
func (l *Layered) RemoveNearest(x, y float64) error {
	pts := l.PlacedPoints()
	if pts == nil {
		return &PointsError{Reason: "points are removed on the data set \"your points\" (data=placed)"}
	}
	best, bestD := -1, RemoveRadius*RemoveRadius
	for i, p := range pts {
		if d := float64((p.X-x)*(p.X-x)) + float64((p.Y-y)*(p.Y-y)); d <= bestD {
			best, bestD = i, d
		}
	}
	if best < 0 {
		return &PointsError{Reason: fmt.Sprintf("no point within %g of (%.2f, %.2f)", RemoveRadius, x, y)}
	}
	if len(pts) == 1 {
		return &PointsError{Reason: "the last point stays: the network needs one to train on"}
	}
	return l.setPlaced(slices.Delete(pts, best, best+1))
}

// LoadPoints makes the placed points the ones of a CSV file (lines
// x,y,label, points.FromCSV), each put on the placed points' grid. A run on
// placed data keeps training on them (ff.Net.SetData); a run on another
// data set starts again on them, as "your points". A refused line is
// FromCSV's *points.LineError; more than points.MaxPlaced points or labels
// other than +1 and -1 are a *PointsError. The run is unchanged on error.
func (l *Layered) LoadPoints(r io.Reader) error {
	set, err := points.FromCSV(r)
	if err != nil {
		return err
	}
	if set.Regression {
		for i, p := range set.Train {
			if p.Label != 1 && p.Label != -1 {
				return &PointsError{Reason: fmt.Sprintf("point %d has label %g: placed points are classes, +1 or -1", i+1, p.Label)}
			}
		}
	}
	if len(set.Train) > points.MaxPlaced {
		return &PointsError{Reason: fmt.Sprintf("%d points, at most %d", len(set.Train), points.MaxPlaced)}
	}
	if l.st.FF.IsPlaced() {
		return l.setPlaced(set.Train)
	}
	st := l.st
	st.FF.Data, st.FF.Placed = points.Placed, points.PlacedSet(set.Train).Train
	st.FF.Noise, st.FF.Test, st.FF.Points = 0, 0, 0
	if err := l.start(st); err != nil {
		return err
	}
	l.credit = 1
	return nil
}

// setPlaced makes pts the run's data from the next step on.
func (l *Layered) setPlaced(pts []points.Point) error {
	m, ok := l.m.(*ffModel)
	if !ok {
		return &PointsError{Reason: "this run has no feed-forward networks"}
	}
	set := points.PlacedSet(pts)
	if err := m.setData(set); err != nil {
		return err
	}
	l.st.FF.Placed = set.Train
	l.numbersRun = -1 // the counts changed within the cycle
	return nil
}
