package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nfimatch/nfimatch/batch"
	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/fixtures"
	"github.com/nfimatch/nfimatch/matcher"
	"github.com/nfimatch/nfimatch/rules"
)

func size() int {
	if n, err := strconv.Atoi(os.Getenv("NFIMATCH_BENCH_PENSIONERS")); err == nil && n > 0 {
		return n
	}
	return 20000
}

// borough writes a generated borough with n pensioners and n deceased
// records to a temporary folder and returns its job file and its truth.
func borough(b *testing.B, n int) (string, []fixtures.Truth) {
	b.Helper()
	cfg := fixtures.DefaultConfig()
	cfg.Pensioners, cfg.Deceased, cfg.Cases, cfg.Decoys = n, n, n/50, n/200
	g, err := fixtures.Generate(cfg)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if err := g.WriteFiles(dir, "out"); err != nil {
		b.Fatal(err)
	}
	return filepath.Join(dir, fixtures.JobFile), g.Truth
}

// accuracy scores matches against the truth: recall is the share of
// injected cases reported, precision the share of reports that are cases.
func accuracy(res *matcher.Result, left, right *matcher.Table, truth []fixtures.Truth) (recall, precision float64) {
	cases := map[[2]string]bool{}
	for _, t := range truth {
		if t.Kind == fixtures.TruthCase {
			cases[[2]string{t.PensionRef, t.DeceasedRef}] = true
		}
	}
	lref, rref := left.Col("record_id"), right.Col("record_id")
	found := 0
	for _, m := range res.Matches {
		if cases[[2]string{left.Text(lref, m.Left), right.Text(rref, m.Right)}] {
			found++
		}
	}
	return float64(found) / float64(len(cases)), float64(found) / float64(len(res.Matches))
}

// peakRSS returns the process's peak resident memory in MiB (Linux), or 0.
func peakRSS() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			kb, _ := strconv.ParseFloat(strings.Fields(line)[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkJob runs the whole job: delimited files in, Parquet report out.
func BenchmarkJob(b *testing.B) {
	n := size()
	jobPath, _ := borough(b, n)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("pensioners=%d/workers=%d", n, workers), func(b *testing.B) {
			job, err := batch.LoadJob(jobPath)
			if err != nil {
				b.Fatal(err)
			}
			opts := batch.DefaultOptions()
			opts.Matcher.Workers = workers
			var sum *batch.Summary
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if sum, err = batch.Run(context.Background(), job, opts); err != nil {
					b.Fatal(err)
				}
			}
			records := float64(sum.Datasets[0].Stats.Read + sum.Datasets[1].Stats.Read)
			b.ReportMetric(records*float64(b.N)/b.Elapsed().Seconds(), "records/s")
			b.ReportMetric(float64(sum.Reports[0].Result.Compared), "pairs")
			b.ReportMetric(float64(sum.Reports[0].Written.Matches), "matches")
			b.ReportMetric(peakRSS(), "peak-MiB")
		})
	}
}

// BenchmarkScore runs the matching stage alone on tables already loaded.
func BenchmarkScore(b *testing.B) {
	n := size()
	jobPath, truth := borough(b, n)
	dir := filepath.Dir(jobPath)
	load := func(ds *extract.Dataset, file, body string) *matcher.Table {
		f, err := os.Open(filepath.Join(dir, file))
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		rr, err := extract.NewDelimitedReader(context.Background(), f, file, ds, body, extract.DefaultDelimitedConfig(), nil)
		if err != nil {
			b.Fatal(err)
		}
		defer rr.Release()
		t, err := matcher.NewTable(context.Background(), ds, rr)
		if err != nil {
			b.Fatal(err)
		}
		return t
	}
	left := load(extract.Pensions, fixtures.PensionsFile, "Eastbrook")
	right := load(extract.Deceased, fixtures.DeceasedFile, "DWP")
	r, err := rules.Lookup("pensions-deceased")
	if err != nil {
		b.Fatal(err)
	}
	plan, err := matcher.CompileRule(r)
	if err != nil {
		b.Fatal(err)
	}
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("pensioners=%d/workers=%d", n, workers), func(b *testing.B) {
			cfg := matcher.DefaultConfig()
			cfg.Workers = workers
			eng, err := matcher.New(cfg)
			if err != nil {
				b.Fatal(err)
			}
			var res *matcher.Result
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if res, err = eng.Run(context.Background(), plan, left, right); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.Compared)*float64(b.N)/b.Elapsed().Seconds(), "pairs/s")
			b.ReportMetric(float64(res.Compared), "pairs")
			recall, precision := accuracy(res, left, right, truth)
			b.ReportMetric(recall, "recall")
			b.ReportMetric(precision, "precision")
			b.ReportMetric(peakRSS(), "peak-MiB")
		})
	}
}
