package main

import (
	"math"
	"slices"
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
	Cycles []float64
	Values []Spread
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
