package ff

// gen_kernels.go writes kernels_wasm.s, the WebAssembly kernels, and
// gen_tanh.go tanh_table.go, tanh's table. The directives are in this file,
// which has no build constraint, so that go generate runs them on any host.

//go:generate go run gen_kernels.go
//go:generate go run gen_tanh.go
