package offline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// page writes a small fake repository: the page's files, leftovers, private
// files and files that are not the page's.
func page(t *testing.T) string {
	root := t.TempDir()
	for name, body := range map[string]string{
		"index.html":               "<!DOCTYPE html>",
		"sw.js":                    "'use strict';",
		"web/app.js":               "export {}",
		"web/engine.wasm":          "\x00asm",
		"web/manifest.webmanifest": "{}",
		"web/figures/fig1.png":     "\x89PNG",
		"web/figures/runs/a.csv":   "raw run",
		"web/.gitignore":           "private",
		"web/engine.wasm.br":       "stale copy",
		"README.md":                "not the page",
		"docs/testing.md":          "not the page",
	} {
		write(t, root, name, body)
	}
	return root
}

func write(t *testing.T, root, name, body string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(name))
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFilesAreThePage(t *testing.T) {
	root := page(t)
	files, err := Files(root)
	if err != nil {
		t.Fatal(err)
	}
	want := "index.html web/app.js web/engine.wasm web/figures/fig1.png web/manifest.webmanifest"
	if got := strings.Join(files, " "); got != want {
		t.Errorf("files %q, want %q", got, want)
	}
	if _, err := Files(t.TempDir()); err == nil {
		t.Error("a folder without index.html has files")
	}
}

func TestManifestHashesAndTypes(t *testing.T) {
	root := page(t)
	m, err := Build(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != 5 || len(m.Version) != 16 {
		t.Fatalf("manifest: %d files, version %q", len(m.Files), m.Version)
	}
	types := map[string]string{}
	for _, f := range m.Files {
		types[f.Path] = f.Type
		if f.Path == "index.html" && (f.SHA256 != sha("<!DOCTYPE html>") || f.Size != 15) {
			t.Errorf("index.html: %+v", f)
		}
	}
	for path, want := range map[string]string{"index.html": "text/html", "web/engine.wasm": "application/wasm",
		"web/app.js": "text/javascript", "web/manifest.webmanifest": "application/manifest+json"} {
		if !strings.HasPrefix(types[path], want) {
			t.Errorf("%s is cached as %q, want %s", path, types[path], want)
		}
	}
	// The script starts with the list, as JSON, then the worker's code.
	script := string(m.Script())
	line, rest, _ := strings.Cut(strings.SplitN(script, "\n", 2)[1], "\n")
	var got Manifest
	if !strings.HasPrefix(line, "self.BUILD = ") || json.Unmarshal([]byte(strings.TrimSuffix(strings.TrimPrefix(line, "self.BUILD = "), ";")), &got) != nil {
		t.Fatalf("the script does not start with the build: %.200s", script)
	}
	if got.Version != m.Version || len(got.Files) != len(m.Files) || got.Files[2] != m.Files[2] || rest != "'use strict';" {
		t.Errorf("the script's build %+v differs from %+v, or its code is %q", got, m, rest)
	}
}

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// TestVersionFollowsContent: the version changes with any file's bytes, a
// file added or removed, or the worker's code, and only then.
func TestVersionFollowsContent(t *testing.T) {
	root := page(t)
	v := func() string {
		t.Helper()
		m, err := Build(root)
		if err != nil {
			t.Fatal(err)
		}
		return m.Version
	}
	seen := map[string]string{}
	check := func(what string) {
		t.Helper()
		got := v()
		if prev, ok := seen[got]; ok {
			t.Errorf("%s: version %s, the same as after %s", what, got, prev)
		}
		seen[got] = what
	}
	check("start")
	a := v()
	write(t, root, "README.md", "changed, not the page")
	write(t, root, "web/figures/runs/a.csv", "another raw run")
	if v() != a {
		t.Error("a file outside the page changed the version")
	}
	write(t, root, "web/engine.wasm", "\x00asm2")
	check("a changed module")
	write(t, root, "web/new.js", "export {}")
	check("a new file")
	os.Remove(filepath.Join(root, "web/new.js"))
	os.Remove(filepath.Join(root, "web/figures/fig1.png"))
	check("a removed file")
	write(t, root, "sw.js", "'use strict'; // new code")
	check("new worker code")
	os.Remove(filepath.Join(root, "sw.js"))
	if _, err := Build(root); err == nil {
		t.Error("a build without the worker's code")
	}
}

// TestHandlerServesTheCurrentWorker: /sw.js is the worker of the files as
// they are now; other paths go to the next handler.
func TestHandlerServesTheCurrentWorker(t *testing.T) {
	root := page(t)
	srv := httptest.NewServer(Handler(root, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "next: "+r.URL.Path)
	})))
	defer srv.Close()
	get := func(path string) (string, http.Header) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %s %s", path, resp.Status, b)
		}
		return string(b), resp.Header
	}
	if body, _ := get("/web/app.js"); body != "next: /web/app.js" {
		t.Errorf("other paths: %q", body)
	}
	if body, _ := get("/web/sw.js"); body != "next: /web/sw.js" {
		t.Errorf("only the root's sw.js is the worker: %q", body)
	}
	m, _ := Build(root)
	body, hd := get("/sw.js")
	if body != string(m.Script()) || !strings.HasPrefix(hd.Get("Content-Type"), "text/javascript") || hd.Get("Cache-Control") != "no-cache" {
		t.Errorf("sw.js: %q, headers %v", body[:min(len(body), 200)], hd)
	}
	// A rebuilt file gives a new worker at once.
	write(t, root, "web/app.js", "export const rebuilt = 1")
	later := time.Now().Add(2 * time.Second)
	os.Chtimes(filepath.Join(root, "web/app.js"), later, later)
	m2, _ := Build(root)
	if body2, _ := get("/sw.js"); body2 != string(m2.Script()) || m2.Version == m.Version {
		t.Errorf("after a rebuild, sw.js is still the old worker (version %s, want %s)", m.Version, m2.Version)
	}
	// Without the page there is no worker (an error, not an empty list).
	os.Remove(filepath.Join(root, "index.html"))
	resp, err := http.Get(srv.URL + "/sw.js")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == 200 {
		t.Error("a worker without a page")
	}
}
