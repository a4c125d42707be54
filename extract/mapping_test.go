package extract

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow/memory"
)

// loadMapped reads text through a mapping, like load.
func loadMapped(t *testing.T, ds *Dataset, text string, m *Mapping, cfg DelimitedConfig) loaded {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	cfg.Mem, cfg.BatchSize, cfg.Dates = mem, 100, pivot2026
	var out loaded
	sink := RejectFunc(func(r Reject) error { out.rejects = append(out.rejects, r); return nil })
	rr, err := NewMappedDelimitedReader(context.Background(), strings.NewReader(text), "m.csv", ds, testBody, m, cfg, sink)
	if err != nil {
		t.Fatalf("NewMappedDelimitedReader: %v", err)
	}
	defer rr.Release()
	for rr.Next() {
		out.rows = append(out.rows, rowsOf(t, rr.Record())...)
	}
	out.stats, out.err = rr.Stats(), rr.Err()
	return out
}

// TestMappingRenamesAndFormats reads a header-less file whose columns the
// mapping names, with a declared date layout, money in pounds, a code table
// and a constant.
func TestMappingRenamesAndFormats(t *testing.T) {
	m := &Mapping{
		Fields: map[string]FieldMapping{
			"record_id":         {Column: "REF"},
			"surname":           {Column: "SNAME"},
			"date_of_birth":     {Column: "BORN", DateFormat: "yyyy/mm/dd"},
			"date_last_paid":    {Column: "PAID", DateFormat: "dd-mon-yy"},
			"pension_amount":    {Column: "AMT", Money: "pounds"},
			"payment_frequency": {Column: "FREQ", Codes: map[string]string{"1": "W", "4": "M"}},
		},
		Constants: map[string]string{"pension_start_date": "01/04/2001"},
	}
	cfg := DelimitedConfig{Comma: '|', Columns: []string{"REF", "SNAME", "BORN", "PAID", "AMT", "FREQ"}}
	got := loadMapped(t, Pensions, "P1|o'brien|1950/03/02|28-FEB-26|123.4|4\nP2|Lee|1949/12/31|01-jan-99|12|7\n", m, cfg)
	checkCounts(t, got.stats, 2, 2, 0)
	start := epochDays(2001, time.April, 1)
	checkRows(t, Pensions, got.rows, []row{
		{"record_id": "P1", "surname": "OBRIEN", "date_of_birth": epochDays(1950, time.March, 2),
			"date_last_paid": epochDays(2026, time.February, 28), "pension_amount": int64(12340),
			"payment_frequency": Monthly, "pension_start_date": start},
		{"record_id": "P2", "surname": "LEE", "date_of_birth": epochDays(1949, time.December, 31),
			"date_last_paid": epochDays(1999, time.January, 1), "pension_amount": int64(1200),
			"pension_start_date": start},
	})
	if w := got.stats.Warnings["payment_frequency: code not in the mapping's lookup table, loaded as blank"]; w != 1 {
		t.Errorf("warnings %v, want one for the code 7 missing from the table", got.stats.Warnings)
	}
	// The originals are kept as supplied beside the normalised values.
	for col, want := range map[string]any{"surname_original": "o'brien", "date_last_paid_original": "28-FEB-26",
		"pension_amount_original": "123.4", "payment_frequency_original": "4", "pension_start_date_original": "01/04/2001",
		"title_original": nil} {
		if g := got.rows[0][col]; g != want {
			t.Errorf("%s = %#v, want %#v", col, g, want)
		}
	}
	if g := got.rows[1]["payment_frequency_original"]; g != "7" {
		t.Errorf("payment_frequency_original of a bad code = %#v, want the code as supplied", g)
	}
}

func TestMappingErrors(t *testing.T) {
	tests := []struct {
		name string
		m    Mapping
		want []string
	}{
		{"unknown field", Mapping{Fields: map[string]FieldMapping{"shoe_size": {Column: "X"}}}, []string{"shoe_size", "no such field"}},
		{"missing column", Mapping{Fields: map[string]FieldMapping{"surname": {Column: "FAMILY"}}}, []string{"FAMILY", "does not have"}},
		{"date format on text", Mapping{Fields: map[string]FieldMapping{"surname": {Column: "surname", DateFormat: "ddmmyyyy"}}}, []string{"surname", "date format on a name field"}},
		{"bad date format", Mapping{Fields: map[string]FieldMapping{"date_of_birth": {Column: "dob", DateFormat: "dd/qq/yyyy"}}}, []string{"dd/qq/yyyy"}},
		{"bad money unit", Mapping{Fields: map[string]FieldMapping{"pension_amount": {Column: "amount", Money: "euros"}}}, []string{"euros", "pence or pounds"}},
		{"constant for unknown field", Mapping{Constants: map[string]string{"colour": "RED"}}, []string{"colour"}},
		{"column and constant", Mapping{Fields: map[string]FieldMapping{"surname": {Column: "surname"}}, Constants: map[string]string{"surname": "X"}}, []string{"both a column and a constant"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewMappedDelimitedReader(context.Background(), strings.NewReader("record_id,surname,dob,amount\n"), "m.csv",
				Pensions, testBody, &tt.m, DelimitedConfig{BatchSize: 1}, nil)
			if err == nil {
				t.Fatal("no error, want one")
			}
			for _, w := range append(tt.want, "m.csv") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// TestMappingConstantSatisfiesRequired loads a file without a required column
// when a constant supplies it, and refuses it without one.
func TestMappingConstantSatisfiesRequired(t *testing.T) {
	text := "record_id,surname\nD1,Ng\n"
	if _, err := NewDelimitedReader(context.Background(), strings.NewReader(text), "d.csv", Deceased, testBody,
		DelimitedConfig{BatchSize: 1}, nil); !errors.Is(err, ErrMissingColumn) {
		t.Fatalf("without a constant: error %v, want ErrMissingColumn", err)
	}
	got := loadMapped(t, Deceased, text, &Mapping{Constants: map[string]string{"date_of_death": "2026-01-05"}}, DelimitedConfig{})
	checkCounts(t, got.stats, 1, 1, 0)
	if g := got.rows[0]["date_of_death"]; g != epochDays(2026, time.January, 5) {
		t.Errorf("date_of_death = %v, want the constant", g)
	}
}
