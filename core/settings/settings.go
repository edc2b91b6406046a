// Package settings describes tunable fields as data: each Setting gives a
// field's key, JSON path, type, allowed range, help and the names people
// may type for it. Validation, command-line overrides, share links and the
// page's settings panel all read the same rows, so a range is written once.
//
// Errors are values: a refused value is a *FieldError holding the field, the
// value, what is wrong with it (a Fault) and the allowed range.
package settings

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// Type is the kind of value a setting holds.
type Type string

// Types of setting.
const (
	Float Type = "float"  // a finite number
	Int   Type = "int"    // a whole number
	Uint  Type = "uint"   // a whole number from 0 to 2^64-1 (seeds)
	Enum  Type = "enum"   // one of Values
	Bool  Type = "bool"   // true or false
	Text  Type = "string" // free text, checked by Setting.Check
)

// Bound is one end of a numeric range.
type Bound struct {
	Value float64 `json:"value"`
	Open  bool    `json:"open,omitempty"` // the end itself is excluded
	Key   string  `json:"key,omitempty"`  // the bound is this other setting's value (Value is then unused)
}

// When limits a setting's check to configurations where another setting
// has one of the listed values (a v1-only parameter, an RMSProp-only one).
type When struct {
	Key    string   `json:"key"`
	Values []string `json:"values"`
}

// Setting is one row of a settings table.
type Setting struct {
	Key     string   `json:"key"`              // the name links and -set use
	Group   string   `json:"group,omitempty"`  // the enclosing field in a larger struct ("task"), or ""
	Field   string   `json:"field"`            // the field's JSON name in its own struct
	Type    Type     `json:"type"`             // the kind of value
	Values  []string `json:"values,omitempty"` // Enum: the allowed values
	Min     *Bound   `json:"min,omitempty"`    // nil: unbounded
	Max     *Bound   `json:"max,omitempty"`    // nil: unbounded
	Zero    string   `json:"zero,omitempty"`   // what the value 0 means ("off"), if special
	When    *When    `json:"when,omitempty"`   // checked only then; nil: always
	Label   string   `json:"label"`            // what the page shows
	Help    string   `json:"help"`             // one line
	Aliases []string `json:"aliases,omitempty"`
	Link    bool     `json:"link"` // a share link may set it
	// Check, if set, is a further check of the value (a text's alphabet).
	Check func(v any) error `json:"-"`
}

// Path returns the setting's JSON path from the outermost struct: "task.p".
func (s *Setting) Path() string {
	if s.Group == "" {
		return s.Field
	}
	return s.Group + "." + s.Field
}

// Fault says what is wrong with a value.
type Fault string

// Faults.
const (
	NotANumber Fault = "not a number"
	NotFinite  Fault = "not a finite number"
	NotWhole   Fault = "not a whole number"
	OutOfRange Fault = "out of range"
	NotAllowed Fault = "not one of the choices"
)

// FieldError is a value a setting refuses.
type FieldError struct {
	Field string // the JSON path: "learning_rate", "task.p"
	Key   string // the setting's key: "learning_rate", "p"
	Value string // the value as written
	Fault Fault
	Want  string // the allowed range in words: "a number in (0, 10]"
}

// Error returns "field: reason".
func (e *FieldError) Error() string { return e.Field + ": " + e.Reason() }

// Reason returns the sentence without the field's name:
// "NaN is not a finite number (want a number in (0, 10])".
func (e *FieldError) Reason() string {
	v := e.Value
	if e.Fault == NotAllowed || e.Fault == NotANumber {
		v = strconv.Quote(v)
	}
	return fmt.Sprintf("%s is %s (want %s)", v, e.Fault, e.Want)
}

// Lookup returns a bound's other setting's value; Check and Range use it
// for bounds that depend on the rest of the configuration.
type Lookup func(key string) (float64, bool)

// Range describes the allowed values in words: "a number in [0, 1)",
// "a whole number in [1, max_neurons (100)]", "one of v2, v1, fixed".
// look may be nil (keyed bounds are then named only).
func (s *Setting) Range(look Lookup) string {
	switch s.Type {
	case Enum:
		return "one of " + strings.Join(s.Values, ", ")
	case Text:
		return "text"
	case Uint:
		return "a whole number, 0 or more"
	case Bool:
		return "true or false"
	}
	noun := "a number"
	if s.Type == Int {
		noun = "a whole number"
	}
	out := noun
	switch {
	case s.Min == nil && s.Max == nil:
	case s.Max == nil:
		op := ">="
		if s.Min.Open {
			op = ">"
		}
		out += " " + op + " " + s.bound(s.Min, look)
	default:
		lo, hi := "(", ")"
		lov := "-∞"
		if s.Min != nil {
			lov = s.bound(s.Min, look)
			if !s.Min.Open {
				lo = "["
			}
		}
		if !s.Max.Open {
			hi = "]"
		}
		out += " in " + lo + lov + ", " + s.bound(s.Max, look) + hi
	}
	if s.Zero != "" {
		out += " (0: " + s.Zero + ")"
	}
	return out
}

func (s *Setting) bound(b *Bound, look Lookup) string {
	if b.Key == "" {
		return formatValue(b.Value)
	}
	if look != nil {
		if v, ok := look(b.Key); ok {
			return fmt.Sprintf("%s (%s)", b.Key, formatValue(v))
		}
	}
	return b.Key
}

// boundValue returns a bound's value, looking up keyed bounds.
func boundValue(b *Bound, look Lookup) (float64, bool) {
	if b.Key == "" {
		return b.Value, true
	}
	if look == nil {
		return 0, false
	}
	return look(b.Key)
}

// Parse reads a value written as text: a float64, an int, a uint64 or a
// string depending on the setting's type. It checks the syntax only.
func (s *Setting) Parse(text string) (any, error) {
	bad := func(f Fault) (any, error) { return nil, s.fail(text, f, nil) }
	switch s.Type {
	case Float:
		x, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
		if err != nil && !isRangeErr(err) {
			return bad(NotANumber)
		}
		return x, nil
	case Int:
		x, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
		switch {
		case err != nil && !isRangeErr(err):
			return bad(NotANumber)
		case math.IsNaN(x) || math.IsInf(x, 0):
			return bad(NotFinite)
		case x != math.Trunc(x):
			return bad(NotWhole)
		case math.Abs(x) > 1<<53:
			return bad(OutOfRange)
		}
		return int(x), nil
	case Uint:
		x, err := strconv.ParseUint(strings.TrimSpace(text), 10, 64)
		if err != nil {
			return bad(NotWhole)
		}
		return x, nil
	case Bool:
		b, err := strconv.ParseBool(strings.TrimSpace(text))
		if err != nil {
			return bad(NotAllowed)
		}
		return b, nil
	}
	return text, nil
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// Validate checks a value of the setting's Go type against its range and
// its Check; look gives the other settings' values for keyed bounds.
func (s *Setting) Validate(v any, look Lookup) error {
	switch s.Type {
	case Enum:
		str, _ := v.(string)
		for _, a := range s.Values {
			if a == str {
				return nil
			}
		}
		return s.fail(str, NotAllowed, look)
	case Float, Int:
		x, ok := toFloat(v)
		if !ok {
			return s.fail(fmt.Sprint(v), NotANumber, look)
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return s.fail(formatValue(v), NotFinite, look)
		}
		if s.Min != nil {
			if lo, ok := boundValue(s.Min, look); ok && (x < lo || (s.Min.Open && x == lo)) {
				return s.fail(formatValue(v), OutOfRange, look)
			}
		}
		if s.Max != nil {
			if hi, ok := boundValue(s.Max, look); ok && (x > hi || (s.Max.Open && x == hi)) {
				return s.fail(formatValue(v), OutOfRange, look)
			}
		}
	}
	if s.Check != nil {
		return s.Check(v)
	}
	return nil
}

func (s *Setting) fail(value string, f Fault, look Lookup) *FieldError {
	return &FieldError{Field: s.Path(), Key: s.Key, Value: value, Fault: f, Want: s.Range(look)}
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	case uint64:
		return float64(x), true
	}
	return 0, false
}

// formatValue writes a value as links and messages show it.
func formatValue(v any) string {
	if x, ok := v.(float64); ok {
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.FormatFloat(x, 'f', -1, 64) // 1000000000, not 1e+09
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return fmt.Sprint(v)
}

// Table is an ordered list of settings.
type Table []*Setting

// ByKey returns the setting with the given key or path ("p" or "task.p").
func (t Table) ByKey(key string) (*Setting, bool) {
	for _, s := range t {
		if s.Key == key || s.Path() == key {
			return s, true
		}
	}
	return nil, false
}

// Get returns the value of s's field in *ptr (a pointer to the table's
// struct): a float64, int, uint64 or string.
func Get(ptr any, s *Setting) any {
	return field(ptr, s).Interface()
}

// Set stores v (of the type Parse returns) in s's field of *ptr.
func Set(ptr any, s *Setting, v any) {
	f := field(ptr, s)
	f.Set(reflect.ValueOf(v).Convert(f.Type()))
}

// field finds the struct field whose JSON name is s.Path() (s.Field when
// ptr points at the group's own struct).
func field(ptr any, s *Setting) reflect.Value {
	v := reflect.ValueOf(ptr).Elem()
	k := fieldKey{v.Type(), s.Group, s.Field}
	if idx, ok := fieldIndex.Load(k); ok {
		return v.FieldByIndex(idx.([]int))
	}
	var idx []int
	t := v.Type()
	if i, ok := jsonField(t, s.Group); ok {
		idx = append(idx, i)
		t = t.Field(i).Type
	}
	i, ok := jsonField(t, s.Field)
	if !ok {
		panic("settings: no field " + s.Path() + " in " + v.Type().String())
	}
	idx = append(idx, i)
	fieldIndex.Store(k, idx)
	return v.FieldByIndex(idx)
}

// fieldIndex caches field's answers: reading struct tags is slow, and
// links validate a config once per key.
var fieldIndex sync.Map // fieldKey -> []int

type fieldKey struct {
	t            reflect.Type
	group, field string
}

// jsonField returns the index of the field of struct type t whose JSON name is name.
func jsonField(t reflect.Type, name string) (int, bool) {
	if name == "" || t.Kind() != reflect.Struct {
		return 0, false
	}
	for i := range t.NumField() {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if tag == name {
			return i, true
		}
	}
	return 0, false
}

// Validate checks every row of t against *ptr in order and returns the
// first error. Rows with a When apply only when the condition holds.
func (t Table) Validate(ptr any) error {
	look := func(key string) (float64, bool) {
		s, ok := t.ByKey(key)
		if !ok {
			return 0, false
		}
		return toFloat(Get(ptr, s))
	}
	for _, s := range t {
		if s.When != nil {
			other, ok := t.ByKey(s.When.Key)
			if ok && !contains(s.When.Values, fmt.Sprint(Get(ptr, other))) {
				continue
			}
		}
		if err := s.Validate(Get(ptr, s), look); err != nil {
			return err
		}
	}
	return nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Name is a key people may mean, with the other names they may type for it.
type Name struct {
	Key     string
	Aliases []string
}

// Suggest returns the known key nearest to an unknown one, or "": an exact
// alias first (ignoring case), then the key or alias within a small edit
// distance (a key differing only in case is at distance 0).
func Suggest(unknown string, known []Name) string {
	u := strings.ToLower(strings.TrimSpace(unknown))
	if u == "" {
		return ""
	}
	for _, n := range known {
		for _, a := range n.Aliases {
			if strings.ToLower(a) == u {
				return n.Key
			}
		}
	}
	best, bestD, bestP := "", 0, 0
	for _, n := range known {
		for _, name := range append([]string{n.Key}, n.Aliases...) {
			name = strings.ToLower(name)
			d, p := distance(u, name), prefix(u, name)
			if best == "" || d < bestD || (d == bestD && p > bestP) { // ties: the longer shared start
				best, bestD, bestP = n.Key, d, p
			}
		}
	}
	if bestD > max(1, min(3, len([]rune(u))/3)) {
		return ""
	}
	return best
}

// prefix returns the length of the common start of a and b, in bytes.
func prefix(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}

// distance is the edit distance between a and b counting an insertion, a
// deletion, a substitution or a swap of neighbours as one edit ("tsak" is
// one edit from "task").
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// Names returns the keys and aliases of the rows that links may set.
func (t Table) Names(linkOnly bool) []Name {
	var out []Name
	for _, s := range t {
		if !linkOnly || s.Link {
			out = append(out, Name{Key: s.Key, Aliases: s.Aliases})
		}
	}
	return out
}
