package matcher

import (
	"hash/maphash"
	"math/bits"
	"slices"
	"strings"
)

// keyIndex numbers distinct blocking keys: id 0 is no key, and keys[id] is
// the key of id. Its table is open addressing over the keys' hashes, which
// holds no pointer for the collector to follow and costs one trip to
// memory a lookup: a slot holds a key's id, its length, part of its hash
// and its first eight bytes, so that a key of up to eight bytes, as most
// blocking keys are, is told from the others without reading its text,
// and a longer one's text is read only where those agree.
type keyIndex struct {
	keys []string
	// slots is the table, made with size slots at the first lookup
	// (sync): an index whose keys are all numbered by addKey may never
	// need one.
	slots []keySlot
	size  int
	sink  uint64 // keeps the loads of numberValues
	// text holds the keys that id copies, cut from one buffer at a
	// time rather than allocated one by one.
	text strings.Builder
	// loose counts the last keys, numbered by addKey, that are not yet in
	// slots; sync places them before any lookup.
	loose int
	// pairs numbers keys of two parts by their parts' ids (blockIDs).
	pairs *pairIDs
}

// keySlot is a slot of a keyIndex's table, 16 bytes: meta is the key's
// tag (keyTag) and id, 0 when the slot is empty; head is the key's first
// eight bytes (keyHead).
type keySlot struct {
	meta, head uint64
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

// idBits are the bits of a slot's meta that hold an id.
const idBits = 1<<32 - 1

// keyTag is the high half of a slot's meta for a key of n bytes with
// hash h: the hash's top 24 bits and the length, up to 255.
func keyTag(h uint64, n int) uint64 {
	return h>>40<<40 | uint64(min(n, 255))<<32
}

// slotShift is how far a hash is shifted right to give its key's first
// slot in a table of n slots, a power of two: a key's place comes from
// its hash's top bits, which its tag holds, so that a table grows by
// moving its slots, in order, with no key hashed or read again.
func slotShift(n int) uint { return uint(bits.LeadingZeros64(uint64(n))) + 1 }

// tagBits is how many of a hash's bits a tag holds: a table of up to
// 1<<tagBits slots places its keys from their tags.
const tagBits = 24

// keyHead packs a key's first eight bytes, first byte lowest, zero past
// its end: keys of up to eight bytes with equal lengths and heads are
// equal.
func keyHead[T string | []byte](k T) uint64 {
	if len(k) >= 8 {
		return uint64(k[0]) | uint64(k[1])<<8 | uint64(k[2])<<16 | uint64(k[3])<<24 |
			uint64(k[4])<<32 | uint64(k[5])<<40 | uint64(k[6])<<48 | uint64(k[7])<<56
	}
	var x uint64
	for i := 0; i < len(k); i++ {
		x |= uint64(k[i]) << (8 * i)
	}
	return x
}

// keySeed seeds the hashes of blocking keys; they stay within the process.
var keySeed = maphash.MakeSeed()

func newKeyIndex(rows int) *keyIndex {
	n := 16
	for n < rows/2 { // room for rows/4 keys at half load
		n *= 2
	}
	return &keyIndex{keys: []string{""}, size: n}
}

// addKey numbers key, which the index does not hold, copying it. The key
// goes into the table only at the next lookup (sync): a caller that knows
// its keys are new, as pairIDs does, numbers them with no trip to the
// table.
func (ix *keyIndex) addKey(key []byte) int32 {
	ix.keys = append(ix.keys, ix.copyKey(key))
	ix.loose++
	return int32(len(ix.keys) - 1)
}

// sync makes the table, if there is none yet, and places the keys addKey
// numbered in it.
func (ix *keyIndex) sync() {
	if ix.slots == nil {
		ix.setSlots(make([]keySlot, ix.size))
	}
	if ix.loose == 0 {
		return
	}
	if 2*len(ix.keys) > len(ix.slots) {
		n := max(len(ix.slots), 16)
		for 2*len(ix.keys) > n {
			n *= 4
		}
		ix.rebuild(n)
	} else {
		for id := len(ix.keys) - ix.loose; id < len(ix.keys); id++ {
			place(ix.slots, ix.keys[id], int32(id))
		}
	}
	ix.loose = 0
}

// place puts key, numbered id, in the first empty slot from its hash's.
func place(slots []keySlot, key string, id int32) {
	h := maphash.String(keySeed, key)
	mask := uint64(len(slots) - 1)
	at := h >> slotShift(len(slots))
	for slots[at].meta != 0 {
		at = (at + 1) & mask
	}
	slots[at] = keySlot{meta: keyTag(h, len(key)) | uint64(id), head: keyHead(key)}
}

// id returns the id of key, numbering it if new; key is copied only then.
func (ix *keyIndex) id(key []byte) int32 {
	if len(key) == 0 {
		return 0
	}
	ix.sync()
	h := maphash.Bytes(keySeed, key)
	tag, head := keyTag(h, len(key)), keyHead(key)
	mask := uint64(len(ix.slots) - 1)
	for at := h >> slotShift(len(ix.slots)); ; at = (at + 1) & mask {
		sl := &ix.slots[at]
		if sl.meta == 0 {
			return ix.add(at, ix.copyKey(key), tag, head)
		}
		if sl.meta&^idBits == tag && sl.head == head && (len(key) <= 8 || ix.keys[sl.meta&idBits] == string(key)) {
			return int32(sl.meta & idBits)
		}
	}
}

// idOf is id for a key already held as a string, which is kept as it is.
func (ix *keyIndex) idOf(key string) int32 {
	if key == "" {
		return 0
	}
	ix.sync()
	return ix.idHashed(key, maphash.String(keySeed, key))
}

// idHashed is idOf for a key whose hash is h; the index is in sync.
func (ix *keyIndex) idHashed(key string, h uint64) int32 {
	tag, head := keyTag(h, len(key)), keyHead(key)
	mask := uint64(len(ix.slots) - 1)
	for at := h >> slotShift(len(ix.slots)); ; at = (at + 1) & mask {
		sl := &ix.slots[at]
		if sl.meta == 0 {
			return ix.add(at, key, tag, head)
		}
		if sl.meta&^idBits == tag && sl.head == head && (len(key) <= 8 || ix.keys[sl.meta&idBits] == key) {
			return int32(sl.meta & idBits)
		}
	}
}

// batchRows is how many rows numberValues looks up at once, at most 64 (a
// bit each in a word): the more, the more trips to memory overlap.
const batchRows = 64

// numberValues sets out[r] to the id of vals.At(r) for the rows that are
// valid and kept (keep nil keeps all), leaving the others. It looks rows
// up a batch at a time: first it hashes the batch's values and loads the
// slots they fall in, and the keys of more than eight bytes those slots
// name, so that those trips to memory overlap; then it numbers them in
// order, from the cache.
func (ix *keyIndex) numberValues(vals *Strings, valid, keep []bool, out []int32) {
	ix.sync()
	var hs [batchRows]uint64
	for lo := 0; lo < vals.Len(); lo += batchRows {
		batch := min(batchRows, vals.Len()-lo)
		shift := slotShift(len(ix.slots))
		var sink uint64
		var use uint64 // bit k: row lo+k is looked up
		for k := range batch {
			r := lo + k
			v := vals.At(r)
			if v == "" || (valid != nil && !valid[r]) || (keep != nil && !keep[r]) {
				continue
			}
			use |= 1 << k
			hs[k] = maphash.String(keySeed, v)
		}
		// The slots are loaded in a loop of their own, a few
		// instructions a row, so that the processor has many of those
		// trips to memory under way at once.
		for u := use; u != 0; u &= u - 1 {
			sink += ix.slots[hs[bits.TrailingZeros64(u)]>>shift].meta
		}
		// A key of more than eight bytes whose slot agrees is read.
		for u := use; u != 0; u &= u - 1 {
			k := bits.TrailingZeros64(u)
			h, v := hs[k], vals.At(lo+k)
			if sl := ix.slots[h>>shift]; len(v) > 8 && sl.meta&^idBits == keyTag(h, len(v)) {
				sink += uint64(ix.keys[sl.meta&idBits][0])
			}
		}
		ix.sink += sink
		for u := use; u != 0; u &= u - 1 {
			k := bits.TrailingZeros64(u)
			out[lo+k] = ix.idHashed(vals.At(lo+k), hs[k])
		}
	}
}

// add numbers key, whose tag and head are given, in empty slot at.
func (ix *keyIndex) add(at uint64, key string, tag, head uint64) int32 {
	id := int32(len(ix.keys))
	ix.keys = append(ix.keys, key)
	ix.slots[at] = keySlot{meta: tag | uint64(id), head: head}
	if 2*len(ix.keys) > len(ix.slots) {
		ix.grow()
	}
	return id
}

// grow makes the table four times the size. A table of up to 1<<tagBits
// slots moves its slots in order, each to the place its tag gives, which
// are in order too: no key is hashed or read again.
func (ix *keyIndex) grow() {
	n := 4 * len(ix.slots)
	if n > 1<<tagBits {
		ix.rebuild(n)
		return
	}
	slots := make([]keySlot, n)
	mask, shift := uint64(n-1), slotShift(n)
	for _, sl := range ix.slots {
		if sl.meta == 0 {
			continue
		}
		at := sl.meta >> shift
		for slots[at].meta != 0 {
			at = (at + 1) & mask
		}
		slots[at] = sl
	}
	ix.setSlots(slots)
}

// rebuild places every key in a table of n slots, a power of two.
func (ix *keyIndex) rebuild(n int) {
	slots := make([]keySlot, n)
	for id := 1; id < len(ix.keys); id++ {
		place(slots, ix.keys[id], int32(id))
	}
	ix.setSlots(slots)
}

// setSlots makes slots the table and gives the key list room for as many
// keys as the table takes before it grows, so that the list is copied once
// a table; append grows a long slice by a quarter at a time, copying it
// many times over.
func (ix *keyIndex) setSlots(slots []keySlot) {
	ix.slots = slots
	if n := len(slots)/2 + 1; n > cap(ix.keys) {
		ix.keys = slices.Grow(ix.keys, n-len(ix.keys))
	}
}

// done drops the table once no key is to be looked up: the keys, by id,
// are all a pass needs.
func (ix *keyIndex) done() { ix.slots, ix.pairs = nil, nil }

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
