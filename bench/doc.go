// Package bench measures nfimatch's speed and memory on generated data.
//
// Run with make bench, or go test -bench . ./bench/. NFIMATCH_BENCH_PENSIONERS
// sets the size (default 20,000 pensioners and as many deceased records).
// Each benchmark reports records/s, candidate pairs/s and the process's
// peak resident memory, and runs at 1 and 2 workers in the same process so
// that figures can be quoted as ratios. BenchmarkScore also reports recall
// and precision against the generated borough's truth.
package bench
