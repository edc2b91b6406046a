//go:build js && wasm

package main

import "github.com/diffstruct/diffstruct/wasm/session"

// rewinder is a run the timeline op rewinds: either family keeps a
// session.Timeline and redraws a past cycle from it.
type rewinder interface {
	Timeline() *session.Timeline
	TimelineInfo() session.TimelineInfo
	At(c int, dst []byte) (session.Moment, []byte)
}

// sessionRewinder gives a *session.Session the TimelineInfo method.
type sessionRewinder struct{ *session.Session }

// TimelineInfo returns the history's extent and size.
func (s sessionRewinder) TimelineInfo() session.TimelineInfo { return s.Timeline().Info() }

// rewinder returns the run's timeline, nil when it keeps none (a
// helper worker's share of a race).
func (w *worker) rewinder() rewinder {
	switch {
	case w.s != nil:
		return sessionRewinder{w.s}
	case w.l != nil && w.l.Timeline() != nil:
		return w.l
	}
	return nil
}
