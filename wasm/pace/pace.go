// Package pace decides which symbol of the last window the page shows at a
// given moment, so that the training worker (for the page's reading panel)
// and the network view draw the same one.
package pace

// PulseRate is how fast the activations replay the last window when
// training faster than slow motion (symbols per second).
const PulseRate = 10.0

// Cursor returns the window position to show at time now (seconds) for a
// window of w symbols that arrived at time since, trained at rate symbols
// per second (0: as fast as possible): in slow motion it follows the
// training one symbol at a time from the window's arrival; faster, it
// replays the window at PulseRate. It is -1 when there is no window.
// The page follows symbol by symbol up to one window a second (1 cycle/s),
// whatever the window's length.
func Cursor(rate float64, w int, since, now float64) int {
	if w <= 0 {
		return -1
	}
	if rate > 0 && rate <= float64(w) {
		t := int((now - since) * rate)
		return min(max(t, 0), w-1)
	}
	return int(now*PulseRate) % w
}

// SlowMotion reports whether a run that reads w symbols a cycle, trained
// at rate symbols per second, takes more than a second a cycle: the page
// then names the speed chosen rather than a measured "0 cycles/s".
func SlowMotion(rate float64, w int) bool {
	return rate > 0 && rate < float64(w)
}
