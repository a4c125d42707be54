package matcher

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/antzucaro/matchr"
	"github.com/nfimatch/nfimatch/rules"
)

// scorer gives the outcome of one comparison for left row i and right row j.
// Scorers hold features prepared once per record and are safe for
// concurrent use.
type scorer interface {
	outcome(i, j int) int
}

// featureCache shares prepared name features between comparisons of one run:
// forenames are compared as a field and as the surname's swap field.
type featureCache struct {
	names map[*Column][]nameFeat
}

func newFeatureCache() *featureCache { return &featureCache{names: map[*Column][]nameFeat{}} }

func (fc *featureCache) nameFeatures(t *Table, col int) []nameFeat {
	key := &t.Cols[col]
	if f, ok := fc.names[key]; ok {
		return f
	}
	f := nameFeatures(t, col)
	fc.names[key] = f
	return f
}

// prepare builds the scorer of comparison c over two tables.
func (c *Comparison) prepare(left, right *Table, fc *featureCache) (scorer, error) {
	cols := func(t *Table, names []string) ([]int, error) {
		out := make([]int, len(names))
		for i, n := range names {
			if out[i] = t.Col(n); out[i] < 0 {
				return nil, fmt.Errorf("comparison %s: %s has no column %s", c.ID, t.Dataset.Type, n)
			}
		}
		return out, nil
	}
	lc, err := cols(left, c.spec.Fields)
	if err != nil {
		return nil, err
	}
	rc, err := cols(right, c.spec.Fields)
	if err != nil {
		return nil, err
	}
	switch c.Kind {
	case "name":
		s := &nameScorer{c: c, l: fc.nameFeatures(left, lc[0]), r: fc.nameFeatures(right, rc[0])}
		if c.spec.SwapWith != "" {
			s.ls = fc.nameFeatures(left, left.Col(c.spec.SwapWith))
			s.rs = fc.nameFeatures(right, right.Col(c.spec.SwapWith))
		}
		return s, nil
	case "date":
		return &dateScorer{c: c, l: dateFeatures(left, lc[0]), r: dateFeatures(right, rc[0])}, nil
	case "address":
		return &addressScorer{c: c, l: addressFeatures(left, lc), r: addressFeatures(right, rc)}, nil
	default: // nino, postcode, text: compared as normalised text
		return &textScorer{c: c, l: textFeatures(left, lc[0]), r: textFeatures(right, rc[0])}, nil
	}
}

// nameFeat is a normalised name prepared for comparison.
type nameFeat struct {
	full, first string
	tokens      []string
	dm1, dm2    string  // Double Metaphone codes of the first part
	groups      []int32 // nickname groups of the first part
}

// nameFeatures prepares every row's name once per distinct value: a borough
// has far fewer distinct names than people. Rows with the same name share
// the read-only token slice.
func nameFeatures(t *Table, col int) []nameFeat {
	out := make([]nameFeat, t.Len)
	seen := map[string]nameFeat{}
	for r := range out {
		v := t.Text(col, r)
		if v == "" {
			continue
		}
		if f, ok := seen[v]; ok {
			out[r] = f
			continue
		}
		f := nameFeat{full: v, tokens: strings.Fields(v)}
		f.first = f.tokens[0]
		f.dm1, f.dm2 = matchr.DoubleMetaphone(f.first)
		f.groups = nicknameSet(f.first)
		seen[v] = f
		out[r] = f
	}
	return out
}

type nameScorer struct {
	c            *Comparison
	l, r, ls, rs []nameFeat
}

func (s *nameScorer) outcome(i, j int) int {
	a, b := &s.l[i], &s.r[j]
	if a.full == "" || b.full == "" {
		return s.c.missing
	}
	for k, lv := range s.c.Levels {
		var hit bool
		switch lv.Level {
		case "exact":
			hit = a.full == b.full
		case "first":
			hit = a.first == b.first
		case "nickname":
			hit = sameGroup(a.groups, b.groups)
		case "swapped":
			as, bs := &s.ls[i], &s.rs[j]
			hit = as.full != "" && bs.full != "" && similarName(a.full, bs.full) && similarName(as.full, b.full)
		case "jaro_winkler":
			hit = matchr.JaroWinkler(a.full, b.full, false) >= lv.Min
		case "metaphone":
			hit = a.dm1 != "" && (a.dm1 == b.dm1 || a.dm1 == b.dm2 || (a.dm2 != "" && (a.dm2 == b.dm1 || a.dm2 == b.dm2)))
		case "token":
			hit = shareToken(a.tokens, b.tokens)
		case "initial":
			ra, na := utf8.DecodeRuneInString(a.first)
			rb, nb := utf8.DecodeRuneInString(b.first)
			hit = ra == rb && (na == len(a.first) || nb == len(b.first))
		case "else":
			return k
		}
		if hit {
			return k
		}
	}
	return s.c.elseAt
}

// similarName is the test the swapped level applies to each crossed pair.
func similarName(a, b string) bool {
	return a == b || matchr.JaroWinkler(a, b, false) >= 0.92
}

func shareToken(a, b []string) bool {
	for _, x := range a {
		if utf8.RuneCountInString(x) < 2 {
			continue
		}
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// dateFeat is a date prepared for comparison; ok is false when missing.
type dateFeat struct {
	days    int64
	y, m, d int
	digits  string // ddmmyyyy
	ok      bool
}

func dateFeatures(t *Table, col int) []dateFeat {
	c := &t.Cols[col]
	out := make([]dateFeat, t.Len)
	for r := range out {
		if !c.Valid[r] {
			continue
		}
		tm := time.Unix(c.Num[r]*86400, 0).UTC()
		out[r] = dateFeat{days: c.Num[r], y: tm.Year(), m: int(tm.Month()), d: tm.Day(), digits: tm.Format("02012006"), ok: true}
	}
	return out
}

type dateScorer struct {
	c    *Comparison
	l, r []dateFeat
}

func (s *dateScorer) outcome(i, j int) int {
	a, b := &s.l[i], &s.r[j]
	if !a.ok || !b.ok {
		return s.c.missing
	}
	for k, lv := range s.c.Levels {
		var hit bool
		switch lv.Level {
		case "exact":
			hit = a.days == b.days
		case "swapped":
			hit = a.y == b.y && a.d == b.m && a.m == b.d && a.d != a.m
		case "one_digit":
			hit = hamming(a.digits, b.digits) == 1
		case "within_days":
			diff := a.days - b.days
			hit = diff <= int64(lv.Days) && diff >= -int64(lv.Days)
		case "year":
			hit = a.y == b.y
		case "else":
			return k
		}
		if hit {
			return k
		}
	}
	return s.c.elseAt
}

// hamming counts differing bytes of equal-length strings; -1 otherwise.
func hamming(a, b string) int {
	if len(a) != len(b) {
		return -1
	}
	n := 0
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] {
			n++
		}
	}
	return n
}

// oneTransposition reports whether b is a with two adjacent bytes swapped.
func oneTransposition(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i+1 < len(a); i++ {
		if a[i] != b[i] {
			return a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
		}
	}
	return false
}

func textFeatures(t *Table, col int) []string {
	out := make([]string, t.Len)
	for r := range out {
		out[r] = t.Text(col, r)
	}
	return out
}

// textScorer compares normalised text: NI numbers, postcodes, free text.
type textScorer struct {
	c    *Comparison
	l, r []string
}

var (
	sectorKey   = rules.Key{Func: "sector"}
	districtKey = rules.Key{Func: "district"}
	areaKey     = rules.Key{Func: "area"}
)

func (s *textScorer) outcome(i, j int) int {
	a, b := s.l[i], s.r[j]
	if a == "" || b == "" {
		return s.c.missing
	}
	for k, lv := range s.c.Levels {
		var hit bool
		switch lv.Level {
		case "exact":
			if s.c.Kind == "nino" { // the suffix letter is not part of the identity
				hit = prefix(a, 8) == prefix(b, 8)
			} else {
				hit = a == b
			}
		case "one_char":
			x, y := prefix(a, 8), prefix(b, 8)
			hit = hamming(x, y) == 1 || oneTransposition(x, y)
		case "full":
			hit = a == b
		case "sector":
			hit = sectorKey.Apply(a) == sectorKey.Apply(b)
		case "district":
			hit = districtKey.Apply(a) == districtKey.Apply(b)
		case "area":
			hit = areaKey.Apply(a) == areaKey.Apply(b)
		case "jaro_winkler":
			hit = matchr.JaroWinkler(a, b, false) >= lv.Min
		case "else":
			return k
		}
		if hit {
			return k
		}
	}
	return s.c.elseAt
}

func prefix(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// addressFeat is an address prepared for comparison: the lines joined, the
// first house or flat number, and the other words sorted without repeats.
type addressFeat struct {
	joined string
	number string
	words  []string
}

func addressFeatures(t *Table, cols []int) []addressFeat {
	out := make([]addressFeat, t.Len)
	for r := range out {
		var parts []string
		for _, c := range cols {
			if v := t.Text(c, r); v != "" {
				parts = append(parts, v)
			}
		}
		if len(parts) == 0 {
			continue
		}
		f := &out[r]
		f.joined = strings.Join(parts, " ")
		seen := map[string]bool{}
		for _, w := range strings.Fields(f.joined) {
			if strings.ContainsAny(w, "0123456789") {
				if f.number == "" {
					f.number = w
				}
				continue
			}
			if !seen[w] {
				seen[w] = true
				f.words = append(f.words, w)
			}
		}
		sort.Strings(f.words)
	}
	return out
}

type addressScorer struct {
	c    *Comparison
	l, r []addressFeat
}

func (s *addressScorer) outcome(i, j int) int {
	a, b := &s.l[i], &s.r[j]
	if a.joined == "" || b.joined == "" {
		return s.c.missing
	}
	for k, lv := range s.c.Levels {
		var hit bool
		switch lv.Level {
		case "exact":
			hit = a.joined == b.joined
		case "number_and_street":
			hit = a.number != "" && a.number == b.number && wordSimilarity(a.words, b.words) >= lv.Min
		case "tokens":
			hit = wordSimilarity(a.words, b.words) >= lv.Min
		case "else":
			return k
		}
		if hit {
			return k
		}
	}
	return s.c.elseAt
}

// wordSimilarity is the share of the shorter address's words that the other
// address has too, exactly or within a Jaro-Winkler of 0.9 (a typo), in
// [0, 1]. The shorter side is used because one source often drops the town.
func wordSimilarity(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	switch {
	case len(a) < len(b):
		return coveredShare(a, b)
	case len(a) > len(b):
		return coveredShare(b, a)
	}
	// Same length: take the better direction, so that the measure is
	// symmetric.
	return max(coveredShare(a, b), coveredShare(b, a))
}

// coveredShare is the share of a's words that b has, exactly or within a
// Jaro-Winkler of 0.9.
func coveredShare(a, b []string) float64 {
	hits := 0
	for _, x := range a {
		for _, y := range b {
			if x == y || matchr.JaroWinkler(x, y, false) >= 0.9 {
				hits++
				break
			}
		}
	}
	return float64(hits) / float64(len(a))
}
