package main

import (
	"cmp"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// Spread is the median and inter-quartile range of a sample.
type Spread struct {
	Median, Q1, Q3 float64
}

// quantile returns the q-quantile of sorted data by linear interpolation
// between order statistics (the common "type 7" definition); NaN if empty.
func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	pos := q * float64(len(sorted)-1)
	i := int(math.Floor(pos))
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	frac := pos - float64(i)
	return sorted[i] + frac*(sorted[i+1]-sorted[i])
}

// spread returns the median and quartiles of xs (which it does not modify).
func spread(xs []float64) Spread {
	s := slices.Clone(xs)
	slices.Sort(s)
	return Spread{Median: quantile(s, 0.5), Q1: quantile(s, 0.25), Q3: quantile(s, 0.75)}
}

// Curve is the median and quartiles over seeds of a quantity at each
// recorded cycle.
type Curve struct {
	Cycles []float64 // where the plots place each value (fig. 5: symbols read, see perCycle)
	Values []Spread
}

// perCycle returns c placed at k times its cycles: fig. 5 draws its runs
// against the symbols they read, k a run's window.
func (c Curve) perCycle(k float64) Curve {
	xs := make([]float64, len(c.Cycles))
	for i, x := range c.Cycles {
		xs[i] = x * k
	}
	return Curve{Cycles: xs, Values: c.Values}
}

// curve returns the spread over runs of value at each record index. Runs of
// one experiment record the same cycles; a shorter run truncates the curve.
func curve(hs []History, value func(Record) float64) Curve {
	if len(hs) == 0 {
		return Curve{}
	}
	n := len(hs[0].Records)
	for _, h := range hs {
		n = min(n, len(h.Records))
	}
	c := Curve{Cycles: make([]float64, n), Values: make([]Spread, n)}
	xs := make([]float64, len(hs))
	for i := 0; i < n; i++ {
		for k, h := range hs {
			xs[k] = value(h.Records[i])
		}
		c.Cycles[i] = float64(hs[0].Records[i].Cycle)
		c.Values[i] = spread(xs)
	}
	return c
}

func lossOf(r Record) float64    { return r.Loss }
func neuronsOf(r Record) float64 { return float64(r.Neurons) }

// MannWhitney is the result of a two-sided Mann-Whitney U test of two samples.
type MannWhitney struct {
	U float64 // the U statistic of the first sample: how many (a, b) pairs have a > b, ties counting a half
	Z float64 // its normal approximation's z score (with the tie correction)
	P float64 // the two-sided p-value of the normal approximation
}

// mannWhitney tests whether a's values tend to differ from b's. The normal
// approximation (with the variance corrected for ties and a continuity
// correction of a half) is adequate from about 8 values a sample; with 20
// it is the usual choice.
func mannWhitney(a, b []float64) MannWhitney {
	n1, n2 := float64(len(a)), float64(len(b))
	if n1 == 0 || n2 == 0 {
		return MannWhitney{U: math.NaN(), Z: math.NaN(), P: math.NaN()}
	}
	type obs struct {
		x     float64
		first bool
	}
	all := make([]obs, 0, len(a)+len(b))
	for _, x := range a {
		all = append(all, obs{x, true})
	}
	for _, x := range b {
		all = append(all, obs{x, false})
	}
	slices.SortFunc(all, func(p, q obs) int { return cmp.Compare(p.x, q.x) })
	rankSum, ties := 0.0, 0.0
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].x == all[i].x {
			j++
		}
		rank := float64(i+j+1) / 2 // mean of ranks i+1..j
		for k := i; k < j; k++ {
			if all[k].first {
				rankSum += rank
			}
		}
		t := float64(j - i)
		ties += t*t*t - t
		i = j
	}
	u := rankSum - n1*(n1+1)/2
	n := n1 + n2
	mean := n1 * n2 / 2
	sd := math.Sqrt(n1 * n2 / 12 * ((n + 1) - ties/(n*(n-1))))
	if sd == 0 {
		return MannWhitney{U: u, Z: 0, P: 1}
	}
	d := u - mean
	z := math.Copysign(math.Max(math.Abs(d)-0.5, 0), d) / sd
	p := 2 * distuv.UnitNormal.CDF(-math.Abs(z))
	return MannWhitney{U: u, Z: z, P: math.Min(p, 1)}
}
