//go:build amd64

// ff's tanh four lanes at a time with AVX2 (tanh.go's operations in its
// order, no fused multiply-adds: the same bits as tanh). Written from the
// constants of tanh.go; TestTanhVecMatchesTanh checks every lane.

#include "textflag.h"

#define CLAMP4 0(DX)
#define NCLAMP4 32(DX)
#define ONE4 64(DX)
#define NONE4 96(DX)
#define P14 128(DX)
#define P24 160(DX)
#define P34 192(DX)
#define P44 224(DX)
#define P54 256(DX)
#define P64 288(DX)
#define P74 320(DX)
#define P84 352(DX)
#define P94 384(DX)
#define Q14 416(DX)
#define Q24 448(DX)
#define Q34 480(DX)
#define Q44 512(DX)
#define Q54 544(DX)
#define Q64 576(DX)
#define Q74 608(DX)
#define Q84 640(DX)
#define Q94 672(DX)

DATA tanhff4<>+0(SB)/8, $0x403319999999999a // CLAMP
DATA tanhff4<>+8(SB)/8, $0x403319999999999a
DATA tanhff4<>+16(SB)/8, $0x403319999999999a
DATA tanhff4<>+24(SB)/8, $0x403319999999999a
DATA tanhff4<>+32(SB)/8, $0xc03319999999999a // NCLAMP
DATA tanhff4<>+40(SB)/8, $0xc03319999999999a
DATA tanhff4<>+48(SB)/8, $0xc03319999999999a
DATA tanhff4<>+56(SB)/8, $0xc03319999999999a
DATA tanhff4<>+64(SB)/8, $0x3ff0000000000000 // ONE
DATA tanhff4<>+72(SB)/8, $0x3ff0000000000000
DATA tanhff4<>+80(SB)/8, $0x3ff0000000000000
DATA tanhff4<>+88(SB)/8, $0x3ff0000000000000
DATA tanhff4<>+96(SB)/8, $0xbff0000000000000 // NONE
DATA tanhff4<>+104(SB)/8, $0xbff0000000000000
DATA tanhff4<>+112(SB)/8, $0xbff0000000000000
DATA tanhff4<>+120(SB)/8, $0xbff0000000000000
DATA tanhff4<>+128(SB)/8, $0x3fc36e58496cfb81 // P1
DATA tanhff4<>+136(SB)/8, $0x3fc36e58496cfb81
DATA tanhff4<>+144(SB)/8, $0x3fc36e58496cfb81
DATA tanhff4<>+152(SB)/8, $0x3fc36e58496cfb81
DATA tanhff4<>+160(SB)/8, $0x3f7878e0813643aa // P2
DATA tanhff4<>+168(SB)/8, $0x3f7878e0813643aa
DATA tanhff4<>+176(SB)/8, $0x3f7878e0813643aa
DATA tanhff4<>+184(SB)/8, $0x3f7878e0813643aa
DATA tanhff4<>+192(SB)/8, $0x3f18896d60302100 // P3
DATA tanhff4<>+200(SB)/8, $0x3f18896d60302100
DATA tanhff4<>+208(SB)/8, $0x3f18896d60302100
DATA tanhff4<>+216(SB)/8, $0x3f18896d60302100
DATA tanhff4<>+224(SB)/8, $0x3ea6eaf234f317b7 // P4
DATA tanhff4<>+232(SB)/8, $0x3ea6eaf234f317b7
DATA tanhff4<>+240(SB)/8, $0x3ea6eaf234f317b7
DATA tanhff4<>+248(SB)/8, $0x3ea6eaf234f317b7
DATA tanhff4<>+256(SB)/8, $0x3e24f5da255ff09c // P5
DATA tanhff4<>+264(SB)/8, $0x3e24f5da255ff09c
DATA tanhff4<>+272(SB)/8, $0x3e24f5da255ff09c
DATA tanhff4<>+280(SB)/8, $0x3e24f5da255ff09c
DATA tanhff4<>+288(SB)/8, $0x3d9256680782d8c9 // P6
DATA tanhff4<>+296(SB)/8, $0x3d9256680782d8c9
DATA tanhff4<>+304(SB)/8, $0x3d9256680782d8c9
DATA tanhff4<>+312(SB)/8, $0x3d9256680782d8c9
DATA tanhff4<>+320(SB)/8, $0x3ceb938252544a3c // P7
DATA tanhff4<>+328(SB)/8, $0x3ceb938252544a3c
DATA tanhff4<>+336(SB)/8, $0x3ceb938252544a3c
DATA tanhff4<>+344(SB)/8, $0x3ceb938252544a3c
DATA tanhff4<>+352(SB)/8, $0x3c2b52065c32e812 // P8
DATA tanhff4<>+360(SB)/8, $0x3c2b52065c32e812
DATA tanhff4<>+368(SB)/8, $0x3c2b52065c32e812
DATA tanhff4<>+376(SB)/8, $0x3c2b52065c32e812
DATA tanhff4<>+384(SB)/8, $0x3b3e2fd313c7ec9a // P9
DATA tanhff4<>+392(SB)/8, $0x3b3e2fd313c7ec9a
DATA tanhff4<>+400(SB)/8, $0x3b3e2fd313c7ec9a
DATA tanhff4<>+408(SB)/8, $0x3b3e2fd313c7ec9a
DATA tanhff4<>+416(SB)/8, $0x3fdf0c817a0bd30b // Q1
DATA tanhff4<>+424(SB)/8, $0x3fdf0c817a0bd30b
DATA tanhff4<>+432(SB)/8, $0x3fdf0c817a0bd30b
DATA tanhff4<>+440(SB)/8, $0x3fdf0c817a0bd30b
DATA tanhff4<>+448(SB)/8, $0x3fa196dbbc020d21 // Q2
DATA tanhff4<>+456(SB)/8, $0x3fa196dbbc020d21
DATA tanhff4<>+464(SB)/8, $0x3fa196dbbc020d21
DATA tanhff4<>+472(SB)/8, $0x3fa196dbbc020d21
DATA tanhff4<>+480(SB)/8, $0x3f4b22b08067d3ea // Q3
DATA tanhff4<>+488(SB)/8, $0x3f4b22b08067d3ea
DATA tanhff4<>+496(SB)/8, $0x3f4b22b08067d3ea
DATA tanhff4<>+504(SB)/8, $0x3f4b22b08067d3ea
DATA tanhff4<>+512(SB)/8, $0x3ee25b5f29d53596 // Q4
DATA tanhff4<>+520(SB)/8, $0x3ee25b5f29d53596
DATA tanhff4<>+528(SB)/8, $0x3ee25b5f29d53596
DATA tanhff4<>+536(SB)/8, $0x3ee25b5f29d53596
DATA tanhff4<>+544(SB)/8, $0x3e67f58ebf7a8b5c // Q5
DATA tanhff4<>+552(SB)/8, $0x3e67f58ebf7a8b5c
DATA tanhff4<>+560(SB)/8, $0x3e67f58ebf7a8b5c
DATA tanhff4<>+568(SB)/8, $0x3e67f58ebf7a8b5c
DATA tanhff4<>+576(SB)/8, $0x3dde890fb8dcff03 // Q6
DATA tanhff4<>+584(SB)/8, $0x3dde890fb8dcff03
DATA tanhff4<>+592(SB)/8, $0x3dde890fb8dcff03
DATA tanhff4<>+600(SB)/8, $0x3dde890fb8dcff03
DATA tanhff4<>+608(SB)/8, $0x3d41ded2bbb5e93f // Q7
DATA tanhff4<>+616(SB)/8, $0x3d41ded2bbb5e93f
DATA tanhff4<>+624(SB)/8, $0x3d41ded2bbb5e93f
DATA tanhff4<>+632(SB)/8, $0x3d41ded2bbb5e93f
DATA tanhff4<>+640(SB)/8, $0x3c9037ac9501fcce // Q8
DATA tanhff4<>+648(SB)/8, $0x3c9037ac9501fcce
DATA tanhff4<>+656(SB)/8, $0x3c9037ac9501fcce
DATA tanhff4<>+664(SB)/8, $0x3c9037ac9501fcce
DATA tanhff4<>+672(SB)/8, $0x3bbd58a5ade26a32 // Q9
DATA tanhff4<>+680(SB)/8, $0x3bbd58a5ade26a32
DATA tanhff4<>+688(SB)/8, $0x3bbd58a5ade26a32
DATA tanhff4<>+696(SB)/8, $0x3bbd58a5ade26a32
GLOBL tanhff4<>(SB), RODATA|NOPTR, $704

// func tanhQuads(x []float64): x[i] = tanh(x[i]) for len(x) a multiple of 4.
TEXT ·tanhQuads(SB), NOSPLIT, $0-24
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	SHRQ $2, CX
	JZ   done
	LEAQ tanhff4<>(SB), DX
	VMOVUPD CLAMP4, Y13
	VMOVUPD NCLAMP4, Y14
	VMOVUPD ONE4, Y15

loop:
	VMOVUPD (SI), Y0
	// x = max(-c, min(c, x)): MINPD and MAXPD return their second source
	// (in Go's order, the first operand) when either is NaN, so NaN stays.
	VMINPD  Y0, Y13, Y0
	VMAXPD  Y0, Y14, Y0
	VMULPD  Y0, Y0, Y1 // s
	VMULPD  Y1, Y1, Y2 // s2
	VMULPD  Y2, Y2, Y3 // s4
	VMULPD  Y3, Y3, Y4 // s8

	// p = s8*(P9 s + P8) + (s4*(s2*(P7 s + P6) + (P5 s + P4)) + (s2*(P3 s + P2) + (P1 s + 1)))
	VMULPD  P94, Y1, Y5
	VADDPD  P84, Y5, Y5
	VMULPD  Y4, Y5, Y5 // s8*(P9 s + P8)
	VMULPD  P74, Y1, Y6
	VADDPD  P64, Y6, Y6
	VMULPD  Y2, Y6, Y6 // s2*(P7 s + P6)
	VMULPD  P54, Y1, Y7
	VADDPD  P44, Y7, Y7
	VADDPD  Y7, Y6, Y6
	VMULPD  Y3, Y6, Y6 // s4*(...)
	VMULPD  P34, Y1, Y7
	VADDPD  P24, Y7, Y7
	VMULPD  Y2, Y7, Y7 // s2*(P3 s + P2)
	VMULPD  P14, Y1, Y8
	VADDPD  ONE4, Y8, Y8
	VADDPD  Y8, Y7, Y7
	VADDPD  Y7, Y6, Y6
	VADDPD  Y6, Y5, Y5 // p
	VMULPD  Y0, Y5, Y5 // x*p

	// q, the same with Q
	VMULPD  Q94, Y1, Y9
	VADDPD  Q84, Y9, Y9
	VMULPD  Y4, Y9, Y9
	VMULPD  Q74, Y1, Y10
	VADDPD  Q64, Y10, Y10
	VMULPD  Y2, Y10, Y10
	VMULPD  Q54, Y1, Y11
	VADDPD  Q44, Y11, Y11
	VADDPD  Y11, Y10, Y10
	VMULPD  Y3, Y10, Y10
	VMULPD  Q34, Y1, Y11
	VADDPD  Q24, Y11, Y11
	VMULPD  Y2, Y11, Y11
	VMULPD  Q14, Y1, Y12
	VADDPD  ONE4, Y12, Y12
	VADDPD  Y12, Y11, Y11
	VADDPD  Y11, Y10, Y10
	VADDPD  Y10, Y9, Y9 // q

	VDIVPD  Y9, Y5, Y5 // x*p/q
	VMOVUPD NONE4, Y12
	VMINPD  Y5, Y15, Y5
	VMAXPD  Y5, Y12, Y5
	VMOVUPD Y5, (SI)
	ADDQ    $32, SI
	DECQ    CX
	JNZ     loop
	VZEROUPPER

done:
	RET
