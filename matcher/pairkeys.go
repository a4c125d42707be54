package matcher

// pairIDs numbers the keys of two parts in a keyIndex by their parts' ids,
// across every blockIDs call on that index. Each part's keys are numbered
// in an index of its own, kept between calls, so that a pair of part ids
// names one key and one key one pair: a pair not met before is a key the
// index does not hold, numbered with no lookup of its text.
type pairIDs struct {
	parts [2]*keyIndex
	// cells[a*width+b] is the id of the key of part ids a and b, 0 until
	// met, while the pairs the parts' ids can form are few enough (dense);
	// past that, memo holds the ids by a<<32|b.
	cells []int32
	width int
	memo  *numMemo
}

// denseCells bounds the cells of a pairIDs as a multiple of the rows of
// the table numbered: a key of a date and an initial, say, forms some
// 25,000 x 27 pairs, a few megabytes read from cache, where a memo of as
// many keys would be a trip to memory a row.
const denseCells = 2

// newPairIDs returns the pairs of an index over rows rows. The parts'
// indexes start small: a part of a key, such as a date or an initial,
// mostly has far fewer values than the key.
func newPairIDs(rows int) *pairIDs {
	return &pairIDs{parts: [2]*keyIndex{newKeyIndex(rows / 16), newKeyIndex(rows / 16)}}
}

// fit makes room for part ids below na and nb, the index being numbered
// over rows rows.
func (p *pairIDs) fit(na, nb, rows int) {
	if p.memo != nil || (p.cells != nil && na*p.width <= len(p.cells) && nb <= p.width) {
		return
	}
	old, oldWidth := p.cells, p.width
	if na*nb > max(denseCells*rows, 1<<16) {
		p.memo, p.cells = newNumMemo(rows/4), nil
		for c, id := range old {
			if id != 0 {
				p.memo.put(uint64(c/oldWidth)<<32|uint64(c%oldWidth), id)
			}
		}
		return
	}
	// Room for a quarter more ids of each part, met on the other side.
	p.width = nb + nb/4
	p.cells = make([]int32, (na+na/4)*p.width)
	for c, id := range old {
		if id != 0 {
			p.cells[(c/oldWidth)*p.width+c%oldWidth] = id
		}
	}
}

// get returns the id of the key of part ids a and b, 0 if not met.
func (p *pairIDs) get(a, b int32) int32 {
	if p.memo != nil {
		id, _ := p.memo.get(uint64(a)<<32 | uint64(b))
		return id
	}
	return p.cells[int(a)*p.width+int(b)]
}

// put sets the id of the key of part ids a and b.
func (p *pairIDs) put(a, b, id int32) {
	if p.memo != nil {
		p.memo.put(uint64(a)<<32|uint64(b), id)
		return
	}
	p.cells[int(a)*p.width+int(b)] = id
}
