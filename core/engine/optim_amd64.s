//go:build amd64

#include "textflag.h"

// func rmspropPairs(params, grads, ms []float64, c *rmspropConsts)
// The RMSProp step of optim.go for the first len(params)&^1 elements, two
// lanes of SSE2 at a time, each lane with rmsprop.step's operations in its
// order. Clipping is MINPD/MAXPD with the limit as the destination, so a lane
// that is NaN (or equal to the limit) passes through as in clip. No fused
// multiply-adds.
TEXT ·rmspropPairs(SB), NOSPLIT, $0-80
	MOVQ params_base+0(FP), DI
	MOVQ params_len+8(FP), CX
	MOVQ grads_base+24(FP), SI
	MOVQ ms_base+48(FP), DX
	MOVQ c+72(FP), AX
	SHRQ $1, CX
	JZ   done
	MOVUPS 0(AX), X8  // gradClip
	MOVUPS 16(AX), X9 // -gradClip
	MOVUPS 32(AX), X10 // stepClip
	MOVUPS 48(AX), X11 // -stepClip
	MOVUPS 64(AX), X12 // decay
	MOVUPS 80(AX), X13 // -lr
	MOVUPS 96(AX), X14 // eps

loop:
	MOVUPS (SI), X0
	MOVAPD X8, X1
	MINPD  X0, X1   // x > c ? c : x
	MOVAPD X9, X0
	MAXPD  X1, X0   // x < -c ? -c : x: g
	MOVUPS (DX), X2 // ms
	MOVAPD X0, X3
	MULPD  X0, X3   // g*g
	SUBPD  X2, X3   // g*g - ms
	MULPD  X12, X3  // decay*(g*g - ms)
	ADDPD  X3, X2   // m = ms + that
	MOVUPS X2, (DX)
	ADDPD  X14, X2  // m + eps
	SQRTPD X2, X2
	MOVAPD X13, X4
	MULPD  X0, X4   // -lr*g
	DIVPD  X2, X4   // -lr*g/sqrt(m+eps)
	MOVAPD X10, X5
	MINPD  X4, X5
	MOVAPD X11, X4
	MAXPD  X5, X4   // clipped step
	MOVUPS (DI), X6
	ADDPD  X4, X6
	MOVUPS X6, (DI)
	ADDQ   $16, SI
	ADDQ   $16, DX
	ADDQ   $16, DI
	DECQ   CX
	JNZ    loop

done:
	RET

// func rmspropAVX(params, grads, ms []float64, c *rmspropConsts)
// The RMSProp step of optim.go for every element, four lanes of AVX at a
// time and the last ones one by one, each element with rmspropStepGo's
// operations in its order. Clipping is VMINPD/VMAXPD with the limit first, so
// an element that is NaN (or equal to the limit) passes through as in clip.
// No fused multiply-adds.
TEXT ·rmspropAVX(SB), NOSPLIT, $0-80
	MOVQ params_base+0(FP), DI
	MOVQ params_len+8(FP), CX
	MOVQ grads_base+24(FP), SI
	MOVQ ms_base+48(FP), DX
	MOVQ c+72(FP), AX
	VBROADCASTSD 0(AX), Y8   // gradClip
	VBROADCASTSD 8(AX), Y9   // -gradClip
	VBROADCASTSD 16(AX), Y10 // stepClip
	VBROADCASTSD 24(AX), Y11 // -stepClip
	VBROADCASTSD 32(AX), Y12 // decay
	VBROADCASTSD 40(AX), Y13 // -lr
	VBROADCASTSD 48(AX), Y14 // eps
	SUBQ $4, CX
	JL   rmspropAVX1

rmspropAVX4:
	VMOVUPD (SI), Y0
	VMINPD Y0, Y8, Y1   // gc < g ? gc : g (a NaN g passes)
	VMAXPD Y1, Y9, Y0   // -gc > that ? -gc : that: g
	VMOVUPD (DX), Y2         // ms
	VMULPD Y0, Y0, Y3  // g*g
	VSUBPD Y2, Y3, Y3  // g*g - ms
	VMULPD Y12, Y3, Y3 // decay*(g*g - ms)
	VADDPD Y3, Y2, Y2  // m = ms + that
	VMOVUPD Y2, (DX)
	VADDPD Y14, Y2, Y2 // m + eps
	VSQRTPD Y2, Y2
	VMULPD Y0, Y13, Y4 // -lr*g
	VDIVPD Y2, Y4, Y4  // -lr*g/sqrt(m+eps)
	VMINPD Y4, Y10, Y5
	VMAXPD Y5, Y11, Y4  // the clipped step
	VMOVUPD (DI), Y6
	VADDPD Y4, Y6, Y6  // p + step
	VMOVUPD Y6, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	SUBQ $4, CX
	JGE  rmspropAVX4

rmspropAVX1:
	ADDQ $4, CX // elements left: 0 to 3
	JZ   rmspropAVXdone

rmspropAVX1loop:
	VMOVSD (SI), X0
	VMINSD X0, X8, X1   // gc < g ? gc : g (a NaN g passes)
	VMAXSD X1, X9, X0   // -gc > that ? -gc : that: g
	VMOVSD (DX), X2         // ms
	VMULSD X0, X0, X3  // g*g
	VSUBSD X2, X3, X3  // g*g - ms
	VMULSD X12, X3, X3 // decay*(g*g - ms)
	VADDSD X3, X2, X2  // m = ms + that
	VMOVSD X2, (DX)
	VADDSD X14, X2, X2 // m + eps
	VSQRTSD X2, X2, X2
	VMULSD X0, X13, X4 // -lr*g
	VDIVSD X2, X4, X4  // -lr*g/sqrt(m+eps)
	VMINSD X4, X10, X5
	VMAXSD X5, X11, X4  // the clipped step
	VMOVSD (DI), X6
	VADDSD X4, X6, X6  // p + step
	VMOVSD X6, (DI)
	ADDQ $8, SI
	ADDQ $8, DX
	ADDQ $8, DI
	DECQ CX
	JNZ  rmspropAVX1loop

rmspropAVXdone:
	VZEROUPPER
	RET

// func rmspropL1AVX(params, grads, ms []float64, c *rmspropConsts)
// rmspropAVX followed, element by element, by l1Step's move towards zero by
// c: p - d, d being c with p's sign, or +0 where p is zero or NaN.
TEXT ·rmspropL1AVX(SB), NOSPLIT, $0-80
	MOVQ params_base+0(FP), DI
	MOVQ params_len+8(FP), CX
	MOVQ grads_base+24(FP), SI
	MOVQ ms_base+48(FP), DX
	MOVQ c+72(FP), AX
	VBROADCASTSD 0(AX), Y8   // gradClip
	VBROADCASTSD 8(AX), Y9   // -gradClip
	VBROADCASTSD 16(AX), Y10 // stepClip
	VBROADCASTSD 24(AX), Y11 // -stepClip
	VBROADCASTSD 32(AX), Y12 // decay
	VBROADCASTSD 40(AX), Y13 // -lr
	VBROADCASTSD 48(AX), Y14 // eps
	VXORPD Y15, Y15, Y15 // zero
	SUBQ $4, CX
	JL   rmspropL1AVX1

rmspropL1AVX4:
	VMOVUPD (SI), Y0
	VMINPD Y0, Y8, Y1   // gc < g ? gc : g (a NaN g passes)
	VMAXPD Y1, Y9, Y0   // -gc > that ? -gc : that: g
	VMOVUPD (DX), Y2         // ms
	VMULPD Y0, Y0, Y3  // g*g
	VSUBPD Y2, Y3, Y3  // g*g - ms
	VMULPD Y12, Y3, Y3 // decay*(g*g - ms)
	VADDPD Y3, Y2, Y2  // m = ms + that
	VMOVUPD Y2, (DX)
	VADDPD Y14, Y2, Y2 // m + eps
	VSQRTPD Y2, Y2
	VMULPD Y0, Y13, Y4 // -lr*g
	VDIVPD Y2, Y4, Y4  // -lr*g/sqrt(m+eps)
	VMINPD Y4, Y10, Y5
	VMAXPD Y5, Y11, Y4  // the clipped step
	VMOVUPD (DI), Y6
	VADDPD Y4, Y6, Y6  // p + step
	VBROADCASTSD 56(AX), Y1 // c
	VBROADCASTSD 64(AX), Y3 // the sign mask
	VCMPPD $0x0c, Y15, Y6, Y7 // p != 0 and not NaN
	VANDPD Y6, Y3, Y5 // with the sign mask in Y3: p's sign
	VXORPD Y5, Y1, Y5 // c with p's sign
	VANDPD Y7, Y5, Y5 // +0 where p is zero or NaN
	VSUBPD Y5, Y6, Y6  // p - that
	VMOVUPD Y6, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	SUBQ $4, CX
	JGE  rmspropL1AVX4

rmspropL1AVX1:
	ADDQ $4, CX // elements left: 0 to 3
	JZ   rmspropL1AVXdone

rmspropL1AVX1loop:
	VMOVSD (SI), X0
	VMINSD X0, X8, X1   // gc < g ? gc : g (a NaN g passes)
	VMAXSD X1, X9, X0   // -gc > that ? -gc : that: g
	VMOVSD (DX), X2         // ms
	VMULSD X0, X0, X3  // g*g
	VSUBSD X2, X3, X3  // g*g - ms
	VMULSD X12, X3, X3 // decay*(g*g - ms)
	VADDSD X3, X2, X2  // m = ms + that
	VMOVSD X2, (DX)
	VADDSD X14, X2, X2 // m + eps
	VSQRTSD X2, X2, X2
	VMULSD X0, X13, X4 // -lr*g
	VDIVSD X2, X4, X4  // -lr*g/sqrt(m+eps)
	VMINSD X4, X10, X5
	VMAXSD X5, X11, X4  // the clipped step
	VMOVSD (DI), X6
	VADDSD X4, X6, X6  // p + step
	VMOVSD 56(AX), X1 // c
	VMOVSD 64(AX), X3 // the sign mask
	VCMPSD $0x0c, X15, X6, X7 // p != 0 and not NaN
	VANDPD X6, X3, X5 // with the sign mask in X3: p's sign
	VXORPD X5, X1, X5 // c with p's sign
	VANDPD X7, X5, X5 // +0 where p is zero or NaN
	VSUBSD X5, X6, X6  // p - that
	VMOVSD X6, (DI)
	ADDQ $8, SI
	ADDQ $8, DX
	ADDQ $8, DI
	DECQ CX
	JNZ  rmspropL1AVX1loop

rmspropL1AVXdone:
	VZEROUPPER
	RET
