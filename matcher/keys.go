package matcher

import (
	"hash/maphash"
	"math/bits"
	"strings"
)

// keyIndex numbers distinct blocking keys: id 0 is no key, and keys[id] is
// the key of id. Its table is open addressing over the keys' hashes, which
// holds no pointer for the collector to follow and costs one trip to
// memory for most lookups: a slot holds a key's id and the high half of
// its hash, so that a key's bytes are compared only where the halves
// agree.
type keyIndex struct {
	keys  []string
	slots []uint64 // hash&^idBits | id; 0 is empty
	sink  uint64   // keeps the loads of numberValues
	// text holds the keys that id copies, cut from one buffer at a
	// time rather than allocated one by one.
	text strings.Builder
}

// keyText is how many bytes of copied keys share a buffer.
const keyText = 64 << 10

// copyKey returns key as a string cut from ix.text. A builder's bytes,
// once written, never change: its strings stay valid as it moves on to a
// new buffer.
func (ix *keyIndex) copyKey(key []byte) string {
	if ix.text.Len()+len(key) > ix.text.Cap() {
		ix.text = strings.Builder{}
		ix.text.Grow(max(keyText, len(key)))
	}
	start := ix.text.Len()
	ix.text.Write(key)
	return ix.text.String()[start:]
}

// idBits are the bits of a slot that hold an id.
const idBits = 1<<32 - 1

// keySeed seeds the hashes of blocking keys; they stay within the process.
var keySeed = maphash.MakeSeed()

func newKeyIndex(rows int) *keyIndex {
	n := 16
	for n < rows/2 { // room for rows/4 keys at half load
		n *= 2
	}
	return &keyIndex{keys: []string{""}, slots: make([]uint64, n)}
}

// id returns the id of key, numbering it if new; key is copied only then.
func (ix *keyIndex) id(key []byte) int32 {
	if len(key) == 0 {
		return 0
	}
	h := maphash.Bytes(keySeed, key)
	mask := uint64(len(ix.slots) - 1)
	for at := h & mask; ; at = (at + 1) & mask {
		sl := ix.slots[at]
		if sl == 0 {
			return ix.add(at, ix.copyKey(key), h)
		}
		if sl&^idBits == h&^idBits && ix.keys[sl&idBits] == string(key) {
			return int32(sl & idBits)
		}
	}
}

// idOf is id for a key already held as a string, which is kept as it is.
func (ix *keyIndex) idOf(key string) int32 {
	if key == "" {
		return 0
	}
	return ix.idHashed(key, maphash.String(keySeed, key))
}

// idHashed is idOf for a key whose hash is h.
func (ix *keyIndex) idHashed(key string, h uint64) int32 {
	mask := uint64(len(ix.slots) - 1)
	for at := h & mask; ; at = (at + 1) & mask {
		sl := ix.slots[at]
		if sl == 0 {
			return ix.add(at, key, h)
		}
		if sl&^idBits == h&^idBits && ix.keys[sl&idBits] == key {
			return int32(sl & idBits)
		}
	}
}

// batchRows is how many rows numberValues looks up at once.
const batchRows = 32

// numberValues sets out[r] to the id of vals.At(r) for the rows that are
// valid and kept (keep nil keeps all), leaving the others. It looks rows
// up a batch at a time: first it hashes the batch's values and loads the
// slots they fall in, and the keys those slots name, so that those trips to
// memory overlap; then it numbers them in order, from the cache.
func (ix *keyIndex) numberValues(vals *Strings, valid, keep []bool, out []int32) {
	var hs [batchRows]uint64
	for lo := 0; lo < vals.Len(); lo += batchRows {
		batch := min(batchRows, vals.Len()-lo)
		mask := uint64(len(ix.slots) - 1)
		var sink uint64
		var use uint64 // bit k: row lo+k is looked up
		for k := range batch {
			r := lo + k
			v := vals.At(r)
			if v == "" || (valid != nil && !valid[r]) || (keep != nil && !keep[r]) {
				continue
			}
			use |= 1 << k
			h := maphash.String(keySeed, v)
			hs[k] = h
			sink += ix.slots[h&mask]
		}
		for u := use; u != 0; u &= u - 1 {
			h := hs[bits.TrailingZeros64(u)]
			if sl := ix.slots[h&mask]; sl != 0 && sl&^idBits == h&^idBits {
				sink += uint64(ix.keys[sl&idBits][0])
			}
		}
		ix.sink += sink
		for u := use; u != 0; u &= u - 1 {
			k := bits.TrailingZeros64(u)
			out[lo+k] = ix.idHashed(vals.At(lo+k), hs[k])
		}
	}
}

// add numbers key, whose hash is h, in empty slot at.
func (ix *keyIndex) add(at uint64, key string, h uint64) int32 {
	id := int32(len(ix.keys))
	ix.keys = append(ix.keys, key)
	ix.slots[at] = h&^idBits | uint64(id)
	if 2*len(ix.keys) > len(ix.slots) {
		ix.grow()
	}
	return id
}

// grow makes the table four times the size, placing each key by its hash,
// worked out again. Placing a key is a trip to memory: growing fourfold
// rather than twofold places far fewer keys over the table's life, for a
// table at worst an eighth full.
func (ix *keyIndex) grow() {
	slots := make([]uint64, 4*len(ix.slots))
	mask := uint64(len(slots) - 1)
	for id := 1; id < len(ix.keys); id++ {
		h := maphash.String(keySeed, ix.keys[id])
		at := h & mask
		for slots[at] != 0 {
			at = (at + 1) & mask
		}
		slots[at] = h&^idBits | uint64(id)
	}
	ix.slots = slots
}

// done drops the table once no key is to be looked up: the keys, by id,
// are all a pass needs.
func (ix *keyIndex) done() { ix.slots = nil }

// numMemo maps numbers to key ids: open addressing over a multiplicative
// hash, with no pointer in it and one trip to memory a lookup.
type numMemo struct {
	slots []numSlot
	shift uint // 64 less the log2 of len(slots)
	n     int
}

type numSlot struct {
	key  uint64
	id   int32
	used bool
}

// newNumMemo returns a memo with room for about n numbers before it grows.
func newNumMemo(n int) *numMemo {
	m := &numMemo{shift: 64 - 4}
	for 1<<(64-m.shift) < 2*n {
		m.shift--
	}
	m.slots = make([]numSlot, 1<<(64-m.shift))
	return m
}

func (m *numMemo) at(key uint64) uint64 { return (key * 0x9e3779b97f4a7c15) >> m.shift }

// get returns the id put for key, if any.
func (m *numMemo) get(key uint64) (int32, bool) {
	mask := uint64(len(m.slots) - 1)
	for at := m.at(key); ; at = (at + 1) & mask {
		sl := &m.slots[at]
		if !sl.used {
			return 0, false
		}
		if sl.key == key {
			return sl.id, true
		}
	}
}

// put sets the id of key, which get does not hold.
func (m *numMemo) put(key uint64, id int32) {
	if 2*(m.n+1) > len(m.slots) { // grow fourfold, as a keyIndex does
		old := m.slots
		m.shift -= 2
		m.slots = make([]numSlot, 4*len(old))
		m.n = 0
		for _, sl := range old {
			if sl.used {
				m.put(sl.key, sl.id)
			}
		}
	}
	mask := uint64(len(m.slots) - 1)
	at := m.at(key)
	for m.slots[at].used {
		at = (at + 1) & mask
	}
	m.slots[at] = numSlot{key: key, id: id, used: true}
	m.n++
}
