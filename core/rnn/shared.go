package rnn

// The kernel core/ff shares. It stays in this package, exported, rather
// than moving with the others to a package of their own: the recurrent
// engine calls the unexported kernels directly, so its hot path (which
// relies on their being inlined, see kernels_wasm.go), its generated
// assembly and its golden digests stay exactly as they were. GemvTMany is
// the unexported kernel behind slice checks, so core/ff gets the same bits
// on every platform as this package.

// GemvTMany sets y_t = beta*y_t + Aᵀx_t (beta is 0 or 1) for the m x n
// row-major A and each of the T rows x_t of the T x m xs and y_t of the
// T x n ys, in one call (one assembly call on amd64 with AVX): each
// y_t[j] receives x_t[i]·A[i][j] for i = 0, 1, ..., m-1, one after
// another, each product rounded before it is added, on every platform.
func GemvTMany(a []float64, m, n int, xs []float64, beta float64, ys []float64, T int) {
	if T < 0 || len(a) < m*n || len(xs) < T*m || len(ys) < T*n {
		panic(errShort)
	}
	gemvTMany(a, m, n, xs, beta, ys, T)
}
