package engine

// gen_optim.go writes optim_wasm.s, the RMSProp step's WebAssembly kernel.
// The directive is in this file, which has no build constraint, so that go
// generate runs it on any host.

//go:generate go run gen_optim.go
