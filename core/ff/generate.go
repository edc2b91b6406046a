package ff

// gen_kernels.go writes kernels_wasm.s, the WebAssembly kernels. The
// directive is in this file, which has no build constraint, so that go
// generate runs it on any host.

//go:generate go run gen_kernels.go
