//go:build !amd64 && !wasm

package rnn

import "math"

// Natively on other CPUs (arm64, ...) the kernels are the portable loops:
// gonum's pure-Go BLAS would be compiled with fused multiply-adds there and
// give other bits than amd64 and WebAssembly.

func gemvT(a []float64, m, n int, x []float64, beta float64, y []float64) {
	gemvTLoop(a, m, n, x, beta, y)
}

func ger(a []float64, m, n int, x, y []float64) { gerLoop(a, m, n, x, y) }

func gerSum(a []float64, m, n int, xs, ys []float64, T int) { gerSumGo(a, m, n, xs, ys, T) }

func dotRows(a []float64, m, n int, x, y []float64) { dotRowsGo(a, m, n, x, y) }

func dotRowsMany(a []float64, m, n int, xs, ys []float64, T int) {
	dotRowsManyGo(a, m, n, xs, ys, T)
}

func backStep(h, dout, dnext, da, dBh, dwx []float64) { backStepGo(h, dout, dnext, da, dBh, dwx) }

// backStepFrom: backStep is the Go loop here.
const backStepFrom = math.MaxInt
