//go:build cgo

// The DuckDB driver needs cgo; without a C compiler these tests are
// replaced by nocgo_test.go, which says so.

package report_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/matcher"
	"github.com/nfimatch/nfimatch/report"
	"github.com/nfimatch/nfimatch/rules"
)

func TestWriteReadByDuckDB(t *testing.T) {
	plan, left, right, res := matched(t)
	path := filepath.Join(t.TempDir(), "reports", "pensions-deceased.parquet")
	sum, err := report.Write(context.Background(), path, "pensions-deceased", report.DefaultConfig(), plan, left, right, res)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Matches != 2 || sum.Overpaid != 3*12345 || sum.WithAmount != 1 || !sum.HasAmount {
		t.Errorf("summary = %+v, want 2 matches, 1 with an amount, %d pence over-paid", sum, 3*12345)
	}

	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("report file mode %v, %v; want 0600", st.Mode().Perm(), err)
	}

	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	q := `SELECT left_record_id, right_record_id, typeof(amount), CAST(amount AS VARCHAR), typeof(score),
	             typeof(left_date_of_birth), CAST(left_date_of_birth AS VARCHAR), CAST(right_date_of_death AS VARCHAR),
	             left_ni_number, right_ni_number, left_forenames, right_forenames, left_body, right_body,
	             CAST(left_pension_amount AS VARCHAR), band, block_pass, len(comparisons), comparisons[3].level
	      FROM read_parquet(?) ORDER BY left_record_id`
	rows, err := db.Query(q, path)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type row struct {
		l, r, amountType             string
		amount                       sql.NullString
		scoreType, dobType, dob, dod string
		lNI, rNI                     sql.NullString
		lFore, rFore, lBody, rBody   string
		pension                      sql.NullString
		band, pass                   string
		nCmp                         int
		forenameLevel                string
	}
	var got []row
	for rows.Next() {
		var x row
		if err := rows.Scan(&x.l, &x.r, &x.amountType, &x.amount, &x.scoreType, &x.dobType, &x.dob, &x.dod,
			&x.lNI, &x.rNI, &x.lFore, &x.rFore, &x.lBody, &x.rBody, &x.pension, &x.band, &x.pass, &x.nCmp, &x.forenameLevel); err != nil {
			t.Fatal(err)
		}
		got = append(got, x)
	}
	if len(got) != 2 {
		t.Fatalf("DuckDB read %d rows, want 2", len(got))
	}
	h, e := got[0], got[1]
	checks := []struct{ what, got, want string }{
		{"P1 right record", h.r, "D1"},
		{"amount type", h.amountType, "DECIMAL(18,2)"},
		{"P1 amount: three payments of £123.45", h.amount.String, "370.35"},
		{"score type", h.scoreType, "DOUBLE"},
		{"date type", h.dobType, "DATE"},
		{"P1 date of birth", h.dob, "1941-03-12"},
		{"D1 date of death", h.dod, "2025-03-10"},
		{"P1 NI number", h.lNI.String, "AB123456C"},
		{"names are normalised", h.lFore, "HAROLD"},
		{"left body", h.lBody, "Eastbrook Borough Council"},
		{"right body", h.rBody, "DWP"},
		{"pension amount", h.pension.String, "123.45"},
		{"P1 first pass", h.pass, "ni_number"},
		{"HARRY is a short form of HAROLD", h.forenameLevel, "nickname"},
		{"P2 right record", e.r, "D2"},
		{"P2 matched without NI numbers", e.pass, "dob_surname"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
	if !h.amount.Valid || e.amount.Valid {
		t.Errorf("amount NULLs: P1 %v, P2 %v; want a value for P1 and NULL for P2 (no pension amount)", h.amount, e.amount)
	}
	if e.lNI.Valid || e.rNI.Valid || e.pension.Valid {
		t.Errorf("P2 missing values read as %v, %v, %v; want NULL", e.lNI, e.rNI, e.pension)
	}
	if h.nCmp != len(plan.Comparisons) {
		t.Errorf("comparisons has %d entries, want %d", h.nCmp, len(plan.Comparisons))
	}
}

// TestFlagsAndNumbersInDuckDB writes a payroll-to-payroll report and checks
// that flags come back as BOOLEAN and whole numbers as BIGINT, NULLs kept.
func TestFlagsAndNumbersInDuckDB(t *testing.T) {
	payroll, err := extract.Lookup("payroll")
	if err != nil {
		t.Fatal(err)
	}
	r, err := rules.Parse([]byte(`version: 1
id: payroll-payroll
left: payroll
right: payroll
blocking:
  - name: ni
    keys: [ni_number]
comparisons:
  - id: surname
    kind: name
    fields: [surname]
    levels:
      - {level: exact, weight: 4}
      - {level: else, weight: -2}
bands: {high: 4, medium: 3, low: 2}
`), "payroll.yaml")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := matcher.CompileRule(r)
	if err != nil {
		t.Fatal(err)
	}
	left := table(t, payroll, "Eastbrook", "record_id,surname,ni_number,teacher,standard_weekly_hours\nE1,Bexley,AB123456C,Y,3700\n")
	right := table(t, payroll, "Westmoor", "record_id,surname,ni_number,teacher,standard_weekly_hours\nW1,Bexley,AB123456C,,1850\n")
	eng, err := matcher.New(matcher.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	res, err := eng.Run(context.Background(), plan, left, right)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "payroll.parquet")
	if _, err := report.Write(context.Background(), path, "payroll", report.DefaultConfig(), plan, left, right, res); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var lt, rt sql.NullBool
	var ltType, hType string
	var lh, rh int64
	err = db.QueryRow(`SELECT left_teacher, right_teacher, typeof(left_teacher), typeof(left_standard_weekly_hours),
		left_standard_weekly_hours, right_standard_weekly_hours FROM read_parquet(?)`, path).Scan(&lt, &rt, &ltType, &hType, &lh, &rh)
	if err != nil {
		t.Fatal(err)
	}
	if !lt.Valid || !lt.Bool || rt.Valid || ltType != "BOOLEAN" || hType != "BIGINT" || lh != 3700 || rh != 1850 {
		t.Errorf("teacher %v/%v (%s), hours %d/%d (%s); want true/NULL BOOLEAN and 3700/1850 BIGINT", lt, rt, ltType, lh, rh, hType)
	}
}

// TestOutputFields: a rule's output: list chooses the fields each side
// carries, in its order, after the body and record_id.
func TestOutputFields(t *testing.T) {
	plan, left, right, res := matched(t)
	r := *plan.Rule.Rule
	r.Output = rules.Output{Left: []string{"surname", "date_last_paid"}, Right: []string{"date_of_death"}}
	narrow, err := matcher.CompileRule(&r)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "narrow.parquet")
	if _, err := report.Write(context.Background(), path, "narrow", report.DefaultConfig(), narrow, left, right, res); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(?))", path)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	var common []string
	for _, c := range report.CommonColumns {
		common = append(common, c.Name)
	}
	want := append(common, "left_body", "left_record_id", "left_surname", "left_date_last_paid",
		"right_body", "right_record_id", "right_date_of_death")
	if strings.Join(cols, ",") != strings.Join(want, ",") {
		t.Errorf("columns\n got %v\nwant %v", cols, want)
	}
	var surname, died string
	if err := db.QueryRow("SELECT left_surname, CAST(right_date_of_death AS VARCHAR) FROM read_parquet(?) ORDER BY left_record_id LIMIT 1", path).Scan(&surname, &died); err != nil {
		t.Fatal(err)
	}
	if surname == "" || died == "" {
		t.Errorf("chosen fields are empty: surname %q, date of death %q", surname, died)
	}
}

// TestWriteModelColumns: a rule with a model prior writes each match's
// probability, and the comparisons carry the weights actually added, term
// frequency included; without a model match_probability is NULL.
func TestWriteModelColumns(t *testing.T) {
	text, err := rules.CatalogueText("pensions-deceased")
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(string(text), "- {level: exact, weight: 5}", "- {level: exact, weight: 5, tf: true}", 1)
	src = strings.Replace(src, "\nblocking:", "\nmodel: {prior: 0.001}\nblocking:", 1)
	r, err := rules.Parse([]byte(src), "model.yaml")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := matcher.CompileRule(r)
	if err != nil {
		t.Fatal(err)
	}
	_, left, right, plain := matched(t)
	eng, err := matcher.New(matcher.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	res, err := eng.Run(context.Background(), plan, left, right)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "model.parquet")
	if _, err := report.Write(context.Background(), path, "model", report.DefaultConfig(), plan, left, right, res); err != nil {
		t.Fatal(err)
	}
	plainPath := filepath.Join(dir, "plain.parquet")
	plainPlan, _, _, _ := matched(t)
	if _, err := report.Write(context.Background(), plainPath, "plain", report.DefaultConfig(), plainPlan, left, right, plain); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	want := map[string]matcher.Match{}
	for _, m := range res.Matches {
		want[m.ID] = m
	}
	rows, err := db.Query(`SELECT match_id, match_probability, comparisons[2].weight, list_sum([c.weight for c in comparisons]), score FROM read_parquet(?)`, path)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id string
		var prob sql.NullFloat64
		var surname, sum, score float64
		if err := rows.Scan(&id, &prob, &surname, &sum, &score); err != nil {
			t.Fatal(err)
		}
		n++
		m := want[id]
		if !prob.Valid || prob.Float64 != m.Probability || m.Probability <= 0 {
			t.Errorf("match %s: match_probability %v, want %g", id, prob, m.Probability)
		}
		// Surname agrees exactly in both pairs, adjusted for frequency: not
		// the level's hand weight of 5.
		if surname != m.Weights[1] || surname == 5 {
			t.Errorf("match %s: surname weight %g, want the adjusted %g", id, surname, m.Weights[1])
		}
		if d := sum - score; d > 1e-9 || d < -1e-9 {
			t.Errorf("match %s: comparisons' weights sum to %g, score %g", id, sum, score)
		}
	}
	if n != len(res.Matches) || n == 0 {
		t.Errorf("read %d matches, wrote %d", n, len(res.Matches))
	}
	var nulls, total int
	if err := db.QueryRow(`SELECT count(*) FILTER (WHERE match_probability IS NULL), count(*) FROM read_parquet(?)`, plainPath).Scan(&nulls, &total); err != nil {
		t.Fatal(err)
	}
	if total == 0 || nulls != total {
		t.Errorf("without a model %d of %d probabilities are NULL, want all", nulls, total)
	}
}

// TestReportFileLayout reads a report's Parquet metadata in DuckDB: the
// schema version and rule in the key-value metadata, Snappy on every
// column, dictionary-encoded text but for match_id, and row groups of the
// configured number of matches.
func TestReportFileLayout(t *testing.T) {
	plan, left, right, res := matched(t)
	path := filepath.Join(t.TempDir(), "pensions-deceased.parquet")
	cfg := report.DefaultConfig()
	cfg.RowGroupRows = 1 // two matches: two row groups
	if _, err := report.Write(context.Background(), path, "deaths", cfg, plan, left, right, res); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	kv := map[string]string{}
	rows, err := db.Query(`SELECT decode(key), decode(value) FROM parquet_kv_metadata(?)`, path)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		kv[k] = v
	}
	rows.Close()
	for k, want := range map[string]string{"nfimatch.schema_version": "1", "nfimatch.report_id": "pensions-deceased", "nfimatch.report_name": "deaths"} {
		if kv[k] != want {
			t.Errorf("key-value metadata %s = %q, want %q", k, kv[k], want)
		}
	}
	var groups, notSnappy int
	if err := db.QueryRow(`SELECT count(DISTINCT row_group_id), count(*) FILTER (WHERE compression <> 'SNAPPY') FROM parquet_metadata(?)`, path).Scan(&groups, &notSnappy); err != nil {
		t.Fatal(err)
	}
	if groups != 2 || notSnappy != 0 {
		t.Errorf("%d row groups, %d column chunks not Snappy; want 2 and 0", groups, notSnappy)
	}
	encodings := map[string]string{}
	rows, err = db.Query(`SELECT path_in_schema, encodings FROM parquet_metadata(?) WHERE row_group_id = 0`, path)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var p, e string
		if err := rows.Scan(&p, &e); err != nil {
			t.Fatal(err)
		}
		encodings[p] = e
	}
	for _, col := range []string{"band", "reason", "left_surname", "right_forenames"} {
		if !strings.Contains(encodings[col], "DICTIONARY") {
			t.Errorf("%s encodings %q, want a dictionary", col, encodings[col])
		}
	}
	if strings.Contains(encodings["match_id"], "DICTIONARY") || encodings["match_id"] == "" {
		t.Errorf("match_id encodings %q, want plain: every id is unique", encodings["match_id"])
	}
}
