# diffstruct: build, serve and test everything from a fresh clone.
#
#   make serve     build the demo and serve it (ADDR=host:port, default 127.0.0.1:8080)
#   make site      write the page as a static site into site/ (for any static host)
#   make test      every test: format, vet, native, WebAssembly (node: js and wasip1) and browser (Chromium)
#   make figures   reproduce the paper's figures and results table (FIGURES_FLAGS=-quick: a smoke test)
#   make bench     engine benchmarks, native and WebAssembly, then bench-ff (bench-browser: the page's)
#   make bench-ff  core/ff against TensorFlow Playground's nn.ts, one table (PLAYGROUND=<dir with src/nn.ts>)

GO      ?= go
ADDR    ?= 127.0.0.1:8080
GOROOT  := $(shell $(GO) env GOROOT)
WASMDIR := $(GOROOT)/lib/wasm
# The engine rounds every product before adding it (float64(x*y) + z), so
# runs are bit for bit the same at any GOAMD64 level, on arm64 and in
# WebAssembly; test-platforms checks it. v1 is the portable default.
export GOAMD64 ?= v1
GOLDEN  := ^TestDigestsGolden$$|^TestReadmeLinksKeepTheirFingerprints$$

.PHONY: all web serve site test check test-native test-wasm test-wasip1 test-platforms test-browser bench-browser browser-deps parallel-deps qemu-deps figures bench bench-ff clean

all: web

## ---- the demo page -------------------------------------------------------

web: web/diffstruct.wasm web/engine.wasm web/wasm_exec.js

web/diffstruct.wasm: $(shell find core wasm -name '*.go' 2>/dev/null) go.mod go.sum
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w" -o $@ ./wasm

web/engine.wasm: $(shell find core wasm -name '*.go' 2>/dev/null) go.mod go.sum
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w" -o $@ ./wasm/worker

web/wasm_exec.js: $(WASMDIR)/wasm_exec.js
	cp $< $@

serve: web
	$(GO) run ./tools/serve -addr $(ADDR) -dir .

# site/: index.html, web/ and precompressed .br/.gz copies of the big files.
site: web
	$(GO) run ./tools/serve -site site -dir .

## ---- tests ----------------------------------------------------------------

test:
	@start=$$(date +%s); $(MAKE) --no-print-directory test-all; status=$$?; \
	t=$$(( $$(date +%s) - start )); printf 'make test: wall time %dm%02ds\n' $$((t / 60)) $$((t % 60)); exit $$status

test-all: check test-native test-wasm test-wasip1 test-platforms test-browser

check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./core/... ./wasm/...
	GOOS=wasip1 GOARCH=wasm $(GO) vet ./core/...
	GOARCH=arm64 $(GO) vet ./core/...

# test-native needs GNU parallel for the figures' scale-out test.
test-native: parallel-deps
	$(GO) test $$($(GO) list ./core/... ./tools/... ./wasm/... | grep -v /tools/webtest)

test-wasm:
	PATH="$(WASMDIR):$$PATH" GOOS=js GOARCH=wasm $(GO) test -short ./core/...

# The same kernels under GOOS=wasip1, run by node's WASI.
test-wasip1:
	GOOS=wasip1 GOARCH=wasm $(GO) test -short -exec $(CURDIR)/tools/wasip1/go_wasip1_exec ./core/...

# Bit for bit elsewhere: the short suites and the golden digests as arm64
# binaries under qemu-aarch64, and natively at GOAMD64=v3 (fused
# multiply-adds allowed) where the CPU has AVX2 and FMA.
test-platforms: qemu-deps
	GOARCH=arm64 $(GO) test -short -exec qemu-aarch64 ./core/... ./wasm/...
	GOARCH=arm64 $(GO) test -run '$(GOLDEN)' -exec qemu-aarch64 ./core/engine/ ./wasm/session/
	@if grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo; then \
		echo "GOAMD64=v3 $(GO) test -short ./core/... ./wasm/... (and the golden digests)"; \
		GOAMD64=v3 $(GO) test -short ./core/... ./wasm/... && \
		GOAMD64=v3 $(GO) test -run '$(GOLDEN)' ./core/engine/ ./wasm/session/; \
	else echo "test-platforms: this CPU has no AVX2+FMA, GOAMD64=v3 not run"; fi

qemu-deps:
	@command -v qemu-aarch64 >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq qemu-user; }

browser-deps:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; }

parallel-deps:
	@command -v parallel >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq parallel; }

# One shared Chromium; the tests that do not measure speed run two at a time.
test-browser: browser-deps web
	$(GO) test -count=1 -v -parallel 2 -timeout 25m ./tools/webtest/

# The browser's speed figures over longer windows, everything else skipped.
bench-browser: browser-deps web
	$(GO) test -count=1 -v -timeout 25m -run 'Speed' ./tools/webtest/ -args -webtest.longspeed

## ---- research -------------------------------------------------------------

FIGURES_FLAGS ?=
figures:
	@start=$$(date +%s); $(GO) run ./tools/figures $(FIGURES_FLAGS); status=$$?; \
	t=$$(( $$(date +%s) - start )); printf 'make figures: wall time %dm%02ds\n' $$((t / 60)) $$((t % 60)); exit $$status

bench:
	$(GO) test -run XXX -bench . -benchmem ./core/engine/
	PATH="$(WASMDIR):$$PATH" GOOS=js GOARCH=wasm $(GO) test -run XXX -bench . -benchmem ./core/engine/
	@$(MAKE) --no-print-directory bench-ff

# core/ff's epoch against TensorFlow Playground's nn.ts under node, side by
# side (tools/ffbench; docs/performance.md). nn.ts comes from PLAYGROUND
# (a checkout, a folder with nn.ts, or a git repository of Playground) or a
# clone at a pinned commit in ~/.cache/diffstruct/playground; without it
# the table still gives ff's figures. FFBENCH_FLAGS=-rounds 5 for steadier ones.
FFBENCH_FLAGS ?=
export PLAYGROUND TSC
bench-ff:
	$(GO) run ./tools/ffbench $(FFBENCH_FLAGS)

clean:
	rm -f web/diffstruct.wasm web/engine.wasm web/wasm_exec.js
	rm -rf site
