package report

import (
	"fmt"
	"math"
	"sync/atomic"

	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/matcher"
	"github.com/nfimatch/nfimatch/rules"
	"github.com/xitongsys/parquet-go/common"
	"github.com/xitongsys/parquet-go/layout"
	"github.com/xitongsys/parquet-go/parquet"
	"github.com/xitongsys/parquet-go/schema"
)

// marshaller builds a report's Parquet columns for parquet-go's writer.
// The writer is handed match positions (ints) in the batch being written,
// cur, rather than row structs, and its MarshalFunc, marshal, turns a run
// of positions into one layout.Table per leaf column, column by column,
// straight from the batch's matches and the tables they index: no
// reflection and no row values. parquet-go may call marshal from several
// goroutines (see marshalGoroutines): it only reads, but for the null
// counts, which are atomic.
type marshaller struct {
	schema      []*parquet.SchemaElement
	columns     []column // one per leaf, in schema order
	leaves      []leaf   // set by bind
	cur         *matcher.Batch
	comparisons int // per match
	// nulls counts each leaf's NULLs in the row group being written.
	nulls []atomic.Int64
}

// leaf is one leaf column as parquet-go's schema handler knows it.
type leaf struct {
	key            string // the column's path of in-names: its table's key
	elem           *parquet.SchemaElement
	info           *common.Tag // carries the encoding
	maxDef, maxRep int32
}

// column fills t with the values and levels of one leaf column for the
// matches at positions rows, and returns its NULLs. zeros holds len(rows)
// zero levels, shared and read only.
type column func(t *layout.Table, rows []int, zeros []int32) (nulls int64)

func newMarshaller(name string, cfg Config, plan *matcher.Plan) *marshaller {
	rule := plan.Rule
	leftCols, rightCols := sideColumns(rule.Left, rule.Output(rules.Left)), sideColumns(rule.Right, rule.Output(rules.Right))
	w := &marshaller{schema: reportSchema(rule.Left, rule.Right, leftCols, rightCols), comparisons: len(plan.Comparisons)}
	// ms reads the matches of the batch being written.
	ms := func(m int) *matcher.Match { return &w.cur.Matches[m] }
	// Values used in many rows are boxed once: parquet-go takes values as
	// interfaces, and boxing a string or a float64 allocates.
	same := func(v string) column { b := any(v); return required(func(int) any { return b }) }
	passes := make([]any, len(rule.Rule.Blocking))
	for i, p := range rule.Rule.Blocking {
		passes[i] = p.Name
	}
	bands := map[string]any{}
	for _, b := range []string{"high", "medium", "low"} {
		bands[b] = b
	}
	w.columns = append(w.columns,
		same(rule.Rule.ID),
		same(name),
		required(func(m int) any { return ms(m).ID }),
		required(func(m int) any { return ms(m).Score }),
		optional(func(m int) (any, bool) { return ms(m).Probability, ms(m).HasProbability }),
		required(func(m int) any {
			if b, ok := bands[ms(m).Band]; ok {
				return b
			}
			return ms(m).Band
		}),
		optional(func(m int) (any, bool) { return ms(m).Amount, ms(m).HasAmount }),
		required(func(m int) any { return ms(m).Reason }),
		required(func(m int) any { return passes[ms(m).Pass] }),
	)
	w.columns = append(w.columns, w.outcomes(plan)...)
	w.columns = append(w.columns,
		same(rule.Left.Type),
		same(rule.Right.Type),
		optional(func(m int) (any, bool) {
			prev, ok := cfg.Previous[ms(m).ID]
			return prev.Outcome, ok
		}),
		required(func(m int) any { return cfg.Previous[ms(m).ID].Ended }),
	)
	for _, side := range []struct {
		ds   *extract.Dataset
		t    func() *matcher.Table
		cols []int
		row  func(m *matcher.Match) int
	}{
		{rule.Left, func() *matcher.Table { return w.cur.Left }, leftCols, func(m *matcher.Match) int { return m.Left }},
		{rule.Right, func() *matcher.Table { return w.cur.Right }, rightCols, func(m *matcher.Match) int { return m.Right }},
	} {
		w.columns = append(w.columns, required(func(m int) any { return side.t().Cols[0].Str.At(side.row(ms(m))) }))
		for _, c := range side.cols[1:] {
			col := func() *matcher.Column { return &side.t().Cols[c] }
			w.columns = append(w.columns, sideColumn(side.ds.Fields[c-1].Kind, col, ms, side.row))
		}
	}
	w.nulls = make([]atomic.Int64, len(w.columns))
	return w
}

// bind takes the leaf columns' paths and levels from sh, the writer's
// schema handler of w.schema, and chooses their encodings: dictionary
// for text but match_id (unique in every row), plain for the rest.
func (w *marshaller) bind(sh *schema.SchemaHandler) error {
	for k, e := range sh.SchemaElements {
		if e.GetNumChildren() > 0 {
			continue
		}
		key := sh.IndexMap[int32(k)]
		path := common.StrToPath(key)
		maxDef, err := sh.MaxDefinitionLevel(path)
		if err != nil {
			return fmt.Errorf("schema: %w", err)
		}
		maxRep, err := sh.MaxRepetitionLevel(path)
		if err != nil {
			return fmt.Errorf("schema: %w", err)
		}
		info := common.NewTag()
		if e.GetType() == parquet.Type_BYTE_ARRAY && e.GetName() != "match_id" {
			info.Encoding = parquet.Encoding_PLAIN_DICTIONARY
		}
		w.leaves = append(w.leaves, leaf{key: key, elem: e, info: info, maxDef: maxDef, maxRep: maxRep})
	}
	if len(w.leaves) != len(w.columns) {
		return fmt.Errorf("schema: %d leaf columns, %d built", len(w.leaves), len(w.columns))
	}
	return nil
}

// marshal is the writer's MarshalFunc: src holds match positions.
func (w *marshaller) marshal(src []any, _ *schema.SchemaHandler) (*map[string]*layout.Table, error) {
	rows := make([]int, len(src))
	for i, v := range src {
		rows[i] = v.(int)
	}
	zeros := make([]int32, len(rows))
	tables := make(map[string]*layout.Table, len(w.leaves))
	for k := range w.leaves {
		l := &w.leaves[k]
		t := &layout.Table{RepetitionType: l.elem.GetRepetitionType(), Schema: l.elem, Path: common.StrToPath(l.key),
			MaxDefinitionLevel: l.maxDef, MaxRepetitionLevel: l.maxRep, Info: l.info}
		w.nulls[k].Add(w.columns[k](t, rows, zeros))
		tables[l.key] = t
	}
	return &tables, nil
}

// required is a column with a value in every row: get(m) is the value of
// match m.
func required(get func(m int) any) column {
	return func(t *layout.Table, rows []int, zeros []int32) int64 {
		vs := make([]any, len(rows))
		for i, m := range rows {
			vs[i] = get(m)
		}
		t.Values, t.DefinitionLevels, t.RepetitionLevels = vs, zeros, zeros
		return 0
	}
}

// optional is a top-level column that can be NULL: get(m) is the value of
// match m and whether it has one.
func optional(get func(m int) (any, bool)) column {
	return func(t *layout.Table, rows []int, zeros []int32) int64 {
		vs, def := make([]any, len(rows)), make([]int32, len(rows))
		var nulls int64
		for i, m := range rows {
			if v, ok := get(m); ok {
				vs[i], def[i] = v, t.MaxDefinitionLevel
			} else {
				nulls++
			}
		}
		t.Values, t.DefinitionLevels, t.RepetitionLevels = vs, def, zeros
		return nulls
	}
}

// sideColumn is the column col() of a side's table, of kind, at the row
// row(m) of each match: dates as INT32 days, money as INT64 pence, whole
// numbers as INT64, flags as BOOLEAN, the rest as text.
func sideColumn(kind extract.Kind, col func() *matcher.Column, ms func(m int) *matcher.Match, row func(m *matcher.Match) int) column {
	cell := func(get func(c *matcher.Column, r int) any) column {
		return optional(func(m int) (any, bool) { c, r := col(), row(ms(m)); return get(c, r), c.Valid[r] })
	}
	switch kind {
	case extract.KindDate:
		return cell(func(c *matcher.Column, r int) any { return int32(c.Num[r]) })
	case extract.KindMoney, extract.KindInt:
		return cell(func(c *matcher.Column, r int) any { return c.Num[r] })
	case extract.KindFlag:
		return cell(func(c *matcher.Column, r int) any { return c.Num[r] != 0 })
	}
	return cell(func(c *matcher.Column, r int) any { return c.Str.At(r) })
}

// outcomes are the three leaf columns of comparisons, comparison, level
// and weight: per match, a list entry per comparison of the plan, in its
// order, with its level and the weight it added.
func (w *marshaller) outcomes(plan *matcher.Plan) []column {
	cmps := plan.Comparisons
	ids := make([]any, len(cmps))
	// Outcomes run from -2 (missing) up: levels and weights are boxed
	// once per comparison and outcome, at o+2.
	levels := make([][]any, len(cmps))
	weights := make([][]any, len(cmps))
	for c, cmp := range cmps {
		ids[c] = cmp.ID
		for o := -2; o < len(cmp.Levels); o++ {
			levels[c] = append(levels[c], cmp.LevelName(o))
			weights[c] = append(weights[c], cmp.Weight(o))
		}
	}
	weight := func(c int, m *matcher.Match) any {
		o := m.Outcomes[c]
		if c < len(m.Weights) && math.Float64bits(m.Weights[c]) != math.Float64bits(cmps[c].Weight(o)) {
			return m.Weights[c] // with term-frequency adjustment
		}
		return weights[c][o+2]
	}
	entries := func(value func(c int, m *matcher.Match) any) column {
		return func(t *layout.Table, rows []int, zeros []int32) int64 {
			if len(cmps) == 0 { // every list empty: an entry below the list's level
				t.Values, t.DefinitionLevels, t.RepetitionLevels = make([]any, len(rows)), zeros, zeros
				return int64(len(rows))
			}
			n := len(rows) * len(cmps)
			vs, def, rep := make([]any, n), make([]int32, n), make([]int32, n)
			i := 0
			for _, r := range rows {
				m := &w.cur.Matches[r]
				for c := range cmps {
					vs[i], def[i] = value(c, m), t.MaxDefinitionLevel
					if c > 0 {
						rep[i] = 1 // the same match's list goes on
					}
					i++
				}
			}
			t.Values, t.DefinitionLevels, t.RepetitionLevels = vs, def, rep
			return 0
		}
	}
	return []column{
		entries(func(c int, _ *matcher.Match) any { return ids[c] }),
		entries(func(c int, m *matcher.Match) any { return levels[c][m.Outcomes[c]+2] }),
		entries(weight),
	}
}

// bytesPerMatch bounds what parquet-go counts towards a page, per match,
// in the widest of the comparisons' leaf columns: the length of each
// comparison's id or longest level name, or 8 bytes a weight.
func bytesPerMatch(plan *matcher.Plan) int64 {
	var ids, names int64
	for _, cmp := range plan.Comparisons {
		ids += int64(len(cmp.ID))
		longest := 0
		for o := -2; o < len(cmp.Levels); o++ {
			longest = max(longest, len(cmp.LevelName(o)))
		}
		names += int64(longest)
	}
	return max(1, ids, names, 8*int64(len(plan.Comparisons)))
}
