//go:build amd64

package engine

import (
	"math"

	"golang.org/x/sys/cpu"
)

// useAVX selects the four-lane optimiser loops where the CPU has AVX; every
// version gives rmspropStepGo's (and l1Step's) bits.
var useAVX = cpu.X86.HasAVX

// rmspropConsts holds the step's constants, each twice (one per lane).
type rmspropConsts [7][2]float64

//go:noescape
func rmspropPairs(params, grads, ms []float64, c *rmspropConsts)

// rmspropAVXConsts holds the constants of rmspropAVX and rmspropL1AVX: the
// gradient clip and its negative, the step clip and its negative, decay,
// -lr, eps, the L1 step and the sign mask.
type rmspropAVXConsts [9]float64

//go:noescape
func rmspropAVX(params, grads, ms []float64, c *rmspropAVXConsts)

//go:noescape
func rmspropL1AVX(params, grads, ms []float64, c *rmspropAVXConsts)

// noClip turns clip's 0 (no limit) into +Inf, which the assembly's min and
// max leave every value through as clip(x, 0) does.
func noClip(c float64) float64 {
	if c == 0 {
		return math.Inf(1)
	}
	return c
}

// rmspropStep runs the RMSProp step over all elements: pairs in SSE2
// (optim_amd64.s), an odd last element in Go.
func rmspropStep(params, grads, ms []float64, lr, decay, gradClip, stepClip, eps float64) {
	grads, ms = grads[:len(params)], ms[:len(params)]
	gc, sc := noClip(gradClip), noClip(stepClip)
	c := rmspropConsts{{gc, gc}, {-gc, -gc}, {sc, sc}, {-sc, -sc}, {decay, decay}, {-lr, -lr}, {eps, eps}}
	rmspropPairs(params, grads, ms, &c)
	if n := len(params); n%2 == 1 {
		rmspropStepGo(params[n-1:], grads[n-1:], ms[n-1:], lr, decay, gradClip, stepClip, eps)
	}
}

// rmspropStepL1 is rmspropStep over all elements followed by l1Step(c) over
// the shrunk spans, in one pass where the CPU has AVX.
func rmspropStepL1(params, grads, ms []float64, lr, decay, gradClip, stepClip, eps, c float64, shrunk []span) {
	if !useAVX {
		rmspropStep(params, grads, ms, lr, decay, gradClip, stepClip, eps)
		for _, s := range shrunk {
			l1Step(params[s.start:s.end], c)
		}
		return
	}
	grads, ms = grads[:len(params)], ms[:len(params)]
	gc, sc := noClip(gradClip), noClip(stepClip)
	k := rmspropAVXConsts{gc, -gc, sc, -sc, decay, -lr, eps, c, math.Copysign(0, -1)}
	at := 0
	for _, s := range shrunk {
		if s.start > at {
			rmspropAVX(params[at:s.start], grads[at:s.start], ms[at:s.start], &k)
		}
		rmspropL1AVX(params[s.start:s.end], grads[s.start:s.end], ms[s.start:s.end], &k)
		at = s.end
	}
	if at < len(params) {
		rmspropAVX(params[at:], grads[at:], ms[at:], &k)
	}
}
