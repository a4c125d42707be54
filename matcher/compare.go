package matcher

import (
	"fmt"
	"time"

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
	lf, rf := c.spec.SideFields()
	lc, err := cols(left, lf)
	if err != nil {
		return nil, err
	}
	rc, err := cols(right, rf)
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
	case "money":
		return &moneyScorer{c: c, l: moneyFeatures(left, lc[0]), r: moneyFeatures(right, rc[0])}, nil
	case "invoice":
		return &invoiceScorer{c: c, l: invoiceFeatures(left, lc[0]), r: invoiceFeatures(right, rc[0])}, nil
	case "bank":
		return &bankScorer{c: c, l: bankFeatures(left, lc), r: bankFeatures(right, rc)}, nil
	default: // nino, postcode, text: compared as normalised text
		return &textScorer{c: c, l: textFeatures(left, lc[0]), r: textFeatures(right, rc[0])}, nil
	}
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
