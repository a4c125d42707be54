package matcher

import (
	"context"
	"fmt"
	"runtime"
	"sort"

	"github.com/nfimatch/nfimatch/rules"
	"golang.org/x/sync/errgroup"
)

// Config configures an Engine.
type Config struct {
	// Workers bounds the goroutines that score pairs.
	Workers int
	// ChunkRows is the number of left rows a worker takes at a time.
	ChunkRows int
	// MaxBlockPairs is the oversized-block guard: a block whose candidate
	// pairs (left rows times right rows) exceed it is skipped and counted in
	// PassStats, never compared. Within one dataset a block of n rows
	// holds n(n-1)/2 pairs. Zero disables the guard.
	MaxBlockPairs int64
}

// DefaultConfig uses every CPU and skips blocks of more than 25 million pairs.
func DefaultConfig() Config {
	return Config{Workers: runtime.GOMAXPROCS(0), ChunkRows: 1024, MaxBlockPairs: 25_000_000}
}

// Validate reports a configuration that cannot work.
func (c Config) Validate() error {
	if c.Workers < 1 {
		return fmt.Errorf("workers %d: must be at least 1", c.Workers)
	}
	if c.ChunkRows < 1 {
		return fmt.Errorf("chunk rows %d: must be at least 1", c.ChunkRows)
	}
	if c.MaxBlockPairs < 0 {
		return fmt.Errorf("max block pairs %d: must not be negative", c.MaxBlockPairs)
	}
	return nil
}

// Engine runs plans. It holds no state between runs and is safe for
// concurrent use.
type Engine struct {
	cfg Config
}

// New returns an Engine.
func New(cfg Config) (*Engine, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("matcher config: %w", err)
	}
	return &Engine{cfg: cfg}, nil
}

// run is the state of one Engine.Run shared by its workers, read-only once
// the workers start.
type run struct {
	plan        *Plan
	left, right *Table
	dedupe      bool // left and right are one table: compare each pair once
	scorers     []scorer
	passes      []*pass
	bodyL       []string
	bodyR       []string
	refL, refR  int // record_id columns
	// tfLevel is, per comparison, its level with a term-frequency
	// adjustment or -1; tfL and tfR give, per such comparison, the weight
	// of that level for each left and right row's value.
	tfLevel  []int
	tfL, tfR [][]float64
	opts     RunOptions
}

// RunOptions are what one run takes beyond its plan and tables.
type RunOptions struct {
	// Terms are the run's term frequencies, counted over all its data;
	// nil counts them from the tables given when the plan needs them. A
	// run split into parts gives every part the same Terms.
	Terms *TermFrequencies
	// patterns makes the run tally outcome patterns for training instead
	// of scoring matches.
	patterns bool
}

// Run matches left against right with plan. Passing the same table as both
// sides searches within it, comparing each unordered pair once.
func (e *Engine) Run(ctx context.Context, plan *Plan, left, right *Table) (*Result, error) {
	return e.RunWith(ctx, plan, left, right, RunOptions{})
}

// RunWith is Run with options.
func (e *Engine) RunWith(ctx context.Context, plan *Plan, left, right *Table, opts RunOptions) (*Result, error) {
	rule := plan.Rule
	switch {
	case rule.Rule.IsSearch() && (left != right || left.Dataset != rule.Left):
		return nil, fmt.Errorf("rule %s searches within one %s dataset: give its table as both sides", rule.Rule.ID, rule.Left.Type)
	case left.Dataset != rule.Left || right.Dataset != rule.Right:
		return nil, fmt.Errorf("rule %s links %s to %s, got tables %s and %s",
			rule.Rule.ID, rule.Left.Type, rule.Right.Type, left.Dataset.Type, right.Dataset.Type)
	}
	r := &run{plan: plan, left: left, right: right, dedupe: rule.Rule.IsSearch(),
		bodyL: left.Cols[0].Str, bodyR: right.Cols[0].Str,
		refL: left.Col("record_id"), refR: right.Col("record_id"), opts: opts}
	r.prepareTerms()
	fc := newFeatureCache()
	for _, c := range plan.Comparisons {
		s, err := c.prepare(left, right, fc)
		if err != nil {
			return nil, err
		}
		r.scorers = append(r.scorers, s)
	}
	keepL, filteredL, err := filterRows(ctx, rule, rules.Left, left)
	if err != nil {
		return nil, err
	}
	keepR, filteredR := keepL, filteredL
	if !r.dedupe {
		if keepR, filteredR, err = filterRows(ctx, rule, rules.Right, right); err != nil {
			return nil, err
		}
	}
	for i, keys := range rule.Passes {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r.passes = append(r.passes, buildPass(rule.Rule.Blocking[i].Name, keys, left, right, keepL, keepR, e.cfg.MaxBlockPairs, r.dedupe))
	}

	chunks := (left.Len + e.cfg.ChunkRows - 1) / e.cfg.ChunkRows
	results := make([][]Match, chunks)
	var totals counters
	passPairs := make([]int64, len(r.passes))
	// Each worker owns a stamp array over the right rows, reused across its
	// chunks, so a pair found by several passes is scored once.
	workers := make(chan *worker, e.cfg.Workers)
	for w := 0; w < e.cfg.Workers; w++ {
		workers <- newWorker(r)
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(e.cfg.Workers)
	for ch := 0; ch < chunks; ch++ {
		lo, hi := ch*e.cfg.ChunkRows, min((ch+1)*e.cfg.ChunkRows, left.Len)
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			w := <-workers
			defer func() { workers <- w }()
			out, err := w.chunk(gctx, lo, hi)
			if err != nil {
				return err
			}
			results[ch] = out
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	close(workers)
	var patterns map[patternKey]int64
	if opts.patterns {
		patterns = map[patternKey]int64{}
	}
	for w := range workers {
		totals.add(&w.counts)
		for p := range passPairs {
			passPairs[p] += w.passPairs[p]
		}
		for k, n := range w.patterns {
			patterns[k] += n
		}
	}

	res := &Result{FilteredOut: [2]int{filteredL, filteredR}, Compared: totals.compared, ScopeExcluded: totals.scope, AboveFloor: totals.aboveFloor,
		ConditionFailed: totals.condFailed, ConditionMissing: totals.condMissing, AmountMissing: totals.amountMissing}
	for i, p := range r.passes {
		st := p.stats
		st.Pairs = passPairs[i]
		res.Passes = append(res.Passes, st)
	}
	for _, out := range results {
		res.Matches = append(res.Matches, out...)
	}
	res.patterns = patterns
	sort.Slice(res.Matches, func(i, j int) bool {
		a, b := &res.Matches[i], &res.Matches[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.ID < b.ID
	})
	if rule.Rule.OneToOne {
		res.Matches, res.OneToOneDropped = OneToOne(res.Matches)
	}
	return res, nil
}

// prepareTerms works out, once per record, the weight each term-frequency
// level gives the record's value, counting the frequencies from the run's
// tables unless the options carry them.
func (r *run) prepareTerms() {
	plan := r.plan
	r.tfLevel = make([]int, len(plan.Comparisons))
	for c, cmp := range plan.Comparisons {
		r.tfLevel[c] = cmp.tfLevel()
	}
	if !plan.NeedsTerms() {
		return
	}
	f := r.opts.Terms
	if f == nil {
		f = CountTerms(plan, rules.Left, r.left)
		if !r.dedupe {
			f.Merge(CountTerms(plan, rules.Right, r.right))
		}
	}
	r.tfL, r.tfR = make([][]float64, len(plan.Comparisons)), make([][]float64, len(plan.Comparisons))
	for c, k := range r.tfLevel {
		if k < 0 {
			continue
		}
		r.tfL[c] = f.tfWeights(plan, c, rules.Left, r.left)
		r.tfR[c] = r.tfL[c]
		if !r.dedupe {
			r.tfR[c] = f.tfWeights(plan, c, rules.Right, r.right)
		}
	}
}

// filterRows applies the rule's filter for side to every row of t: keep
// is nil when the rule has no filter for the side, else true for the rows
// that take part; filtered counts those left out.
func filterRows(ctx context.Context, rule *rules.Compiled, side rules.Side, t *Table) (keep []bool, filtered int, err error) {
	if !rule.HasFilter(side) {
		return nil, 0, nil
	}
	env := rule.NewEnv()
	keep = make([]bool, t.Len)
	for row := range keep {
		if row%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, 0, err
			}
		}
		env.Clear()
		fillEnv(env, side, t, row)
		ok, err := rule.Filter(env, side)
		if err != nil {
			return nil, 0, fmt.Errorf("rule %s: %w", rule.Rule.ID, err)
		}
		keep[row] = ok
		if !ok {
			filtered++
		}
	}
	return keep, filtered, nil
}

// counters are a worker's tallies, summed after the run.
type counters struct {
	compared, scope, aboveFloor, condFailed, condMissing, amountMissing int64
}

func (c *counters) add(o *counters) {
	c.compared += o.compared
	c.scope += o.scope
	c.aboveFloor += o.aboveFloor
	c.condFailed += o.condFailed
	c.condMissing += o.condMissing
	c.amountMissing += o.amountMissing
}

// scopeAllows reports whether the rule's scope lets rows i and j be compared.
func (r *run) scopeAllows(i, j int) bool {
	switch r.plan.Rule.Rule.EffectiveScope() {
	case rules.ScopeAcrossBodies:
		return r.bodyL[i] != r.bodyR[j]
	case rules.ScopeWithinBody:
		return r.bodyL[i] == r.bodyR[j]
	}
	return true
}
