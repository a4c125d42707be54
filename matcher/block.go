package matcher

import (
	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/rules"
)

// keySep joins the parts of a composite blocking key; it cannot occur in a
// normalised value.
const keySep = "\x1f"

// blockKeys returns each row's key for one pass, "" where any part of the
// key is missing or the row is filtered out (keep[r] false; nil keeps all).
// Rows with equal keys share one string: a million rows in a thousand
// blocks hold a thousand keys.
func blockKeys(t *Table, keys []rules.Key, keep []bool) []string {
	cols := make([][]int, len(keys))
	for i, k := range keys {
		for _, f := range k.Fields {
			cols[i] = append(cols[i], t.Col(f))
		}
	}
	out := make([]string, t.Len)
	// Key functions such as metaphone cost more than a map lookup, and
	// values repeat: apply each once per distinct value.
	memo := make([]map[string]string, len(keys))
	for i := range memo {
		memo[i] = map[string]string{}
	}
	var dates map[int64]string // a date's text, made once per distinct day
	text := func(col, row int) string {
		c := &t.Cols[col]
		if c.Kind != extract.KindDate || !c.Valid[row] {
			return t.Text(col, row)
		}
		if dates == nil {
			dates = map[int64]string{}
		}
		s, ok := dates[c.Num[row]]
		if !ok {
			s = DateString(c.Num[row])
			dates[c.Num[row]] = s
		}
		return s
	}
	intern := map[string]string{}
	var vals []string
	var buf []byte
	for r := range out {
		if keep != nil && !keep[r] {
			continue
		}
		buf = buf[:0]
		var kv string
		for i, k := range keys {
			if len(cols[i]) == 1 {
				v := text(cols[i][0], r)
				var seen bool
				if kv, seen = memo[i][v]; !seen {
					kv = k.Apply(v)
					memo[i][v] = kv
				}
			} else {
				vals = vals[:0]
				for _, c := range cols[i] {
					vals = append(vals, text(c, r))
				}
				kv = k.Apply(vals...)
			}
			if kv == "" {
				break
			}
			if len(keys) > 1 {
				if i > 0 {
					buf = append(buf, keySep...)
				}
				buf = append(buf, kv...)
			}
		}
		switch {
		case kv == "":
		case len(keys) == 1:
			out[r] = kv
		default:
			s, seen := intern[string(buf)] // the lookup does not copy buf
			if !seen {
				s = string(buf)
				intern[s] = s
			}
			out[r] = s
		}
	}
	return out
}

// pass is one blocking pass over a part's tables. Each distinct key gets a
// block id (0 for none), so that workers compare ids, never strings. Left
// row i is in block idL[i] and right row j in block idR[j]; within one
// table idR is idL, except when the pass's keys differ by side (crossed),
// where idL holds each row's left-side key and idR its right-side key.
type pass struct {
	crossed bool
	idL     []int32
	idR     []int32
	keys    []string // by id; keys[0] is ""
	// kept[id]: the block's pairs are compared. A block the part owns is
	// kept unless it has no pair or is over the guard; one it does not own
	// is kept unless the run's guard skipped it.
	kept []bool
	// The right rows of each owned, kept block, by id:
	// rows[start[id]:start[id+1]]. With crossed keys, revRows likewise
	// lists the rows whose left-side key is the block's, so that a pair is
	// found from its first record whichever way round its keys meet.
	start, rows       []int32
	revStart, revRows []int32
	stats             PassStats
	skipped           []string // keys of the owned blocks over the guard
}

// passScope says which blocks of a pass a part owns and what the rest of
// the run decided about the others.
type passScope struct {
	owns    func(key string) bool // nil: every block
	skipped map[string]bool       // blocks the part does not own that the guard skipped
	index   bool                  // build the candidate lists (the part scores this pass)
}

// buildPass builds a pass over left and right (one table when dedupe: a
// search, where a block of n records holds n(n-1)/2 pairs and a block of
// one record none).
func buildPass(name string, keys rules.PassKeys, left, right *Table, keepL, keepR []bool, maxPairs int64, dedupe bool, sc passScope) *pass {
	p := &pass{stats: PassStats{Name: name}, keys: []string{""}}
	p.crossed = dedupe && !sameKeys(keys.Left, keys.Right)
	ids := map[string]int32{}
	intern := func(ks []string) []int32 {
		out := make([]int32, len(ks))
		for r, k := range ks {
			if k == "" {
				continue
			}
			id, ok := ids[k]
			if !ok {
				id = int32(len(p.keys))
				ids[k] = id
				p.keys = append(p.keys, k)
			}
			out[r] = id
		}
		return out
	}
	p.idL = intern(blockKeys(left, keys.Left, keepL))
	switch {
	case p.crossed:
		p.idR = intern(blockKeys(left, keys.Right, keepL))
	case dedupe:
		p.idR = p.idL
	default:
		p.idR = intern(blockKeys(right, keys.Right, keepR))
	}
	n := len(p.keys)
	nL, nR := make([]int64, n), make([]int64, n)
	for _, id := range p.idL {
		nL[id]++
	}
	for _, id := range p.idR {
		nR[id]++
	}
	p.kept = make([]bool, n)
	owned := make([]bool, n)
	for id := 1; id < n; id++ {
		key := p.keys[id]
		if sc.owns != nil && !sc.owns(key) {
			p.kept[id] = !sc.skipped[key]
			continue
		}
		owned[id] = true
		pairs := nL[id] * nR[id]
		if dedupe && !p.crossed {
			pairs = nL[id] * (nL[id] - 1) / 2
		}
		switch {
		case pairs == 0:
		case maxPairs > 0 && pairs > maxPairs:
			p.stats.SkippedBlocks++
			p.stats.SkippedPairs += pairs
			p.skipped = append(p.skipped, key)
		default:
			p.kept[id] = true
			p.stats.Blocks++
			p.stats.LargestBlock = max(p.stats.LargestBlock, pairs)
		}
	}
	if sc.index {
		listed := func(id int32) bool { return owned[id] && p.kept[id] }
		p.start, p.rows = blockRows(p.idR, n, listed)
		if p.crossed {
			p.revStart, p.revRows = blockRows(p.idL, n, listed)
		}
	}
	return p
}

// blockRows lists the rows of each listed block by id, in row order, as
// one array: a counting sort, with no allocation per block.
func blockRows(ids []int32, n int, listed func(int32) bool) (start, rows []int32) {
	start = make([]int32, n+1)
	for _, id := range ids {
		if id != 0 && listed(id) {
			start[id+1]++
		}
	}
	for id := 1; id <= n; id++ {
		start[id] += start[id-1]
	}
	rows = make([]int32, start[n])
	next := append([]int32(nil), start[:n]...)
	for r, id := range ids {
		if id != 0 && listed(id) {
			rows[next[id]] = int32(r)
			next[id]++
		}
	}
	return start, rows
}

// candidates returns the rows the pass pairs with row i: those whose
// right-side key is i's left-side key and, with crossed keys, those whose
// left-side key is i's right-side key.
func (p *pass) candidates(i int) (byLeft, byRight []int32) {
	if id := p.idL[i]; id != 0 {
		byLeft = p.rows[p.start[id]:p.start[id+1]]
	}
	if p.crossed {
		if id := p.idR[i]; id != 0 {
			byRight = p.revRows[p.revStart[id]:p.revStart[id+1]]
		}
	}
	return byLeft, byRight
}

// meetsLeft reports whether left row i and right row j share a kept block
// by i's left-side key.
func (p *pass) meetsLeft(i, j int) bool {
	id := p.idL[i]
	return id != 0 && id == p.idR[j] && p.kept[id]
}

// meets reports whether the pass makes rows i and j a candidate pair,
// whichever part owns their block.
func (p *pass) meets(i, j int) bool {
	if p.meetsLeft(i, j) {
		return true
	}
	if p.crossed {
		id := p.idR[i]
		return id != 0 && id == p.idL[j] && p.kept[id]
	}
	return false
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
