package matcher

import "context"

// view is what scores the pairs of one pass: the run's scorers or, in a
// link, scorers over copies of the rows' features laid out in the order
// of the pass's lists of rows, so that the rows of one block sit side by
// side in memory. Right rows are listed by pass.rows; with blocks set,
// left rows are too, by blocks.rows, and the pass is scored block by
// block, reading both sides' features in order rather than a block's at
// random for each left row.
type view struct {
	scorers []scorer
	// touchers are the scorers that can load a right row's features ahead.
	touchers []toucher
	// listed: the scorers' right row k is the list's row k.
	listed bool
	// blocks, when set, lists the left rows by block: the scorers' left
	// row k is blocks.rows[k].
	blocks *leftBlocks
}

// leftBlocks lists the left rows of a pass's listed blocks, as pass.start
// and pass.rows list the right rows, and what the scoring of a block reads
// of each, in the list's order.
type leftBlocks struct {
	// The left rows of block id are rows[start[id]:start[id+1]].
	start, rows []int32
	// held[q][k] is the key id in pass q, an earlier pass, by which that
	// pass meets pairs of the list's row k: pass.held's byL.
	held [][]int32
	// Chunk c of the pass is its blocks cuts[c] to cuts[c+1]-1, chunks
	// of about equal pairs.
	cuts []int32
}

// gatherMin is how many pairs a right row must be in, on average, for a
// pass scored row by row to lay its right rows' features out in list
// order: copying a row's features costs about what reading them once at
// random does.
var gatherMin int64 = 2

// byBlock says whether link passes are scored block by block; tests turn
// it off to score the same passes row by row.
var byBlock = true

// viewOf returns the view of pass p. Only a link lays features
// out: a search compares a pair either way round, by rows of both lists.
// A link is scored by block: copying a listed row's features reads them
// once at random, where scoring row by row reads a block's features at
// random once for each of its left rows. The features laid out are those
// of the comparisons that run for every pair (scoreOrder), and names,
// whose features are 4-byte ids: a comparison that the early exit spares
// most pairs reads its features in place, through the lists, for the few
// pairs that reach it, rather than have every listed row's copied.
func (r *run) viewOf(ctx context.Context, p int, workers int) (view, error) {
	ps := r.passes[p]
	v := view{scorers: r.scorers}
	listed := !r.dedupe && len(ps.rows) > 0
	if listed && !byBlock && ps.listedPairs/int64(len(ps.rows)) < gatherMin {
		listed = false
	}
	if listed {
		var left []int32
		if r.scoredByBlock(p) {
			// The pass listed its left rows by block as it was built
			// (listBlocks); the view holds them from now on.
			v.blocks, ps.blocks = ps.blocks, nil
			left = v.blocks.rows
		}
		v.scorers = make([]scorer, len(r.scorers))
		var tasks []func()
		_, _, always := scoreOrder(r)
		for c, s := range r.scorers {
			if _, name := s.(*nameScorer); !always[c] && !name {
				v.scorers[c] = &throughRows{s: s, left: left, right: ps.rows}
				continue
			}
			tasks = append(tasks, func() { v.scorers[c] = s.forRows(left, ps.rows) })
		}
		if v.blocks != nil {
			v.blocks.held = make([][]int32, p)
			for q := range p {
				tasks = append(tasks, func() { v.blocks.held[q] = r.passes[q].heldLeft(left) })
			}
		}
		if err := runTasks(ctx, workers, tasks); err != nil {
			return view{}, err
		}
		v.listed = true
	}
	for _, s := range v.scorers {
		if t, ok := s.(toucher); ok {
			v.touchers = append(v.touchers, t)
		}
	}
	return v, nil
}

// chunksOf is how many chunks of chunkRows left rows a pass scored row by
// row is cut into.
func chunksOf(rows, chunkRows int) int { return (rows + chunkRows - 1) / chunkRows }

// scoredByBlock says whether pass p is scored block by block: a link's
// pass with rows listed, unless tests turn byBlock off.
func (r *run) scoredByBlock(p int) bool {
	return byBlock && !r.dedupe && len(r.passes[p].rows) > 0
}

// listBlocks lists the left rows of pass p by block, when it is scored by
// block (scoredByBlock). Its chunks hold about the pairs
// of a chunk of chunkRows left rows. It runs as the pass is built, beside
// the run's other preparation, rather than alone before the pass is
// scored.
func (r *run) listBlocks(p, chunkRows int) {
	ps := r.passes[p]
	if !r.scoredByBlock(p) {
		return
	}
	chunks := int64(max(chunksOf(r.left.Len, chunkRows), 1))
	ps.blocks = r.leftBlocks(p, max(1, (ps.listedPairs+chunks-1)/chunks))
}

// leftBlocks lists the left rows of pass p's listed blocks and cuts the
// blocks into chunks of at least chunkPairs pairs, but for the last.
func (r *run) leftBlocks(p int, chunkPairs int64) *leftBlocks {
	ps := r.passes[p]
	n := len(ps.start) - 1
	lb := &leftBlocks{}
	lb.start, lb.rows = blockRows(ps.idL, n, func(id int32) bool { return ps.start[id] < ps.start[id+1] })
	lb.cuts = append(lb.cuts, 1)
	var pairs int64
	for id := 1; id < n; id++ {
		pairs += int64(lb.start[id+1]-lb.start[id]) * int64(ps.start[id+1]-ps.start[id])
		if pairs >= chunkPairs {
			lb.cuts = append(lb.cuts, int32(id+1))
			pairs = 0
		}
	}
	if pairs > 0 || len(lb.cuts) == 1 {
		lb.cuts = append(lb.cuts, int32(n))
	}
	return lb
}

// gatherRows returns src[rows[k]] for each k, or src when rows is nil.
func gatherRows[T any](src []T, rows []int32) []T {
	if rows == nil {
		return src
	}
	out := make([]T, len(rows))
	for k, r := range rows {
		out[k] = src[r]
	}
	return out
}

func (s *dateScorer) forRows(left, right []int32) scorer {
	g := *s
	g.l, g.r = gatherRows(s.l, left), gatherRows(s.r, right)
	return &g
}

func (s *nameScorer) forRows(left, right []int32) scorer {
	g := *s
	g.l, g.r = gatherRows(s.l, left), gatherRows(s.r, right)
	if s.ls != nil {
		g.ls = gatherRows(s.ls, left)
	}
	if s.rs != nil {
		g.rs = gatherRows(s.rs, right)
	}
	return &g
}

// A text scorer copies the features it reads for every pair; the values
// and their parts, read for few pairs and through a pointer anyway, are
// found through the lists.
func (s *textScorer) forRows(left, right []int32) scorer {
	g := *s
	g.l, g.lrow = gatherRows(s.l, left), throughList(s.lrow, left)
	g.r, g.rrow = gatherRows(s.r, right), throughList(s.rrow, right)
	return &g
}

// throughList returns the rows that the rows listed in list are in, given
// the rows that a scorer's rows are in (nil: themselves).
func throughList(rows, list []int32) []int32 {
	if rows == nil {
		return list
	}
	return gatherRows(rows, list)
}

// throughRows is a scorer over the left rows listed in left and the right
// rows listed in right (nil: the rows themselves), reading the features
// of the scorer it wraps in place: for features that are mostly pointers
// to values elsewhere, or read for few pairs, copying them would cost
// memory and save no trip to memory.
type throughRows struct {
	s           scorer
	left, right []int32
}

func (t *throughRows) outcome(i, j int) int {
	if t.left != nil {
		i = int(t.left[i])
	}
	if t.right != nil {
		j = int(t.right[j])
	}
	return t.s.outcome(i, j)
}

func (t *throughRows) forRows(left, right []int32) scorer {
	return &throughRows{s: t.s, left: throughList(t.left, left), right: throughList(t.right, right)}
}

func (s *addressScorer) forRows(left, right []int32) scorer {
	return &throughRows{s: s, left: left, right: right}
}

func (s *moneyScorer) forRows(left, right []int32) scorer {
	g := *s
	g.l, g.r = gatherRows(s.l, left), gatherRows(s.r, right)
	return &g
}

func (s *invoiceScorer) forRows(left, right []int32) scorer {
	return &throughRows{s: s, left: left, right: right}
}

func (s *bankScorer) forRows(left, right []int32) scorer {
	return &throughRows{s: s, left: left, right: right}
}
