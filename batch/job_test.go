package batch_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nfimatch/nfimatch/batch"
)

const goodJob = `version: 1
name: test
output: out
datasets:
  - id: pensions
    type: pensions
    body: Test Council
    path: pensions.csv
  - id: deceased
    type: deceased
    body: DWP
    path: deceased.csv
reports:
  - rule: pensions-deceased
    left: pensions
    right: deceased
`

func writeJob(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "job.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadJobRejects(t *testing.T) {
	tests := []struct {
		name, from, to string
		want           []string
	}{
		{"unknown key with its line", "name: test", "name: test\ncolour: red", []string{"line 3", "colour"}},
		{"unknown dataset type", "type: deceased", "type: dead", []string{`dataset deceased: unknown dataset type "dead"`}},
		{"report names a missing dataset", "right: deceased", "right: deaths", []string{`no dataset with id "deaths"`}},
		{"rule and file both given", "rule: pensions-deceased", "rule: pensions-deceased\n    file: x.yaml", []string{"exactly one of rule"}},
		{"bad delimiter", "path: deceased.csv", "path: deceased.csv\n    delimiter: \"#\"", []string{`delimiter "#"`}},
		{"no output", "output: out", "output: \"\"", []string{"output: required"}},
		{"dataset id that climbs out", "id: pensions\n", "id: ../pensions\n", []string{`id "../pensions": use letters`}},
		{"report name with a separator", "rule: pensions-deceased", "rule: pensions-deceased\n    name: a/b", []string{`report name "a/b": use letters`}},
		{"missing mapping file", "path: deceased.csv", "path: deceased.csv\n    mapping: nowhere.yaml", []string{"dataset deceased: read mapping", "nowhere.yaml"}},
		{"no path", "    path: deceased.csv\n", "", []string{"dataset deceased: path: required"}},
		{"datasets and left given", "right: deceased", "right: deceased\n    datasets: [pensions]", []string{"give left and right (a rule that links two datasets) or datasets (a rule that searches within one), not both"}},
		{"neither datasets nor right", "    right: deceased\n", "", []string{"give left and right (a rule that links two datasets) or datasets"}},
		{"dataset searched twice", "    left: pensions\n    right: deceased\n", "    datasets: [pensions, pensions]\n", []string{`datasets: "pensions" is listed twice`}},
		{"one dataset on both sides of a link", "right: deceased", "right: [deceased, pensions]", []string{`dataset "pensions" is on both sides: a link compares two datasets`}},
		{"every problem listed", "body: DWP", "body: \"\"\n    delimiter: \"#\"", []string{"body: required", `delimiter "#"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := batch.LoadJob(writeJob(t, strings.Replace(goodJob, tt.from, tt.to, 1)))
			if !errors.Is(err, batch.ErrInvalidJob) {
				t.Fatalf("LoadJob = %v, want ErrInvalidJob", err)
			}
			for _, w := range append(tt.want, "job.yaml") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestRunFailsCleanly(t *testing.T) {
	tests := []struct {
		name, from, to string
		want           string
	}{
		{"rule sides do not fit the datasets", "left: pensions\n    right: deceased", "left: deceased\n    right: pensions", "rule pensions-deceased links pensions to deceased"},
		{"missing input file", "", "", "no such file or directory"},
		{"missing rule file", "rule: pensions-deceased", "file: my-rule.yaml", "my-rule.yaml"},
		{"link rule given datasets", "    left: pensions\n    right: deceased\n", "    datasets: [pensions]\n", "rule pensions-deceased links pensions to deceased: give the report left and right instead of datasets"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeJob(t, strings.Replace(goodJob, tt.from, tt.to, 1))
			job, err := batch.LoadJob(path)
			if err != nil {
				t.Fatal(err)
			}
			_, err = batch.Run(context.Background(), job, batch.DefaultOptions())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Run = %v, want an error mentioning %q", err, tt.want)
			}
			if entries, _ := os.ReadDir(filepath.Join(filepath.Dir(path), "out", "reports")); len(entries) > 0 {
				t.Errorf("a failed run left %d files in out/reports", len(entries))
			}
		})
	}
}

func TestRunRejectsFileWithoutRequiredColumn(t *testing.T) {
	path := writeJob(t, goodJob)
	dir := filepath.Dir(path)
	os.WriteFile(filepath.Join(dir, "pensions.csv"), []byte("record_id,surname\nP1,Smith\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "deceased.csv"), []byte("record_id,surname,date_of_birth\nD1,Smith,01011940\n"), 0o644)
	job, err := batch.LoadJob(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = batch.Run(context.Background(), job, batch.DefaultOptions())
	if err == nil || !strings.Contains(err.Error(), "deceased.csv") || !strings.Contains(err.Error(), "date_of_death") {
		t.Fatalf("Run = %v, want an error naming deceased.csv and date_of_death", err)
	}
	for _, sub := range []string{"reports", "rejects"} {
		entries, _ := os.ReadDir(filepath.Join(dir, "out", sub))
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), "deceased") || strings.HasSuffix(e.Name(), ".parquet") || strings.Contains(e.Name(), "partial") {
				t.Errorf("a failed run left out/%s/%s", sub, e.Name())
			}
		}
	}
}
