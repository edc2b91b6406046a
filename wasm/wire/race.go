package wire

import (
	"encoding/binary"
	"fmt"
)

// raceMagic starts a race message ("DSR" and the format version): several
// named snapshots, one per network racing.
const raceMagic uint32 = 0x01525344

// MaxRunners bounds the snapshots in a race message.
const MaxRunners = 8

// Runner is one network of a race message: its name and its snapshot,
// encoded by Graph.Append.
type Runner struct {
	Name  string
	Graph []byte
}

// AppendRace encodes runners after dst as one race message.
func AppendRace(dst []byte, runners []Runner) []byte {
	le := binary.LittleEndian
	dst = le.AppendUint32(dst, raceMagic)
	dst = append(dst, byte(len(runners)))
	for _, r := range runners {
		name := r.Name
		if len(name) > 255 {
			name = name[:255]
		}
		dst = append(dst, byte(len(name)))
		dst = append(dst, name...)
		dst = le.AppendUint32(dst, uint32(len(r.Graph)))
		dst = append(dst, r.Graph...)
	}
	return dst
}

// IsRace reports whether b is a race message rather than one snapshot.
func IsRace(b []byte) bool {
	return len(b) >= 4 && binary.LittleEndian.Uint32(b) == raceMagic
}

// SplitRace returns the runners of a race message; their Graph bytes alias b.
// A damaged message is an error, never a panic.
func SplitRace(b []byte) ([]Runner, error) {
	r := reader{b: b}
	if m := r.u32(); r.err != nil || m != raceMagic {
		return nil, fmt.Errorf("wire: not a race message")
	}
	n := int(r.byte())
	if r.err != nil || n < 1 || n > MaxRunners {
		return nil, fmt.Errorf("wire: race of %d runners (want 1..%d)", n, MaxRunners)
	}
	out := make([]Runner, n)
	for i := range out {
		name := r.take(int(r.byte()))
		size := int(r.u32())
		if r.err != nil || size > len(r.b)-r.off {
			return nil, ErrShort
		}
		out[i] = Runner{Name: string(name), Graph: r.take(size)}
	}
	if r.err != nil {
		return nil, r.err
	}
	if r.off != len(r.b) {
		return nil, fmt.Errorf("wire: %d bytes after the race", len(r.b)-r.off)
	}
	return out, nil
}
