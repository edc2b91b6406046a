package session

import (
	"fmt"
	"io"
	"slices"

	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/core/race"
	"github.com/diffstruct/diffstruct/core/task"
)

// Save writes the run's main network in the engine's versioned JSON format
// (engine.Save), which Load and tools/train -load read.
func (s *Session) Save(w io.Writer) error { return s.run.Save(w) }

// Load continues training from a network file written by Save. A malformed,
// truncated or hostile file is refused with the engine's error and the
// current run is kept exactly as it was. A loaded run is paused, a run of
// one, and on the file's task; name is shown as where it came from.
func (s *Session) Load(r io.Reader, name string) error {
	e, err := engine.Load(r)
	if err != nil {
		return err
	}
	cfg := e.Config()
	st := s.st
	st.Race, st.Switch, st.Stop, st.At = nil, nil, 0, 0
	st.Task, st.Seed = cfg.Task.Kind, cfg.Seed
	if cfg.Task.Kind == task.Custom {
		st.Text = cfg.Task.Text
	}
	if slices.Contains(engine.Presets, cfg.Preset) {
		st.Preset = cfg.Preset
	}
	s.st, s.stopped = st, false
	s.Pause()
	s.adopt(race.Of(e))
	s.loaded = name
	s.say(fmt.Sprintf("Loaded %s: cycle %d, %s. Press Play to continue training it. "+
		"(A share link cannot hold a loaded network: it describes a fresh run with the same settings.)", name, e.Cycle(), countNeurons(e.N())))
	return nil
}

// Loaded returns the name of the network file the run continues, if any.
func (s *Session) Loaded() string { return s.loaded }
