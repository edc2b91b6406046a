//go:build amd64

#include "textflag.h"

// Two-lane constants, each 16 bytes (the table is 32-byte aligned by the
// linker, so packed instructions may read them from memory).
#define ABS 0(DX)
#define SIGN 16(DX)
#define ONE 32(DX)
#define TWO 48(DX)
#define HALF 64(DX)
#define LO 80(DX)
#define HI 96(DX)
#define LOG2E 112(DX)
#define LN2HI 128(DX)
#define LN2LO 144(DX)
#define P1 160(DX)
#define P2 176(DX)
#define P3 192(DX)
#define P4 208(DX)
#define P5 224(DX)
#define TP0 240(DX)
#define TP1 256(DX)
#define TP2 272(DX)
#define TQ0 288(DX)
#define TQ1 304(DX)
#define TQ2 320(DX)
#define BIAS 336(DX)

DATA tanhc<>+0(SB)/8, $0x7fffffffffffffff
DATA tanhc<>+8(SB)/8, $0x7fffffffffffffff
DATA tanhc<>+16(SB)/8, $0x8000000000000000
DATA tanhc<>+24(SB)/8, $0x8000000000000000
DATA tanhc<>+32(SB)/8, $0x3ff0000000000000
DATA tanhc<>+40(SB)/8, $0x3ff0000000000000
DATA tanhc<>+48(SB)/8, $0x4000000000000000
DATA tanhc<>+56(SB)/8, $0x4000000000000000
DATA tanhc<>+64(SB)/8, $0x3fe0000000000000
DATA tanhc<>+72(SB)/8, $0x3fe0000000000000
DATA tanhc<>+80(SB)/8, $0x3fe4000000000000
DATA tanhc<>+88(SB)/8, $0x3fe4000000000000
DATA tanhc<>+96(SB)/8, $0x4036000000000000
DATA tanhc<>+104(SB)/8, $0x4036000000000000
DATA tanhc<>+112(SB)/8, $0x3ff71547652b82fe
DATA tanhc<>+120(SB)/8, $0x3ff71547652b82fe
DATA tanhc<>+128(SB)/8, $0x3fe62e42fee00000
DATA tanhc<>+136(SB)/8, $0x3fe62e42fee00000
DATA tanhc<>+144(SB)/8, $0x3dea39ef35793c76
DATA tanhc<>+152(SB)/8, $0x3dea39ef35793c76
DATA tanhc<>+160(SB)/8, $0x3fc5555555555555
DATA tanhc<>+168(SB)/8, $0x3fc5555555555555
DATA tanhc<>+176(SB)/8, $0xbf66c16c16bebd93
DATA tanhc<>+184(SB)/8, $0xbf66c16c16bebd93
DATA tanhc<>+192(SB)/8, $0x3f11566aaf25de2c
DATA tanhc<>+200(SB)/8, $0x3f11566aaf25de2c
DATA tanhc<>+208(SB)/8, $0xbebbbd41c5d26bf1
DATA tanhc<>+216(SB)/8, $0xbebbbd41c5d26bf1
DATA tanhc<>+224(SB)/8, $0x3e66376972bea4d0
DATA tanhc<>+232(SB)/8, $0x3e66376972bea4d0
DATA tanhc<>+240(SB)/8, $0xbfeedc5baafd6f4b
DATA tanhc<>+248(SB)/8, $0xbfeedc5baafd6f4b
DATA tanhc<>+256(SB)/8, $0xc058d26a0e26682d
DATA tanhc<>+264(SB)/8, $0xc058d26a0e26682d
DATA tanhc<>+272(SB)/8, $0xc0993ac030580563
DATA tanhc<>+280(SB)/8, $0xc0993ac030580563
DATA tanhc<>+288(SB)/8, $0x405c33f28a581b86
DATA tanhc<>+296(SB)/8, $0x405c33f28a581b86
DATA tanhc<>+304(SB)/8, $0x40a176fa0e5535fa
DATA tanhc<>+312(SB)/8, $0x40a176fa0e5535fa
DATA tanhc<>+320(SB)/8, $0x40b2ec102442040c
DATA tanhc<>+328(SB)/8, $0x40b2ec102442040c
DATA tanhc<>+336(SB)/8, $0x000003ff000003ff
DATA tanhc<>+344(SB)/8, $0x000003ff000003ff
GLOBL tanhc<>(SB), RODATA|NOPTR, $352

// res = mask ? a : res, bitwise; clobbers tmp.
#define BLEND(mask, a, res, tmp) \
	MOVAPD a, tmp   \
	XORPD  res, tmp \
	ANDPD  mask, tmp \
	XORPD  tmp, res

// func tanhPairs(x []float64)
// Sets x[i] = Tanh(x[i]) for the first len(x)&^1 elements, two at a time.
// Both of Tanh's formulas are computed for both lanes, each with exactly
// Tanh's operations in Tanh's order, and the case a lane falls in picks its
// result. The two formulas' last divisions share one DIVPD (a small lane
// divides (x*s)*num by den, a large one 2 by s+1). No fused multiply-adds.
TEXT ·tanhPairs(SB), NOSPLIT, $0-24
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	SHRQ $1, CX
	JZ   done
	LEAQ tanhc<>(SB), DX

loop:
	MOVUPS (SI), X0 // x
	MOVUPS ABS, X1
	ANDPD  X0, X1   // z = |x|

	// Large: 1 - 2/(Exp(2z)+1), Exp inlined for 2z in [1.25, 44].
	MOVAPD    X1, X2
	ADDPD     X1, X2      // e = 2z
	MOVUPS    LOG2E, X3
	MULPD     X2, X3      // log2e*e
	ADDPD     HALF, X3    // + 0.5
	CVTTPD2PL X3, X4      // k (truncated, two int32 in the low half)
	CVTPL2PD  X4, X5      // fk
	MOVAPD    X5, X6
	MULPD     LN2HI, X6   // fk*ln2Hi
	MOVAPD    X2, X7
	SUBPD     X6, X7      // hi = e - fk*ln2Hi
	MULPD     LN2LO, X5   // lo = fk*ln2Lo
	MOVAPD    X7, X6
	SUBPD     X5, X6      // r = hi - lo
	MOVAPD    X6, X3
	MULPD     X6, X3      // t = r*r
	MOVUPS    P5, X2
	MULPD     X3, X2      // t*p5
	ADDPD     P4, X2
	MULPD     X3, X2
	ADDPD     P3, X2
	MULPD     X3, X2
	ADDPD     P2, X2
	MULPD     X3, X2
	ADDPD     P1, X2
	MULPD     X3, X2      // t*(p1+t*(p2+t*(p3+t*(p4+t*p5))))
	MOVAPD    X6, X8
	SUBPD     X2, X8      // c = r - that
	MOVAPD    X6, X9
	MULPD     X8, X9      // r*c
	MOVUPS    TWO, X10
	SUBPD     X8, X10     // 2-c
	DIVPD     X10, X9     // (r*c)/(2-c)
	MOVAPD    X5, X10
	SUBPD     X9, X10     // lo - that
	SUBPD     X7, X10     // (lo - that) - hi
	MOVUPS    ONE, X11
	SUBPD     X10, X11    // y = 1 - that
	PADDL     BIAS, X4    // k+1023
	PXOR      X12, X12
	PUNPCKLLQ X12, X4     // widened to two int64
	PSLLQ     $52, X4     // 2**k
	MULPD     X4, X11     // s = y * 2**k
	ADDPD     ONE, X11    // s+1: the large lanes' divisor
	MOVUPS    SIGN, X14
	ANDPD     X0, X14     // sign of x
	MOVUPS    ONE, X15
	ORPD      X14, X15    // ±1

	// Small: x + ((x*s)*((p0*s+p1)*s+p2))/(((s+q0)*s+q1)*s+q2), s = x*x.
	MOVAPD X0, X2
	MULPD  X0, X2  // s
	MOVUPS TP0, X3
	MULPD  X2, X3  // p0*s
	ADDPD  TP1, X3
	MULPD  X2, X3
	ADDPD  TP2, X3 // (p0*s+p1)*s+p2
	MOVAPD X0, X4
	MULPD  X2, X4  // x*s
	MULPD  X3, X4  // x*s*num: the small lanes' dividend
	MOVAPD X2, X5
	ADDPD  TQ0, X5
	MULPD  X2, X5
	ADDPD  TQ1, X5
	MULPD  X2, X5
	ADDPD  TQ2, X5 // ((s+q0)*s+q1)*s+q2: their divisor

	// One division for both: a small lane divides its dividend by its
	// divisor, a large one 2 by s+1.
	MOVAPD X1, X6
	CMPPD  LO, X6, $1 // z < 0.625: small
	MOVUPS TWO, X12
	BLEND(X6, X4, X12, X7)
	BLEND(X6, X5, X11, X7)
	DIVPD  X11, X12   // q
	MOVAPD X12, X4
	ADDPD  X0, X4     // small: x + q
	MOVUPS ONE, X13
	SUBPD  X12, X13   // large: 1 - q
	ORPD   X14, X13   // with x's sign
	BLEND(X6, X4, X13, X7)
	MOVAPD X13, X4

	// Cases, in reverse order of Tanh's precedence.
	XORPD  X6, X6
	CMPPD  X0, X6, $0 // x == 0: x
	BLEND(X6, X0, X4, X7)
	MOVUPS HI, X6
	CMPPD  X1, X6, $1 // 22 < z: ±1
	BLEND(X6, X15, X4, X7)
	MOVAPD X0, X6
	CMPPD  X0, X6, $3 // x is NaN: x
	BLEND(X6, X0, X4, X7)

	MOVUPS X4, (SI)
	ADDQ   $16, SI
	DECQ   CX
	JNZ    loop

done:
	RET
