//go:build amd64

package engine

import "math"

// rmspropConsts holds the step's constants, each twice (one per lane).
type rmspropConsts [7][2]float64

//go:noescape
func rmspropPairs(params, grads, ms []float64, c *rmspropConsts)

// rmspropStep runs the RMSProp step over all elements: pairs in SSE2
// (optim_amd64.s), an odd last element in Go.
func rmspropStep(params, grads, ms []float64, lr, decay, gradClip, stepClip, eps float64) {
	grads, ms = grads[:len(params)], ms[:len(params)]
	// clip(x, 0) does not clip, and neither does clip(x, +Inf).
	gc, sc := gradClip, stepClip
	if gc == 0 {
		gc = math.Inf(1)
	}
	if sc == 0 {
		sc = math.Inf(1)
	}
	c := rmspropConsts{{gc, gc}, {-gc, -gc}, {sc, sc}, {-sc, -sc}, {decay, decay}, {-lr, -lr}, {eps, eps}}
	rmspropPairs(params, grads, ms, &c)
	if n := len(params); n%2 == 1 {
		rmspropStepGo(params[n-1:], grads[n-1:], ms[n-1:], lr, decay, gradClip, stepClip, eps)
	}
}
