package extract

import (
	"bytes"
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
