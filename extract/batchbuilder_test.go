package extract

import (
	"fmt"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// TestBatchBuilderMatchesArrowBuilders builds batches of a string and a
// date column through batchBuilder and through Arrow's RecordBuilder, with
// nulls on either side of byte boundaries of the validity bitmap, and
// checks that the records are equal and that no memory is left.
func TestBatchBuilderMatchesArrowBuilders(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "s", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "d", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
	}, nil)
	b := newBatchBuilder(mem, schema)
	defer b.release()
	ref := array.NewRecordBuilder(mem, schema)
	defer ref.Release()
	for _, rows := range []int{0, 1, 7, 8, 9, 17, 100} {
		t.Run(fmt.Sprintf("rows=%d", rows), func(t *testing.T) {
			b.reserve(rows)
			for i := range rows {
				s := ref.Field(0).(*array.StringBuilder)
				d := ref.Field(1).(*array.Date32Builder)
				switch {
				case i%3 == 1:
					b.strs[0].appendNull()
					s.AppendNull()
				default:
					v := fmt.Sprintf("v%d", i*i)
					b.strs[0].append(v)
					s.Append(v)
				}
				if i%5 == 4 {
					b.others[1].AppendNull()
					d.AppendNull()
				} else {
					b.others[1].(*array.Date32Builder).Append(arrow.Date32(i))
					d.Append(arrow.Date32(i))
				}
				b.rows++
			}
			got, want := b.newRecord(), ref.NewRecord()
			defer got.Release()
			defer want.Release()
			if !array.RecordEqual(got, want) {
				t.Errorf("batch of %d rows:\n got %v\nwant %v", rows, got, want)
			}
			if n := got.Column(0).NullN(); n != want.Column(0).NullN() {
				t.Errorf("batch of %d rows: %d nulls, want %d", rows, n, want.Column(0).NullN())
			}
		})
	}
}
