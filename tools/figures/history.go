package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Record is one sampled point of a run.
type Record struct {
	Cycle   int     // completed cycles
	Neurons int     // hidden neurons
	Loss    float64 // smoothed loss per window (nats)
	PerSym  float64 // smoothed loss per symbol (nats)
	Floor   float64 // entropy floor of the current phase, per window
}

// Meta describes a run; it is stored as the run file's first line.
type Meta struct {
	Experiment string          `json:"experiment"`
	Seed       uint64          `json:"seed"`
	Cycles     int             `json:"cycles"`
	Seconds    float64         `json:"seconds"` // wall time the run took (the only non-deterministic field)
	Config     json.RawMessage `json:"config"`  // the engine config, to detect stale files
}

// History is one finished run: its description and its sampled points.
type History struct {
	Meta
	Records []Record
}

// metaPrefix starts a run file's first line.
const metaPrefix = "# diffstruct-figures-run "

// csvHeader names a run file's columns.
var csvHeader = []string{"cycle", "neurons", "loss_window", "loss_symbol", "floor_window"}

// Final returns the last record.
func (h History) Final() Record { return h.Records[len(h.Records)-1] }

// window returns the symbols a cycle of the run read (its config's window).
func (h History) window() (int, error) {
	var cfg struct{ Window int }
	if err := json.Unmarshal(h.Config, &cfg); err != nil || cfg.Window <= 0 {
		return 0, fmt.Errorf("run %s seed %d: no window in its config (%v)", h.Experiment, h.Seed, err)
	}
	return cfg.Window, nil
}

// encode writes h as a comment line with its Meta followed by CSV.
func (h History) encode(w io.Writer) error {
	meta, err := json.Marshal(h.Meta)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s%s\n", metaPrefix, meta)
	cw := csv.NewWriter(bw)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, r := range h.Records {
		if err := cw.Write([]string{
			strconv.Itoa(r.Cycle), strconv.Itoa(r.Neurons),
			formatFloat(r.Loss), formatFloat(r.PerSym), formatFloat(r.Floor),
		}); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// formatFloat writes x so that it parses back to the same bits.
func formatFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// decodeHistory reads a run file written by encode.
func decodeHistory(data []byte) (History, error) {
	line, rest, ok := bytes.Cut(data, []byte("\n"))
	if !ok || !bytes.HasPrefix(line, []byte(metaPrefix)) {
		return History{}, errors.New("missing run header line")
	}
	var h History
	if err := json.Unmarshal(line[len(metaPrefix):], &h.Meta); err != nil {
		return History{}, fmt.Errorf("run header: %w", err)
	}
	rows, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
	if err != nil {
		return History{}, err
	}
	if len(rows) < 2 || strings.Join(rows[0], ",") != strings.Join(csvHeader, ",") {
		return History{}, errors.New("missing CSV header or rows")
	}
	for _, row := range rows[1:] {
		r, err := parseRecord(row)
		if err != nil {
			return History{}, err
		}
		h.Records = append(h.Records, r)
	}
	return h, nil
}

func parseRecord(row []string) (Record, error) {
	var r Record
	var err [5]error
	r.Cycle, err[0] = strconv.Atoi(row[0])
	r.Neurons, err[1] = strconv.Atoi(row[1])
	r.Loss, err[2] = strconv.ParseFloat(row[2], 64)
	r.PerSym, err[3] = strconv.ParseFloat(row[3], 64)
	r.Floor, err[4] = strconv.ParseFloat(row[4], 64)
	return r, errors.Join(err[:]...)
}

func bytesReader(data []byte) io.Reader { return bytes.NewReader(data) }

// loadHistory reads the run file at path.
func loadHistory(path string) (History, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return History{}, err
	}
	h, err := decodeHistory(data)
	if err != nil {
		return History{}, fmt.Errorf("%s: %w", path, err)
	}
	return h, nil
}

// saveHistory writes h to path atomically: a temporary file in the same
// folder, synced, then renamed over path, so an interrupted write never
// leaves a half-written run behind.
func saveHistory(path string, h History) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return writeAtomic(path, h.encode)
}

// writeAtomic writes a file through fill via a temporary file and a rename.
func writeAtomic(path string, fill func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if err := fill(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
