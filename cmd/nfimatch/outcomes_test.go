package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/nfimatch/nfimatch/report"
)

// TestOutcomesImportAndReturn follows the team's path: run, fill in the
// template, import it (a bad file first, which stores nothing), then
// export the return.
func TestOutcomesImportAndReturn(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "demo")
	if _, _, err := run(t, "fixtures", "--out", data, "--output", "../out", "--pensioners", "300", "--deceased", "300", "--cases", "8", "--decoys", "2"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := run(t, "run", "--quiet", filepath.Join(data, "job.yaml")); err != nil {
		t.Fatal(err)
	}
	reports := filepath.Join(dir, "out", "reports")
	tmpl := filepath.Join(dir, "team.csv")
	if out, _, err := run(t, "outcomes", "template", "--reports", reports, "--out", tmpl); err != nil || !strings.Contains(out, "wrote 8 match id(s)") {
		t.Fatalf("template: %q, %v", out, err)
	}
	rows := readRows(t, tmpl)
	if len(rows) != 9 || strings.Join(rows[0], ",") != "match_id,outcome,amount_to_recover,date,note" {
		t.Fatalf("template rows %v", rows)
	}

	// One bad line: nothing is stored, and the error gives the line.
	rows[1][1], rows[1][2], rows[1][3] = "fraud", "1,200.00", "05/01/2027"
	rows[2][1], rows[2][3] = "closed", "32/01/2027"
	writeRows(t, tmpl, rows[:3])
	_, _, err := run(t, "outcomes", "import", "--reports", reports, tmpl)
	if err == nil || !strings.Contains(err.Error(), "line 3: date") || !strings.Contains(err.Error(), "nothing imported") {
		t.Fatalf("import of a bad file: %v", err)
	}
	store := filepath.Join(dir, "out", "outcomes.csv")
	if _, err := os.Stat(store); !os.IsNotExist(err) {
		t.Fatalf("a refused import left a store: %v", err)
	}

	rows[2][3] = "31/01/2027"
	writeRows(t, tmpl, rows[:3])
	out, _, err := run(t, "outcomes", "import", "--reports", reports, tmpl)
	if err != nil || !strings.Contains(out, "imported 2 outcome(s): 2 new") {
		t.Fatalf("import: %q, %v", out, err)
	}
	stored := readRows(t, store)
	if len(stored) != 3 {
		t.Fatalf("store holds %v", stored)
	}

	// The batch runs again on new data: one more pensioner. The matches
	// keep their ids; the closed and fraud ones are marked previously
	// reviewed, the rest are not.
	pensions := filepath.Join(data, "pensions.csv")
	b, err := os.ReadFile(pensions)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	extra := strings.Replace(lines[len(lines)-1], "|", "X|", 1) // a new reference
	if err := os.WriteFile(pensions, []byte(strings.Join(append(lines, extra), "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, err = run(t, "run", filepath.Join(data, "job.yaml"))
	if err != nil || !strings.Contains(out, "2 of them previously reviewed") {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	prev := previouslyReviewed(t, filepath.Join(reports, "pensions-deceased.parquet"))
	if len(prev) != 8 || prev[rows[1][0]] != "fraud:true" || prev[rows[2][0]] != "closed:true" || prev[rows[3][0]] != ":false" {
		t.Errorf("second run's previous outcomes = %v", prev)
	}

	ret := filepath.Join(dir, "return")
	if out, _, err = run(t, "return", "--reports", reports, "--out", ret); err != nil || !strings.Contains(out, "wrote the return") {
		t.Fatalf("return: %q, %v", out, err)
	}
	b, err = os.ReadFile(filepath.Join(ret, "outcomes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := os.ReadFile(filepath.Join(ret, "summary.csv")); !strings.HasSuffix(string(s), "|0|2\n") {
		t.Errorf("return summary does not count 2 previously reviewed:\n%s", s)
	}
	for _, want := range []string{"|fraud|1|120000\n", "|closed|1|0\n", "|not_reviewed|6|0\n"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("return outcomes.csv lacks %q:\n%s", want, b)
		}
	}

	// The key never comes from the command line.
	t.Setenv("NFIMATCH_RETURN_KEY", "")
	if _, _, err = run(t, "return", "--reports", reports, "--out", ret, "--pseudonymise"); err == nil || !strings.Contains(err.Error(), "--key-file") {
		t.Errorf("pseudonymise without a key: %v", err)
	}
}

func readRows(t *testing.T, path string) [][]string {
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
	return rows
}

func writeRows(t *testing.T, path string, rows [][]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.WriteAll(rows)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// previouslyReviewed reads a report's match ids with their previous
// outcome and previously_reviewed flag, as "outcome:flag".
func previouslyReviewed(t *testing.T, path string) map[string]string {
	t.Helper()
	tb, err := report.ReadFile(context.Background(), path, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Release()
	tr := array.NewTableReader(tb, 1024)
	defer tr.Release()
	col := func(rec arrow.Record, name string) arrow.Array {
		return rec.Column(tb.Schema().FieldIndices(name)[0])
	}
	out := map[string]string{}
	for tr.Next() {
		rec := tr.Record()
		ids, prev, flag := col(rec, "match_id").(*array.String), col(rec, "previous_outcome").(*array.String), col(rec, "previously_reviewed").(*array.Boolean)
		for i := 0; i < int(rec.NumRows()); i++ {
			out[ids.Value(i)] = fmt.Sprintf("%s:%v", prev.Value(i), flag.Value(i))
		}
	}
	return out
}
