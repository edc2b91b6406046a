//go:build !wasm

package ff

func tanhVec(x []float64) { tanhVecGo(x) }

func layerFwd(in []float64, cols, B int, w, b, z []float64, rows int, act bool) {
	layerFwdGo(in, cols, B, w, b, z, rows, act)
}

func backSum(d []float64, rows, B int, D []float64, mrows int, W []float64, mcols, off int, beta float64) {
	backSumGo(d, rows, B, D, mrows, W, mcols, off, beta)
}

func backGrad(d, a []float64, rows, B int, in []float64, cols int, gb, gw []float64, act bool) {
	backGradGo(d, a, rows, B, in, cols, gb, gw, act)
}

func sgd(w, g []float64, lr float64) { sgdGo(w, g, lr) }
