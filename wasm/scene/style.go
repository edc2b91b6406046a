package scene

// The view's style: its palette, how large it draws and whether it moves.
// The page reports what the visitor asked for (the link's big and contrast
// keys, the browser's prefers-contrast and prefers-reduced-motion) as
// Prefs; StyleFor decides what that means here, and the view draws it.

// Prefs is what the visitor asked of the view.
type Prefs struct {
	// Big is projector mode: text, nodes and lines large enough for the
	// back of a room.
	Big bool `json:"big"`
	// Contrast is the link's contrast key: the high-contrast theme.
	Contrast bool `json:"contrast"`
	// MoreContrast is the browser's prefers-contrast: more, which asks for
	// the same theme.
	MoreContrast bool `json:"moreContrast"`
	// ReducedMotion is the browser's prefers-reduced-motion: reduce.
	ReducedMotion bool `json:"reducedMotion"`
}

// Palette is every colour the view draws with.
type Palette struct {
	Background, Positive, Negative, NodeBase, Ink, Dim, Highlight, Reserve Color
	// TipBackground is the tooltip's box, drawn over the graph.
	TipBackground Color
}

// Style is how the view draws: what StyleFor decides from Prefs.
type Style struct {
	Name    string // "default" or "contrast", for the page's statistics
	Palette Palette
	// Zoom multiplies every size the view draws (text, nodes, lines and the
	// room between them): 1 normally, ProjectorZoom in projector mode.
	Zoom float64
	// Motion is false when the visitor asked for reduced motion: layouts
	// jump to their new shape, births and deaths show at full size with a
	// steady ring for as long as they would have animated, and nothing
	// glows. The same things are shown, without movement.
	Motion bool
}

// ProjectorZoom is how much larger projector mode draws everything.
const ProjectorZoom = 1.5

// DefaultPalette is the view's normal palette. Every text colour keeps a
// contrast of at least 4.5:1 (WCAG) against what is drawn behind it.
var DefaultPalette = Palette{
	Background:    Color{0.06, 0.08, 0.12, 1},
	Positive:      Color{0.33, 0.65, 1.00, 1}, // positive weights and activations
	Negative:      Color{1.00, 0.50, 0.25, 1}, // negative weights and activations
	NodeBase:      Color{0.24, 0.28, 0.36, 1},
	Ink:           Color{0.85, 0.88, 0.93, 1}, // labels
	Dim:           Color{0.66, 0.71, 0.78, 1}, // secondary labels
	Highlight:     Color{1.00, 0.86, 0.35, 1}, // the symbol being read, births
	Reserve:       Color{0.70, 0.72, 0.78, 1}, // reserve neurons' ghost ring
	TipBackground: Color{0.1, 0.12, 0.17, 0.95},
}

// ContrastPalette is the high-contrast theme: black behind, white text,
// and the two signs told apart by lightness as well as hue (a light blue
// against a deeper orange), so they stay distinct in grey too.
var ContrastPalette = Palette{
	Background:    Color{0, 0, 0, 1},
	Positive:      Color{0.55, 0.80, 1.00, 1},
	Negative:      Color{1.00, 0.45, 0.00, 1},
	NodeBase:      Color{0.20, 0.22, 0.27, 1},
	Ink:           Color{1, 1, 1, 1},
	Dim:           Color{0.86, 0.88, 0.92, 1},
	Highlight:     Color{1.00, 0.90, 0.20, 1},
	Reserve:       Color{0.92, 0.93, 0.96, 1},
	TipBackground: Color{0, 0, 0, 0.96},
}

// StyleFor decides the view's style from what the visitor asked.
func StyleFor(p Prefs) Style {
	st := Style{Name: "default", Palette: DefaultPalette, Zoom: 1, Motion: !p.ReducedMotion}
	if p.Contrast || p.MoreContrast {
		st.Name, st.Palette = "contrast", ContrastPalette
	}
	if p.Big {
		st.Zoom = ProjectorZoom
	}
	return st
}

// current is the style drawn. The view draws one style at a time: SetStyle
// is called between frames, on the goroutine that draws them.
var current = StyleFor(Prefs{})

// SetStyle makes st the style every scene draws from the next frame on:
// the palette's colours become the package's colour variables. A View
// takes st's zoom with View.SetStyle.
func SetStyle(st Style) {
	current = st
	p := st.Palette
	Background, Positive, Negative, NodeBase = p.Background, p.Positive, p.Negative, p.NodeBase
	Ink, Dim, Highlight, Reserve, TipBackground = p.Ink, p.Dim, p.Highlight, p.Reserve, p.TipBackground
}

// CurrentStyle returns the style drawn.
func CurrentStyle() Style { return current }

// moving reports whether the view animates (no reduced motion).
func moving() bool { return current.Motion }
