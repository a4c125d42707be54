package batch

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/nfimatch/nfimatch/extract"
)

// TestProfilerCountsValues reads two hand-built batches through the
// profiler: each field's count is the number of its non-null cells.
func TestProfilerCountsValues(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	ds := &extract.Dataset{Type: "test", Fields: []extract.Field{
		{Name: "record_id", Kind: extract.KindID, Required: true},
		{Name: "surname", Kind: extract.KindName},
		{Name: "amount", Kind: extract.KindMoney},
	}}
	schema := ds.Schema()
	batch := func(ids []string, surnames []string, amounts []int64, valid []bool) arrow.Record {
		b := array.NewRecordBuilder(mem, schema)
		defer b.Release()
		for i, id := range ids {
			b.Field(0).(*array.StringBuilder).Append("Body")
			b.Field(1).(*array.StringBuilder).Append(id)
			if surnames[i] == "" {
				b.Field(2).(*array.StringBuilder).AppendNull()
			} else {
				b.Field(2).(*array.StringBuilder).Append(surnames[i])
			}
			b.Field(3).(*array.Int64Builder).AppendValues(amounts[i:i+1], valid[i:i+1])
			b.Field(4).(*array.StringBuilder).AppendNull() // surname_original
			b.Field(5).(*array.StringBuilder).AppendNull() // amount_original
		}
		return b.NewRecord()
	}
	first := batch([]string{"A", "B", "C"}, []string{"X", "", "Y"}, []int64{1, 2, 3}, []bool{false, false, true})
	defer first.Release()
	second := batch([]string{"D", "E"}, []string{"", ""}, []int64{4, 5}, []bool{true, true})
	defer second.Release()
	rr, err := array.NewRecordReader(schema, []arrow.Record{first, second})
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	p := newProfiler(ds)
	r := p.reader(rr)
	rows := int64(0)
	for r.Next() {
		rows += r.Record().NumRows()
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	got := p.profile()
	want := []FieldProfile{{"record_id", true, 5}, {"surname", false, 2}, {"amount", false, 3}}
	if rows != 5 || len(got.Fields) != len(want) {
		t.Fatalf("read %d rows, profile %+v; want 5 rows and %+v", rows, got.Fields, want)
	}
	for i := range want {
		if got.Fields[i] != want[i] {
			t.Errorf("field %d = %+v, want %+v", i, got.Fields[i], want[i])
		}
	}
}
