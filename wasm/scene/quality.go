package scene

// Quality adapts the drawing resolution to the frame rate: where drawing is
// slow (software WebGL, a weak GPU, a huge window) it renders fewer pixels
// and lets the browser scale the canvas up, so the animation stays smooth.
type Quality struct {
	Min, Max float64 // bounds of the resolution scale (device pixels per CSS pixel)
	Scale    float64 // the current scale
	frames   int
	since    float64 // start of the measuring window (s)
	holdTill float64 // no scaling up before this time (s), after a scale-down
}

// Frame-rate bounds of the adaptation.
const (
	LowFPS  = 40.0 // below this, draw fewer pixels
	HighFPS = 55.0 // above this, draw more (up to Max)
)

// NewQuality returns a Quality starting at max.
func NewQuality(minScale, maxScale float64) *Quality {
	return &Quality{Min: minScale, Max: maxScale, Scale: maxScale}
}

// SetMax changes the upper bound (the device pixel ratio).
func (q *Quality) SetMax(m float64) {
	q.Max = max(m, q.Min)
	q.Scale = min(q.Scale, q.Max)
}

// Frame records a frame drawn at time now (seconds) and returns the scale to use.
func (q *Quality) Frame(now float64) float64 {
	if q.since == 0 {
		q.since = now
	}
	q.frames++
	el := now - q.since
	if el < 0.5 {
		return q.Scale
	}
	fps := float64(q.frames) / el
	q.frames, q.since = 0, now
	if el > 3 { // a pause (hidden tab): nothing measured
		return q.Scale
	}
	switch {
	case fps < LowFPS && q.Scale > q.Min:
		q.Scale = max(q.Min, q.Scale*0.75)
		q.holdTill = now + 10
	case fps > HighFPS && q.Scale < q.Max && now >= q.holdTill:
		q.Scale = min(q.Max, q.Scale*1.15)
	}
	return q.Scale
}
