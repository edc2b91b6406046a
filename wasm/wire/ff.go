package wire

import (
	"encoding/binary"
	"fmt"
	"math"
)

// Kinds of runner a run message carries, one codec each: Graph for the
// recurrent network on a symbol stream, Layered for the feed-forward
// network on 2-D points.
const (
	KindSequence byte = 0
	KindLayered  byte = 1
)

// layeredMagic starts every Layered snapshot ("DSL" and the format version;
// version 2 added OutRes).
const layeredMagic uint32 = 0x024C5344

// Limits that Layered.Decode enforces before allocating.
const (
	MaxLayers   = 16
	MaxFeatures = 16
	MaxMapRes   = 128
	MaxPoints   = 20000
)

// Layered is one snapshot of a feed-forward network for drawing: its
// hidden layers as columns, every neuron's output over the plane as a small
// heat map, the output's map (the decision boundary) and the points.
//
// The features' and neurons' maps are Res x Res bytes, the output's OutRes
// x OutRes (finer: it is drawn big), row 0 at the top (y = +Half), column 0
// at the left (x = -Half): 0 is an output of -1, 255 of +1 (v = b/127.5 - 1).
type Layered struct {
	Cycle     int64
	Rate      float32 // the speed control's steps per second (0: as fast as possible)
	Playing   bool
	Threshold float32 // T_D on neuron strength (and on a layer's multiplier)
	Half      float32 // the plane shown is [-Half, Half]^2
	Res       int     // the feature and neuron maps' side in cells
	OutRes    int     // the output map's side in cells
	Features  []string
	FeatMaps  [][]byte // one map per feature (its value, scaled to [-1, 1])
	Layers    []Layer  // the hidden layers, input side first
	OutMap    []byte   // the output over the plane, OutRes x OutRes
	Loss      float32
	TestLoss  float32
	Points    []Point // training points first, then test points
}

// Layer is one hidden layer of a Layered snapshot.
type Layer struct {
	IDs        []uint32  // neuron ids, by index
	Born       []int64   // the cycle each neuron was added
	Strength   []float32 // each neuron's strength
	Multiplier float32   // the layer's multiplier on its output (0: not connected to it)
	Born0      int64     // the cycle the layer was added
	W          []float32 // rows (this layer) x cols (the previous column): W[i*cols+k]
	Out        []float32 // each neuron's weight to the output, times Multiplier; empty: not connected
	Maps       [][]byte  // each neuron's output over the plane
}

// Point is one data point of a Layered snapshot.
type Point struct {
	X, Y  float32
	Label float32 // ±1 for a class, the value for regression
	Test  bool
}

// N returns the number of hidden neurons in all layers.
func (g *Layered) N() int {
	n := 0
	for _, l := range g.Layers {
		n += len(l.IDs)
	}
	return n
}

// Append encodes g after dst and returns the result.
func (g *Layered) Append(dst []byte) []byte {
	le := binary.LittleEndian
	f32 := func(x float32) { dst = le.AppendUint32(dst, math.Float32bits(x)) }
	dst = le.AppendUint32(dst, layeredMagic)
	dst = le.AppendUint64(dst, uint64(g.Cycle))
	f32(g.Rate)
	flags := byte(0)
	if g.Playing {
		flags = 1
	}
	dst = append(dst, flags)
	f32(g.Threshold)
	f32(g.Half)
	f32(g.Loss)
	f32(g.TestLoss)
	dst = append(dst, byte(g.Res), byte(g.OutRes), byte(len(g.Features)), byte(len(g.Layers)))
	cells := g.Res * g.Res
	for i, f := range g.Features {
		dst = append(dst, byte(len(f)))
		dst = append(dst, f...)
		dst = appendMap(dst, g.FeatMaps[i], cells)
	}
	for _, l := range g.Layers {
		dst = le.AppendUint16(dst, uint16(len(l.IDs)))
		f32(l.Multiplier)
		dst = le.AppendUint64(dst, uint64(l.Born0))
		for j := range l.IDs {
			dst = le.AppendUint32(dst, l.IDs[j])
			dst = le.AppendUint64(dst, uint64(l.Born[j]))
			f32(l.Strength[j])
			dst = appendMap(dst, l.Maps[j], cells)
		}
		for _, w := range l.W {
			f32(w)
		}
		if len(l.Out) > 0 {
			dst = append(dst, 1)
			for j := range l.IDs {
				f32(l.Out[j])
			}
		} else {
			dst = append(dst, 0)
		}
	}
	dst = appendMap(dst, g.OutMap, g.OutRes*g.OutRes)
	dst = le.AppendUint32(dst, uint32(len(g.Points)))
	for _, p := range g.Points {
		f32(p.X)
		f32(p.Y)
		f32(p.Label)
		t := byte(0)
		if p.Test {
			t = 1
		}
		dst = append(dst, t)
	}
	return dst
}

// appendMap appends exactly cells bytes of m (zeros past its end).
func appendMap(dst, m []byte, cells int) []byte {
	if len(m) >= cells {
		return append(dst, m[:cells]...)
	}
	dst = append(dst, m...)
	for range cells - len(m) {
		dst = append(dst, 0)
	}
	return dst
}

// Decode reads a Layered snapshot into g. A damaged snapshot is an error,
// never a panic.
func (g *Layered) Decode(b []byte) error {
	r := reader{b: b}
	if m := r.u32(); m != layeredMagic {
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
	g.Half = math.Float32frombits(r.u32())
	g.Loss = math.Float32frombits(r.u32())
	g.TestLoss = math.Float32frombits(r.u32())
	res, ores, nf, nl := int(r.byte()), int(r.byte()), int(r.byte()), int(r.byte())
	if r.err != nil {
		return r.err
	}
	if flags > 1 {
		return fmt.Errorf("wire: unknown flags %#x", flags)
	}
	if res > MaxMapRes || ores > MaxMapRes || nf > MaxFeatures || nl > MaxLayers {
		return fmt.Errorf("wire: sizes out of range (res=%d out=%d features=%d layers=%d)", res, ores, nf, nl)
	}
	g.Res, g.OutRes = res, ores
	cells := res * res
	g.Features = resize(g.Features, nf)
	g.FeatMaps = resize(g.FeatMaps, nf)
	for i := range nf {
		g.Features[i] = string(r.take(int(r.byte())))
		g.FeatMaps[i] = append(g.FeatMaps[i][:0], r.take(cells)...)
	}
	g.Layers = resize(g.Layers, nl)
	prev := nf
	for li := range g.Layers {
		l := &g.Layers[li]
		n := int(r.u16())
		l.Multiplier = math.Float32frombits(r.u32())
		l.Born0 = int64(r.u64())
		if r.err != nil {
			return r.err
		}
		if n > MaxNeurons || n*(12+cells)+4*n*prev > len(r.b)-r.off {
			return ErrShort
		}
		l.IDs, l.Born, l.Strength = resize(l.IDs, n), resize(l.Born, n), resize(l.Strength, n)
		l.Maps = resize(l.Maps, n)
		for j := range n {
			l.IDs[j] = r.u32()
			l.Born[j] = int64(r.u64())
			l.Strength[j] = math.Float32frombits(r.u32())
			l.Maps[j] = append(l.Maps[j][:0], r.take(cells)...)
		}
		l.W = r.floats(l.W, n*prev)
		switch r.byte() {
		case 0:
			l.Out = l.Out[:0]
		case 1:
			if 4*n > len(r.b)-r.off {
				return ErrShort
			}
			l.Out = r.floats(l.Out, n)
		default:
			return fmt.Errorf("wire: layer %d: unknown output flag", li)
		}
		prev = n
	}
	g.OutMap = append(g.OutMap[:0], r.take(ores*ores)...)
	np := int(r.u32())
	if r.err != nil {
		return r.err
	}
	if np > MaxPoints || 13*np != len(r.b)-r.off {
		return fmt.Errorf("wire: %d points in %d bytes", np, len(r.b)-r.off)
	}
	g.Points = resize(g.Points, np)
	for i := range g.Points {
		p := &g.Points[i]
		p.X = math.Float32frombits(r.u32())
		p.Y = math.Float32frombits(r.u32())
		p.Label = math.Float32frombits(r.u32())
		t := r.byte()
		if t > 1 {
			return fmt.Errorf("wire: point %d: unknown flag %d", i, t)
		}
		p.Test = t == 1
	}
	return r.err
}

// MapValue returns a map byte's output value in [-1, 1].
func MapValue(b byte) float32 { return float32(b)/127.5 - 1 }

// MapByte returns the map byte of an output value (clamped to [-1, 1]).
func MapByte(v float64) byte {
	if !(v > -1) { // NaN too
		return 0
	}
	if v >= 1 {
		return 255
	}
	return byte(math.Round((v + 1) * 127.5))
}
