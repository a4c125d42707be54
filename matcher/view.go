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
	// touchers are the scorers that can load a right row's features ahead.
	touchers []toucher
	// listed: the scorers' right row k is the list's row k.
	listed bool
}

// gatherMin is how many pairs a right row must be in, on average, for a
// pass to lay its rows' features out in list order: copying a row's
// features costs about what reading them once at random does.
var gatherMin int64 = 2

// viewOf returns the view of pass p. Only a link lays features out: a
// search compares a pair either way round, by rows of both lists. The
// features laid out are those of the comparisons that run for every pair
// (scoreOrder), and names, whose features are 4-byte ids: a comparison
// that the early exit spares most pairs reads its features in place,
// through the list, for the few pairs that reach it, rather than have
// every listed row's copied.
func (r *run) viewOf(ctx context.Context, p int, workers int) (view, error) {
	ps := r.passes[p]
	v := view{scorers: r.scorers}
	if !r.dedupe && len(ps.rows) > 0 && ps.listedPairs/int64(len(ps.rows)) >= gatherMin {
		v.scorers = make([]scorer, len(r.scorers))
		tasks := make([]func(), len(r.scorers))
		_, _, always := scoreOrder(r)
		for c, s := range r.scorers {
			if _, name := s.(*nameScorer); !always[c] && !name {
				v.scorers[c] = &throughRows{s: s, rows: ps.rows}
				tasks[c] = func() {}
				continue
			}
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

// A text scorer copies the features it reads for every pair; the values
// and their parts, read for few pairs and through a pointer anyway, are
// found through rows.
func (s *textScorer) forRows(rows []int32) scorer {
	g := *s
	g.r, g.rrow = gatherRows(s.r, rows), rows
	return &g
}

// throughRows is a scorer over the right rows listed in rows, reading the
// features of the scorer it wraps in place: for features that are mostly
// pointers to values elsewhere, copying them would cost memory and save
// no trip to memory.
type throughRows struct {
	s    scorer
	rows []int32
}

func (t *throughRows) outcome(i, j int) int { return t.s.outcome(i, int(t.rows[j])) }

func (t *throughRows) forRows(rows []int32) scorer {
	return &throughRows{s: t.s, rows: gatherRows(t.rows, rows)}
}

func (s *addressScorer) forRows(rows []int32) scorer { return &throughRows{s: s, rows: rows} }

func (s *moneyScorer) forRows(rows []int32) scorer {
	g := *s
	g.r = gatherRows(s.r, rows)
	return &g
}

func (s *invoiceScorer) forRows(rows []int32) scorer { return &throughRows{s: s, rows: rows} }

func (s *bankScorer) forRows(rows []int32) scorer { return &throughRows{s: s, rows: rows} }
