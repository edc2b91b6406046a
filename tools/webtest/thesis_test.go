package webtest

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestBrowserThesisChart: beside the task picker the thesis chart is shown
// with the measured tasks, and places the visitor's run live: the neurons
// it names are the counter's, on a measured task; a task that was not
// measured says so.
func TestBrowserThesisChart(t *testing.T) {
	parallel(t)
	p := openPage(t, nil, "", "task=hard&seed=2&speed=max&play=1&stop=2000")
	p.wait(`diffstructPage.stats().status.cycle === 2000 && !document.getElementById('thesis').hidden`, 60*time.Second)
	time.Sleep(500 * time.Millisecond)
	you := p.text("thesis-you")
	if want := fmt.Sprintf("%d neurons so far on hard", p.number("neurons")); !strings.Contains(you, want) {
		t.Errorf("the chart says %q, want %q", you, want)
	}
	if rho := p.text("thesis-rho"); !strings.Contains(rho, "ρ =") || !strings.Contains(rho, "task medians") {
		t.Errorf("no rank correlation shown: %q", rho)
	}
	p.fullShot("thesis-hard")
	p.choose("task", "english")
	p.wait(`document.getElementById('thesis-you').textContent.includes('english')`, 10*time.Second)
	if you := p.text("thesis-you"); !strings.Contains(you, "not on the chart") {
		t.Errorf("english: %q", you)
	}
}
