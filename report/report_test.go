package report_test

import (
	"context"
	"database/sql"
	"errors"
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

// Two synthetic pensioners who died: one paid three times after death, one
// whose pension has no amount; and one who is alive.
const pensionsCSV = `record_id,forenames,surname,date_of_birth,ni_number,address_1,postcode,pension_amount,payment_frequency,date_last_paid
P1,Harold,Bexley,12031941,AB123456C,4 Larch Close,EB1 2AB,12345,M,28052025
P2,Edna,Quarrie,01071938,,9 Mill Lane,EB2 3CD,,M,28052025
P3,Walter,Dimmock,05051950,CE654321A,1 Elm Way,EB3 4EF,9000,M,28052025
`

const deceasedCSV = `record_id,forenames,surname,date_of_birth,ni_number,address_1,postcode,date_of_death
D1,Harry,Bexley,12031941,AB123456C,4 Larch Cl,EB1 2AB,10032025
D2,Edna,Quarrie,01071938,,9 Mill Lane,EB2 3CD,15042025
`

func table(t *testing.T, ds *extract.Dataset, body, text string) *matcher.Table {
	t.Helper()
	rr, err := extract.NewDelimitedReader(context.Background(), strings.NewReader(text), ds.Type+".csv", ds, body, extract.DefaultDelimitedConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	tb, err := matcher.NewTable(context.Background(), ds, rr)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func matched(t *testing.T) (*matcher.Plan, *matcher.Table, *matcher.Table, *matcher.Result) {
	t.Helper()
	r, err := rules.Lookup("pensions-deceased")
	if err != nil {
		t.Fatal(err)
	}
	c, err := rules.Compile(r)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := matcher.Compile(c)
	if err != nil {
		t.Fatal(err)
	}
	left := table(t, extract.Pensions, "Eastbrook Borough Council", pensionsCSV)
	right := table(t, extract.Deceased, "DWP", deceasedCSV)
	eng, err := matcher.New(matcher.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	res, err := eng.Run(context.Background(), plan, left, right)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Matches) != 2 {
		t.Fatalf("%d matches, want 2", len(res.Matches))
	}
	return plan, left, right, res
}

func TestWriteReadByDuckDB(t *testing.T) {
	plan, left, right, res := matched(t)
	path := filepath.Join(t.TempDir(), "reports", "pensions-deceased.parquet")
	sum, err := report.Write(context.Background(), path, report.DefaultConfig(), plan, left, right, res)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Matches != 2 || sum.Overpaid != 3*12345 || sum.WithAmount != 1 || !sum.HasAmount {
		t.Errorf("summary = %+v, want 2 matches, 1 with an amount, %d pence over-paid", sum, 3*12345)
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

func TestWriteFailureLeavesNoReport(t *testing.T) {
	plan, left, right, res := matched(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "pensions-deceased.parquet")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := report.Write(ctx, path, report.DefaultConfig(), plan, left, right, res); !errors.Is(err, context.Canceled) {
		t.Fatalf("Write with a cancelled context = %v, want context.Canceled", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("a failed write left %s behind", e.Name())
	}
}

func TestConfigValidate(t *testing.T) {
	if err := report.DefaultConfig().Validate(); err != nil {
		t.Errorf("DefaultConfig().Validate() = %v", err)
	}
	if err := (report.Config{PageSize: 10, RowGroupSize: 1 << 20}).Validate(); err == nil {
		t.Error("a 10-byte page size validated")
	}
	if err := (report.Config{PageSize: 1 << 20, RowGroupSize: 1 << 10}).Validate(); err == nil {
		t.Error("a row group smaller than a page validated")
	}
}
