package extract

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// contractTable is the table every source under contract test holds: three
// people, the second without a date of birth.
var contractTable = [][]string{
	{"P1", "Smith", "01031950"},
	{"P2", "Ó Briain", ""},
	{"P3", "Zoë-Jones", "31121969"},
}

var contractColumns = []string{"record_id", "surname", "date_of_birth"}

// TestSourceContract runs every Source over the same table: the columns
// named in order, one value per column, lines rising, Raw kept, io.EOF
// repeated after the end, and the rows loaded alike through a Reader.
func TestSourceContract(t *testing.T) {
	sources := map[string]func(t *testing.T, mem memory.Allocator) Source{
		"delimited": func(t *testing.T, _ memory.Allocator) Source {
			text := "record_id,surname,date_of_birth\nP1,Smith,01031950\nP2,Ó Briain,\nP3,Zoë-Jones,31121969\n"
			src, err := NewDelimitedSource(strings.NewReader(text), "c.csv", 0, nil)
			if err != nil {
				t.Fatal(err)
			}
			return src
		},
		"fixed lines": func(t *testing.T, _ memory.Allocator) Source {
			src, err := NewFixedWidthSource(strings.NewReader(fixedText(contractLayout, contractTable, "\r\n")), "c.txt", contractLayout, 0)
			if err != nil {
				t.Fatal(err)
			}
			return src
		},
		"fixed blocks": func(t *testing.T, _ memory.Allocator) Source {
			src, err := NewFixedWidthSource(strings.NewReader(fixedText(contractLayout, contractTable, "")), "c.dat", contractLayout, 30)
			if err != nil {
				t.Fatal(err)
			}
			return src
		},
		"json lines": func(t *testing.T, _ memory.Allocator) Source {
			text := `{"record_id":"P1","surname":"Smith","date_of_birth":"01031950"}` + "\n" +
				`{"record_id":"P2","surname":"Ó Briain","date_of_birth":null}` + "\n" +
				`{"surname":"Zoë-Jones","record_id":"P3","date_of_birth":"31121969"}` + "\n"
			src, err := NewJSONLinesSource(strings.NewReader(text), "c.jsonl", nil)
			if err != nil {
				t.Fatal(err)
			}
			return src
		},
		"parquet": func(t *testing.T, mem memory.Allocator) Source {
			data := writeParquet(t, contractSchema, func(b *array.RecordBuilder) {
				for _, r := range contractTable {
					for c, v := range r {
						sb := b.Field(c).(*array.StringBuilder)
						if v == "" {
							sb.AppendNull()
						} else {
							sb.Append(v)
						}
					}
				}
			})
			src, err := NewParquetSource(bytes.NewReader(data), int64(len(data)), "c.parquet", nil, mem)
			if err != nil {
				t.Fatal(err)
			}
			return src
		},
	}
	for name, open := range sources {
		t.Run(name, func(t *testing.T) {
			mem := newMem()
			src := open(t, mem)
			if got := src.Columns(); strings.Join(got, ",") != strings.Join(contractColumns, ",") {
				t.Errorf("Columns() = %q, want %q", got, contractColumns)
			}
			line := 0
			for i, want := range contractTable {
				r, err := src.Next()
				if err != nil {
					t.Fatalf("row %d: Next() error %v", i, err)
				}
				// Fixed-width values keep their padding: the Reader trims.
				var values []string
				for _, v := range r.Values {
					values = append(values, strings.TrimSpace(v))
				}
				if r.Bad != "" || strings.Join(values, "|") != strings.Join(want, "|") {
					t.Errorf("row %d = %q (Bad %q), want %q", i, r.Values, r.Bad, want)
				}
				raw := r.Raw
				if rs, ok := src.(rawSource); ok && raw == "" {
					raw = rs.rawLast() // given on demand, for rejects only
				}
				if r.Line <= line || raw == "" {
					t.Errorf("row %d: Line %d after %d, Raw %q: want rising lines and the raw row", i, r.Line, line, raw)
				}
				line = r.Line
			}
			for range 2 {
				if r, err := src.Next(); !errors.Is(err, io.EOF) {
					t.Errorf("Next() after the end = %+v, %v, want io.EOF", r, err)
				}
			}
			if c, ok := src.(io.Closer); ok {
				c.Close()
			}
			mem.AssertSize(t, 0)

			got := loadSource(t, Pensions, "c", open(t, mem), nil, mem)
			if got.err != nil || len(got.rows) != 3 || got.rows[1]["date_of_birth"] != nil || got.rows[2]["surname"] != "ZOE JONES" {
				t.Errorf("loaded %v, err %v, want the three people", got.rows, got.err)
			}
			checkCounts(t, got.stats, 3, 3, 0)
		})
	}
}

var contractLayout = []FixedColumn{{"record_id", 1, 4}, {"surname", 5, 18}, {"date_of_birth", 23, 8}}

var contractSchema = arrow.NewSchema([]arrow.Field{
	{Name: "record_id", Type: arrow.BinaryTypes.String},
	{Name: "surname", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "date_of_birth", Type: arrow.BinaryTypes.String, Nullable: true},
}, nil)
