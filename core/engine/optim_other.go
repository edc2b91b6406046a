//go:build !amd64 && !wasm

package engine

// rmspropStep runs the RMSProp step over all elements.
func rmspropStep(params, grads, ms []float64, lr, decay, gradClip, stepClip, eps float64) {
	rmspropStepGo(params, grads, ms, lr, decay, gradClip, stepClip, eps)
}

// rmspropStepL1 is rmspropStep over all elements followed by l1Step(c) over
// the shrunk spans.
func rmspropStepL1(params, grads, ms []float64, lr, decay, gradClip, stepClip, eps, c float64, shrunk []span) {
	rmspropStepGo(params, grads, ms, lr, decay, gradClip, stepClip, eps)
	for _, s := range shrunk {
		l1Step(params[s.start:s.end], c)
	}
}
