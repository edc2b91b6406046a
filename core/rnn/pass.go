package rnn

import (
	"fmt"

	"github.com/diffstruct/diffstruct/core/detmath"
	"gonum.org/v1/gonum/floats"
)

// checkWindow validates a window's inputs and targets.
func (net *Net) checkWindow(xs, ys []int) error {
	if len(xs) != net.window || len(ys) != net.window {
		return fmt.Errorf("rnn: window of %d inputs and %d targets, want %d of each", len(xs), len(ys), net.window)
	}
	v := net.layout.V
	for t := range xs {
		if xs[t] < 0 || xs[t] >= v || ys[t] < 0 || ys[t] >= v {
			return fmt.Errorf("rnn: symbol out of range at position %d (alphabet size %d)", t, v)
		}
	}
	return nil
}

// Loss runs the window forward from the carried state and returns its
// cross-entropy loss in nats (summed over the window). The carried state is
// left unchanged.
func (net *Net) Loss(xs, ys []int) (float64, error) {
	if err := net.checkWindow(xs, ys); err != nil {
		return 0, err
	}
	copy(net.xs, xs)
	copy(net.ys, ys)
	return net.forward(), nil
}

// Backprop runs the window forward from the carried state, fills the
// gradients of its loss with respect to every parameter (Grads), and returns
// the loss. The carried state is left unchanged: call Carry to move on.
func (net *Net) Backprop(xs, ys []int) (float64, error) {
	loss, err := net.Loss(xs, ys)
	if err != nil {
		return 0, err
	}
	net.backward()
	return loss, nil
}

// Carry makes the last window's final hidden state the carried state.
func (net *Net) Carry() {
	n := net.layout.N
	copy(net.hs[:n], net.hs[net.window*n:(net.window+1)*n])
}

// ResetState sets the carried hidden state to zero.
func (net *Net) ResetState() {
	clear(net.hs[:net.layout.N])
}

// transposeWhh refreshes whhT from Whh.
func (net *Net) transposeWhh() {
	n := net.layout.N
	w := net.Param(Whh)
	for i := 0; i < n; i++ {
		row := w[i*n : (i+1)*n]
		for j, x := range row {
			net.whhT[j*n+i] = x
		}
	}
}

// recurrent returns r_t, what the recurrent path reads of step t.
func (net *Net) recurrent(t int) []float64 {
	n := net.layout.N
	if net.gate == GateEverywhere {
		return net.gs[t*n : (t+1)*n]
	}
	return net.hs[t*n : (t+1)*n]
}

// output returns o_t, what the output layer reads of step t.
func (net *Net) output(t int) []float64 {
	n := net.layout.N
	if net.gate != NoGate {
		return net.gs[t*n : (t+1)*n]
	}
	return net.hs[t*n : (t+1)*n]
}

// forward computes h_t and p_t for the stored window and returns the loss.
func (net *Net) forward() float64 {
	net.transposeWhh()
	if net.gate != NoGate {
		net.applyGate(0)
	}
	loss := 0.0
	for t := 1; t <= net.window; t++ {
		net.step(net.recurrent(t-1), net.xs[t-1], net.Hidden(t))
		if net.gate != NoGate {
			net.applyGate(t)
		}
		p := net.Probs(t - 1)
		net.predict(net.output(t), p)
		loss -= detmath.Log(p[net.ys[t-1]])
	}
	return loss
}

// applyGate sets g_t = m⊙h_t.
func (net *Net) applyGate(t int) {
	n := net.layout.N
	floats.MulTo(net.gs[t*n:(t+1)*n], net.Param(M), net.hs[t*n:(t+1)*n])
}

// step computes h = tanh(Wxh x + Whh r + bh) for input symbol x.
func (net *Net) step(r []float64, x int, h []float64) {
	n := net.layout.N
	copy(h, net.Param(Bh))
	floats.Add(h, net.Param(WxhT)[x*n:(x+1)*n])
	gemvT(net.whhT, n, n, r, 1, h) // h += Whh r
	detmath.TanhVec(h)
}

// predict computes p = softmax(Why o + by).
func (net *Net) predict(o, p []float64) {
	n := net.layout.N
	why, by := net.Param(Why), net.Param(By)
	hi := 0.0
	for k := range p {
		p[k] = by[k] + dot(why[k*n:(k+1)*n], o)
		if k == 0 || p[k] > hi {
			hi = p[k]
		}
	}
	for k := range p {
		p[k] -= hi
	}
	detmath.ExpVec(p)
	sum := 0.0
	for _, e := range p {
		sum += e
	}
	inv := 1 / sum
	for k := range p {
		p[k] *= inv
	}
}

// dot returns the inner product of a and b in a fixed order, so that it gives
// the same bits on every platform.
func dot(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// backward fills the gradients for the window stored by the last forward.
func (net *Net) backward() {
	clear(net.grads)
	n, v := net.layout.N, net.layout.V
	dWxhT, dWhh, dBh := net.Grad(WxhT), net.Grad(Whh), net.Grad(Bh)
	dWhy, dBy, dM := net.Grad(Why), net.Grad(By), net.Grad(M)
	why, whh, m := net.Param(Why), net.Param(Whh), net.Param(M)
	dout, dh, dnext := net.dout, net.dh, net.dnext
	clear(dnext) // gradient with respect to r_t from step t+1
	for t := net.window; t >= 1; t-- {
		p, o, h := net.Probs(t-1), net.output(t), net.Hidden(t)
		dy := net.dy
		copy(dy, p)
		dy[net.ys[t-1]]--
		floats.Add(dBy, dy)
		ger(dWhy, v, n, dy, o)        // dWhy += dy o^T
		gemvT(why, v, n, dy, 0, dout) // dout = Why^T dy
		switch net.gate {
		case NoGate:
			floats.AddTo(dh, dout, dnext)
		case GateOutput: // dh = m⊙dout + dnext; dm += dout⊙h
			floats.MulTo(dh, m, dout)
			floats.Add(dh, dnext)
			floats.MulTo(net.dtmp, dout, h)
			floats.Add(dM, net.dtmp)
		case GateEverywhere: // dg = dout + dnext; dh = m⊙dg; dm += dg⊙h
			floats.Add(dout, dnext)
			floats.MulTo(dh, m, dout)
			floats.MulTo(net.dtmp, dout, h)
			floats.Add(dM, net.dtmp)
		}
		da := net.das[(t-1)*n : t*n]
		for i, hi := range h {
			da[i] = dh[i] * (1 - hi*hi)
		}
		floats.Add(dBh, da)
		x := net.xs[t-1]
		floats.Add(dWxhT[x*n:(x+1)*n], da)
		gemvT(whh, n, n, da, 0, dnext) // dnext = Whh^T da
	}
	// dWhh = sum over t (from the last) of da_t r_{t-1}^T, all at once: the
	// r_{t-1} are rows 0..window-1 of what the recurrent path read.
	rs := net.hs
	if net.gate == GateEverywhere {
		rs = net.gs
	}
	gerSum(dWhh, n, n, net.das, rs[:net.window*n], net.window)
	if net.gate == GateEverywhere { // r_0 = m⊙h_0 depends on m too
		floats.MulTo(net.dtmp, dnext, net.Hidden(0))
		floats.Add(dM, net.dtmp)
	}
}

// Sampler generates text from the network without touching its training state.
type Sampler struct {
	net  *Net
	h, r []float64
	p    []float64
}

// NewSampler returns a sampler starting from the net's carried state.
func (net *Net) NewSampler() *Sampler {
	n := net.layout.N
	s := &Sampler{net: net, h: make([]float64, n), r: make([]float64, n), p: make([]float64, net.layout.V)}
	copy(s.h, net.State())
	net.transposeWhh()
	return s
}

// Next feeds symbol x and returns the predicted distribution of the next
// symbol (a view valid until the next call).
func (s *Sampler) Next(x int) []float64 {
	net := s.net
	copy(s.r, s.h)
	if net.gate == GateEverywhere {
		floats.Mul(s.r, net.Param(M))
	}
	net.step(s.r, x, s.h)
	o := s.h
	if net.gate != NoGate {
		floats.MulTo(s.r, net.Param(M), s.h)
		o = s.r
	}
	net.predict(o, s.p)
	return s.p
}
