//go:build amd64

#include "textflag.h"

// Elementwise and data-movement kernels in four-lane AVX: each lane does
// the Go loop's operations on its element, in the same order (no fused
// multiply-adds), so the results are those loops' bits. The callers in
// kernels_amd64.go do the last n%4 rows and columns of transposeAVX and
// absColSumsAVX in Go.

DATA one4<>+0(SB)/8, $1.0
DATA one4<>+8(SB)/8, $1.0
DATA one4<>+16(SB)/8, $1.0
DATA one4<>+24(SB)/8, $1.0
GLOBL one4<>(SB), RODATA|NOPTR, $32

DATA abs4<>+0(SB)/8, $0x7fffffffffffffff
DATA abs4<>+8(SB)/8, $0x7fffffffffffffff
DATA abs4<>+16(SB)/8, $0x7fffffffffffffff
DATA abs4<>+24(SB)/8, $0x7fffffffffffffff
GLOBL abs4<>(SB), RODATA|NOPTR, $32

// func backStepAVX(h, dout, dnext, da, dbh, dwx *float64, n int)
// For each of the n elements: a = (dout+dnext)*(1-h*h); da = a; dbh += a;
// dwx += a. Four lanes at a time, then one.
TEXT ·backStepAVX(SB), NOSPLIT, $0-56
	MOVQ h+0(FP), AX
	MOVQ dout+8(FP), BX
	MOVQ dnext+16(FP), CX
	MOVQ da+24(FP), DX
	MOVQ dbh+32(FP), SI
	MOVQ dwx+40(FP), DI
	MOVQ n+48(FP), R8
	VMOVUPD one4<>(SB), Y7
	MOVQ R8, R10
	ANDQ $-4, R10
	XORQ R9, R9

bloop:
	CMPQ    R9, R10
	JGE     btail
	VMOVUPD (BX)(R9*8), Y0
	VADDPD  (CX)(R9*8), Y0, Y0 // dout + dnext
	VMOVUPD (AX)(R9*8), Y1
	VMULPD  Y1, Y1, Y1         // h*h
	VSUBPD  Y1, Y7, Y1         // 1 - h*h
	VMULPD  Y1, Y0, Y0         // a
	VMOVUPD Y0, (DX)(R9*8)
	VADDPD  (SI)(R9*8), Y0, Y2
	VMOVUPD Y2, (SI)(R9*8)
	VADDPD  (DI)(R9*8), Y0, Y3
	VMOVUPD Y3, (DI)(R9*8)
	ADDQ    $4, R9
	JMP     bloop

btail:
	CMPQ    R9, R8
	JGE     bdone
	VMOVSD  (BX)(R9*8), X0
	VADDSD  (CX)(R9*8), X0, X0
	VMOVSD  (AX)(R9*8), X1
	VMULSD  X1, X1, X1
	VSUBSD  X1, X7, X1
	VMULSD  X1, X0, X0
	VMOVSD  X0, (DX)(R9*8)
	VADDSD  (SI)(R9*8), X0, X2
	VMOVSD  X2, (SI)(R9*8)
	VADDSD  (DI)(R9*8), X0, X3
	VMOVSD  X3, (DI)(R9*8)
	INCQ    R9
	JMP     btail

bdone:
	VZEROUPPER
	RET

// func transposeAVX(w, wt *float64, n, rows int)
// wt[j*n+i] = w[i*n+j] for the first rows rows i of the n x n w and its
// first n&^3 columns j (rows a multiple of 4), one 4 x 4 block at a time:
// four rows of the block in, four columns out.
TEXT ·transposeAVX(SB), NOSPLIT, $0-32
	MOVQ w+0(FP), AX
	MOVQ wt+8(FP), BX
	MOVQ n+16(FP), CX
	MOVQ rows+24(FP), DX
	MOVQ CX, R8
	SHLQ $3, R8          // a row's bytes
	LEAQ (R8)(R8*2), R9  // three rows' bytes
	MOVQ CX, R10
	ANDQ $-4, R10        // columns done here
	XORQ R11, R11        // i

trow:
	CMPQ R11, DX
	JGE  tdone
	MOVQ AX, SI          // &w[i][0]
	MOVQ BX, DI
	LEAQ (DI)(R11*8), DI // &wt[0][i]
	XORQ R12, R12        // j

tcol:
	CMPQ        R12, R10
	JGE         tnext
	VMOVUPD     (SI), Y0
	VMOVUPD     (SI)(R8*1), Y1
	VMOVUPD     (SI)(R8*2), Y2
	VMOVUPD     (SI)(R9*1), Y3
	VUNPCKLPD   Y1, Y0, Y4     // r0[0] r1[0] r0[2] r1[2]
	VUNPCKHPD   Y1, Y0, Y5     // r0[1] r1[1] r0[3] r1[3]
	VUNPCKLPD   Y3, Y2, Y6     // r2[0] r3[0] r2[2] r3[2]
	VUNPCKHPD   Y3, Y2, Y8     // r2[1] r3[1] r2[3] r3[3]
	VPERM2F128  $0x20, Y6, Y4, Y0
	VPERM2F128  $0x20, Y8, Y5, Y1
	VPERM2F128  $0x31, Y6, Y4, Y2
	VPERM2F128  $0x31, Y8, Y5, Y3
	VMOVUPD     Y0, (DI)
	VMOVUPD     Y1, (DI)(R8*1)
	VMOVUPD     Y2, (DI)(R8*2)
	VMOVUPD     Y3, (DI)(R9*1)
	ADDQ        $32, SI
	LEAQ        (DI)(R8*4), DI
	ADDQ        $4, R12
	JMP         tcol

tnext:
	LEAQ (AX)(R8*4), AX
	ADDQ $4, R11
	JMP  trow

tdone:
	VZEROUPPER
	RET

// func absColSumsAVX(a *float64, m, n int, dst *float64)
// dst[j] = |a[0][j]| + |a[1][j]| + ... + |a[m-1][j]|, added in row order
// from 0, for the first n&^3 columns j of the m x n a: sixteen columns a
// pass over the rows (four sums in flight), then four.
TEXT ·absColSumsAVX(SB), NOSPLIT, $0-32
	MOVQ a+0(FP), AX
	MOVQ m+8(FP), BX
	MOVQ n+16(FP), CX
	MOVQ dst+24(FP), DX
	VMOVUPD abs4<>(SB), Y15
	MOVQ CX, R8
	SHLQ $3, R8          // a row's bytes
	MOVQ CX, R10
	ANDQ $-4, R10        // columns done here
	XORQ R12, R12        // j

c16:
	MOVQ   R10, R13
	SUBQ   R12, R13
	CMPQ   R13, $16
	JL     c4
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	LEAQ   (AX)(R12*8), SI
	MOVQ   BX, R14

c16row:
	CMPQ    R14, $0
	JE      c16store
	VANDPD  (SI), Y15, Y4
	VANDPD  32(SI), Y15, Y5
	VANDPD  64(SI), Y15, Y6
	VANDPD  96(SI), Y15, Y7
	VADDPD  Y4, Y0, Y0
	VADDPD  Y5, Y1, Y1
	VADDPD  Y6, Y2, Y2
	VADDPD  Y7, Y3, Y3
	ADDQ    R8, SI
	DECQ    R14
	JMP     c16row

c16store:
	VMOVUPD Y0, (DX)(R12*8)
	VMOVUPD Y1, 32(DX)(R12*8)
	VMOVUPD Y2, 64(DX)(R12*8)
	VMOVUPD Y3, 96(DX)(R12*8)
	ADDQ    $16, R12
	JMP     c16

c4:
	CMPQ   R12, R10
	JGE    cdone
	VXORPD Y0, Y0, Y0
	LEAQ   (AX)(R12*8), SI
	MOVQ   BX, R14

c4row:
	CMPQ   R14, $0
	JE     c4store
	VANDPD (SI), Y15, Y4
	VADDPD Y4, Y0, Y0
	ADDQ   R8, SI
	DECQ   R14
	JMP    c4row

c4store:
	VMOVUPD Y0, (DX)(R12*8)
	ADDQ    $4, R12
	JMP     c4

cdone:
	VZEROUPPER
	RET
