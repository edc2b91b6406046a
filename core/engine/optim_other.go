//go:build !amd64

package engine

// rmspropStep runs the RMSProp step over all elements.
func rmspropStep(params, grads, ms []float64, lr, decay, gradClip, stepClip, eps float64) {
	rmspropStepGo(params, grads, ms, lr, decay, gradClip, stepClip, eps)
}
