package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/decimal128"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/parquet"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"
)

// writeParquet writes the rows fill appends as one Parquet file, with the
// Arrow schema stored so that time zones survive.
func writeParquet(t testing.TB, schema *arrow.Schema, fill func(b *array.RecordBuilder)) []byte {
	t.Helper()
	return writeParquetGroups(t, schema, 0, fill)
}

// writeParquetGroups is writeParquet with row groups of at most groupRows
// rows (0: the writer's default).
func writeParquetGroups(t testing.TB, schema *arrow.Schema, groupRows int64, fill func(b *array.RecordBuilder)) []byte {
	t.Helper()
	b := array.NewRecordBuilder(memory.NewGoAllocator(), schema)
	defer b.Release()
	fill(b)
	rec := b.NewRecord()
	defer rec.Release()
	opts := []parquet.WriterProperty{parquet.WithDictionaryDefault(true)}
	if groupRows > 0 {
		opts = append(opts, parquet.WithMaxRowGroupLength(groupRows))
	}
	var buf bytes.Buffer
	w, err := pqarrow.NewFileWriter(schema, &buf, parquet.NewWriterProperties(opts...),
		pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
	if err != nil {
		t.Fatalf("pqarrow.NewFileWriter: %v", err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatalf("write Parquet: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("close Parquet: %v", err)
	}
	return buf.Bytes()
}

// pensionsParquet is a pensions extract as a payroll system might write
// it: typed columns, nulls, and two nested columns nobody maps.
var pensionsParquet = arrow.NewSchema([]arrow.Field{
	{Name: "Pension Reference", Type: arrow.BinaryTypes.String},
	{Name: "Surname", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "Forename", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "DOB", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
	{Name: "Tags", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
	{Name: "Amount", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "Last Paid", Type: &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}, Nullable: true},
	{Name: "Gross", Type: &arrow.Decimal128Type{Precision: 10, Scale: 2}, Nullable: true},
	{Name: "Rate", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "Widow", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
	{Name: "Address", Type: arrow.StructOf(arrow.Field{Name: "line1", Type: arrow.BinaryTypes.String, Nullable: true}), Nullable: true},
	{Name: "Hours", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
}, nil)

// pensionsParquetRow is one row of pensionsParquet; nil is NULL.
type pensionsParquetRow struct {
	ref, surname, forename any
	dob                    any // time.Time
	amount                 any // int64
	lastPaid               any // time.Time
	gross                  any // int64 hundredths
	rate                   any // float64
	widow                  any // bool
	hours                  any // int32
}

func fillPensions(rows []pensionsParquetRow) func(b *array.RecordBuilder) {
	return func(b *array.RecordBuilder) {
		for _, r := range rows {
			appendOrNull(b.Field(0), r.ref, func(v any) { b.Field(0).(*array.StringBuilder).Append(v.(string)) })
			appendOrNull(b.Field(1), r.surname, func(v any) { b.Field(1).(*array.StringBuilder).Append(v.(string)) })
			appendOrNull(b.Field(2), r.forename, func(v any) { b.Field(2).(*array.StringBuilder).Append(v.(string)) })
			appendOrNull(b.Field(3), r.dob, func(v any) { b.Field(3).(*array.Date32Builder).Append(arrow.Date32FromTime(v.(time.Time))) })
			lb := b.Field(4).(*array.ListBuilder)
			lb.Append(true)
			lb.ValueBuilder().(*array.StringBuilder).Append("tag")
			appendOrNull(b.Field(5), r.amount, func(v any) { b.Field(5).(*array.Int64Builder).Append(v.(int64)) })
			appendOrNull(b.Field(6), r.lastPaid, func(v any) {
				b.Field(6).(*array.TimestampBuilder).Append(arrow.Timestamp(v.(time.Time).UnixMilli()))
			})
			appendOrNull(b.Field(7), r.gross, func(v any) { b.Field(7).(*array.Decimal128Builder).Append(decimal128.FromI64(v.(int64))) })
			appendOrNull(b.Field(8), r.rate, func(v any) { b.Field(8).(*array.Float64Builder).Append(v.(float64)) })
			appendOrNull(b.Field(9), r.widow, func(v any) { b.Field(9).(*array.BooleanBuilder).Append(v.(bool)) })
			sb := b.Field(10).(*array.StructBuilder)
			sb.Append(true)
			sb.FieldBuilder(0).(*array.StringBuilder).Append("1 Secret Lane")
			appendOrNull(b.Field(11), r.hours, func(v any) { b.Field(11).(*array.Int32Builder).Append(v.(int32)) })
		}
	}
}

func appendOrNull(b array.Builder, v any, appendValue func(any)) {
	if v == nil {
		b.AppendNull()
		return
	}
	appendValue(v)
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

var pensionsParquetRows = []pensionsParquetRow{
	{ref: "P001", surname: "Smith", forename: "John", dob: day(1950, time.March, 1), amount: int64(12345),
		lastPaid: day(2026, time.February, 28).Add(13 * time.Hour), gross: int64(12345), rate: 0.5, widow: false, hours: int32(3750)},
	{ref: "P002", surname: "Ó Briain", forename: "Zoë", dob: nil, amount: nil, lastPaid: nil, gross: nil, rate: nil, widow: true, hours: nil},
	{ref: "P003", surname: nil, forename: "Anne-Marie", dob: day(1969, time.December, 31), amount: int64(-100),
		lastPaid: day(2026, time.January, 1), gross: int64(-5), rate: 1e-7, widow: nil, hours: int32(0)},
	{ref: "P004", surname: "Lee", amount: int64(12345678901234567)},
}

func openParquet(t *testing.T, data []byte, columns []string, mem memory.Allocator) *ParquetSource {
	t.Helper()
	src, err := NewParquetSource(bytes.NewReader(data), int64(len(data)), "pensions.parquet", columns, mem)
	if err != nil {
		t.Fatalf("NewParquetSource: %v", err)
	}
	return src
}

// TestParquetValues checks the text of every type, row by row.
func TestParquetValues(t *testing.T) {
	mem := newMem()
	defer mem.AssertSize(t, 0)
	data := writeParquet(t, pensionsParquet, fillPensions(pensionsParquetRows))
	src := openParquet(t, data, nil, mem)
	wantCols := "Pension Reference|Surname|Forename|DOB|Amount|Last Paid|Gross|Rate|Widow|Hours"
	if got := strings.Join(src.Columns(), "|"); got != wantCols {
		t.Errorf("Columns() = %q, want %q (nested columns left out)", got, wantCols)
	}
	want := [][]string{
		{"P001", "Smith", "John", "1950-03-01", "12345", "2026-02-28", "123.45", "0.5", "N", "3750"},
		{"P002", "Ó Briain", "Zoë", "", "", "", "", "", "Y", ""},
		{"P003", "", "Anne-Marie", "1969-12-31", "-100", "2026-01-01", "-0.05", "0.0000001", "", "0"},
		{"P004", "Lee", "", "", "12345678901234567", "", "", "", "", ""},
	}
	for i, w := range want {
		r, err := src.Next()
		if err != nil {
			t.Fatalf("row %d: %v", i+1, err)
		}
		if r.Line != i+1 || strings.Join(r.Values, "|") != strings.Join(w, "|") || r.Raw != strings.Join(w, "|") {
			t.Errorf("row %d = line %d %q (Raw %q), want line %d %q", i+1, r.Line, r.Values, r.Raw, i+1, w)
		}
	}
	if _, err := src.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("Next() at the end = %v, want io.EOF", err)
	}
}

func TestParquetReader(t *testing.T) {
	mem := newMem()
	data := writeParquet(t, pensionsParquet, fillPensions(pensionsParquetRows))
	got := loadSource(t, Pensions, "pensions.parquet", openParquet(t, data, nil, mem), nil, mem)
	if got.err != nil {
		t.Fatalf("Err() = %v", got.err)
	}
	checkRejects(t, "pensions.parquet", got.rejects, []Reject{{Line: 3, Field: "surname", Reason: "required value is blank"}})
	checkCounts(t, got.stats, 4, 3, 1)
	want := []row{
		{"record_id": "P001", "surname": "SMITH", "forenames": "JOHN", "date_of_birth": epochDays(1950, time.March, 1),
			"pension_amount": int64(12345), "date_last_paid": epochDays(2026, time.February, 28), "survivor": false},
		{"record_id": "P002", "surname": "OBRIAIN", "forenames": "ZOE", "survivor": true},
		{"record_id": "P004", "surname": "LEE"}, // every digit read, but more than £1bn
	}
	checkRows(t, Pensions, got.rows, want)
	if w := got.stats.Warnings["pension_amount: "+ErrInvalidMoney.Error()+", loaded as blank"]; w != 1 {
		t.Errorf("warnings %v, want one for P004's amount", got.stats.Warnings)
	}
	if len(got.rows) > 1 && got.rows[1]["surname_original"] != "Ó Briain" {
		t.Errorf("surname_original = %v, want Ó Briain", got.rows[1]["surname_original"])
	}
}

// TestParquetColumns reads only the columns asked for, by header key.
func TestParquetColumns(t *testing.T) {
	mem := newMem()
	defer mem.AssertSize(t, 0)
	data := writeParquet(t, pensionsParquet, fillPensions(pensionsParquetRows))
	src := openParquet(t, data, []string{"surname", "pension reference"}, mem)
	if got := strings.Join(src.Columns(), "|"); got != "Surname|Pension Reference" {
		t.Errorf("Columns() = %q, want the file's names in the order asked", got)
	}
	r, err := src.Next()
	if err != nil || strings.Join(r.Values, "|") != "Smith|P001" {
		t.Errorf("Next() = %q, %v, want [Smith P001]", r.Values, err)
	}
	src.Close()
	src.Close()
	if _, err := src.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("Next() after Close = %v, want io.EOF", err)
	}
}

func TestParquetOpenErrors(t *testing.T) {
	data := writeParquet(t, pensionsParquet, fillPensions(pensionsParquetRows))
	tests := []struct {
		name    string
		data    []byte
		columns []string
		want    string
		is      error
	}{
		{"nested column asked for", data, []string{"Pension Reference", "tags"}, `column "Tags" is a list<`, nil},
		{"struct column asked for", data, []string{"address"}, `column "Address" is a struct`, nil},
		{"missing column", data, []string{"NI Number"}, `column "NI Number" is not in the file (columns: Pension Reference, Surname`, ErrMissingColumn},
		{"column twice", data, []string{"Surname", "SURNAME"}, `column "SURNAME" is named twice`, nil},
		{"not Parquet", []byte("record_id,surname\nP1,Smith\n"), nil, "not a readable Parquet file", nil},
		{"empty", nil, nil, "not a readable Parquet file", nil},
		{"truncated", data[:len(data)/2], nil, "not a readable Parquet file", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewParquetSource(bytes.NewReader(tt.data), int64(len(tt.data)), "pensions.parquet", tt.columns, nil)
			if err == nil || !strings.HasPrefix(err.Error(), "pensions.parquet: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("NewParquetSource error = %v, want \"pensions.parquet: ...%s...\"", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v does not wrap %v", err, tt.is)
			}
		})
	}
	nestedOnly := arrow.NewSchema([]arrow.Field{{Name: "people", Type: arrow.ListOf(arrow.BinaryTypes.String)}}, nil)
	data = writeParquet(t, nestedOnly, func(b *array.RecordBuilder) { b.Field(0).AppendNull() })
	if _, err := NewParquetSource(bytes.NewReader(data), int64(len(data)), "n.parquet", nil, nil); err == nil || !strings.Contains(err.Error(), "no flat columns") {
		t.Errorf("NewParquetSource(only a list) error = %v, want no flat columns", err)
	}
}

// TestParquetDamaged flips bytes through a file: whatever the damage, the
// file is an error at open, an error while reading, or rows; never a panic,
// though the Parquet reader panics on many of these.
func TestParquetDamaged(t *testing.T) {
	data := writeParquet(t, pensionsParquet, fillPensions(pensionsParquetRows))
	for i := 0; i < len(data); i += 3 {
		damaged := bytes.Clone(data)
		damaged[i] ^= 0x5a
		src, err := NewParquetSource(bytes.NewReader(damaged), int64(len(damaged)), "d.parquet", nil, nil)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "d.parquet: ") {
				t.Errorf("byte %d: error %v does not name the file", i, err)
			}
			continue
		}
		for n := 0; ; n++ {
			if _, err := src.Next(); err != nil {
				break // io.EOF, or an error the Reader reports with the file name
			}
			if n > len(pensionsParquetRows) {
				t.Fatalf("byte %d: more rows than written", i)
			}
		}
		src.Close()
	}
}

// TestParquetBatches reads a file of several row groups and batches
// through an *os.File, every batch released.
func TestParquetBatches(t *testing.T) {
	const rows = 3*parquetBatchRows + 17
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "reference", Type: arrow.BinaryTypes.String},
		{Name: "surname", Type: arrow.BinaryTypes.String},
		{Name: "date of death", Type: arrow.FixedWidthTypes.Date32},
	}, nil)
	data := writeParquetGroups(t, schema, 5000, func(b *array.RecordBuilder) {
		for i := range rows {
			b.Field(0).(*array.StringBuilder).Append(fmt.Sprintf("D%06d", i))
			b.Field(1).(*array.StringBuilder).Append("Smith")
			b.Field(2).(*array.Date32Builder).Append(arrow.Date32FromTime(day(2025, time.January, 1+i%28)))
		}
	})
	path := filepath.Join(t.TempDir(), "deceased.parquet")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	mem := newMem()
	src, err := NewParquetSource(f, info.Size(), "deceased.parquet", nil, mem)
	if err != nil {
		t.Fatal(err)
	}
	got := loadSource(t, Deceased, "deceased.parquet", src, nil, mem)
	checkCounts(t, got.stats, rows, rows, 0)
	if len(got.rows) == rows && (got.rows[rows-1]["record_id"] != fmt.Sprintf("D%06d", rows-1) || got.rows[rows-1]["date_of_death"] != epochDays(2025, time.January, 1+(rows-1)%28)) {
		t.Errorf("last row = %v", got.rows[rows-1])
	}
}

// TestParquetTimeZone reads a timestamp on its date in its own zone.
func TestParquetTimeZone(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skipf("no time zone database: %v", err)
	}
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "local", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "Europe/London"}},
		{Name: "utc", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}},
		{Name: "wall", Type: &arrow.TimestampType{Unit: arrow.Second}},
	}, nil)
	// Midnight on 1 July in London is 23:00 on 30 June in UTC.
	instant := time.Date(2026, time.July, 1, 0, 0, 0, 0, london)
	data := writeParquet(t, schema, func(b *array.RecordBuilder) {
		b.Field(0).(*array.TimestampBuilder).Append(arrow.Timestamp(instant.UnixMicro()))
		b.Field(1).(*array.TimestampBuilder).Append(arrow.Timestamp(instant.UnixMicro()))
		b.Field(2).(*array.TimestampBuilder).Append(arrow.Timestamp(instant.Unix()))
	})
	mem := newMem()
	defer mem.AssertSize(t, 0)
	src := openParquet(t, data, nil, mem)
	defer src.Close()
	r, err := src.Next()
	if want := "2026-07-01|2026-06-30|2026-06-30"; err != nil || strings.Join(r.Values, "|") != want {
		t.Errorf("Next() = %q, %v, want %s", r.Values, err, want)
	}
}
