package report_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/thrift/lib/go/thrift"
	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/matcher"
	"github.com/nfimatch/nfimatch/report"
	"github.com/nfimatch/nfimatch/rules"
	"github.com/xitongsys/parquet-go/parquet"
)

// thriftStruct is a Parquet metadata structure thrift can decode.
type thriftStruct interface {
	Read(ctx context.Context, p thrift.TProtocol) error
}

// decode reads v, thrift compact encoded, from data at off.
func decode(t *testing.T, data []byte, off int64, v thriftStruct) {
	t.Helper()
	trans := &thrift.TMemoryBuffer{Buffer: bytes.NewBuffer(data[off:])}
	if err := v.Read(context.Background(), thrift.NewTCompactProtocolConf(trans, &thrift.TConfiguration{})); err != nil {
		t.Fatalf("decode at %d: %v", off, err)
	}
}

// footer reads the file metadata at the end of a Parquet file.
func footer(t *testing.T, data []byte) *parquet.FileMetaData {
	t.Helper()
	if len(data) < 12 || string(data[len(data)-4:]) != "PAR1" {
		t.Fatal("not a Parquet file")
	}
	size := int64(binary.LittleEndian.Uint32(data[len(data)-8:]))
	md := parquet.NewFileMetaData()
	decode(t, data, int64(len(data))-8-size, md)
	return md
}

// TestRowGroupsAndPageIndex writes 5,000 matches in row groups of 2,000
// and 1 KiB pages, and reads the file's metadata back: the row groups'
// sizes; each column chunk's null count against the NULLs in the inputs
// (DuckDB skips a row group on IS NULL by it); a page of NULLs marked as
// one in the column index; and the comparisons columns' pages starting at
// a match, with the offset index counting their first row in matches.
func TestRowGroupsAndPageIndex(t *testing.T) {
	const n, groupRows = 5000, 2000
	r, err := rules.Lookup("pensions-deceased")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := matcher.CompileRule(r)
	if err != nil {
		t.Fatal(err)
	}
	left := benchTable(extract.Pensions, "Eastbrook Borough Council", n)
	right := benchTable(extract.Deceased, "DWP", n)
	res := benchResult(plan, n)
	path := filepath.Join(t.TempDir(), "r.parquet")
	cfg := report.Config{PageSize: 1024, RowGroupRows: groupRows}
	if _, err := report.Write(context.Background(), path, "r", cfg, plan, left, right, res); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	md := footer(t, data)

	// The NULLs of each optional column in matches [from, to), from the
	// inputs: match i pairs record i of each side (benchResult).
	side := func(tb *matcher.Table, field string) func(i int) bool {
		for c, f := range tb.Dataset.Fields {
			if f.Name == field {
				return func(i int) bool { return !tb.Cols[c+1].Valid[i] }
			}
		}
		t.Fatalf("no field %s", field)
		return nil
	}
	isNull := map[string]func(i int) bool{
		"match_probability":   func(i int) bool { return !res.Matches[i].HasProbability },
		"amount":              func(i int) bool { return !res.Matches[i].HasAmount },
		"previous_outcome":    func(int) bool { return true },
		"left_title":          side(left, "title"),
		"left_date_of_birth":  side(left, "date_of_birth"),
		"right_surname":       side(right, "surname"),
		"right_date_of_death": side(right, "date_of_death"),
		"match_id":            func(int) bool { return false },
	}

	wantRows := []int64{2000, 2000, 1000}
	if len(md.RowGroups) != len(wantRows) {
		t.Fatalf("%d row groups, want %d", len(md.RowGroups), len(wantRows))
	}
	cmps := int64(len(plan.Comparisons))
	from := 0
	for g, rg := range md.RowGroups {
		if rg.NumRows != wantRows[g] {
			t.Errorf("row group %d: %d rows, want %d", g, rg.NumRows, wantRows[g])
		}
		to := from + int(rg.NumRows)
		for _, cc := range rg.Columns {
			col := cc.MetaData.PathInSchema[0]
			if null, ok := isNull[col]; ok {
				want := int64(0)
				for i := from; i < to; i++ {
					if null(i) {
						want++
					}
				}
				if got := cc.MetaData.Statistics.GetNullCount(); got != want {
					t.Errorf("row group %d %s: null count %d, want %d", g, col, got, want)
				}
			}
			ci, oi := parquet.NewColumnIndex(), parquet.NewOffsetIndex()
			decode(t, data, cc.GetColumnIndexOffset(), ci)
			decode(t, data, cc.GetOffsetIndexOffset(), oi)
			if len(ci.NullPages) != len(oi.PageLocations) || len(ci.MinValues) != len(oi.PageLocations) {
				t.Errorf("row group %d %v: column index of %d pages, offset index of %d", g, cc.MetaData.PathInSchema, len(ci.NullPages), len(oi.PageLocations))
			}
			for p, nullPage := range ci.NullPages {
				if want := col == "previous_outcome" || col == "match_probability"; nullPage != want {
					t.Errorf("row group %d %s page %d: null page %v, want %v", g, col, p, nullPage, want)
				}
			}
			if col != "comparisons" {
				continue
			}
			if len(oi.PageLocations) < 2 {
				t.Fatalf("row group %d %v: %d pages, want several of 1 KiB", g, cc.MetaData.PathInSchema, len(oi.PageLocations))
			}
			next := int64(0) // the first row of the next page
			for p, loc := range oi.PageLocations {
				ph := parquet.NewPageHeader()
				decode(t, data, loc.Offset, ph)
				values := int64(ph.DataPageHeader.NumValues)
				if loc.FirstRowIndex != next || values%cmps != 0 {
					t.Errorf("row group %d %v page %d: first row %d with %d values; want first row %d and whole matches of %d comparisons",
						g, cc.MetaData.PathInSchema, p, loc.FirstRowIndex, values, next, cmps)
				}
				next += values / cmps
			}
			if next != rg.NumRows {
				t.Errorf("row group %d %v: pages hold %d matches, want %d", g, cc.MetaData.PathInSchema, next, rg.NumRows)
			}
		}
		from = to
	}
}
