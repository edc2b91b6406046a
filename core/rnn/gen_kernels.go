//go:build ignore

// gen_kernels writes kernels_wasm.s, the WebAssembly kernels of gemvT,
// gerSum, dotRows and backStep: go generate ./core/rnn (see kernels_wasm.go;
// the helpers are in core/internal/wasmasm).
//
// Why assembly: the Go compiler's WebAssembly backend turns every loop
// into jumps through a dispatch table at the top of the function, which
// V8 cannot compile as a loop; hand-written code can use WebAssembly's own
// loops, and runs the same operations in the same order two to three
// times as fast. The kernels are unrolled (four rows and eight columns a
// turn in gemvT, eight columns a turn in gerSum), which is why they are
// generated rather than written out.
package main

import (
	"fmt"

	"github.com/diffstruct/diffstruct/core/internal/wasmasm"
)

const rows, cols = 4, 8 // gemvT's block: rows a pass, columns a turn (the fastest measured under V8)

// gemvT writes gemvTWasm(a, x, y *float64, m, n int, beta float64):
// y = beta*y + A^T x (beta is 0 or 1) for the m x n row-major A. Each y[j]
// receives the rows' products one after another, in row order: four rows
// a pass while four are left, then one.
func gemvT(a *wasmasm.Asm) {
	a.WriteString("// func gemvTWasm(a, x, y *float64, m, n int, beta float64)\n")
	a.WriteString("TEXT ·gemvTWasm(SB), NOSPLIT, $0-48\n")
	a.Arg("R0", "a", 0) // row i of A
	a.Arg("R1", "x", 8) // x[i]
	a.Arg("R2", "y", 16)
	a.Arg("R3", "m", 24) // rows left
	a.Arg("R4", "n", 32)
	a.Bytes(0, "R4") // a row's bytes
	a.Op(0, "Get SP")
	a.Op(0, "F64Load beta+40(FP)")
	a.Op(0, "F64Const $0.0")
	a.Op(0, "F64Eq")
	a.Op(0, "If") // y = 0 first (no call to clear y)
	a.Op(1, "I64Const $0")
	a.Op(1, "Set R5")
	a.Loop(1)
	a.Op(2, "Get R5")
	a.Op(2, "Get R4")
	a.Op(2, "I64GeU")
	a.Op(2, "BrIf $1")
	a.Addr(2, "R2", "R5")
	a.Op(2, "F64Const $0.0")
	a.Op(2, "F64Store $0")
	a.Step(2, "R5", 8)
	a.EndLoop(1)
	a.Op(0, "End")
	gemvTRows(a, rows)
	gemvTRows(a, 1)
	a.Op(0, "RET")
}

// gemvTRows writes gemvT's loop over blocks of r rows, while r are left.
func gemvTRows(a *wasmasm.Asm, r int) {
	a.Loop(0)
	a.Op(1, "Get R3")
	a.Op(1, "I64Const $%d", r)
	a.Op(1, "I64LtU")
	a.Op(1, "BrIf $1")
	for k := 0; k < r; k++ { // F16+k = x[i+k], R6+k = row i+k
		a.Load(1, "R1", "", 8*k)
		a.Op(1, "Set F%d", 16+k)
	}
	a.Op(1, "Get R0")
	a.Op(1, "Set R6")
	for k := 1; k < r; k++ {
		a.Op(1, "Get R%d", 5+k)
		a.Op(1, "Get R4")
		a.Op(1, "I64Add")
		a.Op(1, "Set R%d", 6+k)
	}
	a.Op(1, "I64Const $0")
	a.Op(1, "Set R5") // column j's byte offset
	turn := func(d, c int) {
		for cc := 0; cc < c; cc++ {
			a.Addr(d, "R2", "R5")
			a.Load(d, "R2", "R5", 8*cc)
			for k := 0; k < r; k++ {
				a.Load(d, fmt.Sprintf("R%d", 6+k), "R5", 8*cc)
				a.Op(d, "Get F%d", 16+k)
				a.Op(d, "F64Mul")
				a.Op(d, "F64Add")
			}
			a.Op(d, "F64Store $%d", 8*cc)
		}
		a.Step(d, "R5", 8*c)
	}
	a.Loop(1) // cols columns a turn
	a.Op(2, "Get R5")
	a.Op(2, "I64Const $%d", 8*cols)
	a.Op(2, "I64Add")
	a.Op(2, "Get R4")
	a.Op(2, "I64GtU")
	a.Op(2, "BrIf $1")
	turn(2, cols)
	a.EndLoop(1)
	a.Loop(1) // the last columns, one a turn
	a.Op(2, "Get R5")
	a.Op(2, "Get R4")
	a.Op(2, "I64GeU")
	a.Op(2, "BrIf $1")
	turn(2, 1)
	a.EndLoop(1)
	a.Op(1, "Get R%d", 6+r-1)
	a.Op(1, "Get R4")
	a.Op(1, "I64Add")
	a.Op(1, "Set R0")
	a.Step(1, "R1", 8*r)
	a.Step(1, "R3", -r)
	a.EndLoop(0)
}

const sums = 8 // gerSum's columns a turn

// gerSum writes gerSumWasm(a, xs, ys *float64, m, n, T int): for every
// element of the m x n A, adds xs_k[i]*ys_k[j] for k = T-1 down to 0,
// keeping the element in a register (sums columns a turn, then one); xs and
// ys point at row T-1 of the T x m xs and the T x n ys.
func gerSum(a *wasmasm.Asm) {
	a.WriteString("// func gerSumWasm(a, xs, ys *float64, m, n, T int)\n")
	a.WriteString("TEXT ·gerSumWasm(SB), NOSPLIT, $0-48\n")
	a.Arg("R0", "a", 0)   // row i of A
	a.Arg("R1", "xs", 8)  // xs_{T-1}[i]
	a.Arg("R2", "ys", 16) // ys_{T-1}
	a.Arg("R3", "m", 24)  // rows left
	a.Arg("R4", "n", 32)
	a.Arg("R11", "T", 40)
	a.Bytes(0, "R4") // a row's bytes (A and ys)
	a.Op(0, "Get R3")
	a.Op(0, "I64Const $3")
	a.Op(0, "I64Shl")
	a.Op(0, "Set R5") // a row's bytes of xs
	a.Loop(0)         // over rows
	a.Op(1, "Get R3")
	a.Op(1, "I64Eqz")
	a.Op(1, "BrIf $1")
	a.Op(1, "I64Const $0")
	a.Op(1, "Set R7") // column j's byte offset
	gerSumColumns(a, sums)
	gerSumColumns(a, 1)
	a.Op(1, "Get R0")
	a.Op(1, "Get R4")
	a.Op(1, "I64Add")
	a.Op(1, "Set R0")
	a.Step(1, "R1", 8)
	a.Step(1, "R3", -1)
	a.EndLoop(0)
	a.Op(0, "RET")
}

// gerSumColumns writes gerSum's loop over blocks of w columns of row i,
// while w are left.
func gerSumColumns(a *wasmasm.Asm, w int) {
	a.Loop(1)
	a.Op(2, "Get R7")
	a.Op(2, "I64Const $%d", 8*w)
	a.Op(2, "I64Add")
	a.Op(2, "Get R4")
	a.Op(2, "I64GtU")
	a.Op(2, "BrIf $1")
	for c := 0; c < w; c++ {
		a.Load(2, "R0", "R7", 8*c)
		a.Op(2, "Set F%d", 16+c)
	}
	a.Op(2, "Get R1")
	a.Op(2, "Set R8") // xs_k[i]
	a.Op(2, "Get R2")
	a.Op(2, "Get R7")
	a.Op(2, "I64Add")
	a.Op(2, "Set R9") // ys_k[j]
	a.Op(2, "Get R11")
	a.Op(2, "Set R10")     // k's left
	kStep := func(d int) { // s_c += xs_k[i] * ys_k[j+c]; k--
		a.Load(d, "R8", "", 0)
		a.Op(d, "Set F%d", 16+sums)
		for c := 0; c < w; c++ {
			a.Op(d, "Get F%d", 16+c)
			a.Op(d, "Get F%d", 16+sums)
			a.Load(d, "R9", "", 8*c)
			a.Op(d, "F64Mul")
			a.Op(d, "F64Add")
			a.Op(d, "Set F%d", 16+c)
		}
		a.Op(d, "Get R8")
		a.Op(d, "Get R5")
		a.Op(d, "I64Sub")
		a.Op(d, "Set R8")
		a.Op(d, "Get R9")
		a.Op(d, "Get R4")
		a.Op(d, "I64Sub")
		a.Op(d, "Set R9")
	}
	a.Loop(2) // k = T-1 down to 0, two a turn
	a.Op(3, "Get R10")
	a.Op(3, "I64Const $2")
	a.Op(3, "I64LtU")
	a.Op(3, "BrIf $1")
	kStep(3)
	kStep(3)
	a.Step(3, "R10", -2)
	a.EndLoop(2)
	a.Op(2, "Get R10")
	a.Op(2, "I64Eqz")
	a.Op(2, "I32Eqz")
	a.Op(2, "If") // an odd T's last k
	kStep(3)
	a.Op(2, "End")
	for c := 0; c < w; c++ {
		a.Addr(2, "R0", "R7")
		a.Op(2, "Get F%d", 16+c)
		a.Op(2, "F64Store $%d", 8*c)
	}
	a.Step(2, "R7", 8*w)
	a.EndLoop(1)
}

// dotRows writes dotRowsWasm(a, xs, ys *float64, m, n, T int): for each
// of the T rows x_t of xs (n wide) and y_t of ys (m wide), y_t[k] = dot(row
// k of the m x n A, x_t), each dot with dot's four interleaved sums (a tail
// goes to the first) added as (s0+s1)+(s2+s3). One call for a window
// instead of one a dot.
func dotRows(a *wasmasm.Asm) {
	a.WriteString("// func dotRowsWasm(a, xs, ys *float64, m, n, T int)\n")
	a.WriteString("TEXT ·dotRowsWasm(SB), NOSPLIT, $0-48\n")
	a.Arg("R0", "a", 0)
	a.Arg("R1", "xs", 8)  // x_t
	a.Arg("R2", "ys", 16) // y_t[k]
	a.Arg("R5", "m", 24)
	a.Arg("R4", "n", 32)
	a.Arg("R3", "T", 40) // rows left
	a.Bytes(0, "R4")     // a row's bytes
	a.Op(0, "Get R4")
	a.Op(0, "I64Const $-32")
	a.Op(0, "I64And")
	a.Op(0, "Set R9") // the bytes in whole quads
	a.Loop(0)         // over t
	a.Op(1, "Get R3")
	a.Op(1, "I64Eqz")
	a.Op(1, "BrIf $1")
	a.Op(1, "Get R0")
	a.Op(1, "Set R6") // row k of A
	a.Op(1, "Get R5")
	a.Op(1, "Set R7") // rows left
	a.Loop(1)         // over k
	a.Op(2, "Get R7")
	a.Op(2, "I64Eqz")
	a.Op(2, "BrIf $1")
	for c := 0; c < 4; c++ {
		a.Op(2, "F64Const $0.0")
		a.Op(2, "Set F%d", 16+c)
	}
	a.Op(2, "I64Const $0")
	a.Op(2, "Set R8") // element i's byte offset
	a.Loop(2)         // four elements a turn
	a.Op(3, "Get R8")
	a.Op(3, "Get R9")
	a.Op(3, "I64GeU")
	a.Op(3, "BrIf $1")
	for c := 0; c < 4; c++ {
		a.Op(3, "Get F%d", 16+c)
		a.Load(3, "R6", "R8", 8*c)
		a.Load(3, "R1", "R8", 8*c)
		a.Op(3, "F64Mul")
		a.Op(3, "F64Add")
		a.Op(3, "Set F%d", 16+c)
	}
	a.Step(3, "R8", 32)
	a.EndLoop(2)
	a.Loop(2) // the tail, into the first sum
	a.Op(3, "Get R8")
	a.Op(3, "Get R4")
	a.Op(3, "I64GeU")
	a.Op(3, "BrIf $1")
	a.Op(3, "Get F16")
	a.Load(3, "R6", "R8", 0)
	a.Load(3, "R1", "R8", 0)
	a.Op(3, "F64Mul")
	a.Op(3, "F64Add")
	a.Op(3, "Set F16")
	a.Step(3, "R8", 8)
	a.EndLoop(2)
	a.Addr(2, "R2", "")
	a.Op(2, "Get F16")
	a.Op(2, "Get F17")
	a.Op(2, "F64Add")
	a.Op(2, "Get F18")
	a.Op(2, "Get F19")
	a.Op(2, "F64Add")
	a.Op(2, "F64Add")
	a.Op(2, "F64Store $0")
	a.Step(2, "R2", 8)
	a.Op(2, "Get R6")
	a.Op(2, "Get R4")
	a.Op(2, "I64Add")
	a.Op(2, "Set R6")
	a.Step(2, "R7", -1)
	a.EndLoop(1)
	a.Op(1, "Get R1")
	a.Op(1, "Get R4")
	a.Op(1, "I64Add")
	a.Op(1, "Set R1")
	a.Step(1, "R3", -1)
	a.EndLoop(0)
	a.Op(0, "RET")
}

// backStep writes backStepWasm(h, dout, dnext, da, dbh, dwx *float64, n
// int), a backward step's elementwise work without a gate: for each i,
// a = (dout[i] + dnext[i]) * (1 - h[i]*h[i]); da[i] = a; dbh[i] += a;
// dwx[i] += a.
func backStep(a *wasmasm.Asm) {
	a.WriteString("// func backStepWasm(h, dout, dnext, da, dbh, dwx *float64, n int)\n")
	a.WriteString("TEXT ·backStepWasm(SB), NOSPLIT, $0-56\n")
	a.Arg("R0", "h", 0)
	a.Arg("R1", "dout", 8)
	a.Arg("R2", "dnext", 16)
	a.Arg("R3", "da", 24)
	a.Arg("R4", "dbh", 32)
	a.Arg("R5", "dwx", 40)
	a.Arg("R6", "n", 48)
	a.Bytes(0, "R6") // the bytes
	a.Op(0, "I64Const $0")
	a.Op(0, "Set R7") // element i's byte offset
	a.Loop(0)
	a.Op(1, "Get R7")
	a.Op(1, "Get R6")
	a.Op(1, "I64GeU")
	a.Op(1, "BrIf $1")
	a.Load(1, "R0", "R7", 0)
	a.Op(1, "Set F17") // h[i]
	a.Load(1, "R1", "R7", 0)
	a.Load(1, "R2", "R7", 0)
	a.Op(1, "F64Add")
	a.Op(1, "F64Const $1.0")
	a.Op(1, "Get F17")
	a.Op(1, "Get F17")
	a.Op(1, "F64Mul")
	a.Op(1, "F64Sub")
	a.Op(1, "F64Mul")
	a.Op(1, "Set F16") // a
	a.Addr(1, "R3", "R7")
	a.Op(1, "Get F16")
	a.Op(1, "F64Store $0")
	for _, r := range []string{"R4", "R5"} {
		a.Addr(1, r, "R7")
		a.Load(1, r, "R7", 0)
		a.Op(1, "Get F16")
		a.Op(1, "F64Add")
		a.Op(1, "F64Store $0")
	}
	a.Step(1, "R7", 8)
	a.EndLoop(0)
	a.Op(0, "RET")
}

func main() {
	a := wasmasm.New("gen_kernels.go")
	a.WriteString("#include \"textflag.h\"\n\n")
	gemvT(a)
	a.WriteString("\n")
	gerSum(a)
	a.WriteString("\n")
	dotRows(a)
	a.WriteString("\n")
	backStep(a)
	a.WriteFile("kernels_wasm.s")
}
