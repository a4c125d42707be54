package report

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/decimal128"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/matcher"
)

// record builds the report rows of ms, column by column: the common
// columns in CommonColumns order, then each side's. The caller releases it.
func (b *builder) record(ms []matcher.Match) arrow.Record {
	rule := b.plan.Rule
	n := len(ms)
	cols := make([]arrow.Array, 0, b.schema.NumFields())
	defer func() {
		for _, c := range cols {
			c.Release()
		}
	}()
	same := func(v string) arrow.Array { return texts(b.mem, n, func(int) (string, bool) { return v, true }) }
	cols = append(cols,
		same(rule.Rule.ID),
		same(b.name),
		texts(b.mem, n, func(i int) (string, bool) { return ms[i].ID, true }),
		floats(b.mem, n, func(i int) (float64, bool) { return ms[i].Score, true }),
		floats(b.mem, n, func(i int) (float64, bool) { return ms[i].Probability, ms[i].HasProbability }),
		texts(b.mem, n, func(i int) (string, bool) { return ms[i].Band, true }),
		decimals(b.mem, n, func(i int) (int64, bool) { return ms[i].Amount, ms[i].HasAmount }),
		texts(b.mem, n, func(i int) (string, bool) { return ms[i].Reason, true }),
		texts(b.mem, n, func(i int) (string, bool) { return rule.Rule.Blocking[ms[i].Pass].Name, true }),
		b.comparisons(ms),
		same(rule.Left.Type),
		same(rule.Right.Type),
		texts(b.mem, n, func(i int) (string, bool) {
			prev, ok := b.previous[ms[i].ID]
			return prev.Outcome, ok
		}),
		bools(b.mem, n, func(i int) (bool, bool) { return b.previous[ms[i].ID].Ended, true }),
	)
	for _, side := range []struct {
		t    *matcher.Table
		cols []int
		row  func(m *matcher.Match) int
	}{
		{b.left, b.leftCols, func(m *matcher.Match) int { return m.Left }},
		{b.right, b.rightCols, func(m *matcher.Match) int { return m.Right }},
	} {
		rows := make([]int, n)
		for i := range ms {
			rows[i] = side.row(&ms[i])
		}
		body := side.t.Cols[0].Str
		cols = append(cols, texts(b.mem, n, func(i int) (string, bool) { return body[rows[i]], true }))
		for _, c := range side.cols[1:] {
			cols = append(cols, sideColumn(b.mem, &side.t.Cols[c], rows))
		}
	}
	return array.NewRecord(b.schema, cols, int64(n))
}

// sideColumn is the column col of a side's table at rows.
func sideColumn(mem memory.Allocator, col *matcher.Column, rows []int) arrow.Array {
	n := len(rows)
	switch col.Kind {
	case extract.KindDate:
		return dates(mem, n, func(i int) (int32, bool) { r := rows[i]; return int32(col.Num[r]), col.Valid[r] })
	case extract.KindMoney:
		return decimals(mem, n, func(i int) (int64, bool) { r := rows[i]; return col.Num[r], col.Valid[r] })
	case extract.KindInt:
		return ints(mem, n, func(i int) (int64, bool) { r := rows[i]; return col.Num[r], col.Valid[r] })
	case extract.KindFlag:
		return bools(mem, n, func(i int) (bool, bool) { r := rows[i]; return col.Num[r] != 0, col.Valid[r] })
	}
	return texts(mem, n, func(i int) (string, bool) { r := rows[i]; return col.Str[r], col.Valid[r] })
}

// comparisons is the comparisons column of ms: per match, each of the
// plan's comparisons with its level and the weight it added.
func (b *builder) comparisons(ms []matcher.Match) arrow.Array {
	lb := array.NewListBuilderWithField(b.mem, typOutcomes.ElemField())
	defer lb.Release()
	sb := lb.ValueBuilder().(*array.StructBuilder)
	id := sb.FieldBuilder(0).(*array.StringBuilder)
	level := sb.FieldBuilder(1).(*array.StringBuilder)
	weight := sb.FieldBuilder(2).(*array.Float64Builder)
	cmps := b.plan.Comparisons
	lb.Reserve(len(ms))
	sb.Reserve(len(ms) * len(cmps))
	for i := range ms {
		m := &ms[i]
		lb.Append(true)
		for c, cmp := range cmps {
			w := cmp.Weight(m.Outcomes[c])
			if c < len(m.Weights) {
				w = m.Weights[c] // with term-frequency adjustment
			}
			sb.Append(true)
			id.Append(cmp.ID)
			level.Append(cmp.LevelName(m.Outcomes[c]))
			weight.Append(w)
		}
	}
	return lb.NewArray()
}

// The column builders below take get(i), the value of row i and whether
// it is present (false writes NULL).

func texts(mem memory.Allocator, n int, get func(int) (string, bool)) arrow.Array {
	b := array.NewStringBuilder(mem)
	defer b.Release()
	b.Reserve(n)
	size := 0
	for i := range n {
		if v, ok := get(i); ok {
			size += len(v)
		}
	}
	b.ReserveData(size)
	for i := range n {
		if v, ok := get(i); ok {
			b.Append(v)
		} else {
			b.AppendNull()
		}
	}
	return b.NewArray()
}

func floats(mem memory.Allocator, n int, get func(int) (float64, bool)) arrow.Array {
	b := array.NewFloat64Builder(mem)
	defer b.Release()
	b.Reserve(n)
	for i := range n {
		if v, ok := get(i); ok {
			b.UnsafeAppend(v)
		} else {
			b.UnsafeAppendBoolToBitmap(false)
		}
	}
	return b.NewArray()
}

func ints(mem memory.Allocator, n int, get func(int) (int64, bool)) arrow.Array {
	b := array.NewInt64Builder(mem)
	defer b.Release()
	b.Reserve(n)
	for i := range n {
		if v, ok := get(i); ok {
			b.UnsafeAppend(v)
		} else {
			b.UnsafeAppendBoolToBitmap(false)
		}
	}
	return b.NewArray()
}

func dates(mem memory.Allocator, n int, get func(int) (int32, bool)) arrow.Array {
	b := array.NewDate32Builder(mem)
	defer b.Release()
	b.Reserve(n)
	for i := range n {
		if v, ok := get(i); ok {
			b.UnsafeAppend(arrow.Date32(v))
		} else {
			b.UnsafeAppendBoolToBitmap(false)
		}
	}
	return b.NewArray()
}

// decimals writes pence as DECIMAL(18,2) pounds.
func decimals(mem memory.Allocator, n int, get func(int) (int64, bool)) arrow.Array {
	b := array.NewDecimal128Builder(mem, typDecimal)
	defer b.Release()
	b.Reserve(n)
	for i := range n {
		if v, ok := get(i); ok {
			b.UnsafeAppend(decimal128.FromI64(v))
		} else {
			b.UnsafeAppendBoolToBitmap(false)
		}
	}
	return b.NewArray()
}

func bools(mem memory.Allocator, n int, get func(int) (bool, bool)) arrow.Array {
	b := array.NewBooleanBuilder(mem)
	defer b.Release()
	b.Reserve(n)
	for i := range n {
		if v, ok := get(i); ok {
			b.UnsafeAppend(v)
		} else {
			b.UnsafeAppendBoolToBitmap(false)
		}
	}
	return b.NewArray()
}
