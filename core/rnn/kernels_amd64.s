//go:build amd64

#include "textflag.h"

// Four-lane AVX versions of the kernels in kernels.go, without fused
// multiply-adds: every lane does a plain loop's multiplies and adds in the
// plain loop's order, so the results are bit for bit those of gemvTLoop and
// gerLoop.

// func gemvTAVX(a []float64, m, n int, x, y []float64)
// y += A^T x for the m x n row-major A, four rows at a time: each y[j]
// receives the rows' products one after another, in row order.
TEXT ·gemvTAVX(SB), NOSPLIT, $0-88
	MOVQ a_base+0(FP), AX
	MOVQ m+24(FP), BX
	MOVQ n+32(FP), CX
	MOVQ x_base+40(FP), DX
	MOVQ y_base+64(FP), DI
	MOVQ CX, R8
	SHLQ $3, R8 // row stride in bytes

rows4:
	CMPQ BX, $4
	JL   rows1
	VBROADCASTSD 0(DX), Y8
	VBROADCASTSD 8(DX), Y9
	VBROADCASTSD 16(DX), Y10
	VBROADCASTSD 24(DX), Y11
	MOVQ AX, R9
	LEAQ (AX)(R8*1), R10
	LEAQ (R10)(R8*1), R11
	LEAQ (R11)(R8*1), R12
	MOVQ DI, SI
	MOVQ CX, R13

cols4x4:
	CMPQ    R13, $4
	JL      cols4x1
	VMOVUPD (SI), Y0
	VMULPD  (R9), Y8, Y1
	VADDPD  Y1, Y0, Y0
	VMULPD  (R10), Y9, Y2
	VADDPD  Y2, Y0, Y0
	VMULPD  (R11), Y10, Y3
	VADDPD  Y3, Y0, Y0
	VMULPD  (R12), Y11, Y4
	VADDPD  Y4, Y0, Y0
	VMOVUPD Y0, (SI)
	ADDQ    $32, SI
	ADDQ    $32, R9
	ADDQ    $32, R10
	ADDQ    $32, R11
	ADDQ    $32, R12
	SUBQ    $4, R13
	JMP     cols4x4

cols4x1:
	CMPQ   R13, $0
	JE     next4
	VMOVSD (SI), X0
	VMULSD (R9), X8, X1
	VADDSD X1, X0, X0
	VMULSD (R10), X9, X2
	VADDSD X2, X0, X0
	VMULSD (R11), X10, X3
	VADDSD X3, X0, X0
	VMULSD (R12), X11, X4
	VADDSD X4, X0, X0
	VMOVSD X0, (SI)
	ADDQ   $8, SI
	ADDQ   $8, R9
	ADDQ   $8, R10
	ADDQ   $8, R11
	ADDQ   $8, R12
	DECQ   R13
	JMP    cols4x1

next4:
	LEAQ (AX)(R8*4), AX
	ADDQ $32, DX
	SUBQ $4, BX
	JMP  rows4

rows1:
	CMPQ BX, $0
	JE   done
	VBROADCASTSD 0(DX), Y8
	MOVQ AX, R9
	MOVQ DI, SI
	MOVQ CX, R13

cols1x4:
	CMPQ    R13, $4
	JL      cols1x1
	VMOVUPD (SI), Y0
	VMULPD  (R9), Y8, Y1
	VADDPD  Y1, Y0, Y0
	VMOVUPD Y0, (SI)
	ADDQ    $32, SI
	ADDQ    $32, R9
	SUBQ    $4, R13
	JMP     cols1x4

cols1x1:
	CMPQ   R13, $0
	JE     next1
	VMOVSD (SI), X0
	VMULSD (R9), X8, X1
	VADDSD X1, X0, X0
	VMOVSD X0, (SI)
	ADDQ   $8, SI
	ADDQ   $8, R9
	DECQ   R13
	JMP    cols1x1

next1:
	ADDQ R8, AX
	ADDQ $8, DX
	DECQ BX
	JMP  rows1

done:
	VZEROUPPER
	RET

// func gerAVX(a []float64, m, n int, x, y []float64)
// A += x y^T for the m x n row-major A, element by element.
TEXT ·gerAVX(SB), NOSPLIT, $0-88
	MOVQ a_base+0(FP), AX
	MOVQ m+24(FP), BX
	MOVQ n+32(FP), CX
	MOVQ x_base+40(FP), DX
	MOVQ y_base+64(FP), DI

row:
	CMPQ BX, $0
	JE   gdone
	VBROADCASTSD 0(DX), Y8
	MOVQ DI, SI
	MOVQ CX, R13

gcols4:
	CMPQ    R13, $4
	JL      gcols1
	VMULPD  (SI), Y8, Y1
	VADDPD  (AX), Y1, Y1
	VMOVUPD Y1, (AX)
	ADDQ    $32, SI
	ADDQ    $32, AX
	SUBQ    $4, R13
	JMP     gcols4

gcols1:
	CMPQ   R13, $0
	JE     gnext
	VMULSD (SI), X8, X1
	VADDSD (AX), X1, X1
	VMOVSD X1, (AX)
	ADDQ   $8, SI
	ADDQ   $8, AX
	DECQ   R13
	JMP    gcols1

gnext:
	ADDQ $8, DX
	DECQ BX
	JMP  row

gdone:
	VZEROUPPER
	RET

// func gerSumAVX(a []float64, m, n int, xs, ys []float64, T int)
// For the rows [0, m&^3) and columns [0, n&^3) of the m x n A:
// A += xs_k ys_k^T for k = T-1 down to 0 (xs_k is row k of the T x m xs, ys_k
// row k of the T x n ys). A 4 x 4 block of A stays in four registers while
// all T products are added to it, one after another in the order of k, so
// each element gets exactly the adds of T calls of gerLoop.
TEXT ·gerSumAVX(SB), NOSPLIT, $0-96
	MOVQ a_base+0(FP), AX
	MOVQ m+24(FP), BX
	MOVQ n+32(FP), CX
	MOVQ xs_base+40(FP), DX
	MOVQ ys_base+64(FP), DI
	MOVQ T+88(FP), R15
	MOVQ CX, R8
	SHLQ $3, R8 // n*8: row stride of A and ys
	MOVQ BX, R9
	SHLQ $3, R9 // m*8: row stride of xs
	LEAQ -1(R15), R10
	MOVQ R10, R11
	IMULQ R9, R10
	ADDQ R10, DX // xs row T-1
	IMULQ R8, R11
	ADDQ R11, DI // ys row T-1
	ANDQ $-4, BX
	ANDQ $-4, CX
	XORQ R10, R10 // i0

siloop:
	CMPQ R10, BX
	JGE  sdone
	XORQ R11, R11 // j0

sjloop:
	CMPQ  R11, CX
	JGE   sinext
	MOVQ  R10, R13
	IMULQ R8, R13
	ADDQ  AX, R13
	LEAQ  (R13)(R11*8), R13 // &A[i0][j0]
	LEAQ  (R13)(R8*2), R14  // &A[i0+2][j0]
	VMOVUPD (R13), Y0
	VMOVUPD (R13)(R8*1), Y1
	VMOVUPD (R14), Y2
	VMOVUPD (R14)(R8*1), Y3
	LEAQ  (DX)(R10*8), SI  // &xs[T-1][i0]
	LEAQ  (DI)(R11*8), R12 // &ys[T-1][j0]
	MOVQ  T+88(FP), R15

skloop:
	VBROADCASTSD 0(SI), Y4
	VBROADCASTSD 8(SI), Y5
	VBROADCASTSD 16(SI), Y6
	VBROADCASTSD 24(SI), Y7
	VMOVUPD      (R12), Y8
	VMULPD       Y8, Y4, Y4
	VADDPD       Y4, Y0, Y0
	VMULPD       Y8, Y5, Y5
	VADDPD       Y5, Y1, Y1
	VMULPD       Y8, Y6, Y6
	VADDPD       Y6, Y2, Y2
	VMULPD       Y8, Y7, Y7
	VADDPD       Y7, Y3, Y3
	SUBQ         R9, SI
	SUBQ         R8, R12
	DECQ         R15
	JNZ          skloop

	VMOVUPD Y0, (R13)
	VMOVUPD Y1, (R13)(R8*1)
	VMOVUPD Y2, (R14)
	VMOVUPD Y3, (R14)(R8*1)
	ADDQ    $4, R11
	JMP     sjloop

sinext:
	ADDQ $4, R10
	JMP  siloop

sdone:
	VZEROUPPER
	RET
