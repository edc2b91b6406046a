//go:build wasm

package engine

import "math"

// rmspropWasmConsts holds rmspropWasm's constants: the gradient clip and its
// negative, the step clip and its negative (+Inf and -Inf for none), decay,
// -lr, eps, and the L1 step c.
type rmspropWasmConsts [8]float64

// rmspropWasm is in optim_wasm.s: rmspropStepGo over n elements, then
// l1Step's change on each if l1 is 1, in one pass.
//
//go:noescape
func rmspropWasm(params, grads, ms *float64, n int, k *rmspropWasmConsts, l1 int)

func noClip(c float64) float64 {
	if c == 0 {
		return math.Inf(1)
	}
	return c
}

// rmspropStepL1 is rmspropStep over all elements followed by l1Step(c) over
// the shrunk spans, in one pass.
func rmspropStepL1(params, grads, ms []float64, lr, decay, gradClip, stepClip, eps, c float64, shrunk []span) {
	grads, ms = grads[:len(params)], ms[:len(params)]
	gc, sc := noClip(gradClip), noClip(stepClip)
	k := rmspropWasmConsts{gc, -gc, sc, -sc, decay, -lr, eps, c}
	at := 0
	run := func(end, l1 int) {
		if end > at {
			rmspropWasm(&params[at], &grads[at], &ms[at], end-at, &k, l1)
		}
	}
	for _, s := range shrunk {
		run(s.start, 0)
		at = s.start
		run(s.end, 1)
		at = s.end
	}
	run(len(params), 0)
}

// rmspropStep runs the RMSProp step over all elements.
func rmspropStep(params, grads, ms []float64, lr, decay, gradClip, stepClip, eps float64) {
	rmspropStepL1(params, grads, ms, lr, decay, gradClip, stepClip, eps, 0, nil)
}
