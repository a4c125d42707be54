package matcher

import (
	"context"
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/nfimatch/nfimatch/extract"
)

func TestTableTextDisplay(t *testing.T) {
	tbl := pensions(t,
		john().with("pension_amount", "123456", "payment_frequency", "m", "postcode", "ls11aa"),
		row{"record_id": "P2", "surname": "Jones"})
	cases := []struct {
		field       string
		row         int
		text, human string
	}{
		{"body", 0, pensionsBody, pensionsBody},
		{"record_id", 0, "P1", "P1"},
		{"surname", 0, "SMITH", "SMITH"},
		{"date_of_birth", 0, "1950-02-01", "01/02/1950"},
		{"date_last_paid", 0, "2025-05-28", "28/05/2025"},
		{"pension_amount", 0, "123456", "£1,234.56"},
		{"payment_frequency", 0, "MONTHLY", "MONTHLY"},
		{"postcode", 0, "LS1 1AA", "LS1 1AA"},
		{"surname", 1, "JONES", "JONES"},
		{"forenames", 1, "", ""},
		{"date_of_birth", 1, "", ""},
		{"pension_amount", 1, "", ""},
	}
	for _, tc := range cases {
		col := tbl.Col(tc.field)
		if col < 0 {
			t.Fatalf("Col(%q) = -1", tc.field)
		}
		if got := tbl.Text(col, tc.row); got != tc.text {
			t.Errorf("Text(%s, %d) = %q, want %q", tc.field, tc.row, got, tc.text)
		}
		if got := tbl.Display(col, tc.row); got != tc.human {
			t.Errorf("Display(%s, %d) = %q, want %q", tc.field, tc.row, got, tc.human)
		}
	}
	for ci, c := range tbl.Cols {
		n := c.Str.Len()
		switch c.Kind {
		case extract.KindDate, extract.KindMoney, extract.KindInt, extract.KindFlag:
			n = len(c.Num)
		}
		if n != tbl.Len || len(c.Valid) != tbl.Len {
			t.Errorf("column %d holds %d values and %d valid flags, want %d", ci, n, len(c.Valid), tbl.Len)
		}
	}
}

func TestTableCol(t *testing.T) {
	tbl := pensions(t)
	cases := []struct {
		name string
		want int
	}{
		{"body", 0},
		{"record_id", 1},
		{"date_last_paid", extract.Pensions.Schema().FieldIndices("date_last_paid")[0]},
		{"date_of_death", -1},
		{"", -1},
	}
	for _, tc := range cases {
		if got := tbl.Col(tc.name); got != tc.want {
			t.Errorf("Col(%q) = %d, want %d", tc.name, got, tc.want)
		}
	}
	if tbl.Len != 0 || len(tbl.Cols) != len(extract.Pensions.Fields)+1 {
		t.Errorf("empty table: Len %d, %d columns", tbl.Len, len(tbl.Cols))
	}
}

func TestDateString(t *testing.T) {
	cases := []struct {
		days int64
		want string
	}{
		{0, "1970-01-01"},
		{-1, "1969-12-31"},
		{-25567, "1900-01-01"},
		{11016, "2000-02-29"},
		{18262, "2020-01-01"},
	}
	for _, tc := range cases {
		if got := DateString(tc.days); got != tc.want {
			t.Errorf("DateString(%d) = %s, want %s", tc.days, got, tc.want)
		}
	}
}

func TestFormatPounds(t *testing.T) {
	cases := []struct {
		pence int64
		want  string
	}{
		{0, "£0.00"},
		{5, "£0.05"},
		{100, "£1.00"},
		{99999, "£999.99"},
		{100000, "£1,000.00"},
		{123456, "£1,234.56"},
		{123456789, "£1,234,567.89"},
		{100000000000, "£1,000,000,000.00"},
		{-5, "-£0.05"},
		{-123456, "-£1,234.56"},
		{math.MaxInt64, "£92,233,720,368,547,758.07"},
	}
	for _, tc := range cases {
		if got := FormatPounds(tc.pence); got != tc.want {
			t.Errorf("FormatPounds(%d) = %s, want %s", tc.pence, got, tc.want)
		}
	}
}

func TestFormatPoundsMinInt64(t *testing.T) {
	const want = "-£92,233,720,368,547,758.08"
	if got := FormatPounds(math.MinInt64); got != want {
		t.Errorf("FormatPounds(%d) = %s, want %s", int64(math.MinInt64), got, want)
	}
}

// poisonAllocator overwrites memory as it is freed, so that anything still
// pointing into a released batch reads garbage.
type poisonAllocator struct{ *memory.CheckedAllocator }

func (p poisonAllocator) Free(b []byte) {
	for i := range b {
		b[i] = '#'
	}
	p.CheckedAllocator.Free(b)
}

func TestNewTableReleasesBatches(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	cfg := extract.DefaultDelimitedConfig()
	cfg.Mem = poisonAllocator{mem}
	cfg.BatchSize = 2 // three batches
	rows := []row{john(), {"record_id": "P2", "surname": "Jones", "forenames": "Mary"},
		{"record_id": "P3", "surname": "Taylor"}, {"record_id": "P4", "surname": "Brown"}, {"record_id": "P5", "surname": "Evans"}}
	tbl := readTable(t, extract.Pensions, pensionsBody, csvText(extract.Pensions, rows), cfg) // releases the reader
	runtime.GC()
	mem.AssertSize(t, 0)
	if tbl.Len != len(rows) {
		t.Fatalf("Len = %d, want %d", tbl.Len, len(rows))
	}
	want := []string{"SMITH", "JONES", "TAYLOR", "BROWN", "EVANS"}
	for r, w := range want {
		if got := tbl.Text(tbl.Col("surname"), r); got != w {
			t.Errorf("surname of row %d after release = %q, want %q", r, got, w)
		}
		if got := tbl.Text(0, r); got != pensionsBody {
			t.Errorf("body of row %d after release = %q, want %q", r, got, pensionsBody)
		}
	}
	if got := tbl.Text(tbl.Col("forenames"), 1); got != "MARY" {
		t.Errorf("forenames of row 1 after release = %q, want MARY", got)
	}
}

func TestNewTableReaders(t *testing.T) {
	ctx := context.Background()
	reader := func(ds *extract.Dataset, body string, rows ...row) *extract.Reader {
		rd, err := extract.NewDelimitedReader(ctx, strings.NewReader(csvText(ds, rows)), "test.csv", ds, body, extract.DefaultDelimitedConfig(), nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(rd.Release)
		return rd
	}
	tbl, err := NewTable(ctx, extract.Pensions, reader(extract.Pensions, "A", john()), reader(extract.Pensions, "B", row{}, row{}))
	if err != nil {
		t.Fatal(err)
	}
	if tbl.Len != 3 || tbl.Text(0, 0) != "A" || tbl.Text(0, 1) != "B" || tbl.Text(0, 2) != "B" {
		t.Errorf("two readers gave %d rows with bodies %q %q %q, want 3: A B B", tbl.Len, tbl.Text(0, 0), tbl.Text(0, 1), tbl.Text(0, 2))
	}

	_, err = NewTable(ctx, extract.Pensions, reader(extract.Deceased, "DWP", johnDied()))
	if err == nil || err.Error() != "table pensions: batch schema does not match the dataset schema" {
		t.Errorf("NewTable(deceased batches as pensions) = %v, want a schema error", err)
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := NewTable(cancelled, extract.Pensions, reader(extract.Pensions, "A", john())); !errors.Is(err, context.Canceled) {
		t.Errorf("NewTable(cancelled) = %v, want context.Canceled", err)
	}
}

// TestTableFlagsAndNumbers reads flags and whole numbers into a table and
// back as text and for display.
func TestTableFlagsAndNumbers(t *testing.T) {
	payroll, err := extract.Lookup("payroll")
	if err != nil {
		t.Fatal(err)
	}
	tbl := readTable(t, payroll, "Eastbrook", "record_id,surname,teacher,standard_weekly_hours\nE1,Lee,Y,3750\nE2,Ng,N,\nE3,Roe,,1850\n", extract.DefaultDelimitedConfig())
	teacher, hours := tbl.Col("teacher"), tbl.Col("standard_weekly_hours")
	for _, tc := range []struct {
		row                        int
		flag, flagShown, h, hShown string
	}{{0, "Y", "Yes", "3750", "3750"}, {1, "N", "No", "", ""}, {2, "", "", "1850", "1850"}} {
		if got := tbl.Text(teacher, tc.row); got != tc.flag {
			t.Errorf("row %d: Text(teacher) = %q, want %q", tc.row, got, tc.flag)
		}
		if got := tbl.Display(teacher, tc.row); got != tc.flagShown {
			t.Errorf("row %d: Display(teacher) = %q, want %q", tc.row, got, tc.flagShown)
		}
		if got, shown := tbl.Text(hours, tc.row), tbl.Display(hours, tc.row); got != tc.h || shown != tc.hShown {
			t.Errorf("row %d: hours %q shown %q, want %q", tc.row, got, shown, tc.h)
		}
	}
}
