//go:build ignore

// gen_kernels writes kernels_wasm.s, core/ff's WebAssembly kernels: tanh
// over a slice, a layer's forward pass over the mini-batch with tanh folded
// in, and the two halves of its backward pass (go generate ./core/ff; the
// helpers are in core/internal/wasmasm, why assembly is in its package
// comment). Each does its Go twin's operations (tanh.go, kernels.go) in
// the same order.
package main

import (
	"github.com/diffstruct/diffstruct/core/internal/wasmasm"
)

// tanh's constants, as tanh.go's (Go reads each literal as the same
// nearest float64).
const (
	tanhClamp = "19.1"
	tanhGrid  = "256.0"
	tanhStep  = "0.00390625"
	tanhC3    = "-0.3333333333333333"
	tanhC5    = "0.13333333333333333"
)

// Registers tanh uses: x, a = min(|x|, clamp), k = the nearest grid
// point's index and f the same as a float, t = its table entry, b = a −
// f/256, s = b², u = tanh b.
const rx, ra, rk, rf, rt, rb, rs, ru = "F24", "F25", "R15", "F26", "F27", "F28", "F29", "F30"

// tanh replaces the float64 on top of the stack by its tanh, as tanh.go;
// tab is the register holding tanhTable's address.
func tanh(a *wasmasm.Asm, d int, tab string) {
	a.Op(d, "Tee %s", rx)
	a.Op(d, "F64Abs")
	a.Op(d, "F64Const $%s", tanhClamp)
	a.Op(d, "F64Min")
	a.Op(d, "Tee %s", ra)
	a.Op(d, "F64Const $%s", tanhGrid)
	a.Op(d, "F64Mul")
	a.Op(d, "F64Const $0.5")
	a.Op(d, "F64Add")
	a.Op(d, "I64TruncSatF64U") // k, 0 for NaN
	a.Op(d, "Tee %s", rk)
	a.Op(d, "F64ConvertI64U")
	a.Op(d, "Set %s", rf)
	a.Op(d, "Get %s", tab) // t = tanhTable[k]
	a.Op(d, "Get %s", rk)
	a.Op(d, "I64Const $3")
	a.Op(d, "I64Shl")
	a.Op(d, "I64Add")
	a.Op(d, "I32WrapI64")
	a.Op(d, "F64Load $0")
	a.Op(d, "Set %s", rt)
	a.Op(d, "Get %s", ra) // b = a − f·step
	a.Op(d, "Get %s", rf)
	a.Op(d, "F64Const $%s", tanhStep)
	a.Op(d, "F64Mul")
	a.Op(d, "F64Sub")
	a.Op(d, "Tee %s", rb)
	a.Op(d, "Get %s", rb)
	a.Op(d, "F64Mul")
	a.Op(d, "Set %s", rs)
	a.Op(d, "Get %s", rb) // u = (b·s)·(c5·s + c3) + b
	a.Op(d, "Get %s", rs)
	a.Op(d, "F64Mul")
	a.Op(d, "F64Const $%s", tanhC5)
	a.Op(d, "Get %s", rs)
	a.Op(d, "F64Mul")
	a.Op(d, "F64Const $%s", tanhC3)
	a.Op(d, "F64Add")
	a.Op(d, "F64Mul")
	a.Op(d, "Get %s", rb)
	a.Op(d, "F64Add")
	a.Op(d, "Set %s", ru)
	a.Op(d, "Get %s", rt) // (t + u) / (t·u + 1)
	a.Op(d, "Get %s", ru)
	a.Op(d, "F64Add")
	a.Op(d, "Get %s", rt)
	a.Op(d, "Get %s", ru)
	a.Op(d, "F64Mul")
	a.Op(d, "F64Const $1.0")
	a.Op(d, "F64Add")
	a.Op(d, "F64Div")
	a.Op(d, "F64Const $1.0")
	a.Op(d, "F64Min")
	a.Op(d, "Get %s", rx)
	a.Op(d, "F64Copysign")
}

// tanhVec writes tanhVecWasm(x *float64, n int, tab *float64): x[i] =
// tanh(x[i]). R0 walks x up to R1, its end; R2 is the table.
func tanhVec(a *wasmasm.Asm) {
	a.WriteString("// func tanhVecWasm(x *float64, n int, tab *float64)\n")
	a.WriteString("TEXT ·tanhVecWasm(SB), NOSPLIT, $0-24\n")
	a.Arg("R0", "x", 0)
	a.Arg("R1", "n", 8)
	a.Arg("R2", "tab", 16)
	a.Bytes(0, "R1")
	a.Op(0, "Get R0")
	a.Op(0, "Get R1")
	a.Op(0, "I64Add")
	a.Op(0, "Set R1")
	a.Loop(0)
	a.Op(1, "Get R0")
	a.Op(1, "Get R1")
	a.Op(1, "I64GeU")
	a.Op(1, "BrIf $1")
	a.Addr(1, "R0", "")
	a.Load(1, "R0", "", 0)
	tanh(a, 1, "R2")
	a.Op(1, "F64Store $0")
	a.Step(1, "R0", 8)
	a.EndLoop(0)
	a.Op(0, "RET")
}

// layerFwd writes layerFwdWasm(in, w, b, z *float64, cols, B, rows, act
// int, tab *float64): z_j[t] = b_j + Σ_c w_j[c]·in_c[t] in c order, then
// tanh when act is not 0. Several points a turn (pointTurns: their sums
// and tanh are independent, so they overlap). R1 walks w's rows, R2 b, R3
// z; R9 is t's byte offset, R10 c's, R11 walks in's column t, R12 is
// tanh's table; F16 on are the sums, F23 w_j[c].
func layerFwd(a *wasmasm.Asm) {
	a.WriteString("// func layerFwdWasm(in, w, b, z *float64, cols, B, rows, act int, tab *float64)\n")
	a.WriteString("TEXT ·layerFwdWasm(SB), NOSPLIT, $0-72\n")
	a.Arg("R0", "in", 0)
	a.Arg("R1", "w", 8)
	a.Arg("R2", "b", 16)
	a.Arg("R3", "z", 24)
	a.Arg("R4", "cols", 32)
	a.Arg("R5", "B", 40)
	a.Arg("R6", "rows", 48)
	a.Arg("R7", "act", 56)
	a.Arg("R12", "tab", 64)
	a.Bytes(0, "R4")
	a.Bytes(0, "R5")
	a.Loop(0) // over rows j
	a.Op(1, "Get R6")
	a.Op(1, "I64Eqz")
	a.Op(1, "BrIf $1")
	a.Op(1, "I64Const $0")
	a.Op(1, "Set R9")
	for _, k := range pointTurns {
		layerFwdPoints(a, k)
	}
	a.Op(1, "Get R1")
	a.Op(1, "Get R4")
	a.Op(1, "I64Add")
	a.Op(1, "Set R1")
	a.Step(1, "R2", 8)
	a.Op(1, "Get R3")
	a.Op(1, "Get R5")
	a.Op(1, "I64Add")
	a.Op(1, "Set R3")
	a.Step(1, "R6", -1)
	a.EndLoop(0)
	a.Op(0, "RET")
}

// layerFwdPoints writes layerFwd's loop over k points a turn, while k are
// left.
func layerFwdPoints(a *wasmasm.Asm, k int) {
	a.Loop(1) // over points t
	a.Op(2, "Get R9")
	a.Op(2, "I64Const $%d", 8*k)
	a.Op(2, "I64Add")
	a.Op(2, "Get R5")
	a.Op(2, "I64GtU")
	a.Op(2, "BrIf $1")
	for p := range k {
		a.Load(2, "R2", "", 0)
		a.Op(2, "Set F%d", 16+p)
	}
	a.Op(2, "Get R0")
	a.Op(2, "Get R9")
	a.Op(2, "I64Add")
	a.Op(2, "Set R11")
	a.Op(2, "I64Const $0")
	a.Op(2, "Set R10")
	a.Loop(2) // over columns c
	a.Op(3, "Get R10")
	a.Op(3, "Get R4")
	a.Op(3, "I64GeU")
	a.Op(3, "BrIf $1")
	a.Load(3, "R1", "R10", 0)
	a.Op(3, "Set F23")
	for p := range k {
		a.Op(3, "Get F23")
		a.Load(3, "R11", "", 8*p)
		a.Op(3, "F64Mul")
		a.Op(3, "Get F%d", 16+p)
		a.Op(3, "F64Add")
		a.Op(3, "Set F%d", 16+p)
	}
	a.Step(3, "R10", 8)
	a.Op(3, "Get R11")
	a.Op(3, "Get R5")
	a.Op(3, "I64Add")
	a.Op(3, "Set R11")
	a.EndLoop(2)
	a.Op(2, "Get R7")
	a.Op(2, "I64Eqz")
	a.Op(2, "I32Eqz")
	a.Op(2, "If") // (a block sees nothing of the stack outside it)
	for p := range k {
		a.Op(3, "Get F%d", 16+p)
		tanh(a, 3, "R12")
		a.Op(3, "Set F%d", 16+p)
	}
	a.Op(2, "End")
	for p := range k {
		a.Addr(2, "R3", "R9")
		a.Op(2, "Get F%d", 16+p)
		a.Op(2, "F64Store $%d", 8*p)
	}
	a.Step(2, "R9", 8*k)
	a.EndLoop(1)
}

// backSum writes backSumWasm(d, D, W *float64, rows, B, mrows, mcols, beta
// int): d_j[t] = beta·d_j[t] + Σ_i D_i[t]·W_i[j] in i order (W points at
// the consumer's column off), several points a turn (pointTurns). R0
// walks d, R2 W's column j; R9 is t's byte offset, R10 walks D's column t,
// R11 W's column j, R12 counts the rows i.
func backSum(a *wasmasm.Asm) {
	a.WriteString("// func backSumWasm(d, D, W *float64, rows, B, mrows, mcols, beta int)\n")
	a.WriteString("TEXT ·backSumWasm(SB), NOSPLIT, $0-64\n")
	a.Arg("R0", "d", 0)
	a.Arg("R1", "D", 8)
	a.Arg("R2", "W", 16)
	a.Arg("R3", "rows", 24)
	a.Arg("R4", "B", 32)
	a.Arg("R5", "mrows", 40)
	a.Arg("R6", "mcols", 48)
	a.Arg("R7", "beta", 56)
	a.Bytes(0, "R4")
	a.Bytes(0, "R6")
	a.Loop(0) // over rows j
	a.Op(1, "Get R3")
	a.Op(1, "I64Eqz")
	a.Op(1, "BrIf $1")
	a.Op(1, "I64Const $0")
	a.Op(1, "Set R9")
	for _, k := range pointTurns {
		backSumPoints(a, k)
	}
	a.Op(1, "Get R0")
	a.Op(1, "Get R4")
	a.Op(1, "I64Add")
	a.Op(1, "Set R0")
	a.Step(1, "R2", 8)
	a.Step(1, "R3", -1)
	a.EndLoop(0)
	a.Op(0, "RET")
}

// backSumPoints writes backSum's loop over k points a turn, while k are
// left: F16 on are the sums, F23 W_i[j].
func backSumPoints(a *wasmasm.Asm, k int) {
	a.Loop(1) // over points t
	a.Op(2, "Get R9")
	a.Op(2, "I64Const $%d", 8*k)
	a.Op(2, "I64Add")
	a.Op(2, "Get R4")
	a.Op(2, "I64GtU")
	a.Op(2, "BrIf $1")
	for p := range k {
		a.Op(2, "F64Const $0.0")
		a.Op(2, "Set F%d", 16+p)
	}
	a.Op(2, "Get R7")
	a.Op(2, "I64Eqz")
	a.Op(2, "I32Eqz")
	a.Op(2, "If")
	for p := range k {
		a.Load(3, "R0", "R9", 8*p)
		a.Op(3, "Set F%d", 16+p)
	}
	a.Op(2, "End")
	a.Op(2, "Get R1")
	a.Op(2, "Get R9")
	a.Op(2, "I64Add")
	a.Op(2, "Set R10")
	a.Op(2, "Get R2")
	a.Op(2, "Set R11")
	a.Op(2, "Get R5")
	a.Op(2, "Set R12")
	a.Loop(2) // over the consumer's rows i
	a.Op(3, "Get R12")
	a.Op(3, "I64Eqz")
	a.Op(3, "BrIf $1")
	a.Load(3, "R11", "", 0)
	a.Op(3, "Set F23")
	for p := range k {
		a.Load(3, "R10", "", 8*p)
		a.Op(3, "Get F23")
		a.Op(3, "F64Mul")
		a.Op(3, "Get F%d", 16+p)
		a.Op(3, "F64Add")
		a.Op(3, "Set F%d", 16+p)
	}
	a.Op(3, "Get R10")
	a.Op(3, "Get R4")
	a.Op(3, "I64Add")
	a.Op(3, "Set R10")
	a.Op(3, "Get R11")
	a.Op(3, "Get R6")
	a.Op(3, "I64Add")
	a.Op(3, "Set R11")
	a.Step(3, "R12", -1)
	a.EndLoop(2)
	for p := range k {
		a.Addr(2, "R0", "R9")
		a.Op(2, "Get F%d", 16+p)
		a.Op(2, "F64Store $%d", 8*p)
	}
	a.Step(2, "R9", 8*k)
	a.EndLoop(1)
}

// backGrad writes backGradWasm(d, a, in, gb, gw *float64, rows, B, cols,
// act int): when act is not 0, d_j[t] times 1 − a_j[t]² and added to gb_j
// in t order; then gw_j[c] = Σ_t in_c[t]·d_j[t] from 0 in t order,
// several columns a turn (colTurns). R0 walks d's rows, R1 a's, R3 gb, R4
// gw; R9 is t's byte offset, R10 walks in's rows (colRegs the next ones),
// R12 counts the columns c; F16 a sum, F17 a_j[t], F18 d_j[t].
func backGrad(a *wasmasm.Asm) {
	a.WriteString("// func backGradWasm(d, a, in, gb, gw *float64, rows, B, cols, act int)\n")
	a.WriteString("TEXT ·backGradWasm(SB), NOSPLIT, $0-72\n")
	a.Arg("R0", "d", 0)
	a.Arg("R1", "a", 8)
	a.Arg("R2", "in", 16)
	a.Arg("R3", "gb", 24)
	a.Arg("R4", "gw", 32)
	a.Arg("R5", "rows", 40)
	a.Arg("R6", "B", 48)
	a.Arg("R7", "cols", 56)
	a.Arg("R8", "act", 64)
	a.Bytes(0, "R6")
	a.Loop(0) // over rows j
	a.Op(1, "Get R5")
	a.Op(1, "I64Eqz")
	a.Op(1, "BrIf $1")
	a.Op(1, "Get R8")
	a.Op(1, "I64Eqz")
	a.Op(1, "I32Eqz")
	a.Op(1, "If")
	a.Load(2, "R3", "", 0)
	a.Op(2, "Set F16")
	a.Op(2, "I64Const $0")
	a.Op(2, "Set R9")
	a.Loop(2) // over points t
	a.Op(3, "Get R9")
	a.Op(3, "Get R6")
	a.Op(3, "I64GeU")
	a.Op(3, "BrIf $1")
	a.Addr(3, "R0", "R9")
	a.Load(3, "R0", "R9", 0)
	a.Op(3, "F64Const $1.0")
	a.Load(3, "R1", "R9", 0)
	a.Op(3, "Tee F17")
	a.Op(3, "Get F17")
	a.Op(3, "F64Mul")
	a.Op(3, "F64Sub")
	a.Op(3, "F64Mul")
	a.Op(3, "Tee F18")
	a.Op(3, "F64Store $0")
	a.Op(3, "Get F16")
	a.Op(3, "Get F18")
	a.Op(3, "F64Add")
	a.Op(3, "Set F16")
	a.Step(3, "R9", 8)
	a.EndLoop(2)
	a.Addr(2, "R3", "")
	a.Op(2, "Get F16")
	a.Op(2, "F64Store $0")
	a.Op(1, "End")
	a.Op(1, "Get R2")
	a.Op(1, "Set R10")
	a.Op(1, "Get R7")
	a.Op(1, "Set R12")
	for _, k := range colTurns {
		backGradCols(a, k)
	}
	a.Op(1, "Get R0")
	a.Op(1, "Get R6")
	a.Op(1, "I64Add")
	a.Op(1, "Set R0")
	a.Op(1, "Get R1")
	a.Op(1, "Get R6")
	a.Op(1, "I64Add")
	a.Op(1, "Set R1")
	a.Step(1, "R3", 8)
	a.Step(1, "R5", -1)
	a.EndLoop(0)
	a.Op(0, "RET")
}

// backGradCols writes backGrad's loop over k columns a turn, while k are
// left: F16 on are the sums, F23 d_j[t].
func backGradCols(a *wasmasm.Asm, k int) {
	a.Loop(1) // over columns c
	a.Op(2, "Get R12")
	a.Op(2, "I64Const $%d", k)
	a.Op(2, "I64LtU")
	a.Op(2, "BrIf $1")
	for p := range k {
		a.Op(2, "F64Const $0.0")
		a.Op(2, "Set F%d", 16+p)
	}
	a.Op(2, "I64Const $0")
	a.Op(2, "Set R9")
	for p := 1; p < k; p++ { // in's row c+p
		a.Op(2, "Get %s", colRegs[p-1])
		a.Op(2, "Get R6")
		a.Op(2, "I64Add")
		a.Op(2, "Set %s", colRegs[p])
	}
	a.Loop(2) // over points t
	a.Op(3, "Get R9")
	a.Op(3, "Get R6")
	a.Op(3, "I64GeU")
	a.Op(3, "BrIf $1")
	a.Load(3, "R0", "R9", 0)
	a.Op(3, "Set F23")
	for p := range k {
		a.Load(3, colRegs[p], "R9", 0)
		a.Op(3, "Get F23")
		a.Op(3, "F64Mul")
		a.Op(3, "Get F%d", 16+p)
		a.Op(3, "F64Add")
		a.Op(3, "Set F%d", 16+p)
	}
	a.Step(3, "R9", 8)
	a.EndLoop(2)
	for p := range k {
		a.Addr(2, "R4", "")
		a.Op(2, "Get F%d", 16+p)
		a.Op(2, "F64Store $%d", 8*p)
	}
	a.Step(2, "R4", 8*k)
	for range k {
		a.Op(2, "Get R10")
		a.Op(2, "Get R6")
		a.Op(2, "I64Add")
		a.Op(2, "Set R10")
	}
	a.Step(2, "R12", -k)
	a.EndLoop(1)
}

// sgd writes sgdWasm(w, gr *float64, n int, lr float64): w[i] = w[i] −
// lr·gr[i]. R0 walks w up to R2, R1 walks gr; F16 is lr.
func sgd(a *wasmasm.Asm) {
	a.WriteString("// func sgdWasm(w, gr *float64, n int, lr float64)\n")
	a.WriteString("TEXT ·sgdWasm(SB), NOSPLIT, $0-32\n")
	a.Arg("R0", "w", 0)
	a.Arg("R1", "gr", 8)
	a.Arg("R2", "n", 16)
	a.Op(0, "Get SP")
	a.Op(0, "F64Load lr+24(FP)")
	a.Op(0, "Set F16")
	a.Bytes(0, "R2")
	a.Op(0, "Get R0")
	a.Op(0, "Get R2")
	a.Op(0, "I64Add")
	a.Op(0, "Set R2")
	a.Loop(0)
	a.Op(1, "Get R0")
	a.Op(1, "Get R2")
	a.Op(1, "I64GeU")
	a.Op(1, "BrIf $1")
	a.Addr(1, "R0", "")
	a.Load(1, "R0", "", 0)
	a.Op(1, "Get F16")
	a.Load(1, "R1", "", 0)
	a.Op(1, "F64Mul")
	a.Op(1, "F64Sub")
	a.Op(1, "F64Store $0")
	a.Step(1, "R0", 8)
	a.Step(1, "R1", 8)
	a.EndLoop(0)
	a.Op(0, "RET")
}

// pointTurns are the points layerFwd and backSum take a turn, largest
// first, and colTurns the columns backGrad does (colRegs walk them). An
// add waits for the one before it in its sum (in order, for the bits), so
// more sums a turn keep the adder busy: five (a batch of 10 in two turns)
// ran an 8-wide layer's epoch about 12% faster than two under node 20.
// Sums use F16 to F22 (tanh has F24 on), so at most 7.
var (
	pointTurns = []int{5, 2, 1}
	colTurns   = []int{4, 2, 1}
	colRegs    = []string{"R10", "R13", "R14", "R11"}
)

func main() {
	a := wasmasm.New("gen_kernels.go")
	a.WriteString(`// core/ff's kernels for WebAssembly: the same operations as tanh.go's
// tanh and kernels.go's loops, in the same order. Registers: F24 to F30
// in tanh (see tanh in gen_kernels.go); see each function for the rest.

#include "textflag.h"

`)
	for _, f := range []func(*wasmasm.Asm){tanhVec, layerFwd, backSum, backGrad, sgd} {
		f(a)
		a.WriteString("\n")
	}
	a.WriteFile("kernels_wasm.s")
}
