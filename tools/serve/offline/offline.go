// Package offline decides what the page's service worker keeps for use
// without a network: the page's files (index.html and web/, the files
// make site ships), each with its SHA-256 and content type, under a
// version that is the hash of that list and of the worker's own code.
//
// Script writes the service worker: the repository's sw.js (the worker's
// code, beside index.html so that its scope is the page's folder) with the
// build's list prepended. A new build has a new list, so a new script,
// which the browser installs into a new cache (checking every file's hash,
// so that a cache never mixes two builds); the old cache is deleted when
// the new worker takes over. Handler serves the script for the dev server
// (made afresh when a file changes); make site writes it into the site.
package offline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/diffstruct/diffstruct/tools/serve/static"
)

// ScriptName is the service worker's file, relative to the page's root.
const ScriptName = "sw.js"

// Skipped reports whether a path (slash-separated, relative to the
// repository root) stays out of the page's files: dot-files, the raw runs
// of the figures, and precompressed copies.
func Skipped(rel string, dir bool) bool {
	for _, part := range strings.Split(rel, "/") {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	if dir {
		return rel == "web/figures/runs"
	}
	return strings.HasSuffix(rel, ".br") || strings.HasSuffix(rel, ".gz")
}

// Files returns the page's files under root, sorted: index.html and every
// file under web/ that Skipped keeps. It is what make site copies and what
// the service worker caches.
func Files(root string) ([]string, error) {
	if _, err := os.Stat(filepath.Join(root, "index.html")); err != nil {
		return nil, fmt.Errorf("%s has no index.html: %w", root, err)
	}
	files := []string{"index.html"}
	err := filepath.WalkDir(filepath.Join(root, "web"), func(name string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, name)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if Skipped(rel, de.IsDir()) {
			if de.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !de.IsDir() && de.Type().IsRegular() {
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	return files, nil
}

// Entry is one file the service worker caches.
type Entry struct {
	Path   string `json:"path"`   // slash-separated, relative to the page's root
	SHA256 string `json:"sha256"` // hex, of the file's bytes (not of a compressed copy)
	Type   string `json:"type"`   // the content type the cache answers with
	Size   int64  `json:"size"`
}

// Manifest is one build of the page as the service worker sees it.
type Manifest struct {
	// Version names the build: the first 16 hex digits of the SHA-256 of
	// the worker's code and of every file's path and hash. Any change to
	// a file, a file added or removed, or new worker code gives a new one.
	Version string  `json:"version"`
	Files   []Entry `json:"files"`
	code    []byte  // the worker's code (sw.js as in the repository)
}

// Build reads the page's files under root and its service worker's code
// (root/sw.js) and returns the manifest.
func Build(root string) (Manifest, error) {
	code, err := os.ReadFile(filepath.Join(root, ScriptName))
	if err != nil {
		return Manifest{}, fmt.Errorf("the service worker's code: %w", err)
	}
	files, err := Files(root)
	if err != nil {
		return Manifest{}, err
	}
	m := Manifest{code: code}
	for _, rel := range files {
		raw, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			return Manifest{}, err
		}
		sum := sha256.Sum256(raw)
		m.Files = append(m.Files, Entry{Path: rel, SHA256: hex.EncodeToString(sum[:]), Type: static.ContentType(rel), Size: int64(len(raw))})
	}
	m.Version = version(code, m.Files)
	return m, nil
}

// version hashes the worker's code and the file list.
func version(code []byte, files []Entry) string {
	h := sha256.New()
	sum := sha256.Sum256(code)
	fmt.Fprintf(h, "%x\n", sum)
	for _, f := range files {
		fmt.Fprintf(h, "%s\x00%s\n", f.Path, f.SHA256)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// Script returns the service worker as served: a line defining BUILD (the
// manifest as JSON) and then the worker's code. Served without that line
// (sw.js straight from the repository), the worker caches nothing.
func (m Manifest) Script() []byte {
	list, _ := json.Marshal(struct {
		Version string  `json:"version"`
		Files   []Entry `json:"files"`
	}{m.Version, m.Files})
	var b strings.Builder
	b.WriteString("// Written by tools/serve (package offline) from sw.js: this build's files, for the cache.\n")
	b.WriteString("self.BUILD = ")
	b.Write(list)
	b.WriteString(";\n")
	b.Write(m.code)
	return []byte(b.String())
}

// Handler serves the service worker of the page under root at /sw.js and
// passes every other request to next. The script is rebuilt when a page's
// file changes (by size or modification time), so a rebuilt page reaches
// the browsers that cached the old one at their next visit.
func Handler(root string, next http.Handler) http.Handler {
	h := &handler{root: root, next: next}
	return h
}

type handler struct {
	root string
	next http.Handler
	mu   sync.Mutex
	key  string // the files' sizes and times when script was made
	body []byte
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/"+ScriptName {
		h.next.ServeHTTP(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := h.script()
	if err != nil {
		http.Error(w, "no service worker: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", static.ContentType(ScriptName))
	hd.Set("Cache-Control", "no-cache")
	hd.Set("X-Content-Type-Options", "nosniff")
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}

// script returns the current script, rebuilding it when a file changed.
func (h *handler) script() ([]byte, error) {
	key, err := stamp(h.root)
	if err != nil {
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if key == h.key && h.body != nil {
		return h.body, nil
	}
	m, err := Build(h.root)
	if err != nil {
		return nil, err
	}
	h.key, h.body = key, m.Script()
	return h.body, nil
}

// stamp describes the page's files and the worker's code by name, size and
// modification time: it changes when any of them does.
func stamp(root string) (string, error) {
	files, err := Files(root)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, rel := range append(files, ScriptName) {
		fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "%s %d %d\n", rel, fi.Size(), fi.ModTime().UnixNano())
	}
	return b.String(), nil
}
