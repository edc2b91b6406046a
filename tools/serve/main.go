// Command serve serves the demo page locally: the repository root as static
// files, WebAssembly with its own content type and everything compressible
// gzip-compressed (once per file, cached).
//
//	go run ./tools/serve [-addr 127.0.0.1:8080] [-dir .]
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
	if err := fs.Parse(args); err != nil {
		return err
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
	if err := h.Warm("web"); err != nil {
		return err
	}
	fmt.Printf("serving %s at http://%s/\n", *dir, ln.Addr())
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
