//go:build ignore

// gen_optim writes optim_wasm.s, the RMSProp step's WebAssembly kernel: go
// generate ./core/engine (see optim_wasm.go; the helpers are in
// core/internal/wasmasm). It runs rmspropStepGo's operations (and l1Step's
// where asked) in the same order, element by element, in WebAssembly's own
// loop, which the Go compiler's backend does not produce.
package main

import "github.com/diffstruct/diffstruct/core/internal/wasmasm"

// clip writes f = clip(f) with the clip in register hi and its negative in
// lo, as selects: f > hi ? hi : f, then f < lo ? lo : f (+Inf for no clip
// gives f, as clip does). push writes the value to clip, leaving it on the
// stack and in f.
func clip(a *wasmasm.Asm, d int, f, hi, lo string, push func()) {
	a.Op(d, "Get %s", hi)
	push()
	a.Op(d, "Get %s", f)
	a.Op(d, "Get %s", hi)
	a.Op(d, "F64Gt")
	a.Op(d, "Select")
	a.Op(d, "Set %s", f)
	a.Op(d, "Get %s", lo)
	a.Op(d, "Get %s", f)
	a.Op(d, "Get %s", f)
	a.Op(d, "Get %s", lo)
	a.Op(d, "F64Lt")
	a.Op(d, "Select")
	a.Op(d, "Set %s", f)
}

// rmsprop writes rmspropWasm(params, grads, ms *float64, n int, k
// *rmspropWasmConsts, l1 int). R0, R1, R2 walk params, grads and ms, up to
// R3, params' end; F16-F22 hold k's float constants and R6 the L1 step's
// bits; F24 is g, F25 m, F26 step, F27 p.
func rmsprop(a *wasmasm.Asm) {
	a.WriteString("// func rmspropWasm(params, grads, ms *float64, n int, k *rmspropWasmConsts, l1 int)\n")
	a.WriteString("TEXT ·rmspropWasm(SB), NOSPLIT, $0-48\n")
	a.Arg("R0", "params", 0)
	a.Arg("R1", "grads", 8)
	a.Arg("R2", "ms", 16)
	a.Op(0, "Get SP")
	a.Op(0, "I64Load n+24(FP)")
	a.Op(0, "I64Const $3")
	a.Op(0, "I64Shl")
	a.Op(0, "Get R0")
	a.Op(0, "I64Add")
	a.Op(0, "Set R3")
	a.Arg("R5", "k", 32)
	a.Arg("R4", "l1", 40)
	for i := 0; i < 7; i++ { // gradClip, -gradClip, stepClip, -stepClip, decay, -lr, eps
		a.Load(0, "R5", "", 8*i)
		a.Op(0, "Set F%d", 16+i)
	}
	a.Addr(0, "R5", "")
	a.Op(0, "I64Load $56") // c
	a.Op(0, "Set R6")
	a.Loop(0)
	a.Op(1, "Get R0")
	a.Op(1, "Get R3")
	a.Op(1, "I64GeU")
	a.Op(1, "BrIf $1")
	a.WriteString("\n")

	a.Comment(1, "g = clip(grads[i], gradClip)")
	clip(a, 1, "F24", "F16", "F17", func() {
		a.Load(1, "R1", "", 0)
		a.Op(1, "Tee F24")
	})
	a.WriteString("\n")

	a.Comment(1, "m = ms[i] + decay*(g*g - ms[i])")
	a.Addr(1, "R2", "")
	a.Load(1, "R2", "", 0)
	a.Op(1, "Tee F25")
	a.Op(1, "Get F20")
	a.Op(1, "Get F24")
	a.Op(1, "Get F24")
	a.Op(1, "F64Mul")
	a.Op(1, "Get F25")
	a.Op(1, "F64Sub")
	a.Op(1, "F64Mul")
	a.Op(1, "F64Add")
	a.Op(1, "Tee F25")
	a.Op(1, "F64Store $0")
	a.WriteString("\n")

	a.Comment(1, "step = clip(-lr*g/sqrt(m+eps), stepClip)")
	a.Op(1, "Get F21")
	a.Op(1, "Get F24")
	a.Op(1, "F64Mul")
	a.Op(1, "Get F25")
	a.Op(1, "Get F22")
	a.Op(1, "F64Add")
	a.Op(1, "F64Sqrt")
	a.Op(1, "F64Div")
	a.Op(1, "Set F26")
	clip(a, 1, "F26", "F18", "F19", func() { a.Op(1, "Get F26") })
	a.WriteString("\n")

	a.Comment(1, "p += step")
	a.Load(1, "R0", "", 0)
	a.Op(1, "Get F26")
	a.Op(1, "F64Add")
	a.Op(1, "Set F27")
	a.WriteString("\n")

	a.Comment(1, "l1Step: p - (c with p's sign), unless p is zero or NaN")
	a.Op(1, "Get R4")
	a.Op(1, "I64Eqz")
	a.Op(1, "I32Eqz")
	a.Op(1, "If")
	a.Op(2, "Get F27")
	a.Op(2, "Get F27")
	a.Op(2, "F64Eq")
	a.Op(2, "Get F27")
	a.Op(2, "F64Const $0.0")
	a.Op(2, "F64Ne")
	a.Op(2, "I32And")
	a.Op(2, "If")
	a.Op(3, "Get F27")
	a.Op(3, "Get R6")
	a.Op(3, "Get F27")
	a.Op(3, "I64ReinterpretF64")
	a.Op(3, "I64Const $-9223372036854775808") // the sign bit
	a.Op(3, "I64And")
	a.Op(3, "I64Xor")
	a.Op(3, "F64ReinterpretI64")
	a.Op(3, "F64Sub")
	a.Op(3, "Set F27")
	a.Op(2, "End")
	a.Op(1, "End")
	a.WriteString("\n")

	a.Addr(1, "R0", "")
	a.Op(1, "Get F27")
	a.Op(1, "F64Store $0")
	a.WriteString("\n")

	for _, r := range []string{"R0", "R1", "R2"} {
		a.Step(1, r, 8)
	}
	a.EndLoop(0)
	a.Op(0, "RET")
}

func main() {
	a := wasmasm.New("gen_optim.go")
	a.WriteString(`// The RMSProp step for WebAssembly: rmspropStepGo's operations (and
// l1Step's where asked), in the same order, element by element, in
// WebAssembly's own loop. clip is written with selects: x > c ? c : x, then
// x < -c ? -c : x, with +Inf for "no clip", exactly as clip gives.

#include "textflag.h"

`)
	rmsprop(a)
	a.WriteFile("optim_wasm.s")
}
