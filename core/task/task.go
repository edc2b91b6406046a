// Package task generates the symbol sequences the network learns to predict:
// the paper's easy and hard bracket grammars, schedules that switch between
// them during a run, and any text a user supplies.
//
// Every task is a seeded stream (no data files) and each built-in grammar
// knows its entropy floor: the lowest loss per symbol any predictor can reach.
package task

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/diffstruct/diffstruct/core/rng"
	"github.com/diffstruct/diffstruct/core/settings"
)

// Kinds of task.
const (
	Easy         = "easy"
	Hard         = "hard"
	EasyHardEasy = "easy-hard-easy"
	HardEasy     = "hard-easy"
	Custom       = "custom"
)

// Kinds lists every task kind, in the order a user interface shows them:
// the paper's, the gallery's (gallery.go), then custom.
var Kinds = kinds()

func kinds() []string {
	k := []string{Easy, Hard, EasyHardEasy, HardEasy}
	for _, g := range gallery {
		k = append(k, g.kind)
	}
	return append(k, Custom)
}

// PaperAlphabet is the alphabet of the paper's tasks: symbol i is PaperAlphabet[i].
const PaperAlphabet = "ab()"

// Limits on task parameters.
const (
	MaxAlphabet = 64      // the most distinct symbols a custom text may use (each is drawn as a node)
	MaxGroupLen = 64      // the longest hard-task group
	MaxTextLen  = 1 << 20 // the longest custom text, in bytes
)

// Spec describes a task. The zero value of a field means its default.
type Spec struct {
	Kind string  `json:"kind"`
	P    float64 `json:"p,omitempty"`    // easy: probability of each further "ab" (default 0.6)
	L    int     `json:"l,omitempty"`    // hard: letters per group (default 6)
	Span int     `json:"span,omitempty"` // schedules: cycles the schedule spans (default 100000)
	Text string  `json:"text,omitempty"` // custom: the text, looped
}

// Defaults for Spec fields.
const (
	DefaultP    = 0.6
	DefaultL    = 6
	DefaultSpan = 100000
)

// WithDefaults returns s with every zero field set to its default.
func (s Spec) WithDefaults() Spec {
	if s.Kind == "" {
		s.Kind = Easy
	}
	if s.P == 0 {
		s.P = DefaultP
	}
	if s.L == 0 {
		s.L = DefaultL
	}
	if s.Span == 0 {
		s.Span = DefaultSpan
	}
	return s
}

// Validate reports the first invalid field of s (after defaults) as a
// *settings.FieldError naming the field and its allowed range, or a
// *TextError for a custom text that cannot be a task.
func (s Spec) Validate() error {
	s = s.WithDefaults()
	return Settings.Validate(&s)
}

// MaxSpan is the longest schedule, in cycles.
const MaxSpan = 1e9

// Settings is the task's rows of the settings table, in the order a user
// interface shows them. The engine's table includes these very rows.
var Settings = settings.Table{
	{Key: "task", Group: "task", Field: "kind", Type: settings.Enum, Values: Kinds, Link: true,
		Label: "task", Help: "what the network learns to predict", Aliases: []string{"kind", "grammar"}},
	{Key: "p", Group: "task", Field: "p", Type: settings.Float, Link: true,
		Min: &settings.Bound{Value: 0, Open: true}, Max: &settings.Bound{Value: 1, Open: true},
		Label: "p (easy task)", Help: "easy task: probability of each further \"ab\" in a group", Aliases: []string{"prob", "probability", "P"}},
	{Key: "l", Group: "task", Field: "l", Type: settings.Int, Link: true,
		Min: &settings.Bound{Value: 2}, Max: &settings.Bound{Value: MaxGroupLen},
		Label: "L (hard task)", Help: "hard task: letters per group", Aliases: []string{"L", "length", "len", "letters"}},
	{Key: "span", Group: "task", Field: "span", Type: settings.Int, Link: true,
		Min: &settings.Bound{Value: 3}, Max: &settings.Bound{Value: MaxSpan},
		Label: "schedule span", Help: "schedules: cycles the schedule spans", Aliases: []string{"schedule"}},
	{Key: "text", Group: "task", Field: "text", Type: settings.Text, Link: true,
		When:  &settings.When{Key: "task", Values: []string{Custom}},
		Label: "text (custom task)", Help: "custom task: the text, looped", Aliases: []string{"txt", "corpus"},
		Check: func(v any) error { _, err := TextAlphabet(v.(string)); return err }},
}

// TextFault says why a text cannot be a custom task.
type TextFault int

// Text faults.
const (
	TextTooLong        TextFault = iota + 1 // more than MaxTextLen bytes
	TextNotUTF8                             // not valid UTF-8
	TextHasNUL                              // contains NUL bytes
	TextTooShort                            // fewer than 2 symbols
	TextOneSymbol                           // only one distinct symbol
	TextTooManySymbols                      // more than MaxAlphabet distinct symbols
)

// TextError is a text refused as a custom task.
type TextError struct {
	Fault TextFault
	N     int // bytes (TextTooLong) or distinct symbols (TextTooManySymbols)
}

// Error returns "task.text: reason".
func (e *TextError) Error() string { return "task.text: " + e.Reason() }

// Reason says why, without the field's name.
func (e *TextError) Reason() string {
	switch e.Fault {
	case TextTooLong:
		return fmt.Sprintf("%d bytes is too long (want at most %d)", e.N, MaxTextLen)
	case TextNotUTF8:
		return "not valid UTF-8 text (want text, not binary data)"
	case TextHasNUL:
		return "contains NUL bytes (want text, not binary data)"
	case TextTooShort:
		return "too short (want at least 2 symbols)"
	case TextOneSymbol:
		return fmt.Sprintf("uses only one distinct symbol (want 2 to %d)", MaxAlphabet)
	case TextTooManySymbols:
		return fmt.Sprintf("uses %d distinct symbols (want 2 to %d)", e.N, MaxAlphabet)
	}
	return "invalid"
}

// Binary reports whether the text looks like binary data rather than text.
func (e *TextError) Binary() bool { return e.Fault == TextNotUTF8 || e.Fault == TextHasNUL }

// TextAlphabet returns the sorted set of symbols in a custom text, or a
// *TextError saying why the text cannot be a task.
func TextAlphabet(text string) ([]rune, error) {
	switch {
	case len(text) > MaxTextLen:
		return nil, &TextError{Fault: TextTooLong, N: len(text)}
	case !utf8.ValidString(text):
		return nil, &TextError{Fault: TextNotUTF8}
	case strings.ContainsRune(text, 0):
		return nil, &TextError{Fault: TextHasNUL}
	case utf8.RuneCountInString(text) < 2:
		return nil, &TextError{Fault: TextTooShort}
	}
	seen := map[rune]bool{}
	var alpha []rune
	for _, r := range text {
		if !seen[r] {
			seen[r] = true
			alpha = append(alpha, r)
		}
	}
	if len(alpha) < 2 {
		return nil, &TextError{Fault: TextOneSymbol}
	}
	if len(alpha) > MaxAlphabet {
		return nil, &TextError{Fault: TextTooManySymbols, N: len(alpha)}
	}
	sort.Slice(alpha, func(i, j int) bool { return alpha[i] < alpha[j] })
	return alpha, nil
}

// EasyFloor returns the entropy floor of the easy task in nats per symbol:
// only the symbol after each "b" is uncertain (entropy H(p)), there are
// 1/(1-p) such choices per group, and a group has 4 + 2p/(1-p) symbols on average.
func EasyFloor(p float64) float64 {
	h := float64(-p*math.Log(p)) - float64((1-p)*math.Log(1-p))
	return h / (1 - p) / (4 + 2*p/(1-p))
}

// HardFloor returns the entropy floor of the hard task in nats per symbol: one
// of L positions is flipped per group of L+2 symbols.
func HardFloor(l int) float64 {
	return math.Log(float64(l)) / float64(l+2)
}

// Phase is one stretch of a schedule.
type Phase struct {
	Name       string  // "easy", "hard", "custom" or a gallery task's kind
	StartCycle int     // the first cycle of the phase
	Floor      float64 // entropy floor in nats per symbol; NaN if unknown
	// Lines are reference losses to show next to the loss where the floor
	// is unknown: a text's unigram and bigram entropies (TextLines).
	Lines []Line
}

// Phases returns the phases of the task described by s (after defaults).
func (s Spec) Phases() []Phase {
	s = s.WithDefaults()
	easy := Phase{Name: Easy, Floor: EasyFloor(s.P)}
	hard := Phase{Name: Hard, Floor: HardFloor(s.L)}
	at := func(p Phase, c int) Phase { p.StartCycle = c; return p }
	switch s.Kind {
	case Hard:
		return []Phase{hard}
	case EasyHardEasy:
		return []Phase{easy, at(hard, s.Span/3), at(easy, 2*s.Span/3)}
	case HardEasy:
		return []Phase{hard, at(easy, s.Span/2)}
	case Custom:
		return []Phase{{Name: Custom, Floor: math.NaN(), Lines: TextLines(s.Text)}}
	case English:
		return []Phase{{Name: English, Floor: math.NaN(), Lines: slices.Clone(englishLines)}}
	}
	if i := galleryIndex(s.Kind); i >= 0 {
		return []Phase{{Name: s.Kind, Floor: gallery[i].floor}}
	}
	return []Phase{easy}
}

// Alphabet returns the symbols of the task described by s.
func (s Spec) Alphabet() []rune {
	s = s.WithDefaults()
	switch s.Kind {
	case Custom:
		a, err := TextAlphabet(s.Text)
		if err != nil {
			return nil
		}
		return a
	case English:
		return englishAlphabet
	}
	if i := galleryIndex(s.Kind); i >= 0 {
		return []rune(gallery[i].alphabet)
	}
	return []rune(PaperAlphabet)
}

// Describe returns a one-line description of the task kind, with an example.
func Describe(kind string) string {
	switch kind {
	case Easy:
		return "Groups of ab pairs in brackets, each further pair with probability p: (abab)(ab)(ababab)"
	case Hard:
		return "Groups of L letters, each the previous group reversed with one letter flipped: (aabbab)(babaaa)"
	case EasyHardEasy:
		return "Easy for the first third of the span, hard for the second, easy again for the last"
	case HardEasy:
		return "Hard for the first half of the span, easy after"
	case Custom:
		return "Any text you give, looped; its alphabet is the set of symbols it uses"
	}
	if i := galleryIndex(kind); i >= 0 {
		return gallery[i].about + ": " + gallery[i].example
	}
	return ""
}

// Stream emits a task's symbols one at a time, as indices into its alphabet.
type Stream struct {
	spec   Spec
	window int
	phases []Phase
	phase  int // index of the phase being generated
	rnd    *rng.Source
	buf    []int // the current group
	pos    int   // next index in buf
	count  int   // symbols emitted so far
	prev   []int // the previous hard group's letters (0 = a, 1 = b)
	text   []int // custom: the text as symbol indices
	tpos   int
}

// NewStream returns a stream for spec, seeded by seed. window is the number
// of symbols the trainer reads per cycle: schedules switch phase at the first
// group boundary after StartCycle*window symbols.
func NewStream(spec Spec, window int, seed uint64) (*Stream, error) {
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	if window < 1 {
		return nil, fmt.Errorf("task: window %d is out of range (want at least 1)", window)
	}
	spec = spec.WithDefaults()
	s := &Stream{spec: spec, window: window, phases: spec.Phases(), rnd: rng.New(seed, 0x7a5c)}
	if text, ok := spec.looped(); ok {
		alpha := spec.Alphabet()
		index := make(map[rune]int, len(alpha))
		for i, r := range alpha {
			index[r] = i
		}
		for _, r := range text {
			s.text = append(s.text, index[r])
		}
	}
	return s, nil
}

// Spec returns the task's specification, with defaults filled in.
func (s *Stream) Spec() Spec { return s.spec }

// Alphabet returns the task's symbols.
func (s *Stream) Alphabet() []rune { return s.spec.Alphabet() }

// Phases returns the task's phases (a single one unless it is a schedule).
func (s *Stream) Phases() []Phase { return s.phases }

// Phase returns the phase currently being generated.
func (s *Stream) Phase() Phase { return s.phases[s.phase] }

// Count returns the number of symbols emitted so far.
func (s *Stream) Count() int { return s.count }

// Next returns the next symbol.
func (s *Stream) Next() int {
	if s.text != nil {
		c := s.text[s.tpos]
		s.tpos = (s.tpos + 1) % len(s.text)
		s.count++
		return c
	}
	if s.pos == len(s.buf) {
		s.nextGroup()
	}
	c := s.buf[s.pos]
	s.pos++
	s.count++
	return c
}

// Symbol indices of the paper's alphabet.
const (
	symA = iota
	symB
	symOpen
	symClose
)

// nextGroup fills buf with the next group of the current phase, moving to
// the next phase first if its start has been reached.
func (s *Stream) nextGroup() {
	for s.phase+1 < len(s.phases) && s.count >= s.phases[s.phase+1].StartCycle*s.window {
		s.phase++
	}
	s.buf, s.pos = s.buf[:0], 0
	name := s.phases[s.phase].Name
	switch {
	case name == Hard:
		s.hardGroup()
	case name == Easy:
		s.easyGroup()
	default:
		gallery[galleryIndex(name)].group(s)
	}
}

// easyGroup emits "(ab" then further "ab" pairs, each with probability p, then ")".
func (s *Stream) easyGroup() {
	s.buf = append(s.buf, symOpen, symA, symB)
	for s.rnd.Bernoulli(s.spec.P) {
		s.buf = append(s.buf, symA, symB)
	}
	s.buf = append(s.buf, symClose)
}

// hardGroup emits the previous group reversed with one letter flipped (the
// first group is uniformly random), in brackets.
func (s *Stream) hardGroup() {
	l := s.spec.L
	if len(s.prev) != l {
		s.prev = make([]int, l)
		for i := range s.prev {
			s.prev[i] = s.rnd.IntN(2)
		}
	} else {
		for i, j := 0, l-1; i < j; i, j = i+1, j-1 {
			s.prev[i], s.prev[j] = s.prev[j], s.prev[i]
		}
		s.prev[s.rnd.IntN(l)] ^= 1
	}
	s.buf = append(s.buf, symOpen)
	s.buf = append(s.buf, s.prev...)
	s.buf = append(s.buf, symClose)
}
