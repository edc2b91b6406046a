package detmath

// gen_vec.go writes vec_wasm.s, TanhVec's WebAssembly kernel. The directive
// is in this file, which has no build constraint, so that go generate runs
// it on any host.

//go:generate go run gen_vec.go
