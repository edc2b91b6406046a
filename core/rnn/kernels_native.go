//go:build !(js && wasm)

package rnn

var (
	gemvT = gemvTBLAS
	ger   = gerBLAS
)
