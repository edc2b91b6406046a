package points

import "math"

// TwoSpiralsPerArm is the number of points on each of the benchmark's
// spirals: three turns at 32 points a turn, plus the end point.
const TwoSpiralsPerArm = 97

// TwoSpiralsTarget is the magnitude of the targets Fahlman's
// Cascade-Correlation trains the benchmark on: a point's target is
// Label·TwoSpiralsTarget, ±0.5, for outputs in [-0.5, 0.5].
const TwoSpiralsTarget = 0.5

// TwoSpiralsThreshold is the benchmark's score threshold: an output counts
// as right when it is within 0.4 of its ±0.5 target, the "40-20-40"
// criterion of the CMU description (the upper and lower 40 % of the output
// range [-0.5, 0.5]).
const TwoSpiralsThreshold = 0.4

// TwoSpiralsSet returns the classic two-spirals benchmark (Wieland's task,
// made known by Lang and Witbrock 1988 and by Fahlman's Cascade-Correlation
// results), built as the file "two-spirals" of the CMU neural-network
// benchmark collection maintained by Scott Fahlman describes it (Wieland's C
// fragment there; mirrored at ibiblio.org/pub/academic/computer-science/
// neural-networks/programs/bench/two-spirals): for i = 0, …, 96,
// angle = i·π/16 and radius = 6.5·(104 − i)/104, the point
// (radius·sin angle, radius·cos angle) on the first spiral (the C program's
// output 1.0, Label +1 here) followed by its negation (−x, −y) on the second
// (output 0.0, Label -1). That is 194 points in that interleaved order,
// starting at (0, 6.5) and (0, -6.5) and winding three times inwards (32
// points a turn) to radius 0.5, so they lie in [-6.5, 6.5]², slightly
// beyond Playground's square. There is no noise and no test split: the task
// is to get all 194 training points right. The description leaves the
// output values to the experimenter and suggests the 40-20-40 criterion;
// train on the targets Label·TwoSpiralsTarget (±0.5, as Cascade-Correlation's
// symmetric units do) and judge with SolvedTwoSpirals.
func TwoSpiralsSet() Set {
	pts := make([]Point, 0, 2*TwoSpiralsPerArm)
	for i := range TwoSpiralsPerArm {
		angle := float64(i) * math.Pi / 16
		radius := 6.5 * float64(104-i) / 104
		x, y := float64(radius*sin(angle)), float64(radius*cos(angle))
		pts = append(pts, Point{x, y, 1}, Point{-x, -y, -1})
	}
	return Set{Name: TwoSpirals, Train: pts}
}

// SolvedTwoSpirals reports whether outputs solve the benchmark: as many
// outputs as targets (at least one), each output within TwoSpiralsThreshold
// (strictly less than 0.4) of its target, which is ±0.5. A NaN output fails.
func SolvedTwoSpirals(outputs, targets []float64) bool {
	if len(outputs) == 0 || len(outputs) != len(targets) {
		return false
	}
	for i, o := range outputs {
		if !(math.Abs(o-targets[i]) < TwoSpiralsThreshold) {
			return false
		}
	}
	return true
}
