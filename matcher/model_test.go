package matcher

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/rules"
)

// tfRule blocks on date of birth and compares surname (with the given
// exact level) and date of birth.
func tfRule(exact string) string {
	return `version: 1
id: tf-test
left: pensions
right: deceased
blocking:
  - name: dob
    keys: [date_of_birth]
comparisons:
  - id: surname
    kind: name
    fields: [surname]
    levels:
      - ` + exact + `
      - {level: else, weight: -4}
  - id: date_of_birth
    kind: date
    fields: [date_of_birth]
    levels:
      - {level: exact, weight: 5}
bands: {high: 20, medium: 10, low: 1}
`
}

// surnames returns one record per surname, the first born on the given
// dates and the rest in March of year (so that, given another year on the
// other side, they block with nobody).
func surnames(names []string, year int, firstDOBs ...string) []row {
	var out []row
	for i, n := range names {
		dob := fmt.Sprintf("%02d03%d", i%28+1, year)
		if i < len(firstDOBs) {
			dob = firstDOBs[i]
		}
		out = append(out, row{"record_id": fmt.Sprintf("R%d", i), "surname": n, "date_of_birth": dob})
	}
	return out
}

// commonAndRare is a QUAYLE and a SMITH on each side born on the same
// dates, among eight more SMITHs per side.
func commonAndRare(t *testing.T) (left, right *Table) {
	names := append([]string{"Quayle", "Smith"}, strings.Split(strings.Repeat("Smith ", 8), " ")[:8]...)
	left = pensions(t, surnames(names, 1960, "01011950", "02021950")...)
	right = deceased(t, surnames(names, 1961, "01011950", "02021950")...)
	return left, right
}

// matchOf returns the match whose left record has surname.
func matchOf(t *testing.T, res *Result, left *Table, surname string) Match {
	t.Helper()
	col := left.Col("surname")
	for _, m := range res.Matches {
		if left.Text(col, m.Left) == surname {
			return m
		}
	}
	t.Fatalf("no match for %s among %d", surname, len(res.Matches))
	return Match{}
}

func TestTermFrequencies(t *testing.T) {
	left, right := commonAndRare(t)
	// 20 surnames: SMITH 18 times, QUAYLE twice (floored to TFMinCount).
	uQuayle, uSmith := float64(TFMinCount)/20, 18.0/20
	uAvg := 0.9*0.9 + 0.1*0.1
	tests := []struct {
		name                string
		exact               string
		wantRare, wantCommo float64
	}{
		{"hand weight", "{level: exact, weight: 4, tf: true}", 4 + math.Log2(uAvg/uQuayle), 4 + math.Log2(uAvg/uSmith)},
		{"m and u", "{level: exact, m: 0.9, u: 0.01, tf: true}", math.Log2(0.9 / uQuayle), math.Log2(0.9 / uSmith)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := planYAML(t, tfRule(tt.exact))
			res := mustRun(t, testConfig(), p, left, right)
			rare, common := matchOf(t, res, left, "QUAYLE"), matchOf(t, res, left, "SMITH")
			if !(rare.Score > common.Score) {
				t.Errorf("QUAYLE scores %g, SMITH %g: want the rare surname higher", rare.Score, common.Score)
			}
			if math.Abs(rare.Weights[0]-tt.wantRare) > 1e-9 || math.Abs(common.Weights[0]-tt.wantCommo) > 1e-9 {
				t.Errorf("surname weights QUAYLE %g, SMITH %g, want %g, %g", rare.Weights[0], common.Weights[0], tt.wantRare, tt.wantCommo)
			}
			for _, m := range []Match{rare, common} {
				if m.Weights[1] != 5 || math.Abs(m.Weights[0]+m.Weights[1]-m.Score) > 1e-12 {
					t.Errorf("weights %v do not add up to score %g", m.Weights, m.Score)
				}
			}
		})
	}

	t.Run("terms given", func(t *testing.T) {
		// Frequencies counted over other data, where QUAYLE is common,
		// replace the tables' own: a partitioned run passes the whole run's.
		p := planYAML(t, tfRule("{level: exact, weight: 4, tf: true}"))
		many := pensions(t, surnames(strings.Split(strings.Repeat("Quayle ", 30), " ")[:30], 1962)...)
		terms := CountTerms(p, rules.Left, many)
		terms.Merge(CountTerms(p, rules.Left, left))
		terms.Merge(CountTerms(p, rules.Right, right))
		e, _ := New(testConfig())
		res, err := e.RunWith(context.Background(), p, left, right, RunOptions{Terms: terms})
		if err != nil {
			t.Fatal(err)
		}
		rare, common := matchOf(t, res, left, "QUAYLE"), matchOf(t, res, left, "SMITH")
		if !(rare.Score < common.Score) {
			t.Errorf("with QUAYLE 32 times in 50, QUAYLE scores %g, SMITH %g: want QUAYLE lower", rare.Score, common.Score)
		}
	})
}

// TestTermValueAgreesWithScorer: the value a name's tf counts is the one
// the scorer tests for exact agreement, for a name field and for free
// text.
func TestTermValueAgreesWithScorer(t *testing.T) {
	ds, err := extract.Lookup("creditors_standing")
	if err != nil {
		t.Fatal(err)
	}
	tbl := readTable(t, ds, "Test Council", csvText(ds, []row{{"creditor_name": "  acme   Supplies ltd", "record_id": "C1"}}), extract.DefaultDelimitedConfig())
	for _, field := range []string{"creditor_name", "record_id"} {
		col := tbl.Col(field)
		d := newNameDict()
		if got, want := termValue("name", tbl, col, 0), d.fulls[nameIDs(tbl, col, d)[0]]; got != want {
			t.Errorf("termValue(name, %s) = %q, the scorer's name = %q", field, got, want)
		}
	}
	p := pensions(t, row{"ni_number": "AB123456C"})
	if got := termValue("nino", p, p.Col("ni_number"), 0); got != "AB123456" {
		t.Errorf("termValue(nino) = %q, want the suffix dropped", got)
	}
}

func oneToOneRule(on bool) string {
	return fmt.Sprintf(`version: 1
id: one-test
left: pensions
right: deceased
one_to_one: %v
blocking:
  - name: surname
    keys: [surname]
comparisons:
  - id: forenames
    kind: name
    fields: [forenames]
    levels: [{level: exact, weight: 3}, {level: else, weight: 0}]
  - id: date_of_birth
    kind: date
    fields: [date_of_birth]
    levels: [{level: exact, weight: 5}, {level: else, weight: -2}]
bands: {high: 20, medium: 10, low: 1}
`, on)
}

func TestOneToOne(t *testing.T) {
	left := pensions(t,
		row{"record_id": "L1", "forenames": "John", "surname": "Smith", "date_of_birth": "01011950"},
		row{"record_id": "L2", "forenames": "Jon", "surname": "Smith", "date_of_birth": "01011950"})
	right := deceased(t,
		row{"record_id": "R1", "forenames": "John", "surname": "Smith", "date_of_birth": "01011950"},
		row{"record_id": "R2", "forenames": "Jon", "surname": "Smith", "date_of_birth": "05051950"})
	pairs := func(res *Result) []string {
		var out []string
		for _, m := range res.Matches {
			out = append(out, fmt.Sprintf("L%d-R%d %g", m.Left+1, m.Right+1, m.Score))
		}
		return out
	}
	all := mustRun(t, testConfig(), planYAML(t, oneToOneRule(false)), left, right)
	if got, want := pairs(all), []string{"L1-R1 8", "L2-R1 5", "L2-R2 1"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("without one_to_one: %v, want %v", got, want)
	}
	// L2-R1 loses R1 to the better L1-R1; L2 then keeps its own best.
	p := planYAML(t, oneToOneRule(true))
	var first *Result
	for _, workers := range []int{1, 4} {
		res := mustRun(t, Config{Workers: workers, ChunkRows: 1}, p, left, right)
		if got, want := pairs(res), []string{"L1-R1 8", "L2-R2 1"}; !reflect.DeepEqual(got, want) {
			t.Errorf("workers %d: one_to_one kept %v, want %v", workers, got, want)
		}
		if res.OneToOneDropped != 1 {
			t.Errorf("workers %d: OneToOneDropped = %d, want 1", workers, res.OneToOneDropped)
		}
		if first != nil && !reflect.DeepEqual(first.Matches, res.Matches) {
			t.Errorf("workers %d: matches differ from workers 1", workers)
		}
		first = res
	}
}

func TestOneToOneTies(t *testing.T) {
	// Equal scores come sorted by ID: the first ID takes the record.
	in := []Match{{ID: "a", Left: 0, Right: 0, Score: 5}, {ID: "b", Left: 1, Right: 0, Score: 5}, {ID: "c", Left: 0, Right: 1, Score: 5}, {ID: "d", Left: 1, Right: 1, Score: 5}}
	kept, dropped := OneToOne(in, func(m *Match) (int64, int64) { return int64(m.Left), int64(m.Right) })
	var ids []string
	for _, m := range kept {
		ids = append(ids, m.ID)
	}
	if strings.Join(ids, ",") != "a,d" || dropped != 2 {
		t.Errorf("OneToOne kept %v, dropped %d; want a,d and 2", ids, dropped)
	}
	if in[1].ID != "b" {
		t.Error("OneToOne changed its input")
	}
}

func TestMatchProbability(t *testing.T) {
	withModel := strings.Replace(tfRule("{level: exact, m: 0.9, u: 0.01}"), "blocking:", "model: {prior: 0.01}\nblocking:", 1)
	left, right := commonAndRare(t)
	for _, tt := range []struct {
		name  string
		rule  string
		model bool
	}{{"model", withModel, true}, {"hand weights", tfRule("{level: exact, weight: 4}"), false}} {
		t.Run(tt.name, func(t *testing.T) {
			res := mustRun(t, testConfig(), planYAML(t, tt.rule), left, right)
			if len(res.Matches) != 2 {
				t.Fatalf("%d matches, want 2", len(res.Matches))
			}
			for _, m := range res.Matches {
				if m.HasProbability != tt.model {
					t.Fatalf("HasProbability = %v, want %v", m.HasProbability, tt.model)
				}
				if !tt.model {
					continue
				}
				// log2(0.9/0.01) + 5 bits against prior odds of 1 to 99.
				want := 1 / (1 + math.Exp2(-(math.Log2(90) + 5 + math.Log2(0.01/0.99))))
				if math.Abs(m.Probability-want) > 1e-12 {
					t.Errorf("Probability = %g, want %g", m.Probability, want)
				}
			}
		})
	}
}

// A hand-weighted tf level gives every run the same weights to the bit:
// u_avg once depended on the order of a map.
func TestTFWeightsAreDeterministic(t *testing.T) {
	p := planYAML(t, tfRule("{level: exact, weight: 4, tf: true}"))
	var names []string
	for i := 0; i < 3000; i++ {
		n := fmt.Sprintf("N%c%c%c", 'A'+i%26, 'A'+(i/26)%26, 'A'+(i/676)%26)
		for k := 0; k <= i%7; k++ {
			names = append(names, n)
		}
	}
	left := pensions(t, surnames(names, 1960)...)
	terms := CountTerms(p, rules.Left, left)
	seen := map[uint64]int{}
	for k := 0; k < 20; k++ {
		w := terms.tfWeights(p, 0, rules.Left, left)
		seen[math.Float64bits(w[0])]++
	}
	if len(seen) != 1 {
		t.Errorf("one row's tf weight took %d different values over 20 counts of the same data: %v", len(seen), seen)
	}
}

// TestTermsOutliveTheirTable: the values counted are copies, not the
// table's cells, which are cut from one copy of each batch's column: a
// partitioned run keeps the counts of every batch, and a cell kept would
// keep its batch's whole column alive.
func TestTermsOutliveTheirTable(t *testing.T) {
	p := planYAML(t, tfRule("{level: exact, weight: 4, tf: true}"))
	left := pensions(t, surnames([]string{"Quayle", "Quayle", "Pettigrew", "Ambrose"}, 1962)...)
	cells := map[*byte]bool{}
	for _, c := range left.Cols {
		for r := range c.Str.Len() {
			if s := c.Str.At(r); s != "" {
				cells[unsafe.StringData(s)] = true
			}
		}
	}
	terms := CountTerms(p, rules.Left, left)
	counted := 0
	for _, m := range terms.counts {
		for v := range m {
			counted++
			if cells[unsafe.StringData(v)] {
				t.Errorf("counted value %q is a cell of the table, not a copy", v)
			}
		}
	}
	if counted != 3 {
		t.Fatalf("%d values counted, want the 3 surnames", counted)
	}
}
