package engine

import (
	"fmt"
	"testing"
)

// BenchmarkCycle measures one full training cycle (window forward and
// backward, update, structural bookkeeping) of fixed-size networks with the
// paper's alphabet of 4 and window of 40. Where the platform can tell, it
// also reports cpu-ns/op, the CPU time per cycle, which a busy machine
// inflates less than the wall time.
func BenchmarkCycle(b *testing.B) {
	for _, n := range []int{10, 40, 100} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			cfg, err := Preset(PresetFixed, n)
			if err != nil {
				b.Fatal(err)
			}
			e, err := New(cfg)
			if err != nil {
				b.Fatal(err)
			}
			if err := e.Run(10); err != nil {
				b.Fatal(err)
			}
			defer lockThread()()
			b.ReportAllocs()
			b.ResetTimer()
			cpu0, ok := threadCPU()
			for i := 0; i < b.N; i++ {
				if err := e.Step(); err != nil {
					b.Fatal(err)
				}
			}
			if cpu1, _ := threadCPU(); ok {
				b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
			}
		})
	}
}
