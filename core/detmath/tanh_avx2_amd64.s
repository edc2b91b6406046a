//go:build amd64

#include "textflag.h"

// Four-lane constants, each 32 bytes (VEX instructions read them unaligned).
#define ABS4 0(DX)
#define SIGN4 32(DX)
#define ONE4 64(DX)
#define TWO4 96(DX)
#define HALF4 128(DX)
#define LO4 160(DX)
#define HI4 192(DX)
#define LOG2E4 224(DX)
#define LN2HI4 256(DX)
#define LN2LO4 288(DX)
#define P14 320(DX)
#define P24 352(DX)
#define P34 384(DX)
#define P44 416(DX)
#define P54 448(DX)
#define TP04 480(DX)
#define TP14 512(DX)
#define TP24 544(DX)
#define TQ04 576(DX)
#define TQ14 608(DX)
#define TQ24 640(DX)
#define BIAS4 672(DX)

DATA tanh4<>+0(SB)/8, $0x7fffffffffffffff
DATA tanh4<>+8(SB)/8, $0x7fffffffffffffff
DATA tanh4<>+16(SB)/8, $0x7fffffffffffffff
DATA tanh4<>+24(SB)/8, $0x7fffffffffffffff
DATA tanh4<>+32(SB)/8, $0x8000000000000000
DATA tanh4<>+40(SB)/8, $0x8000000000000000
DATA tanh4<>+48(SB)/8, $0x8000000000000000
DATA tanh4<>+56(SB)/8, $0x8000000000000000
DATA tanh4<>+64(SB)/8, $0x3ff0000000000000
DATA tanh4<>+72(SB)/8, $0x3ff0000000000000
DATA tanh4<>+80(SB)/8, $0x3ff0000000000000
DATA tanh4<>+88(SB)/8, $0x3ff0000000000000
DATA tanh4<>+96(SB)/8, $0x4000000000000000
DATA tanh4<>+104(SB)/8, $0x4000000000000000
DATA tanh4<>+112(SB)/8, $0x4000000000000000
DATA tanh4<>+120(SB)/8, $0x4000000000000000
DATA tanh4<>+128(SB)/8, $0x3fe0000000000000
DATA tanh4<>+136(SB)/8, $0x3fe0000000000000
DATA tanh4<>+144(SB)/8, $0x3fe0000000000000
DATA tanh4<>+152(SB)/8, $0x3fe0000000000000
DATA tanh4<>+160(SB)/8, $0x3fe4000000000000
DATA tanh4<>+168(SB)/8, $0x3fe4000000000000
DATA tanh4<>+176(SB)/8, $0x3fe4000000000000
DATA tanh4<>+184(SB)/8, $0x3fe4000000000000
DATA tanh4<>+192(SB)/8, $0x4036000000000000
DATA tanh4<>+200(SB)/8, $0x4036000000000000
DATA tanh4<>+208(SB)/8, $0x4036000000000000
DATA tanh4<>+216(SB)/8, $0x4036000000000000
DATA tanh4<>+224(SB)/8, $0x3ff71547652b82fe
DATA tanh4<>+232(SB)/8, $0x3ff71547652b82fe
DATA tanh4<>+240(SB)/8, $0x3ff71547652b82fe
DATA tanh4<>+248(SB)/8, $0x3ff71547652b82fe
DATA tanh4<>+256(SB)/8, $0x3fe62e42fee00000
DATA tanh4<>+264(SB)/8, $0x3fe62e42fee00000
DATA tanh4<>+272(SB)/8, $0x3fe62e42fee00000
DATA tanh4<>+280(SB)/8, $0x3fe62e42fee00000
DATA tanh4<>+288(SB)/8, $0x3dea39ef35793c76
DATA tanh4<>+296(SB)/8, $0x3dea39ef35793c76
DATA tanh4<>+304(SB)/8, $0x3dea39ef35793c76
DATA tanh4<>+312(SB)/8, $0x3dea39ef35793c76
DATA tanh4<>+320(SB)/8, $0x3fc5555555555555
DATA tanh4<>+328(SB)/8, $0x3fc5555555555555
DATA tanh4<>+336(SB)/8, $0x3fc5555555555555
DATA tanh4<>+344(SB)/8, $0x3fc5555555555555
DATA tanh4<>+352(SB)/8, $0xbf66c16c16bebd93
DATA tanh4<>+360(SB)/8, $0xbf66c16c16bebd93
DATA tanh4<>+368(SB)/8, $0xbf66c16c16bebd93
DATA tanh4<>+376(SB)/8, $0xbf66c16c16bebd93
DATA tanh4<>+384(SB)/8, $0x3f11566aaf25de2c
DATA tanh4<>+392(SB)/8, $0x3f11566aaf25de2c
DATA tanh4<>+400(SB)/8, $0x3f11566aaf25de2c
DATA tanh4<>+408(SB)/8, $0x3f11566aaf25de2c
DATA tanh4<>+416(SB)/8, $0xbebbbd41c5d26bf1
DATA tanh4<>+424(SB)/8, $0xbebbbd41c5d26bf1
DATA tanh4<>+432(SB)/8, $0xbebbbd41c5d26bf1
DATA tanh4<>+440(SB)/8, $0xbebbbd41c5d26bf1
DATA tanh4<>+448(SB)/8, $0x3e66376972bea4d0
DATA tanh4<>+456(SB)/8, $0x3e66376972bea4d0
DATA tanh4<>+464(SB)/8, $0x3e66376972bea4d0
DATA tanh4<>+472(SB)/8, $0x3e66376972bea4d0
DATA tanh4<>+480(SB)/8, $0xbfeedc5baafd6f4b
DATA tanh4<>+488(SB)/8, $0xbfeedc5baafd6f4b
DATA tanh4<>+496(SB)/8, $0xbfeedc5baafd6f4b
DATA tanh4<>+504(SB)/8, $0xbfeedc5baafd6f4b
DATA tanh4<>+512(SB)/8, $0xc058d26a0e26682d
DATA tanh4<>+520(SB)/8, $0xc058d26a0e26682d
DATA tanh4<>+528(SB)/8, $0xc058d26a0e26682d
DATA tanh4<>+536(SB)/8, $0xc058d26a0e26682d
DATA tanh4<>+544(SB)/8, $0xc0993ac030580563
DATA tanh4<>+552(SB)/8, $0xc0993ac030580563
DATA tanh4<>+560(SB)/8, $0xc0993ac030580563
DATA tanh4<>+568(SB)/8, $0xc0993ac030580563
DATA tanh4<>+576(SB)/8, $0x405c33f28a581b86
DATA tanh4<>+584(SB)/8, $0x405c33f28a581b86
DATA tanh4<>+592(SB)/8, $0x405c33f28a581b86
DATA tanh4<>+600(SB)/8, $0x405c33f28a581b86
DATA tanh4<>+608(SB)/8, $0x40a176fa0e5535fa
DATA tanh4<>+616(SB)/8, $0x40a176fa0e5535fa
DATA tanh4<>+624(SB)/8, $0x40a176fa0e5535fa
DATA tanh4<>+632(SB)/8, $0x40a176fa0e5535fa
DATA tanh4<>+640(SB)/8, $0x40b2ec102442040c
DATA tanh4<>+648(SB)/8, $0x40b2ec102442040c
DATA tanh4<>+656(SB)/8, $0x40b2ec102442040c
DATA tanh4<>+664(SB)/8, $0x40b2ec102442040c
DATA tanh4<>+672(SB)/8, $0x000003ff000003ff
DATA tanh4<>+680(SB)/8, $0x000003ff000003ff
DATA tanh4<>+688(SB)/8, $0x000003ff000003ff
DATA tanh4<>+696(SB)/8, $0x000003ff000003ff
GLOBL tanh4<>(SB), RODATA|NOPTR, $704

// func tanhQuads(x []float64)
// Sets x[i] = Tanh(x[i]) for every element of x, which has at least four,
// four at a time in AVX2: when the length is not a multiple of four, the
// last four elements, read before any is written, are done once more at
// the end (the overlapped ones get the same values again). As tanhPairs,
// both of Tanh's formulas are computed for every lane with Tanh's
// operations in Tanh's order, but their last divisions share one VDIVPD: a
// lane divides (x*s)*num by den if it is small, 2 by s+1 if it is large,
// and takes x + q or 1 - q accordingly. No fused multiply-adds.
TEXT ·tanhQuads(SB), NOSPLIT, $0-24
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	LEAQ -32(SI)(CX*8), DI // &x[len-4]
	VMOVUPD (DI), Y14      // the last four, as they are
	MOVQ CX, R9
	ANDQ $3, R9            // a tail to do again at the end?
	SHRQ $2, CX
	JZ   done
	LEAQ tanh4<>(SB), DX
	VXORPD Y15, Y15, Y15 // zero

loop:
	VMOVUPD (SI), Y0      // x

body:
	VANDPD  ABS4, Y0, Y1  // z = |x|

	// Large: s = Exp(2z), Exp inlined for 2z in [1.25, 44].
	VADDPD      Y1, Y1, Y2      // e = 2z
	VMULPD      LOG2E4, Y2, Y3  // log2e*e
	VADDPD      HALF4, Y3, Y3   // + 0.5
	VCVTTPD2DQY Y3, X4          // k (truncated, four int32)
	VCVTDQ2PD   X4, Y5          // fk
	VMULPD      LN2HI4, Y5, Y6  // fk*ln2Hi
	VSUBPD      Y6, Y2, Y7      // hi = e - fk*ln2Hi
	VMULPD      LN2LO4, Y5, Y5  // lo = fk*ln2Lo
	VSUBPD      Y5, Y7, Y6      // r = hi - lo
	VMULPD      Y6, Y6, Y3      // t = r*r
	VMULPD      P54, Y3, Y2     // t*p5
	VADDPD      P44, Y2, Y2
	VMULPD      Y3, Y2, Y2
	VADDPD      P34, Y2, Y2
	VMULPD      Y3, Y2, Y2
	VADDPD      P24, Y2, Y2
	VMULPD      Y3, Y2, Y2
	VADDPD      P14, Y2, Y2
	VMULPD      Y3, Y2, Y2      // t*(p1+t*(p2+t*(p3+t*(p4+t*p5))))
	VSUBPD      Y2, Y6, Y8      // c = r - that
	VMULPD      Y8, Y6, Y9      // r*c
	VMOVUPD     TWO4, Y10
	VSUBPD      Y8, Y10, Y10    // 2-c
	VDIVPD      Y10, Y9, Y9     // (r*c)/(2-c)
	VSUBPD      Y9, Y5, Y10     // lo - that
	VSUBPD      Y7, Y10, Y10    // (lo - that) - hi
	VMOVUPD     ONE4, Y11
	VSUBPD      Y10, Y11, Y11   // y = 1 - that
	VPADDD      BIAS4, X4, X4   // k+1023
	VPMOVZXDQ   X4, Y4          // widened to four int64
	VPSLLQ      $52, Y4, Y4     // 2**k
	VMULPD      Y4, Y11, Y11    // s = y * 2**k
	VADDPD      ONE4, Y11, Y11  // s+1: the large lanes' divisor

	// Small: x + ((x*s)*((p0*s+p1)*s+p2))/(((s+q0)*s+q1)*s+q2), s = x*x.
	VMULPD Y0, Y0, Y2    // s
	VMULPD TP04, Y2, Y3  // p0*s
	VADDPD TP14, Y3, Y3
	VMULPD Y2, Y3, Y3
	VADDPD TP24, Y3, Y3  // (p0*s+p1)*s+p2
	VMULPD Y2, Y0, Y4    // x*s
	VMULPD Y3, Y4, Y4    // x*s*num: the small lanes' dividend
	VADDPD TQ04, Y2, Y5
	VMULPD Y2, Y5, Y5
	VADDPD TQ14, Y5, Y5
	VMULPD Y2, Y5, Y5
	VADDPD TQ24, Y5, Y5  // ((s+q0)*s+q1)*s+q2: their divisor

	// One division for both.
	VCMPPD    $1, LO4, Y1, Y12    // z < 0.625: small
	VMOVUPD   TWO4, Y6
	VBLENDVPD Y12, Y4, Y6, Y6     // dividend
	VBLENDVPD Y12, Y5, Y11, Y11   // divisor
	VDIVPD    Y11, Y6, Y6         // q
	VADDPD    Y6, Y0, Y7          // small: x + q
	VMOVUPD   ONE4, Y8
	VSUBPD    Y6, Y8, Y8          // large: 1 - q
	VANDPD    SIGN4, Y0, Y9       // sign of x
	VORPD     Y9, Y8, Y8          // with x's sign
	VBLENDVPD Y12, Y7, Y8, Y8

	// Cases, in reverse order of Tanh's precedence.
	VCMPPD    $0, Y15, Y0, Y10    // x == 0: x
	VBLENDVPD Y10, Y0, Y8, Y8
	VCMPPD    $0x1e, HI4, Y1, Y10 // z > 22: ±1
	VORPD     ONE4, Y9, Y13
	VBLENDVPD Y10, Y13, Y8, Y8
	VCMPPD    $3, Y0, Y0, Y10     // x is NaN: x
	VBLENDVPD Y10, Y0, Y8, Y8

	VMOVUPD Y8, (SI)
	ADDQ    $32, SI
	DECQ    CX
	JNZ     loop
	TESTQ   R9, R9
	JZ      done
	XORQ    R9, R9
	MOVQ    DI, SI
	VMOVAPD Y14, Y0
	MOVQ    $1, CX
	JMP     body

done:
	VZEROUPPER
	RET
