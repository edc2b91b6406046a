//go:build ignore

// gen_vec writes vec_wasm.s, TanhVec's WebAssembly kernel: go generate
// ./core/detmath (see vec_wasm.go; the helpers are in core/internal/wasmasm).
// It runs tanhVecGo's operations in the same order, element by element, in
// WebAssembly's own loop and branches, which the Go compiler's backend does
// not produce.
package main

import "github.com/diffstruct/diffstruct/core/internal/wasmasm"

// tanhVec writes tanhVecWasm(x *float64, n int): x[i] = tanh(x[i]) as
// tanhVecGo computes it. R0 walks x up to R1, its end.
func tanhVec(a *wasmasm.Asm) {
	a.WriteString("// func tanhVecWasm(x *float64, n int)\n")
	a.WriteString("TEXT ·tanhVecWasm(SB), NOSPLIT, $0-16\n")
	a.Arg("R0", "x", 0)
	a.Op(0, "Get SP")
	a.Op(0, "I64Load n+8(FP)")
	a.Op(0, "I64Const $3")
	a.Op(0, "I64Shl")
	a.Op(0, "Get R0")
	a.Op(0, "I64Add")
	a.Op(0, "Set R1")
	a.Loop(0)
	a.Op(1, "Get R0")
	a.Op(1, "Get R1")
	a.Op(1, "I64GeU")
	a.Op(1, "BrIf $1")
	a.Load(1, "R0", "", 0)
	a.Op(1, "Tee F16")
	a.Op(1, "F64Abs")
	a.Op(1, "Set F17")
	a.Op(1, "Get F16")
	a.Op(1, "Get F16")
	a.Op(1, "F64Eq")
	a.Op(1, "If") // not NaN (NaN stays as it is)
	a.Op(2, "Get F17")
	a.Op(2, "F64Const $22.0")
	a.Op(2, "F64Gt")
	a.Op(2, "If") // |x| > 22: ±1
	a.Addr(3, "R0", "")
	a.Op(3, "F64Const $1.0")
	a.Op(3, "Get F16")
	a.Op(3, "F64Copysign")
	a.Op(3, "F64Store $0")
	a.Op(2, "Else")
	a.Op(3, "Get F17")
	a.Op(3, "F64Const $0.625")
	a.Op(3, "F64Ge")
	a.Op(3, "If") // |x| >= 0.625: 1 - 2/(exp(2|x|)+1), with sign
	expm(a, 4)
	a.Op(3, "Else")
	a.Op(4, "Get F16")
	a.Op(4, "F64Const $0.0")
	a.Op(4, "F64Ne")
	a.Op(4, "If") // 0 < |x| < 0.625: the rational approximation (±0 stays)
	small(a, 5)
	a.Op(4, "End")
	a.Op(3, "End")
	a.Op(2, "End")
	a.Op(1, "End")
	a.Step(1, "R0", 8)
	a.EndLoop(0)
	a.Op(0, "RET")
}

// expm writes the branch |x| >= 0.625 at depth d: exp(2|x|) as exp's
// reduction 2|x| = k ln2 + r (hi - lo) and its polynomial c, then
// x[i] = copysign(1 - 2/(exp(2|x|)+1), x).
func expm(a *wasmasm.Asm, d int) {
	a.Op(d, "Get F17")
	a.Op(d, "F64Const $2.0")
	a.Op(d, "F64Mul")
	a.Op(d, "Set F18") // 2|x|
	a.Op(d, "Get F18")
	a.Op(d, "F64Const $1.44269504088896338700e+00") // 1/ln2
	a.Op(d, "F64Mul")
	a.Op(d, "F64Const $0.5")
	a.Op(d, "F64Add")
	a.Op(d, "I64TruncF64S")
	a.Op(d, "Tee R2") // k
	a.Op(d, "F64ConvertI64S")
	a.Op(d, "Set F19")
	a.Op(d, "Get F18")
	a.Op(d, "Get F19")
	a.Op(d, "F64Const $6.93147180369123816490e-01") // ln2 hi
	a.Op(d, "F64Mul")
	a.Op(d, "F64Sub")
	a.Op(d, "Set F20") // hi
	a.Op(d, "Get F19")
	a.Op(d, "F64Const $1.90821492927058770002e-10") // ln2 lo
	a.Op(d, "F64Mul")
	a.Op(d, "Set F21") // lo
	a.Op(d, "Get F20")
	a.Op(d, "Get F21")
	a.Op(d, "F64Sub")
	a.Op(d, "Tee F22") // r
	a.Op(d, "Get F22")
	a.Op(d, "F64Mul")
	a.Op(d, "Set F23") // r*r
	// c = r - t*(P1 + t*(P2 + t*(P3 + t*(P4 + t*P5)))), t = r*r
	a.Op(d, "Get F22")
	p := []string{
		"1.66666666666666657415e-01",
		"-2.77777777770155933842e-03",
		"6.61375632143793436117e-05",
		"-1.65339022054652515390e-06",
		"4.13813679705723846039e-08",
	}
	for _, c := range p {
		a.Op(d, "Get F23")
		a.Op(d, "F64Const $%s", c)
	}
	for range p[1:] {
		a.Op(d, "F64Mul")
		a.Op(d, "F64Add")
	}
	a.Op(d, "F64Mul")
	a.Op(d, "F64Sub")  // the outermost is r - t*(...)
	a.Op(d, "Set F24") // c
	// y = 1 - ((lo - r*c/(2-c)) - hi)
	a.Op(d, "F64Const $1.0")
	a.Op(d, "Get F21")
	a.Op(d, "Get F22")
	a.Op(d, "Get F24")
	a.Op(d, "F64Mul")
	a.Op(d, "F64Const $2.0")
	a.Op(d, "Get F24")
	a.Op(d, "F64Sub")
	a.Op(d, "F64Div")
	a.Op(d, "F64Sub")
	a.Op(d, "Get F20")
	a.Op(d, "F64Sub")
	a.Op(d, "F64Sub")
	a.Op(d, "Set F25") // y
	// x[i] = copysign(1 - 2/(y*2^k + 1), x)
	a.Addr(d, "R0", "")
	a.Op(d, "F64Const $1.0")
	a.Op(d, "F64Const $2.0")
	a.Op(d, "Get F25")
	a.Op(d, "Get R2")
	a.Op(d, "I64Const $1023")
	a.Op(d, "I64Add")
	a.Op(d, "I64Const $52")
	a.Op(d, "I64Shl")
	a.Op(d, "F64ReinterpretI64") // 2^k
	a.Op(d, "F64Mul")
	a.Op(d, "F64Const $1.0")
	a.Op(d, "F64Add")
	a.Op(d, "F64Div")
	a.Op(d, "F64Sub")
	a.Op(d, "Get F16")
	a.Op(d, "F64Copysign")
	a.Op(d, "F64Store $0")
}

// small writes the branch 0 < |x| < 0.625 at depth d:
// x[i] = x + x*s*(P0 + s*(P1 + s*P2))/(Q0 + s*(Q1 + s*(Q2 + s))), s = x*x.
func small(a *wasmasm.Asm, d int) {
	a.Op(d, "Get F16")
	a.Op(d, "Get F16")
	a.Op(d, "F64Mul")
	a.Op(d, "Set F18") // s
	a.Addr(d, "R0", "")
	a.Op(d, "Get F16")
	a.Op(d, "Get F16")
	a.Op(d, "Get F18")
	a.Op(d, "F64Mul")
	a.Op(d, "F64Const $-9.64399179425052238628e-1") // P2
	a.Op(d, "Get F18")
	a.Op(d, "F64Mul")
	a.Op(d, "F64Const $-9.92877231001918586564e1") // P1
	a.Op(d, "F64Add")
	a.Op(d, "Get F18")
	a.Op(d, "F64Mul")
	a.Op(d, "F64Const $-1.61468768441708447952e3") // P0
	a.Op(d, "F64Add")
	a.Op(d, "F64Mul")
	a.Op(d, "Get F18")
	a.Op(d, "F64Const $1.12811678491632931402e2") // Q2
	a.Op(d, "F64Add")
	a.Op(d, "Get F18")
	a.Op(d, "F64Mul")
	a.Op(d, "F64Const $2.23548839060100448583e3") // Q1
	a.Op(d, "F64Add")
	a.Op(d, "Get F18")
	a.Op(d, "F64Mul")
	a.Op(d, "F64Const $4.84406305325125486048e3") // Q0
	a.Op(d, "F64Add")
	a.Op(d, "F64Div")
	a.Op(d, "F64Add")
	a.Op(d, "F64Store $0")
}

func main() {
	a := wasmasm.New("gen_vec.go")
	a.WriteString(`// TanhVec for WebAssembly: the same operations as tanhVecGo, in the same
// order, element by element. Registers: F16 x, F17 |x|, F18 2|x| (then
// x*x), F19 k as a float, F20 hi, F21 lo, F22 r, F23 r*r, F24 c, F25 y,
// R2 k.

#include "textflag.h"

`)
	tanhVec(a)
	a.WriteFile("vec_wasm.s")
}
