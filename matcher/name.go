package matcher

import (
	"strings"
	"unicode/utf8"

	"github.com/antzucaro/matchr"
	"github.com/nfimatch/nfimatch/extract"
)

// nameFeat is a normalised name prepared for comparison: its full text
// and, as the run's levels need them (nameDict.need), its parts.
type nameFeat struct {
	full, first string
	firstID     uint32 // equal first parts have equal ids
	tokens      []string
	dm1, dm2    string  // Double Metaphone codes of the first part
	groups      []int32 // nickname groups of the first part
}

// nameDict gives each distinct normalised name of a run one id, shared by
// every name field of both sides, and prepares each once: a borough has far
// fewer distinct names than people, so the prepared names stay in cache and
// a record holds only an id. Equal names have equal ids; id 0 is a missing
// name. Built while features are prepared, read-only afterwards.
type nameDict struct {
	// ix numbers the names: its ids are the dictionary's.
	ix     *keyIndex
	firsts map[string]uint32
	// names are the names prepared in parts, by id; nil until a level
	// compares parts (needs is not 0), when it holds every name.
	names []nameFeat
	// sketches are the names' Jaro-Winkler sketches, apart from names so
	// that the many pairs they rule out read 24 bytes, not a nameFeat;
	// fulls are their full texts, for the pairs the sketches do not rule
	// out, cut from text, so that those pairs' names sit close together
	// rather than wherever their first records put them.
	sketches []jwSketch
	fulls    []string
	text     strings.Builder
	// needs are the parts of a name that the levels of the comparisons
	// prepared so far compare; the others are left out.
	needs nameNeeds
}

// nameNeeds are parts of a nameFeat beyond the full name, as bits.
type nameNeeds uint8

const (
	needFirst     nameNeeds = 1 << iota // first, firstID (and tokens)
	needTokens                          // tokens
	needMetaphone                       // dm1, dm2
	needNicknames                       // groups
)

// namesNeed returns what the levels lv compare of a name.
func namesNeed(lv []level) nameNeeds {
	var n nameNeeds
	for _, l := range lv {
		switch l.code {
		case lvFirst, lvInitial:
			n |= needFirst
		case lvToken:
			n |= needTokens
		case lvMetaphone:
			n |= needFirst | needMetaphone
		case lvNickname:
			n |= needFirst | needNicknames
		}
	}
	return n
}

func newNameDict() *nameDict {
	return &nameDict{ix: newKeyIndex(1 << 16), firsts: map[string]uint32{}, sketches: []jwSketch{{}}, fulls: []string{""}}
}

// need makes d prepare the parts n of every name, those it holds already
// and those to come.
func (d *nameDict) need(n nameNeeds) {
	more := n &^ d.needs
	if more == 0 {
		return
	}
	d.needs |= n
	for id := len(d.names); id < len(d.fulls); id++ {
		d.names = append(d.names, nameFeat{full: d.fulls[id]})
	}
	for id := 1; id < len(d.names); id++ {
		d.fill(&d.names[id], more)
	}
}

// fill prepares the parts n of name f.
func (d *nameDict) fill(f *nameFeat, n nameNeeds) {
	if n&(needFirst|needTokens|needMetaphone|needNicknames) != 0 && f.tokens == nil {
		f.tokens = strings.Fields(f.full)
		f.first = f.tokens[0]
	}
	if n&needFirst != 0 {
		f.firstID = d.firsts[f.first]
		if f.firstID == 0 {
			f.firstID = uint32(len(d.firsts) + 1)
			d.firsts[f.first] = f.firstID
		}
	}
	if n&needMetaphone != 0 {
		f.dm1, f.dm2 = matchr.DoubleMetaphone(f.first)
	}
	if n&needNicknames != 0 {
		f.groups = nicknameSet(f.first)
	}
}

func (d *nameDict) id(v string) uint32 {
	id := d.ix.idOf(v)
	if int(id) == len(d.fulls) {
		d.add(v)
	}
	return uint32(id)
}

// add prepares name v, which ix has just numbered.
func (d *nameDict) add(v string) {
	if d.text.Len()+len(v) > d.text.Cap() {
		d.text = strings.Builder{} // its strings stay valid: a builder never rewrites its bytes
		d.text.Grow(max(keyText, len(v)))
	}
	start := d.text.Len()
	d.text.WriteString(v)
	v = d.text.String()[start:]
	if d.needs != 0 {
		f := nameFeat{full: v}
		d.fill(&f, d.needs)
		d.names = append(d.names, f)
	}
	d.sketches = append(d.sketches, newJWSketch(v))
	d.fulls = append(d.fulls, v)
}

// nameIDs returns the id in d of every row's name in column col.
func nameIDs(t *Table, col int, d *nameDict) []uint32 {
	out := make([]uint32, t.Len)
	// A name field is normalised to upper case already; a free-text field
	// (a creditor's name) is not.
	c := &t.Cols[col]
	if c.Kind == extract.KindName && c.Str.Len() == t.Len {
		// The names are the column's values: number them a batch of
		// rows at a time, preparing each name the first time it is met.
		ids := make([]int32, t.Len)
		d.ix.numberValues(&c.Str, c.Valid, nil, ids)
		for r, id := range ids {
			if int(id) == len(d.fulls) {
				d.add(c.Str.At(r))
			}
			out[r] = uint32(id)
		}
		return out
	}
	text := c.Kind == extract.KindText
	for r := range out {
		v := t.Text(col, r)
		if text && v != "" {
			v = strings.Join(strings.Fields(strings.ToUpper(v)), " ")
		}
		if v != "" {
			out[r] = d.id(v)
		}
	}
	return out
}

// nameScorer compares names by their ids in a nameDict: l and r are the
// field's ids on each side, ls and rs the swap field's.
type nameScorer struct {
	c            *Comparison
	lv           []level
	d            *nameDict
	l, r, ls, rs []uint32
	swap         *jwLimits // the swapped level's: Jaro-Winkler at least 0.92
}

func (s *nameScorer) outcome(i, j int) int {
	ia, ib := s.l[i], s.r[j]
	if ia == 0 || ib == 0 {
		return s.c.missing
	}
	// The levels that compare parts have made the dictionary hold them.
	var a, b *nameFeat
	if names := s.d.names; names != nil {
		a, b = &names[ia], &names[ib]
	}
	for k := range s.lv {
		lv := &s.lv[k]
		var hit bool
		switch lv.code {
		case lvExact:
			hit = ia == ib
		case lvFirst:
			hit = a.firstID == b.firstID
		case lvNickname:
			hit = sameGroup(a.groups, b.groups)
		case lvSwapped:
			as, bs := s.ls[i], s.rs[j]
			hit = as != 0 && bs != 0 && s.similar(ia, bs) && s.similar(as, ib)
		case lvJaroWinkler:
			hit = s.similarAtLeast(ia, ib, lv.jw)
		case lvMetaphone:
			hit = a.dm1 != "" && (a.dm1 == b.dm1 || a.dm1 == b.dm2 || (a.dm2 != "" && (a.dm2 == b.dm1 || a.dm2 == b.dm2)))
		case lvToken:
			hit = shareToken(a.tokens, b.tokens)
		case lvInitial:
			ra, na := utf8.DecodeRuneInString(a.first)
			rb, nb := utf8.DecodeRuneInString(b.first)
			hit = ra == rb && (na == len(a.first) || nb == len(b.first))
		case lvElse:
			return k
		}
		if hit {
			return k
		}
	}
	return s.c.elseAt
}

// similar is the test the swapped level applies to each crossed pair of
// names of the dictionary: the same name, or Jaro-Winkler at least 0.92.
func (s *nameScorer) similar(x, y uint32) bool {
	return x == y || s.similarAtLeast(x, y, s.swap)
}

// similarAtLeast is jaroWinklerAtLeast, with lim's threshold, for two
// names of the dictionary.
func (s *nameScorer) similarAtLeast(x, y uint32, lim *jwLimits) bool {
	sx, sy := &s.d.sketches[x], &s.d.sketches[y]
	if lim.ruledOut(sx, sy) {
		return false
	}
	return lim.notRuledOut(s.d.fulls[x], s.d.fulls[y], sx, sy)
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
