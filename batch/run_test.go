package batch_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nfimatch/nfimatch/batch"
	"github.com/nfimatch/nfimatch/extract"
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

// TestRunWithMapping reads the deceased file without its header row, through
// a mapping that names its columns in order, and gets the same report as the
// file with its header.
func TestRunWithMapping(t *testing.T) {
	dir, _ := demo(t, 2)
	want, err := os.ReadFile(filepath.Join(dir, "out", "reports", "pensions-deceased.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	deceased := filepath.Join(dir, fixtures.DeceasedFile)
	data, err := os.ReadFile(deceased)
	if err != nil {
		t.Fatal(err)
	}
	header, body, _ := strings.Cut(string(data), "\n")
	var mapping strings.Builder
	mapping.WriteString("version: 1\ndataset: deceased\ndelimiter: '|'\nheader: false\ncolumns:\n")
	for i := range strings.Split(strings.TrimSpace(header), "|") {
		fmt.Fprintf(&mapping, "  - name: C%d\n", i+1)
	}
	mapping.WriteString("fields:\n")
	for i, h := range strings.Split(strings.TrimSpace(header), "|") {
		ds, _ := extract.Lookup("deceased")
		for _, f := range ds.Fields {
			if strings.EqualFold(strings.ReplaceAll(h, " ", "_"), f.Name) || slices.ContainsFunc(f.Aliases, func(a string) bool { return strings.EqualFold(a, h) }) {
				fmt.Fprintf(&mapping, "  %s: C%d\n", f.Name, i+1)
			}
		}
	}
	if err := os.WriteFile(deceased, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "deceased.map.yaml"), []byte(mapping.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	jobPath := filepath.Join(dir, fixtures.JobFile)
	jobText, err := os.ReadFile(jobPath)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(jobText), "path: "+fixtures.DeceasedFile, "path: "+fixtures.DeceasedFile+"\n    mapping: deceased.map.yaml", 1)
	if edited == string(jobText) {
		t.Fatalf("job file has no deceased path to edit:\n%s", jobText)
	}
	os.WriteFile(jobPath, []byte(edited), 0o600)
	job, err := batch.LoadJob(jobPath)
	if err != nil {
		t.Fatal(err)
	}
	opts := batch.DefaultOptions()
	opts.Version = "test"
	sum, err := batch.Run(context.Background(), job, opts)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "out", "reports", "pensions-deceased.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("the report from the mapped, header-less file differs from the one with a header")
	}
	for _, d := range sum.Datasets {
		if d.Stats.Read != d.Stats.Loaded+d.Stats.Rejected || d.Stats.Loaded == 0 {
			t.Errorf("%s: read %d, loaded %d, rejected %d", d.ID, d.Stats.Read, d.Stats.Loaded, d.Stats.Rejected)
		}
	}
}

// TestLinkSideReadFromSeveralFiles: the demo pensions split into two files
// and linked as left: [a, b] give the same matches as the one file.
func TestLinkSideReadFromSeveralFiles(t *testing.T) {
	dir, sum := demo(t, 2)
	want := sum.Reports[0].Written.Matches
	data, err := os.ReadFile(filepath.Join(dir, fixtures.PensionsFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	header, rows := lines[0], lines[1:]
	half := len(rows) / 2
	os.WriteFile(filepath.Join(dir, "pensions-a.csv"), []byte(header+strings.Join(rows[:half], "")), 0o644)
	os.WriteFile(filepath.Join(dir, "pensions-b.csv"), []byte(header+strings.Join(rows[half:], "")), 0o644)
	job := `version: 1
output: split
datasets:
  - {id: pensions_a, type: pensions, body: Eastbrook Borough Council, path: pensions-a.csv}
  - {id: pensions_b, type: pensions, body: Eastbrook Borough Council, path: pensions-b.csv}
  - {id: deceased, type: deceased, body: DWP, path: deceased.csv}
reports:
  - {rule: pensions-deceased, left: [pensions_a, pensions_b], right: deceased}
`
	path := filepath.Join(dir, "split.yaml")
	if err := os.WriteFile(path, []byte(job), 0o644); err != nil {
		t.Fatal(err)
	}
	j, err := batch.LoadJob(path)
	if err != nil {
		t.Fatal(err)
	}
	split, err := batch.Run(context.Background(), j, batch.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if got := split.Reports[0].Written; got.Matches != want || got.Matches == 0 || got.Overpaid != sum.Reports[0].Written.Overpaid {
		t.Errorf("split pensions: %d matches, %d pence; one file: %d matches, %d pence", got.Matches, got.Overpaid, want, sum.Reports[0].Written.Overpaid)
	}
	if len(split.Datasets) != 3 {
		t.Errorf("split run read %d datasets, want 3", len(split.Datasets))
	}
}
