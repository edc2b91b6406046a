package rnn

import (
	"math"
	"testing"

	"github.com/diffstruct/diffstruct/core/rng"
)

// randomNet returns a net with random parameters (scale 0.5, so that tanh is
// well into its non-linear range) and a random carried state.
func randomNet(t testing.TB, v, n, window int, gate Gate, seed uint64) *Net {
	t.Helper()
	net, err := New(v, n, window, gate)
	if err != nil {
		t.Fatal(err)
	}
	r := rng.New(seed, 1)
	for i := range net.Params() {
		net.Params()[i] = 0.5 * r.Norm()
	}
	if gate != NoGate {
		for i := range net.Param(M) {
			net.Param(M)[i] = 0.2 + r.Float64()
		}
	}
	for i := range net.State() {
		net.State()[i] = float64(2*r.Float64()) - 1
	}
	return net
}

// randomWindow returns random inputs and targets.
func randomWindow(v, window int, seed uint64) (xs, ys []int) {
	r := rng.New(seed, 2)
	xs, ys = make([]int, window), make([]int, window)
	for t := range xs {
		xs[t], ys[t] = r.IntN(v), r.IntN(v)
	}
	return xs, ys
}

func TestGradientsMatchFiniteDifferences(t *testing.T) {
	for _, gate := range []Gate{NoGate, GateOutput, GateEverywhere} {
		t.Run(gate.String(), func(t *testing.T) {
			const v, n, window = 4, 5, 7
			net := randomNet(t, v, n, window, gate, uint64(gate)+1)
			xs, ys := randomWindow(v, window, 3)
			if _, err := net.Backprop(xs, ys); err != nil {
				t.Fatal(err)
			}
			analytic := append([]float64(nil), net.Grads()...)
			l := net.Layout()
			for g := Group(0); g < numGroups; g++ {
				lo, hi := l.Range(g)
				worst := 0.0
				for i := lo; i < hi; i++ {
					numeric := centralDifference(t, net, i, xs, ys)
					if e := relErr(analytic[i], numeric); e > worst {
						worst = e
					}
				}
				if worst > 1e-5 {
					t.Errorf("%v: worst relative error %.3g", g, worst)
				}
			}
		})
	}
}

// centralDifference returns (L(p+h) - L(p-h)) / 2h for parameter i.
func centralDifference(t *testing.T, net *Net, i int, xs, ys []int) float64 {
	const h = 1e-5
	p := net.Params()
	orig := p[i]
	p[i] = orig + h
	lp, err := net.Loss(xs, ys)
	if err != nil {
		t.Fatal(err)
	}
	p[i] = orig - h
	lm, _ := net.Loss(xs, ys)
	p[i] = orig
	return (lp - lm) / (2 * h)
}

func relErr(a, b float64) float64 {
	d := math.Abs(a - b)
	s := math.Max(math.Abs(a), math.Abs(b))
	if s < 1e-8 {
		return d
	}
	return d / s
}

func TestRemapMovesEveryBufferWithItsNeuron(t *testing.T) {
	const v, n = 3, 4
	net := randomNet(t, v, n, 5, GateOutput, 9)
	slot := net.AddSlot()
	old := net.Layout()
	// Tag every slot entry with its position so we can follow it.
	for i := range net.Slot(slot) {
		net.Slot(slot)[i] = float64(i)
	}
	xs, ys := randomWindow(v, 5, 8)
	if _, err := net.Loss(xs, ys); err != nil {
		t.Fatal(err)
	}
	var hidden [][]float64
	for step := 0; step <= 5; step++ {
		hidden = append(hidden, append([]float64(nil), net.Hidden(step)...))
	}
	params := append([]float64(nil), net.Params()...)
	state := append([]float64(nil), net.State()...)
	tags := append([]float64(nil), net.Slot(slot)...)
	keep := []int{3, -1, 0} // drop 1 and 2, move 3 to 0, add one, 0 goes last
	if err := net.Remap(keep); err != nil {
		t.Fatal(err)
	}
	nl := net.Layout()
	if nl.N != 3 || len(net.Params()) != nl.Size() || len(net.Slot(slot)) != nl.Size() || len(net.State()) != 3 {
		t.Fatalf("sizes after remap: N=%d params=%d slot=%d state=%d", nl.N, len(net.Params()), len(net.Slot(slot)), len(net.State()))
	}
	for _, buf := range []struct {
		name     string
		got, was []float64
	}{{"params", net.Params(), params}, {"slot", net.Slot(slot), tags}} {
		check := func(g Group, newIdx, oldIdx int) {
			if got, want := nl.Slice(buf.got, g)[newIdx], old.Slice(buf.was, g)[oldIdx]; got != want {
				t.Errorf("%s %v: new[%d] = %v, want old[%d] = %v", buf.name, g, newIdx, got, oldIdx, want)
			}
		}
		for i, ki := range keep {
			for s := 0; s < v; s++ {
				if ki >= 0 {
					check(WxhT, s*3+i, s*n+ki)
					check(Why, s*3+i, s*n+ki)
				} else if nl.Slice(buf.got, WxhT)[s*3+i] != 0 || nl.Slice(buf.got, Why)[s*3+i] != 0 {
					t.Errorf("%s: new neuron has non-zero weights", buf.name)
				}
			}
			if ki < 0 {
				continue
			}
			check(Bh, i, ki)
			check(M, i, ki)
			for j, kj := range keep {
				if kj >= 0 {
					check(Whh, i*3+j, ki*n+kj)
				}
			}
			if net.State()[i] != state[ki] {
				t.Errorf("state[%d] = %v, want old state[%d] = %v", i, net.State()[i], ki, state[ki])
			}
		}
		for k := 0; k < v; k++ {
			check(By, k, k)
		}
	}
	if net.State()[1] != 0 {
		t.Error("new neuron's state is not zero")
	}
	for step := 0; step <= 5; step++ {
		if got, want := net.Hidden(step)[0], hidden[step][3]; got != want {
			t.Errorf("Hidden(%d) of old neuron 3 = %v, want %v", step, got, want)
		}
		if got := net.Hidden(step)[1]; got != 0 {
			t.Errorf("Hidden(%d) of the new neuron = %v, want 0", step, got)
		}
	}
	if err := net.Remap([]int{0, 0}); err == nil {
		t.Error("Remap accepted a duplicated neuron")
	}
	if err := net.Remove(7); err == nil {
		t.Error("Remove accepted a missing neuron")
	}
}

func TestBadWindowRejected(t *testing.T) {
	net := randomNet(t, 4, 2, 3, NoGate, 1)
	if _, err := net.Loss([]int{0, 1}, []int{0, 1, 2}); err == nil {
		t.Error("short window accepted")
	}
	if _, err := net.Loss([]int{0, 1, 4}, []int{0, 1, 2}); err == nil {
		t.Error("out-of-alphabet symbol accepted")
	}
	if _, err := New(1, 1, 40, NoGate); err == nil {
		t.Error("one-symbol alphabet accepted")
	}
}

// TestSamplerMatchesForward checks the sampler, which steps one symbol at a
// time, against the forward pass, bit for bit: with fewer symbols than
// steps the forward pass adds each symbol's input part once a window
// (inputRows), with more it steps as the sampler does.
func TestSamplerMatchesForward(t *testing.T) {
	for _, v := range []int{4, 7} {
		for _, gate := range []Gate{NoGate, GateOutput, GateEverywhere} {
			net := randomNet(t, v, 6, 5, gate, 4)
			xs, ys := randomWindow(v, 5, 5)
			if _, err := net.Loss(xs, ys); err != nil {
				t.Fatal(err)
			}
			s := net.NewSampler()
			for i, x := range xs {
				p := s.Next(x)
				for k := range p {
					if math.Float64bits(p[k]) != math.Float64bits(net.Probs(i)[k]) {
						t.Fatalf("v=%d %v: sampler step %d p[%d] = %v, forward gave %v", v, gate, i, k, p[k], net.Probs(i)[k])
					}
				}
			}
		}
	}
}

// TestTransposeWhh checks the blocked transpose at sizes around its block.
func TestTransposeWhh(t *testing.T) {
	for _, n := range []int{0, 1, 3, 4, 5, 8, 10, 13, 16, 17, 18, 19, 40, 41} {
		net, err := New(2, n, 3, NoGate)
		if err != nil {
			t.Fatal(err)
		}
		w := net.Param(Whh)
		for i := range w {
			w[i] = float64(i) + 0.5
		}
		net.transposeWhh()
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if net.whhT[j*n+i] != w[i*n+j] {
					t.Fatalf("n=%d: whhT[%d][%d] = %v, Whh[%d][%d] = %v", n, j, i, net.whhT[j*n+i], i, j, w[i*n+j])
				}
			}
		}
	}
}
