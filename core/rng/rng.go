// Package rng is the engine's single source of randomness: a seeded PCG
// generator with uniform, integer and normal draws that give the same
// sequence on every platform (natively and in WebAssembly).
//
// math/rand/v2's NormFloat64 uses math.Exp and math.Log, whose amd64 assembly
// can differ in the last bit from the portable code used in WebAssembly; Norm
// here uses the polar method with detmath.Log and math.Sqrt (exact in IEEE
// arithmetic) instead.
package rng

import (
	"math"
	"math/bits"
	"math/rand/v2"

	"github.com/diffstruct/diffstruct/core/detmath"
)

// Source is a deterministic random source. The zero value is not usable:
// create one with New.
type Source struct {
	pcg  rand.PCG
	r    *rand.Rand
	norm float64 // the second value of the last polar-method pair
	has  bool    // norm holds an unused value
}

// New returns a source seeded by seed and a stream number, so that several
// independent sources can be derived from one user-visible seed.
func New(seed, stream uint64) *Source {
	s := &Source{}
	s.pcg.Seed(seed, stream^0x9e3779b97f4a7c15)
	s.r = rand.New(&s.pcg)
	return s
}

// Uint64 returns a uniformly distributed 64-bit value.
func (s *Source) Uint64() uint64 { return s.pcg.Uint64() }

// Float64 returns a uniform value in [0, 1).
func (s *Source) Float64() float64 { return s.r.Float64() }

// IntN returns a uniform integer in [0, n). It panics if n <= 0, which is
// a programming error in the caller.
func (s *Source) IntN(n int) int { return s.r.IntN(n) }

// Bernoulli returns true with probability p.
func (s *Source) Bernoulli(p float64) bool { return s.r.Float64() < p }

// Norm returns a standard normal value.
func (s *Source) Norm() float64 {
	if s.has {
		s.has = false
		return s.norm
	}
	for {
		// The conversions round the inlined Float64's product, so the
		// compiler cannot fuse it (see package detmath).
		u := 2*float64(s.r.Float64()) - 1
		v := 2*float64(s.r.Float64()) - 1
		q := float64(u*u) + float64(v*v)
		if q >= 1 || q == 0 {
			continue
		}
		f := math.Sqrt(-2 * detmath.Log(q) / q)
		s.norm, s.has = v*f, true
		return u * f
	}
}

// State returns the generator's complete state, for saving a run.
func (s *Source) State() ([]byte, error) {
	b, err := s.pcg.MarshalBinary()
	if err != nil {
		return nil, err
	}
	extra := make([]byte, 9)
	bits := math.Float64bits(s.norm)
	for i := 0; i < 8; i++ {
		extra[i] = byte(bits >> (8 * i))
	}
	if s.has {
		extra[8] = 1
	}
	return append(b, extra...), nil
}

// SetState restores a state returned by State.
func (s *Source) SetState(b []byte) error {
	if len(b) < 9 {
		return errShortState
	}
	n := len(b) - 9
	if err := s.pcg.UnmarshalBinary(b[:n]); err != nil {
		return err
	}
	var bits uint64
	for i := 0; i < 8; i++ {
		bits |= uint64(b[n+i]) << (8 * i)
	}
	s.norm, s.has = math.Float64frombits(bits), b[n+8] == 1
	return nil
}

type stateError string

func (e stateError) Error() string { return string(e) }

const errShortState = stateError("rng: state too short")

// Shuffle pseudo-randomly permutes n elements using swap.
func (s *Source) Shuffle(n int, swap func(i, j int)) { s.r.Shuffle(n, swap) }

// ShuffleInts permutes x exactly as Shuffle(len(x), swapping x's elements)
// does, with the same draws (TestShuffleIntsIsShuffle), but without a call
// through a function value and one through an interface a draw, which cost
// much under WebAssembly. It is math/rand/v2's Fisher-Yates loop and
// Lemire's bounded draw written out; where int has 32 bits, Rand draws
// differently, so it calls Shuffle there.
func (s *Source) ShuffleInts(x []int) {
	if ^uint(0)>>32 == 0 {
		s.r.Shuffle(len(x), func(i, j int) { x[i], x[j] = x[j], x[i] })
		return
	}
	for i := len(x) - 1; i > 0; i-- {
		n := uint64(i + 1)
		var j uint64
		if n&(n-1) == 0 { // a power of two: masked
			j = s.pcg.Uint64() & (n - 1)
		} else {
			hi, lo := bits.Mul64(s.pcg.Uint64(), n)
			if lo < n {
				thresh := -n % n
				for lo < thresh {
					hi, lo = bits.Mul64(s.pcg.Uint64(), n)
				}
			}
			j = hi
		}
		x[i], x[j] = x[j], x[i]
	}
}
