package ff

// The mini-batch kernels: a layer's forward pass and the two halves of its
// backward pass, each one call a layer for the whole batch. Activations and
// gradients are neuron-major (a row of B values, the points in order, a
// neuron); each sum adds its rounded products in the order the
// point-by-point loops did. These Go loops are the reference: under
// WebAssembly the kernels are generated assembly (kernels_wasm.s,
// gen_kernels.go), since the Go compiler's WebAssembly loops cost about
// three times WebAssembly's own; natively they are core/rnn's matrix
// kernel (kernels_other.go). TestKernelsMatchGo checks both bit for bit.

// layerFwdGo sets z_j[t] = b_j + Σ_c w_j[c]·in_c[t], the columns c in
// order, for the rows x cols w, the cols x B in and the rows x B z, then
// z_j[t] = tanh(z_j[t]) when act. (A column at a time over the batch: the
// B sums are independent, so they overlap.)
func layerFwdGo(in []float64, cols, B int, w, b, z []float64, rows int, act bool) {
	in, w, z = in[:cols*B], w[:rows*cols], z[:rows*B]
	for j, bj := range b[:rows] {
		wj, zj := w[j*cols:(j+1)*cols], z[j*B:(j+1)*B]
		for t := range zj {
			zj[t] = bj
		}
		for c, v := range wj {
			ic := in[c*B : (c+1)*B]
			ic = ic[:len(zj)]
			for t, x := range ic {
				zj[t] = float64(v*x) + zj[t]
			}
		}
		if act {
			tanhVecGo(zj)
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
		if beta == 0 {
			clear(dj)
		}
		for i := range mrows {
			v, Di := W[i*mcols+off+j], D[i*B:(i+1)*B]
			Di = Di[:len(dj)]
			for t, x := range Di {
				dj[t] = float64(x*v) + dj[t]
			}
		}
	}
}

// backGradGo finishes a layer's backward pass: when act, d_j[t] times
// tanh's derivative 1 − a_j[t]² and added to gb_j in t order; then, always,
// gw_j[c] = Σ_t in_c[t]·d_j[t] (from 0, t in order) for the cols x B
// inputs in (a and gb are not read unless act), four columns' sums at a
// time, so that they overlap.
func backGradGo(d, a []float64, rows, B int, in []float64, cols int, gb, gw []float64, act bool) {
	d, in, gw = d[:rows*B], in[:cols*B], gw[:rows*cols]
	for j := range rows {
		dj := d[j*B : (j+1)*B]
		if act {
			aj := a[j*B : (j+1)*B]
			aj = aj[:len(dj)]
			g := gb[j]
			for t, v := range aj {
				dj[t] = float64(dj[t] * (1 - float64(v*v)))
				g += dj[t]
			}
			gb[j] = g
		}
		gj := gw[j*cols : (j+1)*cols]
		c := 0
		for ; c+4 <= cols; c += 4 {
			r0, r1, r2, r3 := in[c*B:(c+1)*B], in[(c+1)*B:(c+2)*B], in[(c+2)*B:(c+3)*B], in[(c+3)*B:(c+4)*B]
			r0, r1, r2, r3 = r0[:len(dj)], r1[:len(dj)], r2[:len(dj)], r3[:len(dj)]
			s0, s1, s2, s3 := 0.0, 0.0, 0.0, 0.0
			for t, v := range dj {
				s0 = float64(r0[t]*v) + s0
				s1 = float64(r1[t]*v) + s1
				s2 = float64(r2[t]*v) + s2
				s3 = float64(r3[t]*v) + s3
			}
			gj[c], gj[c+1], gj[c+2], gj[c+3] = s0, s1, s2, s3
		}
		for ; c < cols; c++ {
			r, s := in[c*B:(c+1)*B], 0.0
			r = r[:len(dj)]
			for t, v := range dj {
				s = float64(r[t]*v) + s
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
