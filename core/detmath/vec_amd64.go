//go:build amd64

package detmath

// tanhPairs is TanhVec for the first len(x)&^1 elements, two lanes of SSE2
// at a time (tanh_amd64.s).
//
//go:noescape
func tanhPairs(x []float64)

func tanhVec(x []float64) {
	tanhPairs(x)
	if len(x)%2 == 1 {
		tanhVecGo(x[len(x)-1:])
	}
}

// expPairs is ExpVec for the first len(x)&^1 elements, two lanes of SSE2 at
// a time (exp_amd64.s).
//
//go:noescape
func expPairs(x []float64)

func expVec(x []float64) {
	expPairs(x)
	if len(x)%2 == 1 {
		expVecGo(x[len(x)-1:])
	}
}
