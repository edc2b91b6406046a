package tour

import (
	"fmt"
	"strconv"
	"strings"
)

// FFFacts are what the feed-forward tour's sentences are written from: the
// run as the page shows it at one cycle.
type FFFacts struct {
	Cycle      int
	Playing    bool
	Data       string    // the data set's kind
	Regression bool      // labels are values, not classes
	Widths     []int     // hidden neurons per layer, input side first
	Reserve    []int     // neurons below the threshold, per layer
	Gains      []float64 // each layer's multiplier on its output
	Threshold  float64
	TrainLoss  float64
	TestLoss   float64
	TestPoints int
	Accuracy   float64 // on the test points (the training points without any)
}

// Neurons returns the hidden neurons in all layers.
func (f FFFacts) Neurons() int {
	n := 0
	for _, w := range f.Widths {
		n += w
	}
	return n
}

// ffStep is one stop of the feed-forward tour.
type ffStep struct {
	title, target string
	enter         func() Actions
	wait          func(from, f FFFacts) bool // nil: waits for nothing
	waiting       string                     // the text while it waits
	shown         func(from, f FFFacts) string
}

// The feed-forward tour's speed while it waits for the structure to change.
const FFWatchSpeed = "100"

var ffSteps = []ffStep{
	{
		title: "The points", target: ".frame",
		enter: func() Actions { return Actions{Pause: true, Solo: true, Reset: true, Speed: FFWatchSpeed} },
		shown: func(_, f FFFacts) string {
			what := "its class, blue for +1 and orange for −1"
			if f.Regression {
				what = "its value, from orange (−1) to blue (+1)"
			}
			s := fmt.Sprintf("Each dot on the big square is a point of the %s data set, coloured by %s. ", f.Data, what)
			s += "The square's own colour is the network's answer at every place of the plane: learning means painting it to match the dots. "
			if f.TestPoints > 0 {
				s += fmt.Sprintf("The %s drawn as rings are held out: the network never trains on them, so they tell how well it generalises.", plural(f.TestPoints, "point"))
			}
			return s
		},
	},
	{
		title: "One neuron", target: ".frame",
		enter: func() Actions { return Actions{Pause: true} },
		shown: func(_, f FFFacts) string {
			s := fmt.Sprintf("The network starts with %s in %s, drawn as the column of small squares between the inputs (x, y) and the output. ",
				plural(f.Neurons(), "hidden neuron"), plural(len(f.Widths), "layer"))
			s += "Each small square is that neuron's own output over the plane. The bar under it is its strength, the mean size of its outgoing weights, against the tick at the threshold " +
				num(f.Threshold) + ": a neuron below it is a spare in reserve, drawn dashed. Press Next to start learning."
			return s
		},
	},
	{
		title: "Width is learned", target: ".frame",
		enter:   func() Actions { return Actions{Play: true} },
		waiting: "Learning makes useful neurons stronger, and an L1 pull makes every neuron weaker. Each layer keeps one spare below the threshold: when its spare is put to work, a new one is added. The run will pause when the first layer grows.",
		wait: func(from, f FFFacts) bool {
			return len(f.Widths) > 0 && len(from.Widths) > 0 && f.Widths[0] > from.Widths[0]
		},
		shown: func(from, f FFFacts) string {
			return fmt.Sprintf("At cycle %s the first layer grew from %s to %s (%d in reserve). The same rule as the recurrent networks' (Miconi 2016), applied to each layer: its width is learned, not chosen by hand as on TensorFlow Playground.",
				count(f.Cycle), plural(from.Widths[0], "neuron"), plural(f.Widths[0], "neuron"), at(f.Reserve, 0))
		},
	},
	{
		title: "Depth is learned", target: ".frame",
		enter:   func() Actions { return Actions{Play: true} },
		waiting: "Layers follow the same rule: the network keeps one spare layer. A new layer is added after the last with a small gain, its multiplier on what it adds to the output, so it barely changes the answer until gradient descent makes it useful. The run will pause when a layer is added or removed.",
		wait:    func(from, f FFFacts) bool { return len(f.Widths) != len(from.Widths) },
		shown: func(from, f FFFacts) string {
			verb := "added"
			if len(f.Widths) < len(from.Widths) {
				verb = "removed (its gain and its neurons had faded)"
			}
			s := fmt.Sprintf("At cycle %s a layer was %s: the network now has %s, of widths %s, and their gains are %s. ",
				count(f.Cycle), verb, plural(len(f.Widths), "layer"), widths(f.Widths), gains(f.Gains))
			s += "A layer whose gain and whose neurons are all below the threshold " + num(f.Threshold) + " is the spare layer; if a second one appears, one of them is deleted."
			return s
		},
	},
	{
		title: "Train and test loss", target: ".charts",
		enter: func() Actions { return Actions{} },
		shown: func(_, f FFFacts) string {
			s := fmt.Sprintf("At cycle %s the training loss is %s", count(f.Cycle), sig3(f.TrainLoss))
			if f.TestPoints > 0 {
				s += fmt.Sprintf(" and the loss on the held-out points %s", sig3(f.TestLoss))
			}
			s += " (½(output − label)² per point). "
			if !f.Regression {
				s += fmt.Sprintf("%s of the points are on the right side. ", pct(f.Accuracy))
			}
			return s + "A test loss that rises while the training loss falls would mean the network memorises the points instead of learning the pattern."
		},
	},
	{
		title: "Race a hand-sized network", target: "#ff-race-on",
		enter: func() Actions { return Actions{} },
		shown: func(_, f FFFacts) string {
			return fmt.Sprintf("This network chose %s in %s. Tick \"Race against fixed shapes\" to train networks of fixed sizes beside it on the very same points, such as Playground's default 4-2, and compare their losses. Try the spiral: it needs more neurons and layers than the circle.",
				plural(f.Neurons(), "neuron"), plural(len(f.Widths), "layer"))
		},
	},
}

// FFTour is the feed-forward family's guided tour: the step shown and the
// facts it started from.
type FFTour struct {
	at   int
	from FFFacts
	seen bool // the step's event happened
}

// NewFF returns a feed-forward tour that has not started.
func NewFF() *FFTour { return &FFTour{at: -1} }

// FFSteps returns the number of steps of the feed-forward tour.
func FFSteps() int { return len(ffSteps) }

// Active reports whether the tour is showing a step.
func (t *FFTour) Active() bool { return t.at >= 0 && t.at < len(ffSteps) }

// Start shows the first step and returns what it does to the run; the
// session applies it and then calls Begin.
func (t *FFTour) Start() Actions {
	t.at, t.seen = 0, false
	return ffSteps[0].enter()
}

// Next moves on; done is true past the last step (the run plays on).
func (t *FFTour) Next() (a Actions, done bool) {
	if !t.Active() {
		return Actions{}, true
	}
	t.at++
	t.seen = false
	if t.at >= len(ffSteps) {
		t.at = -1
		return Actions{Play: true}, true
	}
	return ffSteps[t.at].enter(), false
}

// End stops the tour.
func (t *FFTour) End() { t.at, t.seen = -1, false }

// Begin tells the tour the run as the step's actions left it.
func (t *FFTour) Begin(f FFFacts) { t.from, t.seen = f.clone(), false }

// Waiting reports whether the step waits for an event not seen yet.
func (t *FFTour) Waiting() bool { return t.Active() && ffSteps[t.at].wait != nil && !t.seen }

// Watch looks at the run after a cycle and returns true when the step's
// event has just happened (the session then pauses).
func (t *FFTour) Watch(f FFFacts) bool {
	if !t.Waiting() || !ffSteps[t.at].wait(t.from, f) {
		return false
	}
	t.seen = true
	return true
}

// Card returns the step shown, written from f; ok is false when the tour
// is not running.
func (t *FFTour) Card(f FFFacts) (c Card, ok bool) {
	if !t.Active() {
		return Card{}, false
	}
	s := ffSteps[t.at]
	c = newCard(t.at, len(ffSteps), s.title, s.target)
	if t.Waiting() {
		c.Waiting, c.Text = true, s.waiting
		c.Event = "Learning " + speedWords(FFWatchSpeed) + "."
		if !f.Playing {
			c.Event = "The run is paused: press Play to go on watching."
		}
		return c, true
	}
	c.Text = s.shown(t.from, f)
	c.Event = shownEvent(c.Next, f.Playing, f.Cycle)
	return c, true
}

func (f FFFacts) clone() FFFacts {
	f.Widths = append([]int(nil), f.Widths...)
	f.Reserve = append([]int(nil), f.Reserve...)
	f.Gains = append([]float64(nil), f.Gains...)
	return f
}

func at(xs []int, i int) int {
	if i < len(xs) {
		return xs[i]
	}
	return 0
}

func widths(ws []int) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = fmt.Sprint(w)
	}
	return strings.Join(parts, "-")
}

func gains(gs []float64) string {
	parts := make([]string, len(gs))
	for i, g := range gs {
		parts[i] = sig3(g)
	}
	return strings.Join(parts, ", ")
}

// sig3 formats a loss or a gain with three significant digits.
func sig3(x float64) string { return strconv.FormatFloat(x, 'g', 3, 64) }
