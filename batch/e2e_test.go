//go:build cgo

// The DuckDB driver needs cgo; without a C compiler these tests are
// replaced by nocgo_test.go, which says so.

package batch_test

import (
	"database/sql"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/nfimatch/nfimatch/fixtures"
)

func TestDemoReportReadByDuckDB(t *testing.T) {
	dir, sum := demo(t, 2)
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	glob := filepath.Join(dir, "out", "reports", "*.parquet")

	// DuckDB sees real types.
	wantTypes := map[string]string{
		"report_id": "VARCHAR", "report_name": "VARCHAR", "match_id": "VARCHAR", "score": "DOUBLE", "band": "VARCHAR",
		"amount": "DECIMAL(18,2)", "reason": "VARCHAR", "block_pass": "VARCHAR",
		"comparisons":  "STRUCT(comparison VARCHAR, \"level\" VARCHAR, weight DOUBLE)[]",
		"left_dataset": "VARCHAR", "left_body": "VARCHAR", "left_record_id": "VARCHAR",
		"left_surname": "VARCHAR", "left_date_of_birth": "DATE", "left_ni_number": "VARCHAR",
		"left_postcode": "VARCHAR", "left_pension_amount": "DECIMAL(18,2)", "left_date_last_paid": "DATE",
		"right_record_id": "VARCHAR", "right_date_of_death": "DATE", "right_ni_number": "VARCHAR",
		"right_forenames": "VARCHAR", "right_address_1": "VARCHAR",
	}
	rows, err := db.Query("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('" + glob + "'))")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			t.Fatal(err)
		}
		got[name] = typ
	}
	rows.Close()
	for col, want := range wantTypes {
		if got[col] != want {
			t.Errorf("column %s: DuckDB type %q, want %q", col, got[col], want)
		}
	}

	// Every injected case is found with its exact amount; no decoy and
	// nothing else is reported.
	truth := readCSV(t, filepath.Join(dir, fixtures.TruthFile))
	type pair struct{ pension, deceased string }
	cases := map[pair]int64{}
	decoys := map[pair]string{}
	niMissing := 0
	for _, tr := range truth {
		p := pair{tr["pension_ref"], tr["deceased_ref"]}
		switch tr["kind"] {
		case fixtures.TruthCase:
			cases[p], _ = strconv.ParseInt(tr["amount_pence"], 10, 64)
			if strings.Contains(tr["faults"], "ni_missing") {
				niMissing++
			}
		case fixtures.TruthDecoyRelative, fixtures.TruthDecoySameName, fixtures.TruthDecoyStopped:
			decoys[p] = tr["kind"]
		}
	}
	if len(cases) != fixtures.DefaultConfig().Cases || len(decoys) != 3*fixtures.DefaultConfig().Decoys {
		t.Fatalf("truth has %d cases and %d decoys, want %d and %d", len(cases), len(decoys), fixtures.DefaultConfig().Cases, 3*fixtures.DefaultConfig().Decoys)
	}
	rows, err = db.Query("SELECT left_record_id, right_record_id, CAST(amount * 100 AS BIGINT), band, score, reason FROM read_parquet('" + glob + "')")
	if err != nil {
		t.Fatal(err)
	}
	found := map[pair]bool{}
	for rows.Next() {
		var p pair
		var pence sql.NullInt64
		var band, reason string
		var score float64
		if err := rows.Scan(&p.pension, &p.deceased, &pence, &band, &score, &reason); err != nil {
			t.Fatal(err)
		}
		found[p] = true
		want, isCase := cases[p]
		switch {
		case decoys[p] != "":
			t.Errorf("decoy %s reported: %s / %s, score %.1f: %s", decoys[p], p.pension, p.deceased, score, reason)
		case !isCase:
			t.Errorf("unexpected match %s / %s, score %.1f: %s", p.pension, p.deceased, score, reason)
		case !pence.Valid || pence.Int64 != want:
			t.Errorf("case %s / %s: amount %v pence, want %d", p.pension, p.deceased, pence, want)
		}
		if band != "high" && band != "medium" && band != "low" {
			t.Errorf("match %s / %s: band %q", p.pension, p.deceased, band)
		}
		if !strings.Contains(reason, "after the date of death") {
			t.Errorf("match %s / %s: reason %q does not explain the payment after death", p.pension, p.deceased, reason)
		}
	}
	rows.Close()
	for p := range cases {
		if !found[p] {
			t.Errorf("case %s / %s not found", p.pension, p.deceased)
		}
	}

	// A missing value is NULL, not an empty string.
	var nulls int
	if err := db.QueryRow("SELECT count(*) FROM read_parquet('" + glob + "') WHERE right_ni_number IS NULL").Scan(&nulls); err != nil {
		t.Fatal(err)
	}
	if nulls != niMissing {
		t.Errorf("%d matches with a NULL right_ni_number, want %d (the cases whose NI number was removed)", nulls, niMissing)
	}
	// The explanation adds up to the score.
	var bad int
	if err := db.QueryRow("SELECT count(*) FROM read_parquet('" + glob + "') WHERE abs(score - list_sum([c.weight FOR c IN comparisons])) > 1e-9 OR len(comparisons) != 6").Scan(&bad); err != nil {
		t.Fatal(err)
	}
	if bad != 0 {
		t.Errorf("%d matches whose comparison weights do not add up to the score", bad)
	}

	// Every input row is loaded or rejected, and the rejects are the
	// malformed rows.
	wantRejects := map[string]bool{}
	for _, tr := range truth {
		if tr["kind"] == fixtures.TruthReject {
			wantRejects[tr["pension_ref"]+tr["deceased_ref"]] = true
		}
	}
	gotRejects := 0
	for _, d := range sum.Datasets {
		if d.Stats.Read != d.Stats.Loaded+d.Stats.Rejected {
			t.Errorf("%s: read %d != loaded %d + rejected %d", d.ID, d.Stats.Read, d.Stats.Loaded, d.Stats.Rejected)
		}
		for _, r := range readCSV(t, d.RejectsPath) {
			gotRejects++
			matched := false
			for want := range wantRejects {
				if strings.HasPrefix(r["raw"], want) {
					matched = true
				}
			}
			if !matched {
				t.Errorf("%s: unexpected reject at line %s: %s", d.ID, r["line"], r["reason"])
			}
		}
	}
	if gotRejects != len(wantRejects) {
		t.Errorf("%d rejects, want %d", gotRejects, len(wantRejects))
	}
}
