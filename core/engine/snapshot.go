package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/diffstruct/diffstruct/core/rng"
	"github.com/diffstruct/diffstruct/core/rnn"
	"github.com/diffstruct/diffstruct/core/task"
)

// SnapshotFormat and SnapshotVersion identify a saved network file.
const (
	SnapshotFormat  = "diffstruct-network"
	SnapshotVersion = 1
	// MaxSnapshotBytes bounds the size of a file Load accepts.
	MaxSnapshotBytes = 64 << 20
)

// Snapshot is a whole run, saved: the network (weights, neuron ids and
// strengths), the config with its seed, the cycle, and every piece of state
// needed to continue exactly as if the run had never stopped (optimiser
// state, hidden state, random sources, the task stream). Matrices are in the
// paper's orientation: Wxh is N x V, Whh N x N (row i receives from column
// j), Why V x N.
type Snapshot struct {
	Format    string           `json:"format"`
	Version   int              `json:"version"`
	Config    Config           `json:"config"`
	Cycle     int              `json:"cycle"`
	Alphabet  string           `json:"alphabet"`
	Neurons   []SavedNeuron    `json:"neurons"`
	NextID    int64            `json:"next_id"`
	Weights   Params           `json:"weights"`
	Optimizer Params           `json:"optimizer_state"` // RMSProp mean squares or Adagrad sums, shaped like Weights
	Hidden    []float64        `json:"hidden"`          // carried hidden state, one value per neuron
	Loss      float64          `json:"loss_smoothed"`
	LastLoss  float64          `json:"loss_window"`
	Last      int              `json:"last_symbol"` // index of the symbol that starts the next window
	TaskStart int              `json:"task_start"`
	RNG       []byte           `json:"rng"`
	Stream    task.StreamState `json:"task_stream"`
	Best      *SavedBest       `json:"best,omitempty"` // the rollback rule's copy (rollback_gap); absent otherwise, as in files saved before it existed
}

// SavedNeuron is one neuron in a snapshot.
type SavedNeuron struct {
	ID       int64   `json:"id"`
	Born     int     `json:"born"`
	Strength float64 `json:"strength"` // informational: recomputed on load
}

// Params holds a value for every parameter, shaped as in the paper.
type Params struct {
	Wxh [][]float64 `json:"Wxh"`
	Whh [][]float64 `json:"Whh"`
	Bh  []float64   `json:"bh"`
	Why [][]float64 `json:"Why"`
	By  []float64   `json:"by"`
	M   []float64   `json:"m,omitempty"`
}

// Snapshot returns the run's state.
func (e *Engine) Snapshot() (Snapshot, error) {
	r, err := e.rnd.State()
	if err != nil {
		return Snapshot{}, err
	}
	st, err := e.stream.State()
	if err != nil {
		return Snapshot{}, err
	}
	s := Snapshot{
		Format: SnapshotFormat, Version: SnapshotVersion, Config: e.cfg, Cycle: e.cycle,
		Alphabet: string(e.stream.Alphabet()), NextID: e.nextID,
		Weights: toParams(e.net, e.net.Params()), Optimizer: toParams(e.net, e.net.Slot(0)),
		Hidden: append([]float64{}, e.net.State()...), Loss: e.smooth, LastLoss: e.windowLoss,
		Last: e.last, TaskStart: e.taskStart, RNG: r, Stream: st, Best: e.best,
	}
	for j, id := range e.ids {
		s.Neurons = append(s.Neurons, SavedNeuron{ID: id, Born: e.born[j], Strength: e.strengths[j]})
	}
	return s, nil
}

// Save writes the run as indented JSON.
func (e *Engine) Save(w io.Writer) error {
	s, err := e.Snapshot()
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(s)
}

// Load reads a run saved by Save and returns an engine that continues it.
// A malformed, truncated, oversized or inconsistent file is rejected with an
// error saying what is wrong.
func Load(r io.Reader) (*Engine, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSnapshotBytes+1))
	if err != nil {
		return nil, fmt.Errorf("network file: %w", err)
	}
	if len(data) > MaxSnapshotBytes {
		return nil, fmt.Errorf("network file: larger than %d MB", MaxSnapshotBytes>>20)
	}
	var s Snapshot
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("network file: not valid JSON (truncated or corrupted): %v", err)
		}
		return nil, fmt.Errorf("network file: %v", err)
	}
	if dec.More() {
		return nil, errors.New("network file: unexpected data after the network")
	}
	return FromSnapshot(s)
}

// FromSnapshot returns an engine that continues the saved run.
func FromSnapshot(s Snapshot) (*Engine, error) {
	if s.Format != SnapshotFormat {
		return nil, fmt.Errorf("network file: format %q, want %q", s.Format, SnapshotFormat)
	}
	if s.Version != SnapshotVersion {
		return nil, fmt.Errorf("network file: version %d, this program reads version %d", s.Version, SnapshotVersion)
	}
	cfg := s.Config
	cfg.Task = cfg.Task.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("network file: config: %w", err)
	}
	if s.Stream.Spec.WithDefaults() != cfg.Task || s.Stream.Window != cfg.Window {
		return nil, errors.New("network file: the task stream does not match the config's task")
	}
	n := len(s.Neurons)
	if n < 1 || n > cfg.MaxNeurons {
		return nil, fmt.Errorf("network file: %d neurons, want 1..max_neurons (%d)", n, cfg.MaxNeurons)
	}
	e, err := New(cfg)
	if err != nil {
		return nil, fmt.Errorf("network file: %w", err)
	}
	if s.Alphabet != string(e.stream.Alphabet()) {
		return nil, fmt.Errorf("network file: alphabet %q does not match the task's %q", s.Alphabet, string(e.stream.Alphabet()))
	}
	v := len(e.stream.Alphabet())
	keep := make([]int, n) // n fresh neurons, filled in below
	for i := range keep {
		keep[i] = -1
	}
	if err := e.net.Remap(keep); err != nil {
		return nil, err
	}
	if err := fromParams(e.net, s.Weights, e.net.Params(), "weights"); err != nil {
		return nil, err
	}
	if err := fromParams(e.net, s.Optimizer, e.net.Slot(0), "optimizer_state"); err != nil {
		return nil, err
	}
	for _, x := range e.net.Slot(0) {
		if x < 0 {
			return nil, errors.New("network file: optimizer_state has a negative mean square")
		}
	}
	if err := e.restoreNeurons(s); err != nil {
		return nil, err
	}
	if len(s.Hidden) != n || !finite(s.Hidden) || !finite([]float64{s.Loss, s.LastLoss}) {
		return nil, fmt.Errorf("network file: hidden has %d values for %d neurons, or a value is not finite", len(s.Hidden), n)
	}
	copy(e.net.State(), s.Hidden)
	switch {
	case s.Cycle < 0:
		return nil, fmt.Errorf("network file: cycle %d is negative", s.Cycle)
	case s.Last < 0 || s.Last >= v:
		return nil, fmt.Errorf("network file: last_symbol %d outside the alphabet", s.Last)
	case s.TaskStart < 0 || s.TaskStart > s.Cycle:
		return nil, fmt.Errorf("network file: task_start %d outside 0..cycle", s.TaskStart)
	}
	e.rnd = rng.New(0, 0)
	if err := e.rnd.SetState(s.RNG); err != nil {
		return nil, fmt.Errorf("network file: rng: %w", err)
	}
	if e.stream, err = task.RestoreStream(s.Stream); err != nil {
		return nil, fmt.Errorf("network file: %w", err)
	}
	e.cycle, e.smooth, e.windowLoss, e.last, e.taskStart = s.Cycle, s.Loss, s.LastLoss, s.Last, s.TaskStart
	if s.Best != nil {
		if err := checkBest(e.net, *s.Best, s); err != nil {
			return nil, err
		}
		b := *s.Best
		e.best = &b
	}
	e.updateStrengths()
	return e, nil
}

// restoreNeurons checks and sets the neurons' ids and birth cycles.
func (e *Engine) restoreNeurons(s Snapshot) error {
	seen := map[int64]bool{}
	e.ids, e.born = e.ids[:0], e.born[:0]
	for _, nr := range s.Neurons {
		if nr.ID < 1 || nr.ID > s.NextID || seen[nr.ID] {
			return fmt.Errorf("network file: neuron id %d is duplicated or outside 1..next_id (%d)", nr.ID, s.NextID)
		}
		if nr.Born < 0 || nr.Born > s.Cycle {
			return fmt.Errorf("network file: neuron %d born at cycle %d, outside 0..cycle", nr.ID, nr.Born)
		}
		seen[nr.ID] = true
		e.ids, e.born = append(e.ids, nr.ID), append(e.born, nr.Born)
	}
	e.nextID = s.NextID
	return nil
}

// checkBest checks a saved best network against the run: neuron ids and
// birth cycles in range, shapes and values valid for its size.
func checkBest(net *rnn.Net, b SavedBest, s Snapshot) error {
	n := len(b.Neurons)
	if n < 1 || n > s.Config.MaxNeurons || len(b.Hidden) != n || !finite(b.Hidden) || !finite([]float64{b.Loss, b.Floor}) {
		return fmt.Errorf("network file: best has %d neurons and %d hidden values, or a value is not finite", n, len(b.Hidden))
	}
	seen := map[int64]bool{}
	for _, nr := range b.Neurons {
		if nr.ID < 1 || nr.ID > s.NextID || seen[nr.ID] || nr.Born < 0 || nr.Born > s.Cycle {
			return fmt.Errorf("network file: best neuron id %d (born %d) is duplicated or outside 1..next_id or 0..cycle", nr.ID, nr.Born)
		}
		seen[nr.ID] = true
	}
	gate := rnn.NoGate // only the layout matters here, and it knows only whether there are multipliers
	if net.Layout().Gated {
		gate = rnn.GateOutput
	}
	scratch, err := rnn.New(net.V(), n, s.Config.Window, gate)
	if err != nil {
		return fmt.Errorf("network file: best: %w", err)
	}
	if err := fromParams(scratch, b.Weights, scratch.Params(), "best.weights"); err != nil {
		return err
	}
	if err := fromParams(scratch, b.Optimizer, scratch.Params(), "best.optimizer_state"); err != nil { // same shape
		return err
	}
	for _, x := range scratch.Params() {
		if x < 0 {
			return errors.New("network file: best.optimizer_state has a negative mean square")
		}
	}
	return nil
}

func finite(xs []float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// toParams copies a flat parameter-shaped buffer into paper-shaped matrices.
func toParams(net *rnn.Net, flat []float64) Params {
	l := net.Layout()
	wx, whh, why := l.Slice(flat, rnn.WxhT), l.Slice(flat, rnn.Whh), l.Slice(flat, rnn.Why)
	p := Params{
		Wxh: make([][]float64, l.N), Whh: make([][]float64, l.N), Why: make([][]float64, l.V),
		Bh: append([]float64{}, l.Slice(flat, rnn.Bh)...), By: append([]float64{}, l.Slice(flat, rnn.By)...),
	}
	for i := 0; i < l.N; i++ {
		p.Wxh[i] = make([]float64, l.V)
		for k := 0; k < l.V; k++ {
			p.Wxh[i][k] = wx[k*l.N+i]
		}
		p.Whh[i] = append([]float64{}, whh[i*l.N:(i+1)*l.N]...)
	}
	for k := 0; k < l.V; k++ {
		p.Why[k] = append([]float64{}, why[k*l.N:(k+1)*l.N]...)
	}
	if l.Gated {
		p.M = append([]float64{}, l.Slice(flat, rnn.M)...)
	}
	return p
}

// fromParams checks the shapes and values of p and copies it into flat.
func fromParams(net *rnn.Net, p Params, flat []float64, name string) error {
	l := net.Layout()
	bad := func(what string, got, want int) error {
		return fmt.Errorf("network file: %s.%s has %d rows or values, want %d", name, what, got, want)
	}
	if err := checkMatrix(p.Wxh, l.N, l.V); err != nil {
		return fmt.Errorf("network file: %s.Wxh: %v", name, err)
	}
	if err := checkMatrix(p.Whh, l.N, l.N); err != nil {
		return fmt.Errorf("network file: %s.Whh: %v", name, err)
	}
	if err := checkMatrix(p.Why, l.V, l.N); err != nil {
		return fmt.Errorf("network file: %s.Why: %v", name, err)
	}
	switch {
	case len(p.Bh) != l.N:
		return bad("bh", len(p.Bh), l.N)
	case len(p.By) != l.V:
		return bad("by", len(p.By), l.V)
	case l.Gated && len(p.M) != l.N:
		return bad("m", len(p.M), l.N)
	case !l.Gated && len(p.M) != 0:
		return fmt.Errorf("network file: %s.m given for a network without multipliers", name)
	case !finite(p.Bh) || !finite(p.By) || !finite(p.M):
		return fmt.Errorf("network file: %s has a value that is not finite", name)
	}
	wx, whh, why := l.Slice(flat, rnn.WxhT), l.Slice(flat, rnn.Whh), l.Slice(flat, rnn.Why)
	for i := 0; i < l.N; i++ {
		for k := 0; k < l.V; k++ {
			wx[k*l.N+i] = p.Wxh[i][k]
		}
		copy(whh[i*l.N:(i+1)*l.N], p.Whh[i])
	}
	for k := 0; k < l.V; k++ {
		copy(why[k*l.N:(k+1)*l.N], p.Why[k])
	}
	copy(l.Slice(flat, rnn.Bh), p.Bh)
	copy(l.Slice(flat, rnn.By), p.By)
	copy(l.Slice(flat, rnn.M), p.M)
	return nil
}

// checkMatrix checks that m is rows x cols of finite values.
func checkMatrix(m [][]float64, rows, cols int) error {
	if len(m) != rows {
		return fmt.Errorf("%d rows, want %d", len(m), rows)
	}
	for i, r := range m {
		if len(r) != cols {
			return fmt.Errorf("row %d has %d values, want %d", i, len(r), cols)
		}
		if !finite(r) {
			return fmt.Errorf("row %d has a value that is not finite", i)
		}
	}
	return nil
}
