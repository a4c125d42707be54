package matcher

import "context"

// view is what scores the pairs of one pass: the run's scorers or, when
// the pass pays for it, scorers over copies of the right rows' features
// laid out in the order of the pass's list of rows (pass.rows), so that
// the rows of one block sit side by side in memory. A left row meets
// the whole of its block, so the block's features arrive in a few cache
// lines rather than a cache miss per row and comparison.
type view struct {
	scorers []scorer
	// touchers are the scorers that can load a pair's features ahead.
	touchers []toucher
	// listed: the scorers' right row k is the list's row k.
	listed bool
}

// gatherMin is how many pairs a right row must be in, on average, for a
// pass to lay its rows' features out in list order: copying a row's
// features costs about what reading them once at random does.
var gatherMin int64 = 2

// viewOf returns the view of pass p. Only a link lays features out: a
// search compares a pair either way round, by rows of both lists.
func (r *run) viewOf(ctx context.Context, p int, workers int) (view, error) {
	ps := r.passes[p]
	v := view{scorers: r.scorers}
	if !r.dedupe && len(ps.rows) > 0 && ps.listedPairs/int64(len(ps.rows)) >= gatherMin {
		v.scorers = make([]scorer, len(r.scorers))
		tasks := make([]func(), len(r.scorers))
		for c, s := range r.scorers {
			tasks[c] = func() { v.scorers[c] = s.forRows(ps.rows) }
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

// gatherRows returns src[rows[k]] for each k.
func gatherRows[T any](src []T, rows []int32) []T {
	out := make([]T, len(rows))
	for k, r := range rows {
		out[k] = src[r]
	}
	return out
}

func (s *dateScorer) forRows(rows []int32) scorer {
	g := *s
	g.r = gatherRows(s.r, rows)
	return &g
}

func (s *nameScorer) forRows(rows []int32) scorer {
	g := *s
	g.r = gatherRows(s.r, rows)
	if s.rs != nil {
		g.rs = gatherRows(s.rs, rows)
	}
	return &g
}

func (s *textScorer) forRows(rows []int32) scorer {
	g := *s
	g.r, g.rrow = gatherRows(s.r, rows), rows
	if s.rk != nil {
		g.rk = gatherRows(s.rk, rows)
	}
	return &g
}

func (s *addressScorer) forRows(rows []int32) scorer {
	g := *s
	g.r = gatherRows(s.r, rows)
	return &g
}

func (s *moneyScorer) forRows(rows []int32) scorer {
	g := *s
	g.r = gatherRows(s.r, rows)
	return &g
}

func (s *invoiceScorer) forRows(rows []int32) scorer {
	g := *s
	g.r = gatherRows(s.r, rows)
	return &g
}

func (s *bankScorer) forRows(rows []int32) scorer {
	g := *s
	g.r = gatherRows(s.r, rows)
	return &g
}
