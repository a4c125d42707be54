package extract

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// readAllRows reads src to the end: every row with its raw text, as the
// Reader would see them.
func readAllRows(t *testing.T, src *DelimitedSource) []Row {
	t.Helper()
	var rows []Row
	for {
		r, err := src.Next()
		if errors.Is(err, io.EOF) {
			return rows
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		if r.Raw == "" {
			r.Raw = src.rawLast()
		}
		rows = append(rows, r)
		if len(rows) > 10_000 {
			t.Fatal("Next does not reach the end")
		}
	}
}

// checkSplitAgrees reads data once splitting lines without quotes itself
// and once sending every line through the csv parser, and fails unless the
// rows, their lines, values and raw text agree.
func checkSplitAgrees(t *testing.T, data []byte, comma rune) {
	t.Helper()
	fast, err := NewDelimitedSource(bytes.NewReader(data), "f.csv", comma, nil)
	if err != nil {
		return
	}
	parsed, err := NewDelimitedSource(bytes.NewReader(data), "f.csv", comma, nil)
	if err != nil {
		t.Fatalf("second read of the same header failed: %v", err)
	}
	parsed.noSplit = true
	got, want := readAllRows(t, fast), readAllRows(t, parsed)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("split rows of %q differ from parsed rows:\n got %+v\nwant %+v", data, got, want)
	}
}

func TestDelimitedSplitAgreesWithParser(t *testing.T) {
	tests := map[string]string{
		"plain":                       "a,b,c\n1,2,3\n4,5,6\n",
		"crlf":                        "a,b\r\n1,2\r\n3,4\r\n",
		"no final line end":           "a,b\n1,2\n3,4",
		"final carriage return":       "a,b\n1,2\n3,4\r",
		"two carriage returns":        "a,b\n1,2\r\r\n3,4\n",
		"carriage return inside":      "a,b\n1\r2,3\n",
		"blank lines":                 "a,b\n\n1,2\r\n\r\n\r\r\n3,4\n\n",
		"spaces line":                 "a,b\n   \n1,2\n",
		"empty fields":                "a,b,c\n,,\n1,,\n",
		"too many fields":             "a,b\n1,2,3\n4,5\n",
		"too few fields":              "a,b\n1\n4,5\n",
		"quoted field":                "a,b\n\"1,x\",2\n3,4\n",
		"quote runs over lines":       "a,b\n\"1\nx\",2\n3,4\n",
		"stray quote":                 "a,b\n1\",2\n3,4\n",
		"open quote":                  "a,b\n\"1,2\n3,4\n5,6\n",
		"lines after a bad multiline": "a,b\n1,\"x\ny\nz,w\n5,6\n",
		"header only":                 "a,b\n",
		"long line":                   "a,b\n" + strings.Repeat("x", 100_000) + ",y\n1,2\n",
		"long last line":              "a,b\n1,2\n" + strings.Repeat("x", 70_000) + ",y",
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			checkSplitAgrees(t, []byte(data), 0)
			checkSplitAgrees(t, bytes.ReplaceAll([]byte(data), []byte(","), []byte("\t")), '\t')
		})
	}
}

func FuzzDelimitedSplit(f *testing.F) {
	f.Add([]byte("a,b\n1,2\r\n\"3\n\",4\n5,6"))
	f.Add([]byte("a|b\n1|2\n\n\r\r\n3\"|4\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSplitAgrees(t, data, 0)
	})
}

// TestDelimitedRowsAgreeWithCSVReader checks the rows of well-formed files
// (every quote balanced) against encoding/csv reading the same bytes on its
// own: the same values, starting on the same lines. Unlike
// checkSplitAgrees, the reference shares no code with the source, so a
// fault in cutting the input into lines shows too.
func TestDelimitedRowsAgreeWithCSVReader(t *testing.T) {
	long := strings.Repeat("x", 100_000)
	tests := map[string]string{
		"plain":                 "a,b,c\n1,2,3\n4,5,6\n",
		"crlf":                  "a,b\r\n1,2\r\n3,4\r\n",
		"no final line end":     "a,b\n1,2\n3,4",
		"blank lines":           "a,b\n\n1,2\r\n\r\n3,4\n\n",
		"empty fields":          "a,b,c\n,,\n1,,\n",
		"quoted field":          "a,b\n\"1,x\",2\n3,4\n",
		"quote runs over lines": "a,b\n\"1\nx\",2\n3,4\n",
		"long line":             "a,b\n" + long + ",y\n1,2\n",
		"lines across chunks":   "a,b\n" + strings.Repeat("abcdefgh,ijklmnop\n", 5_000) + "q,r\n",
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			src, err := NewDelimitedSource(strings.NewReader(data), "f.csv", 0, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := readAllRows(t, src)
			cr := csv.NewReader(strings.NewReader(data))
			cr.FieldsPerRecord = -1
			recs, err := cr.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			// Line numbers by counting line ends before each record.
			cr = csv.NewReader(strings.NewReader(data))
			cr.FieldsPerRecord = -1
			var lines []int
			for {
				if _, err := cr.Read(); err != nil {
					break
				}
				line, _ := cr.FieldPos(0)
				lines = append(lines, line)
			}
			recs, lines = recs[1:], lines[1:] // the header
			if len(got) != len(recs) {
				t.Fatalf("%d rows, encoding/csv reads %d", len(got), len(recs))
			}
			for i, r := range got {
				if r.Line != lines[i] || !reflect.DeepEqual(r.Values, recs[i]) || r.Bad != "" {
					t.Fatalf("row %d: line %d %q (bad %q); encoding/csv: line %d %q", i, r.Line, r.Values, r.Bad, lines[i], recs[i])
				}
			}
		})
	}
}
