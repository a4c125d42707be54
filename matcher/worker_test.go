package matcher

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/rules"
)

// generated builds n pensioners and n deaths with a fixed pattern: person i
// died with the same NI number when i%3 == 0, with another NI number when
// i%3 == 1, and someone else died when i%3 == 2; even pensions were paid
// after the death. Postcodes and initials repeat, so blocks hold many rows.
func generated(t testing.TB, n int) (*Table, *Table) {
	t.Helper()
	fore := []string{"John", "Mary", "Peter", "Susan", "David", "Helen", "Bob", "Margaret"}
	sur := []string{"Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Thomas", "Roberts",
		"Walker", "Wright", "Thompson", "White", "Hughes"}
	freq := []string{"M", "W", "4W"}
	var ps, ds []row
	for i := 0; i < n; i++ {
		p := row{"record_id": fmt.Sprintf("P%03d", i), "forenames": fore[i%8], "surname": sur[i%13],
			"date_of_birth": fmt.Sprintf("%02d%02d%04d", i%28+1, i%12+1, 1930+i%30),
			"ni_number":     fmt.Sprintf("AB%06dC", i), "address_1": fmt.Sprintf("%d High Street", i%50+1),
			"postcode": fmt.Sprintf("LS%d %dAA", i%9+1, i%7+1), "date_last_paid": "01012025",
			"pension_amount": fmt.Sprint(1000 + i), "payment_frequency": freq[i%3]}
		if i%2 == 0 {
			p["date_last_paid"] = "28052025"
		}
		d := p.with("record_id", fmt.Sprintf("D%03d", i), "date_of_death", "10032025")
		for _, f := range []string{"date_last_paid", "pension_amount", "payment_frequency"} {
			delete(d, f)
		}
		switch i % 3 {
		case 1:
			d["ni_number"] = fmt.Sprintf("CE%06dA", i)
		case 2:
			d["forenames"], d["ni_number"] = fore[(i+3)%8], ""
			d["date_of_birth"] = fmt.Sprintf("%02d%02d%04d", i%28+1, i%12+1, 1901+i%30)
		}
		ps, ds = append(ps, p), append(ds, d)
	}
	return pensions(t, ps...), deceased(t, ds...)
}

func TestRunSameResultAnyWorkers(t *testing.T) {
	p := builtinPlan(t)
	left, right := generated(t, 200)
	cases := []struct {
		name string
		a, b Config
	}{
		{"one by one against eight in threes", Config{Workers: 1, ChunkRows: 1}, Config{Workers: 8, ChunkRows: 3}},
		{"one chunk against many", Config{Workers: 3, ChunkRows: 1000}, Config{Workers: 8, ChunkRows: 7}},
		{"with the guard", Config{Workers: 1, ChunkRows: 1, MaxBlockPairs: 4}, Config{Workers: 8, ChunkRows: 3, MaxBlockPairs: 4}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, b := mustRun(t, tc.a, p, left, right), mustRun(t, tc.b, p, left, right)
			if !reflect.DeepEqual(a.Matches, b.Matches) {
				t.Errorf("matches differ: %d with %+v, %d with %+v", len(a.Matches), tc.a, len(b.Matches), tc.b)
			}
			a.Matches, b.Matches = nil, nil
			if !reflect.DeepEqual(a, b) {
				t.Errorf("counts differ:\n%+v\n%+v", a, b)
			}
		})
	}
	res := mustRun(t, Config{Workers: 4, ChunkRows: 5}, p, left, right)
	// Every i%6 == 0 is the same person paid after death (34 of them) and
	// every i%6 == 4 the same person with another NI number (33).
	if len(res.Matches) < 67 || res.ConditionFailed < 66 {
		t.Errorf("got %d matches and %d failed conditions, want at least 67 and 66", len(res.Matches), res.ConditionFailed)
	}
	var pairs int64
	for _, ps := range res.Passes {
		pairs += ps.Pairs
	}
	if pairs != res.Compared+res.ScopeExcluded {
		t.Errorf("pass pairs sum to %d, want Compared+ScopeExcluded = %d", pairs, res.Compared+res.ScopeExcluded)
	}
}

// guardPlan blocks on postcode, then on NI number.
func guardPlan(t *testing.T) *Plan {
	return planYAML(t, `version: 1
id: guard
left: pensions
right: deceased
blocking:
  - {name: postcode, keys: [postcode]}
  - {name: nino, keys: [nino(ni_number)]}
comparisons:
  - {id: postcode, kind: postcode, fields: [postcode], levels: [{level: full, weight: 1}, {level: else, weight: 0}]}
bands: {high: 1, medium: 1, low: 0}
`)
}

func TestOversizedBlockGuard(t *testing.T) {
	// A block of 5 x 4 = 20 pairs in LS1 1AA, one of 1 x 1 in LS2 2BB, and
	// one pair of the big block that also shares an NI number.
	var ls, ds []row
	for i := 0; i < 5; i++ {
		ls = append(ls, row{"postcode": "LS1 1AA"})
	}
	for i := 0; i < 4; i++ {
		ds = append(ds, row{"postcode": "LS1 1AA"})
	}
	ls[0]["ni_number"], ds[3]["ni_number"] = "AB123456C", "AB123456D"
	ls, ds = append(ls, row{"postcode": "LS2 2BB"}), append(ds, row{"postcode": "LS2 2BB"})
	left, right := pensions(t, ls...), deceased(t, ds...)
	cases := []struct {
		guard                     int64
		skippedBlocks             int
		skippedPairs, compared    int64
		blocks                    int
		largest, pairs, ninoPairs int64
	}{
		{guard: 0, blocks: 2, largest: 20, pairs: 21, compared: 21},
		{guard: 20, blocks: 2, largest: 20, pairs: 21, compared: 21},
		{guard: 19, skippedBlocks: 1, skippedPairs: 20, blocks: 1, largest: 1, pairs: 1, ninoPairs: 1, compared: 2},
		{guard: 1, skippedBlocks: 1, skippedPairs: 20, blocks: 1, largest: 1, pairs: 1, ninoPairs: 1, compared: 2},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("guard %d", tc.guard), func(t *testing.T) {
			res := mustRun(t, Config{Workers: 2, ChunkRows: 2, MaxBlockPairs: tc.guard}, guardPlan(t), left, right)
			ps := res.Passes[0]
			if ps.SkippedBlocks != tc.skippedBlocks || ps.SkippedPairs != tc.skippedPairs {
				t.Errorf("skipped %d blocks of %d pairs, want %d of %d", ps.SkippedBlocks, ps.SkippedPairs, tc.skippedBlocks, tc.skippedPairs)
			}
			if ps.Blocks != tc.blocks || ps.LargestBlock != tc.largest || ps.Pairs != tc.pairs {
				t.Errorf("blocks %d largest %d pairs %d, want %d, %d, %d", ps.Blocks, ps.LargestBlock, ps.Pairs, tc.blocks, tc.largest, tc.pairs)
			}
			if got := res.Passes[1].Pairs; got != tc.ninoPairs {
				t.Errorf("NI pass pairs = %d, want %d", got, tc.ninoPairs)
			}
			if res.Compared != tc.compared || int64(len(res.Matches)) != tc.compared {
				t.Errorf("compared %d, matches %d, want %d of each", res.Compared, len(res.Matches), tc.compared)
			}
		})
	}
}

// dedupePlan searches within pensions; with link set it links pensions to
// pensions instead.
func dedupePlan(t *testing.T, scope string, link ...bool) *Plan {
	right := ""
	if len(link) > 0 && link[0] {
		right = "right: pensions\n"
	}
	return planYAML(t, `version: 1
id: pension-dupes
left: pensions
`+right+`scope: `+scope+`
blocking:
  - {name: surname, keys: [surname]}
comparisons:
  - {id: forenames, kind: name, fields: [forenames], levels: [{level: exact, weight: 1}, {level: else, weight: 0}]}
bands: {high: 1, medium: 1, low: 0}
`)
}

func TestRunDedupe(t *testing.T) {
	rows := []row{{"surname": "Smith"}, {"surname": "Smith"}, {"surname": "Smith"}, {"surname": "Smith"}, {"surname": "Jones"}}
	self := pensions(t, rows...)
	cases := []struct {
		name      string
		right     *Table
		compared  int64
		selfPairs int
		largest   int64
		blocks    int
	}{
		// The 4 Smiths make 6 unordered pairs, the block's size; Jones
		// alone makes no block.
		{"one table", self, 6, 0, 6, 1},
		// Two tables: every ordered pair, each record with its copy too.
		{"a copy", pensions(t, rows...), 17, 5, 16, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Searching one table compares each pair once; linking it
			// to a copy compares every ordered pair.
			res := mustRun(t, testConfig(), dedupePlan(t, "any", tc.right != self), self, tc.right)
			if res.Compared != tc.compared || res.Passes[0].Pairs != tc.compared || int64(len(res.Matches)) != tc.compared {
				t.Errorf("compared %d, pairs %d, matches %d, want %d", res.Compared, res.Passes[0].Pairs, len(res.Matches), tc.compared)
			}
			if ps := res.Passes[0]; ps.LargestBlock != tc.largest || ps.Blocks != tc.blocks {
				t.Errorf("largest block %d, blocks %d, want %d, %d", ps.LargestBlock, ps.Blocks, tc.largest, tc.blocks)
			}
			seen, selfPairs := map[[2]int]bool{}, 0
			for _, m := range res.Matches {
				if m.Left == m.Right {
					selfPairs++
				}
				if tc.right == self && m.Left >= m.Right {
					t.Errorf("pair (%d, %d): want each unordered pair once, lower row on the left", m.Left, m.Right)
				}
				if seen[[2]int{m.Left, m.Right}] {
					t.Errorf("pair (%d, %d) reported twice", m.Left, m.Right)
				}
				seen[[2]int{m.Left, m.Right}] = true
			}
			if selfPairs != tc.selfPairs {
				t.Errorf("%d records compared with themselves, want %d", selfPairs, tc.selfPairs)
			}
		})
	}
}

// twoBodies is one pensions table of two councils' records: a's from
// Council A, then b's from Council B.
func twoBodies(t *testing.T, a, b []row) *Table {
	ctx := context.Background()
	var readers []*extract.Reader
	for _, body := range []struct {
		name string
		rows []row
	}{{"Council A", a}, {"Council B", b}} {
		rd, err := extract.NewDelimitedReader(ctx, strings.NewReader(csvText(extract.Pensions, body.rows)), body.name+".csv",
			extract.Pensions, body.name, extract.DefaultDelimitedConfig(), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer rd.Release()
		readers = append(readers, rd)
	}
	tbl, err := NewTable(ctx, extract.Pensions, readers[0], readers[1])
	if err != nil {
		t.Fatal(err)
	}
	return tbl
}

func TestRunScope(t *testing.T) {
	tbl := twoBodies(t, []row{{"surname": "Smith"}, {"surname": "Smith"}}, []row{{"surname": "Smith"}})
	cases := []struct {
		scope              string
		compared, excluded int64
	}{
		{"any", 3, 0},
		{"across_bodies", 2, 1}, // A1-B1, A2-B1; not A1-A2
		{"within_body", 1, 2},   // A1-A2 only
	}
	for _, tc := range cases {
		t.Run(tc.scope, func(t *testing.T) {
			res := mustRun(t, testConfig(), dedupePlan(t, tc.scope), tbl, tbl)
			if res.Compared != tc.compared || res.ScopeExcluded != tc.excluded || res.Passes[0].Pairs != 3 {
				t.Errorf("compared %d, excluded %d, pairs %d, want %d, %d, 3", res.Compared, res.ScopeExcluded, res.Passes[0].Pairs, tc.compared, tc.excluded)
			}
			for _, m := range res.Matches {
				same := tbl.Text(0, m.Left) == tbl.Text(0, m.Right)
				if (tc.scope == "across_bodies" && same) || (tc.scope == "within_body" && !same) {
					t.Errorf("pair (%d, %d) breaks scope %s", m.Left, m.Right, tc.scope)
				}
			}
		})
	}
}

// TestRandomUScope: the random pairs that u is counted on keep to the
// rule's scope. Council A's two records share a forename and Council B's
// has another, so the forenames always agree within a body and never
// across.
func TestRandomUScope(t *testing.T) {
	tbl := twoBodies(t, []row{{"surname": "Smith", "forenames": "Ann"}, {"surname": "Smith", "forenames": "Ann"}},
		[]row{{"surname": "Smith", "forenames": "Bob"}})
	for _, tc := range []struct {
		scope string
		exact float64 // u of the exact level, which is kept off 0 and 1
	}{{"within_body", 1}, {"across_bodies", 0}} {
		u, _, drawn, _, err := randomU(context.Background(), dedupePlan(t, tc.scope), tbl, tbl, TrainConfig{Pairs: 200, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if drawn != 200 || math.Abs(u[0][0]-tc.exact) > 1e-9 {
			t.Errorf("%s: %d pairs drawn, u(exact) %v; want 200, %v", tc.scope, drawn, u[0][0], tc.exact)
		}
	}
}

// TestDedupeMatchIDOrder: a match id survives re-orderings (see Match.ID),
// so searching one table for duplicates gives the pair of A and B the same
// id whichever of them comes first in the file.
func TestDedupeMatchIDOrder(t *testing.T) {
	a, b := row{"record_id": "A", "surname": "Smith"}, row{"record_id": "B", "surname": "Smith"}
	ab, ba := pensions(t, a, b), pensions(t, b, a)
	r1 := mustRun(t, testConfig(), dedupePlan(t, "any"), ab, ab)
	r2 := mustRun(t, testConfig(), dedupePlan(t, "any"), ba, ba)
	if len(r1.Matches) != 1 || len(r2.Matches) != 1 {
		t.Fatalf("got %d and %d matches, want 1 each", len(r1.Matches), len(r2.Matches))
	}
	if id1, id2 := r1.Matches[0].ID, r2.Matches[0].ID; id1 != id2 {
		t.Errorf("match id of A and B = %s, of B and A = %s, want the same", id1, id2)
	}
}

// TestListedViewSameResult: scoring a pass row by row from right rows'
// features laid out in the order of its row list finds what scoring from
// the tables' order does, and what scoring block by block does.
func TestListedViewSameResult(t *testing.T) {
	p := builtinPlan(t)
	left, right := generated(t, 300)
	run := func(min int64, block bool) *Result {
		var res *Result
		withLayout(min, block, func() { res = mustRun(t, Config{Workers: 3, ChunkRows: 7}, p, left, right) })
		return res
	}
	listed, unlisted := run(0, false), run(1<<62, false)
	if blocks := run(1<<62, true); !reflect.DeepEqual(blocks, unlisted) {
		t.Errorf("results differ: %d matches by block, %d unlisted", len(blocks.Matches), len(unlisted.Matches))
	}
	if len(listed.Matches) == 0 {
		t.Fatal("no matches")
	}
	if !reflect.DeepEqual(listed, unlisted) {
		t.Errorf("results differ: %d matches listed, %d not", len(listed.Matches), len(unlisted.Matches))
	}
}

// TestScoreOrderAlways: with the people benchmark's weights and a floor
// of 12, the identifier (weights 10 to -6) and the date (7 to -5) run
// for every pair: after both disagree a pair holds -11 with at most 17
// to come, short of the floor, so the names, the street and the postcode
// may be spared; the order is by spread of weights, widest first.
func TestScoreOrderAlways(t *testing.T) {
	cmp := func(id string, weights ...float64) *Comparison {
		c := &Comparison{ID: id, missing: outcomeMissing, elseAt: outcomeNone}
		for _, w := range weights {
			c.Levels = append(c.Levels, rules.Level{Level: "x", Weight: w})
		}
		return c
	}
	plan := &Plan{Rule: &rules.Compiled{Rule: &rules.Rule{Bands: rules.Bands{Low: 12}}},
		Comparisons: []*Comparison{cmp("given", 5, 3, 0, -4), cmp("family", 6, 4, 0, -5), cmp("dob", 7, 2, 0, -5),
			cmp("identifier", 10, 4, 0, -6), cmp("street", 3, 1, 0, -1), cmp("postcode", 3, 0, -1)}}
	r := &run{plan: plan, scorers: make([]scorer, 6), tfLevel: []int{-1, -1, -1, -1, -1, -1}}
	order, rest, always := scoreOrder(r)
	if want := []int{3, 2, 1, 0, 4, 5}; !reflect.DeepEqual(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
	if want := []float64{24, 17, 11, 6, 3, 0}; !reflect.DeepEqual(rest, want) {
		t.Errorf("rest %v, want %v", rest, want)
	}
	if want := []bool{false, false, true, true, false, false}; !reflect.DeepEqual(always, want) {
		t.Errorf("always %v, want %v", always, want)
	}
}
