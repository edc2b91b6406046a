package ff

import (
	"testing"
	"time"

	"github.com/diffstruct/diffstruct/core/points"
)

// benchShapes are the hand-sized networks timed against TensorFlow
// Playground's nn.ts (tools/ffbench): the hidden widths of 2-4-2-1
// (Playground's default), 2-8-8-1 and 2-8-8-8-8-8-8-1, each on x and y.
var benchShapes = []struct {
	name   string
	widths []int
}{
	{"2-4-2-1", []int{4, 2}},
	{"2-8-8-1", []int{8, 8}},
	{"2-8-8-8-8-8-8-1", []int{8, 8, 8, 8, 8, 8}},
}

// benchSet is Playground's spiral as the page makes it: 500 points, half
// held out, so 250 training points.
func benchSet(b *testing.B) points.Set {
	b.Helper()
	set, err := points.Make(points.Spec{Kind: points.Spiral, N: 500, TestRatio: 50, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	if want := points.TrainCount(500, 50); len(set.Train) != want || want != 250 {
		b.Fatalf("%d training points, want %d (and 250)", len(set.Train), want)
	}
	return set
}

// warmUp is how long each benchmark trains before it is timed: under
// WebAssembly, node first runs a function from its baseline compiler and
// swaps in optimised code only once the function is hot (compiled on a
// background thread, which a busy machine delays), so an untimed start
// keeps that from the figures, as tools/ffbench's nn.ts harness does.
const warmUp = 300 * time.Millisecond

// benchEpochs times whole epochs (one pass over the training points, in
// batches of cfg.Batch) of a network of each shape, after warmUp, and
// reports µs/epoch (and, where the platform can tell, the CPU time,
// cpu-µs/epoch).
func benchEpochs(b *testing.B, base Config) {
	set := benchSet(b)
	for _, s := range benchShapes {
		b.Run(s.name, func(b *testing.B) {
			n, err := New(FixedShape(base, s.widths...), set)
			if err != nil {
				b.Fatal(err)
			}
			steps := len(set.Train) / base.Batch
			epoch := func() {
				for range steps {
					if err := n.Step(); err != nil {
						b.Fatal(err)
					}
				}
			}
			for t0 := time.Now(); time.Since(t0) < warmUp; {
				epoch()
			}
			defer lockThread()()
			cpu0, ok := threadCPU()
			for b.Loop() { // the first call resets the timer
				epoch()
			}
			if cpu1, _ := threadCPU(); ok { // a busy machine inflates it less than the wall time
				b.ReportMetric(float64((cpu1-cpu0).Nanoseconds())/1e3/float64(b.N), "cpu-µs/epoch")
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1e3/float64(b.N), "µs/epoch")
		})
	}
}

// BenchmarkEpoch is the comparison with Playground on its own terms:
// plain SGD at learning rate 0.03, batches of 10, tanh, squared error and
// no regularisation (Playground's defaults; the L1 step is off), 25 steps
// an epoch.
func BenchmarkEpoch(b *testing.B) {
	cfg := Default()
	cfg.Optimizer, cfg.LearningRate, cfg.L1, cfg.Batch = SGD, 0.03, 0, 10
	benchEpochs(b, cfg)
}

// BenchmarkEpochRMSProp is the same with ff's defaults: RMSProp at 0.01
// and the L1 step (1e-4) on every hidden neuron's outgoing weights.
func BenchmarkEpochRMSProp(b *testing.B) {
	benchEpochs(b, Default())
}
