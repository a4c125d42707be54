package matcher

import (
	"strings"

	"github.com/nfimatch/nfimatch/rules"
)

// keySep joins the parts of a composite blocking key; it cannot occur in a
// normalised value.
const keySep = "\x1f"

// blockKeys returns each row's key for one pass, "" where any part of the
// key is missing or the row is filtered out (keep[r] false; nil keeps all).
func blockKeys(t *Table, keys []rules.Key, keep []bool) []string {
	cols := make([][]int, len(keys))
	for i, k := range keys {
		for _, f := range k.Fields {
			cols[i] = append(cols[i], t.Col(f))
		}
	}
	out := make([]string, t.Len)
	parts := make([]string, len(keys))
	// Key functions such as metaphone cost more than a map lookup, and
	// values repeat: apply each once per distinct value.
	memo := make([]map[string]string, len(keys))
	for i := range memo {
		memo[i] = map[string]string{}
	}
	var vals []string
	for r := range out {
		if keep != nil && !keep[r] {
			continue
		}
		ok := true
		for i, k := range keys {
			var kv string
			if len(cols[i]) == 1 {
				v := t.Text(cols[i][0], r)
				var seen bool
				if kv, seen = memo[i][v]; !seen {
					kv = k.Apply(v)
					memo[i][v] = kv
				}
			} else {
				vals = vals[:0]
				for _, c := range cols[i] {
					vals = append(vals, t.Text(c, r))
				}
				kv = k.Apply(vals...)
			}
			parts[i] = kv
			if kv == "" {
				ok = false
				break
			}
		}
		if ok {
			out[r] = strings.Join(parts, keySep)
		}
	}
	return out
}

// pass is one blocking pass ready for workers: the left rows' keys and, per
// key, the right rows that share it. Blocks over the guard are removed from
// index and counted in stats.
type pass struct {
	leftKeys []string
	index    map[string][]int32
	// In a search whose pass keys differ by side (a forename on one
	// record against the surname on the other), rightKeys are the rows'
	// right-side keys and revIndex gives, per key, the rows whose
	// left-side key it is, so that a pair is found from its first record
	// whichever way round its keys meet. Both are nil otherwise.
	rightKeys []string
	revIndex  map[string][]int32
	stats     PassStats
}

// buildPass builds a pass. With dedupe (one table searched) a block of n
// records holds n(n-1)/2 pairs, and a block of one record none.
func buildPass(name string, keys rules.PassKeys, left, right *Table, keepL, keepR []bool, maxPairs int64, dedupe bool) *pass {
	p := &pass{leftKeys: blockKeys(left, keys.Left, keepL), index: map[string][]int32{}, stats: PassStats{Name: name}}
	rightKeys := p.leftKeys
	crossed := dedupe && !sameKeys(keys.Left, keys.Right)
	switch {
	case crossed:
		rightKeys = blockKeys(left, keys.Right, keepL)
		p.rightKeys, p.revIndex = rightKeys, map[string][]int32{}
		for i, k := range p.leftKeys {
			if k != "" {
				p.revIndex[k] = append(p.revIndex[k], int32(i))
			}
		}
	case !dedupe:
		rightKeys = blockKeys(right, keys.Right, keepR)
	}
	for j, k := range rightKeys {
		if k != "" {
			p.index[k] = append(p.index[k], int32(j))
		}
	}
	leftCount := map[string]int64{}
	for _, k := range p.leftKeys {
		if k != "" {
			leftCount[k]++
		}
	}
	for k, rows := range p.index {
		n := leftCount[k]
		if n == 0 {
			delete(p.index, k)
			continue
		}
		pairs := n * int64(len(rows))
		if dedupe && !crossed {
			pairs = n * (n - 1) / 2
			if pairs == 0 {
				delete(p.index, k)
				continue
			}
		}
		if maxPairs > 0 && pairs > maxPairs {
			p.stats.SkippedBlocks++
			p.stats.SkippedPairs += pairs
			delete(p.index, k)
			delete(p.revIndex, k)
			continue
		}
		p.stats.Blocks++
		if pairs > p.stats.LargestBlock {
			p.stats.LargestBlock = pairs
		}
	}
	for k := range p.revIndex {
		if _, ok := p.index[k]; !ok {
			delete(p.revIndex, k)
		}
	}
	return p
}

// candidates returns the rows pass p pairs with row i: those whose right
// key is i's left key and, in a search with keys that differ by side, those
// whose left key is i's right key.
func (p *pass) candidates(i int) (byLeft, byRight []int32) {
	if key := p.leftKeys[i]; key != "" {
		byLeft = p.index[key]
	}
	if p.revIndex != nil {
		if key := p.rightKeys[i]; key != "" {
			byRight = p.revIndex[key]
		}
	}
	return byLeft, byRight
}

func sameKeys(a, b []rules.Key) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].String() != b[i].String() {
			return false
		}
	}
	return true
}
