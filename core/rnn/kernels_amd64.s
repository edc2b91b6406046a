//go:build amd64

#include "textflag.h"

// Four-lane AVX versions of the kernels in kernels.go, without fused
// multiply-adds: every lane does a plain loop's multiplies and adds in the
// plain loop's order, so the results are bit for bit those of gemvTLoop and
// gerLoop.

// func gemvTAVX(a []float64, m, n int, x, y []float64, T int, zero bool)
// y_t += A^T x_t for the m x n row-major A and t = 0..T-1 (x_t is row t of
// the T x m x, y_t row t of the T x n y), eight rows of A at a time (then
// four, then one): each y[j] receives the rows' products one after another,
// in row order, and is loaded and stored once per pass.
TEXT ·gemvTAVX(SB), NOSPLIT, $0-97
	MOVQ n+32(FP), CX
	MOVQ x_base+40(FP), DX
	MOVQ y_base+64(FP), DI
	MOVQ T+88(FP), R15
	MOVQ CX, R8
	SHLQ $3, R8           // S: the row stride in bytes
	LEAQ (R8)(R8*2), R12  // 3S
	LEAQ (R8)(R8*4), R13  // 5S
	LEAQ (R12)(R8*4), R14 // 7S

top: // DX is x_t, DI y_t
	MOVQ a_base+0(FP), AX
	MOVQ m+24(FP), BX

	// zero: y = 0 first (without a call to the runtime's memclr, which
	// costs more than the few stores of a small y).
	MOVBQZX zero+96(FP), R9
	TESTQ   R9, R9
	JZ      rows8
	VXORPD  Y0, Y0, Y0
	MOVQ    DI, SI
	MOVQ    CX, R10

zero4:
	CMPQ    R10, $4
	JL      zero1
	VMOVUPD Y0, (SI)
	ADDQ    $32, SI
	SUBQ    $4, R10
	JMP     zero4

zero1:
	CMPQ   R10, $0
	JE     rows8
	VMOVSD X0, (SI)
	ADDQ   $8, SI
	DECQ   R10
	JMP    zero1

rows8:
	CMPQ BX, $8
	JL   rows4
	VBROADCASTSD 0(DX), Y8
	VBROADCASTSD 8(DX), Y9
	VBROADCASTSD 16(DX), Y10
	VBROADCASTSD 24(DX), Y11
	VBROADCASTSD 32(DX), Y12
	VBROADCASTSD 40(DX), Y13
	VBROADCASTSD 48(DX), Y14
	VBROADCASTSD 56(DX), Y15
	MOVQ AX, R9
	MOVQ DI, SI
	MOVQ CX, R10
	SUBQ $4, R10
	JL   rows8x2

rows8x4: // four columns
	VMOVUPD (SI), Y0
	VMULPD (R9), Y8, Y1
	VADDPD Y1, Y0, Y0
	VMULPD (R9)(R8*1), Y9, Y2
	VADDPD Y2, Y0, Y0
	VMULPD (R9)(R8*2), Y10, Y3
	VADDPD Y3, Y0, Y0
	VMULPD (R9)(R12*1), Y11, Y4
	VADDPD Y4, Y0, Y0
	VMULPD (R9)(R8*4), Y12, Y5
	VADDPD Y5, Y0, Y0
	VMULPD (R9)(R13*1), Y13, Y6
	VADDPD Y6, Y0, Y0
	VMULPD (R9)(R12*2), Y14, Y7
	VADDPD Y7, Y0, Y0
	VMULPD (R9)(R14*1), Y15, Y1
	VADDPD Y1, Y0, Y0
	VMOVUPD Y0, (SI)
	ADDQ $32, R9
	ADDQ $32, SI
	SUBQ $4, R10
	JGE  rows8x4

rows8x2:
	ADDQ $4, R10 // columns left: 0 to 3
	CMPQ R10, $2
	JL   rows8x1
	VMOVUPD (SI), X0
	VMULPD (R9), X8, X1
	VADDPD X1, X0, X0
	VMULPD (R9)(R8*1), X9, X2
	VADDPD X2, X0, X0
	VMULPD (R9)(R8*2), X10, X3
	VADDPD X3, X0, X0
	VMULPD (R9)(R12*1), X11, X4
	VADDPD X4, X0, X0
	VMULPD (R9)(R8*4), X12, X5
	VADDPD X5, X0, X0
	VMULPD (R9)(R13*1), X13, X6
	VADDPD X6, X0, X0
	VMULPD (R9)(R12*2), X14, X7
	VADDPD X7, X0, X0
	VMULPD (R9)(R14*1), X15, X1
	VADDPD X1, X0, X0
	VMOVUPD X0, (SI)
	ADDQ $16, R9
	ADDQ $16, SI
	SUBQ $2, R10

rows8x1:
	CMPQ R10, $0
	JE   rows8next
	VMOVSD (SI), X0
	VMULSD (R9), X8, X1
	VADDSD X1, X0, X0
	VMULSD (R9)(R8*1), X9, X2
	VADDSD X2, X0, X0
	VMULSD (R9)(R8*2), X10, X3
	VADDSD X3, X0, X0
	VMULSD (R9)(R12*1), X11, X4
	VADDSD X4, X0, X0
	VMULSD (R9)(R8*4), X12, X5
	VADDSD X5, X0, X0
	VMULSD (R9)(R13*1), X13, X6
	VADDSD X6, X0, X0
	VMULSD (R9)(R12*2), X14, X7
	VADDSD X7, X0, X0
	VMULSD (R9)(R14*1), X15, X1
	VADDSD X1, X0, X0
	VMOVSD X0, (SI)

rows8next:
	LEAQ (AX)(R8*8), AX
	ADDQ $64, DX
	SUBQ $8, BX
	JMP  rows8

rows4:
	CMPQ BX, $4
	JL   rows1
	VBROADCASTSD 0(DX), Y8
	VBROADCASTSD 8(DX), Y9
	VBROADCASTSD 16(DX), Y10
	VBROADCASTSD 24(DX), Y11
	MOVQ AX, R9
	MOVQ DI, SI
	MOVQ CX, R10
	SUBQ $4, R10
	JL   rows4x2

rows4x4: // four columns
	VMOVUPD (SI), Y0
	VMULPD (R9), Y8, Y1
	VADDPD Y1, Y0, Y0
	VMULPD (R9)(R8*1), Y9, Y2
	VADDPD Y2, Y0, Y0
	VMULPD (R9)(R8*2), Y10, Y3
	VADDPD Y3, Y0, Y0
	VMULPD (R9)(R12*1), Y11, Y4
	VADDPD Y4, Y0, Y0
	VMOVUPD Y0, (SI)
	ADDQ $32, R9
	ADDQ $32, SI
	SUBQ $4, R10
	JGE  rows4x4

rows4x2:
	ADDQ $4, R10 // columns left: 0 to 3
	CMPQ R10, $2
	JL   rows4x1
	VMOVUPD (SI), X0
	VMULPD (R9), X8, X1
	VADDPD X1, X0, X0
	VMULPD (R9)(R8*1), X9, X2
	VADDPD X2, X0, X0
	VMULPD (R9)(R8*2), X10, X3
	VADDPD X3, X0, X0
	VMULPD (R9)(R12*1), X11, X4
	VADDPD X4, X0, X0
	VMOVUPD X0, (SI)
	ADDQ $16, R9
	ADDQ $16, SI
	SUBQ $2, R10

rows4x1:
	CMPQ R10, $0
	JE   rows4next
	VMOVSD (SI), X0
	VMULSD (R9), X8, X1
	VADDSD X1, X0, X0
	VMULSD (R9)(R8*1), X9, X2
	VADDSD X2, X0, X0
	VMULSD (R9)(R8*2), X10, X3
	VADDSD X3, X0, X0
	VMULSD (R9)(R12*1), X11, X4
	VADDSD X4, X0, X0
	VMOVSD X0, (SI)

rows4next:
	LEAQ (AX)(R8*4), AX
	ADDQ $32, DX
	SUBQ $4, BX
	JMP  rows4

rows1:
	CMPQ BX, $1
	JL   done
	VBROADCASTSD 0(DX), Y8
	MOVQ AX, R9
	MOVQ DI, SI
	MOVQ CX, R10
	SUBQ $4, R10
	JL   rows1x2

rows1x4: // four columns
	VMOVUPD (SI), Y0
	VMULPD (R9), Y8, Y1
	VADDPD Y1, Y0, Y0
	VMOVUPD Y0, (SI)
	ADDQ $32, R9
	ADDQ $32, SI
	SUBQ $4, R10
	JGE  rows1x4

rows1x2:
	ADDQ $4, R10 // columns left: 0 to 3
	CMPQ R10, $2
	JL   rows1x1
	VMOVUPD (SI), X0
	VMULPD (R9), X8, X1
	VADDPD X1, X0, X0
	VMOVUPD X0, (SI)
	ADDQ $16, R9
	ADDQ $16, SI
	SUBQ $2, R10

rows1x1:
	CMPQ R10, $0
	JE   rows1next
	VMOVSD (SI), X0
	VMULSD (R9), X8, X1
	VADDSD X1, X0, X0
	VMOVSD X0, (SI)

rows1next:
	LEAQ (AX)(R8*1), AX
	ADDQ $8, DX
	SUBQ $1, BX
	JMP  rows1

done: // DX has moved on to x_{t+1}
	ADDQ R8, DI
	DECQ R15
	JNZ  top
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

// gmask: four lanes on, then four off; the 32 bytes from 8*(4-c) on are the
// mask of the first c lanes.
DATA gmask<>+0(SB)/8, $-1
DATA gmask<>+8(SB)/8, $-1
DATA gmask<>+16(SB)/8, $-1
DATA gmask<>+24(SB)/8, $-1
DATA gmask<>+32(SB)/8, $0
DATA gmask<>+40(SB)/8, $0
DATA gmask<>+48(SB)/8, $0
DATA gmask<>+56(SB)/8, $0
GLOBL gmask<>(SB), RODATA|NOPTR, $64

// func gerSumAVX(a []float64, m, n int, xs, ys []float64, T int)
// A += xs_k ys_k^T for k = T-1 down to 0 for the m x n A (xs_k is row k of
// the T x m xs, ys_k row k of the T x n ys). A block of A (4 x 8, then 4 x 4
// with the last columns masked; for the last m%4 rows, 1 x 8 and 1 x 4)
// stays in registers while all T products are added to it, one after
// another in the order of k, so each element gets exactly the adds of T
// calls of gerLoop; eight sums in flight keep the adders busy. Masked loads
// read nothing past a row of ys or A, masked stores write nothing.
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
	XORQ R10, R10 // i0

s4rows:
	LEAQ 4(R10), R13
	CMPQ R13, BX
	JG   s1rows
	XORQ R11, R11 // j0

s48:
	LEAQ 8(R11), R13
	CMPQ R13, CX
	JG   s44
	MOVQ  R10, R13
	IMULQ R8, R13
	ADDQ  AX, R13
	LEAQ  (R13)(R11*8), R13 // &A[i0][j0]
	LEAQ  (R13)(R8*2), R14  // &A[i0+2][j0]
	VMOVUPD (R13), Y0
	VMOVUPD 32(R13), Y1
	VMOVUPD (R13)(R8*1), Y2
	VMOVUPD 32(R13)(R8*1), Y3
	VMOVUPD (R14), Y4
	VMOVUPD 32(R14), Y5
	VMOVUPD (R14)(R8*1), Y6
	VMOVUPD 32(R14)(R8*1), Y7
	LEAQ  (DX)(R10*8), SI  // &xs[T-1][i0]
	LEAQ  (DI)(R11*8), R12 // &ys[T-1][j0]
	MOVQ  T+88(FP), R15

s48k:
	VBROADCASTSD 0(SI), Y8
	VBROADCASTSD 8(SI), Y9
	VBROADCASTSD 16(SI), Y10
	VBROADCASTSD 24(SI), Y11
	VMOVUPD      (R12), Y12
	VMOVUPD      32(R12), Y13
	VMULPD       Y12, Y8, Y14
	VADDPD       Y14, Y0, Y0
	VMULPD       Y13, Y8, Y15
	VADDPD       Y15, Y1, Y1
	VMULPD       Y12, Y9, Y14
	VADDPD       Y14, Y2, Y2
	VMULPD       Y13, Y9, Y15
	VADDPD       Y15, Y3, Y3
	VMULPD       Y12, Y10, Y14
	VADDPD       Y14, Y4, Y4
	VMULPD       Y13, Y10, Y15
	VADDPD       Y15, Y5, Y5
	VMULPD       Y12, Y11, Y14
	VADDPD       Y14, Y6, Y6
	VMULPD       Y13, Y11, Y15
	VADDPD       Y15, Y7, Y7
	SUBQ         R9, SI
	SUBQ         R8, R12
	DECQ         R15
	JNZ          s48k

	VMOVUPD Y0, (R13)
	VMOVUPD Y1, 32(R13)
	VMOVUPD Y2, (R13)(R8*1)
	VMOVUPD Y3, 32(R13)(R8*1)
	VMOVUPD Y4, (R14)
	VMOVUPD Y5, 32(R14)
	VMOVUPD Y6, (R14)(R8*1)
	VMOVUPD Y7, 32(R14)(R8*1)
	ADDQ $8, R11
	JMP  s48

s44:
	CMPQ R11, CX
	JGE  s4next
	MOVQ  CX, R13
	SUBQ  R11, R13 // columns left
	CMPQ  R13, $4
	JLE   s44m
	MOVQ  $4, R13

s44m:
	LEAQ    gmask<>+32(SB), R14
	SHLQ    $3, R13
	SUBQ    R13, R14
	VMOVUPD (R14), Y13 // the first min(left, 4) lanes
	MOVQ  R10, R13
	IMULQ R8, R13
	ADDQ  AX, R13
	LEAQ  (R13)(R11*8), R13 // &A[i0][j0]
	LEAQ  (R13)(R8*2), R14  // &A[i0+2][j0]
	VMASKMOVPD (R13), Y13, Y0
	VMASKMOVPD (R13)(R8*1), Y13, Y2
	VMASKMOVPD (R14), Y13, Y4
	VMASKMOVPD (R14)(R8*1), Y13, Y6
	LEAQ  (DX)(R10*8), SI  // &xs[T-1][i0]
	LEAQ  (DI)(R11*8), R12 // &ys[T-1][j0]
	MOVQ  T+88(FP), R15

s44k:
	VBROADCASTSD 0(SI), Y8
	VBROADCASTSD 8(SI), Y9
	VBROADCASTSD 16(SI), Y10
	VBROADCASTSD 24(SI), Y11
	VMASKMOVPD   (R12), Y13, Y12
	VMULPD       Y12, Y8, Y8
	VADDPD       Y8, Y0, Y0
	VMULPD       Y12, Y9, Y9
	VADDPD       Y9, Y2, Y2
	VMULPD       Y12, Y10, Y10
	VADDPD       Y10, Y4, Y4
	VMULPD       Y12, Y11, Y11
	VADDPD       Y11, Y6, Y6
	SUBQ         R9, SI
	SUBQ         R8, R12
	DECQ         R15
	JNZ          s44k

	VMASKMOVPD Y0, Y13, (R13)
	VMASKMOVPD Y2, Y13, (R13)(R8*1)
	VMASKMOVPD Y4, Y13, (R14)
	VMASKMOVPD Y6, Y13, (R14)(R8*1)
	ADDQ $4, R11
	JMP  s44

s4next:
	ADDQ $4, R10
	JMP  s4rows

s1rows:
	CMPQ R10, BX
	JGE  sdone
	XORQ R11, R11 // j0

s18:
	LEAQ 8(R11), R13
	CMPQ R13, CX
	JG   s14
	MOVQ  R10, R13
	IMULQ R8, R13
	ADDQ  AX, R13
	LEAQ  (R13)(R11*8), R13 // &A[i][j0]
	VMOVUPD (R13), Y0
	VMOVUPD 32(R13), Y1
	LEAQ  (DX)(R10*8), SI  // &xs[T-1][i]
	LEAQ  (DI)(R11*8), R12 // &ys[T-1][j0]
	MOVQ  T+88(FP), R15

s18k:
	VBROADCASTSD (SI), Y8
	VMOVUPD      (R12), Y12
	VMOVUPD      32(R12), Y13
	VMULPD       Y12, Y8, Y14
	VADDPD       Y14, Y0, Y0
	VMULPD       Y13, Y8, Y15
	VADDPD       Y15, Y1, Y1
	SUBQ         R9, SI
	SUBQ         R8, R12
	DECQ         R15
	JNZ          s18k

	VMOVUPD Y0, (R13)
	VMOVUPD Y1, 32(R13)
	ADDQ $8, R11
	JMP  s18

s14:
	CMPQ R11, CX
	JGE  s1next
	MOVQ  CX, R13
	SUBQ  R11, R13 // columns left
	CMPQ  R13, $4
	JLE   s14m
	MOVQ  $4, R13

s14m:
	LEAQ    gmask<>+32(SB), R14
	SHLQ    $3, R13
	SUBQ    R13, R14
	VMOVUPD (R14), Y13 // the first min(left, 4) lanes
	MOVQ  R10, R13
	IMULQ R8, R13
	ADDQ  AX, R13
	LEAQ  (R13)(R11*8), R13 // &A[i][j0]
	VMASKMOVPD (R13), Y13, Y0
	LEAQ  (DX)(R10*8), SI  // &xs[T-1][i]
	LEAQ  (DI)(R11*8), R12 // &ys[T-1][j0]
	MOVQ  T+88(FP), R15

s14k:
	VBROADCASTSD (SI), Y8
	VMASKMOVPD   (R12), Y13, Y12
	VMULPD       Y12, Y8, Y14
	VADDPD       Y14, Y0, Y0
	SUBQ         R9, SI
	SUBQ         R8, R12
	DECQ         R15
	JNZ          s14k

	VMASKMOVPD Y0, Y13, (R13)
	ADDQ $4, R11
	JMP  s14

s1next:
	INCQ R10
	JMP  s1rows

sdone:
	VZEROUPPER
	RET

// func dotRowsAVX(a []float64, m, n int, x, y []float64, T int)
// y_t[k] = dot(row k of the m x n A, x_t) for every k and t = 0..T-1 (x_t
// is row t of the T x n x, y_t row t of the T x m y): dot's four sums s0..s3
// are the four lanes, the left-over products go to s0, and the result is
// (s0+s1) + (s2+s3), as in dot.
TEXT ·dotRowsAVX(SB), NOSPLIT, $0-96
	MOVQ x_base+40(FP), DX
	MOVQ y_base+64(FP), DI
	MOVQ T+88(FP), R15

dtop: // DX is x_t, DI y_t
	MOVQ a_base+0(FP), AX
	MOVQ m+24(FP), BX
	MOVQ n+32(FP), CX

drow:
	CMPQ   BX, $0
	JE     ddone
	VXORPD Y0, Y0, Y0
	MOVQ   DX, SI
	MOVQ   CX, R13

dcols4:
	CMPQ    R13, $4
	JL      dtail
	VMOVUPD (AX), Y1
	VMULPD  (SI), Y1, Y1
	VADDPD  Y1, Y0, Y0
	ADDQ    $32, AX
	ADDQ    $32, SI
	SUBQ    $4, R13
	JMP     dcols4

dtail:
	VEXTRACTF128 $1, Y0, X2 // (s2, s3); X0 keeps (s0, s1)

dcols1:
	CMPQ   R13, $0
	JE     dsum
	VMOVSD (AX), X1
	VMULSD (SI), X1, X1
	VADDSD X1, X0, X0 // s0 += a*b, s1 kept
	ADDQ   $8, AX
	ADDQ   $8, SI
	DECQ   R13
	JMP    dcols1

dsum:
	VHADDPD X0, X0, X0 // s0 + s1
	VHADDPD X2, X2, X2 // s2 + s3
	VADDSD  X2, X0, X0
	VMOVSD  X0, (DI)
	ADDQ    $8, DI
	DECQ    BX
	JMP     drow

ddone: // DI has moved on to y_{t+1}
	LEAQ (DX)(CX*8), DX
	DECQ R15
	JNZ  dtop
	VZEROUPPER
	RET
