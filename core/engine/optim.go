package engine

import (
	"math"

	"github.com/diffstruct/diffstruct/core/rnn"
)

// span is the [start, end) range of a parameter group in the flat vector.
type span struct{ start, end int }

// optimizer updates a flat parameter vector from its gradient. Its state
// lives in slots of the network, so structural changes move it with the
// neurons.
type optimizer interface {
	// step updates params from grads, then moves the parameters of the
	// shrunk spans (in order, disjoint) towards zero by c, as l1Step does.
	step(params, grads []float64, c float64, shrunk []span)
	scale(f float64) // multiplies the next steps' learning rate (and step clip) by f relative to the config's
	slotIndex() int  // the network slot holding the optimiser's memory
}

func newOptimizer(cfg Config, net *rnn.Net) optimizer {
	if cfg.Optimizer == Adagrad {
		return &adagrad{net: net, slot: net.AddSlot(), lr: cfg.LearningRate, clip: cfg.GradClip, eps: cfg.Epsilon, baseLR: cfg.LearningRate}
	}
	return &rmsprop{net: net, slot: net.AddSlot(), lr: cfg.LearningRate, decay: cfg.Decay,
		gradClip: cfg.GradClip, stepClip: cfg.StepClip, eps: cfg.Epsilon, baseLR: cfg.LearningRate, baseClip: cfg.StepClip}
}

// clip limits x to [-c, c]; c = 0 means no limit.
func clip(x, c float64) float64 {
	switch {
	case c == 0:
		return x
	case x > c:
		return c
	case x < -c:
		return -c
	}
	return x
}

// rmsprop: m += decay*(g^2 - m); step = -lr*g/sqrt(m+eps), clipped.
type rmsprop struct {
	net                           *rnn.Net
	slot                          int
	lr, decay, gradClip, stepClip float64
	eps                           float64
	baseLR, baseClip              float64
}

func (o *rmsprop) scale(f float64) { o.lr, o.stepClip = o.baseLR*f, o.baseClip*f }

func (o *rmsprop) slotIndex() int { return o.slot }

func (o *rmsprop) step(params, grads []float64, c float64, shrunk []span) {
	rmspropStepL1(params, grads, o.net.Slot(o.slot), o.lr, o.decay, o.gradClip, o.stepClip, o.eps, c, shrunk)
}

// rmspropStepGo is the portable RMSProp step, and the reference that the
// amd64 assembly is tested against bit for bit.
func rmspropStepGo(params, grads, ms []float64, lr, decay, gradClip, stepClip, eps float64) {
	ms = ms[:len(params)]
	grads = grads[:len(params)]
	for i, g := range grads {
		g = clip(g, gradClip)
		m := ms[i] + float64(decay*(float64(g*g)-ms[i]))
		ms[i] = m
		params[i] += clip(-lr*g/math.Sqrt(m+eps), stepClip)
	}
}

// adagrad: g clipped; mem += g^2; p -= lr*g/sqrt(mem+eps).
type adagrad struct {
	net           *rnn.Net
	slot          int
	lr, clip, eps float64
	baseLR        float64
}

func (o *adagrad) scale(f float64) { o.lr = o.baseLR * f }

func (o *adagrad) slotIndex() int { return o.slot }

func (o *adagrad) step(params, grads []float64, c float64, shrunk []span) {
	mem := o.net.Slot(o.slot)
	mem = mem[:len(params)]
	grads = grads[:len(params)]
	for i, g := range grads {
		g = clip(g, o.clip)
		mem[i] += float64(g * g)
		params[i] -= o.lr * g / math.Sqrt(mem[i]+o.eps)
	}
	for _, s := range shrunk {
		l1Step(params[s.start:s.end], c)
	}
}
