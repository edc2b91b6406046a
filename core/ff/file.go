package ff

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/diffstruct/diffstruct/core/points"
	"github.com/diffstruct/diffstruct/core/rng"
)

// FileFormat names a feed-forward network file; FileVersion is its version.
const (
	FileFormat  = "diffstruct-ff-network"
	FileVersion = 1
)

// File is a whole feed-forward run as JSON: the settings, the data, every
// parameter and optimiser memory, and the state of the random source and
// of the epoch's order, so that a loaded run continues bit for bit as the
// run that was never stopped (see docs/file-format.md).
type File struct {
	Format  string      `json:"format"`
	Version int         `json:"version"`
	Config  Config      `json:"config"`
	Data    points.Set  `json:"data"`
	Cycle   int         `json:"cycle"`
	NextID  int64       `json:"next_id"`
	Layers  []FileLayer `json:"layers"`
	OutBias [2]float64  `json:"output_bias"` // the value and its optimiser memory
	Order   []int       `json:"order"`
	Pos     int         `json:"pos"`
	Loss    float64     `json:"loss_smoothed"`
	RNG     []byte      `json:"rng"`
}

// FileLayer is one hidden layer of a File: by neuron, its id and birth
// cycle; row-major weights from the layer before and their memories.
type FileLayer struct {
	IDs       []int64    `json:"ids"`
	Born      []int      `json:"born"`
	Born0     int        `json:"layer_born"`
	Cols      int        `json:"cols"`
	W         []float64  `json:"w"`
	B         []float64  `json:"b"`
	MW        []float64  `json:"w_memory"`
	MB        []float64  `json:"b_memory"`
	Connected bool       `json:"to_output"`
	Out       []float64  `json:"out,omitempty"`
	MOut      []float64  `json:"out_memory,omitempty"`
	Gate      [2]float64 `json:"multiplier"` // the value and its optimiser memory
}

// Save writes the network as a File.
func (n *Net) Save(w io.Writer) error {
	st, err := n.rnd.State()
	if err != nil {
		return err
	}
	f := File{
		Format: FileFormat, Version: FileVersion, Config: n.Config(), Data: n.set,
		Cycle: n.cycle, NextID: n.nextID, OutBias: [2]float64{n.bOut[0], n.mbOut[0]},
		Order: slices.Clone(n.order), Pos: n.pos, Loss: n.loss, RNG: st,
	}
	for l := range n.ls {
		ly := &n.ls[l]
		f.Layers = append(f.Layers, FileLayer{
			IDs: ly.ids, Born: ly.born, Born0: ly.born0, Cols: ly.cols,
			W: ly.w, B: ly.b, MW: ly.mw, MB: ly.mb, Connected: ly.connected,
			Out: ly.out, MOut: ly.mout, Gate: [2]float64{ly.gate[0], ly.mgate[0]},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(f)
}

// FileError is a network file Load refuses: the field and why.
type FileError struct {
	Field  string
	Reason string
}

// Error returns "ff: network file: field: reason".
func (e *FileError) Error() string { return "ff: network file: " + e.Field + ": " + e.Reason }

// Load reads a File written by Save and returns the network, ready to
// continue. Every size is checked against the others: a damaged or edited
// file is a *FileError (or the *FieldError of its settings), never a panic.
func Load(r io.Reader) (*Net, error) {
	var f File
	dec := json.NewDecoder(io.LimitReader(r, 64<<20))
	if err := dec.Decode(&f); err != nil {
		return nil, &FileError{Field: "json", Reason: err.Error()}
	}
	if f.Format != FileFormat || f.Version != FileVersion {
		return nil, &FileError{Field: "format", Reason: fmt.Sprintf("%q version %d, want %q version %d", f.Format, f.Version, FileFormat, FileVersion)}
	}
	if err := f.Config.Validate(); err != nil {
		return nil, err
	}
	if len(f.Data.Train) == 0 || len(f.Data.Train) > points.MaxN {
		return nil, &FileError{Field: "data", Reason: fmt.Sprintf("%d training points, want 1 to %d", len(f.Data.Train), points.MaxN)}
	}
	if len(f.Layers) < 1 || len(f.Layers) > MaxLayers || (f.Config.Depth.Max == 0 && len(f.Layers) != f.Config.Layers) {
		return nil, &FileError{Field: "layers", Reason: fmt.Sprintf("%d layers for these settings", len(f.Layers))}
	}
	n := &Net{cfg: f.Config, set: f.Data, rnd: rng.New(0, stream), nextID: f.NextID, cycle: f.Cycle,
		pos: f.Pos, loss: f.Loss, in: make([]float64, len(f.Config.Features)),
		bOut: []float64{f.OutBias[0]}, mbOut: []float64{f.OutBias[1]}, gbOut: []float64{0}}
	if err := n.rnd.SetState(f.RNG); err != nil {
		return nil, &FileError{Field: "rng", Reason: err.Error()}
	}
	if len(f.Order) != len(f.Data.Train) || f.Pos < 0 || f.Pos >= len(f.Order) {
		return nil, &FileError{Field: "order", Reason: fmt.Sprintf("%d entries at %d for %d training points", len(f.Order), f.Pos, len(f.Data.Train))}
	}
	seen := make([]bool, len(f.Order))
	for _, i := range f.Order {
		if i < 0 || i >= len(seen) || seen[i] {
			return nil, &FileError{Field: "order", Reason: "not a permutation of the training points"}
		}
		seen[i] = true
	}
	n.order = f.Order
	cols := len(f.Config.Features)
	ids := map[int64]bool{}
	for l, fl := range f.Layers {
		rows := len(fl.IDs)
		field := fmt.Sprintf("layers[%d]", l)
		bad := rows < 1 || rows > f.Config.Rule.Max && len(f.Config.Fixed) == 0 || fl.Cols != cols ||
			len(fl.Born) != rows || len(fl.W) != rows*cols || len(fl.MW) != rows*cols ||
			len(fl.B) != rows || len(fl.MB) != rows
		wantOut := f.Config.Depth.Max > 0 || f.Config.Shortcuts || l == len(f.Layers)-1
		if fl.Connected != wantOut || (wantOut && (len(fl.Out) != rows || len(fl.MOut) != rows)) || (!wantOut && len(fl.Out)+len(fl.MOut) > 0) {
			bad = true
		}
		if bad {
			return nil, &FileError{Field: field, Reason: fmt.Sprintf("sizes do not match (%d neurons, %d columns)", rows, cols)}
		}
		for _, id := range fl.IDs {
			if id < 1 || id > f.NextID || ids[id] {
				return nil, &FileError{Field: field + ".ids", Reason: fmt.Sprintf("id %d repeated or beyond next_id %d", id, f.NextID)}
			}
			ids[id] = true
		}
		n.ls = append(n.ls, layer{
			w: fl.W, b: fl.B, mw: fl.MW, mb: fl.MB, gw: make([]float64, len(fl.W)), gb: make([]float64, rows),
			rows: rows, cols: cols, out: fl.Out, mout: fl.MOut, gout: make([]float64, len(fl.Out)),
			gate: []float64{fl.Gate[0]}, mgate: []float64{fl.Gate[1]}, ggate: []float64{0},
			connected: fl.Connected, ids: fl.IDs, born: fl.Born, born0: fl.Born0,
		})
		if f.Config.Shortcuts {
			cols += rows
		} else {
			cols = rows
		}
	}
	n.strengths()
	return n, nil
}
