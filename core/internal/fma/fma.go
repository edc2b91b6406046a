// Package fma holds the test that keeps the engine free of fused
// multiply-adds.
//
// Go may compile x*y + z as one instruction that rounds once (FMADDD on
// arm64, VFMADD231SD at GOAMD64=v3), which changes a result's last bit and,
// over a training run, its digest. The module's portable loops therefore
// write float64(x*y) + z, whose conversion forbids the fusion. The test
// compiles every package whose numbers are results for arm64 and for
// GOAMD64=v3 and fails on any fused instruction in their code, so a new
// unrounded product cannot slip in.
package fma
