package points

import (
	"math"

	"github.com/diffstruct/diffstruct/core/rng"
)

// uniform returns a value uniform in [a, b).
func uniform(r *rng.Source, a, b float64) float64 {
	return float64((b-a)*r.Float64()) + a
}

// hypot returns √(x² + y²) with rounded products.
func hypot(x, y float64) float64 {
	return math.Sqrt(float64(x*x) + float64(y*y))
}

// label returns +1 when cond holds and -1 otherwise.
func label(cond bool) float64 {
	if cond {
		return 1
	}
	return -1
}

// halves returns the sizes of the positive and negative classes of n
// points: n−n/2 and n/2, so that the set has exactly n points (Playground
// rounds both halves up).
func halves(n int) (pos, neg int) { return n - n/2, n / 2 }

// Circle's geometry: an inner disc of radius circleInner and an outer ring
// from circleRingIn to circleRadius.
const (
	circleRadius = 5
	circleInner  = 0.5 * circleRadius
	circleRingIn = 0.7 * circleRadius
)

// circle draws Playground's circle: half the points (the positive class)
// at a uniform radius in [0, 2.5) and a uniform angle, the other half
// (negative) at a uniform radius in [3.5, 5) and a uniform angle, so the
// classes are separated by an empty band 2.5 ≤ r < 3.5. Noise does not move
// a point: it moves a copy by a uniform offset in [-5, 5)·noise per
// coordinate, and the label says whether that copy falls inside radius 2.5,
// so noise flips labels near the band.
func circle(r *rng.Source, n int, noise float64) []Point {
	pos, neg := halves(n)
	pts := make([]Point, 0, n)
	draw := func(count int, rlo, rhi float64) {
		for range count {
			rad := uniform(r, rlo, rhi)
			angle := uniform(r, 0, 2*math.Pi)
			x, y := float64(rad*sin(angle)), float64(rad*cos(angle))
			nx := float64(uniform(r, -circleRadius, circleRadius) * noise)
			ny := float64(uniform(r, -circleRadius, circleRadius) * noise)
			pts = append(pts, Point{x, y, label(hypot(x+nx, y+ny) < circleInner)})
		}
	}
	draw(pos, 0, circleInner)
	draw(neg, circleRingIn, circleRadius)
	return pts
}

// xorPad is the gap xor keeps on each side of the axes.
const xorPad = 0.3

// xor draws Playground's xor: each coordinate uniform in [-5, 5) and pushed
// 0.3 away from zero (positive values up, the others down), so the points
// fill four squares of side 5 with a 0.6 cross-shaped gap between them; the
// label is +1 when x·y ≥ 0 (first and third quadrants) and -1 otherwise.
// Noise is applied as in circle: the label is read at a copy offset by a
// uniform [-5, 5)·noise per coordinate, the point itself stays. The class
// sizes are therefore random (binomial), not exact halves.
func xor(r *rng.Source, n int, noise float64) []Point {
	pad := func(v float64) float64 {
		if v > 0 {
			return v + xorPad
		}
		return v - xorPad
	}
	pts := make([]Point, 0, n)
	for range n {
		x := pad(uniform(r, -5, 5))
		y := pad(uniform(r, -5, 5))
		nx := float64(uniform(r, -5, 5) * noise)
		ny := float64(uniform(r, -5, 5) * noise)
		pts = append(pts, Point{x, y, label(float64((x+nx)*(y+ny)) >= 0)})
	}
	return pts
}

// gauss draws Playground's two gaussians: half the points (positive) from
// an isotropic normal centred at (2, 2), the other half (negative) centred
// at (-2, -2), with a variance per coordinate that grows linearly with the
// noise from 0.5 (noise 0) to 4 (noise 50 %). Unlike Playground, which lets
// the widest clouds spill off its plot, a coordinate outside [-6, 6] is
// drawn again, so the clouds are truncated to the square.
func gauss(r *rng.Source, n int, noise float64) []Point {
	variance := float64(7*noise) + 0.5 // 0.5 at noise 0, 4 at noise 0.5
	sd := math.Sqrt(variance)
	coord := func(mean float64) float64 {
		for {
			v := float64(sd*r.Norm()) + mean
			if v >= -Half && v <= Half {
				return v
			}
		}
	}
	pos, neg := halves(n)
	pts := make([]Point, 0, n)
	for range pos {
		x := coord(2)
		pts = append(pts, Point{x, coord(2), 1})
	}
	for range neg {
		x := coord(-2)
		pts = append(pts, Point{x, coord(-2), -1})
	}
	return pts
}

// Spiral's geometry: each arm goes from the centre out to spiralRadius
// while turning spiralTurns times.
const (
	spiralRadius = 5
	spiralTurns  = 1.75
)

// spiral draws Playground's spiral: two arms of m points (m = n−n/2 for the
// positive arm, n/2 for the negative one). Point i of an arm of m lies at
// radius r = 5·i/m and angle t = 1.75·2π·i/m (plus π for the negative arm),
// at (r·sin t, r·cos t): each arm winds 1.75 turns clockwise from the centre
// to radius 5, the negative arm is the positive one turned by half a turn.
// Noise moves each coordinate by a uniform [-1, 1)·noise (at most 0.5).
func spiral(r *rng.Source, n int, noise float64) []Point {
	pos, neg := halves(n)
	pts := make([]Point, 0, n)
	arm := func(m int, delta, lab float64) {
		for i := range m {
			f := float64(i) / float64(m)
			rad := float64(spiralRadius * f)
			t := float64(float64(spiralTurns*f)*(2*math.Pi)) + delta
			x := float64(rad*sin(t)) + float64(uniform(r, -1, 1)*noise)
			y := float64(rad*cos(t)) + float64(uniform(r, -1, 1)*noise)
			pts = append(pts, Point{x, y, lab})
		}
	}
	arm(pos, 0, 1)
	arm(neg, math.Pi, -1)
	return pts
}

// planeLabel is reg-plane's target at (x, y): (x + y)/10, which maps the
// square's diagonal sums [-10, 10] onto [-1, 1] (and extends linearly).
func planeLabel(x, y float64) float64 { return (x + y) / 10 }

// plane draws Playground's plane: n points uniform in [-6, 6)², labelled by
// planeLabel at a copy of the point offset by a uniform [-6, 6)·noise per
// coordinate, so noise blurs the ramp (and labels reach ±1.8 at noise 50 %).
func plane(r *rng.Source, n int, noise float64) []Point { return regression(r, n, noise, planeLabel) }

// regression draws n points uniform in [-6, 6)², each labelled by label at
// a copy of the point offset by a uniform [-6, 6)·noise per coordinate.
func regression(r *rng.Source, n int, noise float64, label func(x, y float64) float64) []Point {
	pts := make([]Point, 0, n)
	for range n {
		x := uniform(r, -Half, Half)
		y := uniform(r, -Half, Half)
		nx := float64(uniform(r, -Half, Half) * noise)
		ny := float64(uniform(r, -Half, Half) * noise)
		pts = append(pts, Point{x, y, label(x+nx, y+ny)})
	}
	return pts
}

// bumps are reg-gauss's six centres and signs: two rows at y = ±2.5,
// columns x = -4, 0, 4, signs alternating like a chequerboard.
var bumps = [6][3]float64{
	{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1},
	{-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1},
}

// bumpLabel is reg-gauss's target at (x, y): each bump contributes its sign
// times max(0, 1 − d/2), d the distance to its centre (a cone of radius 2),
// and the contribution largest in absolute value wins (0 away from all).
func bumpLabel(x, y float64) float64 {
	best := 0.0
	for _, b := range bumps {
		h := 1 - float64(hypot(x-b[0], y-b[1])/2) // /2 is *0.5: round it
		if h < 0 {
			h = 0
		}
		if v := b[2] * h; math.Abs(v) > math.Abs(best) {
			best = v
		}
	}
	return best
}

// multiGauss draws Playground's multi-gaussian: n points uniform in
// [-6, 6)², labelled by bumpLabel at a copy offset by a uniform
// [-6, 6)·noise per coordinate. Labels lie in [-1, 1].
func multiGauss(r *rng.Source, n int, noise float64) []Point {
	return regression(r, n, noise, bumpLabel)
}
