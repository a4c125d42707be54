package matcher

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

// Test data is synthetic: invented people, NI numbers of the form AB123456C.

// blockPlan links pensions to deceased by three passes that overlap: by
// postcode, by date of birth, and by a pensioner's surname against a
// death's forename, keys that differ by side. Its comparisons read
// features of every kind that a view lays out by list or reads through
// it: names with a swap field, a date, NI numbers and postcodes with
// their parts, addresses, and a surname weighted by term frequency.
func blockPlan(t *testing.T) *Plan {
	return planYAML(t, `version: 1
id: blocks
left: pensions
right: deceased
blocking:
  - {name: postcode, keys: [postcode]}
  - {name: birth, keys: [date_of_birth]}
  - name: crossed
    keys: [{left: surname, right: forenames}]
comparisons:
  - {id: ni, kind: nino, fields: [ni_number], levels: [{level: exact, weight: 10}, {level: one_char, weight: 5}, {level: missing, weight: 0}, {level: else, weight: -6}]}
  - {id: surname, kind: name, fields: [surname], swap_with: forenames, levels: [{level: exact, weight: 4, tf: true}, {level: swapped, weight: 3}, {level: else, weight: -3}]}
  - {id: dob, kind: date, fields: [date_of_birth], levels: [{level: exact, weight: 6}, {level: one_digit, weight: 3}, {level: missing, weight: 0}, {level: else, weight: -5}]}
  - {id: address, kind: address, fields: [address_1], levels: [{level: number_and_street, min: 0.8, weight: 2}, {level: missing, weight: 0}, {level: else, weight: 0}]}
  - {id: postcode, kind: postcode, fields: [postcode], levels: [{level: full, weight: 2}, {level: sector, weight: 1}, {level: missing, weight: 0}, {level: else, weight: 0}]}
bands: {high: 14, medium: 9, low: 4}
`)
}

// unevenPeople draws pensioners and deaths whose blocks are uneven: one
// postcode holds a third of the rows, some postcodes are on one side
// only, and some rows have no postcode or no date of birth, so that they
// are in no block of that pass.
func unevenPeople(t *testing.T, n int) (*Table, *Table) {
	rng := rand.New(rand.NewPCG(5, 7))
	names := []string{"SMITH", "JONES", "KHAN", "JOHN", "MARY", "PATEL", "EVANS", "AHMED"}
	postcode := func(side int) string {
		switch k := rng.IntN(12); {
		case k < 4:
			return "LS1 1AA"
		case k == 4:
			return ""
		case k == 5: // on this side only
			return fmt.Sprintf("BD%d 1AA", side)
		default:
			return fmt.Sprintf("LS%d %dAA", 2+rng.IntN(3), rng.IntN(2))
		}
	}
	person := func(side, i int) row {
		r := row{"record_id": fmt.Sprintf("R%d-%d", side, i), "forenames": names[rng.IntN(len(names))],
			"surname": names[rng.IntN(len(names))], "ni_number": fmt.Sprintf("AB%06dC", rng.IntN(n)),
			"date_of_birth": fmt.Sprintf("%02d0%d19%02d", 1+rng.IntN(4), 1+rng.IntN(2), 40+rng.IntN(3)),
			"postcode":      postcode(side), "address_1": fmt.Sprintf("%d High Street", 1+rng.IntN(6))}
		if rng.IntN(10) == 0 {
			r["date_of_birth"] = ""
		}
		if side == 0 {
			r["date_last_paid"], r["pension_amount"], r["payment_frequency"] = "28052025", "1000", "MONTHLY"
		} else {
			r["date_of_death"] = "10032025"
		}
		return r
	}
	var ls, rs []row
	for i := range n {
		ls = append(ls, person(0, i))
	}
	for i := range n + n/3 {
		rs = append(rs, person(1, i))
	}
	return pensions(t, ls...), deceased(t, rs...)
}

// firstPassPairs counts, by brute force over every pair, the pairs that
// each pass of p makes candidates first: those whose keys in the pass are
// equal and in no earlier pass.
func firstPassPairs(p *Plan, left, right *Table) []int64 {
	var keysL, keysR [][]string
	for _, ks := range p.Rule.Passes {
		keysL = append(keysL, blockKeys(left, ks.Left, nil))
		keysR = append(keysR, blockKeys(right, ks.Right, nil))
	}
	out := make([]int64, len(p.Rule.Passes))
	for i := range left.Len {
		for j := range right.Len {
			for q := range out {
				if k := keysL[q][i]; k != "" && k == keysR[q][j] {
					out[q]++
					break
				}
			}
		}
	}
	return out
}

// withLayout runs f with gatherMin and byBlock set to min and block,
// restoring them after.
func withLayout(min int64, block bool, f func()) {
	defer func(m int64, b bool) { gatherMin, byBlock = m, b }(gatherMin, byBlock)
	gatherMin, byBlock = min, block
	f()
}

// TestBlockOrderSameResult: scoring passes block by block, both sides'
// rows in block order, finds what scoring them left row by left row does,
// with any number of workers and chunks and with the guard skipping the
// largest block; each pass scores the pairs it meets first, counted by
// brute force.
func TestBlockOrderSameResult(t *testing.T) {
	p := blockPlan(t)
	left, right := unevenPeople(t, 240)
	first := firstPassPairs(p, left, right)
	for q, n := range first {
		if n == 0 {
			t.Fatalf("pass %d meets no pair first; the test needs every pass to", q)
		}
	}
	// Every pass of the run is scored by block.
	withLayout(0, true, func() {
		cfg := testConfig()
		e, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.newRun(context.Background(), p, &Part{Left: left, Right: right, Pass: -1}, true)
		if err != nil {
			t.Fatal(err)
		}
		for q := range r.passes {
			v, err := r.viewOf(context.Background(), q, 2)
			if err != nil {
				t.Fatal(err)
			}
			if v.blocks == nil {
				t.Fatalf("pass %d is not scored by block", q)
			}
			if len(v.blocks.cuts) < 3 {
				t.Errorf("pass %d is cut into %d chunks of the pairs of %d of %d left rows, want several",
					q, len(v.blocks.cuts)-1, cfg.ChunkRows, left.Len)
			}
			if r.passes[q].blocks != nil {
				t.Errorf("pass %d still holds its left blocks once its view has them", q)
			}
		}
	})
	configs := []Config{
		{Workers: 1, ChunkRows: 1},
		{Workers: 8, ChunkRows: 3},
		{Workers: 8, ChunkRows: 1000},
		{Workers: 1, ChunkRows: 7, MaxBlockPairs: 3000},
		{Workers: 8, ChunkRows: 2, MaxBlockPairs: 3000},
	}
	for _, cfg := range configs {
		t.Run(fmt.Sprintf("%+v", cfg), func(t *testing.T) {
			var byRow, byBlk, unlisted *Result
			withLayout(0, false, func() { byRow = mustRun(t, cfg, p, left, right) })
			withLayout(0, true, func() { byBlk = mustRun(t, cfg, p, left, right) })
			withLayout(1<<62, false, func() { unlisted = mustRun(t, cfg, p, left, right) })
			if len(byBlk.Matches) < 50 {
				t.Fatalf("%d matches; the test needs more", len(byBlk.Matches))
			}
			if !reflect.DeepEqual(byBlk, byRow) {
				t.Errorf("by block: %d matches, %+v; by row: %d matches, %+v", len(byBlk.Matches), byBlk.Passes, len(byRow.Matches), byRow.Passes)
			}
			if !reflect.DeepEqual(byBlk, unlisted) {
				t.Errorf("by block: %d matches; unlisted: %d", len(byBlk.Matches), len(unlisted.Matches))
			}
			if cfg.MaxBlockPairs > 0 {
				// LS1 1AA holds about 80 x 107 pairs; the next largest
				// blocks, about 30 x 40.
				for q, ps := range byBlk.Passes {
					want := 0
					if q == 0 {
						want = 1
					}
					if ps.SkippedBlocks != want {
						t.Errorf("the guard skipped %d blocks of pass %s, want %d", ps.SkippedBlocks, ps.Name, want)
					}
				}
				return
			}
			var sum int64
			for q, ps := range byBlk.Passes {
				if ps.Pairs != first[q] {
					t.Errorf("pass %s scored %d pairs, want %d", ps.Name, ps.Pairs, first[q])
				}
				sum += first[q]
			}
			if byBlk.Compared != sum {
				t.Errorf("compared %d pairs, want %d", byBlk.Compared, sum)
			}
		})
	}
}

// TestBlockOrderProgress: scored by block, progress counts every left row
// of every pass, the rows in no block among them, and reaches the total.
func TestBlockOrderProgress(t *testing.T) {
	p := blockPlan(t)
	left, right := unevenPeople(t, 90)
	withLayout(0, true, func() {
		e, err := New(Config{Workers: 3, ChunkRows: 4})
		if err != nil {
			t.Fatal(err)
		}
		var last, total int64
		calls := 0
		_, err = e.RunWith(context.Background(), p, left, right, RunOptions{Progress: func(done, n int64) {
			if done < last {
				t.Errorf("progress went back from %d to %d", last, done)
			}
			last, total = done, n
			calls++
		}})
		if err != nil {
			t.Fatal(err)
		}
		if calls < 3 || last != int64(left.Len) || total != int64(left.Len) {
			t.Errorf("%d calls, last %d of %d, want several, ending at %d of %d", calls, last, total, left.Len, left.Len)
		}
	})
}

// TestBlockOrderPartitioned: a run split into partitions scores each
// part's pass by block and gives what an in-memory run scoring row by row
// does.
func TestBlockOrderPartitioned(t *testing.T) {
	f := newPartitionedFixture(t, 200)
	p := builtinPlan(t)
	var want *Result
	withLayout(0, false, func() { want = mustRun(t, testConfig(), p, f.left, f.right) })
	if len(want.Matches) < 50 {
		t.Fatalf("%d matches in memory; the test needs more", len(want.Matches))
	}
	withLayout(0, true, func() {
		e, err := New(Config{Workers: 8, ChunkRows: 2})
		if err != nil {
			t.Fatal(err)
		}
		out, err := e.RunPartitioned(context.Background(), p, f.leftIn, f.rightIn, PartitionConfig{Dir: t.TempDir(), Partitions: 3, BatchRows: 16, RunBatchRows: 9, MaxOpenRuns: 4})
		if err != nil {
			t.Fatal(err)
		}
		defer out.Close()
		got, _ := drain(t, out, 13)
		if len(got) != len(want.Matches) {
			t.Fatalf("%d matches partitioned, want %d", len(got), len(want.Matches))
		}
		for i, m := range got {
			if !sameMatch(m, want.Matches[i]) {
				t.Fatalf("match %d: %+v, want %+v", i, m, want.Matches[i])
			}
		}
		res, wantRes := *out.Result, *want
		wantRes.Matches = nil
		if !reflect.DeepEqual(res, wantRes) {
			t.Errorf("counters\n%+v\nwant\n%+v", res, wantRes)
		}
	})
}
