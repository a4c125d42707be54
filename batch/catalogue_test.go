//go:build cgo

package batch_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/nfimatch/nfimatch/batch"
	"github.com/nfimatch/nfimatch/fixtures"
	"github.com/nfimatch/nfimatch/rules"
)

// TestCatalogueScenarios runs every built-in rule through a job on its
// fixture scenario and reads the report back in DuckDB: the reported pairs
// must be exactly the scenario's cases, each with its amount to the penny,
// and none of its decoys.
func TestCatalogueScenarios(t *testing.T) {
	all, err := rules.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, r := range all {
		t.Run(r.ID, func(t *testing.T) {
			s, err := fixtures.BuildScenario(r.ID, 2026)
			if err != nil {
				t.Fatalf("every catalogue rule needs a fixture scenario: %v", err)
			}
			if len(s.Cases) == 0 || len(s.Decoys) == 0 {
				t.Fatalf("scenario has %d cases and %d decoys, want some of each", len(s.Cases), len(s.Decoys))
			}
			got := runScenario(t, db, r, s)
			checkScenario(t, r, s, got)
		})
	}
}

// reported is one row of a report: its amount in pence, or none.
type reported struct {
	amount sql.NullInt64
	band   string
}

// pairKey names a pair by its record ids; within one dataset the pair is
// unordered.
func pairKey(search bool, left, right string) string {
	if search && left > right {
		left, right = right, left
	}
	return left + " | " + right
}

// runScenario writes the scenario's inputs and a job that runs rule r on
// them, runs it, and returns the report's pairs.
func runScenario(t *testing.T, db *sql.DB, r *rules.Rule, s *fixtures.Scenario) map[string]reported {
	t.Helper()
	dir := t.TempDir()
	if _, err := s.WriteFiles(dir); err != nil {
		t.Fatal(err)
	}
	var job strings.Builder
	fmt.Fprintf(&job, "version: 1\noutput: out\ndatasets:\n")
	ids := func(inputs []fixtures.Input) []string {
		var out []string
		for _, in := range inputs {
			id := strings.TrimSuffix(in.Name, filepath.Ext(in.Name))
			fmt.Fprintf(&job, "  - {id: %s, type: %s, body: %q, path: %s}\n", id, in.Type, in.Body, in.Name)
			out = append(out, id)
		}
		return out
	}
	left, right := ids(s.Left), ids(s.Right)
	fmt.Fprintf(&job, "reports:\n  - rule: %s\n", r.ID)
	if r.IsSearch() {
		fmt.Fprintf(&job, "    datasets: [%s]\n", strings.Join(left, ", "))
	} else {
		fmt.Fprintf(&job, "    left: [%s]\n    right: [%s]\n", strings.Join(left, ", "), strings.Join(right, ", "))
	}
	path := filepath.Join(dir, "job.yaml")
	if err := os.WriteFile(path, []byte(job.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	j, err := batch.LoadJob(path)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := batch.Run(context.Background(), j, batch.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range sum.Datasets {
		if d.Stats.Rejected != 0 {
			t.Errorf("input %s: %d rows rejected; a scenario's rows must all load (see %s)", d.ID, d.Stats.Rejected, d.RejectsPath)
		}
	}
	rows, err := db.Query(fmt.Sprintf("SELECT left_record_id, right_record_id, CAST(round(amount * 100) AS BIGINT), band FROM read_parquet('%s')",
		filepath.Join(dir, "out", "reports", r.ID+".parquet")))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]reported{}
	for rows.Next() {
		var l, rt string
		var rep reported
		if err := rows.Scan(&l, &rt, &rep.amount, &rep.band); err != nil {
			t.Fatal(err)
		}
		k := pairKey(r.IsSearch(), l, rt)
		if _, dup := got[k]; dup {
			t.Errorf("pair %s reported twice", k)
		}
		got[k] = rep
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return got
}

// checkScenario compares the reported pairs with the scenario's truth.
func checkScenario(t *testing.T, r *rules.Rule, s *fixtures.Scenario, got map[string]reported) {
	t.Helper()
	want := map[string]bool{}
	for _, c := range s.Cases {
		k := pairKey(r.IsSearch(), c.Left, c.Right)
		want[k] = true
		rep, ok := got[k]
		switch {
		case !ok:
			t.Errorf("case not reported: %s (%s)", k, c.Why)
		case c.HasAmount && !rep.amount.Valid:
			t.Errorf("case %s (%s): reported without an amount, want %d pence", k, c.Why, c.Amount)
		case c.HasAmount && rep.amount.Int64 != c.Amount:
			t.Errorf("case %s (%s): amount %d pence, want %d", k, c.Why, rep.amount.Int64, c.Amount)
		case !c.HasAmount && rep.amount.Valid:
			t.Errorf("case %s (%s): amount %d pence, want none", k, c.Why, rep.amount.Int64)
		}
	}
	for _, d := range s.Decoys {
		k := pairKey(r.IsSearch(), d.Left, d.Right)
		if _, ok := got[k]; ok {
			t.Errorf("decoy reported: %s (%s)", k, d.Why)
		}
		want[k] = true // reported once above, not again below
	}
	var extra []string
	for k := range got {
		if !want[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	for _, k := range extra {
		t.Errorf("reported a pair that is neither a case nor a decoy: %s (band %s)", k, got[k].band)
	}
}
