//go:build amd64

#include "textflag.h"

// Four-lane constants, each 32 bytes (VEX instructions read them unaligned);
// the last five are int32 lanes.
#define XABS 0(DX)
#define XSIGN 32(DX)
#define XONE 64(DX)
#define XTWO 96(DX)
#define XHALF 128(DX)
#define XLOG2E 160(DX)
#define XLN2HI 192(DX)
#define XLN2LO 224(DX)
#define XP1 256(DX)
#define XP2 288(DX)
#define XP3 320(DX)
#define XP4 352(DX)
#define XP5 384(DX)
#define XMAX 416(DX)
#define XMIN 448(DX)
#define XTINY 480(DX)
#define XINF 512(DX)
#define XKLO 544(DX)
#define XKHI 576(DX)
#define XKM1000 608(DX)
#define XKONE 640(DX)
#define XKBIAS 672(DX)

DATA exp4<>+0(SB)/8, $0x7fffffffffffffff
DATA exp4<>+8(SB)/8, $0x7fffffffffffffff
DATA exp4<>+16(SB)/8, $0x7fffffffffffffff
DATA exp4<>+24(SB)/8, $0x7fffffffffffffff
DATA exp4<>+32(SB)/8, $0x8000000000000000
DATA exp4<>+40(SB)/8, $0x8000000000000000
DATA exp4<>+48(SB)/8, $0x8000000000000000
DATA exp4<>+56(SB)/8, $0x8000000000000000
DATA exp4<>+64(SB)/8, $0x3ff0000000000000
DATA exp4<>+72(SB)/8, $0x3ff0000000000000
DATA exp4<>+80(SB)/8, $0x3ff0000000000000
DATA exp4<>+88(SB)/8, $0x3ff0000000000000
DATA exp4<>+96(SB)/8, $0x4000000000000000
DATA exp4<>+104(SB)/8, $0x4000000000000000
DATA exp4<>+112(SB)/8, $0x4000000000000000
DATA exp4<>+120(SB)/8, $0x4000000000000000
DATA exp4<>+128(SB)/8, $0x3fe0000000000000
DATA exp4<>+136(SB)/8, $0x3fe0000000000000
DATA exp4<>+144(SB)/8, $0x3fe0000000000000
DATA exp4<>+152(SB)/8, $0x3fe0000000000000
DATA exp4<>+160(SB)/8, $0x3ff71547652b82fe
DATA exp4<>+168(SB)/8, $0x3ff71547652b82fe
DATA exp4<>+176(SB)/8, $0x3ff71547652b82fe
DATA exp4<>+184(SB)/8, $0x3ff71547652b82fe
DATA exp4<>+192(SB)/8, $0x3fe62e42fee00000
DATA exp4<>+200(SB)/8, $0x3fe62e42fee00000
DATA exp4<>+208(SB)/8, $0x3fe62e42fee00000
DATA exp4<>+216(SB)/8, $0x3fe62e42fee00000
DATA exp4<>+224(SB)/8, $0x3dea39ef35793c76
DATA exp4<>+232(SB)/8, $0x3dea39ef35793c76
DATA exp4<>+240(SB)/8, $0x3dea39ef35793c76
DATA exp4<>+248(SB)/8, $0x3dea39ef35793c76
DATA exp4<>+256(SB)/8, $0x3fc5555555555555
DATA exp4<>+264(SB)/8, $0x3fc5555555555555
DATA exp4<>+272(SB)/8, $0x3fc5555555555555
DATA exp4<>+280(SB)/8, $0x3fc5555555555555
DATA exp4<>+288(SB)/8, $0xbf66c16c16bebd93
DATA exp4<>+296(SB)/8, $0xbf66c16c16bebd93
DATA exp4<>+304(SB)/8, $0xbf66c16c16bebd93
DATA exp4<>+312(SB)/8, $0xbf66c16c16bebd93
DATA exp4<>+320(SB)/8, $0x3f11566aaf25de2c
DATA exp4<>+328(SB)/8, $0x3f11566aaf25de2c
DATA exp4<>+336(SB)/8, $0x3f11566aaf25de2c
DATA exp4<>+344(SB)/8, $0x3f11566aaf25de2c
DATA exp4<>+352(SB)/8, $0xbebbbd41c5d26bf1
DATA exp4<>+360(SB)/8, $0xbebbbd41c5d26bf1
DATA exp4<>+368(SB)/8, $0xbebbbd41c5d26bf1
DATA exp4<>+376(SB)/8, $0xbebbbd41c5d26bf1
DATA exp4<>+384(SB)/8, $0x3e66376972bea4d0
DATA exp4<>+392(SB)/8, $0x3e66376972bea4d0
DATA exp4<>+400(SB)/8, $0x3e66376972bea4d0
DATA exp4<>+408(SB)/8, $0x3e66376972bea4d0
DATA exp4<>+416(SB)/8, $0x40862e42fefa39ef
DATA exp4<>+424(SB)/8, $0x40862e42fefa39ef
DATA exp4<>+432(SB)/8, $0x40862e42fefa39ef
DATA exp4<>+440(SB)/8, $0x40862e42fefa39ef
DATA exp4<>+448(SB)/8, $0xc0874910d52d3051
DATA exp4<>+456(SB)/8, $0xc0874910d52d3051
DATA exp4<>+464(SB)/8, $0xc0874910d52d3051
DATA exp4<>+472(SB)/8, $0xc0874910d52d3051
DATA exp4<>+480(SB)/8, $0x3e2ffffffffdb73d
DATA exp4<>+488(SB)/8, $0x3e2ffffffffdb73d
DATA exp4<>+496(SB)/8, $0x3e2ffffffffdb73d
DATA exp4<>+504(SB)/8, $0x3e2ffffffffdb73d
DATA exp4<>+512(SB)/8, $0x7ff0000000000000
DATA exp4<>+520(SB)/8, $0x7ff0000000000000
DATA exp4<>+528(SB)/8, $0x7ff0000000000000
DATA exp4<>+536(SB)/8, $0x7ff0000000000000
DATA exp4<>+544(SB)/8, $0xfffffc03fffffc03
DATA exp4<>+552(SB)/8, $0xfffffc03fffffc03
DATA exp4<>+560(SB)/8, $0xfffffc03fffffc03
DATA exp4<>+568(SB)/8, $0xfffffc03fffffc03
DATA exp4<>+576(SB)/8, $0x000003ff000003ff
DATA exp4<>+584(SB)/8, $0x000003ff000003ff
DATA exp4<>+592(SB)/8, $0x000003ff000003ff
DATA exp4<>+600(SB)/8, $0x000003ff000003ff
DATA exp4<>+608(SB)/8, $0xfffffc18fffffc18
DATA exp4<>+616(SB)/8, $0xfffffc18fffffc18
DATA exp4<>+624(SB)/8, $0xfffffc18fffffc18
DATA exp4<>+632(SB)/8, $0xfffffc18fffffc18
DATA exp4<>+640(SB)/8, $0x0000000100000001
DATA exp4<>+648(SB)/8, $0x0000000100000001
DATA exp4<>+656(SB)/8, $0x0000000100000001
DATA exp4<>+664(SB)/8, $0x0000000100000001
DATA exp4<>+672(SB)/8, $0x000003ff000003ff
DATA exp4<>+680(SB)/8, $0x000003ff000003ff
DATA exp4<>+688(SB)/8, $0x000003ff000003ff
DATA exp4<>+696(SB)/8, $0x000003ff000003ff
GLOBL exp4<>(SB), RODATA|NOPTR, $704

// func expQuads(x []float64)
// Sets x[i] = Exp(x[i]) for every element of x, which has at least four,
// four at a time in AVX2, the last four (read before any is written) once
// more at the end when the length is not a multiple of four. Each lane is
// expPairs' lane: Exp's operations in Exp's order, the scaling by 2**k as
// (y * 2**k1) * 2**k2, the special cases picked last. No fused multiply-adds.
TEXT ·expQuads(SB), NOSPLIT, $0-24
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	LEAQ -32(SI)(CX*8), DI // &x[len-4]
	VMOVUPD (DI), Y14      // the last four, as they are
	MOVQ CX, R9
	ANDQ $3, R9            // a tail to do again at the end?
	SHRQ $2, CX
	JZ   done
	LEAQ exp4<>(SB), DX
	VXORPD Y15, Y15, Y15 // zero

loop:
	VMOVUPD (SI), Y0 // x

body:
	// k = int(log2e*x ± 0.5), the half with x's sign (x < 0: - 0.5).
	VCMPPD      $1, Y15, Y0, Y2 // x < 0
	VANDPD      XSIGN, Y2, Y2
	VORPD       XHALF, Y2, Y2   // ±0.5
	VMULPD      XLOG2E, Y0, Y3  // log2e*x
	VADDPD      Y2, Y3, Y3      // ± 0.5
	VCVTTPD2DQY Y3, X4          // k, four int32
	VCVTDQ2PD   X4, Y5          // fk

	// k2 = -1000 if k < -1021, 1 if k > 1023, else 0; k1 = k - k2.
	VMOVDQU   XKLO, X6
	VPCMPGTD  X4, X6, X6     // -1021 > k
	VPAND     XKM1000, X6, X6
	VPCMPGTD  XKHI, X4, X7   // k > 1023
	VPAND     XKONE, X7, X7
	VPOR      X7, X6, X6     // k2
	VPSUBD    X6, X4, X7     // k1
	VPADDD    XKBIAS, X7, X7
	VPADDD    XKBIAS, X6, X6
	VPMOVZXDQ X7, Y7         // widened to four int64
	VPMOVZXDQ X6, Y6
	VPSLLQ    $52, Y7, Y7    // 2**k1
	VPSLLQ    $52, Y6, Y6    // 2**k2

	VMULPD  XLN2HI, Y5, Y2 // fk*ln2Hi
	VSUBPD  Y2, Y0, Y3     // hi = x - fk*ln2Hi
	VMULPD  XLN2LO, Y5, Y5 // lo = fk*ln2Lo
	VSUBPD  Y5, Y3, Y8     // r = hi - lo
	VMULPD  Y8, Y8, Y9     // t = r*r
	VMULPD  XP5, Y9, Y2    // t*p5
	VADDPD  XP4, Y2, Y2
	VMULPD  Y9, Y2, Y2
	VADDPD  XP3, Y2, Y2
	VMULPD  Y9, Y2, Y2
	VADDPD  XP2, Y2, Y2
	VMULPD  Y9, Y2, Y2
	VADDPD  XP1, Y2, Y2
	VMULPD  Y9, Y2, Y2     // t*(p1+t*(p2+t*(p3+t*(p4+t*p5))))
	VSUBPD  Y2, Y8, Y10    // c = r - that
	VMULPD  Y10, Y8, Y11   // r*c
	VMOVUPD XTWO, Y12
	VSUBPD  Y10, Y12, Y12  // 2-c
	VDIVPD  Y12, Y11, Y11  // (r*c)/(2-c)
	VSUBPD  Y11, Y5, Y5    // lo - that
	VSUBPD  Y3, Y5, Y5     // (lo - that) - hi
	VMOVUPD XONE, Y2
	VSUBPD  Y5, Y2, Y2     // y = 1 - that
	VMULPD  Y7, Y2, Y2     // y * 2**k1
	VMULPD  Y6, Y2, Y2     // * 2**k2: the result so far

	// Cases, in reverse order of Exp's precedence.
	VANDPD    XABS, Y0, Y4
	VCMPPD    $1, XTINY, Y4, Y4   // |x| < tiny: 1 + x
	VADDPD    XONE, Y0, Y5
	VBLENDVPD Y4, Y5, Y2, Y2
	VCMPPD    $1, XMIN, Y0, Y4    // x < expMin: 0
	VBLENDVPD Y4, Y15, Y2, Y2
	VCMPPD    $0x1e, XMAX, Y0, Y4 // x > expMax: +Inf
	VBLENDVPD Y4, XINF, Y2, Y2
	VCMPPD    $3, Y0, Y0, Y4      // x is NaN: x
	VBLENDVPD Y4, Y0, Y2, Y2

	VMOVUPD Y2, (SI)
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
