package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/nfimatch/nfimatch/batch"
	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/matcher"
	"github.com/nfimatch/nfimatch/rules"
)

// peopleSize is the records a side of the person link benchmarks:
// NFIMATCH_BENCH_PEOPLE (make bench sets 1,000,000), else a size small
// enough for CI's single run.
func peopleSize() int {
	if n, err := strconv.Atoi(os.Getenv("NFIMATCH_BENCH_PEOPLE")); err == nil && n > 0 {
		return n
	}
	return 20_000
}

// resetPeak makes the kernel start the process's peak resident memory
// (VmHWM) afresh, so that each stage's peak can be read on its own; it
// does nothing where /proc/self/clear_refs cannot be written.
func resetPeak() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// BenchmarkPeople is the speed benchmark of make bench: a generated person
// link job of n records a side with a six-comparison rule, run in one
// process so that its figures can be compared as ratios:
//
//   - job: files in, Parquet report out (batch.Run): records/s, seconds,
//     peak memory;
//   - match: blocking and scoring of tables already in memory
//     (Engine.Run), at 1 worker and at every CPU: candidate pairs/s and
//     scored pairs/s per core;
//   - duckdb (cgo builds only): the same blocking and comparisons as SQL
//     in an embedded DuckDB, the way Splink runs, on the same files, on
//     one thread and on every CPU, so that each engine is compared with
//     the other at the same number of threads.
//
// match and duckdb also report the CPU seconds a run used (cpu-s/run,
// every thread of the process) and pairs per CPU second: on a machine
// shared with other work, wall times swing with the load, CPU times much
// less.
func BenchmarkPeople(b *testing.B) {
	n := peopleSize()
	dir := b.TempDir()
	if err := WritePeople(dir, n, 1); err != nil {
		b.Fatal(err)
	}
	b.Run(fmt.Sprintf("n=%d/job", n), func(b *testing.B) {
		job, err := batch.LoadJob(filepath.Join(dir, PeopleJob))
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		resetPeak()
		var sum *batch.Summary
		for b.Loop() {
			if sum, err = batch.Run(context.Background(), job, batch.DefaultOptions()); err != nil {
				b.Fatal(err)
			}
		}
		perRun := b.Elapsed().Seconds() / float64(b.N)
		b.ReportMetric(float64(2*n)/perRun, "records/s")
		b.ReportMetric(perRun, "s/run")
		b.ReportMetric(float64(sum.Reports[0].Result.Compared), "pairs")
		b.ReportMetric(peakRSS(), "peak-MiB")
	})
	left, right := loadPeople(b, dir)
	plan := peoplePlan(b, dir)
	for _, workers := range threadCounts() {
		b.Run(fmt.Sprintf("n=%d/match/workers=%d", n, workers), func(b *testing.B) {
			cfg := matcher.DefaultConfig()
			cfg.Workers = workers
			eng, err := matcher.New(cfg)
			if err != nil {
				b.Fatal(err)
			}
			var res *matcher.Result
			runtime.GC()
			start, cpu := time.Now(), cpuTime()
			for b.Loop() {
				if res, err = eng.Run(context.Background(), plan, left, right); err != nil {
					b.Fatal(err)
				}
			}
			perRun := time.Since(start).Seconds() / float64(b.N)
			cpuRun := (cpuTime() - cpu).Seconds() / float64(b.N)
			b.ReportMetric(float64(res.Compared)/perRun, "pairs/s")
			b.ReportMetric(float64(res.Compared)/perRun/float64(workers), "pairs/s/core")
			b.ReportMetric(cpuRun, "cpu-s/run")
			b.ReportMetric(float64(res.Compared)/cpuRun, "pairs/cpu-s")
			b.ReportMetric(float64(res.Compared), "pairs")
			b.ReportMetric(float64(len(res.Matches)), "matches")
		})
	}
	benchmarkDuckDB(b, dir, n)
}

// threadCounts is the worker and thread counts the people benchmarks run
// at: one, and every CPU when there is more than one.
func threadCounts() []int {
	if n := runtime.GOMAXPROCS(0); n > 1 {
		return []int{1, n}
	}
	return []int{1}
}

// loadPeople reads both people files into tables.
func loadPeople(b *testing.B, dir string) (left, right *matcher.Table) {
	b.Helper()
	load := func(file string) *matcher.Table {
		in, err := extract.OpenInput(context.Background(), extract.InputSpec{Path: filepath.Join(dir, file)},
			extract.Person, "Benchmark", extract.DefaultReaderConfig(), nil)
		if err != nil {
			b.Fatal(err)
		}
		defer in.Close()
		t, err := matcher.NewTable(context.Background(), extract.Person, in)
		if err != nil {
			b.Fatal(err)
		}
		return t
	}
	return load(PeopleLeft), load(PeopleRight)
}

func peoplePlan(b *testing.B, dir string) *matcher.Plan {
	b.Helper()
	r, err := rules.Load(filepath.Join(dir, PeopleRule))
	if err != nil {
		b.Fatal(err)
	}
	plan, err := matcher.CompileRule(r)
	if err != nil {
		b.Fatal(err)
	}
	return plan
}
