//go:build !(js && wasm) && !amd64

package rnn

var (
	gemvT  = gemvTBLAS
	ger    = gerBLAS
	gerSum = gerSumGo
)
