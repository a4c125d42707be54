package extract

import "hash/maphash"

// refIndex remembers each record reference of a file with the line it was
// first seen on, to reject repeats. It is a hash table made for the case of
// a file of millions of distinct references: the references lie back to
// back in blocks of bytes and the table holds only numbers, so that the
// garbage collector has no pointers to scan, and a reference seen for the
// first time costs one probe that is nearly always a single cache line.
// It is not safe for concurrent use.
type refIndex struct {
	seed   maphash.Seed
	slots  []refSlot // a power of two long; at most half full
	refs   []refEntry
	blocks [][]byte // the references' bytes
}

// refSlot is one place of the table: the index of a reference plus one (0
// is an empty place), and the top bits of its hash, so that most places
// holding another reference are passed over without reading it.
type refSlot struct {
	ref  uint32
	hash uint32
}

// refEntry is where a reference's bytes are, and its line.
type refEntry struct {
	block, off, n uint32
	line          int
}

// refBlockSize is the size of the blocks the references are stored in, in
// bytes; a longer reference has a block of its own.
const refBlockSize = 1 << 20

func newRefIndex() *refIndex {
	return &refIndex{seed: maphash.MakeSeed(), slots: make([]refSlot, 1024)}
}

// firstLine returns the line ref was first seen on and true if it was seen
// before; otherwise it remembers ref, which it copies, with line.
func (x *refIndex) firstLine(ref string, line int) (int, bool) {
	h := maphash.String(x.seed, ref)
	mask := uint64(len(x.slots) - 1)
	top := uint32(h >> 32)
	for i := h & mask; ; i = (i + 1) & mask {
		s := x.slots[i]
		if s.ref == 0 {
			x.add(i, top, ref, line)
			return 0, false
		}
		if s.hash == top {
			if e := &x.refs[s.ref-1]; string(x.bytes(e)) == ref {
				return e.line, true
			}
		}
	}
}

// bytes returns the bytes of e's reference.
func (x *refIndex) bytes(e *refEntry) []byte {
	return x.blocks[e.block][e.off : e.off+e.n]
}

// add stores ref at slot i, growing the table when half full.
func (x *refIndex) add(i uint64, top uint32, ref string, line int) {
	last := len(x.blocks) - 1
	if last < 0 || len(x.blocks[last])+len(ref) > cap(x.blocks[last]) {
		x.blocks = append(x.blocks, make([]byte, 0, max(refBlockSize, len(ref))))
		last++
	}
	b := x.blocks[last]
	x.refs = append(x.refs, refEntry{block: uint32(last), off: uint32(len(b)), n: uint32(len(ref)), line: line})
	x.blocks[last] = append(b, ref...)
	x.slots[i] = refSlot{ref: uint32(len(x.refs)), hash: top}
	if 2*len(x.refs) > len(x.slots) {
		x.grow()
	}
}

// grow doubles the table and places every reference again.
func (x *refIndex) grow() {
	slots := make([]refSlot, 2*len(x.slots))
	mask := uint64(len(slots) - 1)
	for r := range x.refs {
		h := maphash.Bytes(x.seed, x.bytes(&x.refs[r]))
		i := h & mask
		for slots[i].ref != 0 {
			i = (i + 1) & mask
		}
		slots[i] = refSlot{ref: uint32(r + 1), hash: uint32(h >> 32)}
	}
	x.slots = slots
}
