// Package static serves a directory of static files the way the demo page
// needs: correct content types (application/wasm for WebAssembly), brotli
// or gzip compression of text and WebAssembly (whichever the browser
// accepts, brotli first), each file compressed once and cached until it
// changes, ETags, and no dot-files (.git stays private). Compress also
// writes the precompressed copies a static host serves (make site).
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
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
)

// types maps extensions to content types, so that they do not depend on
// the machine's MIME database.
var types = map[string]string{
	".html":        "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
	".wasm":        "application/wasm",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".ico":         "image/x-icon",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/markdown; charset=utf-8",
}

// compressible lists the extensions worth compressing.
var compressible = map[string]bool{".html": true, ".js": true, ".mjs": true, ".css": true, ".json": true,
	".webmanifest": true, ".wasm": true, ".svg": true, ".txt": true, ".md": true}

// minCompress is the size below which compressing is not worth a request's
// extra header.
const minCompress = 512

// Compressible reports whether a file of this name and size is worth
// compressing.
func Compressible(name string, size int64) bool {
	return compressible[strings.ToLower(path.Ext(name))] && size > minCompress
}

// Compressed holds a file's brotli and gzip encodings; either is nil when
// it would not be smaller than the file.
type Compressed struct {
	Brotli, Gzip []byte
}

// Compress encodes raw with brotli (best quality, 16 MB window: every
// browser decodes it) and gzip (best compression). It is deterministic:
// the same bytes give the same encodings.
func Compress(raw []byte) Compressed {
	var c Compressed
	var br bytes.Buffer
	bw := brotli.NewWriterOptions(&br, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 24})
	bw.Write(raw)
	bw.Close()
	if br.Len() < len(raw) {
		c.Brotli = br.Bytes()
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(raw)
	zw.Close()
	if gz.Len() < len(raw) {
		c.Gzip = gz.Bytes()
	}
	return c
}

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
	enc  Compressed // nil encodings when not compressible or not worth it
	etag string
}

// Handler serves the files under dir.
type Handler struct {
	dir string
	mu  sync.Mutex
	// cache holds each file's bytes, keyed by cleaned path; an entry is
	// rebuilt when the file's size or modification time changes.
	cache map[string]*entry
	// compressions counts files compressed (for tests and logs).
	compressions int
	// DiskCache, when not empty, is a folder where compressed copies are
	// kept by content hash, so that a restarted server does not compress
	// an unchanged file again (brotli's best quality takes tens of seconds
	// on the view's module).
	DiskCache string
}

// DefaultDiskCache returns the user's cache folder for compressed copies
// (empty if the machine has none).
func DefaultDiskCache() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "diffstruct", "compressed")
}

// New returns a handler serving dir, with DefaultDiskCache as its disk cache.
func New(dir string) *Handler {
	return &Handler{dir: dir, cache: map[string]*entry{}, DiskCache: DefaultDiskCache()}
}

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
	if e.enc.Brotli != nil || e.enc.Gzip != nil {
		hd.Add("Vary", "Accept-Encoding")
		switch acc := accepted(r); {
		case e.enc.Brotli != nil && acc["br"]:
			hd.Set("Content-Encoding", "br")
			hd.Set("ETag", strings.TrimSuffix(e.etag, `"`)+`-br"`)
			body = e.enc.Brotli
		case e.enc.Gzip != nil && acc["gzip"]:
			hd.Set("Content-Encoding", "gzip")
			hd.Set("ETag", strings.TrimSuffix(e.etag, `"`)+`-gz"`)
			body = e.enc.Gzip
		}
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" && inm == hd.Get("ETag") {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if hd.Get("Content-Encoding") != "" && r.Header.Get("Range") == "" {
		// ServeContent leaves the length out for encoded bodies: give it,
		// so that the browser knows how much is coming.
		hd.Set("Content-Length", strconv.Itoa(len(body)))
	}
	// ServeContent handles Range and HEAD; with the content type and
	// encoding set it sends the bytes as they are.
	http.ServeContent(w, r, "", e.mod, bytes.NewReader(body))
}

// accepted returns the content codings the request accepts (those listed
// in Accept-Encoding without q=0), lower-cased.
func accepted(r *http.Request) map[string]bool {
	acc := map[string]bool{}
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		enc = strings.ToLower(strings.TrimSpace(enc))
		if enc == "" {
			continue
		}
		refused := false
		for _, p := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(strings.ReplaceAll(p, " ", ""), "=")
			if strings.EqualFold(k, "q") && strings.Trim(v, "0.") == "" && v != "" {
				refused = true // q=0, q=0.0, q=0.000
			}
		}
		acc[enc] = !refused
	}
	return acc
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
	if Compressible(key, int64(len(raw))) {
		var computed bool
		if e.enc, computed = CompressCached(h.DiskCache, raw); computed {
			h.mu.Lock()
			h.compressions++
			h.mu.Unlock()
		}
	}
	h.mu.Lock()
	h.cache[key] = e
	h.mu.Unlock()
	return e, nil
}

// CompressCached is Compress with a disk cache in folder cache (none if
// empty), keyed by the content's hash. It reports whether it had to
// compress.
func CompressCached(cache string, raw []byte) (Compressed, bool) {
	sum := sha256.Sum256(raw)
	if c, ok := readDisk(cache, sum); ok {
		return c, false
	}
	c := Compress(raw)
	writeDisk(cache, sum, c)
	return c, true
}

// diskNames returns the disk cache's files for content with hash sum (the
// version tag changes when Compress's settings do).
func diskNames(cache string, sum [32]byte) (br, gz string) {
	base := filepath.Join(cache, "v1-"+hex.EncodeToString(sum[:]))
	return base + ".br", base + ".gz"
}

// readDisk returns the cached encodings of content with hash sum, if both
// are there. An empty file stands for "not worth it" (nil).
func readDisk(cache string, sum [32]byte) (Compressed, bool) {
	if cache == "" {
		return Compressed{}, false
	}
	brName, gzName := diskNames(cache, sum)
	br, err1 := os.ReadFile(brName)
	gz, err2 := os.ReadFile(gzName)
	if err1 != nil || err2 != nil {
		return Compressed{}, false
	}
	c := Compressed{Brotli: br, Gzip: gz}
	if len(br) == 0 {
		c.Brotli = nil
	}
	if len(gz) == 0 {
		c.Gzip = nil
	}
	return c, true
}

// writeDisk stores encodings in the disk cache; failures only cost a
// compression next time.
func writeDisk(cache string, sum [32]byte, c Compressed) {
	if cache == "" || os.MkdirAll(cache, 0o755) != nil {
		return
	}
	brName, gzName := diskNames(cache, sum)
	for name, b := range map[string][]byte{brName: c.Brotli, gzName: c.Gzip} {
		tmp, err := os.CreateTemp(cache, ".tmp-*")
		if err != nil {
			return
		}
		_, werr := tmp.Write(b)
		if cerr := tmp.Close(); werr != nil || cerr != nil || os.Rename(tmp.Name(), name) != nil {
			os.Remove(tmp.Name())
			return
		}
	}
}
