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
