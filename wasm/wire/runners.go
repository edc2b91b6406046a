package wire

import (
	"encoding/binary"
	"fmt"
)

// runMagic starts every message the worker sends the view ("DSR" and the
// format version): the run's runners, each a name and a snapshot. A single
// run is a list of one.
const runMagic uint32 = 0x02525344

// MaxRunners bounds the snapshots in a message.
const MaxRunners = 8

// Runner is one network of a run: its name, its kind and its snapshot,
// encoded by the kind's codec (Graph.Append for KindSequence,
// Layered.Append for KindLayered).
type Runner struct {
	Name  string
	Kind  byte
	Graph []byte
}

// AppendRunners encodes a run's runners after dst as one message.
func AppendRunners(dst []byte, runners []Runner) []byte {
	le := binary.LittleEndian
	dst = le.AppendUint32(dst, runMagic)
	dst = append(dst, byte(len(runners)))
	for _, r := range runners {
		name := r.Name
		if len(name) > 255 {
			name = name[:255]
		}
		dst = append(dst, byte(len(name)))
		dst = append(dst, name...)
		dst = append(dst, r.Kind)
		dst = le.AppendUint32(dst, uint32(len(r.Graph)))
		dst = append(dst, r.Graph...)
	}
	return dst
}

// SplitRunners returns the runners of a message; their Graph bytes alias b.
// A damaged message is an error, never a panic.
func SplitRunners(b []byte) ([]Runner, error) {
	r := reader{b: b}
	if m := r.u32(); r.err != nil || m != runMagic {
		return nil, fmt.Errorf("wire: not a run message")
	}
	n := int(r.byte())
	if r.err != nil || n < 1 || n > MaxRunners {
		return nil, fmt.Errorf("wire: run of %d runners (want 1..%d)", n, MaxRunners)
	}
	out := make([]Runner, n)
	for i := range out {
		name := r.take(int(r.byte()))
		kind := r.byte()
		size := int(r.u32())
		if r.err != nil || size > len(r.b)-r.off {
			return nil, ErrShort
		}
		if kind > KindLayered {
			return nil, fmt.Errorf("wire: runner %d: unknown kind %d", i, kind)
		}
		out[i] = Runner{Name: string(name), Kind: kind, Graph: r.take(size)}
	}
	if r.err != nil {
		return nil, r.err
	}
	if r.off != len(r.b) {
		return nil, fmt.Errorf("wire: %d bytes after the runners", len(r.b)-r.off)
	}
	return out, nil
}
