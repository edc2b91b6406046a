package tour

import (
	"fmt"
	"strconv"
	"strings"
)

// count writes a whole number with thousands separators: 1,985.
func count(n int) string {
	s := strconv.Itoa(max(n, -n))
	var b strings.Builder
	if n < 0 {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// plural writes "1 neuron" or "2 neurons".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return count(n) + " " + word + "s"
}

// idList writes neuron ids as the view's tooltip names them: "#1", "#1 and
// #2", "#1, #2 and #3".
func idList(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = "#" + strconv.FormatInt(id, 10)
	}
	switch len(parts) {
	case 0:
		return "none"
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// strength writes a strength with enough digits to tell it from the
// threshold (the view's tooltip gives four).
func strength(x, threshold float64) string {
	if d := x - threshold; d > -0.001 && d < 0.001 {
		return fmt.Sprintf("%.4f", x)
	}
	return fmt.Sprintf("%.3f", x)
}

// side says where a strength is against the threshold and how the view draws it.
func side(n Neuron, threshold float64) string {
	if n.Hollow {
		return "below the deletion threshold " + num(threshold) + ", so it is drawn hollow"
	}
	if n.Strength == threshold {
		return "at the deletion threshold " + num(threshold) + ", not below it, so it is drawn solid"
	}
	return "above the deletion threshold " + num(threshold) + ", so it is drawn solid"
}

// num writes a setting's value as it is typed: 0.05, 100.
func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// pct writes a probability as a percentage: 1%, 0.01%.
func pct(p float64) string { return strconv.FormatFloat(100*p, 'g', 3, 64) + "%" }

// speedWords says a speed control's setting in words.
func speedWords(name string) string {
	switch name {
	case "max":
		return "as fast as the machine allows"
	case "1sym":
		return "one symbol a second"
	case "4sym":
		return "four symbols a second"
	case "1":
		return "1 cycle a second"
	}
	if n, err := strconv.Atoi(name); err == nil {
		return count(n) + " cycles a second"
	}
	return "at speed " + name
}

// summary states the network as drawn: how many neurons, which are in
// reserve (hollow) and which are solid.
func summary(f Facts) string {
	var b strings.Builder
	b.WriteString("At cycle " + count(f.Cycle) + " the network has " + plural(f.N(), "neuron") + ", " +
		strconv.Itoa(f.Reserve()) + " in reserve")
	if h := f.Hollow(); len(h) > 0 {
		b.WriteString(" (hollow: " + idList(h) + ")")
	}
	switch s := f.Solid(); {
	case len(s) == 0:
		b.WriteString("; none solid")
	case len(s) <= 6:
		b.WriteString("; solid: " + idList(s))
	case f.Reserve() == 0:
		b.WriteString("; all " + count(len(s)) + " solid")
	default:
		b.WriteString("; the other " + count(len(s)) + " solid")
	}
	b.WriteString(".")
	return b.String()
}

// meaning says what a strength is under f's rule.
func meaning(f Facts) string {
	if f.Multiplier {
		return "A neuron's strength is the multiplier on its output"
	}
	return "A neuron's strength is the weight of its outgoing connections"
}

// strengthIs begins the sentence giving the first neuron's strength.
func strengthIs(f Facts) string {
	if f.Multiplier {
		return "Its strength, the multiplier on its output, is"
	}
	return "Its strength, the weight of its outgoing connections, is"
}

// keeps says the rule's reserve: "the 1 neuron the rule keeps in reserve".
func keeps(f Facts) string {
	return "the " + plural(f.Keep, "neuron") + " the rule keeps in reserve"
}
