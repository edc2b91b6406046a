//go:build amd64

#include "textflag.h"

// Two-lane constants, each 16 bytes; the int32 ones are four lanes.
#define EABS 0(DX)
#define ESIGN 16(DX)
#define EONE 32(DX)
#define ETWO 48(DX)
#define EHALF 64(DX)
#define ELOG2E 80(DX)
#define ELN2HI 96(DX)
#define ELN2LO 112(DX)
#define EP1 128(DX)
#define EP2 144(DX)
#define EP3 160(DX)
#define EP4 176(DX)
#define EP5 192(DX)
#define EMAX 208(DX)
#define EMIN 224(DX)
#define ETINY 240(DX)
#define EINF 256(DX)
#define KLO 272(DX)
#define KHI 288(DX)
#define KM1000 304(DX)
#define KONE 320(DX)
#define KBIAS 336(DX)

DATA expc<>+0(SB)/8, $0x7fffffffffffffff
DATA expc<>+8(SB)/8, $0x7fffffffffffffff
DATA expc<>+16(SB)/8, $0x8000000000000000
DATA expc<>+24(SB)/8, $0x8000000000000000
DATA expc<>+32(SB)/8, $0x3ff0000000000000
DATA expc<>+40(SB)/8, $0x3ff0000000000000
DATA expc<>+48(SB)/8, $0x4000000000000000
DATA expc<>+56(SB)/8, $0x4000000000000000
DATA expc<>+64(SB)/8, $0x3fe0000000000000
DATA expc<>+72(SB)/8, $0x3fe0000000000000
DATA expc<>+80(SB)/8, $0x3ff71547652b82fe
DATA expc<>+88(SB)/8, $0x3ff71547652b82fe
DATA expc<>+96(SB)/8, $0x3fe62e42fee00000
DATA expc<>+104(SB)/8, $0x3fe62e42fee00000
DATA expc<>+112(SB)/8, $0x3dea39ef35793c76
DATA expc<>+120(SB)/8, $0x3dea39ef35793c76
DATA expc<>+128(SB)/8, $0x3fc5555555555555
DATA expc<>+136(SB)/8, $0x3fc5555555555555
DATA expc<>+144(SB)/8, $0xbf66c16c16bebd93
DATA expc<>+152(SB)/8, $0xbf66c16c16bebd93
DATA expc<>+160(SB)/8, $0x3f11566aaf25de2c
DATA expc<>+168(SB)/8, $0x3f11566aaf25de2c
DATA expc<>+176(SB)/8, $0xbebbbd41c5d26bf1
DATA expc<>+184(SB)/8, $0xbebbbd41c5d26bf1
DATA expc<>+192(SB)/8, $0x3e66376972bea4d0
DATA expc<>+200(SB)/8, $0x3e66376972bea4d0
DATA expc<>+208(SB)/8, $0x40862e42fefa39ef
DATA expc<>+216(SB)/8, $0x40862e42fefa39ef
DATA expc<>+224(SB)/8, $0xc0874910d52d3051
DATA expc<>+232(SB)/8, $0xc0874910d52d3051
DATA expc<>+240(SB)/8, $0x3e2ffffffffdb73d
DATA expc<>+248(SB)/8, $0x3e2ffffffffdb73d
DATA expc<>+256(SB)/8, $0x7ff0000000000000
DATA expc<>+264(SB)/8, $0x7ff0000000000000
DATA expc<>+272(SB)/8, $0xfffffc03fffffc03
DATA expc<>+280(SB)/8, $0xfffffc03fffffc03
DATA expc<>+288(SB)/8, $0x000003ff000003ff
DATA expc<>+296(SB)/8, $0x000003ff000003ff
DATA expc<>+304(SB)/8, $0xfffffc18fffffc18
DATA expc<>+312(SB)/8, $0xfffffc18fffffc18
DATA expc<>+320(SB)/8, $0x0000000100000001
DATA expc<>+328(SB)/8, $0x0000000100000001
DATA expc<>+336(SB)/8, $0x000003ff000003ff
DATA expc<>+344(SB)/8, $0x000003ff000003ff
GLOBL expc<>(SB), RODATA|NOPTR, $352

// res = mask ? a : res, bitwise; clobbers tmp.
#define EBLEND(mask, a, res, tmp) \
	MOVAPD a, tmp   \
	XORPD  res, tmp \
	ANDPD  mask, tmp \
	XORPD  tmp, res

// func expPairs(x []float64)
// Sets x[i] = Exp(x[i]) for the first len(x)&^1 elements, two at a time.
// Every lane does Exp's operations in Exp's order; its scaling by 2**k is
// (y * 2**k1) * 2**k2 with (k1, k2) = (k, 0), (k-1, 1) or (k+1000, -1000)
// as in scale (a product by 2**0 is exact). The special cases pick their
// results last. No fused multiply-adds.
TEXT ·expPairs(SB), NOSPLIT, $0-24
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	SHRQ $1, CX
	JZ   edone
	LEAQ expc<>(SB), DX

eloop:
	MOVUPS (SI), X0 // x

	// k = int(log2e*x ± 0.5), the half with x's sign (x < 0: - 0.5).
	XORPD     X1, X1
	MOVAPD    X0, X2
	CMPPD     X1, X2, $1 // x < 0
	ANDPD     ESIGN, X2
	ORPD      EHALF, X2  // ±0.5
	MOVUPS    ELOG2E, X3
	MULPD     X0, X3     // log2e*x
	ADDPD     X2, X3     // ± 0.5
	CVTTPD2PL X3, X4     // k, two int32 in the low half
	CVTPL2PD  X4, X5     // fk

	// k2 = -1000 if k < -1021, 1 if k > 1023, else 0; k1 = k - k2.
	MOVOU   KLO, X6
	PCMPGTL X4, X6   // -1021 > k
	PAND    KM1000, X6
	MOVO    X4, X7
	PCMPGTL KHI, X7  // k > 1023
	PAND    KONE, X7
	POR     X7, X6   // k2
	MOVO    X4, X7
	PSUBL   X6, X7   // k1
	PADDL   KBIAS, X7
	PADDL   KBIAS, X6
	PUNPCKLLQ X1, X7 // widened to two int64
	PUNPCKLLQ X1, X6
	PSLLQ   $52, X7  // 2**k1
	PSLLQ   $52, X6  // 2**k2

	MOVAPD X5, X2
	MULPD  ELN2HI, X2 // fk*ln2Hi
	MOVAPD X0, X3
	SUBPD  X2, X3     // hi = x - fk*ln2Hi
	MULPD  ELN2LO, X5 // lo = fk*ln2Lo
	MOVAPD X3, X8
	SUBPD  X5, X8     // r = hi - lo
	MOVAPD X8, X9
	MULPD  X8, X9     // t = r*r
	MOVUPS EP5, X2
	MULPD  X9, X2     // t*p5
	ADDPD  EP4, X2
	MULPD  X9, X2
	ADDPD  EP3, X2
	MULPD  X9, X2
	ADDPD  EP2, X2
	MULPD  X9, X2
	ADDPD  EP1, X2
	MULPD  X9, X2     // t*(p1+t*(p2+t*(p3+t*(p4+t*p5))))
	MOVAPD X8, X10
	SUBPD  X2, X10    // c = r - that
	MOVAPD X8, X11
	MULPD  X10, X11   // r*c
	MOVUPS ETWO, X12
	SUBPD  X10, X12   // 2-c
	DIVPD  X12, X11   // (r*c)/(2-c)
	SUBPD  X11, X5    // lo - that
	SUBPD  X3, X5     // (lo - that) - hi
	MOVUPS EONE, X2
	SUBPD  X5, X2     // y = 1 - that
	MULPD  X7, X2     // y * 2**k1
	MULPD  X6, X2     // * 2**k2: the result so far

	// Cases, in reverse order of Exp's precedence.
	MOVUPS EABS, X4
	ANDPD  X0, X4      // |x|
	CMPPD  ETINY, X4, $1 // |x| < tiny: 1 + x
	MOVUPS EONE, X5
	ADDPD  X0, X5
	EBLEND(X4, X5, X2, X6)
	MOVAPD X0, X4
	CMPPD  EMIN, X4, $1 // x < expMin: 0
	ANDNPD X2, X4
	MOVAPD X4, X2
	MOVUPS EMAX, X4
	CMPPD  X0, X4, $1  // expMax < x: +Inf
	MOVUPS EINF, X5
	EBLEND(X4, X5, X2, X6)
	MOVAPD X0, X4
	CMPPD  X0, X4, $3  // x is NaN: x
	EBLEND(X4, X0, X2, X6)

	MOVUPS X2, (SI)
	ADDQ   $16, SI
	DECQ   CX
	JNZ    eloop

edone:
	RET
