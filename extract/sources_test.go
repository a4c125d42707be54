package extract

import (
	"context"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/memory"
)

// loadSource reads src as a file called name of dataset ds to the end,
// through a Reader that allocates from mem, and checks that mem is empty
// once the reader is released. A source that allocates (Parquet) must use
// mem too.
func loadSource(t *testing.T, ds *Dataset, name string, src Source, m *Mapping, mem *memory.CheckedAllocator) loaded {
	t.Helper()
	defer mem.AssertSize(t, 0)
	var out loaded
	sink := RejectFunc(func(r Reject) error {
		out.rejects = append(out.rejects, r)
		return nil
	})
	cfg := ReaderConfig{BatchSize: 3, Dates: pivot2026, Mem: mem}
	rr, err := NewReader(context.Background(), src, name, ds, testBody, m, cfg, sink)
	if err != nil {
		t.Fatalf("NewReader(%s): %v", name, err)
	}
	drainReader(t, rr, &out)
	return out
}

func newMem() *memory.CheckedAllocator {
	return memory.NewCheckedAllocator(memory.NewGoAllocator())
}

// checkRejects compares the rejects' lines and reasons with want, a reason
// matching when it starts with the wanted text, and checks every reject
// names file.
func checkRejects(t *testing.T, file string, got []Reject, want []Reject) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d rejects %+v, want %d %+v", len(got), got, len(want), want)
	}
	for i, w := range want {
		g := got[i]
		if g.File != file || g.Line != w.Line || !strings.HasPrefix(g.Reason, w.Reason) || g.Field != w.Field {
			t.Errorf("reject %d = {File %q Line %d Field %q Reason %q}, want {%q %d %q %q...}",
				i, g.File, g.Line, g.Field, g.Reason, file, w.Line, w.Field, w.Reason)
		}
		if w.Raw != "" && g.Raw != w.Raw {
			t.Errorf("reject %d Raw = %q, want %q", i, g.Raw, w.Raw)
		}
	}
}

// fixedText lays rows out in cols, each value padded with spaces to its
// column's width, and ends each record with sep.
func fixedText(cols []FixedColumn, rows [][]string, sep string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(fixedRecord(cols, r...))
		b.WriteString(sep)
	}
	return b.String()
}

// fixedRecord lays one record out in cols, to the end of the last column.
func fixedRecord(cols []FixedColumn, values ...string) string {
	end := 0
	for _, c := range cols {
		end = max(end, c.end())
	}
	line := []rune(strings.Repeat(" ", end))
	for i, c := range cols {
		if i < len(values) {
			copy(line[c.Start-1:c.end()], []rune(values[i]))
		}
	}
	return string(line)
}
