// The RMSProp step for WebAssembly: rmspropStepGo's operations (and
// l1Step's where asked), in the same order, element by element, in
// WebAssembly's own loop (the Go compiler's backend turns every loop into
// jumps through a dispatch table, which V8 does not compile as a loop).
// clip is written with selects: x > c ? c : x, then x < -c ? -c : x, with
// +Inf for "no clip", exactly as clip gives.

#include "textflag.h"

// func rmspropWasm(params, grads, ms *float64, n int, k *rmspropWasmConsts, l1 int)
TEXT ·rmspropWasm(SB), NOSPLIT, $0-48
	Get SP
	I64Load params+0(FP)
	Set R0
	Get SP
	I64Load grads+8(FP)
	Set R1
	Get SP
	I64Load ms+16(FP)
	Set R2
	Get SP
	I64Load n+24(FP)
	I64Const $3
	I64Shl
	Get R0
	I64Add
	Set R3
	Get SP
	I64Load k+32(FP)
	Set R5
	Get SP
	I64Load l1+40(FP)
	Set R4
	Get R5
	I32WrapI64
	F64Load $0
	Set F16
	Get R5
	I32WrapI64
	F64Load $8
	Set F17
	Get R5
	I32WrapI64
	F64Load $16
	Set F18
	Get R5
	I32WrapI64
	F64Load $24
	Set F19
	Get R5
	I32WrapI64
	F64Load $32
	Set F20
	Get R5
	I32WrapI64
	F64Load $40
	Set F21
	Get R5
	I32WrapI64
	F64Load $48
	Set F22
	Get R5
	I32WrapI64
	I64Load $56
	Set R6
	Block
	Loop
		Get R0
		Get R3
		I64GeU
		BrIf $1

		// g = clip(grads[i], gradClip)
		Get F16
		Get R1
		I32WrapI64
		F64Load $0
		Tee F24
		Get F24
		Get F16
		F64Gt
		Select
		Set F24
		Get F17
		Get F24
		Get F24
		Get F17
		F64Lt
		Select
		Set F24

		// m = ms[i] + decay*(g*g - ms[i])
		Get R2
		I32WrapI64
		Get R2
		I32WrapI64
		F64Load $0
		Tee F25
		Get F20
		Get F24
		Get F24
		F64Mul
		Get F25
		F64Sub
		F64Mul
		F64Add
		Tee F25
		F64Store $0

		// step = clip(-lr*g/sqrt(m+eps), stepClip)
		Get F21
		Get F24
		F64Mul
		Get F25
		Get F22
		F64Add
		F64Sqrt
		F64Div
		Set F26
		Get F18
		Get F26
		Get F26
		Get F18
		F64Gt
		Select
		Set F26
		Get F19
		Get F26
		Get F26
		Get F19
		F64Lt
		Select
		Set F26

		// p += step
		Get R0
		I32WrapI64
		F64Load $0
		Get F26
		F64Add
		Set F27

		// l1Step: p - (c with p's sign), unless p is zero or NaN
		Get R4
		I64Eqz
		I32Eqz
		If
			Get F27
			Get F27
			F64Eq
			Get F27
			F64Const $0.0
			F64Ne
			I32And
			If
				Get F27
				Get R6
				Get F27
				I64ReinterpretF64
				I64Const $-9223372036854775808
				I64And
				I64Xor
				F64ReinterpretI64
				F64Sub
				Set F27
			End
		End

		Get R0
		I32WrapI64
		Get F27
		F64Store $0

		Get R0
		I64Const $8
		I64Add
		Set R0
		Get R1
		I64Const $8
		I64Add
		Set R1
		Get R2
		I64Const $8
		I64Add
		Set R2
		Br $0
	End
	End
	RET
