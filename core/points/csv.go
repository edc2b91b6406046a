package points

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// LineError is a CSV line FromCSV refuses.
type LineError struct {
	Line  int    // 1-based line number; 0 for the input as a whole
	Field string // "x", "y", "label", "fields" (the field count) or "points" (the count)
	Value string // the value as written (for "fields", the whole line)
	Fault Fault
	Want  string // what is allowed, in words
	Err   error  // the read error, if reading failed
}

// Error returns "points: csv line N: field: reason".
func (e *LineError) Error() string {
	where := "points: csv"
	if e.Line > 0 {
		where += " line " + strconv.Itoa(e.Line)
	}
	if e.Err != nil {
		return where + ": " + e.Err.Error()
	}
	v := e.Value
	if e.Fault == NotANumber || e.Fault == WrongFields {
		v = strconv.Quote(v)
	}
	return fmt.Sprintf("%s: %s: %s is %s (want %s)", where, e.Field, v, e.Fault, e.Want)
}

// Unwrap returns the read error, if any.
func (e *LineError) Unwrap() error { return e.Err }

var csvFields = [3]string{"x", "y", "label"}

// FromCSV reads a set from lines "x,y,label": numbers in Go's syntax,
// spaces around them allowed, x and y in [-6, 6], the label finite. The
// first non-blank line may be a header, a line none of whose fields is a
// number, such as "x,y,label"; blank lines are skipped; "\r\n" endings are
// accepted. There must be at least one and at most MaxN points. The set is
// named "csv", every point goes to Train (no test split), and it is a
// regression set unless every label is +1 or -1. A refused line is a
// *LineError with its number, field and value.
func FromCSV(r io.Reader) (Set, error) {
	sc := bufio.NewScanner(r)
	var pts []Point
	line, seen := 0, false
	for sc.Scan() {
		line++
		text := strings.TrimSpace(strings.TrimSuffix(sc.Text(), "\r"))
		if text == "" {
			continue
		}
		first := !seen
		seen = true
		f := strings.Split(text, ",")
		if len(f) != 3 {
			if first && !anyNumber(f) {
				continue // a header of another width is still a header
			}
			return Set{}, &LineError{Line: line, Field: "fields", Value: text, Fault: WrongFields, Want: "three comma-separated numbers x,y,label"}
		}
		if first && !anyNumber(f) {
			continue
		}
		var v [3]float64
		for i, s := range f {
			s = strings.TrimSpace(s)
			x, err := strconv.ParseFloat(s, 64)
			switch {
			case err != nil && !isRange(err):
				return Set{}, &LineError{Line: line, Field: csvFields[i], Value: s, Fault: NotANumber, Want: want(i)}
			case err != nil || math.IsNaN(x) || math.IsInf(x, 0):
				return Set{}, &LineError{Line: line, Field: csvFields[i], Value: s, Fault: NotFinite, Want: want(i)}
			case i < 2 && (x < -Half || x > Half):
				return Set{}, &LineError{Line: line, Field: csvFields[i], Value: s, Fault: OutOfRange, Want: want(i)}
			}
			v[i] = x
		}
		if len(pts) == MaxN {
			return Set{}, &LineError{Line: line, Field: "points", Value: strconv.Itoa(MaxN + 1), Fault: TooMany, Want: "at most 10000 points"}
		}
		pts = append(pts, Point{v[0], v[1], v[2]})
	}
	if err := sc.Err(); err != nil {
		return Set{}, &LineError{Line: line + 1, Field: "fields", Err: err}
	}
	if len(pts) == 0 {
		return Set{}, &LineError{Field: "points", Value: "0", Fault: TooFew, Want: "at least one point"}
	}
	regression := false
	for _, p := range pts {
		regression = regression || (p.Label != 1 && p.Label != -1)
	}
	return Set{Name: "csv", Train: pts, Regression: regression}, nil
}

func want(i int) string {
	if i < 2 {
		return "a number in [-6, 6]"
	}
	return "a finite number"
}

// anyNumber reports whether some field parses as a number.
func anyNumber(f []string) bool {
	for _, s := range f {
		if _, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil || isRange(err) {
			return true
		}
	}
	return false
}

func isRange(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}
