package rnn

// The kernels core/ff shares. They stay in this package, exported, rather
// than in a package of their own: the recurrent engine calls the unexported
// ones directly, so its hot path (which relies on their being inlined, see
// kernels_wasm.go), its generated assembly and its golden digests stay
// exactly as they were. Each is the unexported kernel behind the same slice
// checks, so core/ff gets the same bits on every platform as this package.

// GemvT sets y = beta*y + Aᵀx for the m x n row-major A (beta is 0 or 1):
// each y[j] receives x[i]·A[i][j] for i = 0, 1, ..., m-1, one after another,
// each product rounded before it is added, on every platform.
func GemvT(a []float64, m, n int, x []float64, beta float64, y []float64) {
	if len(a) < m*n || len(x) < m || len(y) < n {
		panic(errShort)
	}
	gemvT(a, m, n, x, beta, y)
}

// GemvTMany is GemvT for each of T vectors: y_t = beta*y_t + Aᵀx_t for the
// rows x_t of the T x m xs and y_t of the T x n ys, in one call (one
// assembly call on amd64 with AVX).
func GemvTMany(a []float64, m, n int, xs []float64, beta float64, ys []float64, T int) {
	if T < 0 || len(a) < m*n || len(xs) < T*m || len(ys) < T*n {
		panic(errShort)
	}
	gemvTMany(a, m, n, xs, beta, ys, T)
}

// GerSum adds xs_k ys_kᵀ to the m x n row-major A for k = T-1 down to 0
// (xs_k is row k of the T x m xs, ys_k row k of the T x n ys): each element
// receives the rounded products one after another in that order, as T
// calls of A += x yᵀ would add them, last k first.
func GerSum(a []float64, m, n int, xs, ys []float64, T int) {
	if T < 0 || len(a) < m*n || len(xs) < T*m || len(ys) < T*n {
		panic(errShort)
	}
	gerSum(a, m, n, xs, ys, T)
}
