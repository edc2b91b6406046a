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
	transpose(net.Param(Whh)[:n*n], net.whhT[:n*n], n)
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
// The recurrence runs first, then the outputs of every step at once: each
// value gets the same operations as step by step, but the outputs are off
// the recurrence's chain of dependent operations, so the processor overlaps
// them (and the exponentials are one call).
func (net *Net) forward() float64 {
	net.transposeWhh()
	if net.gate != NoGate {
		net.applyGate(0)
	}
	n := net.layout.N
	// With fewer symbols than steps, each symbol's input part of the
	// pre-activation is added once a window, not once a step.
	rows := net.layout.V <= net.window
	if rows {
		net.inputRows()
	}
	for t := 1; t <= net.window; t++ {
		if x := net.xs[t-1]; rows {
			h := net.Hidden(t)
			copy(h[:n], net.bwx[x*n:(x+1)*n])
			net.recur(net.recurrent(t-1), h)
		} else {
			net.step(net.recurrent(t-1), x, net.Hidden(t))
		}
		if net.gate != NoGate {
			net.applyGate(t)
		}
	}
	v, w := net.layout.V, net.window
	by := net.Param(By)
	ps := net.ps[:w*v]
	os := net.hs // o_1..o_window, as output returns them
	if net.gate != NoGate {
		os = net.gs
	}
	dotRowsMany(net.Param(Why), v, n, os[n:(w+1)*n], ps, w)
	for t := 1; t <= w; t++ {
		logits(ps[(t-1)*v:t*v], by)
	}
	detmath.ExpVec(ps)
	loss := 0.0
	for t := 1; t <= net.window; t++ {
		p := ps[(t-1)*v : t*v]
		normalise(p)
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
	h = h[:n]
	bh, wx := net.Param(Bh)[:n], net.Param(WxhT)[x*n:(x+1)*n]
	for j := range h {
		h[j] = bh[j] + wx[j]
	}
	net.recur(r, h)
}

// inputRows sets row x of bwx to bh + Wxh's column for symbol x, for every
// symbol: each element gets step's addition, once.
func (net *Net) inputRows() {
	n, v := net.layout.N, net.layout.V
	bh, wxT := net.Param(Bh)[:n], net.Param(WxhT)
	for x := 0; x < v; x++ {
		row, wx := net.bwx[x*n:(x+1)*n], wxT[x*n:(x+1)*n]
		for j := range row {
			row[j] = bh[j] + wx[j]
		}
	}
}

// recur finishes a step whose h holds Wxh x + bh: h = tanh(h + Whh r).
func (net *Net) recur(r, h []float64) {
	n := net.layout.N
	h = h[:n]
	gemvT(net.whhT, n, n, r, 1, h) // h += Whh r
	detmath.TanhVec(h)
}

// predict computes p = softmax(Why o + by).
func (net *Net) predict(o, p []float64) {
	n := net.layout.N
	dotRows(net.Param(Why), len(p), n, o, p)
	logits(p, net.Param(By))
	detmath.ExpVec(p)
	normalise(p)
}

// logits adds the output biases to p (which holds Why o) and subtracts the
// largest result from every element, the first steps of the softmax.
func logits(p, by []float64) {
	by = by[:len(p)]
	hi := 0.0
	for k := range p {
		p[k] = by[k] + p[k]
		if k == 0 || p[k] > hi {
			hi = p[k]
		}
	}
	for k := range p {
		p[k] -= hi
	}
}

// normalise divides the exponentials in p by their sum, the softmax's last
// step.
func normalise(p []float64) {
	sum := 0.0
	for _, e := range p {
		sum += e
	}
	inv := 1 / sum
	for k := range p {
		p[k] *= inv
	}
}

// dotRowsGo sets y[k] to dot(row k of the m x n A, x) for every k.
func dotRowsGo(a []float64, m, n int, x, y []float64) {
	for k := range y[:m] {
		y[k] = dot(a[k*n:(k+1)*n], x)
	}
}

// dot returns the inner product of a and b in a fixed order, so that it gives
// the same bits on every platform.
func dot(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += float64(a[i] * b[i])
		s1 += float64(a[i+1] * b[i+1])
		s2 += float64(a[i+2] * b[i+2])
		s3 += float64(a[i+3] * b[i+3])
	}
	for ; i < len(a); i++ {
		s0 += float64(a[i] * b[i])
	}
	return (s0 + s1) + (s2 + s3)
}

// backward fills the gradients for the window stored by the last forward.
// Each gradient element receives the same terms in the same order as the
// step-by-step formulas (t from the last step down), but the work that does
// not depend on the next step's gradient (dy_t, dBy and dout_t = Why^T dy_t)
// is done for the whole window first, off the chain of dependent operations
// that runs back through Whh; the elementwise work of a step is one loop, and
// the outer products of dWhy and dWhh are summed over the whole window at the
// end.
func (net *Net) backward() {
	clear(net.grads)
	n, v := net.layout.N, net.layout.V
	dWxhT, dWhh, dBh := net.Grad(WxhT), net.Grad(Whh), net.Grad(Bh)
	dWhy, dBy, dM := net.Grad(Why), net.Grad(By), net.Grad(M)
	why, whh, m := net.Param(Why), net.Param(Whh), net.Param(M)
	dnext := net.dnext[:n]
	dBh = dBh[:n]
	dBy = dBy[:v]
	for t := net.window; t >= 1; t-- {
		dy := net.dys[(t-1)*v : t*v]
		copy(dy, net.Probs(t-1))
		dy[net.ys[t-1]]--
		for k, d := range dy {
			dBy[k] += d
		}
	}
	gemvTMany(why, v, n, net.dys, 0, net.douts, net.window) // dout_t = Why^T dy_t

	clear(dnext) // gradient with respect to r_t from step t+1
	for t := net.window; t >= 1; t-- {
		h := net.Hidden(t)
		h = h[:n]
		dout := net.douts[(t-1)*n : t*n]
		dout = dout[:n]
		da := net.das[(t-1)*n : t*n]
		da = da[:n]
		x := net.xs[t-1]
		dwx := dWxhT[x*n : (x+1)*n]
		dwx = dwx[:n]
		switch net.gate {
		case NoGate: // dh = dout + dnext
			if n >= backStepFrom { // the platform's kernel (assembly)
				backStep(h, dout, dnext, da, dBh, dwx)
			} else {
				backStepGo(h, dout, dnext, da, dBh, dwx)
			}
		case GateOutput: // dh = m⊙dout + dnext; dm += dout⊙h
			m, dM := m[:n], dM[:n]
			for i, hi := range h {
				a := float64((float64(m[i]*dout[i]) + dnext[i]) * (1 - float64(hi*hi)))
				dM[i] += float64(dout[i] * hi)
				da[i] = a
				dBh[i] += a
				dwx[i] += a
			}
		case GateEverywhere: // dg = dout + dnext; dh = m⊙dg; dm += dg⊙h
			m, dM := m[:n], dM[:n]
			for i, hi := range h {
				g := dout[i] + dnext[i]
				a := float64((m[i] * g) * (1 - float64(hi*hi)))
				dM[i] += float64(g * hi)
				da[i] = a
				dBh[i] += a
				dwx[i] += a
			}
		}
		gemvT(whh, n, n, da, 0, dnext) // dnext = Whh^T da
	}
	// dWhy = sum over t (from the last) of dy_t o_t^T, and dWhh = the same of
	// da_t r_{t-1}^T: the o_t are rows 1..window of what the output layer
	// read, the r_{t-1} rows 0..window-1 of what the recurrent path read.
	os, rs := net.hs, net.hs
	if net.gate != NoGate {
		os = net.gs
	}
	if net.gate == GateEverywhere {
		rs = net.gs
	}
	gerSum(dWhy, v, n, net.dys, os[n:(net.window+1)*n], net.window)
	gerSum(dWhh, n, n, net.das, rs[:net.window*n], net.window)
	if net.gate == GateEverywhere { // r_0 = m⊙h_0 depends on m too
		dM, h0 := dM[:n], net.Hidden(0)[:n]
		for i, d := range dnext {
			dM[i] += float64(d * h0[i])
		}
	}
}

// backStepGo is a backward step's elementwise work without a gate (dh =
// dout + dnext): each a = dh * tanh'(.) goes to da and is added to the bias
// and input-weight gradients.
func backStepGo(h, dout, dnext, da, dBh, dwx []float64) {
	dout, dnext, da = dout[:len(h)], dnext[:len(h)], da[:len(h)]
	dBh, dwx = dBh[:len(h)], dwx[:len(h)]
	for i, hi := range h {
		a := float64((dout[i] + dnext[i]) * (1 - float64(hi*hi)))
		da[i] = a
		dBh[i] += a
		dwx[i] += a
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
