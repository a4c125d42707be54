package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
)

// benchRows is the number of pensions rows each source benchmark reads, as
// BenchmarkDelimitedReader does.
const benchRows = 100000

// benchPerson returns the values of pensions row i, in benchLayout's order,
// the same people as BenchmarkDelimitedReader's.
func benchPerson(i int) []string {
	return []string{
		fmt.Sprintf("PEN%07d", i), "Mrs", "Margaret", "Jean", "O'Brien-Smith",
		fmt.Sprintf("%02d%02d19%02d", 1+i%28, 1+i%12, 30+i%40), fmt.Sprintf("AB%06dC", i),
		fmt.Sprintf("%d Mill Rd", 1+i%120), "Holmford", "Eastbrook", "", "eb3 4qt",
		"01012010", fmt.Sprint(10000 + i%50000), "M", "28102026",
	}
}

var benchLayout = []FixedColumn{
	{"Pension Reference", 1, 10}, {"Title", 11, 4}, {"Forename", 15, 15}, {"Middle Names", 30, 15},
	{"Surname", 45, 20}, {"Date of Birth", 65, 8}, {"NI Number", 73, 9}, {"Address Line 1", 82, 30},
	{"Address Line 2", 112, 30}, {"Address Line 3", 142, 30}, {"Address Line 4", 172, 30}, {"Postcode", 202, 8},
	{"Pension Start Date", 210, 8}, {"Pension Amount", 218, 10}, {"Payment Frequency", 228, 2}, {"Date Last Paid", 230, 8},
}

// benchSource reads every row of the source open makes as pensions, b.N
// times, and reports rows per second.
func benchSource(b *testing.B, size int, open func() Source) {
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		rr, err := NewReader(context.Background(), open(), "bench", Pensions, "Test", nil, DefaultReaderConfig(), nil)
		if err != nil {
			b.Fatal(err)
		}
		for rr.Next() {
		}
		if rr.Err() != nil || rr.Stats().Loaded != benchRows {
			b.Fatalf("loaded %d, err %v", rr.Stats().Loaded, rr.Err())
		}
		rr.Release()
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkFixedWidthReader reads 100,000 fixed-width pensions lines of 237
// characters.
func BenchmarkFixedWidthReader(b *testing.B) {
	var buf bytes.Buffer
	for i := range benchRows {
		buf.WriteString(fixedRecord(benchLayout, benchPerson(i)...))
		buf.WriteString("\r\n")
	}
	data := buf.Bytes()
	benchSource(b, len(data), func() Source {
		src, err := NewFixedWidthSource(bytes.NewReader(data), "p.txt", benchLayout, 0)
		if err != nil {
			b.Fatal(err)
		}
		return src
	})
}

// BenchmarkFixedWidthEBCDICReader reads the same rows as mainframe blocks
// in EBCDIC code page 285, decoding them on the way.
func BenchmarkFixedWidthEBCDICReader(b *testing.B) {
	var text bytes.Buffer
	for i := range benchRows {
		text.WriteString(fixedRecord(benchLayout, benchPerson(i)...))
	}
	data := encodeEBCDIC(b, &ebcdic285, text.String())
	benchSource(b, len(data), func() Source {
		r, err := DecodeReader(bytes.NewReader(data), "ebcdic-285")
		if err != nil {
			b.Fatal(err)
		}
		src, err := NewFixedWidthSource(r, "p.ebc", benchLayout, 237)
		if err != nil {
			b.Fatal(err)
		}
		return src
	})
}

// BenchmarkJSONLinesReader reads the same rows as JSON Lines, the amount a
// number.
func BenchmarkJSONLinesReader(b *testing.B) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for i := range benchRows {
		obj := map[string]any{}
		for c, v := range benchPerson(i) {
			obj[benchLayout[c].Name] = v
		}
		obj["Pension Amount"] = json.Number(obj["Pension Amount"].(string))
		if err := enc.Encode(obj); err != nil {
			b.Fatal(err)
		}
	}
	data := buf.Bytes()
	benchSource(b, len(data), func() Source {
		src, err := NewJSONLinesSource(bytes.NewReader(data), "p.jsonl", nil)
		if err != nil {
			b.Fatal(err)
		}
		return src
	})
}

// BenchmarkParquetReader reads the same rows from Parquet, strings but for
// a date32 date of birth and an int64 amount.
func BenchmarkParquetReader(b *testing.B) {
	fields := make([]arrow.Field, len(benchLayout))
	for c, col := range benchLayout {
		fields[c] = arrow.Field{Name: col.Name, Type: arrow.BinaryTypes.String}
	}
	fields[5].Type = arrow.FixedWidthTypes.Date32
	fields[13].Type = arrow.PrimitiveTypes.Int64
	data := writeParquetGroups(b, arrow.NewSchema(fields, nil), 1<<16, func(rb *array.RecordBuilder) {
		for i := range benchRows {
			for c, v := range benchPerson(i) {
				switch fb := rb.Field(c).(type) {
				case *array.StringBuilder:
					fb.Append(v)
				case *array.Date32Builder:
					days, err := ParseDate(v, DefaultDateConfig())
					if err != nil {
						b.Fatal(err)
					}
					fb.Append(arrow.Date32(days))
				case *array.Int64Builder:
					var n int64
					fmt.Sscan(v, &n)
					fb.Append(n)
				}
			}
		}
	})
	benchSource(b, len(data), func() Source {
		src, err := NewParquetSource(bytes.NewReader(data), int64(len(data)), "p.parquet", nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		return src
	})
}
