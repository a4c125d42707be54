package matcher

import (
	"fmt"

	"github.com/nfimatch/nfimatch/rules"
)

// scorer gives the outcome of one comparison for left row i and right row j.
// Scorers hold features prepared once per record and are safe for
// concurrent use.
type scorer interface {
	outcome(i, j int) int
	// forRows returns the scorer over the left rows listed in left and
	// the right rows listed in right, in that order: its left row k is
	// row left[k] and its right row k row right[k]. A nil list keeps the
	// side's rows as they are.
	forRows(left, right []int32) scorer
}

// toucher is a scorer that can load right row j's features ahead of
// outcome: a worker touches the features of the rows a few left rows on
// will meet, so that their cache misses overlap with the work in between
// instead of following one another. The result is only there to keep the
// load.
type toucher interface {
	touch(j int) uint64
}

func (s *dateScorer) touch(j int) uint64 { return uint64(s.r[j].days) }
func (s *textScorer) touch(j int) uint64 { return s.r[j].sketch.hist[0] }
func (s *nameScorer) touch(j int) uint64 { return uint64(s.r[j]) }

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

// prepareScorers returns the plan's scorers over left and right, to be
// filled in by the tasks it returns, which may run at once, and where each
// comparison's error will be. The comparisons that share a dictionary
// (names, address words) are prepared in one task, in order; the others
// each in a task of their own. The tasks come longest first, as far as
// can be told beforehand.
func prepareScorers(plan *Plan, left, right *Table) ([]scorer, []error, []func()) {
	fc := newFeatureCache()
	scorers, errs := make([]scorer, len(plan.Comparisons)), make([]error, len(plan.Comparisons))
	prep := func(c int) { scorers[c], errs[c] = plan.Comparisons[c].prepare(left, right, fc) }
	var tasks []func()
	var names, addresses []int
	for c, cmp := range plan.Comparisons {
		switch cmp.Kind {
		case "name":
			names = append(names, c)
		case "address":
			addresses = append(addresses, c)
		default:
			tasks = append(tasks, func() { prep(c) })
		}
	}
	// The dictionaries' tasks are the longest: they go first.
	for _, cs := range [][]int{addresses, names} {
		if len(cs) > 0 {
			tasks = append([]func(){func() {
				for _, c := range cs {
					prep(c)
				}
			}}, tasks...)
		}
	}
	return scorers, errs, tasks
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
		fc.nameDict.need(namesNeed(lv))
		s := &nameScorer{c: c, lv: lv, d: fc.nameDict, l: fc.nameIDs(left, lc[0]), r: fc.nameIDs(right, rc[0])}
		if c.spec.SwapWith != "" {
			s.ls = fc.nameIDs(left, left.Col(c.spec.SwapWith))
			s.rs = fc.nameIDs(right, right.Col(c.spec.SwapWith))
			s.swap = jwLimitsFor(0.92)
		}
		return s, nil
	case "date":
		s := &dateScorer{c: c, lv: lv}
		s.l, s.lfar = dateFeatures(left, lc[0])
		s.r, s.rfar = dateFeatures(right, rc[0])
		return s, nil
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
		s := &textScorer{c: c, lv: lv, lk: textKeyFeatures(left, lc[0], c.Kind, lv), rk: textKeyFeatures(right, rc[0], c.Kind, lv)}
		var err error
		if s.l, s.lval, err = textFeatures(left, lc[0]); err != nil {
			return nil, fmt.Errorf("comparison %s: %w", c.ID, err)
		}
		if s.r, s.rval, err = textFeatures(right, rc[0]); err != nil {
			return nil, fmt.Errorf("comparison %s: %w", c.ID, err)
		}
		return s, nil
	}
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

// textFeat is normalised text prepared for comparison: its sketch, 24
// bytes, from which most pairs are told apart without reading either
// value, and values of up to eight bytes are compared whole. The value
// itself is kept apart, read only for the pairs the features do not
// decide.
type textFeat struct {
	sketch jwSketch
}

// textKeys are the parts of a value that some levels compare: for an NI
// number its first eight characters (the suffix letter is not part of the
// identity), for a postcode its sector, district and area, each computed
// only when a level needs it.
type textKeys struct {
	nino                   string
	sector, district, area string
}

// textFeatures returns every row's features and value in column col.
// The values of a text column are the column's own: a value is read only
// where its row's features say it is present.
func textFeatures(t *Table, col int) ([]textFeat, *Strings, error) {
	out := make([]textFeat, t.Len)
	vals, own := &t.Cols[col].Str, false
	if vals.Len() != t.Len { // a column of numbers, compared as text
		vals, own = &Strings{}, true
	}
	for r := range out {
		v := t.Text(col, r)
		if own {
			if err := vals.add(v); err != nil {
				return nil, nil, fmt.Errorf("column %d: %w", col, err)
			}
		}
		out[r].sketch = newJWSketch(v)
	}
	return out, vals, nil
}

// textKeyFeatures returns the textKeys of every row, or nil when no
// level of a comparison of kind needs them.
func textKeyFeatures(t *Table, col int, kind string, lv []level) []textKeys {
	nino, sector, district, area := kind == "nino", has(lv, lvSector), has(lv, lvDistrict), has(lv, lvArea)
	if !nino && !sector && !district && !area {
		return nil
	}
	out := make([]textKeys, t.Len)
	for r := range out {
		v := t.Text(col, r)
		if v == "" {
			continue
		}
		f := &out[r]
		if nino {
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
// lk and rk are nil unless a level needs textKeys.
type textScorer struct {
	c          *Comparison
	lv         []level
	l, r       []textFeat
	lval, rval *Strings // the values
	lk, rk     []textKeys
	// lrow and rrow, when set, give the row of lval and lk that left row
	// i's value is in, and of rval and rk right row j's (forRows): values
	// are read rarely, so they are not copied.
	lrow, rrow []int32
}

// lvalue returns left row i's value.
func (s *textScorer) lvalue(i int) string {
	if s.lrow != nil {
		return s.lval.At(int(s.lrow[i]))
	}
	return s.lval.At(i)
}

// lkeys returns left row i's textKeys.
func (s *textScorer) lkeys(i int) *textKeys {
	if s.lrow != nil {
		return &s.lk[s.lrow[i]]
	}
	return &s.lk[i]
}

// rvalue returns right row j's value.
func (s *textScorer) rvalue(j int) string {
	if s.rrow != nil {
		return s.rval.At(int(s.rrow[j]))
	}
	return s.rval.At(j)
}

// rkeys returns right row j's textKeys.
func (s *textScorer) rkeys(j int) *textKeys {
	if s.rrow != nil {
		return &s.rk[s.rrow[j]]
	}
	return &s.rk[j]
}

var (
	sectorKey   = rules.Key{Func: "sector"}
	districtKey = rules.Key{Func: "district"}
	areaKey     = rules.Key{Func: "area"}
)

func (s *textScorer) outcome(i, j int) int {
	a, b := &s.l[i], &s.r[j]
	if a.sketch.empty() || b.sketch.empty() {
		return s.c.missing
	}
	for k := range s.lv {
		lv := &s.lv[k]
		var hit bool
		switch lv.code {
		case lvExact:
			if s.c.Kind == "nino" {
				hit = s.lkeys(i).nino == s.rkeys(j).nino
			} else {
				hit = s.same(a, b, i, j)
			}
		case lvOneChar:
			x, y := s.lkeys(i).nino, s.rkeys(j).nino
			hit = hamming(x, y) == 1 || oneTransposition(x, y)
		case lvFull:
			hit = s.same(a, b, i, j)
		case lvSector:
			hit = s.lkeys(i).sector == s.rkeys(j).sector
		case lvDistrict:
			hit = s.lkeys(i).district == s.rkeys(j).district
		case lvArea:
			hit = s.lkeys(i).area == s.rkeys(j).area
		case lvJaroWinkler:
			hit = !lv.jw.ruledOut(&a.sketch, &b.sketch) &&
				lv.jw.notRuledOut(s.lvalue(i), s.rvalue(j), &a.sketch, &b.sketch)
		case lvElse:
			return k
		}
		if hit {
			return k
		}
	}
	return s.c.elseAt
}

// same reports whether left row i's value, with features a, is right
// row j's, with features b: a sketch holds a short value whole, and the
// values are read only when the sketches are equal and do not.
func (s *textScorer) same(a, b *textFeat, i, j int) bool {
	return a.sketch == b.sketch && (a.sketch.whole() || s.lvalue(i) == s.rvalue(j))
}

func prefix(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
