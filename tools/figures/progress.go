package main

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress draws the progress bar of a batch of runs on stderr: runs done,
// cycles per second and an ETA. Its methods are safe for concurrent use.
type progress struct {
	bar    *progressbar.ProgressBar
	w      io.Writer    // where the bar is drawn
	runs   int          // runs in the batch
	start  time.Time    // when the batch started
	cycles atomic.Int64 // cycles trained so far

	mu   sync.Mutex // guards done and the description
	done int        // runs finished
}

// newProgress starts a bar for runs. The bar counts estimated microseconds
// of compute, not cycles, so that its ETA holds although a cycle at 100
// neurons costs 15 times one at 10.
func newProgress(runs []Run, w io.Writer) *progress {
	var total float64
	for _, r := range runs {
		total += r.cost()
	}
	bar := progressbar.NewOptions64(int64(total),
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(fmt.Sprintf("runs 0/%d", len(runs))),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetWidth(25),
		progressbar.OptionThrottle(500*time.Millisecond),
	)
	return &progress{bar: bar, w: w, runs: len(runs), start: time.Now()}
}

// add counts n more cycles of run r.
func (p *progress) add(r Run, n int) {
	p.cycles.Add(int64(n))
	_ = p.bar.Add64(int64(float64(n) * costPerCycle(r.Exp.typicalNeurons())))
	if p.mu.TryLock() { // skip the description when another worker is at it
		p.describe()
		p.mu.Unlock()
	}
}

// finished counts one more finished run.
func (p *progress) finished() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.describe()
}

// describe updates the bar's description; p.mu must be held.
func (p *progress) describe() {
	rate := float64(p.cycles.Load()) / max(time.Since(p.start).Seconds(), 1e-3)
	p.bar.Describe(fmt.Sprintf("runs %d/%d, %s cycles/s", p.done, p.runs, humanRate(rate)))
}

// close ends the bar (full if complete, as it stands otherwise) and returns
// the number of runs finished.
func (p *progress) close(complete bool) int {
	if complete {
		_ = p.bar.Finish()
	} else {
		_ = p.bar.Exit()
	}
	fmt.Fprintln(p.w)
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.done
}

// humanRate formats a rate like 12.3k.
func humanRate(x float64) string {
	if x >= 1000 {
		return fmt.Sprintf("%.1fk", x/1000)
	}
	return fmt.Sprintf("%.0f", x)
}
