package matcher

import (
	"fmt"
	"reflect"
	"sync"
	"testing"
)

// TestRunMatchIDs: every match of a run, with records of several bodies,
// carries the MatchID of the rule, the datasets and its own records'
// bodies and references, however many workers and chunks found it, and
// the matches come in report order: by score, highest first, then by id.
func TestRunMatchIDs(t *testing.T) {
	p := blockPlan(t)
	left, right := unevenPeople(t, 240)
	bodies := make([]string, left.Len)
	for r := range bodies {
		bodies[r] = []string{"Body A", "Body B", "Leeds"}[r%3]
	}
	left.Cols[0].Str = StringsOf(bodies...)
	var first *Result
	for _, cfg := range []Config{{Workers: 1, ChunkRows: 1000}, {Workers: 8, ChunkRows: 3}} {
		t.Run(fmt.Sprintf("%+v", cfg), func(t *testing.T) {
			// Ids and copies are made in stretches of one match and
			// up, one per worker.
			defer func(n int) { minStretch = n }(minStretch)
			minStretch = 1
			res := mustRun(t, cfg, p, left, right)
			if len(res.Matches) < 50 {
				t.Fatalf("%d matches; the test needs more", len(res.Matches))
			}
			seen := map[string]bool{}
			rule := p.Rule
			bodyOf := map[string]int{}
			for k, m := range res.Matches {
				if k > 0 {
					a := res.Matches[k-1]
					if a.Score < m.Score || a.Score == m.Score && a.ID > m.ID {
						t.Fatalf("place %d: score %v id %s after score %v id %s", k, m.Score, m.ID, a.Score, a.ID)
					}
				}
				lBody := left.Cols[0].Str.At(m.Left)
				want := MatchID(rule.Rule.ID, rule.Left.Type, lBody, left.Text(left.Col("record_id"), m.Left),
					rule.Right.Type, right.Cols[0].Str.At(m.Right), right.Text(right.Col("record_id"), m.Right))
				if m.ID != want {
					t.Fatalf("match of rows %d and %d: id %s, want %s", m.Left, m.Right, m.ID, want)
				}
				if seen[m.ID] {
					t.Fatalf("id %s given twice", m.ID)
				}
				seen[m.ID] = true
				bodyOf[lBody]++
			}
			if len(bodyOf) != 3 {
				t.Errorf("matches' left bodies %v, want all three", bodyOf)
			}
			if first == nil {
				first = res
			} else if !reflect.DeepEqual(res, first) {
				t.Errorf("%d matches, want the %d of one worker", len(res.Matches), len(first.Matches))
			}
		})
	}
}

// TestStretches: the stretches cover [0, n) once, in even parts, no more
// than the workers and none below minStretch items unless there is one.
func TestStretches(t *testing.T) {
	defer func(n int) { minStretch = n }(minStretch)
	minStretch = 10
	for _, c := range []struct{ n, workers, parts int }{
		{0, 4, 1}, {9, 4, 1}, {20, 1, 1}, {20, 4, 2}, {41, 4, 4}, {1000, 3, 3},
	} {
		var mu sync.Mutex
		hits := make([]int, c.n)
		parts := 0
		stretches(c.n, c.workers, func(lo, hi int) {
			mu.Lock()
			defer mu.Unlock()
			parts++
			if c.parts > 1 && hi-lo < minStretch {
				t.Errorf("n=%d workers=%d: stretch [%d, %d) below %d", c.n, c.workers, lo, hi, minStretch)
			}
			for i := lo; i < hi; i++ {
				hits[i]++
			}
		})
		if parts != c.parts {
			t.Errorf("n=%d workers=%d: %d stretches, want %d", c.n, c.workers, parts, c.parts)
		}
		for i, h := range hits {
			if h != 1 {
				t.Fatalf("n=%d workers=%d: item %d in %d stretches", c.n, c.workers, i, h)
			}
		}
	}
}
