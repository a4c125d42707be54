package matcher

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/nfimatch/nfimatch/rules"
	"golang.org/x/sync/errgroup"
)

// Part is a share of a run that is matched on its own: the records whose
// blocking key of one pass falls in one partition, and the few decisions of
// the rest of the run it needs (the blocks the guard skipped in earlier
// passes). Matching a part depends on nothing else, so parts can be matched
// one at a time, or on other machines.
//
// A pair is scored in the first pass that makes it a candidate: in pass p,
// a pair is left out when an earlier pass puts both records in one kept
// block, which the part decides from the two records' earlier keys alone.
type Part struct {
	// Left and Right hold the part's records; in a search they are the
	// same table. Rows keep the run's order (see Rows).
	Left, Right *Table
	// Pass is the pass whose blocks the part holds; -1 holds every pass
	// (a run whose records all fit in memory).
	Pass int
	// The part holds the blocks of Pass whose key falls in partition
	// Index of Partitions (KeyPartition); Partitions <= 1 holds them all.
	Partitions, Index int
	// Skipped holds, for each pass before Pass, the keys of the blocks the
	// guard skipped in the whole run (PartResult.Skipped of that pass's
	// parts). In a search whose Pass keys differ by side it holds Pass's
	// too (Engine.Guard): a record's two keys may fall in two parts.
	Skipped []map[string]bool
	// Filtered says the tables hold only records the rule's filters keep;
	// otherwise the part applies them and counts what they leave out.
	Filtered bool
	// Terms are the whole run's term frequencies (CountTerms over every
	// record, merged), for a plan with tf levels; nil counts them from the
	// part's own tables, right only when the part holds the whole run.
	Terms *TermFrequencies
	// Progress, when set, hears after each chunk of left rows is scored
	// in a pass how many of the part's left rows are through, a row
	// scored in k of n passes counting as k/n of a row; it is called from
	// the scoring goroutines, one call at a time.
	Progress func(done, total int64)
}

// PartResult is what matching a part found. Its matches index the part's
// tables and are in report order by the part's rows (see matchKey); its
// Passes are those the part scored.
type PartResult struct {
	Result
	// Skipped lists, per pass scored, the keys of the blocks the guard
	// skipped.
	Skipped [][]string
}

// KeyPartition returns the partition, of n, that a blocking key falls in:
// the 64-bit FNV-1a hash of the key's bytes modulo n, the same on every
// machine, so that a distributed run places keys alike everywhere.
func KeyPartition(key string, n int) int {
	if n <= 1 {
		return 0
	}
	h := uint64(14695981039346656037)
	for i := 0; i < len(key); i++ {
		h ^= uint64(key[i])
		h *= 1099511628211
	}
	return int(h % uint64(n))
}

// RunPart matches one part of a run with plan.
func (e *Engine) RunPart(ctx context.Context, plan *Plan, part *Part) (*PartResult, error) {
	r, err := e.newRun(ctx, plan, part, true)
	if err != nil {
		return nil, err
	}
	return e.score(ctx, r)
}

// Guard returns the keys of the part's blocks of its pass that the
// oversized-block guard skips, without scoring anything.
func (e *Engine) Guard(ctx context.Context, plan *Plan, part *Part) ([]string, error) {
	r, err := e.newRun(ctx, plan, part, false)
	if err != nil {
		return nil, err
	}
	return r.passes[part.Pass].skipped, nil
}

// crossed reports whether pass p of a search meets keys that differ by
// side, so that a record belongs to the partition of each of its keys.
func (p *Plan) crossed(pass int) bool {
	keys := p.Rule.Passes[pass]
	return p.Rule.Rule.IsSearch() && !sameKeys(keys.Left, keys.Right)
}

// newRun filters the part's records and builds its passes; with score, it
// prepares the comparisons too.
func (e *Engine) newRun(ctx context.Context, plan *Plan, part *Part, score bool) (*run, error) {
	rule := plan.Rule
	left, right := part.Left, part.Right
	switch {
	case rule.Rule.IsSearch() && (left != right || left.Dataset != rule.Left):
		return nil, fmt.Errorf("rule %s searches within one %s dataset: give its table as both sides", rule.Rule.ID, rule.Left.Type)
	case left.Dataset != rule.Left || right.Dataset != rule.Right:
		return nil, fmt.Errorf("rule %s links %s to %s, got tables %s and %s",
			rule.Rule.ID, rule.Left.Type, rule.Right.Type, left.Dataset.Type, right.Dataset.Type)
	case part.Pass < -1 || part.Pass >= len(rule.Passes):
		return nil, fmt.Errorf("rule %s has %d blocking passes, got part of pass %d", rule.Rule.ID, len(rule.Passes), part.Pass)
	case part.Pass >= 0 && len(part.Skipped) < part.Pass:
		return nil, fmt.Errorf("part of pass %d: the skipped blocks of %d earlier passes are needed, got %d", part.Pass, part.Pass, len(part.Skipped))
	}
	r := &run{plan: plan, left: left, right: right, dedupe: rule.Rule.IsSearch(), scope: scopeOf(rule.Rule.EffectiveScope()),
		bodyL: &left.Cols[0].Str, bodyR: &right.Cols[0].Str,
		refL: left.Col("record_id"), refR: right.Col("record_id"), progress: part.Progress}
	var keepL, keepR []bool
	if !part.Filtered {
		var err error
		if keepL, r.filtered[0], err = filterRows(ctx, rule, rules.Left, left); err != nil {
			return nil, err
		}
		keepR, r.filtered[1] = keepL, r.filtered[0]
		if !r.dedupe {
			if keepR, r.filtered[1], err = filterRows(ctx, rule, rules.Right, right); err != nil {
				return nil, err
			}
		}
	}
	r.from, r.to = 0, len(rule.Passes)
	if part.Pass >= 0 {
		r.from, r.to = part.Pass, part.Pass+1
	}
	scopes := make([]passScope, r.to)
	for p := range scopes {
		sc := passScope{index: score && p >= r.from}
		switch {
		case p < r.from:
			sc.owns = func(string) bool { return false }
			sc.skipped = part.Skipped[p]
		case part.Pass >= 0 && part.Partitions > 1:
			n, idx := part.Partitions, part.Index
			sc.owns = func(key string) bool { return KeyPartition(key, n) == idx }
			if p < len(part.Skipped) {
				sc.skipped = part.Skipped[p]
			}
		}
		if score && p == part.Pass && part.Partitions > 1 && plan.crossed(p) && len(part.Skipped) <= p {
			return nil, fmt.Errorf("part of pass %d: its keys differ by side: the blocks the guard skipped in the whole pass are needed (Engine.Guard)", p)
		}
		scopes[p] = sc
	}
	// Numbering each pass's keys and preparing each comparison's features
	// read the tables only: they run at once. Each side of a pass is
	// numbered apart only when there are more workers than tasks: joining
	// the sides looks each distinct right-side key up again, which a
	// worker kept busy by other tasks would pay for in time.
	var (
		prepErrs []error
		prep     []func()
	)
	if score {
		r.scorers, prepErrs, prep = prepareScorers(plan, left, right)
	}
	split := e.cfg.Workers > r.to+len(prep)
	r.passes = make([]*pass, r.to)
	var tasks []func()
	for p := range r.passes {
		ids, t := numberPass(rule.Passes[p], left, right, keepL, keepR, r.dedupe, split)
		// The last of a pass's tasks to finish weighs its blocks, and lists
		// its left rows by block, at once, so that its key index goes
		// before the next pass's grows.
		var pending atomic.Int32
		pending.Store(int32(len(t)))
		for _, task := range t {
			tasks = append(tasks, func() {
				task()
				if pending.Add(-1) == 0 {
					r.passes[p] = ids.pass(rule.Rule.Blocking[p].Name, e.cfg.MaxBlockPairs, r.dedupe, scopes[p])
					if scopes[p].index {
						r.listBlocks(p, e.cfg.ChunkRows)
					}
				}
			})
		}
	}
	// The longest preparation goes first, then the numbering.
	if len(prep) > 0 {
		tasks = append(append([]func(){prep[0]}, tasks...), prep[1:]...)
	}
	if err := runTasks(ctx, e.cfg.Workers, tasks); err != nil {
		return nil, err
	}
	for _, err := range prepErrs {
		if err != nil {
			return nil, err
		}
	}
	if !score {
		return r, nil
	}
	tasks = tasks[:0]
	for p := r.from; p < r.to; p++ {
		tasks = append(tasks, func() { r.passes[p].listEarlier(r.passes[:p]) })
	}
	if err := runTasks(ctx, e.cfg.Workers, tasks); err != nil {
		return nil, err
	}
	r.prepareTerms(part.Terms)
	return r, nil
}

// runTasks runs tasks on at most workers goroutines, checking ctx before
// each.
func runTasks(ctx context.Context, workers int, tasks []func()) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for _, task := range tasks {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			task()
			return nil
		})
	}
	return g.Wait()
}

// score scores the run's candidate pairs with the engine's worker pool,
// pass by pass, chunk by chunk of left rows or, in a pass scored by block,
// of blocks.
func (e *Engine) score(ctx context.Context, r *run) (*PartResult, error) {
	chunks := chunksOf(r.left.Len, e.cfg.ChunkRows)
	results := make([][][]Match, r.to-r.from)
	workers := make(chan *worker, e.cfg.Workers)
	for w := 0; w < e.cfg.Workers; w++ {
		workers <- newWorker(r)
	}
	// Progress counts each left row once per pass scored and reports
	// rows: a row is through once every pass has scored it.
	var (
		progress sync.Mutex
		done     int64
	)
	passes := int64(r.to - r.from)
	for p := r.from; p < r.to; p++ {
		v, err := r.viewOf(ctx, p, e.cfg.Workers)
		if err != nil {
			return nil, err
		}
		// Chunk ch is left rows or blocks [lo(ch), lo(ch+1)), through
		// which rows(ch) left rows are scored.
		n, lo, rows := chunks, func(ch int) int { return min(ch*e.cfg.ChunkRows, r.left.Len) }, func(ch int) int64 {
			return int64(min((ch+1)*e.cfg.ChunkRows, r.left.Len) - ch*e.cfg.ChunkRows)
		}
		scoreChunk := (*worker).chunk
		if lb := v.blocks; lb != nil {
			// The rows in no listed block are through at once: they are
			// counted with the first chunk.
			n, lo, rows = len(lb.cuts)-1, func(ch int) int { return int(lb.cuts[ch]) }, func(ch int) int64 {
				k := int64(lb.start[lb.cuts[ch+1]] - lb.start[lb.cuts[ch]])
				if ch == 0 {
					k += int64(r.left.Len - len(lb.rows))
				}
				return k
			}
			scoreChunk = (*worker).blocks
		}
		results[p-r.from] = make([][]Match, n)
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(e.cfg.Workers)
		for ch := 0; ch < n; ch++ {
			g.Go(func() error {
				if err := gctx.Err(); err != nil {
					return err
				}
				w := <-workers
				defer func() { workers <- w }()
				out, err := scoreChunk(w, gctx, p, &v, lo(ch), lo(ch+1))
				if err != nil {
					return err
				}
				results[p-r.from][ch] = out
				if r.progress != nil {
					progress.Lock()
					done += rows(ch)
					r.progress(done/passes, int64(r.left.Len))
					progress.Unlock()
				}
				return nil
			})
		}
		if err := g.Wait(); err != nil {
			return nil, err
		}
	}
	close(workers)
	var totals counters
	passPairs := make([]int64, len(r.passes))
	res := &PartResult{}
	if r.patterns {
		res.patterns = map[patternKey]int64{}
	}
	for w := range workers {
		totals.add(&w.counts)
		for p := range passPairs {
			passPairs[p] += w.passPairs[p]
		}
		for k, n := range w.patterns {
			res.patterns[k] += n
		}
	}
	res.Result = Result{FilteredOut: r.filtered, Compared: totals.compared, ScopeExcluded: totals.scope,
		AboveFloor: totals.aboveFloor, ConditionFailed: totals.condFailed, ConditionMissing: totals.condMissing,
		AmountMissing: totals.amountMissing, patterns: res.patterns}
	for p := r.from; p < r.to; p++ {
		st := r.passes[p].stats
		st.Pairs = passPairs[p]
		res.Passes = append(res.Passes, st)
		res.Skipped = append(res.Skipped, r.passes[p].skipped)
	}
	res.Matches = r.collect(results, e.cfg.Workers)
	return res, nil
}
