package extract

import (
	"context"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

const testBody = "Eastbrook Borough Council"

// row is one loaded row by column name. A column missing from an expected
// row must be NULL.
type row map[string]any

// loaded is everything a DelimitedReader produced for one input.
type loaded struct {
	batches []int // rows in each batch, in order
	rows    []row
	rejects []Reject
	stats   Stats
	err     error // Err once Next returned false
}

// load reads text as a file called name of dataset ds to the end, through a
// checked allocator that must be empty once the reader is released.
func load(t *testing.T, ds *Dataset, name, text string, cfg DelimitedConfig) loaded {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	cfg.Mem = mem
	if cfg.BatchSize == 0 {
		cfg.BatchSize = 100
	}
	if cfg.Dates.PivotYear == 0 {
		cfg.Dates = pivot2026
	}
	var out loaded
	sink := RejectFunc(func(r Reject) error {
		out.rejects = append(out.rejects, r)
		return nil
	})
	rr, err := NewDelimitedReader(context.Background(), strings.NewReader(text), name, ds, testBody, cfg, sink)
	if err != nil {
		t.Fatalf("NewDelimitedReader(%s): %v", name, err)
	}
	drainReader(t, rr, &out)
	return out
}

// drainReader reads rr to the end into out and releases it.
func drainReader(t *testing.T, rr *Reader, out *loaded) {
	t.Helper()
	defer rr.Release()
	for rr.Next() {
		rec := rr.Record()
		out.batches = append(out.batches, int(rec.NumRows()))
		out.rows = append(out.rows, rowsOf(t, rec)...)
	}
	out.stats = rr.Stats()
	out.err = rr.Err()
}

// rowsOf reads every value of rec through its typed array; NULL is nil.
func rowsOf(t *testing.T, rec arrow.Record) []row {
	t.Helper()
	rows := make([]row, rec.NumRows())
	for i := range rows {
		rows[i] = row{}
	}
	for c, col := range rec.Columns() {
		name := rec.ColumnName(c)
		for i := range rows {
			if col.IsNull(i) {
				rows[i][name] = nil
				continue
			}
			switch a := col.(type) {
			case *array.String:
				rows[i][name] = strings.Clone(a.Value(i))
			case *array.Date32:
				rows[i][name] = int32(a.Value(i))
			case *array.Int64:
				rows[i][name] = a.Value(i)
			case *array.Boolean:
				rows[i][name] = a.Value(i)
			default:
				t.Fatalf("column %s is a %T", name, col)
			}
		}
	}
	return rows
}

// checkRows compares loaded rows with want, column by column.
func checkRows(t *testing.T, ds *Dataset, got []row, want []row) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("loaded %d rows, want %d: %v", len(got), len(want), got)
	}
	for i := range want {
		if g := got[i][BodyField]; g != testBody {
			t.Errorf("row %d: %s = %v, want %q", i, BodyField, g, testBody)
		}
		for _, f := range ds.Fields {
			g, ok := got[i][f.Name]
			if !ok {
				t.Errorf("row %d: no column %s", i, f.Name)
				continue
			}
			if w := want[i][f.Name]; g != w {
				t.Errorf("row %d (%v): %s = %#v, want %#v", i, want[i]["record_id"], f.Name, g, w)
			}
		}
	}
}

// checkCounts checks the stats of a file read to the end.
func checkCounts(t *testing.T, s Stats, read, loaded, rejected int64) {
	t.Helper()
	if s.Read != read || s.Loaded != loaded || s.Rejected != rejected {
		t.Errorf("Stats Read, Loaded, Rejected = %d, %d, %d, want %d, %d, %d", s.Read, s.Loaded, s.Rejected, read, loaded, rejected)
	}
	if s.Read != s.Loaded+s.Rejected {
		t.Errorf("Stats.Read = %d, want Loaded + Rejected = %d", s.Read, s.Loaded+s.Rejected)
	}
}
