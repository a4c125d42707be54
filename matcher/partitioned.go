package matcher

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

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
	// Dir is an existing folder for the partition files and the sorted
	// runs. The run removes the partition files it writes, and
	// Partitioned.Close the sorted runs; the caller removes the folder.
	Dir string
	// Partitions is the number of partitions of each pass, at least 2.
	Partitions int
	// BatchRows is the number of rows per batch written; 0 chooses one
	// that keeps every partition's buffer together near 256k rows.
	BatchRows int
	// RunBatchRows is the number of matches per batch of the sorted
	// runs; 0 means DefaultRunBatchRows.
	RunBatchRows int
	// MaxOpenRuns bounds the sorted runs read at once: when there are
	// more, the smallest are merged first; 0 means DefaultMaxOpenRuns, 1
	// is too few.
	MaxOpenRuns int
	// Progress, when set, hears after each partition of each pass how
	// many of the run's partitions are through.
	Progress func(done, total int64)
}

// DefaultRunBatchRows and DefaultMaxOpenRuns bound what merging the
// sorted runs holds at once: a batch, each match with its two records,
// of each run open.
const (
	DefaultRunBatchRows = 256
	DefaultMaxOpenRuns  = 64
)

// Validate reports a configuration that cannot work.
func (c PartitionConfig) Validate() error {
	switch {
	case c.Dir == "":
		return fmt.Errorf("partitioned run: no folder for the partition files")
	case c.Partitions < 2:
		return fmt.Errorf("partitioned run: %d partitions: must be at least 2", c.Partitions)
	case c.BatchRows < 0:
		return fmt.Errorf("partitioned run: batch rows %d: must not be negative", c.BatchRows)
	case c.RunBatchRows < 0:
		return fmt.Errorf("partitioned run: sorted run batch rows %d: must not be negative", c.RunBatchRows)
	case c.MaxOpenRuns < 0 || c.MaxOpenRuns == 1:
		return fmt.Errorf("partitioned run: %d sorted runs open at once: must be at least 2", c.MaxOpenRuns)
	}
	return nil
}

// RunPartitioned matches left against right (in a search, right is
// ignored) one part at a time. For each blocking pass in turn it splits
// both sides by block key into partitions on disk (Arrow IPC) and matches
// each partition as a Part, so that only one partition's records are in
// memory at a time; each part's matches, in report order with the records
// they name, go to a sorted run on disk. The matches are read back, merged
// in report order, with Next; the caller calls Close when done, which
// removes the runs. The counters, and the matches in order, are those Run
// gives on the same records.
func (e *Engine) RunPartitioned(ctx context.Context, plan *Plan, left, right Input, cfg PartitionConfig) (_ *Partitioned, err error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.BatchRows == 0 {
		cfg.BatchRows = min(max(256<<10/cfg.Partitions, 128), 8192)
	}
	if cfg.RunBatchRows == 0 {
		cfg.RunBatchRows = DefaultRunBatchRows
	}
	if cfg.MaxOpenRuns == 0 {
		cfg.MaxOpenRuns = DefaultMaxOpenRuns
	}
	rule := plan.Rule
	search := rule.Rule.IsSearch()
	inputs := [2]Input{left, right}
	if search {
		inputs[1] = left
	}
	out := &Partitioned{Result: &Result{}, left: rule.Left, right: rule.Right, oneToOne: rule.Rule.OneToOne}
	defer func() {
		if err != nil {
			out.Close()
		}
	}()
	terms, err := countInputs(ctx, plan, inputs)
	if err != nil {
		return nil, err
	}
	res := out.Result
	format := newRunFormat(rule.Left, rule.Right)
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
		stats, err := e.runPass(ctx, plan, p, pf, cfg, terms, &skipped, res, format, &out.files, tick)
		pf.remove()
		if err != nil {
			return nil, fmt.Errorf("pass %s: %w", rule.Rule.Blocking[p].Name, err)
		}
		res.Passes = append(res.Passes, stats)
	}
	runs := append([]string(nil), out.files...)
	if runs, err = narrowRuns(ctx, runs, cfg.MaxOpenRuns, cfg.Dir, format, cfg.RunBatchRows, &out.files); err != nil {
		return nil, fmt.Errorf("merge the sorted runs: %w", err)
	}
	if out.merge, err = openMerger(ctx, runs, format); err != nil {
		return nil, fmt.Errorf("merge the sorted runs: %w", err)
	}
	if cfg.Progress != nil {
		total := int64(len(rule.Passes) * cfg.Partitions)
		cfg.Progress(total, total)
	}
	return out, nil
}

// runPass matches the partitions of pass p, adding to res, writes each
// part's matches to a sorted run whose path it adds to runs, and adds the
// pass's skipped blocks to skipped. tick is called as each partition
// begins.
func (e *Engine) runPass(ctx context.Context, plan *Plan, p int, pf *partFiles, cfg PartitionConfig, terms *TermFrequencies, skipped *[]map[string]bool, res *Result, format *runFormat, runs *[]string, tick func()) (PassStats, error) {
	rule := plan.Rule
	n := cfg.Partitions
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
				(*skipped)[p][strings.Clone(key)] = true
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
			(*skipped)[p][strings.Clone(key)] = true
		}
		res.Compared += pr.Compared
		res.ScopeExcluded += pr.ScopeExcluded
		res.AboveFloor += pr.AboveFloor
		res.ConditionFailed += pr.ConditionFailed
		res.ConditionMissing += pr.ConditionMissing
		res.AmountMissing += pr.AmountMissing
		if len(pr.Matches) == 0 {
			continue
		}
		path := filepath.Join(cfg.Dir, fmt.Sprintf("run-%d-%04d.arrow", p, k))
		if err := writeRun(path, format, cfg.RunBatchRows, pr.Matches, part, rows); err != nil {
			return stats, err
		}
		*runs = append(*runs, path)
	}
	return stats, nil
}

// writeRun writes the matches of a part, which index its tables, to a
// sorted run at path in report order; rows are the part's records' rows
// in the run.
func writeRun(path string, format *runFormat, batchRows int, ms []Match, part *Part, rows [2][]int64) error {
	perm := reportOrder(len(ms), 1, func(i int) matchKey {
		return newMatchKey(&ms[i], rows[0][ms[i].Left], rows[1][ms[i].Right])
	})
	return writeRunFile(path, format, batchRows, func(w *runWriter) error {
		for _, i := range perm {
			m := &ms[i]
			if err := w.add(m, part.Left, m.Left, part.Right, m.Right, rows[0][m.Left], rows[1][m.Right]); err != nil {
				return err
			}
		}
		return nil
	})
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

// copyRow appends row r of src to dst, a table of the same dataset, and
// returns its row in dst.
func copyRow(dst, src *Table, r int) (int, error) {
	for c := range dst.Cols {
		d, s := &dst.Cols[c], &src.Cols[c]
		if s.Str.Len() > r {
			if err := d.Str.add(s.Str.At(r)); err != nil {
				return 0, fmt.Errorf("column %d: %w", c, err)
			}
		}
		d.Valid = append(d.Valid, s.Valid[r])
		if len(s.Num) > r {
			d.Num = append(d.Num, s.Num[r])
		}
	}
	dst.Len++
	return dst.Len - 1, nil
}

// removeFiles removes the files at paths, those already gone too.
func removeFiles(paths []string) {
	for _, p := range paths {
		os.Remove(p)
	}
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
