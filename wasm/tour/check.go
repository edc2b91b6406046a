package tour

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The sentences a card uses to state the picture, as Check reads them back.
var (
	reSummary = regexp.MustCompile(`At cycle ([\d,]+) the network has ([\d,]+) neurons?, (\d+) in reserve(?: \(hollow: ([^)]*)\))?(?:; solid: ([^.]*)|; the other ([\d,]+) solid|; all ([\d,]+) solid|; (none) solid)\.`)
	reDrawn   = regexp.MustCompile(`#(\d+)(?:'s)?[^#]*?(below|above|at) the deletion threshold [\d.]+,(?: not below it,)? so it is drawn (hollow|solid)`)
	reJust    = regexp.MustCompile(`(Neurons? ((?:#\d+(?:, | and )?)+)|A neuron) (?:was|were) just (born|deleted), at cycle ([\d,]+)`)
	reLoss    = regexp.MustCompile(`At cycle ([\d,]+) it is ([\d.]+) nats per symbol`)
	reID      = regexp.MustCompile(`#(\d+)`)
)

// Check reads the card's text back and reports the first sentence that
// disagrees with its Claims (or, for a card without claims, a sentence
// about the picture): the browser test checks the claims against what the
// page and the view show, and Check ties the words to the claims.
func (c Card) Check() error {
	t := c.Text
	if c.Claims == nil {
		for _, s := range []string{"the network has", " just ", "so it is drawn", "At cycle"} {
			if strings.Contains(t, s) {
				return fmt.Errorf("step %d states the picture (%q) with no claims: %q", c.Step, s, t)
			}
		}
		return nil
	}
	cl := c.Claims
	m := reSummary.FindAllStringSubmatch(t, -1)
	if cl.Neurons == 0 && len(m) == 0 {
		return c.checkEvents()
	}
	if len(m) != 1 {
		return fmt.Errorf("step %d: %d summaries of the picture in %q", c.Step, len(m), t)
	}
	s := m[0]
	if number(s[1]) != cl.Cycle || number(s[2]) != cl.Neurons || number(s[3]) != cl.Reserve {
		return fmt.Errorf("step %d: %q, claims cycle %d, %d neurons, %d in reserve", c.Step, s[0], cl.Cycle, cl.Neurons, cl.Reserve)
	}
	if got := idsIn(s[4]); !slices.Equal(got, cl.Hollow) {
		return fmt.Errorf("step %d: %q names hollow %v, claims %v", c.Step, s[0], got, cl.Hollow)
	}
	switch {
	case s[5] != "":
		if got := idsIn(s[5]); !slices.Equal(got, cl.Solid) {
			return fmt.Errorf("step %d: %q names solid %v, claims %v", c.Step, s[0], got, cl.Solid)
		}
	case s[6] != "" || s[7] != "":
		if n := number(s[6] + s[7]); n != len(cl.Solid) {
			return fmt.Errorf("step %d: %q counts %d solid, claims %v", c.Step, s[0], n, cl.Solid)
		}
	case s[8] != "":
		if len(cl.Solid) != 0 {
			return fmt.Errorf("step %d: %q, claims solid %v", c.Step, s[0], cl.Solid)
		}
	}
	return c.checkEvents()
}

// checkEvents checks the sentences about single neurons, births, deaths
// and the loss.
func (c Card) checkEvents() error {
	t, cl := c.Text, c.Claims
	for _, d := range reDrawn.FindAllStringSubmatch(t, -1) {
		id := int64(number(d[1]))
		hollow := d[3] == "hollow"
		if (d[2] == "below") != hollow {
			return fmt.Errorf("step %d: %q", c.Step, d[0])
		}
		if hollow && !slices.Contains(cl.Hollow, id) || !hollow && !slices.Contains(cl.Solid, id) {
			return fmt.Errorf("step %d: %q, claims hollow %v, solid %v", c.Step, d[0], cl.Hollow, cl.Solid)
		}
	}
	var born, died []int64
	for _, j := range reJust.FindAllStringSubmatch(t, -1) {
		if number(j[4]) != cl.Cycle {
			return fmt.Errorf("step %d: %q is not about cycle %d", c.Step, j[0], cl.Cycle)
		}
		ids := idsIn(j[2])
		if j[3] == "born" {
			born = append(born, ids...)
		} else {
			died = append(died, ids...)
			if len(ids) == 0 {
				return fmt.Errorf("step %d: %q names no neuron", c.Step, j[0])
			}
		}
	}
	if !slices.Equal(nonNil(born), nonNil(cl.Born)) || !slices.Equal(nonNil(died), nonNil(cl.Died)) {
		return fmt.Errorf("step %d: the text says born %v, deleted %v; claims born %v, deleted %v", c.Step, born, died, cl.Born, cl.Died)
	}
	l := reLoss.FindStringSubmatch(t)
	switch {
	case l == nil && cl.Loss != 0:
		return fmt.Errorf("step %d claims loss %v the text does not give", c.Step, cl.Loss)
	case l != nil && (number(l[1]) != cl.Cycle || l[2] != fmt.Sprintf("%.3f", cl.Loss)):
		return fmt.Errorf("step %d: %q, claims loss %.3f at cycle %d", c.Step, l[0], cl.Loss, cl.Cycle)
	}
	return nil
}

// number reads a whole number written by count.
func number(s string) int {
	n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	if err != nil {
		return -1
	}
	return n
}

// idsIn reads the neuron ids of an idList.
func idsIn(s string) []int64 {
	out := []int64{}
	for _, m := range reID.FindAllStringSubmatch(s, -1) {
		out = append(out, int64(number(m[1])))
	}
	return out
}

func nonNil(x []int64) []int64 {
	if x == nil {
		return []int64{}
	}
	return x
}
