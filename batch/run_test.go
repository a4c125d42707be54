package batch_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"github.com/nfimatch/nfimatch/batch"
	"github.com/nfimatch/nfimatch/fixtures"
)

// demo writes the demo borough to a temporary folder and runs its job with
// the given number of workers.
func demo(t *testing.T, workers int) (dir string, sum *batch.Summary) {
	t.Helper()
	dir = t.TempDir()
	b, err := fixtures.Generate(fixtures.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if err := b.WriteFiles(dir, "out"); err != nil {
		t.Fatal(err)
	}
	job, err := batch.LoadJob(filepath.Join(dir, fixtures.JobFile))
	if err != nil {
		t.Fatal(err)
	}
	opts := batch.DefaultOptions()
	opts.Version = "test"
	opts.Matcher.Workers = workers
	opts.Matcher.ChunkRows = 97 // many chunks, so that workers interleave
	sum, err = batch.Run(context.Background(), job, opts)
	if err != nil {
		t.Fatal(err)
	}
	return dir, sum
}

func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func TestReportSameWhateverTheWorkers(t *testing.T) {
	dir1, _ := demo(t, 1)
	dir8, _ := demo(t, 8)
	a, err := os.ReadFile(filepath.Join(dir1, "out", "reports", "pensions-deceased.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir8, "out", "reports", "pensions-deceased.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("reports written with 1 and 8 workers differ")
	}
	if len(a) < 1000 {
		t.Errorf("report is %d bytes: too small to hold the demo's matches", len(a))
	}
}
