// Package site writes the demo page as a static site: the files a browser
// needs (index.html and web/, without build leftovers and dot-files) and,
// beside every big text or WebAssembly file, its precompressed .br and .gz
// copies, which hosts such as nginx (brotli_static, gzip_static) or Caddy
// (file_server precompressed) send as they are, and the service worker
// (sw.js, package offline) that keeps this build for use offline. Every
// URL in the page is relative, so the folder works from any host and any
// sub-path.
package site

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/diffstruct/diffstruct/tools/serve/offline"
	"github.com/diffstruct/diffstruct/tools/serve/static"
)

// Required lists the files without which the page cannot run: a site
// missing one of them is refused (run make web first).
var Required = []string{"index.html", "sw.js", "web/diffstruct.wasm", "web/engine.wasm", "web/wasm_exec.js", "web/worker.js", "web/graph.html"}

// File is one file written into the site.
type File struct {
	Path         string // slash-separated, relative to the site's root
	Size         int64  // bytes of the file itself
	Brotli, Gzip int64  // bytes of its .br and .gz copies (0: none written)
}

// Build writes the site from the repository at root into out, which it
// empties first (it refuses a folder that exists but does not look like
// an earlier site). Compressed copies are cached in cache (see
// static.CompressCached; "" for no cache). The site's sw.js is the
// service worker with this build's file list (package offline). It returns
// the files written, sorted by path.
func Build(root, out, cache string) ([]File, error) {
	for _, f := range Required {
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(f))); err != nil {
			return nil, fmt.Errorf("%s is missing (run make web): %w", f, err)
		}
	}
	if err := clean(out); err != nil {
		return nil, err
	}
	var files []File
	write := func(rel string, raw []byte) error {
		dst := filepath.Join(out, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, raw, 0o644); err != nil {
			return err
		}
		f := File{Path: rel, Size: int64(len(raw))}
		if static.Compressible(rel, f.Size) {
			c, _ := static.CompressCached(cache, raw)
			if c.Brotli != nil {
				f.Brotli = int64(len(c.Brotli))
				if err := os.WriteFile(dst+".br", c.Brotli, 0o644); err != nil {
					return err
				}
			}
			if c.Gzip != nil {
				f.Gzip = int64(len(c.Gzip))
				if err := os.WriteFile(dst+".gz", c.Gzip, 0o644); err != nil {
					return err
				}
			}
		}
		files = append(files, f)
		return nil
	}
	page, err := offline.Files(root)
	if err != nil {
		return nil, err
	}
	for _, rel := range page {
		raw, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			return nil, err
		}
		if err := write(rel, raw); err != nil {
			return nil, err
		}
	}
	m, err := offline.Build(root)
	if err != nil {
		return nil, err
	}
	if err := write(offline.ScriptName, m.Script()); err != nil {
		return nil, err
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// marker is the file that marks a folder as a site this package wrote, so
// that Build only ever empties such a folder.
const marker = ".diffstruct-site"

// clean empties out (creating it if needed) and marks it as a site.
func clean(out string) error {
	entries, err := os.ReadDir(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	case len(entries) > 0:
		if _, err := os.Stat(filepath.Join(out, marker)); err != nil {
			return fmt.Errorf("%s is not empty and was not written by make site: refusing to overwrite it", out)
		}
		if err := os.RemoveAll(out); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, marker), []byte("written by go run ./tools/serve -site; emptied by the next one\n"), 0o644)
}

// Transfer returns the bytes a browser accepting encoding ("br", "gzip" or
// "") downloads for all the site's files: each file's smallest copy it can
// decode (a browser that takes brotli takes gzip too).
func Transfer(files []File, encoding string) int64 {
	var total int64
	for _, f := range files {
		switch {
		case encoding == "br" && f.Brotli > 0:
			total += f.Brotli
		case encoding != "" && f.Gzip > 0:
			total += f.Gzip
		default:
			total += f.Size
		}
	}
	return total
}
