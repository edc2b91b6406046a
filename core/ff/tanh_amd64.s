//go:build amd64

// ff's tanh four lanes at a time with AVX2: tanh.go's operations in its
// order, no fused multiply-adds, the table read by VGATHERDPD, so the same
// bits as tanh. TestTanhVecMatchesTanh checks every lane.

#include "textflag.h"

#define ABS4 0(DX)
#define SIGN4 32(DX)
#define CLAMP4 64(DX)
#define GRID4 96(DX)
#define HALF4 128(DX)
#define STEP4 160(DX)
#define C34 192(DX)
#define C54 224(DX)
#define ONE4 256(DX)

DATA tanhff4<>+0(SB)/8, $0x7fffffffffffffff // ABS
DATA tanhff4<>+8(SB)/8, $0x7fffffffffffffff
DATA tanhff4<>+16(SB)/8, $0x7fffffffffffffff
DATA tanhff4<>+24(SB)/8, $0x7fffffffffffffff
DATA tanhff4<>+32(SB)/8, $0x8000000000000000 // SIGN
DATA tanhff4<>+40(SB)/8, $0x8000000000000000
DATA tanhff4<>+48(SB)/8, $0x8000000000000000
DATA tanhff4<>+56(SB)/8, $0x8000000000000000
DATA tanhff4<>+64(SB)/8, $0x403319999999999a // CLAMP
DATA tanhff4<>+72(SB)/8, $0x403319999999999a
DATA tanhff4<>+80(SB)/8, $0x403319999999999a
DATA tanhff4<>+88(SB)/8, $0x403319999999999a
DATA tanhff4<>+96(SB)/8, $0x4070000000000000 // GRID
DATA tanhff4<>+104(SB)/8, $0x4070000000000000
DATA tanhff4<>+112(SB)/8, $0x4070000000000000
DATA tanhff4<>+120(SB)/8, $0x4070000000000000
DATA tanhff4<>+128(SB)/8, $0x3fe0000000000000 // HALF
DATA tanhff4<>+136(SB)/8, $0x3fe0000000000000
DATA tanhff4<>+144(SB)/8, $0x3fe0000000000000
DATA tanhff4<>+152(SB)/8, $0x3fe0000000000000
DATA tanhff4<>+160(SB)/8, $0x3f70000000000000 // STEP
DATA tanhff4<>+168(SB)/8, $0x3f70000000000000
DATA tanhff4<>+176(SB)/8, $0x3f70000000000000
DATA tanhff4<>+184(SB)/8, $0x3f70000000000000
DATA tanhff4<>+192(SB)/8, $0xbfd5555555555555 // C3
DATA tanhff4<>+200(SB)/8, $0xbfd5555555555555
DATA tanhff4<>+208(SB)/8, $0xbfd5555555555555
DATA tanhff4<>+216(SB)/8, $0xbfd5555555555555
DATA tanhff4<>+224(SB)/8, $0x3fc1111111111111 // C5
DATA tanhff4<>+232(SB)/8, $0x3fc1111111111111
DATA tanhff4<>+240(SB)/8, $0x3fc1111111111111
DATA tanhff4<>+248(SB)/8, $0x3fc1111111111111
DATA tanhff4<>+256(SB)/8, $0x3ff0000000000000 // ONE
DATA tanhff4<>+264(SB)/8, $0x3ff0000000000000
DATA tanhff4<>+272(SB)/8, $0x3ff0000000000000
DATA tanhff4<>+280(SB)/8, $0x3ff0000000000000
GLOBL tanhff4<>(SB), RODATA|NOPTR, $288

// func tanhQuads(x []float64, table *float64): x[i] = tanh(x[i]) for len(x)
// a multiple of 4, table tanhTable's first entry.
TEXT ·tanhQuads(SB), NOSPLIT, $0-32
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	MOVQ table+24(FP), BX
	SHRQ $2, CX
	JZ   done
	LEAQ tanhff4<>(SB), DX
	VMOVUPD CLAMP4, Y13
	VMOVUPD ABS4, Y14
	VPXOR   X15, X15, X15 // zero, for the NaN lanes' index
	VMOVUPD ONE4, Y12

loop:
	VMOVUPD (SI), Y0        // x
	VANDPD  Y14, Y0, Y1     // a = |x|
	// a = min(a, clamp): MINPD returns its second source (in Go's order,
	// the first operand) when either is NaN, so NaN stays, as in tanh.
	VMINPD  Y1, Y13, Y1
	VMULPD  GRID4, Y1, Y2
	VADDPD  HALF4, Y2, Y2   // a·256 + ½, exact
	VCVTTPD2DQY Y2, X3      // k (NaN gives 0x80000000 ...
	VPMAXSD X15, X3, X3     // ... read as entry 0, as in tanh)
	VPCMPEQD Y4, Y4, Y4     // the gather's mask: every lane
	VXORPD  Y5, Y5, Y5
	VGATHERDPD Y4, (BX)(X3*8), Y5 // t = table[k]
	VCVTDQ2PD X3, Y6
	VMULPD  STEP4, Y6, Y6
	VSUBPD  Y6, Y1, Y6      // b = a − k/256
	VMULPD  Y6, Y6, Y7      // s = b²
	VMULPD  C54, Y7, Y8
	VADDPD  C34, Y8, Y8     // c5·s + c3
	VMULPD  Y7, Y6, Y9      // b·s
	VMULPD  Y8, Y9, Y9
	VADDPD  Y6, Y9, Y9      // u
	VMULPD  Y9, Y5, Y10     // t·u
	VADDPD  Y12, Y10, Y10
	VADDPD  Y9, Y5, Y11     // t + u
	VDIVPD  Y10, Y11, Y11   // y
	VMINPD  Y11, Y12, Y11   // y = min(y, 1), NaN kept
	VANDPD  Y14, Y11, Y11
	VANDPD  SIGN4, Y0, Y0
	VORPD   Y0, Y11, Y11    // copysign(y, x)
	VMOVUPD Y11, (SI)
	ADDQ    $32, SI
	DECQ    CX
	JNZ     loop
	VZEROUPPER

done:
	RET
