package matcher

import (
	"context"
	"fmt"
	"sort"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/rules"
)

// Input streams one side's records: every batch, in the run's row order,
// to each. A batch is valid only during the call. An Input may be read
// once per blocking pass.
type Input func(ctx context.Context, each func(arrow.Record) error) error

// PartitionConfig configures a partitioned run.
type PartitionConfig struct {
	// Dir is an existing folder for the partition files. The run removes
	// the files it writes; the caller removes the folder.
	Dir string
	// Partitions is the number of partitions of each pass, at least 2.
	Partitions int
	// BatchRows is the number of rows per batch written; 0 chooses one
	// that keeps every partition's buffer together near 256k rows.
	BatchRows int
	// Progress, when set, hears after each partition of each pass how
	// many of the run's partitions are through.
	Progress func(done, total int64)
}

// Validate reports a configuration that cannot work.
func (c PartitionConfig) Validate() error {
	switch {
	case c.Dir == "":
		return fmt.Errorf("partitioned run: no folder for the partition files")
	case c.Partitions < 2:
		return fmt.Errorf("partitioned run: %d partitions: must be at least 2", c.Partitions)
	case c.BatchRows < 0:
		return fmt.Errorf("partitioned run: batch rows %d: must not be negative", c.BatchRows)
	}
	return nil
}

// Partitioned is the outcome of a partitioned run. The result's matches
// index Left and Right, which hold the matched records only (one table in
// a search).
type Partitioned struct {
	Result      *Result
	Left, Right *Table
}

// RunPartitioned matches left against right (in a search, right is
// ignored) one part at a time. For each blocking pass in turn it splits
// both sides by block key into partitions on disk (Arrow IPC) and matches
// each partition as a Part, so that only one partition's records are in
// memory at a time. The result is the one Run gives on the same records:
// the same matches in the same order, the same pass statistics and
// counters.
func (e *Engine) RunPartitioned(ctx context.Context, plan *Plan, left, right Input, cfg PartitionConfig) (*Partitioned, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.BatchRows == 0 {
		cfg.BatchRows = min(max(256<<10/cfg.Partitions, 128), 8192)
	}
	rule := plan.Rule
	search := rule.Rule.IsSearch()
	inputs := [2]Input{left, right}
	if search {
		inputs[1] = left
	}
	terms, err := countInputs(ctx, plan, inputs)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	g := newGather(rule.Left, rule.Right, search)
	var skipped []map[string]bool
	for p := range rule.Passes {
		pf, filtered, err := split(ctx, plan, p, inputs, cfg)
		if err != nil {
			return nil, fmt.Errorf("pass %s: %w", rule.Rule.Blocking[p].Name, err)
		}
		if p == 0 {
			res.FilteredOut = filtered
		}
		tick := func() {}
		if cfg.Progress != nil {
			total, before := int64(len(rule.Passes)*cfg.Partitions), int64(p*cfg.Partitions)
			k := int64(0)
			tick = func() { cfg.Progress(before+k, total); k++ }
		}
		stats, err := e.runPass(ctx, plan, p, pf, cfg.Partitions, terms, &skipped, res, g, tick)
		pf.remove()
		if err != nil {
			return nil, fmt.Errorf("pass %s: %w", rule.Rule.Blocking[p].Name, err)
		}
		res.Passes = append(res.Passes, stats)
	}
	if cfg.Progress != nil {
		total := int64(len(rule.Passes) * cfg.Partitions)
		cfg.Progress(total, total)
	}
	res.Matches, res.OneToOneDropped = g.matches(rule.Rule.OneToOne)
	return &Partitioned{Result: res, Left: g.left, Right: g.right}, nil
}

// runPass matches the partitions of pass p, adding to res and g, and adds
// the pass's skipped blocks to skipped. tick is called as each partition
// begins.
func (e *Engine) runPass(ctx context.Context, plan *Plan, p int, pf *partFiles, n int, terms *TermFrequencies, skipped *[]map[string]bool, res *Result, g *gather, tick func()) (PassStats, error) {
	rule := plan.Rule
	stats := PassStats{Name: rule.Rule.Blocking[p].Name}
	*skipped = append(*skipped, map[string]bool{})
	load := func(k int) (*Part, [2][]int64, error) {
		var rows [2][]int64
		l, rl, err := loadPart(ctx, rule.Left, pf.paths[0][k])
		if err != nil {
			return nil, rows, err
		}
		r, rr := l, rl
		if !rule.Rule.IsSearch() {
			if r, rr, err = loadPart(ctx, rule.Right, pf.paths[1][k]); err != nil {
				return nil, rows, err
			}
		}
		rows = [2][]int64{rl, rr}
		return &Part{Left: l, Right: r, Pass: p, Partitions: n, Index: k, Skipped: *skipped, Filtered: true, Terms: terms}, rows, nil
	}
	empty := func(k int) bool { return pf.rows[0][k] == 0 || pf.rows[1][k] == 0 }
	if plan.crossed(p) {
		// A record's two keys may fall in two partitions: learn which
		// blocks of the whole pass the guard skips before scoring any.
		for k := 0; k < n; k++ {
			if empty(k) {
				continue
			}
			part, _, err := load(k)
			if err != nil {
				return stats, err
			}
			keys, err := e.Guard(ctx, plan, part)
			if err != nil {
				return stats, err
			}
			for _, key := range keys {
				(*skipped)[p][key] = true
			}
		}
	}
	for k := 0; k < n; k++ {
		tick()
		if empty(k) {
			continue
		}
		part, rows, err := load(k)
		if err != nil {
			return stats, err
		}
		pr, err := e.RunPart(ctx, plan, part)
		if err != nil {
			return stats, err
		}
		st := pr.Passes[0]
		stats.Blocks += st.Blocks
		stats.LargestBlock = max(stats.LargestBlock, st.LargestBlock)
		stats.Pairs += st.Pairs
		stats.SkippedBlocks += st.SkippedBlocks
		stats.SkippedPairs += st.SkippedPairs
		for _, key := range pr.Skipped[0] {
			(*skipped)[p][key] = true
		}
		res.Compared += pr.Compared
		res.ScopeExcluded += pr.ScopeExcluded
		res.AboveFloor += pr.AboveFloor
		res.ConditionFailed += pr.ConditionFailed
		res.ConditionMissing += pr.ConditionMissing
		res.AmountMissing += pr.AmountMissing
		g.add(pr.Matches, part, rows)
	}
	return stats, nil
}

// gather keeps the matches of a partitioned run and copies the records
// they name into compact tables as the parts go by.
type gather struct {
	left, right *Table
	at          [2]map[int64]int // a record's row in the run -> its row in left or right
	placed      []placed
}

// placed is a match with its records' rows in the run.
type placed struct {
	m           Match
	left, right int64
}

func newGather(l, r *extract.Dataset, search bool) *gather {
	g := &gather{left: tableOf(l), at: [2]map[int64]int{{}, {}}}
	g.right = tableOf(r)
	if search {
		g.right, g.at[1] = g.left, g.at[0]
	}
	return g
}

// tableOf returns a table of ds with no rows.
func tableOf(ds *extract.Dataset) *Table {
	t := &Table{Dataset: ds, Cols: make([]Column, len(ds.Fields)+1)}
	t.Cols[0].Kind = extract.KindID
	for i, f := range ds.Fields {
		t.Cols[i+1].Kind = f.Kind
	}
	return t
}

func (g *gather) add(ms []Match, part *Part, rows [2][]int64) {
	for _, m := range ms {
		pl := placed{m: m, left: rows[0][m.Left], right: rows[1][m.Right]}
		g.row(0, g.left, part.Left, m.Left, pl.left)
		g.row(1, g.right, part.Right, m.Right, pl.right)
		g.placed = append(g.placed, pl)
	}
}

// row returns the row of dst holding the record at run row at, copying it
// from row r of src the first time.
func (g *gather) row(side int, dst, src *Table, r int, at int64) int {
	if i, ok := g.at[side][at]; ok {
		return i
	}
	for c := range dst.Cols {
		d, s := &dst.Cols[c], &src.Cols[c]
		d.Valid = append(d.Valid, s.Valid[r])
		if len(s.Str) > r {
			d.Str = append(d.Str, s.Str[r])
		}
		if len(s.Num) > r {
			d.Num = append(d.Num, s.Num[r])
		}
	}
	g.at[side][at] = dst.Len
	dst.Len++
	return dst.Len - 1
}

// matches returns the matches in report order, indexing the compact
// tables; with oneToOne, each record's best match only, and how many were
// dropped.
func (g *gather) matches(oneToOne bool) ([]Match, int64) {
	sort.Slice(g.placed, func(i, j int) bool {
		a, b := &g.placed[i], &g.placed[j]
		return before(&a.m, &b.m, a.left, a.right, b.left, b.right)
	})
	// Matches carry their records' rows in the run until the end, so that
	// one-to-one sees records, not rows of compact tables.
	ms := make([]Match, len(g.placed))
	for i, pl := range g.placed {
		ms[i] = pl.m
		ms[i].Left, ms[i].Right = int(pl.left), int(pl.right)
	}
	g.placed = nil
	var dropped int64
	if oneToOne {
		ms, dropped = OneToOne(ms, func(m *Match) (int64, int64) { return int64(m.Left), int64(m.Right) })
	}
	for i := range ms {
		ms[i].Left, ms[i].Right = g.at[0][int64(ms[i].Left)], g.at[1][int64(ms[i].Right)]
	}
	return ms, dropped
}

// countInputs counts the term frequencies of the whole run, every record
// once (a search's records on one side), when the plan needs them.
func countInputs(ctx context.Context, plan *Plan, inputs [2]Input) (*TermFrequencies, error) {
	if !plan.NeedsTerms() {
		return nil, nil
	}
	var terms *TermFrequencies
	for s, side := range []rules.Side{rules.Left, rules.Right} {
		if s == 1 && plan.Rule.Rule.IsSearch() {
			break
		}
		ds := []*extract.Dataset{plan.Rule.Left, plan.Rule.Right}[s]
		err := inputs[s](ctx, func(rec arrow.Record) error {
			t, err := batchTable(ctx, ds, rec)
			if err != nil {
				return err
			}
			f := CountTerms(plan, side, t)
			if terms == nil {
				terms = f
			} else {
				terms.Merge(f)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("term frequencies: %w", err)
		}
	}
	return terms, nil
}
