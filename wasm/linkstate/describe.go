package linkstate

import (
	"github.com/diffstruct/diffstruct/core/engine"
	"github.com/diffstruct/diffstruct/core/race"
	"github.com/diffstruct/diffstruct/core/settings"
	"github.com/diffstruct/diffstruct/core/task"
)

// Page describes everything the page builds its controls from, so that
// index.html hard-codes none of it: the worker sends it once, at start-up.
type Page struct {
	Presets  []engine.PresetInfo `json:"presets"`
	Tasks    []TaskInfo          `json:"tasks"`
	Settings []SettingInfo       `json:"settings"` // the whole settings table, in table order
	Hypers   []string            `json:"hypers"`   // the keys of the settings panel's hyperparameters, in order
	Parts    []Part              `json:"parts"`
	Speeds   []Speed             `json:"speeds"`
	Speed    string              `json:"default_speed"`
	Race     RaceInfo            `json:"race"`
	Fixed    FixedInfo           `json:"fixed"`
	Models   []ModelInfo         `json:"models"` // the model key's values, the default first
	FF       FFPage              `json:"ff"`     // the feed-forward family's controls
}

// TaskInfo is one task kind with a one-line description.
type TaskInfo struct {
	Kind        string `json:"kind"`
	Description string `json:"description"`
}

// SettingInfo is a row of the settings table with its range in words and
// its value under each preset.
type SettingInfo struct {
	*settings.Setting
	Range    string         `json:"range"`    // "a number in (0, 10]"
	Defaults map[string]any `json:"defaults"` // preset name -> the preset's value
}

// RaceInfo gives the race's limits and the sizes the page offers.
type RaceInfo struct {
	DefaultSizes []int `json:"default_sizes"`
	MinRivals    int   `json:"min_rivals"`
	MaxRivals    int   `json:"max_rivals"`
	MaxSize      int   `json:"max_size"`
}

// FixedInfo gives the fixed preset's network size: the n key.
type FixedInfo struct {
	Default int `json:"default"`
	Max     int `json:"max"`
}

// Describe returns the page's description, built from the same tables the
// link reader uses.
func Describe() Page {
	p := Page{
		Presets: engine.DescribePresets(), Parts: Parts, Speeds: Speeds, Speed: DefaultSpeed,
		Race:   RaceInfo{DefaultSizes: race.DefaultSizes, MinRivals: race.MinRivals, MaxRivals: race.MaxRivals, MaxSize: MaxRaceSize},
		Fixed:  FixedInfo{Default: DefaultFixedSize, Max: MaxFixedSize},
		Models: Models, FF: DescribeFF(),
	}
	for _, k := range task.Kinds {
		p.Tasks = append(p.Tasks, TaskInfo{Kind: k, Description: task.Describe(k)})
	}
	presets := map[string]engine.Config{}
	for _, name := range engine.Presets {
		st := Default()
		st.Preset = name
		if cfg, err := st.Config(); err == nil {
			presets[name] = cfg
		}
	}
	for _, row := range engine.Settings {
		info := SettingInfo{Setting: row, Range: row.Range(nil), Defaults: map[string]any{}}
		for name, cfg := range presets {
			info.Defaults[name] = settings.Get(&cfg, row)
		}
		p.Settings = append(p.Settings, info)
	}
	for _, h := range Hypers() {
		p.Hypers = append(p.Hypers, h.Key)
	}
	return p
}
