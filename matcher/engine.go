package matcher

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/nfimatch/nfimatch/rules"
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

// run is the state of one part being matched, shared by its workers and
// read-only once they start.
type run struct {
	plan        *Plan
	left, right *Table
	dedupe      bool // left and right are one table: compare each pair once
	filtered    [2]int
	scorers     []scorer
	// passes are built up to the last pass scored; the part scores
	// passes[from:to].
	passes     []*pass
	from, to   int
	bodyL      *Strings
	bodyR      *Strings
	refL, refR int // record_id columns
	// tfLevel is, per comparison, its level with a term-frequency
	// adjustment or -1; tfL and tfR give, per such comparison, the weight
	// of that level for each left and right row's value.
	tfLevel  []int
	tfL, tfR [][]float64
	scope    scope
	// patterns makes the run tally outcome patterns for training instead
	// of scoring matches.
	patterns bool
	// progress hears how many left rows are scored (Part.Progress).
	progress func(done, total int64)
}

// RunOptions are what a run takes beyond its plan and tables.
type RunOptions struct {
	// Terms are the run's term frequencies, counted over all its data;
	// nil counts them from the tables given when the plan needs them.
	Terms *TermFrequencies
	// Progress, when set, hears how many left rows are scored of how many
	// (see Part.Progress).
	Progress func(done, total int64)
}

// Run matches left against right with plan, every record in memory.
// Passing the same table as both sides searches within it, comparing each
// unordered pair once.
func (e *Engine) Run(ctx context.Context, plan *Plan, left, right *Table) (*Result, error) {
	return e.RunWith(ctx, plan, left, right, RunOptions{})
}

// RunWith is Run with options. A one-to-one rule keeps each record's best
// match only.
func (e *Engine) RunWith(ctx context.Context, plan *Plan, left, right *Table, opts RunOptions) (*Result, error) {
	pr, err := e.RunPart(ctx, plan, &Part{Left: left, Right: right, Pass: -1, Terms: opts.Terms, Progress: opts.Progress})
	if err != nil {
		return nil, err
	}
	// The part is the whole run: its matches are in report order.
	res := &pr.Result
	rows := func(m *Match) (int64, int64) { return int64(m.Left), int64(m.Right) }
	if plan.Rule.Rule.OneToOne {
		res.Matches, res.OneToOneDropped = OneToOne(res.Matches, rows)
	}
	return res, nil
}

// collect returns the matches of a part's chunks, by pass and chunk, in
// report order by the part's rows, each given its id. Each match is
// copied once, from where its chunk left it to its place. The ids and
// copies are made on up to workers goroutines.
func (r *run) collect(results [][][]Match, workers int) []Match {
	n := 0
	for _, pass := range results {
		for _, out := range pass {
			n += len(out)
		}
	}
	if n == 0 {
		return []Match{}
	}
	found := make([]*Match, 0, n)
	for _, pass := range results {
		for _, out := range pass {
			for k := range out {
				found = append(found, &out[k])
			}
		}
	}
	r.setIDs(found, workers)
	perm := reportOrder(len(found), workers, func(i int) matchKey {
		m := found[i]
		return newMatchKey(m, int64(m.Left), int64(m.Right))
	})
	ms := make([]Match, len(found))
	stretches(len(perm), workers, func(lo, hi int) {
		for k := lo; k < hi; k++ {
			ms[k] = *found[perm[k]]
		}
	})
	return ms
}

// matchKey is what places a match in a report: by score, highest first,
// then by ID, then by the records' rows in the run, so that the order is
// total and the same however the run was split into parts.
type matchKey struct {
	score float64
	// head is the id's first eight bytes, big-endian, so that most ids
	// are told apart by one compare of integers.
	head        uint64
	id          string
	left, right int64
}

func newMatchKey(m *Match, left, right int64) matchKey {
	var b [8]byte
	copy(b[:], m.ID)
	return matchKey{score: m.Score, head: binary.BigEndian.Uint64(b[:]), id: m.ID, left: left, right: right}
}

func (a *matchKey) before(b *matchKey) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	// Ids that differ in their first eight bytes differ as heads do;
	// past those, by their rest.
	if a.head != b.head {
		return a.head < b.head
	}
	if a.id != b.id {
		return a.id < b.id
	}
	if a.left != b.left {
		return a.left < b.left
	}
	return a.right < b.right
}

// reportOrder returns the indexes of n matches in report order, given
// each match's key, which it may ask for on up to workers goroutines at
// once. What is sorted is 24 bytes a match: the score as an integer that
// sorts like it, the id's head, and the match's index, whose full key is
// asked for again only where those two tie (ids that share their first
// eight bytes), rather than kept for every match. Each worker sorts a
// stretch, and the sorted stretches are merged in pairs: the order is
// total, so it is the same however the matches were cut.
func reportOrder(n, workers int, key func(i int) matchKey) []int32 {
	keys := make([]sortKey, n)
	stretches(n, workers, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			k := key(i)
			keys[i] = sortKey{scoreRank(k.score), k.head, int32(i)}
		}
	})
	compare := func(a, b sortKey) int {
		if a.score != b.score {
			return cmp.Compare(a.score, b.score)
		}
		if a.head != b.head {
			return cmp.Compare(a.head, b.head)
		}
		ka, kb := key(int(a.at)), key(int(b.at))
		switch {
		case ka.before(&kb):
			return -1
		case kb.before(&ka):
			return 1
		}
		return 0
	}
	cuts := stretchCuts(n, workers)
	stretches(n, workers, func(lo, hi int) { slices.SortFunc(keys[lo:hi], compare) })
	if len(cuts) > 2 {
		keys = mergeSorted(keys, cuts, compare)
	}
	perm := make([]int32, n)
	for k := range keys {
		perm[k] = keys[k].at
	}
	return perm
}

// sortKey is what reportOrder sorts.
type sortKey struct {
	score, head uint64
	at          int32
}

// mergeSorted merges the sorted runs of keys between cuts, each pair of
// neighbours on a goroutine of its own, until one run is left, and
// returns it: keys or a buffer of its length.
func mergeSorted(keys []sortKey, cuts []int, compare func(a, b sortKey) int) []sortKey {
	buf := make([]sortKey, len(keys))
	for len(cuts) > 2 {
		next := []int{0}
		var wg sync.WaitGroup
		for c := 0; c+1 < len(cuts); c += 2 {
			lo, mid, hi := cuts[c], cuts[c+1], cuts[min(c+2, len(cuts)-1)]
			next = append(next, hi)
			wg.Go(func() { mergeTwo(buf[lo:hi], keys[lo:mid], keys[mid:hi], compare) })
		}
		wg.Wait()
		keys, buf, cuts = buf, keys, next
	}
	return keys
}

// mergeTwo merges sorted a and b into out, of their joint length.
func mergeTwo(out, a, b []sortKey, compare func(a, b sortKey) int) {
	k := 0
	for len(a) > 0 && len(b) > 0 {
		if compare(b[0], a[0]) < 0 {
			out[k], b = b[0], b[1:]
		} else {
			out[k], a = a[0], a[1:]
		}
		k++
	}
	k += copy(out[k:], a)
	copy(out[k:], b)
}

// scoreRank maps a score to an integer that sorts the way report order
// does, highest score first: the float's bits, flipped so that they sort
// as unsigned integers in the numbers' order, then reversed. Zero and
// minus zero are one score. A match's score is never NaN: it reached the
// floor.
func scoreRank(score float64) uint64 {
	if score == 0 {
		score = 0
	}
	b := math.Float64bits(score)
	if b>>63 != 0 {
		b = ^b
	} else {
		b |= 1 << 63
	}
	return ^b
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
	switch r.scope {
	case scopeAcross:
		return r.bodyL.At(i) != r.bodyR.At(j)
	case scopeWithin:
		return r.bodyL.At(i) == r.bodyR.At(j)
	}
	return true
}

// scope is a rule's scope (rules.Scope), as a run reads it for every pair.
type scope uint8

const (
	scopeAnyBody scope = iota
	scopeAcross
	scopeWithin
)

func scopeOf(s rules.Scope) scope {
	switch s {
	case rules.ScopeAcrossBodies:
		return scopeAcross
	case rules.ScopeWithinBody:
		return scopeWithin
	}
	return scopeAnyBody
}
