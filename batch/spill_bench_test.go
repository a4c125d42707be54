package batch_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/nfimatch/nfimatch/batch"
	"github.com/nfimatch/nfimatch/fixtures"
)

// BenchmarkSpilledRun runs one generated borough (NFIMATCH_BENCH_PENSIONERS
// pensioners and as many deceased, default 100,000) in memory and under a
// memory budget of a sixth of what the in-memory run needs, and reports
// time and peak resident memory. Run each case in its own process
// (-bench 'SpilledRun/mode=memory', then 'mode=budget') for a clean peak.
func BenchmarkSpilledRun(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("NFIMATCH_BENCH_PENSIONERS")); err == nil && v > 0 {
		n = v
	}
	dir := b.TempDir()
	cfg := fixtures.DefaultConfig()
	cfg.Pensioners, cfg.Deceased, cfg.Cases, cfg.Decoys = n, n, n/50, n/200
	g, err := fixtures.Generate(cfg)
	if err != nil {
		b.Fatal(err)
	}
	if err := g.WriteFiles(dir, "out"); err != nil {
		b.Fatal(err)
	}
	job, err := batch.LoadJob(filepath.Join(dir, fixtures.JobFile))
	if err != nil {
		b.Fatal(err)
	}
	g = nil
	// A budget of 64 MiB per 100,000 records a side is under what the
	// in-memory run holds.
	budget := int64(n) * 64 << 20 / 100_000
	for _, mode := range []string{"memory", "budget"} {
		b.Run("mode="+mode, func(b *testing.B) {
			opts := batch.DefaultOptions()
			if mode == "budget" {
				opts.MemoryBudget = budget
				defer debug.SetMemoryLimit(debug.SetMemoryLimit(budget))
			}
			var sum *batch.Summary
			runtime.GC()
			debug.FreeOSMemory()
			resetPeakRSS()
			start := statusMiB("VmRSS:")
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if sum, err = batch.Run(context.Background(), job, opts); err != nil {
					b.Fatal(err)
				}
			}
			r := sum.Reports[0]
			b.ReportMetric(statusMiB("VmHWM:"), "peak-MiB")
			b.ReportMetric(start, "start-MiB")
			b.ReportMetric(float64(budget>>20), "budget-MiB")
			b.ReportMetric(float64(r.Partitions), "partitions")
			b.ReportMetric(float64(r.Result.Compared), "pairs")
			b.ReportMetric(float64(r.Written.Matches), "matches")
			b.ReportMetric(r.Elapsed.Seconds(), "match-s")
		})
	}
}

// resetPeakRSS starts the process's peak resident memory again (Linux).
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// statusMiB returns a memory figure of /proc/self/status, such as VmHWM:
// (peak resident memory), in MiB, or 0 off Linux.
func statusMiB(field string) float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, field) {
			var kb float64
			fmt.Sscan(strings.Fields(line)[1], &kb)
			return kb / 1024
		}
	}
	return 0
}
