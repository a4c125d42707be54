package matcher

import (
	"strings"
	"sync/atomic"
)

// wordDict gives each distinct address word of a run one id, shared by
// both sides, so that words are compared as numbers and only words that
// differ are compared as text. It is built while features are prepared
// and read-only afterwards.
type wordDict struct {
	ids   map[string]int32
	words []string
	// similar caches whether two differing words are typos of each
	// other: the same street and town words meet again and again. Each
	// entry packs a valid bit, the answer and both ids (31 bits each) in
	// one word, read and written atomically, so workers share it without
	// locks; a collision only costs a recomputation.
	similar []atomic.Uint64
}

const similarCacheBits = 16

func newWordDict() *wordDict {
	return &wordDict{ids: map[string]int32{}, similar: make([]atomic.Uint64, 1<<similarCacheBits)}
}

// typo reports whether words x and y, which differ, are within a
// Jaro-Winkler of 0.9 of each other.
func (d *wordDict) typo(x, y int32) bool {
	if x > y {
		x, y = y, x // symmetric: one entry serves both orders
	}
	key := uint64(x)<<31 | uint64(y)
	if x >= 1<<31-1 || y >= 1<<31-1 {
		return jaroWinklerAtLeast(d.words[x], d.words[y], 0.9)
	}
	slot := &d.similar[(key*0x9E3779B97F4A7C15)>>(64-similarCacheBits)]
	if e := slot.Load(); e&(1<<63) != 0 && e&(1<<62-1) == key {
		return e&(1<<62) != 0
	}
	ok := jaroWinklerAtLeast(d.words[x], d.words[y], 0.9)
	e := uint64(1<<63) | key
	if ok {
		e |= 1 << 62
	}
	slot.Store(e)
	return ok
}

func (d *wordDict) id(w string) int32 {
	if id, ok := d.ids[w]; ok {
		return id
	}
	id := int32(len(d.words))
	d.ids[w] = id
	d.words = append(d.words, w)
	return id
}

// addressFeat is an address prepared for comparison: the lines joined, the
// first house or flat number, and the ids of the other words without
// repeats.
type addressFeat struct {
	joined string
	number string
	words  []int32
}

func addressFeatures(t *Table, cols []int, dict *wordDict) []addressFeat {
	out := make([]addressFeat, t.Len)
	var parts []string
	for r := range out {
		parts = parts[:0]
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
		for _, w := range strings.Fields(f.joined) {
			if strings.ContainsAny(w, "0123456789") {
				if f.number == "" {
					f.number = w
				}
				continue
			}
			if id := dict.id(w); !containsID(f.words, id) {
				f.words = append(f.words, id)
			}
		}
	}
	return out
}

func containsID(ids []int32, id int32) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

type addressScorer struct {
	c     *Comparison
	lv    []level
	words *wordDict
	l, r  []addressFeat
}

func (s *addressScorer) outcome(i, j int) int {
	a, b := &s.l[i], &s.r[j]
	if a.joined == "" || b.joined == "" {
		return s.c.missing
	}
	sim := -1.0 // computed once, when a level needs it
	for k := range s.lv {
		lv := &s.lv[k]
		var hit bool
		switch lv.code {
		case lvExact:
			hit = a.joined == b.joined
		case lvNumberAndStreet:
			if a.number != "" && a.number == b.number {
				if sim < 0 {
					sim = wordSimilarity(s.words, a.words, b.words)
				}
				hit = sim >= lv.min
			}
		case lvTokens:
			if sim < 0 {
				sim = wordSimilarity(s.words, a.words, b.words)
			}
			hit = sim >= lv.min
		case lvElse:
			return k
		}
		if hit {
			return k
		}
	}
	return s.c.elseAt
}

// wordSimilarity is the share, for words of d, of the shorter address's words that the other
// address has too, exactly or within a Jaro-Winkler of 0.9 (a typo), in
// [0, 1]. The shorter side is used because one source often drops the town.
func wordSimilarity(d *wordDict, a, b []int32) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	switch {
	case len(a) < len(b):
		return coveredShare(d, a, b)
	case len(a) > len(b):
		return coveredShare(d, b, a)
	}
	// Same length: take the better direction, so that the measure is
	// symmetric.
	return max(coveredShare(d, a, b), coveredShare(d, b, a))
}

// coveredShare is the share of a's words that b has, exactly or within a
// Jaro-Winkler of 0.9.
func coveredShare(d *wordDict, a, b []int32) float64 {
	hits := 0
	for _, x := range a {
		// Exact words first, as numbers; only a word without its equal
		// in b is compared as text.
		if containsID(b, x) {
			hits++
			continue
		}
		for _, y := range b {
			if d.typo(x, y) {
				hits++
				break
			}
		}
	}
	return float64(hits) / float64(len(a))
}
