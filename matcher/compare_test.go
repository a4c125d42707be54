package matcher

import (
	"strings"
	"testing"
	"time"

	"github.com/nfimatch/nfimatch/rules"
)

// levelCase is one pair for a comparison that lists a single level (plus
// else): want is that level when it holds, "else" when it does not and
// "missing" when a value is absent.
type levelCase struct {
	name string
	cmp  rules.Comparison
	l, r row
	want string
}

func runLevelCases(t *testing.T, cases []levelCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := levelOf(t, tc.cmp, tc.l, tc.r); got != tc.want {
				t.Errorf("outcome(%v, %v) = %s, want %s", tc.l, tc.r, got, tc.want)
			}
		})
	}
}

func single(kind string, fields []string, swapWith string, l rules.Level) rules.Comparison {
	return rules.Comparison{ID: "c", Kind: kind, Fields: fields, SwapWith: swapWith, Levels: []rules.Level{l, lv("else")}}
}

func TestNameLevels(t *testing.T) {
	name := func(level string) rules.Comparison {
		return single("name", []string{"forenames"}, "surname", lv(level))
	}
	jw := func(min float64) rules.Comparison {
		return single("name", []string{"forenames"}, "", rules.Level{Level: "jaro_winkler", Min: min, Weight: 1})
	}
	f := func(v string) row { return row{"forenames": v} }
	fs := func(fore, sur string) row { return row{"forenames": fore, "surname": sur} }
	surnameSwapped := single("name", []string{"surname"}, "forenames", lv("swapped"))
	runLevelCases(t, []levelCase{
		{"exact after normalising", name("exact"), f("Mary Ann"), f("MARY  ANN"), "exact"},
		{"exact needs every part", name("exact"), f("Mary Ann"), f("Mary"), "else"},
		{"first part agrees", name("first"), f("Mary Ann"), f("Mary Jane"), "first"},
		{"first part differs", name("first"), f("Ann Mary"), f("Mary Ann"), "else"},
		{"nickname BOB ROBERT", name("nickname"), f("Bob"), f("Robert"), "nickname"},
		{"nickname PEGGY MARGARET", name("nickname"), f("Peggy"), f("Margaret"), "nickname"},
		{"nickname of the first part", name("nickname"), f("Peggy Ann"), f("Margaret"), "nickname"},
		{"nickname shared short form", name("nickname"), f("Bert"), f("Gilbert"), "nickname"},
		{"nickname different groups", name("nickname"), f("Bob"), f("Bill"), "else"},
		{"nickname unknown name", name("nickname"), f("Zebedee"), f("Zebedee"), "else"},
		{"swapped exactly", name("swapped"), fs("John", "Smith"), fs("Smith", "John"), "swapped"},
		{"swapped with a typo", name("swapped"), fs("John", "Smith"), fs("Smith", "Jon"), "swapped"},
		{"swapped but too different", name("swapped"), fs("John", "Smith"), fs("Smyth", "John"), "else"},
		{"not swapped", name("swapped"), fs("John", "Smith"), fs("John", "Smith"), "else"},
		{"swapped surname", surnameSwapped, fs("John", "Smith"), fs("Smith", "John"), "swapped"},
		{"swap field missing", surnameSwapped, fs("John", "Smith"), fs("", "John"), "else"},
		{"jaro_winkler JON JOHN", name("jaro_winkler"), f("Jon"), f("John"), "jaro_winkler"},
		{"jaro_winkler JOHN JANE", name("jaro_winkler"), f("John"), f("Jane"), "else"},
		{"jaro_winkler 0.933 reaches min 0.93", jw(0.93), f("Jon"), f("John"), "jaro_winkler"},
		{"jaro_winkler 0.933 short of min 0.94", jw(0.94), f("Jon"), f("John"), "else"},
		{"metaphone SMITH SMYTH", name("metaphone"), f("Smith"), f("Smyth"), "metaphone"},
		{"metaphone THOMSON TOMSON", name("metaphone"), f("Thomson"), f("Tomson"), "metaphone"},
		{"metaphone of the first part", name("metaphone"), f("Smith John"), f("Smyth"), "metaphone"},
		// Double Metaphone keeps the P of THOMPSON (TMPS) but TOMSON is TMSN.
		{"metaphone THOMPSON TOMSON", name("metaphone"), f("Thompson"), f("Tomson"), "else"},
		{"metaphone SMITH JONES", name("metaphone"), f("Smith"), f("Jones"), "else"},
		{"token SMITH JONES JONES", name("token"), f("Smith-Jones"), f("Jones"), "token"},
		{"token reordered", name("token"), f("Smith Jones"), f("Jones Smith"), "token"},
		{"token one letter does not count", name("token"), f("A Smith"), f("A Jones"), "else"},
		{"initial J JOHN", name("initial"), f("J"), f("John"), "initial"},
		{"initial JOHN J", name("initial"), f("John"), f("J."), "initial"},
		{"initial needs a lone letter", name("initial"), f("Jo"), f("John"), "else"},
		{"initial differs", name("initial"), f("J"), f("K"), "else"},
		{"missing left", name("exact"), f(""), f("John"), "missing"},
		{"missing right", name("initial"), f("J"), f(""), "missing"},
	})
}

func TestDateLevels(t *testing.T) {
	date := func(level string) rules.Comparison { return single("date", []string{"date_of_birth"}, "", lv(level)) }
	d := func(v string) row { return row{"date_of_birth": v} }
	runLevelCases(t, []levelCase{
		{"exact in two layouts", date("exact"), d("03041950"), d("03/04/1950"), "exact"},
		{"exact differs", date("exact"), d("03041950"), d("04041950"), "else"},
		{"swapped 03/04 04/03", date("swapped"), d("03041950"), d("04031950"), "swapped"},
		{"swapped 12/01 01/12", date("swapped"), d("12011950"), d("01121950"), "swapped"},
		{"not swapped when day == month", date("swapped"), d("05051950"), d("05051950"), "else"},
		{"not swapped across years", date("swapped"), d("03041950"), d("04031951"), "else"},
		{"one_digit in the year", date("one_digit"), d("03041950"), d("03041951"), "one_digit"},
		{"one_digit in the day", date("one_digit"), d("03041950"), d("13041950"), "one_digit"},
		{"one_digit not two", date("one_digit"), d("03041950"), d("04031950"), "else"},
		{"one_digit not none", date("one_digit"), d("03041950"), d("03041950"), "else"},
		{"within 3 days after", date("within_days"), d("01011950"), d("04011950"), "within_days"},
		{"within 3 days before", date("within_days"), d("04011950"), d("01011950"), "within_days"},
		{"within 3 days over new year", date("within_days"), d("30121949"), d("02011950"), "within_days"},
		{"4 days is not within 3", date("within_days"), d("01011950"), d("05011950"), "else"},
		{"year agrees", date("year"), d("01011950"), d("31121950"), "year"},
		{"year differs by a day", date("year"), d("31121949"), d("01011950"), "else"},
		{"missing left", date("exact"), d(""), d("01011950"), "missing"},
		{"missing right", date("year"), d("01011950"), d(""), "missing"},
	})
}

func TestNINOLevels(t *testing.T) {
	nino := func(level string) rules.Comparison { return single("nino", []string{"ni_number"}, "", lv(level)) }
	n := func(v string) row { return row{"ni_number": v} }
	runLevelCases(t, []levelCase{
		{"exact ignores the suffix", nino("exact"), n("AB123456C"), n("AB123456D"), "exact"},
		{"exact without a suffix", nino("exact"), n("AB123456C"), n("AB123456"), "exact"},
		{"exact after normalising", nino("exact"), n("AB123456C"), n("ab 12 34 56 c"), "exact"},
		{"exact differs", nino("exact"), n("AB123456C"), n("AB123457C"), "else"},
		{"one_char substitution", nino("one_char"), n("AB123456C"), n("AB123457C"), "one_char"},
		{"one_char adjacent digits swapped", nino("one_char"), n("AB123456C"), n("AB124356C"), "one_char"},
		{"one_char prefix letters swapped", nino("one_char"), n("AB123456C"), n("BA123456C"), "one_char"},
		{"one_char not a distant swap", nino("one_char"), n("AB123456C"), n("AB125436C"), "else"},
		{"one_char not two letters", nino("one_char"), n("AB123456C"), n("CE123456C"), "else"},
		{"one_char not the suffix alone", nino("one_char"), n("AB123456C"), n("AB123456D"), "else"},
		{"missing", nino("exact"), n(""), n("AB123456C"), "missing"},
	})
}

func TestPostcodeLevels(t *testing.T) {
	pc := func(level string) rules.Comparison { return single("postcode", []string{"postcode"}, "", lv(level)) }
	p := func(v string) row { return row{"postcode": v} }
	runLevelCases(t, []levelCase{
		{"full after normalising", pc("full"), p("LS1 1AA"), p("ls11aa"), "full"},
		{"full differs", pc("full"), p("LS1 1AA"), p("LS1 1AB"), "else"},
		{"sector", pc("sector"), p("LS1 1AA"), p("LS1 1AB"), "sector"},
		{"sector differs", pc("sector"), p("LS1 1AA"), p("LS1 2AA"), "else"},
		{"district", pc("district"), p("LS1 1AA"), p("LS1 2AA"), "district"},
		{"district LS1 is not LS11", pc("district"), p("LS1 1AA"), p("LS11 1AA"), "else"},
		{"area", pc("area"), p("LS1 1AA"), p("LS11 2AA"), "area"},
		{"area LS is not L", pc("area"), p("LS1 1AA"), p("L1 1AA"), "else"},
		{"missing", pc("full"), p("LS1 1AA"), p(""), "missing"},
	})
}

func TestAddressLevels(t *testing.T) {
	fields := []string{"address_1", "address_2"}
	addr := func(l rules.Level) rules.Comparison { return single("address", fields, "", l) }
	exact := addr(lv("exact"))
	nas := addr(rules.Level{Level: "number_and_street", Min: 0.8, Weight: 1})
	tokens := addr(rules.Level{Level: "tokens", Min: 0.7, Weight: 1})
	a := func(lines ...string) row {
		r := row{}
		for i, l := range lines {
			r[fields[i]] = l
		}
		return r
	}
	runLevelCases(t, []levelCase{
		{"exact after expanding ST", exact, a("12 High St"), a("12 HIGH STREET"), "exact"},
		{"exact across lines", exact, a("12 High", "Street"), a("12 High Street"), "exact"},
		{"exact differs", exact, a("12 High Street"), a("14 High Street"), "else"},
		{"number_and_street with the town", nas, a("12 High Street"), a("12 High Street", "Leeds"), "number_and_street"},
		{"number_and_street with a typo", nas, a("12 High Street"), a("12 High Stret"), "number_and_street"},
		{"number_and_street different house number", nas, a("14 High Street"), a("12 High Street"), "else"},
		{"number_and_street needs a number", nas, a("High Street"), a("High Street"), "else"},
		{"number_and_street different street", nas, a("12 High Street"), a("12 Oak Road"), "else"},
		{"tokens different house number", tokens, a("14 High Street"), a("12 High Street"), "tokens"},
		{"tokens different flat", tokens, a("Flat 3", "12 High Street"), a("Flat 4", "12 High Street"), "tokens"},
		{"tokens different street", tokens, a("12 Oak Road"), a("12 High Street"), "else"},
		{"missing", exact, a(), a("12 High Street"), "missing"},
	})
}

func TestTextLevels(t *testing.T) {
	runLevelCases(t, []levelCase{
		{"exact title", single("text", []string{"title"}, "", lv("exact")), row{"title": "Mister"}, row{"title": "MR"}, "exact"},
		{"exact differs", single("text", []string{"title"}, "", lv("exact")), row{"title": "Mrs"}, row{"title": "Ms"}, "else"},
		{"jaro_winkler", single("text", []string{"address_3"}, "", lv("jaro_winkler")),
			row{"address_3": "West Yorkshire"}, row{"address_3": "West Yorkshir"}, "jaro_winkler"},
		{"jaro_winkler differs", single("text", []string{"address_3"}, "", lv("jaro_winkler")),
			row{"address_3": "West Yorkshire"}, row{"address_3": "Lancashire"}, "else"},
		{"missing", single("text", []string{"title"}, "", lv("exact")), row{}, row{"title": "MR"}, "missing"},
	})
}

// TestBuiltinLevels checks that the shipped rule's level order gives each
// typical pair the level and weight a caseworker would expect.
func TestBuiltinLevels(t *testing.T) {
	p := builtinPlan(t)
	cases := []struct {
		cmp    string
		l, r   row
		want   string
		weight float64
	}{
		{"forenames", john().with("forenames", "Bob"), johnDied().with("forenames", "Robert"), "nickname", 3.5},
		{"forenames", john().with("forenames", "Peggy"), johnDied().with("forenames", "Margaret"), "nickname", 3.5},
		{"forenames", john().with("forenames", "Jon"), johnDied(), "nickname", 3.5},
		{"forenames", john(), johnDied().with("forenames", "Smith", "surname", "John"), "swapped", 3.5},
		{"forenames", john().with("forenames", "Martha"), johnDied().with("forenames", "Marhta"), "jaro_winkler", 3},
		{"forenames", john().with("forenames", "Catherine"), johnDied().with("forenames", "Kathryn"), "metaphone", 2},
		{"forenames", john().with("forenames", "J"), johnDied(), "initial", 1.5},
		{"forenames", john(), johnDied().with("forenames", "Peter"), "else", -4},
		{"forenames", john().with("forenames", ""), johnDied(), "missing", 0},
		{"surname", john(), johnDied(), "exact", 5},
		{"surname", john(), johnDied().with("forenames", "Smith", "surname", "John"), "swapped", 4.5},
		{"surname", john().with("surname", "Thompson"), johnDied().with("surname", "Tomson"), "jaro_winkler", 4},
		{"surname", john(), johnDied().with("surname", "Smyth"), "metaphone", 3},
		{"surname", john().with("surname", "Smith-Jones"), johnDied().with("surname", "Jones"), "token", 2.5},
		{"surname", john(), johnDied().with("surname", "Brown"), "else", -4},
		{"date_of_birth", john(), johnDied(), "exact", 7},
		{"date_of_birth", john().with("date_of_birth", "03041950"), johnDied().with("date_of_birth", "04031950"), "swapped", 5},
		{"date_of_birth", john(), johnDied().with("date_of_birth", "01021951"), "one_digit", 4},
		{"date_of_birth", john(), johnDied().with("date_of_birth", "15081962"), "else", -6},
		{"date_of_birth", john(), johnDied().with("date_of_birth", ""), "missing", 0},
		{"ni_number", john(), johnDied().with("ni_number", "AB123456"), "exact", 10},
		{"ni_number", john(), johnDied().with("ni_number", "AB123465C"), "one_char", 5},
		{"ni_number", john(), johnDied().with("ni_number", "CE987654A"), "else", -6},
		{"ni_number", john().with("ni_number", ""), johnDied(), "missing", 0},
		{"address", john(), johnDied().with("address_1", "12 High St"), "number_and_street", 3},
		{"address", john().with("address_1", "14 High Street"), johnDied(), "tokens", 1.5},
		{"address", john(), johnDied().with("address_1", "12 Oak Road"), "else", 0},
		{"postcode", john(), johnDied(), "full", 3},
		{"postcode", john(), johnDied().with("postcode", "LS1 1AB"), "sector", 1},
		{"postcode", john(), johnDied().with("postcode", "LS1 2AA"), "else", 0},
		{"postcode", john(), johnDied().with("postcode", ""), "missing", 0},
	}
	for _, tc := range cases {
		t.Run(tc.cmp+"/"+tc.want, func(t *testing.T) {
			var c *Comparison
			for _, x := range p.Comparisons {
				if x.ID == tc.cmp {
					c = x
				}
			}
			if c == nil {
				t.Fatalf("built-in rule has no comparison %s", tc.cmp)
			}
			s, err := c.prepare(pensions(t, tc.l), deceased(t, tc.r), newFeatureCache())
			if err != nil {
				t.Fatal(err)
			}
			o := s.outcome(0, 0)
			if got := c.LevelName(o); got != tc.want {
				t.Errorf("%s outcome(%q, %q) = %s, want %s", tc.cmp, tc.l[tc.cmp], tc.r[tc.cmp], got, tc.want)
			}
			if got := c.Weight(o); got != tc.weight {
				t.Errorf("%s weight = %g, want %g", tc.cmp, got, tc.weight)
			}
		})
	}
}

// TestInitialMultibyte: a lone initial that is not ASCII (Ł, which accent
// folding keeps) should agree with a name that starts with it, as the
// initial() blocking key, which counts runes, already does.
func TestInitialMultibyte(t *testing.T) {
	c := single("name", []string{"forenames"}, "", lv("initial"))
	l, r := row{"forenames": "Ł"}, row{"forenames": "Łukasz"}
	if got := levelOf(t, c, l, r); got != "initial" {
		t.Errorf("outcome(%q, %q) = %s, want initial", l["forenames"], r["forenames"], got)
	}
}

func TestPrepareUnknownColumn(t *testing.T) {
	c := &Comparison{ID: "died", Kind: "date", spec: rules.Comparison{Fields: []string{"date_of_death"}}}
	_, err := c.prepare(pensions(t, john()), deceased(t, johnDied()), newFeatureCache())
	if err == nil || err.Error() != "comparison died: pensions has no column date_of_death" {
		t.Errorf("prepare = %v, want the missing column named", err)
	}
}

// TestNameDictNeedsLater: names share one dictionary across a run's name
// comparisons, which prepares only the parts of a name the levels compare.
// A comparison prepared after one that needed less still finds every part
// it compares, for the names the dictionary held already too.
func TestNameDictNeedsLater(t *testing.T) {
	cases := []struct {
		level string
		l, r  string
		want  string
	}{
		{"metaphone", "SMITH", "SMYTH", "metaphone"},
		{"nickname", "BOB", "ROBERT", "nickname"},
		{"first", "MARY ANN", "MARY JANE", "first"},
		{"token", "SMITH JONES", "JONES", "token"},
		{"initial", "J", "JOHN", "initial"},
		{"metaphone", "SMITH", "BROWN", "else"},
	}
	for _, tc := range cases {
		t.Run(tc.level+"/"+tc.want, func(t *testing.T) {
			l, r := pensions(t, row{"forenames": tc.l}), deceased(t, row{"forenames": tc.r})
			fc := newFeatureCache()
			// The first comparison needs the full names alone.
			first := comparisonPlan(t, single("name", []string{"forenames"}, "", lv("jaro_winkler"))).Comparisons[0]
			if _, err := first.prepare(l, r, fc); err != nil {
				t.Fatal(err)
			}
			c := comparisonPlan(t, single("name", []string{"forenames"}, "", lv(tc.level))).Comparisons[0]
			s, err := c.prepare(l, r, fc)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.LevelName(s.outcome(0, 0)); got != tc.want {
				t.Errorf("%s: outcome(%q, %q) = %s, want %s", tc.level, tc.l, tc.r, got, tc.want)
			}
		})
	}
}

// TestCivilDate: the date of a day count is the one the time package
// gives, around era and century boundaries, before 1970, past 9999 and
// before year 0.
func TestCivilDate(t *testing.T) {
	check := func(days int64) {
		t.Helper()
		tm := time.Unix(days*86400, 0).UTC()
		y, m, d := civilDate(days)
		if y != int64(tm.Year()) || m != int(tm.Month()) || d != tm.Day() {
			t.Fatalf("civilDate(%d) = %d-%d-%d, want %s", days, y, m, d, tm.Format("2006-01-02"))
		}
	}
	for days := int64(-800_000); days <= 800_000; days++ {
		check(days)
	}
	for _, days := range []int64{-719468, -719469, -719468 - 146097, -1_000_000_000, 2_932_896, 2_932_897, 1_000_000_000} {
		check(days)
	}
}

// TestTextExactFromSketch: exact equality of text told from its features
// and value: values with equal Jaro-Winkler sketches (same length, first
// eight bytes and byte counts) but different bytes are not exact, values
// of up to eight bytes are compared whole, and
// values the sketch cannot hold (long, not ASCII) are equal or not by
// their bytes, with or without a Jaro-Winkler level.
func TestTextExactFromSketch(t *testing.T) {
	long := strings.Repeat("LONG ROAD ", 8)
	withJW := rules.Comparison{ID: "c", Kind: "text", Fields: []string{"address_3"},
		Levels: []rules.Level{lv("exact"), lv("jaro_winkler"), lv("else")}}
	exactOnly := single("text", []string{"address_3"}, "", lv("exact"))
	a := func(v string) row { return row{"address_3": v} }
	runLevelCases(t, []levelCase{
		{"same sketch, digits swapped", withJW, a("ROAD NO 1234"), a("ROAD NO 1243"), "jaro_winkler"},
		{"same sketch, letters swapped", withJW, a("ABCDEFGHIJ"), a("ABCDEFGHJI"), "jaro_winkler"},
		{"whole, digits swapped", withJW, a("ABCD1234"), a("ABCD1243"), "jaro_winkler"},
		{"whole, equal", withJW, a("ABCD1234"), a("ABCD1234"), "exact"},
		{"whole and longer", withJW, a("ABCD1234"), a("ABCD12345"), "jaro_winkler"},
		{"long equal", withJW, a(long), a(long), "exact"},
		{"long differs at the end", withJW, a(long + "A"), a(long + "B"), "jaro_winkler"},
		{"long and short", withJW, a(long), a("LONG ROAD"), "else"},
		{"not ASCII equal", withJW, a("ZOΩ LANE"), a("ZOΩ LANE"), "exact"},
		{"not ASCII differs", withJW, a("ZOΩ LANE"), a("ZOΩ LANA"), "jaro_winkler"},
		{"not ASCII and ASCII", withJW, a("ZOΩ LANE"), a("ZOW LANE"), "jaro_winkler"},
		{"exact only, equal", exactOnly, a("ABCD1234"), a("ABCD1234"), "exact"},
		{"exact only, same length", exactOnly, a("ABCD1234"), a("ABCD1243"), "else"},
		{"exact only, same sketch", exactOnly, a("ROAD NO 1234"), a("ROAD NO 1243"), "else"},
		{"exact only, long equal", exactOnly, a(long), a(long), "exact"},
		{"exact only, long differs", exactOnly, a(long + "A"), a(long + "B"), "else"},
		{"exact only, not ASCII", exactOnly, a("ZOΩ LANE"), a("ZOΩ LANE"), "exact"},
	})
}
