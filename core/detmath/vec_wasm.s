// TanhVec for WebAssembly: the same operations as tanhVecGo, in the same
// order, element by element (WebAssembly's own loop and branches, which the
// Go compiler's backend does not produce; see core/rnn/gen_kernels.go).
// Registers: F16 x, F17 |x|, F18 2|x| (then x*x), F19 k as a float, F20 hi,
// F21 lo, F22 r, F23 r*r, F24 c, F25 y, R2 k.

#include "textflag.h"

// func tanhVecWasm(x *float64, n int)
TEXT ·tanhVecWasm(SB), NOSPLIT, $0-16
	Get SP
	I64Load x+0(FP)
	Set R0
	Get SP
	I64Load n+8(FP)
	I64Const $3
	I64Shl
	Get R0
	I64Add
	Set R1
	Block
	Loop
		Get R0
		Get R1
		I64GeU
		BrIf $1
		Get R0
		I32WrapI64
		F64Load $0
		Tee F16
		F64Abs
		Set F17
		Get F16
		Get F16
		F64Eq
		If
			Get F17
			F64Const $22.0
			F64Gt
			If
				Get R0
				I32WrapI64
				F64Const $1.0
				Get F16
				F64Copysign
				F64Store $0
			Else
				Get F17
				F64Const $0.625
				F64Ge
				If
					Get F17
					F64Const $2.0
					F64Mul
					Set F18
					Get F18
					F64Const $1.44269504088896338700e+00
					F64Mul
					F64Const $0.5
					F64Add
					I64TruncF64S
					Tee R2
					F64ConvertI64S
					Set F19
					Get F18
					Get F19
					F64Const $6.93147180369123816490e-01
					F64Mul
					F64Sub
					Set F20
					Get F19
					F64Const $1.90821492927058770002e-10
					F64Mul
					Set F21
					Get F20
					Get F21
					F64Sub
					Tee F22
					Get F22
					F64Mul
					Set F23
					Get F22
					Get F23
					F64Const $1.66666666666666657415e-01
					Get F23
					F64Const $-2.77777777770155933842e-03
					Get F23
					F64Const $6.61375632143793436117e-05
					Get F23
					F64Const $-1.65339022054652515390e-06
					Get F23
					F64Const $4.13813679705723846039e-08
					F64Mul
					F64Add
					F64Mul
					F64Add
					F64Mul
					F64Add
					F64Mul
					F64Add
					F64Mul
					F64Sub
					Set F24
					F64Const $1.0
					Get F21
					Get F22
					Get F24
					F64Mul
					F64Const $2.0
					Get F24
					F64Sub
					F64Div
					F64Sub
					Get F20
					F64Sub
					F64Sub
					Set F25
					Get R0
					I32WrapI64
					F64Const $1.0
					F64Const $2.0
					Get F25
					Get R2
					I64Const $1023
					I64Add
					I64Const $52
					I64Shl
					F64ReinterpretI64
					F64Mul
					F64Const $1.0
					F64Add
					F64Div
					F64Sub
					Get F16
					F64Copysign
					F64Store $0
				Else
					Get F16
					F64Const $0.0
					F64Ne
					If
						Get F16
						Get F16
						F64Mul
						Set F18
						Get R0
						I32WrapI64
						Get F16
						Get F16
						Get F18
						F64Mul
						F64Const $-9.64399179425052238628e-1
						Get F18
						F64Mul
						F64Const $-9.92877231001918586564e1
						F64Add
						Get F18
						F64Mul
						F64Const $-1.61468768441708447952e3
						F64Add
						F64Mul
						Get F18
						F64Const $1.12811678491632931402e2
						F64Add
						Get F18
						F64Mul
						F64Const $2.23548839060100448583e3
						F64Add
						Get F18
						F64Mul
						F64Const $4.84406305325125486048e3
						F64Add
						F64Div
						F64Add
						F64Store $0
					End
				End
			End
		End
		Get R0
		I64Const $8
		I64Add
		Set R0
		Br $0
	End
	End
	RET
