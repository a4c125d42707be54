//go:build cgo

package batch_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/nfimatch/nfimatch/batch"
	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/fixtures"
)

// demoSeed is the seed `make demo` writes the catalogue with.
var demoSeed = fixtures.DefaultConfig().Seed

// runDemo does what `make demo` does, in a temporary folder: the
// catalogue scenarios in demo/, the job run, its reports in out/. It
// returns the folder holding demo/ and out/.
func runDemo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	demo := filepath.Join(dir, "demo")
	if _, err := fixtures.WriteCatalogue(demo, "../out", demoSeed); err != nil {
		t.Fatal(err)
	}
	job, err := batch.LoadJob(filepath.Join(demo, fixtures.JobFile))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := batch.Run(context.Background(), job, batch.DefaultOptions()); err != nil {
		t.Fatal(err)
	}
	return dir
}

// demoTruth is the demo's scenarios as the generator made them, by rule.
func demoTruth(t *testing.T) map[string]*fixtures.Scenario {
	t.Helper()
	out := map[string]*fixtures.Scenario{}
	for _, rule := range fixtures.ScenarioRules() {
		s, err := fixtures.BuildScenario(rule, demoSeed)
		if err != nil {
			t.Fatal(err)
		}
		out[rule] = s
	}
	return out
}

// record finds record id among a scenario's inputs: the input holding it
// and a lookup of its cells by field name ("" for a field the input lacks).
func record(t *testing.T, s *fixtures.Scenario, id string) (fixtures.Input, func(string) string) {
	t.Helper()
	for _, in := range append(append([]fixtures.Input(nil), s.Left...), s.Right...) {
		for _, row := range in.Rows {
			if row[0] == id {
				return in, func(field string) string {
					if i := slices.Index(in.Header, field); i >= 0 {
						return row[i]
					}
					return ""
				}
			}
		}
	}
	t.Fatalf("%s: no record %s in the scenario's inputs", s.Rule, id)
	return fixtures.Input{}, nil
}

// nino normalises an NI number as extract does; one that does not
// normalise is missing, as it is in a report.
func nino(s string) string {
	n, err := extract.NormalizeNINO(s)
	if err != nil {
		return ""
	}
	return n
}

// pence converts a DuckDB DECIMAL(18,2) value to pence.
func pence(t *testing.T, v any) int64 {
	t.Helper()
	d, ok := v.(duckdb.Decimal)
	if !ok || d.Scale != 2 {
		t.Fatalf("value %v (%T) is not a DECIMAL with 2 decimals", v, v)
	}
	return new(big.Int).Set(d.Value).Int64()
}

// queryRows runs q on conn and returns every row as values.
func queryRows(t *testing.T, conn *sql.Conn, q string, args ...any) [][]any {
	t.Helper()
	rows, err := conn.QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// readManifest reads out/manifest.json of a run in dir.
func readManifest(t *testing.T, dir string) batch.Manifest {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "out", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m batch.Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}
