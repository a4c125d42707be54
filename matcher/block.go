package matcher

import (
	"strings"

	"github.com/nfimatch/nfimatch/rules"
)

// keySep joins the parts of a composite blocking key; it cannot occur in a
// normalised value.
const keySep = "\x1f"

// blockKeys returns each row's key for one pass, "" where any part of the
// key is missing.
func blockKeys(t *Table, keys []rules.Key) []string {
	cols := make([]int, len(keys))
	for i, k := range keys {
		cols[i] = t.Col(k.Field)
	}
	out := make([]string, t.Len)
	parts := make([]string, len(keys))
	// Key functions such as metaphone cost more than a map lookup, and
	// values repeat: apply each once per distinct value.
	memo := make([]map[string]string, len(keys))
	for i := range memo {
		memo[i] = map[string]string{}
	}
	for r := range out {
		ok := true
		for i, k := range keys {
			v := t.Text(cols[i], r)
			kv, seen := memo[i][v]
			if !seen {
				kv = k.Apply(v)
				memo[i][v] = kv
			}
			parts[i] = kv
			if parts[i] == "" {
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
	stats    PassStats
}

// buildPass builds a pass. With dedupe (one table on both sides) a block of
// n records holds n(n-1)/2 pairs, and a block of one record none.
func buildPass(name string, keys []rules.Key, left, right *Table, maxPairs int64, dedupe bool) *pass {
	p := &pass{leftKeys: blockKeys(left, keys), index: map[string][]int32{}, stats: PassStats{Name: name}}
	for j, k := range blockKeys(right, keys) {
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
		if dedupe {
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
			continue
		}
		p.stats.Blocks++
		if pairs > p.stats.LargestBlock {
			p.stats.LargestBlock = pairs
		}
	}
	return p
}
