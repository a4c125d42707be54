// Package bench measures nfimatch's speed, memory and accuracy.
//
// make bench runs BenchmarkPeople on a generated person link job
// (WritePeople) at NFIMATCH_BENCH_PEOPLE records a side (make bench sets
// 1,000,000; go test -bench alone runs 20,000): the whole job, files in and
// Parquet out; the matching stage on tables in memory, per core; and the
// same blocking and comparisons as SQL in an embedded DuckDB, so that the
// figures are ratios within one run. The borough benchmarks
// (NFIMATCH_BENCH_PENSIONERS, default 20,000 pensioners) and payroll
// extraction run beside it. Each reports records/s, pairs/s and the
// process's peak resident memory.
//
// make accuracy runs the accuracy command (bench/accuracy) on the public
// benchmarks in ../shared/data; make bench-scale writes ten million records
// a side with the people command (bench/cmd/people) and runs them under a
// memory budget.
package bench
