// Command serve serves the demo page locally: the repository root as static
// files, WebAssembly with its own content type and everything compressible
// brotli- or gzip-compressed (once per file, cached in memory and in the
// user's cache folder), and the service worker, sw.js, listing the page's
// files with their hashes so that the page works offline. With -site it
// writes the page as a static site instead (make site).
//
//	go run ./tools/serve [-addr 127.0.0.1:8080] [-dir .]
//	go run ./tools/serve -site site [-dir .]
package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/diffstruct/diffstruct/tools/serve/offline"
	"github.com/diffstruct/diffstruct/tools/serve/site"
	"github.com/diffstruct/diffstruct/tools/serve/static"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (host:port)")
	dir := fs.String("dir", ".", "directory to serve (the repository root)")
	siteDir := fs.String("site", "", "write the page as a static site into this folder (with .br and .gz copies) and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *siteDir != "" {
		return writeSite(*dir, *siteDir)
	}
	if _, err := os.Stat(filepath.Join(*dir, "index.html")); err != nil {
		return fmt.Errorf("%s has no index.html: run from the repository root or pass -dir", *dir)
	}
	for _, f := range []string{"web/diffstruct.wasm", "web/engine.wasm", "web/wasm_exec.js"} {
		if _, err := os.Stat(filepath.Join(*dir, f)); err != nil {
			fmt.Fprintf(os.Stderr, "serve: warning: %s is missing (run make web)\n", f)
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	h := static.New(*dir)
	fmt.Println("compressing the page's files (brotli's best takes a while after each build; cached in " + h.DiskCache + ")")
	if err := h.Warm("web"); err != nil {
		return err
	}
	fmt.Printf("serving %s at http://%s/\n", *dir, ln.Addr())
	// sw.js is the service worker with the files as they are now (package
	// offline): after make web, a visitor's next visit installs the new build.
	srv := &http.Server{Handler: offline.Handler(*dir, h), ReadHeaderTimeout: 10 * time.Second}
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// writeSite writes the static site and prints its weight.
func writeSite(root, out string) error {
	start := time.Now()
	files, err := site.Build(root, out, static.DefaultDiskCache())
	if err != nil {
		return err
	}
	fmt.Printf("wrote %d files to %s in %s (all files together: %.2f MB as brotli, %.2f MB as gzip, %.2f MB plain)\n",
		len(files), out, time.Since(start).Round(time.Second),
		float64(site.Transfer(files, "br"))/1e6, float64(site.Transfer(files, "gzip"))/1e6, float64(site.Transfer(files, ""))/1e6)
	return nil
}
