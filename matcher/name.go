package matcher

import (
	"strings"
	"unicode/utf8"

	"github.com/antzucaro/matchr"
	"github.com/nfimatch/nfimatch/extract"
)

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
	// A name field is normalised to upper case already; a free-text field
	// (a creditor's name) is not.
	text := t.Cols[col].Kind == extract.KindText
	for r := range out {
		v := t.Text(col, r)
		if text && v != "" {
			v = strings.Join(strings.Fields(strings.ToUpper(v)), " ")
		}
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
	lv           []level
	l, r, ls, rs []nameFeat
}

func (s *nameScorer) outcome(i, j int) int {
	a, b := &s.l[i], &s.r[j]
	if a.full == "" || b.full == "" {
		return s.c.missing
	}
	for k := range s.lv {
		lv := &s.lv[k]
		var hit bool
		switch lv.code {
		case lvExact:
			hit = a.full == b.full
		case lvFirst:
			hit = a.first == b.first
		case lvNickname:
			hit = sameGroup(a.groups, b.groups)
		case lvSwapped:
			as, bs := &s.ls[i], &s.rs[j]
			hit = as.full != "" && bs.full != "" && similarName(a.full, bs.full) && similarName(as.full, b.full)
		case lvJaroWinkler:
			hit = jaroWinklerAtLeast(a.full, b.full, lv.min)
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

// similarName is the test the swapped level applies to each crossed pair.
func similarName(a, b string) bool {
	return a == b || jaroWinklerAtLeast(a, b, 0.92)
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
