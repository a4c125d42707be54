package extract

import (
	"encoding/binary"
	"hash/maphash"
)

// refIndex remembers each record reference of a file with the line it was
// first seen on, to reject repeats. It is a hash table made for a file of
// millions of distinct references: each reference and its line lie back to
// back in blocks of bytes, and the table holds only numbers, so that the
// garbage collector has no pointers to scan, a reference costs about 16
// bytes besides its own, and a reference seen for the first time costs one
// probe that is nearly always a single cache line. It is not safe for
// concurrent use.
type refIndex struct {
	seed   maphash.Seed
	slots  []refSlot // a power of two long; at most three quarters full
	refs   []uint64  // where each reference is: block<<32 | offset
	blocks [][]byte  // the references, each as uvarint length, bytes, uvarint line
}

// refSlot is one place of the table: the number of a reference plus one (0
// is an empty place), and the top bits of its hash, so that most places
// holding another reference are passed over without reading it.
type refSlot struct {
	ref  uint32
	hash uint32
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
			if b, first := x.entry(s.ref - 1); string(b) == ref {
				return first, true
			}
		}
	}
}

// entry returns the bytes and the line of reference r.
func (x *refIndex) entry(r uint32) ([]byte, int) {
	pos := x.refs[r]
	b := x.blocks[pos>>32][uint32(pos):]
	n, k := binary.Uvarint(b)
	b = b[k:]
	line, _ := binary.Uvarint(b[n:])
	return b[:n:n], int(line)
}

// add stores ref at slot i, growing the table when three quarters full.
func (x *refIndex) add(i uint64, top uint32, ref string, line int) {
	size := 2*binary.MaxVarintLen64 + len(ref)
	last := len(x.blocks) - 1
	if last < 0 || len(x.blocks[last])+size > cap(x.blocks[last]) {
		x.blocks = append(x.blocks, make([]byte, 0, max(refBlockSize, size)))
		last++
	}
	b := x.blocks[last]
	x.refs = append(x.refs, uint64(last)<<32|uint64(len(b)))
	b = binary.AppendUvarint(b, uint64(len(ref)))
	b = append(b, ref...)
	x.blocks[last] = binary.AppendUvarint(b, uint64(line))
	x.slots[i] = refSlot{ref: uint32(len(x.refs)), hash: top}
	if 4*len(x.refs) > 3*len(x.slots) {
		x.grow()
	}
}

// grow doubles the table and places every reference again.
func (x *refIndex) grow() {
	slots := make([]refSlot, 2*len(x.slots))
	mask := uint64(len(slots) - 1)
	for r := range x.refs {
		b, _ := x.entry(uint32(r))
		h := maphash.Bytes(x.seed, b)
		i := h & mask
		for slots[i].ref != 0 {
			i = (i + 1) & mask
		}
		slots[i] = refSlot{ref: uint32(r + 1), hash: uint32(h >> 32)}
	}
	x.slots = slots
}
