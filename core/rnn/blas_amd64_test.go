package rnn

func init() {
	gonumGemvT["gonum Gemv(Trans)"] = gemvTBLAS
	gonumGer["gonum Ger"] = gerBLAS
}
