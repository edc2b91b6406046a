// Package wire is the compact binary message the training worker sends to
// the graph view several times a second: a list of runners (one for a
// normal run), each a named snapshot of its network: the neurons with their
// ids and strengths, every weight, the last window's activations and
// predictions.
//
// Numbers are little-endian; weights and activations travel as float32,
// which is plenty for drawing and halves the size. Decode checks every
// length against the bytes it has, so a damaged message is an error, never
// a panic. The package is pure Go, tested and fuzzed natively.
package wire

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// magic starts every snapshot ("DSG" and the format version).
const magic uint32 = 0x02475344

// Limits that Decode enforces before allocating.
const (
	MaxNeurons  = 1000
	MaxAlphabet = 64
	MaxWindow   = 1000
)

// Graph is one snapshot of the network for drawing.
type Graph struct {
	Cycle     int64
	Rate      float32 // the speed control's symbols per second (0: as fast as possible)
	Playing   bool
	Threshold float32  // deletion threshold T_D on strength
	Alphabet  []rune   // V symbols
	IDs       []uint32 // N neuron ids, by index
	Strength  []float32
	Born      []int64   // cycle each neuron was added
	WxhT      []float32 // V x N: WxhT[k*N+j] from input k to neuron j
	Whh       []float32 // N x N: Whh[i*N+j] from neuron j to neuron i
	Why       []float32 // V x N: Why[k*N+j] from neuron j to output k
	Hidden    []float32 // (W+1) x N: h_t of the last window, t = 0 (carried in) .. W
	Inputs    []uint8   // W symbols read
	Next      uint8     // the symbol after the window (the last input's target)
	Probs     []float32 // W x V: the prediction after reading input t
}

// N returns the number of neurons.
func (g *Graph) N() int { return len(g.IDs) }

// V returns the alphabet size.
func (g *Graph) V() int { return len(g.Alphabet) }

// W returns the window length.
func (g *Graph) W() int { return len(g.Inputs) }

// Append encodes g after dst and returns the result.
func (g *Graph) Append(dst []byte) []byte {
	le := binary.LittleEndian
	dst = le.AppendUint32(dst, magic)
	dst = le.AppendUint64(dst, uint64(g.Cycle))
	dst = le.AppendUint32(dst, math.Float32bits(g.Rate))
	flags := byte(0)
	if g.Playing {
		flags = 1
	}
	dst = append(dst, flags)
	dst = le.AppendUint32(dst, math.Float32bits(g.Threshold))
	dst = le.AppendUint16(dst, uint16(len(g.Alphabet)))
	dst = le.AppendUint16(dst, uint16(len(g.IDs)))
	dst = le.AppendUint16(dst, uint16(len(g.Inputs)))
	for _, r := range g.Alphabet {
		dst = le.AppendUint32(dst, uint32(r))
	}
	for _, id := range g.IDs {
		dst = le.AppendUint32(dst, id)
	}
	for _, b := range g.Born {
		dst = le.AppendUint64(dst, uint64(b))
	}
	for _, xs := range [][]float32{g.Strength, g.WxhT, g.Whh, g.Why, g.Hidden} {
		for _, x := range xs {
			dst = le.AppendUint32(dst, math.Float32bits(x))
		}
	}
	dst = append(dst, g.Inputs...)
	dst = append(dst, g.Next)
	for _, x := range g.Probs {
		dst = le.AppendUint32(dst, math.Float32bits(x))
	}
	return dst
}

// ErrShort is returned for a snapshot that ends too early.
var ErrShort = errors.New("wire: snapshot too short")

// Decode reads a snapshot into g, reusing g's slices.
func (g *Graph) Decode(b []byte) error {
	r := reader{b: b}
	if m := r.u32(); m != magic {
		if r.err != nil {
			return r.err
		}
		return fmt.Errorf("wire: bad magic %#x", m)
	}
	g.Cycle = int64(r.u64())
	g.Rate = math.Float32frombits(r.u32())
	flags := r.byte()
	g.Playing = flags == 1
	g.Threshold = math.Float32frombits(r.u32())
	v, n, w := int(r.u16()), int(r.u16()), int(r.u16())
	if r.err != nil {
		return r.err
	}
	if flags > 1 {
		return fmt.Errorf("wire: unknown flags %#x", flags)
	}
	if v > MaxAlphabet || n > MaxNeurons || w > MaxWindow {
		return fmt.Errorf("wire: sizes out of range (V=%d N=%d W=%d)", v, n, w)
	}
	need := 4*v + 4*n + 8*n + 4*(n+2*v*n+n*n+(w+1)*n) + w + 1 + 4*w*v
	if len(r.b)-r.off != need {
		return fmt.Errorf("wire: snapshot has %d bytes of data, want %d", len(r.b)-r.off, need)
	}
	g.Alphabet = resize(g.Alphabet, v)
	for i := range g.Alphabet {
		g.Alphabet[i] = rune(r.u32())
	}
	g.IDs = resize(g.IDs, n)
	for i := range g.IDs {
		g.IDs[i] = r.u32()
	}
	g.Born = resize(g.Born, n)
	for i := range g.Born {
		g.Born[i] = int64(r.u64())
	}
	g.Strength = r.floats(g.Strength, n)
	g.WxhT = r.floats(g.WxhT, v*n)
	g.Whh = r.floats(g.Whh, n*n)
	g.Why = r.floats(g.Why, v*n)
	g.Hidden = r.floats(g.Hidden, (w+1)*n)
	g.Inputs = resize(g.Inputs, w)
	for i := range g.Inputs {
		x := r.byte()
		if int(x) >= v {
			return fmt.Errorf("wire: input symbol %d out of range (V=%d)", x, v)
		}
		g.Inputs[i] = x
	}
	g.Next = r.byte()
	if w > 0 && int(g.Next) >= v {
		return fmt.Errorf("wire: next symbol %d out of range (V=%d)", g.Next, v)
	}
	g.Probs = r.floats(g.Probs, w*v)
	return r.err
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) take(n int) []byte {
	if r.err != nil || len(r.b)-r.off < n {
		r.err = ErrShort
		return nil
	}
	s := r.b[r.off : r.off+n]
	r.off += n
	return s
}

func (r *reader) byte() byte {
	if s := r.take(1); s != nil {
		return s[0]
	}
	return 0
}

func (r *reader) u16() uint16 {
	if s := r.take(2); s != nil {
		return binary.LittleEndian.Uint16(s)
	}
	return 0
}

func (r *reader) u32() uint32 {
	if s := r.take(4); s != nil {
		return binary.LittleEndian.Uint32(s)
	}
	return 0
}

func (r *reader) u64() uint64 {
	if s := r.take(8); s != nil {
		return binary.LittleEndian.Uint64(s)
	}
	return 0
}

func (r *reader) floats(dst []float32, n int) []float32 {
	dst = resize(dst, n)
	for i := range dst {
		dst[i] = math.Float32frombits(r.u32())
	}
	return dst
}
