package rnn

import (
	"testing"

	"github.com/diffstruct/diffstruct/core/rng"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// TestBLASKernelsAreOrdered guards the assumption that makes runs
// reproducible across platforms: gonum's Gemv with a transposed matrix and
// its Ger give exactly the bits of a plain loop that accumulates row after
// row, with its amd64 assembly as with its portable code.
func TestBLASKernelsAreOrdered(t *testing.T) {
	r := rng.New(11, 0)
	for m := 1; m <= 67; m++ {
		for _, cols := range []int{1, 3, 4, m} {
			a := make([]float64, m*cols)
			x, y := make([]float64, m), make([]float64, cols)
			for _, s := range [][]float64{a, x, y} {
				for i := range s {
					s[i] = r.Norm()
				}
			}
			want := append([]float64(nil), y...)
			for i := 0; i < m; i++ {
				for j := 0; j < cols; j++ {
					want[j] += x[i] * a[i*cols+j]
				}
			}
			got := append([]float64(nil), y...)
			blas64.Gemv(blas.Trans, 1, general(a, m, cols), vector(x), 1, vector(got))
			for j := range got {
				if got[j] != want[j] {
					t.Fatalf("Gemv(Trans) %dx%d: element %d = %v, ordered loop gives %v", m, cols, j, got[j], want[j])
				}
			}
			wantA := append([]float64(nil), a...)
			for i := 0; i < m; i++ {
				for j := 0; j < cols; j++ {
					wantA[i*cols+j] += x[i] * y[j]
				}
			}
			blas64.Ger(1, vector(x), vector(y), general(a, m, cols))
			for i := range a {
				if a[i] != wantA[i] {
					t.Fatalf("Ger %dx%d: element %d = %v, ordered loop gives %v", m, cols, i, a[i], wantA[i])
				}
			}
		}
	}
}
