//go:build js && wasm

package rnn

var (
	gemvT  = gemvTLoop
	ger    = gerLoop
	gerSum = gerSumGo
)
