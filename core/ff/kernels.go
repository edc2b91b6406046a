package ff

// The mini-batch kernels: a layer's forward pass and the two halves of its
// backward pass, each one call a layer for the whole batch. Activations and
// gradients are neuron-major (a row of B values, the points in order, a
// neuron); each sum adds its rounded products in the order the
// point-by-point loops did. Under WebAssembly the three are generated
// assembly (kernels_wasm.s, gen_kernels.go), the same operations in the
// same order, since the Go compiler's WebAssembly loops cost about three
// times WebAssembly's own; elsewhere they are these Go loops.

// layerFwdGo sets z_j[t] = b_j + Σ_c w_j[c]·in_c[t], the columns c in
// order, for the rows x cols w, the cols x B in and the rows x B z, then
// z_j[t] = tanh(z_j[t]) when act.
func layerFwdGo(in []float64, cols, B int, w, b, z []float64, rows int, act bool) {
	in, w, z = in[:cols*B], w[:rows*cols], z[:rows*B]
	for j, bj := range b[:rows] {
		wj, zj := w[j*cols:(j+1)*cols], z[j*B:(j+1)*B]
		for t := range zj {
			s := bj
			for c, v := range wj {
				s = float64(v*in[c*B+t]) + s
			}
			if act {
				s = tanh(s)
			}
			zj[t] = s
		}
	}
}

// backSumGo sets d_j[t] = beta·d_j[t] + Σ_i D_i[t]·W_i[off+j] (beta 0 or
// 1; from 0 then), the rows i in order, for the rows x B d, the consumer's
// mrows x B gradients D and its mrows x mcols weights W: what layer j's
// neurons receive from the layer that reads them at columns off on.
func backSumGo(d []float64, rows, B int, D []float64, mrows int, W []float64, mcols, off int, beta float64) {
	d, D = d[:rows*B], D[:mrows*B]
	for j := range rows {
		dj := d[j*B : (j+1)*B]
		for t := range dj {
			s := 0.0
			if beta != 0 {
				s = dj[t]
			}
			for i := range mrows {
				s = float64(D[i*B+t]*W[i*mcols+off+j]) + s
			}
			dj[t] = s
		}
	}
}

// backGradGo finishes a layer's backward pass: when act, d_j[t] times
// tanh's derivative 1 − a_j[t]² and added to gb_j in t order; then, always,
// gw_j[c] = Σ_t in_c[t]·d_j[t] (from 0, t in order) for the cols x B
// inputs in (a and gb are not read unless act).
func backGradGo(d, a []float64, rows, B int, in []float64, cols int, gb, gw []float64, act bool) {
	d, in, gw = d[:rows*B], in[:cols*B], gw[:rows*cols]
	for j := range rows {
		dj := d[j*B : (j+1)*B]
		if act {
			aj := a[j*B : (j+1)*B]
			g := gb[j]
			for t, v := range aj {
				dj[t] = float64(dj[t] * (1 - float64(v*v)))
				g += dj[t]
			}
			gb[j] = g
		}
		gj := gw[j*cols : (j+1)*cols]
		for c := range gj {
			s, ic := 0.0, in[c*B:(c+1)*B]
			for t, v := range dj {
				s = float64(ic[t]*v) + s
			}
			gj[c] = s
		}
	}
}

// sgdGo sets w[i] = w[i] − lr·g[i].
func sgdGo(w, g []float64, lr float64) {
	g = g[:len(w)]
	for i := range w {
		w[i] = w[i] - float64(lr*g[i])
	}
}
