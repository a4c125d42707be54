package extract

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

const pensionsCSV = `Reference,Title,Forename,Last Name,DOB,NINO,Address Line 1,Postcode,Amount,Frequency,Last Paid
P001,Mr,John,Smith,01031950,AB123456C,12 High St,EB3 4QT,12345,M,28022026
P002,mrs,Zoë,O'Brien,1/3/50,ab 12 34 56 d,Flat 3 Mill Rd,eb34qt,"£1,234.50",fortnightly,01/02/2026
P003,,Anne-Marie,Mc Donald,,,,,,,
P004,Dr.,José,Smith-Jones,1950-03-01,CE123456A,"1 The Parade, W",SW1A 1AA,(100),4 weekly,01.02.2026
P005,Miss,Ruth,Lee,31121969,,,m1 1ae,0,Q,010226
`

func TestDelimitedReaderBatches(t *testing.T) {
	got := load(t, Pensions, "pensions.csv", pensionsCSV, DelimitedConfig{BatchSize: 2})
	if got.err != nil {
		t.Fatalf("Err() = %v, want nil", got.err)
	}
	if len(got.batches) != 3 || got.batches[0] != 2 || got.batches[1] != 2 || got.batches[2] != 1 {
		t.Errorf("batch sizes = %v, want [2 2 1]", got.batches)
	}
	dob := epochDays(1950, time.March, 1)
	paid := epochDays(2026, time.February, 1)
	want := []row{
		{"record_id": "P001", "title": "MR", "forenames": "JOHN", "surname": "SMITH", "date_of_birth": dob,
			"ni_number": "AB123456C", "address_1": "12 HIGH STREET", "house_number": "12", "postcode": "EB3 4QT", "pension_amount": int64(12345),
			"payment_frequency": Monthly, "date_last_paid": epochDays(2026, time.February, 28)},
		{"record_id": "P002", "title": "MRS", "forenames": "ZOE", "surname": "OBRIEN", "date_of_birth": dob,
			"ni_number": "AB123456D", "address_1": "FLAT 3 MILL ROAD", "flat": "3", "postcode": "EB3 4QT", "pension_amount": int64(123450),
			"payment_frequency": Fortnightly, "date_last_paid": paid},
		{"record_id": "P003", "forenames": "ANNE MARIE", "surname": "MCDONALD"},
		{"record_id": "P004", "title": "DR", "forenames": "JOSE", "surname": "SMITH JONES", "date_of_birth": dob,
			"ni_number": "CE123456A", "address_1": "1 THE PARADE W", "house_number": "1", "postcode": "SW1A 1AA", "pension_amount": int64(-100),
			"payment_frequency": FourWeekly, "date_last_paid": paid},
		{"record_id": "P005", "title": "MISS", "forenames": "RUTH", "surname": "LEE", "date_of_birth": int32(-1),
			"postcode": "M1 1AE", "pension_amount": int64(0), "payment_frequency": Quarterly, "date_last_paid": paid},
	}
	checkRows(t, Pensions, got.rows, want)
	checkCounts(t, got.stats, 5, 5, 0)
	if len(got.rejects) != 0 {
		t.Errorf("rejects %v, want none", got.rejects)
	}
	for k := range got.stats.Warnings {
		// P002's amount is in pounds; a warning for it would be welcome
		// (ParseMoney reports inPounds for that), so it is not checked.
		if !strings.HasPrefix(k, "pension_amount:") {
			t.Errorf("warning %q, want none", k)
		}
	}
	if got.stats.File != "pensions.csv" || got.stats.Dataset != "pensions" || got.stats.Body != testBody {
		t.Errorf("Stats File, Dataset, Body = %q, %q, %q", got.stats.File, got.stats.Dataset, got.stats.Body)
	}
}

// TestDelimitedReaderTypedColumns reads one batch column by column, checking
// the schema, the Arrow types and the NULLs of blank optional fields.
func TestDelimitedReaderTypedColumns(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	text := "record_id,surname,date_of_birth,pension_amount\nP1,Smith,01031950,12345\nP2,Jones,,\n"
	rr, err := NewDelimitedReader(context.Background(), strings.NewReader(text), "p.csv", Pensions, testBody,
		DelimitedConfig{BatchSize: 10, Dates: pivot2026, Mem: mem}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	if !rr.Schema().Equal(Pensions.Schema()) {
		t.Errorf("Schema() = %v, want %v", rr.Schema(), Pensions.Schema())
	}
	if !rr.Next() {
		t.Fatalf("Next() = false, Err() = %v", rr.Err())
	}
	rec := rr.Record()
	col := func(name string) arrow.Array {
		idx := rec.Schema().FieldIndices(name)
		if len(idx) != 1 {
			t.Fatalf("no column %s", name)
		}
		return rec.Column(idx[0])
	}
	body := col(BodyField).(*array.String)
	surname := col("surname").(*array.String)
	dob := col("date_of_birth").(*array.Date32)
	amount := col("pension_amount").(*array.Int64)
	postcode := col("postcode").(*array.String)
	if rec.NumRows() != 2 {
		t.Fatalf("NumRows() = %d, want 2", rec.NumRows())
	}
	if body.Value(0) != testBody || body.Value(1) != testBody {
		t.Errorf("body = %q, %q, want %q", body.Value(0), body.Value(1), testBody)
	}
	if surname.Value(0) != "SMITH" || surname.Value(1) != "JONES" {
		t.Errorf("surname = %q, %q, want SMITH, JONES", surname.Value(0), surname.Value(1))
	}
	if dob.IsNull(0) || int32(dob.Value(0)) != epochDays(1950, time.March, 1) {
		t.Errorf("date_of_birth[0] = %v, want 1950-03-01", dob.Value(0))
	}
	if amount.IsNull(0) || amount.Value(0) != 12345 {
		t.Errorf("pension_amount[0] = %d, want 12345", amount.Value(0))
	}
	if !dob.IsNull(1) || !amount.IsNull(1) {
		t.Errorf("blank date_of_birth, pension_amount not NULL: %v, %v", dob, amount)
	}
	if postcode.NullN() != 2 {
		t.Errorf("postcode (no column) has %d NULLs, want 2", postcode.NullN())
	}
	if rr.Next() {
		t.Errorf("Next() = true after the last row")
	}
	if rr.Err() != nil {
		t.Errorf("Err() = %v, want nil", rr.Err())
	}
}

// TestDelimitedReaderRetainedBatch keeps the first batch past the next call
// to Next; the checked allocator catches a leak or an early free.
func TestDelimitedReaderRetainedBatch(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	text := "record_id,surname\nP1,Smith\nP2,Jones\n"
	rr, err := NewDelimitedReader(context.Background(), strings.NewReader(text), "p.csv", Pensions, testBody,
		DelimitedConfig{BatchSize: 1, Mem: mem}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rr.Retain()
	rr.Release() // still one reference left
	if !rr.Next() {
		t.Fatalf("Next() = false, Err() = %v", rr.Err())
	}
	first := rr.Record()
	first.Retain()
	if !rr.Next() {
		t.Fatalf("second Next() = false, Err() = %v", rr.Err())
	}
	if got := rr.Record().Column(5).(*array.String).Value(0); got != "JONES" {
		t.Errorf("second batch surname = %q, want JONES", got)
	}
	rr.Release()
	if got := first.Column(5).(*array.String).Value(0); got != "SMITH" {
		t.Errorf("retained first batch surname = %q, want SMITH", got)
	}
	first.Release()
}

func TestDelimitedReaderDelimiters(t *testing.T) {
	tests := []struct {
		name  string
		comma rune
		text  string
		want  row
	}{
		{"comma", 0, "record_id,surname\nP1,Smith\n", row{"record_id": "P1", "surname": "SMITH"}},
		{"pipe with comma in a value", 0, "record_id|surname|address_1\nP1|Smith|1, High St\n",
			row{"record_id": "P1", "surname": "SMITH", "address_1": "1 HIGH STREET", "house_number": "1"}},
		{"tilde", 0, "record_id~surname\nP1~Smith\n", row{"record_id": "P1", "surname": "SMITH"}},
		{"tab", 0, "record_id\tsurname\tforenames\nP1\tSmith\tAnn Marie\n",
			row{"record_id": "P1", "surname": "SMITH", "forenames": "ANN MARIE"}},
		{"pipes inside quotes not counted", 0, "\"a|b|c\",record_id,surname\nx,P1,Smith\n",
			row{"record_id": "P1", "surname": "SMITH"}},
		{"most frequent wins", 0, "record_id|surname|last paid, date\nP1|Smith|01012026\n",
			row{"record_id": "P1", "surname": "SMITH", "date_last_paid": epochDays(2026, time.January, 1)}},
		{"semicolon given", ';', "record_id;surname\nP1;Smith\n", row{"record_id": "P1", "surname": "SMITH"}},
		{"CRLF", 0, "record_id,surname\r\nP1,Smith\r\n", row{"record_id": "P1", "surname": "SMITH"}},
		{"UTF-8 BOM", 0, "\ufeffrecord_id,surname\nP1,Smith\n", row{"record_id": "P1", "surname": "SMITH"}},
		{"UTF-8 BOM then quoted column", 0, "\ufeffrecord_id,\"surname\"\nP1,Smith\n", row{"record_id": "P1", "surname": "SMITH"}},
		{"Windows-1252 name", 0, "record_id,surname,forenames\nP1,Ren\xe9,Zo\xeb\n",
			row{"record_id": "P1", "surname": "RENE", "forenames": "ZOE"}},
		{"Windows-1252 reference kept", 0, "record_id,surname\nR\xe9f1,Smith\n", row{"record_id": "Réf1", "surname": "SMITH"}},
		{"Windows-1252 address", 0, "record_id,surname,address_1\nP1,Smith,Caf\xe9 Row\n",
			row{"record_id": "P1", "surname": "SMITH", "address_1": "CAFE ROW"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := load(t, Pensions, "p.csv", tt.text, DelimitedConfig{Comma: tt.comma})
			checkRows(t, Pensions, got.rows, []row{tt.want})
			checkCounts(t, got.stats, 1, 1, 0)
		})
	}
}

func TestDetectDelimiter(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want rune
	}{
		{"empty", "", ','},
		{"one column", "surname\n", ','},
		{"comma", "a,b,c\n", ','},
		{"pipe", "a|b|c", '|'},
		{"tilde", "a~b~c\n", '~'},
		{"tab", "a\tb\tc\n", '\t'},
		{"tie goes to comma", "a|b,c\n", ','},
		{"only the first line", "a,b\nc|d|e|f\n", ','},
		{"quoted delimiters ignored", "\"a,b,c\"|d|e\n", '|'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detectDelimiter([]byte(tt.in)); got != tt.want {
				t.Errorf("detectDelimiter(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestDelimitedReaderQuotes checks quoted values holding the delimiter,
// doubled quotes and a line break, and that lines after a multi-line value
// are still counted physically.
func TestDelimitedReaderQuotes(t *testing.T) {
	text := "record_id,surname,address_1\n" + // line 1
		"P1,\"Smith, Jr\",1 Rd\n" + // line 2
		"P2,\"O\"\"Brien\",\"12 High St\n" + // line 3
		"Flat 2\"\n" + // line 4
		"\n" + // line 5, blank
		"P3,,x\n" // line 6
	got := load(t, Pensions, "q.csv", text, DelimitedConfig{})
	checkRows(t, Pensions, got.rows, []row{
		{"record_id": "P1", "surname": "SMITH", "name_suffix": "JR", "address_1": "1 ROAD", "house_number": "1"},
		{"record_id": "P2", "surname": "OBRIEN", "address_1": "12 HIGH STREET FLAT 2", "flat": "2", "house_number": "12"},
	})
	checkCounts(t, got.stats, 3, 2, 1)
	if len(got.rejects) != 1 || got.rejects[0].Line != 6 || got.rejects[0].Field != "surname" {
		t.Errorf("rejects = %+v, want one at line 6 for surname", got.rejects)
	}
}

func TestDelimitedReaderErrors(t *testing.T) {
	tests := []struct {
		name string
		text string
		cfg  DelimitedConfig
		want []string // every fragment must appear in the error
	}{
		{"empty file", "", DelimitedConfig{BatchSize: 1}, []string{"p.csv", "empty file"}},
		{"batch size zero", "record_id,surname\n", DelimitedConfig{}, []string{"p.csv", "batch size 0"}},
		{"bad delimiter", "record_id,surname\n", DelimitedConfig{BatchSize: 1, Comma: ':'}, []string{"p.csv", "delimiter ':'"}},
		{"malformed header", "record_id,\"surname\n", DelimitedConfig{BatchSize: 1}, []string{"p.csv", "header"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rr, err := NewDelimitedReader(context.Background(), strings.NewReader(tt.text), "p.csv", Pensions, testBody, tt.cfg, nil)
			if err == nil {
				rr.Release()
				t.Fatal("NewDelimitedReader succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestDelimitedReaderHeaderOnly(t *testing.T) {
	got := load(t, Pensions, "p.csv", "record_id,surname\n", DelimitedConfig{})
	if len(got.batches) != 0 || got.err != nil {
		t.Errorf("header only: batches %v, Err() = %v, want none, nil", got.batches, got.err)
	}
	checkCounts(t, got.stats, 0, 0, 0)
}

func TestDelimitedReaderCancelled(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	ctx, cancel := context.WithCancel(context.Background())
	rr, err := NewDelimitedReader(ctx, strings.NewReader(pensionsCSV), "p.csv", Pensions, testBody,
		DelimitedConfig{BatchSize: 2, Mem: mem}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	cancel()
	if rr.Next() {
		t.Error("Next() = true after cancel, want false")
	}
	if !errors.Is(rr.Err(), context.Canceled) {
		t.Errorf("Err() = %v, want context.Canceled", rr.Err())
	}
	if rr.Stats().Read != 0 {
		t.Errorf("Stats().Read = %d after cancel, want 0", rr.Stats().Read)
	}
}
