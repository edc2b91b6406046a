//go:build js && wasm

package ff

import (
	"syscall/js"
	"time"
)

// threadCPU returns the CPU time of the JavaScript host's process (node's
// process.cpuUsage), where there is one: the WebAssembly build runs on one
// thread, and after the warm-up the host's other threads do little.
func threadCPU() (time.Duration, bool) {
	proc := js.Global().Get("process")
	if proc.Type() != js.TypeObject || proc.Get("cpuUsage").Type() != js.TypeFunction {
		return 0, false
	}
	u := proc.Call("cpuUsage")
	us := u.Get("user").Float() + u.Get("system").Float()
	return time.Duration(us * float64(time.Microsecond)), true
}

func lockThread() func() { return func() {} }
