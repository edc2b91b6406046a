// Package static serves a directory of static files the way the demo page
// needs: correct content types (application/wasm for WebAssembly), gzip
// compression of text and WebAssembly, each file compressed once and cached
// until it changes, ETags, and no dot-files (.git stays private).
package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// types maps extensions to content types, so that they do not depend on
// the machine's MIME database.
var types = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".json": "application/json",
	".wasm": "application/wasm",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".jpg":  "image/jpeg",
	".ico":  "image/x-icon",
	".txt":  "text/plain; charset=utf-8",
	".md":   "text/markdown; charset=utf-8",
}

// compressible lists the extensions worth compressing.
var compressible = map[string]bool{".html": true, ".js": true, ".mjs": true, ".css": true, ".json": true,
	".wasm": true, ".svg": true, ".txt": true, ".md": true}

// ContentType returns the content type served for a file name.
func ContentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// entry is a file as served: its bytes, compressed bytes and validators.
type entry struct {
	mod  time.Time
	size int64
	raw  []byte
	gz   []byte // nil when not compressible or not worth it
	etag string
}

// Handler serves the files under dir.
type Handler struct {
	dir string
	mu  sync.Mutex
	// cache holds each file's bytes, keyed by cleaned path; an entry is
	// rebuilt when the file's size or modification time changes.
	cache map[string]*entry
	// Compressions counts gzip compressions done (for tests and logs).
	compressions int
}

// New returns a handler serving dir.
func New(dir string) *Handler { return &Handler{dir: dir, cache: map[string]*entry{}} }

// Compressions returns how many files have been compressed so far.
func (h *Handler) Compressions() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.compressions
}

// Warm reads and compresses every file under the given directories (paths
// relative to the served directory) ahead of the first request, so that
// the first visitor does not wait for the compression.
func (h *Handler) Warm(dirs ...string) error {
	for _, d := range dirs {
		err := filepath.WalkDir(filepath.Join(h.dir, filepath.FromSlash(d)), func(name string, de fs.DirEntry, err error) error {
			if err != nil || de.IsDir() || strings.HasPrefix(de.Name(), ".") {
				return err
			}
			rel, err := filepath.Rel(h.dir, name)
			if err != nil {
				return err
			}
			fi, err := de.Info()
			if err != nil {
				return err
			}
			_, err = h.load(path.Clean("/"+filepath.ToSlash(rel)), name, fi)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// ServeHTTP serves GET and HEAD requests for files; a directory serves its index.html.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := path.Clean("/" + r.URL.Path)
	for _, part := range strings.Split(p, "/") {
		if strings.HasPrefix(part, ".") {
			http.NotFound(w, r)
			return
		}
	}
	name := filepath.Join(h.dir, filepath.FromSlash(p))
	fi, err := os.Stat(name)
	if err == nil && fi.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		p = path.Join(p, "index.html")
		name = filepath.Join(name, "index.html")
		fi, err = os.Stat(name)
	}
	if err != nil || fi.IsDir() {
		if errors.Is(err, fs.ErrNotExist) || err == nil {
			http.NotFound(w, r)
			return
		}
		http.Error(w, "cannot read file", http.StatusInternalServerError)
		return
	}
	e, err := h.load(p, name, fi)
	if err != nil {
		http.Error(w, "cannot read file", http.StatusInternalServerError)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", ContentType(p))
	hd.Set("Cache-Control", "no-cache") // revalidate: rebuilt files show up at once
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("ETag", e.etag)
	body := e.raw
	if e.gz != nil {
		hd.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			hd.Set("Content-Encoding", "gzip")
			hd.Set("ETag", strings.TrimSuffix(e.etag, `"`)+`-gz"`)
			body = e.gz
		}
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" && inm == hd.Get("ETag") {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	// ServeContent handles Range and HEAD; with the content type and
	// encoding set it sends the bytes as they are.
	http.ServeContent(w, r, "", e.mod, bytes.NewReader(body))
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(enc) == "gzip" && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// load returns the cached entry for a file, reading and compressing it
// only when it is new or has changed.
func (h *Handler) load(key, name string, fi os.FileInfo) (*entry, error) {
	h.mu.Lock()
	e, ok := h.cache[key]
	h.mu.Unlock()
	if ok && e.size == fi.Size() && e.mod.Equal(fi.ModTime()) {
		return e, nil
	}
	raw, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(raw)
	e = &entry{mod: fi.ModTime(), size: fi.Size(), raw: raw, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
	if compressible[strings.ToLower(path.Ext(key))] && len(raw) > 512 {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(raw)
		zw.Close()
		if buf.Len() < len(raw) {
			e.gz = buf.Bytes()
		}
		h.mu.Lock()
		h.compressions++
		h.mu.Unlock()
	}
	h.mu.Lock()
	h.cache[key] = e
	h.mu.Unlock()
	return e, nil
}
