package ff

import (
	"github.com/diffstruct/diffstruct/core/rule"
	"slices"
	"strings"
)

// Preset names. PaperFF applies the rule as the paper words it, in every
// layer; Fixed presets are hand-sized networks to race against.
const (
	PaperFF = "paper-ff"
)

var presets = map[string]func() Config{
	PaperFF: Default,
}

// Presets returns the preset names, sorted.
func Presets() []string {
	names := make([]string, 0, len(presets))
	for k := range presets {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// Preset returns the named preset's settings, or a *FieldError naming the
// known ones.
func Preset(name string) (Config, error) {
	f, ok := presets[name]
	if !ok {
		return Config{}, &FieldError{Field: "preset", Value: name, Want: "one of " + strings.Join(Presets(), ", ")}
	}
	return f(), nil
}

// PaperDepth returns the depth rule as the paper words it for layers: the
// neuron rule's values (T_D 0.05, one reserve layer, P_del 0.05, P_add
// 0.01, P_spontaneous 1e-4), at most MaxLayers layers.
func PaperDepth() rule.Params {
	return rule.Params{Threshold: 0.05, Reserve: 1, PDel: 0.05, PAdd: 0.01, PSpontaneous: 1e-4, Max: MaxLayers}
}

// FixedShape returns the settings of a hand-sized network of the given
// hidden widths (Playground's default is 4, 2), otherwise as base.
func FixedShape(base Config, widths ...int) Config {
	base.Layers, base.Fixed = len(widths), slices.Clone(widths)
	return base
}
