package matcher

import (
	"reflect"
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/nfimatch/nfimatch/extract"
)

// cells returns every cell of s.
func cells(s *Strings) []string {
	out := make([]string, s.Len())
	for r := range out {
		out[r] = s.At(r)
	}
	return out
}

func TestStringsOf(t *testing.T) {
	cases := []struct {
		name string
		vals []string
	}{
		{"none", nil},
		{"one empty", []string{""}},
		{"empty at both ends", []string{"", "SMITH", "", "O'BRIEN", ""}},
		{"non-ASCII", []string{"ZOË", "ÓSÚILLEABHÁIN", "日本", "A"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := StringsOf(tc.vals...)
			if s.Len() != len(tc.vals) {
				t.Fatalf("Len() = %d, want %d", s.Len(), len(tc.vals))
			}
			for r, want := range tc.vals {
				if got := s.At(r); got != want {
					t.Errorf("At(%d) = %q, want %q", r, got, want)
				}
			}
		})
	}
	var zero Strings
	if zero.Len() != 0 {
		t.Errorf("zero Strings: Len() = %d, want 0", zero.Len())
	}
}

// textBatch builds a pensions batch of rows in mem: a field a row lacks is
// null, one it has as "" is an empty string; the columns that are not
// text are null throughout.
func textBatch(t *testing.T, mem memory.Allocator, rows ...row) arrow.Record {
	t.Helper()
	b := array.NewRecordBuilder(mem, extract.Pensions.Schema())
	defer b.Release()
	for ci, f := range extract.Pensions.Schema().Fields() {
		for _, rw := range rows {
			v, ok := rw[f.Name]
			sb, text := b.Field(ci).(*array.StringBuilder)
			switch {
			case text && ok:
				sb.Append(v)
			default:
				b.Field(ci).AppendNull()
			}
		}
	}
	return b.NewRecord()
}

// texts returns the text of field in every row of tbl, "<null>" where
// missing.
func texts(tbl *Table, field string) []string {
	c := &tbl.Cols[tbl.Col(field)]
	out := make([]string, tbl.Len)
	for r := range out {
		out[r] = "<null>"
		if c.Valid[r] {
			out[r] = c.Str.At(r)
		}
	}
	return out
}

// TestTableLoadsBatches appends batches, one of them a slice whose
// offsets start past 0, frees them, and reads every cell back.
func TestTableLoadsBatches(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	first := textBatch(t, poisonAllocator{mem},
		row{"record_id": "P1", "surname": "ZOË"},
		row{"record_id": "P2", "surname": ""},
		row{"record_id": "P3"})
	whole := textBatch(t, poisonAllocator{mem},
		row{"record_id": "Q0", "surname": "SKIPPED"},
		row{"record_id": "Q1", "surname": "ÓSÚILLEABHÁIN"},
		row{"record_id": "Q2", "surname": "NG"},
		row{"record_id": "Q3", "surname": "ALSO SKIPPED"})
	sliced := whole.NewSlice(1, 3)
	whole.Release()
	if off := sliced.Column(tableColumn(t, "surname")).(*array.String).ValueOffsets()[0]; off == 0 {
		t.Fatalf("the sliced batch's offsets start at 0: the case is not tested")
	}
	tbl := tableOf(extract.Pensions)
	for _, rec := range []arrow.Record{first, sliced, first} {
		if err := tbl.append(rec, true); err != nil {
			t.Fatal(err)
		}
	}
	first.Release()
	sliced.Release()
	runtime.GC()
	mem.AssertSize(t, 0)
	want := map[string][]string{
		"record_id": {"P1", "P2", "P3", "Q1", "Q2", "P1", "P2", "P3"},
		"surname":   {"ZOË", "", "<null>", "ÓSÚILLEABHÁIN", "NG", "ZOË", "", "<null>"},
		"forenames": {"<null>", "<null>", "<null>", "<null>", "<null>", "<null>", "<null>", "<null>"},
	}
	for field, w := range want {
		if got := texts(tbl, field); !reflect.DeepEqual(got, w) {
			t.Errorf("%s = %q, want %q", field, got, w)
		}
	}
	if c := &tbl.Cols[tbl.Col("surname")]; c.Str.Len() != tbl.Len || len(c.Valid) != tbl.Len {
		t.Errorf("surname holds %d cells and %d valid flags, want %d", c.Str.Len(), len(c.Valid), tbl.Len)
	}
}

func tableColumn(t *testing.T, field string) int {
	t.Helper()
	c := tableOf(extract.Pensions).Col(field)
	if c < 0 {
		t.Fatalf("pensions has no %s", field)
	}
	return c
}

// TestTableView: a table appended to without cloning reads the batch's
// own bytes, and a batch cloned onto it later never writes into them.
func TestTableView(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	whole := textBatch(t, mem, row{"surname": "A"}, row{"surname": "BB"}, row{"surname": "CCC"}, row{"surname": "D"})
	defer whole.Release()
	view := whole.NewSlice(1, 3)
	defer view.Release()
	more := textBatch(t, mem, row{"surname": "EEEE"})
	defer more.Release()

	sur := tableColumn(t, "surname")
	buf := view.Column(sur).Data().Buffers()[2].Bytes()
	before := string(buf)
	tbl := tableOf(extract.Pensions)
	if err := tbl.append(view, false); err != nil {
		t.Fatal(err)
	}
	got := tbl.Cols[sur].Str.At(0)
	if p := uintptr(unsafe.Pointer(unsafe.StringData(got))); p < uintptr(unsafe.Pointer(&buf[0])) || p >= uintptr(unsafe.Pointer(&buf[0]))+uintptr(len(buf)) {
		t.Errorf("a view's cell %q is not in the batch's buffer", got)
	}
	if err := tbl.append(more, true); err != nil {
		t.Fatal(err)
	}
	if got, want := texts(tbl, "surname"), []string{"BB", "CCC", "EEEE"}; !reflect.DeepEqual(got, want) {
		t.Errorf("surname = %q, want %q", got, want)
	}
	if string(buf) != before {
		t.Errorf("the viewed batch's buffer changed from %q to %q", before, buf)
	}
}

// TestStringsTooLong: a column's offsets are 32-bit, and text past them
// is refused rather than wrapped.
func TestStringsTooLong(t *testing.T) {
	s := StringsOf("x")
	err := s.room(maxTextBytes, 1)
	if err == nil || !strings.Contains(err.Error(), "bytes of text in one column") {
		t.Errorf("room for 4 GiB more = %v, want an error", err)
	}
	if s.Len() != 1 || s.At(0) != "x" {
		t.Errorf("after the refusal the column holds %q, want [x]", cells(&s))
	}
}

// TestColumnHoldsNoPointerPerCell: every slice of a column is of
// elements without pointers, so the collector marks a column's few
// buffers, not its cells.
func TestColumnHoldsNoPointerPerCell(t *testing.T) {
	var check func(path string, typ reflect.Type)
	check = func(path string, typ reflect.Type) {
		switch typ.Kind() {
		case reflect.Struct:
			for i := range typ.NumField() {
				check(path+"."+typ.Field(i).Name, typ.Field(i).Type)
			}
		case reflect.Slice, reflect.Array:
			if hasPointers(typ.Elem()) {
				t.Errorf("%s is a %s: a pointer per cell", path, typ)
			}
		case reflect.Pointer, reflect.Map, reflect.String, reflect.Interface, reflect.Chan, reflect.Func:
			t.Errorf("%s is a %s", path, typ)
		}
	}
	check("Column", reflect.TypeFor[Column]())
}

func hasPointers(typ reflect.Type) bool {
	switch typ.Kind() {
	case reflect.Struct:
		for i := range typ.NumField() {
			if hasPointers(typ.Field(i).Type) {
				return true
			}
		}
		return false
	case reflect.Array:
		return hasPointers(typ.Elem())
	case reflect.Pointer, reflect.Map, reflect.String, reflect.Interface, reflect.Chan, reflect.Func, reflect.Slice, reflect.UnsafePointer:
		return true
	}
	return false
}

// TestTableLoadAllocations: loading a batch costs a few allocations a
// column however many rows it has, not one a cell.
func TestTableLoadAllocations(t *testing.T) {
	allocs := func(n int) float64 {
		rows := make([]row, n)
		for r := range rows {
			rows[r] = john()
		}
		rec := textBatch(t, memory.NewGoAllocator(), rows...)
		defer rec.Release()
		return testing.AllocsPerRun(5, func() {
			tbl := tableOf(extract.Pensions)
			if err := tbl.append(rec, true); err != nil {
				t.Fatal(err)
			}
		})
	}
	few, many := allocs(10), allocs(10_000)
	// Per column: its valid flags and either its numbers or its text's
	// bytes and offsets; and the table itself.
	limit := float64(3*len(extract.Pensions.Fields) + 6)
	if few > limit || many > limit {
		t.Errorf("loading a batch of 10 rows made %.0f allocations, of 10,000 %.0f; want at most %.0f", few, many, limit)
	}
	if many != few {
		t.Errorf("loading a batch of 10,000 rows made %.0f allocations, of 10 %.0f; want the same", many, few)
	}
}

// TestStringsAdd builds columns a cell and a column at a time, as a
// partitioned run's batches of records and Concat do.
func TestStringsAdd(t *testing.T) {
	vals := []string{"", "ZOË", "", "NG", "ÓSÚILLEABHÁIN"}
	var one Strings
	for _, v := range vals {
		if err := one.add(v); err != nil {
			t.Fatal(err)
		}
	}
	if got := cells(&one); !reflect.DeepEqual(got, vals) {
		t.Errorf("added a cell at a time: %q, want %q", got, vals)
	}
	var all Strings
	empty := StringsOf()
	for _, part := range []*Strings{&empty, &one, &empty, &one} {
		if err := all.addAll(part); err != nil {
			t.Fatal(err)
		}
	}
	if want := append(append([]string(nil), vals...), vals...); !reflect.DeepEqual(cells(&all), want) {
		t.Errorf("added a column at a time: %q, want %q", cells(&all), want)
	}
}
