package site

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/diffstruct/diffstruct/tools/serve/offline"
)

// repo writes a small fake repository with the page's files, build
// leftovers and private files.
func repo(t *testing.T) string {
	root := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range Required {
		write(f, f+strings.Repeat(" filler", 200))
	}
	write("sw.js", "// the service worker's code"+strings.Repeat(" filler", 200))
	write("web/style.css", "body{}")
	write("web/figures/fig1.png", "\x89PNG")
	write("web/figures/runs/v2-easy/c3000/seed-01.csv", "raw run")
	write("web/.gitignore", "secret")
	write("web/old.wasm.br", "stale copy")
	write("README.md", "not part of the page")
	write("core/engine/engine.go", "package engine")
	return root
}

func TestBuildWritesThePageAndCopies(t *testing.T) {
	root := repo(t)
	out := filepath.Join(t.TempDir(), "site")
	files, err := Build(root, out, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	filepath.WalkDir(out, func(name string, de os.DirEntry, err error) error {
		if err == nil && !de.IsDir() {
			rel, _ := filepath.Rel(out, name)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	})
	want := []string{".diffstruct-site", "index.html", "index.html.br", "index.html.gz",
		"web/diffstruct.wasm", "web/diffstruct.wasm.br", "web/diffstruct.wasm.gz",
		"web/engine.wasm", "web/engine.wasm.br", "web/engine.wasm.gz", "web/figures/fig1.png",
		"web/graph.html", "web/graph.html.br", "web/graph.html.gz", "web/style.css",
		"web/wasm_exec.js", "web/wasm_exec.js.br", "web/wasm_exec.js.gz",
		"web/worker.js", "web/worker.js.br", "web/worker.js.gz"}
	want = append(want[:4], append([]string{"sw.js", "sw.js.br", "sw.js.gz"}, want[4:]...)...)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("site holds\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(files) != 9 {
		t.Errorf("%d files reported, want 9", len(files))
	}
	// The service worker lists this build's files: the page's, not the
	// leftovers, each with its hash.
	m, err := offline.Build(root)
	if err != nil {
		t.Fatal(err)
	}
	if sw, _ := os.ReadFile(filepath.Join(out, "sw.js")); !bytes.Equal(sw, m.Script()) || len(m.Files) != 8 {
		t.Errorf("the site's sw.js is not the build's service worker (%d files listed)", len(m.Files))
	}
	// Every copy decodes to its file.
	for _, f := range files {
		raw, _ := os.ReadFile(filepath.Join(out, f.Path))
		if f.Path == "sw.js" {
			continue
		}
		orig, _ := os.ReadFile(filepath.Join(root, f.Path))
		if !bytes.Equal(raw, orig) {
			t.Errorf("%s differs from the repository's", f.Path)
		}
		if f.Brotli == 0 {
			continue
		}
		br, _ := os.ReadFile(filepath.Join(out, f.Path+".br"))
		gz, _ := os.ReadFile(filepath.Join(out, f.Path+".gz"))
		dbr, err1 := io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
		zr, err2 := gzip.NewReader(bytes.NewReader(gz))
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v %v", f.Path, err1, err2)
		}
		dgz, _ := io.ReadAll(zr)
		if !bytes.Equal(dbr, raw) || !bytes.Equal(dgz, raw) || int64(len(br)) != f.Brotli || len(br) >= len(raw) {
			t.Errorf("%s: copies do not decode to the file or are not smaller", f.Path)
		}
	}
	if br, plain := Transfer(files, "br"), Transfer(files, ""); br >= Transfer(files, "gzip") || Transfer(files, "gzip") >= plain {
		t.Errorf("transfer sizes: br %d, gzip %d, plain %d", br, Transfer(files, "gzip"), plain)
	}
	// A second build replaces the first (a removed file disappears).
	os.Remove(filepath.Join(root, "web/style.css"))
	if _, err := Build(root, out, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "web/style.css")); err == nil {
		t.Error("a file removed from the page stayed in the rebuilt site")
	}
}

func TestBuildRefuses(t *testing.T) {
	root := repo(t)
	// A folder that is not an earlier site is never emptied.
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "thesis.tex"), []byte("precious"), 0o644)
	if _, err := Build(root, other, ""); err == nil {
		t.Error("Build emptied a folder it did not write")
	}
	if _, err := os.Stat(filepath.Join(other, "thesis.tex")); err != nil {
		t.Error("the foreign folder's file is gone")
	}
	// Without the built modules there is no site.
	os.Remove(filepath.Join(root, "web/engine.wasm"))
	if _, err := Build(root, filepath.Join(t.TempDir(), "site"), ""); err == nil || !strings.Contains(err.Error(), "engine.wasm") {
		t.Errorf("missing engine.wasm: %v", err)
	}
}
