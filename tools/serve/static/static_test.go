package static

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

func setup(t *testing.T) (string, *Handler) {
	dir := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("index.html", "<!DOCTYPE html><title>x</title>"+strings.Repeat("hello ", 200))
	write("web/app.wasm", "\x00asm"+strings.Repeat("\x01\x02\x03", 1000))
	write("web/style.css", "body{}")
	write(".git/config", "secret")
	write("web/.hidden", "secret")
	h := New(dir)
	h.DiskCache = "" // count every compression (TestDiskCache sets its own)
	return dir, h
}

func get(h http.Handler, path string, hdr map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", path, nil)
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func gunzip(t *testing.T, b []byte) []byte {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func unbrotli(t *testing.T, b []byte) []byte {
	out, err := io.ReadAll(brotli.NewReader(bytes.NewReader(b)))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBrotliPreferred: a browser that accepts br gets brotli, smaller than
// gzip, with the headers a cache needs.
func TestBrotliPreferred(t *testing.T) {
	dir, h := setup(t)
	want, _ := os.ReadFile(filepath.Join(dir, "web/app.wasm"))
	br := get(h, "/web/app.wasm", map[string]string{"Accept-Encoding": "gzip, deflate, br, zstd"})
	hd := br.Header()
	if br.Code != 200 || hd.Get("Content-Type") != "application/wasm" || hd.Get("Content-Encoding") != "br" || hd.Get("Vary") != "Accept-Encoding" {
		t.Fatalf("code %d headers %v", br.Code, hd)
	}
	if hd.Get("Content-Length") != strconv.Itoa(br.Body.Len()) {
		t.Errorf("Content-Length %q for %d bytes", hd.Get("Content-Length"), br.Body.Len())
	}
	if got := unbrotli(t, br.Body.Bytes()); !bytes.Equal(got, want) {
		t.Fatal("decompressed brotli body differs")
	}
	gz := get(h, "/web/app.wasm", map[string]string{"Accept-Encoding": "gzip"})
	if br.Body.Len() >= gz.Body.Len() {
		t.Errorf("brotli %d bytes, gzip %d: brotli should be smaller", br.Body.Len(), gz.Body.Len())
	}
	if hd.Get("ETag") == gz.Header().Get("ETag") {
		t.Error("brotli and gzip bodies share an ETag")
	}
	// br refused with q=0: gzip; both refused: plain.
	if w := get(h, "/web/app.wasm", map[string]string{"Accept-Encoding": "br;q=0, gzip;q=0.5"}); w.Header().Get("Content-Encoding") != "gzip" {
		t.Errorf("br;q=0 still got %q", w.Header().Get("Content-Encoding"))
	}
	w := get(h, "/web/app.wasm", map[string]string{"Accept-Encoding": "br;q=0.0, gzip; q=0"})
	if w.Header().Get("Content-Encoding") != "" || !bytes.Equal(w.Body.Bytes(), want) || w.Header().Get("Vary") != "Accept-Encoding" {
		t.Errorf("all refused: encoding %q, %d bytes", w.Header().Get("Content-Encoding"), w.Body.Len())
	}
	// A HEAD request gets the same headers without a body.
	r := httptest.NewRequest("HEAD", "/web/app.wasm", nil)
	r.Header.Set("Accept-Encoding", "br")
	hw := httptest.NewRecorder()
	h.ServeHTTP(hw, r)
	if hw.Header().Get("Content-Encoding") != "br" || hw.Body.Len() != 0 {
		t.Errorf("HEAD: %v, %d body bytes", hw.Header(), hw.Body.Len())
	}
}

// TestDiskCache: a second server with the same disk cache compresses
// nothing and serves the same bytes; a changed file is compressed again.
func TestDiskCache(t *testing.T) {
	dir, h := setup(t)
	h.DiskCache = t.TempDir()
	first := get(h, "/web/app.wasm", map[string]string{"Accept-Encoding": "br"})
	if h.Compressions() != 1 {
		t.Fatalf("%d compressions, want 1", h.Compressions())
	}
	h2 := New(dir)
	h2.DiskCache = h.DiskCache
	again := get(h2, "/web/app.wasm", map[string]string{"Accept-Encoding": "br"})
	if h2.Compressions() != 0 || !bytes.Equal(first.Body.Bytes(), again.Body.Bytes()) {
		t.Fatalf("restarted server: %d compressions, same body %v", h2.Compressions(), bytes.Equal(first.Body.Bytes(), again.Body.Bytes()))
	}
	os.WriteFile(filepath.Join(dir, "web/app.wasm"), []byte("\x00asm"+strings.Repeat("\x04\x05", 1000)), 0o644)
	os.Chtimes(filepath.Join(dir, "web/app.wasm"), time.Now().Add(time.Minute), time.Now().Add(time.Minute))
	w := get(h2, "/web/app.wasm", map[string]string{"Accept-Encoding": "br"})
	if h2.Compressions() != 1 || !strings.HasPrefix(string(unbrotli(t, w.Body.Bytes())), "\x00asm\x04\x05") {
		t.Fatalf("changed file: %d compressions", h2.Compressions())
	}
}

func TestWasmCompressedWithType(t *testing.T) {
	dir, h := setup(t)
	w := get(h, "/web/app.wasm", map[string]string{"Accept-Encoding": "gzip, deflate"})
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/wasm" || w.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("code %d headers %v", w.Code, w.Header())
	}
	want, _ := os.ReadFile(filepath.Join(dir, "web/app.wasm"))
	if got := gunzip(t, w.Body.Bytes()); !bytes.Equal(got, want) {
		t.Fatal("decompressed body differs")
	}
	if w.Body.Len() >= len(want) {
		t.Fatalf("not smaller: %d >= %d", w.Body.Len(), len(want))
	}
	// Without gzip in Accept-Encoding: the plain bytes.
	w = get(h, "/web/app.wasm", nil)
	if w.Header().Get("Content-Encoding") != "" || !bytes.Equal(w.Body.Bytes(), want) {
		t.Fatal("plain request not served plain")
	}
}

func TestCompressedOnceAndOnChange(t *testing.T) {
	dir, h := setup(t)
	for i := 0; i < 5; i++ {
		get(h, "/", map[string]string{"Accept-Encoding": "gzip"})
	}
	if n := h.Compressions(); n != 1 {
		t.Fatalf("%d compressions for 5 requests of one file", n)
	}
	p := filepath.Join(dir, "index.html")
	os.WriteFile(p, []byte("<p>changed"+strings.Repeat("!", 1000)), 0o644)
	os.Chtimes(p, time.Now().Add(time.Minute), time.Now().Add(time.Minute))
	w := get(h, "/index.html", map[string]string{"Accept-Encoding": "gzip"})
	if got := string(gunzip(t, w.Body.Bytes())); !strings.HasPrefix(got, "<p>changed") {
		t.Fatalf("stale content %q", got[:20])
	}
	if n := h.Compressions(); n != 2 {
		t.Fatalf("%d compressions after a change, want 2", n)
	}
}

func TestTypesAndIndex(t *testing.T) {
	_, h := setup(t)
	for path, typ := range map[string]string{"/": "text/html; charset=utf-8", "/web/style.css": "text/css; charset=utf-8"} {
		w := get(h, path, nil)
		if w.Code != 200 || w.Header().Get("Content-Type") != typ {
			t.Errorf("%s: %d %q", path, w.Code, w.Header().Get("Content-Type"))
		}
	}
	if w := get(h, "/web", nil); w.Code != http.StatusMovedPermanently {
		t.Errorf("directory without slash: %d", w.Code)
	}
	if ContentType("x.js") != "text/javascript; charset=utf-8" || ContentType("x.unknown-ext") != "application/octet-stream" {
		t.Error("content types")
	}
}

func TestPrivateAndMissing(t *testing.T) {
	_, h := setup(t)
	for _, p := range []string{"/.git/config", "/web/.hidden", "/nope.js", "/../etc/passwd", "/web/%2e%2e/%2egit/config"} {
		if w := get(h, p, nil); w.Code != 404 {
			t.Errorf("%s: %d, want 404", p, w.Code)
		}
	}
	r := httptest.NewRequest("POST", "/", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", w.Code)
	}
}

func TestETag(t *testing.T) {
	_, h := setup(t)
	w := get(h, "/index.html", map[string]string{"Accept-Encoding": "gzip"})
	tag := w.Header().Get("ETag")
	if tag == "" {
		t.Fatal("no ETag")
	}
	if w = get(h, "/index.html", map[string]string{"Accept-Encoding": "gzip", "If-None-Match": tag}); w.Code != 304 {
		t.Fatalf("revalidation: %d", w.Code)
	}
	if w = get(h, "/index.html", map[string]string{"If-None-Match": tag}); w.Code != 200 {
		t.Fatalf("plain request with the gzip ETag: %d", w.Code)
	}
}

func TestWarm(t *testing.T) {
	_, h := setup(t)
	if err := h.Warm("web", "."); err != nil {
		t.Fatal(err)
	}
	n := h.Compressions()
	if n != 2 { // index.html and app.wasm (style.css is too small to bother)
		t.Fatalf("%d compressions, want 2", n)
	}
	get(h, "/web/app.wasm", map[string]string{"Accept-Encoding": "gzip"})
	if h.Compressions() != n {
		t.Fatal("a warmed file was compressed again")
	}
}
