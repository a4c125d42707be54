package matcher

import (
	"sort"
	"strings"

	"github.com/antzucaro/matchr"
)

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
