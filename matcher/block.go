package matcher

import (
	"encoding/binary"

	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/rules"
)

// keySep joins the parts of a composite blocking key; it cannot occur in a
// normalised value.
const keySep = "\x1f"

// blockKeys returns each row's key for one pass, "" where any part of the
// key is missing or the row is filtered out (keep[r] false; nil keeps all).
// Rows with equal keys share one string.
func blockKeys(t *Table, keys []rules.Key, keep []bool) []string {
	ix := newKeyIndex(t.Len)
	ids := ix.blockIDs(t, keys, keep)
	out := make([]string, len(ids))
	for r, id := range ids {
		out[r] = ix.keys[id]
	}
	return out
}

// blockIDs returns each row's key id for one pass, as blockKeys its key.
// Key functions such as metaphone cost more than a map lookup, and values
// repeat: a key of one field maps each distinct value to its id once;
// other keys apply each part's function once per distinct value.
func (ix *keyIndex) blockIDs(t *Table, keys []rules.Key, keep []bool) []int32 {
	out := make([]int32, t.Len)
	if len(keys) == 1 && len(keys[0].Fields) == 1 {
		k, c := keys[0], &t.Cols[t.Col(keys[0].Fields[0])]
		if c.Kind == extract.KindDate || c.Kind == extract.KindMoney || c.Kind == extract.KindInt || c.Kind == extract.KindFlag {
			memo := newNumMemo(1024)
			for r := range out {
				if (keep != nil && !keep[r]) || !c.Valid[r] {
					continue
				}
				id, seen := memo.get(uint64(c.Num[r]))
				if !seen {
					id = ix.idOf(k.Apply(t.Text(t.Col(k.Fields[0]), r)))
					memo.put(uint64(c.Num[r]), id)
				}
				out[r] = id
			}
			return out
		}
		if k.Func == "" {
			// The key is the value: number it directly, one lookup a row.
			ix.numberValues(&c.Str, c.Valid, keep, out)
			return out
		}
		// Each distinct value is numbered in an index of its own, a
		// batch of rows at a time, and its key once, when first met:
		// values are numbered in the order rows first meet them.
		values, keyOf := newKeyIndex(t.Len/4), []int32{0}
		values.numberValues(&c.Str, c.Valid, keep, out)
		empty := int32(-1) // the key of the value "", once met
		for r, vid := range out {
			if (keep != nil && !keep[r]) || !c.Valid[r] {
				continue
			}
			if vid == 0 { // the value ""
				if empty < 0 {
					empty = ix.idOf(k.Apply(""))
				}
				out[r] = empty
				continue
			}
			if int(vid) == len(keyOf) {
				keyOf = append(keyOf, ix.idOf(k.Apply(c.Str.At(r))))
			}
			out[r] = keyOf[vid]
		}
		return out
	}
	if len(keys) == 1 { // a key function of several fields
		k := keys[0]
		cols := make([]int, len(k.Fields))
		for i, f := range k.Fields {
			cols[i] = t.Col(f)
		}
		vals := make([]string, len(cols))
		for r := range out {
			if keep != nil && !keep[r] {
				continue
			}
			for i, c := range cols {
				vals[i] = t.Text(c, r)
			}
			out[r] = ix.idOf(k.Apply(vals...))
		}
		return out
	}
	// A key of several parts: number each part's keys, then each distinct
	// combination of part ids, so that a row costs a lookup of a few
	// bytes and the key's text is made once per block.
	if len(keys) == 2 && (ix.pairs != nil || len(ix.keys) == 1) {
		return ix.pairIDs(t, keys, keep)
	}
	parts := make([][]int32, len(keys))
	partKeys := make([][]string, len(keys))
	for i, k := range keys {
		pix := newKeyIndex(t.Len)
		parts[i] = pix.blockIDs(t, []rules.Key{k}, keep)
		partKeys[i] = pix.keys
	}
	var buf []byte
	// keyOf numbers the key of row r's combination of part ids.
	keyOf := func(r int) int32 {
		buf = buf[:0]
		for i := range keys {
			if i > 0 {
				buf = append(buf, keySep...)
			}
			buf = append(buf, partKeys[i][parts[i][r]]...)
		}
		return ix.id(buf)
	}
	if len(keys) == 2 {
		// Two part ids make one integer: the memo hashes no string.
		memo := newNumMemo(t.Len / 4)
		for r := range out {
			a, b := parts[0][r], parts[1][r]
			if a == 0 || b == 0 {
				continue
			}
			combo := uint64(a)<<32 | uint64(b)
			id, seen := memo.get(combo)
			if !seen {
				id = keyOf(r)
				memo.put(combo, id)
			}
			out[r] = id
		}
		return out
	}
	memo := map[string]int32{}
	combo := make([]byte, 4*len(keys))
rows:
	for r := range out {
		for i := range keys {
			id := parts[i][r]
			if id == 0 {
				continue rows
			}
			binary.LittleEndian.PutUint32(combo[4*i:], uint32(id))
		}
		id, seen := memo[string(combo)]
		if !seen {
			id = keyOf(r)
			memo[string(combo)] = id
		}
		out[r] = id
	}
	return out
}

// pairIDs is blockIDs for a key of two parts, in an index that holds no
// key but those pairIDs numbered: the index's pairs number the parts' ids
// once for all its calls, so that a pair not met before is a new key.
func (ix *keyIndex) pairIDs(t *Table, keys []rules.Key, keep []bool) []int32 {
	if ix.pairs == nil {
		ix.pairs = newPairIDs(t.Len)
	}
	p := ix.pairs
	a := p.parts[0].blockIDs(t, keys[:1], keep)
	b := p.parts[1].blockIDs(t, keys[1:], keep)
	keysA, keysB := p.parts[0].keys, p.parts[1].keys
	p.fit(len(keysA), len(keysB), t.Len)
	var buf []byte
	for r, ka := range a {
		kb := b[r]
		if ka == 0 || kb == 0 {
			a[r] = 0
			continue
		}
		id := p.get(ka, kb)
		if id == 0 {
			buf = append(append(append(buf[:0], keysA[ka]...), keySep...), keysB[kb]...)
			id = ix.addKey(buf)
			p.put(ka, kb, id)
		}
		a[r] = id
	}
	return a
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
	// early and revEarly hold the listed rows' keys in the earlier passes
	// (listEarlier), in the order of rows and revRows.
	early, revEarly earlier
	// listedPairs counts the pairs of the listed blocks, left rows times
	// right rows.
	listedPairs int64
	stats       PassStats
	skipped     []string // keys of the owned blocks over the guard
	// blocks lists the left rows by block when the pass is scored by
	// block (run.listBlocks), until its view takes them.
	blocks *leftBlocks
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
	ids, tasks := numberPass(keys, left, right, keepL, keepR, dedupe, false)
	for _, task := range tasks {
		task()
	}
	return ids.pass(name, maxPairs, dedupe, sc)
}

// passIDs are a pass's rows' key ids, before its blocks are weighed.
type passIDs struct {
	crossed  bool
	ix       *keyIndex // numbers the left side's keys, and the right's once joined
	ixR      *keyIndex // the right side's own index, when numbered apart, until joined
	idL, idR []int32
}

// numberPass returns the key ids of a pass and the tasks that fill them
// in, which may run concurrently. With split, the right side is numbered
// by an index of its own, so that the sides can be numbered at once;
// pass joins the indexes, giving the ids one index would have given.
func numberPass(keys rules.PassKeys, left, right *Table, keepL, keepR []bool, dedupe, split bool) (*passIDs, []func()) {
	pi := &passIDs{crossed: dedupe && !sameKeys(keys.Left, keys.Right), ix: newKeyIndex(left.Len + right.Len)}
	// An index's map is dropped once no key is to be looked up in it: the
	// keys, by id, are all a pass needs.
	numberLeft := func() { pi.idL = pi.ix.blockIDs(left, keys.Left, keepL) }
	if dedupe && !pi.crossed {
		return pi, []func(){func() { numberLeft(); pi.idR = pi.idL; pi.ix.done() }}
	}
	if pi.crossed { // the other side of a search is its one table
		right, keepR = left, keepL
	}
	if !split {
		return pi, []func(){func() {
			numberLeft()
			pi.idR = pi.ix.blockIDs(right, keys.Right, keepR)
			pi.ix.done()
		}}
	}
	pi.ixR = newKeyIndex(right.Len)
	return pi, []func(){numberLeft, func() { pi.idR = pi.ixR.blockIDs(right, keys.Right, keepR); pi.ixR.done() }}
}

// join numbers the right side's own keys in the left side's index. An
// index numbers keys in the order rows first meet them, so taking the
// right side's keys in their order gives each the id it would have had
// from one index over the left rows, then the right.
func (pi *passIDs) join() {
	if pi.ixR == nil {
		return
	}
	// The right side's keys, in id order, are numbered a batch at a time,
	// from a copy that the keys new to the left side's index share.
	remap := make([]int32, len(pi.ixR.keys))
	keysR := StringsOf(pi.ixR.keys[1:]...)
	pi.ix.numberValues(&keysR, nil, nil, remap[1:])
	for r, id := range pi.idR {
		pi.idR[r] = remap[id]
	}
	pi.ix.done()
	pi.ixR = nil
}

// pass weighs the blocks of numbered keys and, for sc.index, lists their
// rows.
func (pi *passIDs) pass(name string, maxPairs int64, dedupe bool, sc passScope) *pass {
	pi.join()
	p := &pass{stats: PassStats{Name: name}, crossed: pi.crossed, idL: pi.idL, idR: pi.idR}
	keys := pi.ix.keys // by id; keys[0] is ""
	n := len(keys)
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
		key := keys[id]
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
		for id := range n {
			if listed(int32(id)) {
				p.listedPairs += nL[id] * nR[id]
			}
		}
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

// earlier holds, for a list of rows, each listed row's key ids in the
// passes before a pass: byR[q][k] is the right-side key id in pass q of
// the list's row k and, when pass q is crossed, byL[q][k] its left-side
// key id. Read in list order beside the rows, they tell whether an earlier
// pass met a pair without a trip to memory per pass and pair.
type earlier struct {
	byR, byL [][]int32
}

// listEarlier returns the key ids in passes prev of rows.
func listEarlier(rows []int32, prev []*pass) earlier {
	e := earlier{byR: make([][]int32, len(prev)), byL: make([][]int32, len(prev))}
	at := func(ids []int32) []int32 {
		out := make([]int32, len(rows))
		for k, r := range rows {
			out[k] = ids[r]
		}
		return out
	}
	for q, pq := range prev {
		e.byR[q] = at(pq.idR)
		if pq.crossed {
			e.byL[q] = at(pq.idL)
		}
	}
	return e
}

// listEarlier fills in p.early and p.revEarly from the passes before p.
func (p *pass) listEarlier(prev []*pass) {
	p.early = listEarlier(p.rows, prev)
	if p.crossed {
		p.revEarly = listEarlier(p.revRows, prev)
	}
}

// held returns the key ids of row i in pass p by which the pass meets
// pairs: its left-side key's and, when crossed, its right-side key's,
// each 0 when there is none or its block is not kept.
func (p *pass) held(i int) (byL, byR int32) {
	if id := p.idL[i]; p.kept[id] {
		byL = id
	}
	if p.crossed {
		if id := p.idR[i]; p.kept[id] {
			byR = id
		}
	}
	return byL, byR
}

// heldLeft returns, for each of rows, the key id by which pass p meets
// its pairs by its left-side key: held's byL.
func (p *pass) heldLeft(rows []int32) []int32 {
	out := make([]int32, len(rows))
	for k, r := range rows {
		if id := p.idL[r]; p.kept[id] {
			out[k] = id
		}
	}
	return out
}

// span is the rows a pass pairs a row with from one of its lists:
// rows[lo:hi], beside their key ids in earlier passes, early.
type span struct {
	rows   []int32
	early  *earlier
	lo, hi int
}

// spans returns candidates as spans of the pass's lists.
func (p *pass) spans(i int) (byLeft, byRight span) {
	byLeft = span{rows: p.rows, early: &p.early}
	if id := p.idL[i]; id != 0 {
		byLeft.lo, byLeft.hi = int(p.start[id]), int(p.start[id+1])
	}
	if p.crossed {
		byRight = span{rows: p.revRows, early: &p.revEarly}
		if id := p.idR[i]; id != 0 {
			byRight.lo, byRight.hi = int(p.revStart[id]), int(p.revStart[id+1])
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
