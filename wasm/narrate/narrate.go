// Package narrate writes the demo page's text equivalent of the network
// drawing, for a visitor who cannot see it (a screen reader) or who moves
// through it with the keyboard: a summary of the network as it stands, the
// sentences the page speaks in its polite live region as neurons are born
// and deleted and as the loss falls, and the description of the neuron the
// keyboard's focus ring is on.
//
// Go decides what is said and when: a Narrator is shown every observation
// of the main network (Facts, for either model family) with the time, and
// speaks at most once every Gap seconds, batching the births and deaths of
// that window into one sentence (counted, not listed, and every BusyGap
// seconds when there are many), except at the lesson pace, whose holds
// already space the events out, where it tells each as it happens. The page
// (web/narrate.js) only puts the newest Speech in the live region.
//
// The package is pure Go, with no dependency on the engine: the session
// (wasm/session) fills Facts from its observations, the view (wasm) fills
// Focus from what it draws.
package narrate

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Model families, as linkstate names them.
const (
	Sequence = "sequence" // the recurrent network reading symbols
	FF       = "ff"       // the feed-forward network on points of the plane
)

// Pacing of the live region, in seconds.
const (
	// Gap is the least time between two sentences the run's own progress
	// prompts (births, deaths, the loss); what happens meanwhile waits and
	// is told in one sentence. A visitor's own action (play, pause, a step,
	// a task change, a new run) is told at once.
	Gap = 4.0
	// BusyGap replaces Gap when more than MaxIDs births and deaths wait
	// (a fast run changes faster than anyone can listen): they are then
	// counted, not listed, every BusyGap seconds.
	BusyGap = 12.0
	// ProgressEvery is how often, while the run plays, the loss is told
	// when nothing else was.
	ProgressEvery = 15.0
	// MaxIDs is the most neuron ids a sentence lists; the rest are counted.
	MaxIDs = 5
)

// Neuron is one hidden neuron as observed.
type Neuron struct {
	ID       int64
	Layer    int // its hidden layer, from 0 (always 0 for the recurrent network)
	Strength float64
	Born     int  // the cycle it was added at
	Reserve  bool // below the deletion threshold
}

// Facts is one observation of the run's main network: the only source of
// what the narrator says.
type Facts struct {
	Family string // Sequence or FF
	// Run changes with every new run (a reset, a new setting, a loaded
	// file): what was said belongs to the old one.
	Run     int
	Cycle   int
	Task    string   // the task (sequence) or the data set (ff) being learned
	Neurons []Neuron // in the order the view draws them
	Widths  []int    // ff: neurons per hidden layer, input side first
	// Loss is the smoothed loss: nats per symbol (sequence) or the train
	// loss per point (ff).
	Loss float64
	// Floor is the sequence task's entropy floor in nats per symbol, NaN
	// when unknown (a text) or for ff.
	Floor float64
	// TestLoss is ff's loss on the held-out points, when Test is true.
	TestLoss float64
	Test     bool
	// Accuracy is ff's accuracy (test points' if any, else train), a
	// fraction, when HasAccuracy (not for regression).
	Accuracy    float64
	HasAccuracy bool
	Playing     bool
	Rivals      int  // networks racing the main one (of fixed sizes), not narrated
	Lesson      bool // the lesson pace: each birth and death is told as it happens
	Warming     bool // a warm-start link is training up to its cycle, unseen
}

// N returns the number of hidden neurons.
func (f Facts) N() int { return len(f.Neurons) }

// Reserve returns the number of neurons below the deletion threshold.
func (f Facts) Reserve() int {
	k := 0
	for _, n := range f.Neurons {
		if n.Reserve {
			k++
		}
	}
	return k
}

// layers returns the number of hidden layers (1 for the recurrent network).
func (f Facts) layers() int {
	if f.Family == FF {
		return len(f.Widths)
	}
	return 1
}

// Speech is the newest sentence for the live region. The page shows Text
// when Seq changes; the other fields are what Text states, for tests.
type Speech struct {
	Seq     int     `json:"seq"` // 0: nothing said yet
	Text    string  `json:"text"`
	Cycle   int     `json:"cycle"`   // the cycle the text describes
	Neurons int     `json:"neurons"` // the neuron count the text states
	Born    []int64 `json:"born"`    // the neurons it says were born
	Died    []int64 `json:"died"`    // the neurons it says were deleted
}

// Narrator decides what the live region says: it remembers what it last
// told and when.
type Narrator struct {
	said       Speech
	started    bool
	run        int
	known      map[int64]Neuron // the neurons as last told
	widths     []int            // the layers' widths as last told
	at         float64          // when it last spoke (s)
	progressAt float64          // when it last told the loss (s)
	playing    bool
	task       string
	cycle      int  // the cycle last observed
	warmed     bool // the run was warming up, unseen, when last observed
}

// Speech returns the newest sentence (Seq 0 before the first).
func (n *Narrator) Speech() Speech { return n.said }

// Observe shows the narrator the run at time now (seconds, any origin, not
// decreasing) and reports whether it said something new.
func (n *Narrator) Observe(now float64, f Facts) bool {
	if !n.started || f.Run != n.run {
		n.started, n.run, n.warmed = true, f.Run, false
		n.remember(f)
		n.playing, n.task, n.cycle, n.progressAt = f.Playing, f.Task, f.Cycle, now
		if f.Warming {
			n.warmed = true
			return false
		}
		n.say(now, f, "New run. "+Summary(f), nil, nil)
		return true
	}
	if f.Warming {
		n.remember(f)
		n.warmed, n.cycle = true, f.Cycle
		return false
	}
	if n.warmed {
		n.warmed = false
		n.remember(f)
		n.playing, n.task, n.cycle, n.progressAt = f.Playing, f.Task, f.Cycle, now
		n.say(now, f, fmt.Sprintf("Trained to cycle %s. %s", count(f.Cycle), Summary(f)), nil, nil)
		return true
	}
	born, died := n.changes(f)
	changed := len(born)+len(died) > 0 || !slices.Equal(n.widths, f.Widths)
	var parts []string
	asked := false // the visitor's own action: told at once
	if f.Task != n.task {
		asked = true
		what := "Task"
		if f.Family == FF {
			what = "Data set"
		}
		parts = append(parts, fmt.Sprintf("%s now %s.", what, f.Task))
	}
	if f.Playing != n.playing {
		asked = true
		if f.Playing {
			parts = append(parts, "Playing.")
		} else {
			parts = append(parts, fmt.Sprintf("Paused at cycle %s.", count(f.Cycle)))
		}
	} else if !f.Playing && f.Cycle != n.cycle {
		// Paused, only the visitor's Step moves the run: say where it is.
		asked = true
		parts = append(parts, fmt.Sprintf("Cycle %s: %s.", count(f.Cycle), lossPhrase(f)))
	}
	due := now-n.at >= Gap
	busy := len(born)+len(died) > MaxIDs
	told := changed && (asked || f.Lesson || due && (!busy || now-n.at >= BusyGap))
	if told {
		parts = append(parts, n.change(f, born, died))
	} else {
		born, died = nil, nil
	}
	if len(parts) == 0 && f.Playing && due && now-n.progressAt >= ProgressEvery && f.Cycle != n.said.Cycle {
		parts = append(parts, fmt.Sprintf("Cycle %s: %s; %s.", count(f.Cycle), lossPhrase(f), sizePhrase(f)))
		n.progressAt = now
	}
	n.playing, n.task, n.cycle = f.Playing, f.Task, f.Cycle
	if len(parts) == 0 {
		return false
	}
	if told {
		n.remember(f)
	}
	n.say(now, f, strings.Join(parts, " "), born, died)
	return true
}

// say records a new sentence.
func (n *Narrator) say(now float64, f Facts, text string, born, died []int64) {
	n.said = Speech{Seq: n.said.Seq + 1, Text: text, Cycle: f.Cycle, Neurons: f.N(), Born: orEmpty(born), Died: orEmpty(died)}
	n.at = now
}

func orEmpty(xs []int64) []int64 {
	if xs == nil {
		return []int64{}
	}
	return xs
}

// remember takes f's neurons as told.
func (n *Narrator) remember(f Facts) {
	n.known = make(map[int64]Neuron, len(f.Neurons))
	for _, x := range f.Neurons {
		n.known[x.ID] = x
	}
	n.widths = slices.Clone(f.Widths)
}

// changes returns the ids of f's neurons not told yet and of the told
// ones f no longer has, each in increasing order.
func (n *Narrator) changes(f Facts) (born, died []int64) {
	now := make(map[int64]bool, len(f.Neurons))
	for _, x := range f.Neurons {
		now[x.ID] = true
		if _, ok := n.known[x.ID]; !ok {
			born = append(born, x.ID)
		}
	}
	for id := range n.known {
		if !now[id] {
			died = append(died, id)
		}
	}
	slices.Sort(born)
	slices.Sort(died)
	return born, died
}

// change writes the births and deaths since the last sentence, then the size:
// "2 neurons born (ids 7, 8); 9 neurons now."
func (n *Narrator) change(f Facts, born, died []int64) string {
	layerOf := map[int64]int{}
	for _, x := range f.Neurons {
		layerOf[x.ID] = x.Layer
	}
	for id, x := range n.known {
		layerOf[id] = x.Layer
	}
	var parts []string
	busy := len(born)+len(died) > MaxIDs
	if len(born) > 0 {
		parts = append(parts, event(len(born), "born", born, f, layerOf, true, busy))
	}
	if len(died) > 0 {
		parts = append(parts, event(len(died), "deleted", died, f, layerOf, len(born) == 0, busy))
	}
	sep := ", "
	if busy {
		sep = " and "
	}
	s := strings.Join(parts, sep)
	if f.Family == FF && len(f.Widths) != len(n.widths) {
		if s != "" {
			s += "; "
		}
		if len(f.Widths) > len(n.widths) {
			s += fmt.Sprintf("%s added", plural(len(f.Widths)-len(n.widths), "layer"))
		} else {
			s += fmt.Sprintf("%s deleted", plural(len(n.widths)-len(f.Widths), "layer"))
		}
	}
	if s == "" { // a layer's width changed with no neuron told (cannot happen, but say the size)
		return capital(sizePhrase(f)) + "."
	}
	if f.Family == FF {
		return capital(s) + "; now " + sizePhrase(f) + "."
	}
	return capital(s) + "; " + sizePhrase(f) + " now."
}

// event writes "2 neurons born (ids 7, 8)", or "1 deleted (id 3)" after
// another event (noun false), with the layer when all are in one (ff);
// count alone leaves the ids and the layer out ("16 neurons born").
func event(k int, verb string, ids []int64, f Facts, layerOf map[int64]int, noun, count bool) string {
	head := strconv.Itoa(k)
	if noun {
		head = plural(k, "neuron")
	}
	if count {
		return head + " " + verb
	}
	where := ""
	if f.Family == FF {
		one := true
		for _, id := range ids {
			one = one && layerOf[id] == layerOf[ids[0]]
		}
		if one {
			where = fmt.Sprintf(" in layer %d", layerOf[ids[0]]+1)
		}
	}
	return fmt.Sprintf("%s %s%s (%s)", head, verb, where, idList(ids))
}

// idList writes "id 7" or "ids 7, 8" (at most MaxIDs, then "and 3 more").
func idList(ids []int64) string {
	word := "ids "
	if len(ids) == 1 {
		word = "id "
	}
	shown := ids[:min(len(ids), MaxIDs)]
	s := make([]string, len(shown))
	for i, id := range shown {
		s[i] = strconv.FormatInt(id, 10)
	}
	out := word + strings.Join(s, ", ")
	if len(ids) > MaxIDs {
		out += fmt.Sprintf(" and %d more", len(ids)-MaxIDs)
	}
	return out
}

// Summary describes the network as it stands, for the drawing's text
// equivalent: its size, its reserve and its loss.
func Summary(f Facts) string {
	var b strings.Builder
	state := "paused"
	if f.Playing {
		state = "training"
	}
	if f.Family == FF {
		fmt.Fprintf(&b, "Feed-forward network, %s, at cycle %s on the %s data: %s", state, count(f.Cycle), f.Task, sizePhrase(f))
	} else {
		fmt.Fprintf(&b, "Recurrent network, %s, at cycle %s on the %s task: %s", state, count(f.Cycle), f.Task, sizePhrase(f))
	}
	if r := f.Reserve(); r > 0 && f.N() > 0 {
		fmt.Fprintf(&b, ", %d in reserve (below the deletion threshold)", r)
	}
	b.WriteString(". ")
	if f.Rivals > 0 {
		fmt.Fprintf(&b, "It races %s of fixed size, drawn beside it. ", plural(f.Rivals, "network"))
	}
	if f.Cycle == 0 {
		b.WriteString("Not trained yet.")
		return b.String()
	}
	b.WriteString(capital(lossPhrase(f)))
	if f.HasAccuracy {
		which := "train"
		if f.Test {
			which = "test"
		}
		fmt.Fprintf(&b, ", %s accuracy %.1f%%", which, 100*f.Accuracy)
	}
	b.WriteString(".")
	return b.String()
}

// sizePhrase writes the network's size: "9 neurons" (sequence), "7 neurons
// in 2 layers: 4 and 3" (ff).
func sizePhrase(f Facts) string {
	if f.Family != FF {
		return plural(f.N(), "neuron")
	}
	s := plural(f.N(), "neuron") + " in " + plural(f.layers(), "layer")
	if len(f.Widths) > 1 {
		w := make([]string, len(f.Widths))
		for i, x := range f.Widths {
			w[i] = strconv.Itoa(x)
		}
		s += ": " + strings.Join(w[:len(w)-1], ", ") + " and " + w[len(w)-1]
	}
	return s
}

// lossPhrase writes the loss against its reference: the entropy floor
// (sequence) or the test loss (ff).
func lossPhrase(f Facts) string {
	if f.Family == FF {
		if f.Test {
			return fmt.Sprintf("train loss %.3f, test loss %.3f", f.Loss, f.TestLoss)
		}
		return fmt.Sprintf("train loss %.3f", f.Loss)
	}
	if math.IsNaN(f.Floor) {
		return fmt.Sprintf("loss %.3f nats per symbol (this text's floor is unknown)", f.Loss)
	}
	gap := f.Loss - f.Floor
	if gap < 0.0005 {
		return fmt.Sprintf("loss %.3f nats per symbol, on the entropy floor", f.Loss)
	}
	return fmt.Sprintf("loss %.3f nats per symbol, %.3f above the entropy floor", f.Loss, gap)
}

// Focus is the neuron the view's keyboard focus ring is on.
type Focus struct {
	ID        int64
	Layer     int // its hidden layer from 1 (ff), 0 for the recurrent network
	Index     int // its place from 1: on the ring, or in its layer from the top
	Of        int // neurons on the ring, or in its layer
	Strength  float64
	Threshold float64
	Born      int
	Cycle     int // the cycle drawn
	Reserve   bool
}

// NeuronText describes the focused neuron in one sentence:
// "Neuron 5, 3 of 9: strength 0.31, born at cycle 1,200."
func NeuronText(x Focus) string {
	where := fmt.Sprintf("%d of %d", x.Index, x.Of)
	if x.Layer > 0 {
		where = fmt.Sprintf("layer %d, %d of %d", x.Layer, x.Index, x.Of)
	}
	s := fmt.Sprintf("Neuron %d, %s: strength %s, born at cycle %s", x.ID, where, Number(x.Strength), count(x.Born))
	if x.Reserve {
		s += ", in reserve (below the threshold " + Number(x.Threshold) + ")"
	}
	return s + "."
}

// Number writes a non-negative strength or weight with two significant
// digits (no trailing zero past two decimals) and at least two decimals,
// never in exponent form: 0.31, 0.0042, 0.05, 1.25.
func Number(x float64) string {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	d := max(2, 1-int(math.Floor(math.Log10(math.Abs(x)))))
	s := strconv.FormatFloat(x, 'f', min(d, 8), 64)
	for d > 2 && strings.HasSuffix(s, "0") { // 0.050 reads 0.05
		s, d = s[:len(s)-1], d-1
	}
	return s
}

// count writes a whole number with thousands separators: 12,000.
func count(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// plural writes "1 neuron", "7 neurons".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
