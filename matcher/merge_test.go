package matcher

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/nfimatch/nfimatch/extract"
)

// Test data is synthetic: invented people, NI numbers of the form AB123456C.

// people returns n rows with distinct record ids and a few fields set, so
// that a table of them has text, dates, money and missing values.
func people(n int, prefix string) []row {
	rows := make([]row, n)
	for i := range rows {
		rows[i] = row{"record_id": fmt.Sprintf("%s%d", prefix, i), "surname": []string{"SMITH", "JONES", "KHAN"}[i%3],
			"forenames": []string{"ANN", "", "OWEN"}[i%3], "date_of_birth": fmt.Sprintf("%02d011950", 1+i%28),
			"ni_number": fmt.Sprintf("AB%06dC", i)}
		if prefix == "P" && i%4 != 0 {
			rows[i]["pension_amount"] = fmt.Sprint(100 * i)
		}
	}
	return rows
}

// randomMatches returns n matches between distinct pairs of rows of left
// and right, with few scores and few ids, so that the report order turns
// on every part of its key.
func randomMatches(rng *rand.Rand, n, left, right int) []Match {
	seen := map[[2]int]bool{}
	var ms []Match
	for len(ms) < n {
		l, r := rng.IntN(left), rng.IntN(right)
		if seen[[2]int{l, r}] {
			continue
		}
		seen[[2]int{l, r}] = true
		o := []int{rng.IntN(3) - 2, rng.IntN(3)}
		ms = append(ms, Match{ID: fmt.Sprintf("id%02d", rng.IntN(5)), Left: l, Right: r, Score: float64(rng.IntN(4)),
			Band: []string{"high", "medium", "low"}[rng.IntN(3)], Outcomes: o, Weights: []float64{float64(o[0]) / 3, 1.5},
			Probability: rng.Float64(), HasProbability: rng.IntN(2) == 0, Pass: rng.IntN(3), Amount: int64(rng.IntN(2000) - 1000),
			HasAmount: rng.IntN(2) == 0, Reason: fmt.Sprintf("reason %d", len(ms))})
	}
	return ms
}

// writeRuns splits ms at random into k parts over left and right, whose
// rows are the run's, and writes each as a sorted run in dir.
func writeRuns(t *testing.T, rng *rand.Rand, dir string, format *runFormat, ms []Match, left, right *Table, k, batchRows int) []string {
	t.Helper()
	parts := make([][]Match, k)
	for _, m := range ms {
		p := rng.IntN(k)
		parts[p] = append(parts[p], m)
	}
	rows := [2][]int64{make([]int64, left.Len), make([]int64, right.Len)}
	for s := range rows {
		for i := range rows[s] {
			rows[s][i] = int64(i)
		}
	}
	var paths []string
	for p, part := range parts {
		path := filepath.Join(dir, fmt.Sprintf("test-%d.arrow", p))
		if err := writeRun(path, format, batchRows, part, &Part{Left: left, Right: right}, rows); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	return paths
}

// drain reads every match of p, n at a time, each with its records'
// cells.
func drain(t *testing.T, p *Partitioned, n int) ([]Match, []*Batch) {
	t.Helper()
	var ms []Match
	var batches []*Batch
	for {
		b, err := p.Next(context.Background(), n)
		if err == io.EOF {
			return ms, batches
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Matches) > n || len(b.Matches) == 0 {
			t.Fatalf("Next(%d) gave %d matches", n, len(b.Matches))
		}
		if len(batches) > 0 && len(batches[len(batches)-1].Matches) < n {
			t.Fatalf("Next gave a short batch of %d before the end", len(batches[len(batches)-1].Matches))
		}
		ms = append(ms, b.Matches...)
		batches = append(batches, b)
	}
}

// sameRecord reports whether row a of ta holds the record at row b of tb.
func sameRecord(ta *Table, a int, tb *Table, b int) bool {
	for c := range ta.Cols {
		x, y := &ta.Cols[c], &tb.Cols[c]
		if x.Valid[a] != y.Valid[b] {
			return false
		}
		if !x.Valid[a] {
			continue
		}
		if x.Str.Len() > 0 && x.Str.At(a) != y.Str.At(b) || len(x.Num) > 0 && x.Num[a] != y.Num[b] {
			return false
		}
	}
	return true
}

// sameMatch reports whether got, read back from a sorted run, is want but
// for the rows it indexes.
func sameMatch(got, want Match) bool {
	got.Left, got.Right, want.Left, want.Right = 0, 0, 0, 0
	return got.ID == want.ID && got.Score == want.Score && got.Band == want.Band && slices.Equal(got.Outcomes, want.Outcomes) &&
		slices.Equal(got.Weights, want.Weights) && got.Probability == want.Probability && got.HasProbability == want.HasProbability &&
		got.Pass == want.Pass && got.Amount == want.Amount && got.HasAmount == want.HasAmount && got.Reason == want.Reason
}

// TestMergeRunsGivesReportOrder: matches split at random into sorted
// runs, merged through a narrowing of at most three runs open, come back
// by score (highest first), then id, then left and right row, each with
// its two records; with one-to-one, a match is dropped when a match before
// it in that order took its left or its right record.
func TestMergeRunsGivesReportOrder(t *testing.T) {
	for _, oneToOne := range []bool{false, true} {
		t.Run(fmt.Sprintf("one-to-one %v", oneToOne), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(3, 5))
			left, right := pensions(t, people(40, "P")...), deceased(t, people(30, "D")...)
			ms := randomMatches(rng, 400, left.Len, right.Len)
			want := slices.Clone(ms)
			slices.SortStableFunc(want, func(a, b Match) int {
				return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.ID, b.ID), cmp.Compare(a.Left, b.Left), cmp.Compare(a.Right, b.Right))
			})
			var dropped int64
			if oneToOne {
				tookL, tookR := map[int]bool{}, map[int]bool{}
				kept := want[:0:0]
				for _, m := range want {
					if tookL[m.Left] || tookR[m.Right] {
						dropped++
						continue
					}
					tookL[m.Left], tookR[m.Right] = true, true
					kept = append(kept, m)
				}
				want = kept
				if dropped == 0 {
					t.Fatal("one-to-one drops nothing; the test needs it to")
				}
			}
			dir := t.TempDir()
			format := newRunFormat(extract.Pensions, extract.Deceased)
			runs := writeRuns(t, rng, dir, format, ms, left, right, 11, 7)
			var made []string
			written := runs
			runs, err := narrowRuns(context.Background(), written, 3, dir, format, 7, &made)
			if err != nil {
				t.Fatal(err)
			}
			if len(runs) > 3 || len(made) < 4 {
				t.Fatalf("narrowing 11 runs to 3 open at once left %d runs, having merged %d", len(runs), len(made))
			}
			merge, err := openMerger(context.Background(), runs, format)
			if err != nil {
				t.Fatal(err)
			}
			p := &Partitioned{Result: &Result{}, left: extract.Pensions, right: extract.Deceased, oneToOne: oneToOne, merge: merge, files: append(slices.Clone(written), made...)}
			got, batches := drain(t, p, 13)
			if len(got) != len(want) {
				t.Fatalf("%d matches merged, want %d", len(got), len(want))
			}
			if p.Result.OneToOneDropped != dropped {
				t.Errorf("one-to-one dropped %d, want %d", p.Result.OneToOneDropped, dropped)
			}
			i := 0
			for _, b := range batches {
				for _, m := range b.Matches {
					w := want[i]
					if !sameMatch(m, w) {
						t.Fatalf("match %d: %+v, want %+v", i, m, w)
					}
					if !sameRecord(b.Left, m.Left, left, w.Left) || !sameRecord(b.Right, m.Right, right, w.Right) {
						t.Fatalf("match %d: its records are not those of left row %d and right row %d", i, w.Left, w.Right)
					}
					i++
				}
			}
			if err := p.Close(); err != nil {
				t.Fatal(err)
			}
			if _, err := p.Next(context.Background(), 1); err == nil || err == io.EOF {
				t.Errorf("Next after Close: %v, want an error", err)
			}
			entries, _ := os.ReadDir(dir)
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			if len(names) > 0 {
				t.Errorf("Close left %v", names)
			}
		})
	}
}

// TestMergeOfNoRuns: a run without matches reads as the end at once.
func TestMergeOfNoRuns(t *testing.T) {
	merge, err := openMerger(context.Background(), nil, newRunFormat(extract.Pensions, extract.Deceased))
	if err != nil {
		t.Fatal(err)
	}
	p := &Partitioned{Result: &Result{}, left: extract.Pensions, right: extract.Deceased, merge: merge}
	if b, err := p.Next(context.Background(), 10); !errors.Is(err, io.EOF) {
		t.Errorf("Next = %v, %v, want io.EOF", b, err)
	}
}
