package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Invocation is one line of the ledger each output folder keeps of the
// invocations that trained runs in it, so that the time a full set of runs
// took survives interruptions and resumptions.
type Invocation struct {
	Started time.Time
	Wall    time.Duration // training wall time
	Trained int           // runs finished by this invocation
	Workers int
	Commit  string // the repository's commit when the invocation started ("+" if core/ had local changes)
}

// gitCommit returns the current commit of the repository holding the
// working directory, with "+" when core/ has uncommitted changes, or
// "unknown" outside a git checkout.
func gitCommit() string {
	out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	commit := strings.TrimSpace(string(out))
	if dirty, err := exec.Command("git", "status", "--porcelain", "--", "core").Output(); err == nil && len(dirty) > 0 {
		commit += "+"
	}
	return commit
}

// ledgerPath is the ledger's file under out.
func ledgerPath(out string) string { return filepath.Join(out, "runs", "invocations.csv") }

// appendLedger adds inv to the ledger under out.
func appendLedger(out string, inv Invocation) error {
	path := ledgerPath(out)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	_, statErr := os.Stat(path)
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	if errors.Is(statErr, fs.ErrNotExist) {
		_ = w.Write([]string{"started_utc", "wall_seconds", "runs_trained", "workers", "commit"})
	}
	_ = w.Write([]string{inv.Started.UTC().Format(time.RFC3339), formatFloat(inv.Wall.Seconds()),
		strconv.Itoa(inv.Trained), strconv.Itoa(inv.Workers), inv.Commit})
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readLedger returns the invocations recorded under out (none if there is
// no ledger yet).
func readLedger(out string) ([]Invocation, error) {
	data, err := os.ReadFile(ledgerPath(out))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytesReader(data))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ledgerPath(out), err)
	}
	var invs []Invocation
	for _, row := range rows[min(1, len(rows)):] {
		if len(row) < 4 {
			continue
		}
		commit := "unknown"
		if len(row) > 4 {
			commit = row[4]
		}
		started, err1 := time.Parse(time.RFC3339, row[0])
		secs, err2 := strconv.ParseFloat(row[1], 64)
		trained, err3 := strconv.Atoi(row[2])
		workers, err4 := strconv.Atoi(row[3])
		if err := errors.Join(err1, err2, err3, err4); err != nil {
			return nil, fmt.Errorf("%s: %w", ledgerPath(out), err)
		}
		invs = append(invs, Invocation{Started: started, Wall: time.Duration(secs * float64(time.Second)), Trained: trained, Workers: workers, Commit: commit})
	}
	return invs, nil
}
