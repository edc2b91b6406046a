package session

import "github.com/diffstruct/diffstruct/wasm/wire"

// Model is one run of a model family as the page's runs drive it: it steps
// every network of the run by one training cycle, says what the last cycle
// did to the main network, reports each network's numbers and snapshots
// every network for the view, each with its wire kind. Both families are
// Models: the recurrent race (rnnModel, driven by Session) and the
// feed-forward run (ffModel, driven by Layered), so the pacing, the status's
// numbers and the snapshot go through one interface. What only one family
// has (a recurrent run's task switches, sample and helper workers; a
// feed-forward run's data set) stays with its run.
type Model interface {
	// Kind returns the model family, a linkstate.Models name.
	Kind() string
	// Step runs one training cycle of every network.
	Step() error
	// Cycle returns the cycles completed.
	Cycle() int
	// Len returns the number of networks (1 without a race).
	Len() int
	// Changed returns the neurons the last cycle added to and deleted from
	// the main network.
	Changed() (added, deleted int)
	// Numbers returns network i's numbers (0: the main one); full adds the
	// accuracies, which evaluate every example.
	Numbers(i int, full bool) Numbers
	// AppendRunners appends every network's snapshot, the main one first.
	AppendRunners(dst []wire.Runner, v View) []wire.Runner
}

// Numbers is one network of a Model as the status and the charts show it.
type Numbers struct {
	Name         string
	Cycle        int
	Neurons      int     // hidden neurons in all layers
	Reserve      int     // of which below the threshold
	Widths       []int   // hidden neurons per layer, input side first
	Threshold    float64 // the structural rule's T_D
	Loss         float64 // the smoothed training loss (a recurrent run's per window)
	TestLoss     float64 // on the held-out examples (0 without any)
	Accuracy     float64 // on the training examples (full only)
	TestAccuracy float64 // on the held-out examples (full only)
	Digest       uint64  // the network's fingerprint
	Train, Test  int     // examples trained on and held out (0 for the recurrent family, which streams)
	Regression   bool    // the targets are values, not classes
}

// View is what a snapshot says about the page's controls.
type View struct {
	// Rate is the speed control's rate in the family's unit (0: as fast as
	// possible): symbols per second for the recurrent family, whose view
	// paces the window by it, cycles per second for the feed-forward one.
	Rate    float64
	Playing bool
}
