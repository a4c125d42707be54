package matcher

import (
	"strings"
	"testing"

	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/rules"
)

// contractKind is one comparator kind with every level it understands and
// a set of sample values, the last of them blank.
type contractKind struct {
	kind    string
	fields  []string
	swap    string
	levels  []rules.Level
	samples []row
}

func contractKinds() []contractKind {
	levels := func(names ...string) []rules.Level {
		var out []rules.Level
		for _, n := range names {
			out = append(out, lv(n))
		}
		return out
	}
	one := func(field string, values ...string) []row {
		var out []row
		for _, v := range values {
			out = append(out, row{field: v})
		}
		return append(out, row{})
	}
	return []contractKind{
		{kind: "name", fields: []string{"forenames"}, swap: "surname",
			levels: levels("exact", "first", "nickname", "swapped", "jaro_winkler", "metaphone", "token", "initial"),
			samples: []row{
				{"forenames": "John", "surname": "Smith"}, {"forenames": "Smith", "surname": "John"},
				{"forenames": "Jon", "surname": "Smyth"}, {"forenames": "J", "surname": "Smith"},
				{"forenames": "Bob", "surname": "Jones"}, {"forenames": "Robert James", "surname": "Jones"},
				{"forenames": "Mary Ann", "surname": "Smith-Jones"}, {"forenames": "Ann Mary", "surname": "Jones"},
				{"forenames": "Mary", "surname": "Brown"}, {"forenames": "Catherine", "surname": "Ng"},
				{"forenames": "Kathryn", "surname": "O'Neil"}, {"forenames": "Thomson", "surname": "Tomson"},
				{"forenames": "Martha", "surname": "Ng"}, {"forenames": "Marhta", "surname": "Ng"},
				{"surname": "Smith"},
			}},
		{kind: "date", fields: []string{"date_of_birth"},
			levels:  levels("exact", "swapped", "one_digit", "within_days", "year"),
			samples: one("date_of_birth", "03041950", "04031950", "05051950", "03041951", "13041950", "01011950", "04011950", "31121949")},
		{kind: "nino", fields: []string{"ni_number"}, levels: levels("exact", "one_char"),
			samples: one("ni_number", "AB123456C", "AB123456D", "AB123457C", "AB124356C", "BA123456", "CE987654A")},
		{kind: "postcode", fields: []string{"postcode"}, levels: levels("full", "sector", "district", "area"),
			samples: one("postcode", "LS1 1AA", "LS1 1AB", "LS1 2AA", "LS11 1AA", "L1 1AA", "SW1A 1AA")},
		{kind: "address", fields: []string{"address_1", "address_2"}, levels: levels("exact", "number_and_street", "tokens"),
			samples: []row{
				{"address_1": "12 High Street"}, {"address_1": "12 High", "address_2": "Street"},
				{"address_1": "14 High Street"}, {"address_1": "12 High Street", "address_2": "Leeds"},
				{"address_1": "Flat 3", "address_2": "12 High Street"}, {"address_1": "12 Oak Road"},
				{"address_1": "High Street"}, {},
			}},
		{kind: "text", fields: []string{"title"}, levels: levels("exact", "jaro_winkler"),
			samples: one("title", "MR", "MRS", "Mister", "Professor", "Prof")},
	}
}

// TestComparatorContract runs every kind through the same contract: the
// level a pair gets does not depend on which table each record came from,
// and a missing value on either side gives the missing level, never a
// disagreement.
func TestComparatorContract(t *testing.T) {
	for _, k := range contractKinds() {
		t.Run(k.kind, func(t *testing.T) {
			levels := append(append([]rules.Level{}, k.levels...),
				rules.Level{Level: "missing", Weight: 0}, rules.Level{Level: "else", Weight: -5})
			p := comparisonPlan(t, rules.Comparison{ID: "c", Kind: k.kind, Fields: k.fields, SwapWith: k.swap, Levels: levels})
			c := p.Comparisons[0]
			// The same records on both sides: left row i holds what right row i holds.
			left, right := pensions(t, k.samples...), deceased(t, k.samples...)
			s := scorerFor(t, p, left, right)
			blank := len(k.samples) - 1
			seen := map[string]bool{}
			for i := range k.samples {
				for j := range k.samples {
					a, b := s.outcome(i, j), s.outcome(j, i)
					seen[c.LevelName(a)] = true
					if a != b {
						t.Errorf("outcome(%v, %v) = %s, outcome(%v, %v) = %s, want the same level",
							k.samples[i], k.samples[j], c.LevelName(a), k.samples[j], k.samples[i], c.LevelName(b))
					}
					if (i == blank || j == blank) && c.LevelName(a) != "missing" {
						t.Errorf("outcome(%v, %v) = %s, want missing", k.samples[i], k.samples[j], c.LevelName(a))
					}
				}
			}
			// The samples reach every level the kind has, so that the
			// symmetry above is checked for each of them.
			for _, l := range levels {
				if !seen[l.Level] {
					t.Errorf("no sample pair reaches level %s", l.Level)
				}
			}
		})
	}
}

// TestMissingWithoutMissingLevel: a comparison that lists no missing level
// still gives a missing value no weight, however heavy its else.
func TestMissingWithoutMissingLevel(t *testing.T) {
	for _, k := range contractKinds() {
		t.Run(k.kind, func(t *testing.T) {
			levels := append(append([]rules.Level{}, k.levels...), rules.Level{Level: "else", Weight: -5})
			p := comparisonPlan(t, rules.Comparison{ID: "c", Kind: k.kind, Fields: k.fields, SwapWith: k.swap, Levels: levels})
			c := p.Comparisons[0]
			s := scorerFor(t, p, pensions(t, k.samples[0], row{}), deceased(t, row{}, k.samples[0]))
			for _, ij := range [][2]int{{0, 0}, {1, 1}} {
				o := s.outcome(ij[0], ij[1])
				if c.LevelName(o) != "missing" || c.Weight(o) != 0 {
					t.Errorf("outcome(%v) = %s weight %g, want missing weight 0", ij, c.LevelName(o), c.Weight(o))
				}
			}
			if o := s.outcome(0, 1); c.LevelName(o) == "missing" {
				t.Errorf("outcome(%v, %v) = missing, want a level", k.samples[0], k.samples[0])
			}
		})
	}
}

// TestAddressSymmetricSameLength is a regression test: when both addresses
// had as many words, wordSimilarity used to measure the share of the first
// one's words found in the second, so with the shipped rule "12 High Street,
// Higham" against "12 Higham Street, Leeds" agreed on number and street one
// way round (1.0) and differed the other (0.667).
func TestAddressSymmetricSameLength(t *testing.T) {
	a := []string{"HIGH", "HIGHAM", "STREET"}
	b := []string{"HIGHAM", "LEEDS", "STREET"}
	// HIGH is a typo of HIGHAM (Jaro-Winkler 0.93), so every word of a is
	// in b; the better direction counts.
	if ab, ba := wordSim(a, b), wordSim(b, a); ab != 1 || ba != 1 {
		t.Errorf("wordSim(%v, %v) = %.3f, swapped = %.3f, want 1 both ways", a, b, ab, ba)
	}
	var c *Comparison
	for _, x := range builtinPlan(t).Comparisons {
		if x.Kind == "address" {
			c = x
		}
	}
	l := row{"address_1": "12 High Street", "address_2": "Higham"}
	r := row{"address_1": "12 Higham Street", "address_2": "Leeds"}
	s1, err1 := c.prepare(pensions(t, l), deceased(t, r), newFeatureCache())
	s2, err2 := c.prepare(pensions(t, r), deceased(t, l), newFeatureCache())
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if got := c.LevelName(s1.outcome(0, 0)); got != "number_and_street" {
		t.Errorf("outcome(%v, %v) = %s, want number_and_street", l, r, got)
	}
	if got := c.LevelName(s2.outcome(0, 0)); got != "number_and_street" {
		t.Errorf("outcome(%v, %v) = %s, want number_and_street", r, l, got)
	}
}

// wordSim is wordSimilarity on words given as text.
func wordSim(a, b []string) float64 {
	d := newWordDict()
	ids := func(words []string) []int32 {
		var out []int32
		for _, w := range words {
			out = append(out, d.id(w))
		}
		return out
	}
	return wordSimilarity(d, ids(a), ids(b))
}

// emptyTable builds an n-row table of ds directly, every value missing but
// the body, for fuzzing without a file.
func emptyTable(ds *extract.Dataset, n int) *Table {
	t := &Table{Dataset: ds, Cols: make([]Column, len(ds.Fields)+1), Len: n}
	bodies := make([]string, n)
	t.Cols[0] = Column{Kind: extract.KindID, Valid: make([]bool, n)}
	for r := 0; r < n; r++ {
		bodies[r], t.Cols[0].Valid[r] = "X", true
	}
	t.Cols[0].Str = StringsOf(bodies...)
	for i, f := range ds.Fields {
		t.Cols[i+1] = Column{Kind: f.Kind, Str: StringsOf(make([]string, n)...), Num: make([]int64, n), Valid: make([]bool, n)}
	}
	return t
}

// setStr sets field of rows 0, 1... to vals, missing where blank.
func setStr(t *Table, field string, vals ...string) {
	c := &t.Cols[t.Col(field)]
	all := cells(&c.Str)
	for r, v := range vals {
		all[r], c.Valid[r] = v, v != ""
	}
	c.Str = StringsOf(all...)
}

// twoRows is a two-row pensions table of the names a/as and b/bs in field
// and swap, normalised as the extractor would.
func twoRows(field, swap string, a, b, as, bs string) *Table {
	t := emptyTable(extract.Pensions, 2)
	setStr(t, field, extract.NormalizeName(a), extract.NormalizeName(b))
	setStr(t, swap, extract.NormalizeName(as), extract.NormalizeName(bs))
	return t
}

func FuzzNameOutcomeSymmetric(f *testing.F) {
	f.Add("John", "Smith", "Smith", "John")
	f.Add("Bob", "Robert", "Jones", "Jones")
	f.Add("J", "John", "", "Smith")
	f.Add("Thomson Ng", "Tomson", "A", "Smith Jones")
	f.Add("Élodie", "Elodie", "O'Brien", "Obrien")
	levels := []rules.Level{lv("exact"), lv("first"), lv("nickname"), lv("swapped"),
		{Level: "jaro_winkler", Min: 0.8, Weight: 1}, lv("metaphone"), lv("token"), lv("initial"), lv("else")}
	p := comparisonPlan(f, rules.Comparison{ID: "c", Kind: "name", Fields: []string{"forenames"}, SwapWith: "surname", Levels: levels})
	c := p.Comparisons[0]
	f.Fuzz(func(t *testing.T, a, b, as, bs string) {
		tbl := twoRows("forenames", "surname", a, b, as, bs)
		s, err := c.prepare(tbl, tbl, newFeatureCache())
		if err != nil {
			t.Fatal(err)
		}
		x, y := s.outcome(0, 1), s.outcome(1, 0)
		if x != y {
			t.Errorf("outcome(%q/%q, %q/%q) = %s, swapped = %s", a, as, b, bs, c.LevelName(x), c.LevelName(y))
		}
		col := tbl.Col("forenames")
		blank := tbl.Text(col, 0) == "" || tbl.Text(col, 1) == ""
		if blank != (c.LevelName(x) == "missing") {
			t.Errorf("outcome(%q, %q) = %s with a blank side %v", a, b, c.LevelName(x), blank)
		}
		if s.outcome(0, 0) != 0 && tbl.Text(col, 0) != "" {
			t.Errorf("outcome(%q, %q) = %s, want exact", a, a, c.LevelName(s.outcome(0, 0)))
		}
	})
}

func FuzzWordSimilarity(f *testing.F) {
	f.Add("12 High Street", "12 High St Leeds")
	f.Add("Flat 3 Rose Court", "")
	f.Add("HIGH HIGHAM STREET", "HIGHAM LEEDS ROAD")
	f.Fuzz(func(t *testing.T, a, b string) {
		wa := strings.Fields(extract.NormalizeAddressLine(a))
		wb := strings.Fields(extract.NormalizeAddressLine(b))
		got := wordSim(wa, wb)
		if got < 0 || got > 1 {
			t.Fatalf("wordSim(%q, %q) = %g, want in [0, 1]", wa, wb, got)
		}
		if (len(wa) == 0 || len(wb) == 0) && got != 0 {
			t.Errorf("wordSim(%q, %q) = %g, want 0 with an empty side", wa, wb, got)
		}
		if len(wa) > 0 && wordSim(wa, wa) != 1 {
			t.Errorf("wordSim(%q, itself) = %g, want 1", wa, wordSim(wa, wa))
		}
		if got != wordSim(wb, wa) {
			t.Errorf("wordSim(%q, %q) = %g, swapped = %g", wa, wb, got, wordSim(wb, wa))
		}
	})
}

func FuzzDateOutcomeSymmetric(f *testing.F) {
	f.Add(int32(-7245), int32(-7185)) // 1950-03-04 and 1950-04-03
	f.Add(int32(0), int32(3))
	f.Add(int32(-7000), int32(-7000))
	p := comparisonPlan(f, rules.Comparison{ID: "c", Kind: "date", Fields: []string{"date_of_birth"},
		Levels: []rules.Level{lv("swapped"), lv("one_digit"), lv("within_days"), lv("year"), lv("exact"), lv("else")}})
	c := p.Comparisons[0]
	f.Fuzz(func(t *testing.T, a, b int32) {
		tbl := emptyTable(extract.Pensions, 2)
		col := &tbl.Cols[tbl.Col("date_of_birth")]
		col.Num[0], col.Num[1], col.Valid[0], col.Valid[1] = int64(a), int64(b), true, true
		s, err := c.prepare(tbl, tbl, newFeatureCache())
		if err != nil {
			t.Fatal(err)
		}
		x, y := s.outcome(0, 1), s.outcome(1, 0)
		if x != y {
			t.Errorf("outcome(%s, %s) = %s, swapped = %s", DateString(int64(a)), DateString(int64(b)), c.LevelName(x), c.LevelName(y))
		}
		// Swapped and one_digit come first, but a date is neither swapped
		// with itself nor one digit from itself: it is 0 days from itself.
		if got := c.LevelName(s.outcome(0, 0)); got != "within_days" {
			t.Errorf("outcome(%s, itself) = %s, want within_days", DateString(int64(a)), got)
		}
	})
}

func FuzzTextOutcomeSymmetric(f *testing.F) {
	f.Add("AB123456C", "AB124356D")
	f.Add("LS1 1AA", "LS11 1AB")
	f.Add("AB12", "BA12")
	nino := comparisonPlan(f, rules.Comparison{ID: "n", Kind: "nino", Fields: []string{"ni_number"},
		Levels: []rules.Level{lv("one_char"), lv("exact"), lv("else")}}).Comparisons[0]
	pc := comparisonPlan(f, rules.Comparison{ID: "p", Kind: "postcode", Fields: []string{"postcode"},
		Levels: []rules.Level{lv("area"), lv("district"), lv("sector"), lv("full"), lv("else")}}).Comparisons[0]
	f.Fuzz(func(t *testing.T, a, b string) {
		tbl := emptyTable(extract.Pensions, 2)
		setStr(tbl, "ni_number", a, b)
		setStr(tbl, "postcode", a, b)
		for _, c := range []*Comparison{nino, pc} {
			s, err := c.prepare(tbl, tbl, newFeatureCache())
			if err != nil {
				t.Fatal(err)
			}
			if x, y := s.outcome(0, 1), s.outcome(1, 0); x != y {
				t.Errorf("%s outcome(%q, %q) = %s, swapped = %s", c.Kind, a, b, c.LevelName(x), c.LevelName(y))
			}
		}
	})
}
