package tour

import (
	"fmt"
	"math"
	"strings"
)

// Speeds the tour runs at: slow enough to watch the births and the growth
// on the hard task, faster while it waits for a death (the first comes
// after about 2,000 cycles).
const (
	WatchSpeed = "100"
	DeathSpeed = "1000"
	// Growth is how many more neurons the hard-task step waits for.
	Growth = 3
)

var steps = []step{
	{
		title: "One neuron", target: ".frame",
		enter: func(*Tour) Actions {
			return Actions{Pause: true, Solo: true, Grow: true, Task: "easy", Reset: true, Speed: WatchSpeed}
		},
		shown: func(_ *Tour, f Facts) (string, *Claims) {
			var b strings.Builder
			if f.N() == 1 {
				n := f.Neurons[0]
				fmt.Fprintf(&b, "This network starts with a single hidden neuron, #%d, between the input symbols (left) and its predictions (right). ", n.ID)
				fmt.Fprintf(&b, "%s %s, %s", strengthIs(f), strength(n.Strength, f.Threshold), side(n, f.Threshold))
				if n.Hollow {
					b.WriteString(" inside a dotted ring: a neuron below the threshold is a spare, kept in reserve. ")
				} else {
					b.WriteString(". ")
				}
			} else {
				fmt.Fprintf(&b, "This network starts with %s, between the input symbols (left) and its predictions (right). ", plural(f.N(), "hidden neuron"))
				b.WriteString(meaning(f) + "; below the deletion threshold " + num(f.Threshold) +
					" a neuron is a spare, kept in reserve, and drawn hollow inside a dotted ring. ")
			}
			b.WriteString(summary(f) + " Press Next to start learning the " + f.Task + " task, " + speedWords(WatchSpeed) + ".")
			return b.String(), claims(f)
		},
	},
	{
		title: "A neuron is born", target: ".frame",
		enter: func(*Tour) Actions { return Actions{Play: true} },
		wait:  func(_ *Tour, _, f Facts) bool { return len(f.Born()) > 0 },
		waiting: func(_ *Tour, f Facts) (string, string) {
			return "Learning makes useful neurons stronger. The rule aims to keep " + plural(f.Keep, "neuron") +
					" in reserve, below the threshold: when fewer are left, it adds a new neuron, with probability " +
					pct(f.PAdd) + " each cycle.",
				"Learning the " + f.Task + " task, " + speedWords(f.Speed) + ": the run will pause at the next birth."
		},
		shown: func(t *Tour, f Facts) (string, *Claims) {
			e := t.event
			born := e.after.Born()
			var b strings.Builder
			c := claims(f)
			b.WriteString(neurons(born))
			if f.Cycle == e.after.Cycle {
				b.WriteString(were(born, "just born") + ", at cycle " + count(e.after.Cycle) + ": it grew in with a yellow glow")
				c.Born = born
			} else {
				b.WriteString(were(born, "born") + " at cycle " + count(e.after.Cycle))
			}
			fmt.Fprintf(&b, ", and the network went from %s to %d. ", plural(e.before.N(), "neuron"), e.after.N())
			switch {
			case e.before.Cycle != e.after.Cycle-1:
			case e.before.Reserve() < e.before.Keep:
				if e.before.Reserve() == 0 {
					b.WriteString("It was added because no neuron was left in reserve: a cycle before, " + allSolid(e.before) + ". ")
				} else {
					b.WriteString("It was added because only " + plural(e.before.Reserve(), "neuron") + " were in reserve a cycle before, fewer than " + keeps(e.before) + ". ")
				}
			default:
				b.WriteString("The reserve was not empty: this one came from the rule's rare spontaneous addition (probability " + pct(e.before.PSpont) + " a cycle). ")
			}
			for _, id := range born {
				n, ok := f.Neuron(id)
				switch {
				case !ok:
					fmt.Fprintf(&b, "#%d has been deleted since. ", id)
				case f.Cycle == e.after.Cycle:
					fmt.Fprintf(&b, "#%d starts with strength %s, %s", id, strength(n.Strength, f.Threshold), side(n, f.Threshold))
					if n.Hollow {
						b.WriteString(": it is the new reserve. ")
					} else {
						b.WriteString(". ")
					}
				default:
					fmt.Fprintf(&b, "#%d's strength is now %s, %s. ", id, strength(n.Strength, f.Threshold), side(n, f.Threshold))
				}
			}
			b.WriteString(summary(f))
			return b.String(), c
		},
	},
	{
		title: "A neuron dies", target: ".frame",
		enter: func(*Tour) Actions { return Actions{Play: true, Speed: DeathSpeed} },
		wait:  func(_ *Tour, before, f Facts) bool { return f.Deleted > 0 },
		waiting: func(_ *Tour, f Facts) (string, string) {
			return "An L1 penalty pulls every outgoing connection towards zero, so a neuron stays strong only while it helps the predictions. " +
					"When more neurons are below the threshold than " + keeps(f) + ", each extra one is deleted with probability " +
					pct(f.PDel) + " a cycle: it shrinks and fades away.",
				"Learning the " + f.Task + " task, " + speedWords(f.Speed) + ": the run will pause at the next deletion."
		},
		shown: func(t *Tour, f Facts) (string, *Claims) {
			e := t.event
			var b strings.Builder
			c := claims(f)
			known := e.before.Cycle == e.after.Cycle-1
			dead := e.after.Gone(e.before)
			who := "A neuron was"
			if known {
				who = neurons(dead) + map[bool]string{true: " was", false: " were"}[len(dead) == 1]
			}
			if f.Cycle == e.after.Cycle {
				b.WriteString(who + " just deleted, at cycle " + count(e.after.Cycle) + ": it shrank and faded away")
				if known {
					c.Died = dead
				}
			} else {
				b.WriteString(who + " deleted at cycle " + count(e.after.Cycle))
			}
			fmt.Fprintf(&b, ", and the network went from %s to %d. ", plural(e.before.N(), "neuron"), e.after.N())
			if known {
				hollow := e.before.Hollow()
				if len(dead) == 1 {
					n, _ := e.before.Neuron(dead[0])
					fmt.Fprintf(&b, "A cycle before, its strength was %s, below the threshold, and %s in reserve (%s): ",
						strength(n.Strength, e.before.Threshold), plural(len(hollow), "neuron")+map[bool]string{true: " was", false: " were"}[len(hollow) == 1], idList(hollow))
				} else {
					fmt.Fprintf(&b, "A cycle before, %s in reserve (%s): ", plural(len(hollow), "neuron")+" were", idList(hollow))
				}
				b.WriteString("more than " + keeps(e.before) + ", so the extra ones could be deleted. ")
				if f.Cycle == e.after.Cycle {
					// Say which spare ones crossed the threshold since (the
					// strengths are rescaled and updated every cycle).
					var rose []int64
					for _, id := range hollow {
						if n, ok := f.Neuron(id); ok && !n.Hollow {
							rose = append(rose, id)
						}
					}
					if len(rose) > 0 {
						b.WriteString(idList(rose) + ", below the threshold a cycle before, " + map[bool]string{true: "is", false: "are"}[len(rose) == 1] +
							" now just above it. ")
					}
					if f.Reserve() < f.Keep {
						b.WriteString("With fewer in reserve than " + keeps(f) + ", the rule will add a neuron (probability " + pct(f.PAdd) + " a cycle). ")
					}
				}
			}
			b.WriteString(summary(f))
			return b.String(), c
		},
	},
	{
		title: "Why it lives or dies", target: "#insp-main",
		enter:   func(*Tour) Actions { return Actions{Pause: true} },
		inspect: func(f Facts) int64 { return inspected(f).ID },
		shown: func(_ *Tour, f Facts) (string, *Claims) {
			n := inspected(f)
			var b strings.Builder
			b.WriteString("Click any neuron, or press N, to open this panel: it shows why a neuron lives or dies. ")
			if n.Hollow {
				fmt.Fprintf(&b, "Here it is #%d, the neuron in reserve: ", n.ID)
			} else {
				fmt.Fprintf(&b, "Here it is #%d, the weakest neuron (none is in reserve now): ", n.ID)
			}
			if f.Multiplier {
				fmt.Fprintf(&b, "its strength %s is its multiplier, ", strength(n.Strength, f.Threshold))
			} else {
				fmt.Fprintf(&b, "its strength %s is the rule's formula filled in with this cycle's weights, ", strength(n.Strength, f.Threshold))
			}
			b.WriteString(side(n, f.Threshold) + ". ")
			if n.Hollow {
				b.WriteString("It is a spare: while more neurons than " + keeps(f) + " are below the threshold, the extra ones may be deleted. ")
			}
			b.WriteString("The chart shows its strength since its birth against the threshold, and its story says when and why it was born. " + summary(f))
			return b.String(), claims(f)
		},
	},
	{
		title: "The floor", target: "#loss-chart",
		enter: func(*Tour) Actions { return Actions{Pause: true} },
		shown: func(_ *Tour, f Facts) (string, *Claims) {
			var b strings.Builder
			b.WriteString("The loss measures how surprised the network is by each next symbol. ")
			fmt.Fprintf(&b, "At cycle %s it is %.3f nats per symbol; it started at %.3f, a blind guess. ", count(f.Cycle), f.Loss, f.Start)
			if !math.IsNaN(f.Floor) {
				fmt.Fprintf(&b, "The entropy floor, %.3f nats per symbol (%.2f per %d-symbol window), is the surprise no predictor can avoid on this task: ",
					f.Floor, f.Floor*float64(f.Window), f.Window)
				if d := f.Loss - f.Floor; d >= 0 {
					fmt.Fprintf(&b, "the network is %.3f above it. ", d)
				} else {
					fmt.Fprintf(&b, "the network's smoothed loss is %.3f below it, by luck of the recent symbols. ", -d)
				}
				b.WriteString("On the loss chart, the dashed line labelled entropy floor marks it.")
			} else {
				b.WriteString("This task's entropy floor is not known, so the chart draws none.")
			}
			// The network view is out of sight here: the text states the
			// loss only.
			return b.String(), &Claims{Cycle: f.Cycle, Loss: f.Loss, Hollow: []int64{}, Solid: []int64{}, Born: []int64{}, Died: []int64{}}
		},
	},
	{
		title: "Now a harder task", target: "#neuron-chart",
		enter: func(*Tour) Actions { return Actions{Task: "hard", Speed: WatchSpeed, Play: true} },
		wait:  func(t *Tour, _, f Facts) bool { return f.N() >= t.from.N()+Growth },
		waiting: func(t *Tour, f Facts) (string, string) {
			task := "The task is now " + f.Task + ". "
			if f.Task == "hard" {
				task = "The task is now hard: each group of letters is the previous group reversed, with one letter flipped, so the network must remember the whole group. "
			}
			return task + "Switching at cycle " + count(t.from.Cycle) + " kept the network and its " + plural(t.from.N(), "neuron") + "; it grows new neurons to cope. Watch the neuron chart.",
				"Learning the " + f.Task + " task, " + speedWords(f.Speed) + ": the run will pause when it has " + count(t.from.N()+Growth) + " neurons."
		},
		shown: func(t *Tour, f Facts) (string, *Claims) {
			e := t.event
			var b strings.Builder
			fmt.Fprintf(&b, "It grew from %d to %d neurons for the %s task, between cycles %s and %s. The neuron chart shows the climb; it now ends at %d. ",
				t.from.N(), e.after.N(), e.after.Task, count(t.from.Cycle), count(e.after.Cycle), f.N())
			b.WriteString(summary(f))
			b.WriteString(" Press Finish and the run goes on.")
			return b.String(), claims(f)
		},
	},
}

// neurons names ids as a sentence's subject: "Neuron #3", "Neurons #3 and #4".
func neurons(ids []int64) string {
	if len(ids) == 1 {
		return "Neuron " + idList(ids)
	}
	return "Neurons " + idList(ids)
}

// were writes "was just born" or "were just born".
func were(ids []int64, what string) string {
	if len(ids) == 1 {
		return " was " + what
	}
	return " were " + what
}

// allSolid says every neuron of f is above the threshold.
func allSolid(f Facts) string {
	if f.N() == 1 {
		n := f.Neurons[0]
		return fmt.Sprintf("#%d was solid (strength %s, above the threshold %s)", n.ID, strength(n.Strength, f.Threshold), num(f.Threshold))
	}
	return "all " + count(f.N()) + " neurons were solid, above the threshold " + num(f.Threshold)
}

// inspected is the neuron the inspector step shows: the first in reserve,
// or the weakest when none is.
func inspected(f Facts) Neuron {
	var best Neuron
	for i, n := range f.Neurons {
		if n.Hollow {
			return n
		}
		if i == 0 || n.Strength < best.Strength {
			best = n
		}
	}
	return best
}
