//go:build ignore

// gen_kernels writes kernels_wasm.s, the WebAssembly kernels of gemvT and
// gerSum: go generate ./core/rnn (see kernels_wasm.go).
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
	"os"
	"strings"
)

type asm struct{ strings.Builder }

// op writes one instruction at the given nesting depth.
func (a *asm) op(depth int, format string, args ...any) {
	a.WriteString(strings.Repeat("\t", depth+1))
	fmt.Fprintf(&a.Builder, format, args...)
	a.WriteString("\n")
}

// load pushes the float64 at register r plus register off (when not
// empty) plus the constant disp.
func (a *asm) load(d int, r, off string, disp int) {
	a.op(d, "Get %s", r)
	if off != "" {
		a.op(d, "Get %s", off)
		a.op(d, "I64Add")
	}
	a.op(d, "I32WrapI64")
	a.op(d, "F64Load $%d", disp)
}

// addr pushes register r plus register off as a memory address.
func (a *asm) addr(d int, r, off string) {
	a.op(d, "Get %s", r)
	if off != "" {
		a.op(d, "Get %s", off)
		a.op(d, "I64Add")
	}
	a.op(d, "I32WrapI64")
}

// step adds the constant c to register r.
func (a *asm) step(d int, r string, c int) {
	a.op(d, "Get %s", r)
	a.op(d, "I64Const $%d", c)
	a.op(d, "I64Add")
	a.op(d, "Set %s", r)
}

// bytes turns register r's count of float64s into bytes.
func (a *asm) bytes(d int, r string) {
	a.op(d, "Get %s", r)
	a.op(d, "I64Const $3")
	a.op(d, "I64Shl")
	a.op(d, "Set %s", r)
}

// loop opens a loop at depth d (a block to leave it, Br $1 from inside);
// endLoop goes back to its top and closes both.
func (a *asm) loop(d int) {
	a.op(d, "Block")
	a.op(d, "Loop")
}

func (a *asm) endLoop(d int) {
	a.op(d+1, "Br $0")
	a.op(d, "End")
	a.op(d, "End")
}

func (a *asm) arg(r, name string, off int) {
	a.op(0, "Get SP")
	a.op(0, "I64Load %s+%d(FP)", name, off)
	a.op(0, "Set %s", r)
}

const rows, cols = 4, 8 // gemvT's block: rows a pass, columns a turn (the fastest measured under V8)

// gemvT writes gemvTWasm(a, x, y *float64, m, n int, beta float64):
// y = beta*y + A^T x (beta is 0 or 1) for the m x n row-major A. Each y[j]
// receives the rows' products one after another, in row order: four rows
// a pass while four are left, then one.
func gemvT(a *asm) {
	a.WriteString("// func gemvTWasm(a, x, y *float64, m, n int, beta float64)\n")
	a.WriteString("TEXT ·gemvTWasm(SB), NOSPLIT, $0-48\n")
	a.arg("R0", "a", 0) // row i of A
	a.arg("R1", "x", 8) // x[i]
	a.arg("R2", "y", 16)
	a.arg("R3", "m", 24) // rows left
	a.arg("R4", "n", 32)
	a.bytes(0, "R4") // a row's bytes
	a.op(0, "Get SP")
	a.op(0, "F64Load beta+40(FP)")
	a.op(0, "F64Const $0.0")
	a.op(0, "F64Eq")
	a.op(0, "If") // y = 0 first (no call to clear y)
	a.op(1, "I64Const $0")
	a.op(1, "Set R5")
	a.loop(1)
	a.op(2, "Get R5")
	a.op(2, "Get R4")
	a.op(2, "I64GeU")
	a.op(2, "BrIf $1")
	a.addr(2, "R2", "R5")
	a.op(2, "F64Const $0.0")
	a.op(2, "F64Store $0")
	a.step(2, "R5", 8)
	a.endLoop(1)
	a.op(0, "End")
	gemvTRows(a, rows)
	gemvTRows(a, 1)
	a.op(0, "RET")
}

// gemvTRows writes gemvT's loop over blocks of r rows, while r are left.
func gemvTRows(a *asm, r int) {
	a.loop(0)
	a.op(1, "Get R3")
	a.op(1, "I64Const $%d", r)
	a.op(1, "I64LtU")
	a.op(1, "BrIf $1")
	for k := 0; k < r; k++ { // F16+k = x[i+k], R6+k = row i+k
		a.load(1, "R1", "", 8*k)
		a.op(1, "Set F%d", 16+k)
	}
	a.op(1, "Get R0")
	a.op(1, "Set R6")
	for k := 1; k < r; k++ {
		a.op(1, "Get R%d", 5+k)
		a.op(1, "Get R4")
		a.op(1, "I64Add")
		a.op(1, "Set R%d", 6+k)
	}
	a.op(1, "I64Const $0")
	a.op(1, "Set R5") // column j's byte offset
	turn := func(d, c int) {
		for cc := 0; cc < c; cc++ {
			a.addr(d, "R2", "R5")
			a.load(d, "R2", "R5", 8*cc)
			for k := 0; k < r; k++ {
				a.load(d, fmt.Sprintf("R%d", 6+k), "R5", 8*cc)
				a.op(d, "Get F%d", 16+k)
				a.op(d, "F64Mul")
				a.op(d, "F64Add")
			}
			a.op(d, "F64Store $%d", 8*cc)
		}
		a.step(d, "R5", 8*c)
	}
	a.loop(1) // cols columns a turn
	a.op(2, "Get R5")
	a.op(2, "I64Const $%d", 8*cols)
	a.op(2, "I64Add")
	a.op(2, "Get R4")
	a.op(2, "I64GtU")
	a.op(2, "BrIf $1")
	turn(2, cols)
	a.endLoop(1)
	a.loop(1) // the last columns, one a turn
	a.op(2, "Get R5")
	a.op(2, "Get R4")
	a.op(2, "I64GeU")
	a.op(2, "BrIf $1")
	turn(2, 1)
	a.endLoop(1)
	a.op(1, "Get R%d", 6+r-1)
	a.op(1, "Get R4")
	a.op(1, "I64Add")
	a.op(1, "Set R0")
	a.step(1, "R1", 8*r)
	a.step(1, "R3", -r)
	a.endLoop(0)
}

const sums = 8 // gerSum's columns a turn

// gerSum writes gerSumWasm(a, xs, ys *float64, m, n, T int): for every
// element of the m x n A, adds xs_k[i]*ys_k[j] for k = T-1 down to 0,
// keeping the element in a register (sums columns a turn, then one); xs and
// ys point at row T-1 of the T x m xs and the T x n ys.
func gerSum(a *asm) {
	a.WriteString("// func gerSumWasm(a, xs, ys *float64, m, n, T int)\n")
	a.WriteString("TEXT ·gerSumWasm(SB), NOSPLIT, $0-48\n")
	a.arg("R0", "a", 0)   // row i of A
	a.arg("R1", "xs", 8)  // xs_{T-1}[i]
	a.arg("R2", "ys", 16) // ys_{T-1}
	a.arg("R3", "m", 24)  // rows left
	a.arg("R4", "n", 32)
	a.arg("R11", "T", 40)
	a.bytes(0, "R4") // a row's bytes (A and ys)
	a.op(0, "Get R3")
	a.op(0, "I64Const $3")
	a.op(0, "I64Shl")
	a.op(0, "Set R5") // a row's bytes of xs
	a.loop(0)         // over rows
	a.op(1, "Get R3")
	a.op(1, "I64Eqz")
	a.op(1, "BrIf $1")
	a.op(1, "I64Const $0")
	a.op(1, "Set R7") // column j's byte offset
	gerSumColumns(a, sums)
	gerSumColumns(a, 1)
	a.op(1, "Get R0")
	a.op(1, "Get R4")
	a.op(1, "I64Add")
	a.op(1, "Set R0")
	a.step(1, "R1", 8)
	a.step(1, "R3", -1)
	a.endLoop(0)
	a.op(0, "RET")
}

// gerSumColumns writes gerSum's loop over blocks of w columns of row i,
// while w are left.
func gerSumColumns(a *asm, w int) {
	a.loop(1)
	a.op(2, "Get R7")
	a.op(2, "I64Const $%d", 8*w)
	a.op(2, "I64Add")
	a.op(2, "Get R4")
	a.op(2, "I64GtU")
	a.op(2, "BrIf $1")
	for c := 0; c < w; c++ {
		a.load(2, "R0", "R7", 8*c)
		a.op(2, "Set F%d", 16+c)
	}
	a.op(2, "Get R1")
	a.op(2, "Set R8") // xs_k[i]
	a.op(2, "Get R2")
	a.op(2, "Get R7")
	a.op(2, "I64Add")
	a.op(2, "Set R9") // ys_k[j]
	a.op(2, "Get R11")
	a.op(2, "Set R10")     // k's left
	kStep := func(d int) { // s_c += xs_k[i] * ys_k[j+c]; k--
		a.load(d, "R8", "", 0)
		a.op(d, "Set F%d", 16+sums)
		for c := 0; c < w; c++ {
			a.op(d, "Get F%d", 16+c)
			a.op(d, "Get F%d", 16+sums)
			a.load(d, "R9", "", 8*c)
			a.op(d, "F64Mul")
			a.op(d, "F64Add")
			a.op(d, "Set F%d", 16+c)
		}
		a.op(d, "Get R8")
		a.op(d, "Get R5")
		a.op(d, "I64Sub")
		a.op(d, "Set R8")
		a.op(d, "Get R9")
		a.op(d, "Get R4")
		a.op(d, "I64Sub")
		a.op(d, "Set R9")
	}
	a.loop(2) // k = T-1 down to 0, two a turn
	a.op(3, "Get R10")
	a.op(3, "I64Const $2")
	a.op(3, "I64LtU")
	a.op(3, "BrIf $1")
	kStep(3)
	kStep(3)
	a.step(3, "R10", -2)
	a.endLoop(2)
	a.op(2, "Get R10")
	a.op(2, "I64Eqz")
	a.op(2, "I32Eqz")
	a.op(2, "If") // an odd T's last k
	kStep(3)
	a.op(2, "End")
	for c := 0; c < w; c++ {
		a.addr(2, "R0", "R7")
		a.op(2, "Get F%d", 16+c)
		a.op(2, "F64Store $%d", 8*c)
	}
	a.step(2, "R7", 8*w)
	a.endLoop(1)
}

// dotRows writes dotRowsWasm(a, xs, ys *float64, m, n, T int): for each
// of the T rows x_t of xs (n wide) and y_t of ys (m wide), y_t[k] = dot(row
// k of the m x n A, x_t), each dot with dot's four interleaved sums (a tail
// goes to the first) added as (s0+s1)+(s2+s3). One call for a window
// instead of one a dot.
func dotRows(a *asm) {
	a.WriteString("// func dotRowsWasm(a, xs, ys *float64, m, n, T int)\n")
	a.WriteString("TEXT ·dotRowsWasm(SB), NOSPLIT, $0-48\n")
	a.arg("R0", "a", 0)
	a.arg("R1", "xs", 8)  // x_t
	a.arg("R2", "ys", 16) // y_t[k]
	a.arg("R5", "m", 24)
	a.arg("R4", "n", 32)
	a.arg("R3", "T", 40) // rows left
	a.bytes(0, "R4")     // a row's bytes
	a.op(0, "Get R4")
	a.op(0, "I64Const $-32")
	a.op(0, "I64And")
	a.op(0, "Set R9") // the bytes in whole quads
	a.loop(0)         // over t
	a.op(1, "Get R3")
	a.op(1, "I64Eqz")
	a.op(1, "BrIf $1")
	a.op(1, "Get R0")
	a.op(1, "Set R6") // row k of A
	a.op(1, "Get R5")
	a.op(1, "Set R7") // rows left
	a.loop(1)         // over k
	a.op(2, "Get R7")
	a.op(2, "I64Eqz")
	a.op(2, "BrIf $1")
	for c := 0; c < 4; c++ {
		a.op(2, "F64Const $0.0")
		a.op(2, "Set F%d", 16+c)
	}
	a.op(2, "I64Const $0")
	a.op(2, "Set R8") // element i's byte offset
	a.loop(2)         // four elements a turn
	a.op(3, "Get R8")
	a.op(3, "Get R9")
	a.op(3, "I64GeU")
	a.op(3, "BrIf $1")
	for c := 0; c < 4; c++ {
		a.op(3, "Get F%d", 16+c)
		a.load(3, "R6", "R8", 8*c)
		a.load(3, "R1", "R8", 8*c)
		a.op(3, "F64Mul")
		a.op(3, "F64Add")
		a.op(3, "Set F%d", 16+c)
	}
	a.step(3, "R8", 32)
	a.endLoop(2)
	a.loop(2) // the tail, into the first sum
	a.op(3, "Get R8")
	a.op(3, "Get R4")
	a.op(3, "I64GeU")
	a.op(3, "BrIf $1")
	a.op(3, "Get F16")
	a.load(3, "R6", "R8", 0)
	a.load(3, "R1", "R8", 0)
	a.op(3, "F64Mul")
	a.op(3, "F64Add")
	a.op(3, "Set F16")
	a.step(3, "R8", 8)
	a.endLoop(2)
	a.addr(2, "R2", "")
	a.op(2, "Get F16")
	a.op(2, "Get F17")
	a.op(2, "F64Add")
	a.op(2, "Get F18")
	a.op(2, "Get F19")
	a.op(2, "F64Add")
	a.op(2, "F64Add")
	a.op(2, "F64Store $0")
	a.step(2, "R2", 8)
	a.op(2, "Get R6")
	a.op(2, "Get R4")
	a.op(2, "I64Add")
	a.op(2, "Set R6")
	a.step(2, "R7", -1)
	a.endLoop(1)
	a.op(1, "Get R1")
	a.op(1, "Get R4")
	a.op(1, "I64Add")
	a.op(1, "Set R1")
	a.step(1, "R3", -1)
	a.endLoop(0)
	a.op(0, "RET")
}

// backStep writes backStepWasm(h, dout, dnext, da, dbh, dwx *float64, n
// int), a backward step's elementwise work without a gate: for each i,
// a = (dout[i] + dnext[i]) * (1 - h[i]*h[i]); da[i] = a; dbh[i] += a;
// dwx[i] += a.
func backStep(a *asm) {
	a.WriteString("// func backStepWasm(h, dout, dnext, da, dbh, dwx *float64, n int)\n")
	a.WriteString("TEXT ·backStepWasm(SB), NOSPLIT, $0-56\n")
	a.arg("R0", "h", 0)
	a.arg("R1", "dout", 8)
	a.arg("R2", "dnext", 16)
	a.arg("R3", "da", 24)
	a.arg("R4", "dbh", 32)
	a.arg("R5", "dwx", 40)
	a.arg("R6", "n", 48)
	a.bytes(0, "R6") // the bytes
	a.op(0, "I64Const $0")
	a.op(0, "Set R7") // element i's byte offset
	a.loop(0)
	a.op(1, "Get R7")
	a.op(1, "Get R6")
	a.op(1, "I64GeU")
	a.op(1, "BrIf $1")
	a.load(1, "R0", "R7", 0)
	a.op(1, "Set F17") // h[i]
	a.load(1, "R1", "R7", 0)
	a.load(1, "R2", "R7", 0)
	a.op(1, "F64Add")
	a.op(1, "F64Const $1.0")
	a.op(1, "Get F17")
	a.op(1, "Get F17")
	a.op(1, "F64Mul")
	a.op(1, "F64Sub")
	a.op(1, "F64Mul")
	a.op(1, "Set F16") // a
	a.addr(1, "R3", "R7")
	a.op(1, "Get F16")
	a.op(1, "F64Store $0")
	for _, r := range []string{"R4", "R5"} {
		a.addr(1, r, "R7")
		a.load(1, r, "R7", 0)
		a.op(1, "Get F16")
		a.op(1, "F64Add")
		a.op(1, "F64Store $0")
	}
	a.step(1, "R7", 8)
	a.endLoop(0)
	a.op(0, "RET")
}

func main() {
	var a asm
	a.WriteString("// Code generated by gen_kernels.go; DO NOT EDIT.\n\n#include \"textflag.h\"\n\n")
	gemvT(&a)
	a.WriteString("\n")
	gerSum(&a)
	a.WriteString("\n")
	dotRows(&a)
	a.WriteString("\n")
	backStep(&a)
	out := "kernels_wasm.s"
	if len(os.Args) > 1 {
		out = os.Args[1] // the freshness test writes elsewhere
	}
	if err := os.WriteFile(out, []byte(a.String()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
