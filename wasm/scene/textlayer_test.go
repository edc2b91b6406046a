package scene

import (
	"strconv"
	"strings"
	"testing"
)

// TestAppendTextRecords encodes a frame's labels and hover box and reads
// them back as the page does: positions in CSS pixels, colours, roles, and
// text whose separators cannot break a record.
func TestAppendTextRecords(t *testing.T) {
	f := Frame{
		Labels: []Label{
			{X: 100, Y: 40, Text: "a\t25%", C: Ink, Align: -1, Role: RoleValue},
			{X: 300, Y: 10, Text: "7 hidden neurons · cycle 8476", C: Dim, Align: 0, Role: RoleTitle},
		},
		Tooltip: "neuron #3\nstrength 0.5000", TipX: 50, TipY: 60, TipR: 20,
	}
	recs := strings.Split(string(AppendText(nil, &f, true, 2)), "\n")
	if len(recs) != 3 {
		t.Fatalf("got %d records, want 3: %q", len(recs), recs)
	}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	a := strings.Split(recs[0], "\t")
	if len(a) != 7 || a[0] != "L" || a[1] != "value" || a[2] != "-1" || a[3] != "#d9e0edff" || num(a[4]) != 50 || num(a[5]) != 20 || a[6] != "a 25%" {
		t.Errorf("first label: %q", a)
	}
	b := strings.Split(recs[1], "\t")
	if len(b) != 7 || b[1] != "title" || b[2] != "0" || num(b[4]) != 150 || b[6] != f.Labels[1].Text {
		t.Errorf("title: %q", b)
	}
	tip := strings.Split(recs[2], "\t")
	if len(tip) != 7 || tip[0] != "T" || num(tip[3]) != 25 || num(tip[4]) != 30 || num(tip[5]) != 10 ||
		strings.Join(strings.Split(tip[6], "\v"), "|") != "neuron #3|strength 0.5000" {
		t.Errorf("hover box: %q", tip)
	}
	if tip[1] != "#1a1f2bf2" {
		t.Errorf("hover box colour %s, want TipBackground as #rrggbbaa", tip[1])
	}
}

// TestAppendTextBeforeTheFirstSnapshot is a single centred note.
func TestAppendTextBeforeTheFirstSnapshot(t *testing.T) {
	got := string(AppendText(nil, &Frame{}, false, 1))
	if r := strings.Split(got, "\t"); len(r) != 3 || r[0] != "N" || !strings.Contains(r[2], "waiting") {
		t.Errorf("note %q", got)
	}
}
