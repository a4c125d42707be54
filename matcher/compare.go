package matcher

import (
	"fmt"
	"time"

	"github.com/nfimatch/nfimatch/rules"
)

// scorer gives the outcome of one comparison for left row i and right row j.
// Scorers hold features prepared once per record and are safe for
// concurrent use.
type scorer interface {
	outcome(i, j int) int
}

// featureCache shares prepared features between the comparisons of one
// run: forenames are compared as a field and as the surname's swap field,
// names get one id per distinct name across both sides, and address words
// one id per distinct word.
type featureCache struct {
	names    map[*Column][]uint32
	nameDict *nameDict
	words    *wordDict
}

func newFeatureCache() *featureCache {
	return &featureCache{names: map[*Column][]uint32{}, nameDict: newNameDict(), words: newWordDict()}
}

func (fc *featureCache) nameIDs(t *Table, col int) []uint32 {
	key := &t.Cols[col]
	if f, ok := fc.names[key]; ok {
		return f
	}
	f := nameIDs(t, col, fc.nameDict)
	fc.names[key] = f
	return f
}

// prepare builds the scorer of comparison c over two tables: every
// feature a level needs is computed here, once per record, so that
// scoring a pair hashes no string and allocates nothing.
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
	lv := compileLevels(c)
	switch c.Kind {
	case "name":
		s := &nameScorer{c: c, lv: lv, d: fc.nameDict, l: fc.nameIDs(left, lc[0]), r: fc.nameIDs(right, rc[0])}
		if c.spec.SwapWith != "" {
			s.ls = fc.nameIDs(left, left.Col(c.spec.SwapWith))
			s.rs = fc.nameIDs(right, right.Col(c.spec.SwapWith))
		}
		return s, nil
	case "date":
		return &dateScorer{c: c, lv: lv, l: dateFeatures(left, lc[0]), r: dateFeatures(right, rc[0])}, nil
	case "address":
		return &addressScorer{c: c, lv: lv, words: fc.words,
			l: addressFeatures(left, lc, fc.words), r: addressFeatures(right, rc, fc.words)}, nil
	case "money":
		return &moneyScorer{c: c, lv: lv, l: moneyFeatures(left, lc[0]), r: moneyFeatures(right, rc[0])}, nil
	case "invoice":
		return &invoiceScorer{c: c, lv: lv, l: invoiceFeatures(left, lc[0]), r: invoiceFeatures(right, rc[0])}, nil
	case "bank":
		return &bankScorer{c: c, lv: lv, l: bankFeatures(left, lc), r: bankFeatures(right, rc)}, nil
	default: // nino, postcode, text: compared as normalised text
		return &textScorer{c: c, lv: lv, l: textFeatures(left, lc[0], c.Kind, lv), r: textFeatures(right, rc[0], c.Kind, lv)}, nil
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
	lv   []level
	l, r []dateFeat
}

func (s *dateScorer) outcome(i, j int) int {
	a, b := &s.l[i], &s.r[j]
	if !a.ok || !b.ok {
		return s.c.missing
	}
	for k := range s.lv {
		lv := &s.lv[k]
		var hit bool
		switch lv.code {
		case lvExact:
			hit = a.days == b.days
		case lvSwapped:
			hit = a.y == b.y && a.d == b.m && a.m == b.d && a.d != a.m
		case lvOneDigit:
			hit = hamming(a.digits, b.digits) == 1
		case lvWithinDays:
			diff := a.days - b.days
			hit = diff <= lv.days && diff >= -lv.days
		case lvYear:
			hit = a.y == b.y
		case lvElse:
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

// textFeat is normalised text prepared for comparison: for a postcode its
// sector, district and area, for an NI number its first eight characters
// (the suffix letter is not part of the identity), each computed only when
// a level needs it.
type textFeat struct {
	v                      string
	nino                   string
	sector, district, area string
}

func textFeatures(t *Table, col int, kind string, lv []level) []textFeat {
	out := make([]textFeat, t.Len)
	sector, district, area := has(lv, lvSector), has(lv, lvDistrict), has(lv, lvArea)
	for r := range out {
		v := t.Text(col, r)
		if v == "" {
			continue
		}
		f := &out[r]
		f.v = v
		if kind == "nino" {
			f.nino = prefix(v, 8)
		}
		if sector {
			f.sector = sectorKey.Apply(v)
		}
		if district {
			f.district = districtKey.Apply(v)
		}
		if area {
			f.area = areaKey.Apply(v)
		}
	}
	return out
}

// textScorer compares normalised text: NI numbers, postcodes, free text.
type textScorer struct {
	c    *Comparison
	lv   []level
	l, r []textFeat
}

var (
	sectorKey   = rules.Key{Func: "sector"}
	districtKey = rules.Key{Func: "district"}
	areaKey     = rules.Key{Func: "area"}
)

func (s *textScorer) outcome(i, j int) int {
	a, b := &s.l[i], &s.r[j]
	if a.v == "" || b.v == "" {
		return s.c.missing
	}
	for k := range s.lv {
		lv := &s.lv[k]
		var hit bool
		switch lv.code {
		case lvExact:
			if s.c.Kind == "nino" {
				hit = a.nino == b.nino
			} else {
				hit = a.v == b.v
			}
		case lvOneChar:
			hit = hamming(a.nino, b.nino) == 1 || oneTransposition(a.nino, b.nino)
		case lvFull:
			hit = a.v == b.v
		case lvSector:
			hit = a.sector == b.sector
		case lvDistrict:
			hit = a.district == b.district
		case lvArea:
			hit = a.area == b.area
		case lvJaroWinkler:
			hit = jaroWinklerAtLeast(a.v, b.v, lv.min)
		case lvElse:
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
