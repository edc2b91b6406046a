package narrate

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// clock is a fake clock: the narrator is only ever told the time.
type clock struct{ t float64 }

func (c *clock) after(dt float64) float64 { c.t += dt; return c.t }

// seq returns the facts of a playing recurrent run with neurons ids.
func seq(cycle int, ids ...int64) Facts {
	f := Facts{Family: Sequence, Run: 1, Cycle: cycle, Task: "hard", Loss: 0.7, Floor: 0.5, Playing: true}
	for _, id := range ids {
		f.Neurons = append(f.Neurons, Neuron{ID: id, Strength: 0.3, Born: int(id) * 10})
	}
	return f
}

func TestFirstObservationTellsTheRun(t *testing.T) {
	var n Narrator
	if n.Speech().Seq != 0 {
		t.Fatal("a narrator that saw nothing has said something")
	}
	if !n.Observe(0, seq(0, 1)) {
		t.Fatal("the first observation said nothing")
	}
	sp := n.Speech()
	if sp.Seq != 1 || sp.Neurons != 1 || !strings.HasPrefix(sp.Text, "New run. Recurrent network, training, at cycle 0 on the hard task: 1 neuron.") {
		t.Errorf("first speech %+v", sp)
	}
}

// Births within the gap wait and are told together, once the gap is over.
func TestBirthsWithinTheGapAreBatched(t *testing.T) {
	var n Narrator
	c := &clock{}
	n.Observe(c.t, seq(0, 1, 2, 3, 4, 5, 6, 9))
	if n.Observe(c.after(1), seq(100, 1, 2, 3, 4, 5, 6, 9, 7)) {
		t.Fatalf("a birth 1 s after the last sentence was told at once: %q", n.Speech().Text)
	}
	if n.Observe(c.after(1), seq(200, 1, 2, 3, 4, 5, 6, 9, 7, 8)) {
		t.Fatalf("a birth 2 s after the last sentence was told at once: %q", n.Speech().Text)
	}
	if !n.Observe(c.after(Gap), seq(300, 1, 2, 3, 4, 5, 6, 9, 7, 8)) {
		t.Fatal("the births were never told")
	}
	sp := n.Speech()
	if want := "2 neurons born (ids 7, 8); 9 neurons now."; sp.Text != want {
		t.Errorf("said %q, want %q", sp.Text, want)
	}
	if sp.Neurons != 9 || !slices.Equal(sp.Born, []int64{7, 8}) || len(sp.Died) != 0 || sp.Cycle != 300 {
		t.Errorf("speech %+v", sp)
	}
	// Told once: nothing more until something happens.
	if n.Observe(c.after(Gap), seq(400, 1, 2, 3, 4, 5, 6, 9, 7, 8)) {
		t.Errorf("said again with nothing new: %q", n.Speech().Text)
	}
}

// A birth and a death in one window make one sentence; a neuron born and
// deleted within it is not mentioned.
func TestBirthAndDeathInOneSentence(t *testing.T) {
	var n Narrator
	c := &clock{}
	n.Observe(c.t, seq(0, 1, 2, 3))
	n.Observe(c.after(1), seq(10, 1, 3, 4, 5))
	n.Observe(c.after(1), seq(20, 1, 3, 4))
	if !n.Observe(c.after(Gap), seq(30, 1, 3, 4)) {
		t.Fatal("nothing told")
	}
	if got, want := n.Speech().Text, "1 neuron born (id 4), 1 deleted (id 2); 3 neurons now."; got != want {
		t.Errorf("said %q, want %q", got, want)
	}
}

// At the lesson pace every birth and death is told as it happens.
func TestLessonTellsEachEvent(t *testing.T) {
	var n Narrator
	c := &clock{}
	f := seq(0, 1)
	f.Lesson = true
	n.Observe(c.t, f)
	for i, id := range []int64{2, 3} {
		f = seq(100*(i+1), append([]int64{1, 2, 3}[:i+1], id)...)
		f.Neurons = f.Neurons[:i+2]
		f.Lesson = true
		if !n.Observe(c.after(0.1), f) {
			t.Fatalf("birth of %d at the lesson pace not told at once", id)
		}
		if sp := n.Speech(); !slices.Equal(sp.Born, []int64{id}) || sp.Neurons != i+2 {
			t.Errorf("speech %+v", sp)
		}
	}
}

func TestPauseAndTaskToldAtOnce(t *testing.T) {
	var n Narrator
	c := &clock{}
	n.Observe(c.t, seq(0, 1))
	f := seq(1500, 1, 2)
	f.Playing = false
	if !n.Observe(c.after(0.5), f) {
		t.Fatal("a pause was not told at once")
	}
	if got, want := n.Speech().Text, "Paused at cycle 1,500. 1 neuron born (id 2); 2 neurons now."; got != want {
		t.Errorf("said %q, want %q", got, want)
	}
	f.Task = "easy"
	if !n.Observe(c.after(0.5), f) || n.Speech().Text != "Task now easy." {
		t.Errorf("task change: %q", n.Speech().Text)
	}
}

// Paused, each Step is told at once, with what it changed.
func TestStepToldAtOnce(t *testing.T) {
	var n Narrator
	c := &clock{}
	f := seq(100, 1)
	f.Playing = false
	n.Observe(c.t, f)
	f = seq(101, 1, 2)
	f.Playing = false
	if !n.Observe(c.after(0.2), f) {
		t.Fatal("a step was not told at once")
	}
	if got, want := n.Speech().Text, "Cycle 101: loss 0.700 nats per symbol, 0.200 above the entropy floor. 1 neuron born (id 2); 2 neurons now."; got != want {
		t.Errorf("said %q, want %q", got, want)
	}
	if n.Observe(c.after(0.2), f) {
		t.Errorf("said again with nothing new: %q", n.Speech().Text)
	}
}

// While playing with nothing born or deleted, the loss is told every
// ProgressEvery seconds, not more often.
func TestProgressEvery(t *testing.T) {
	var n Narrator
	c := &clock{}
	n.Observe(c.t, seq(0, 1))
	spoke := 0
	for i := 1; i <= 60; i++ { // a minute, an observation a second
		if n.Observe(c.after(1), seq(i*100, 1)) {
			spoke++
			if !strings.HasPrefix(n.Speech().Text, "Cycle ") || !strings.Contains(n.Speech().Text, "0.200 above the entropy floor; 1 neuron.") {
				t.Errorf("progress %q", n.Speech().Text)
			}
		}
	}
	if want := int(60 / ProgressEvery); spoke != want {
		t.Errorf("told the loss %d times in a minute, want %d", spoke, want)
	}
	// Paused, it says nothing of the loss.
	f := seq(6000, 1)
	f.Playing = false
	n.Observe(c.after(1), f)
	for range 40 {
		if n.Observe(c.after(1), f) {
			t.Fatalf("paused, it said %q", n.Speech().Text)
		}
	}
}

func TestNewRunStartsAfresh(t *testing.T) {
	var n Narrator
	n.Observe(0, seq(0, 1, 2, 3))
	f := seq(0, 1)
	f.Run = 2
	if !n.Observe(0.1, f) || !strings.HasPrefix(n.Speech().Text, "New run.") || len(n.Speech().Died) != 0 {
		t.Errorf("a new run: %+v", n.Speech())
	}
}

func TestWarmingIsSilent(t *testing.T) {
	var n Narrator
	f := seq(0, 1)
	f.Warming = true
	if n.Observe(0, f) {
		t.Fatal("spoke while warming up")
	}
	f = seq(2000, 1, 4, 5)
	f.Warming = true
	if n.Observe(1, f) {
		t.Fatal("spoke while warming up")
	}
	f.Warming = false
	if !n.Observe(1.5, f) || !strings.HasPrefix(n.Speech().Text, "Trained to cycle 2,000. Recurrent network") || n.Speech().Neurons != 3 {
		t.Errorf("after warming: %+v", n.Speech())
	}
	f.Cycle++
	if n.Observe(10, f) {
		t.Errorf("the warm-up's births told afterwards: %q", n.Speech().Text)
	}
}

func ffFacts(cycle int, layers ...[]int64) Facts {
	f := Facts{Family: FF, Run: 1, Cycle: cycle, Task: "circle", Loss: 0.12, TestLoss: 0.15, Test: true, Floor: math.NaN(),
		Accuracy: 0.95, HasAccuracy: true, Playing: true}
	for li, ids := range layers {
		f.Widths = append(f.Widths, len(ids))
		for _, id := range ids {
			f.Neurons = append(f.Neurons, Neuron{ID: id, Layer: li, Strength: 0.2})
		}
	}
	return f
}

func TestFFSpeaksOfLayers(t *testing.T) {
	var n Narrator
	c := &clock{}
	n.Observe(c.t, ffFacts(0, []int64{1, 2}, []int64{3}))
	if !n.Observe(c.after(Gap), ffFacts(50, []int64{1, 2, 4}, []int64{3})) {
		t.Fatal("ff birth not told")
	}
	if got, want := n.Speech().Text, "1 neuron born in layer 1 (id 4); now 4 neurons in 2 layers: 3 and 1."; got != want {
		t.Errorf("said %q, want %q", got, want)
	}
	if !n.Observe(c.after(Gap), ffFacts(100, []int64{1, 2, 4}, []int64{3}, []int64{5})) {
		t.Fatal("ff layer not told")
	}
	if got, want := n.Speech().Text, "1 neuron born in layer 3 (id 5); 1 layer added; now 5 neurons in 3 layers: 3, 1 and 1."; got != want {
		t.Errorf("said %q, want %q", got, want)
	}
	s := Summary(ffFacts(300, []int64{1, 2, 4}, []int64{3}))
	if want := "Feed-forward network, training, at cycle 300 on the circle data: 4 neurons in 2 layers: 3 and 1. Train loss 0.120, test loss 0.150, test accuracy 95.0%."; s != want {
		t.Errorf("summary %q, want %q", s, want)
	}
}

func TestSummary(t *testing.T) {
	f := seq(12000, 1, 2, 3)
	f.Neurons[1].Reserve = true
	if got, want := Summary(f), "Recurrent network, training, at cycle 12,000 on the hard task: 3 neurons, 1 in reserve (below the deletion threshold). Loss 0.700 nats per symbol, 0.200 above the entropy floor."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	f.Rivals = 2
	if got := Summary(f); !strings.Contains(got, "threshold). It races 2 networks of fixed size, drawn beside it. Loss 0.700") {
		t.Errorf("a race: %q", got)
	}
	f.Floor = math.NaN()
	if got := Summary(f); !strings.Contains(got, "floor is unknown") {
		t.Errorf("no floor: %q", got)
	}
}

// A fast run's many births and deaths are counted, not listed, and told
// every BusyGap seconds rather than every Gap.
func TestBusyRunIsCounted(t *testing.T) {
	var n Narrator
	c := &clock{}
	n.Observe(c.t, seq(0, 1, 2))
	if n.Observe(c.after(Gap), seq(1000, 1, 3, 4, 5, 6, 7, 8, 9)) {
		t.Fatalf("7 changes told after %g s: %q", Gap, n.Speech().Text)
	}
	if !n.Observe(c.after(BusyGap-Gap), seq(2000, 1, 3, 4, 5, 6, 7, 8, 9)) {
		t.Fatalf("7 changes not told after %g s", BusyGap)
	}
	if got, want := n.Speech().Text, "7 neurons born and 1 deleted; 8 neurons now."; got != want {
		t.Errorf("said %q, want %q", got, want)
	}
	if sp := n.Speech(); len(sp.Born) != 7 || len(sp.Died) != 1 || sp.Neurons != 8 {
		t.Errorf("speech %+v", sp)
	}
}

func TestIDListIsBounded(t *testing.T) {
	if got, want := idList([]int64{1, 2, 3, 4, 5, 6, 7}), "ids 1, 2, 3, 4, 5 and 2 more"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestNeuronText(t *testing.T) {
	got := NeuronText(Focus{ID: 5, Index: 3, Of: 9, Strength: 0.3149, Threshold: 0.05, Born: 1200})
	if want := "Neuron 5, 3 of 9: strength 0.31, born at cycle 1,200."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got = NeuronText(Focus{ID: 8, Layer: 2, Index: 1, Of: 4, Strength: 0.0042, Threshold: 0.05, Reserve: true})
	if want := "Neuron 8, layer 2, 1 of 4: strength 0.0042, born at cycle 0, in reserve (below the threshold 0.05)."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestNumber(t *testing.T) {
	for x, want := range map[float64]string{0: "0", 0.31: "0.31", 0.0042: "0.0042", 1.234: "1.23", 12.5: "12.50", 0.000012: "0.000012"} {
		if got := Number(x); got != want {
			t.Errorf("Number(%v) = %q, want %q", x, got, want)
		}
	}
	if got := count(1234567); got != "1,234,567" {
		t.Errorf("count: %q", got)
	}
}
