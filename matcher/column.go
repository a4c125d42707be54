package matcher

import (
	"fmt"
	"math"
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/nfimatch/nfimatch/extract"
)

// Column holds one field of every record of a Table. Str is used by text
// kinds, Num by dates (days since 1970-01-01), money (pence), whole numbers
// and flags (1 for yes, 0 for no).
type Column struct {
	Kind  extract.Kind
	Str   Strings
	Num   []int64
	Valid []bool
}

// maxTextBytes is the most text one column of a table holds: its offsets
// are 32-bit.
const maxTextBytes = math.MaxUint32

// Strings is a column of text cells laid out as Arrow lays out a string
// array: the cells' bytes back to back in one buffer, and where each cell
// starts and ends in another. It holds no pointer per cell, so a table of
// millions of cells is two buffers a column for the garbage collector,
// neither of which it has to scan, not a string header a cell to mark;
// and it is loaded with one copy of each batch's bytes, not an allocation
// a cell.
//
// The zero value is an empty column. A Strings is read-only once its
// table is built and safe for concurrent readers. A missing cell (see
// Column.Valid) reads as what the batch held for it, normally "".
type Strings struct {
	// data holds the cells' bytes. A byte once written is never changed:
	// appending writes past the end or, when full, copies to a new
	// buffer, so the strings At returns, which point into data, never
	// change either and keep the buffer they point into alive. Only the
	// builder of a table appends to its columns: two copies of a Strings
	// share their spare room, so a copy is only read.
	data []byte
	// offs is empty or Len()+1 long: cell r is data[offs[r]:offs[r+1]],
	// and the last offset is len(data).
	offs []uint32
}

// StringsOf returns a column of a copy of vals. It panics if they hold
// more than 4 GiB, the most a column holds.
func StringsOf(vals ...string) Strings {
	var s Strings
	var n int64
	for _, v := range vals {
		n += int64(len(v))
	}
	if n > maxTextBytes {
		panic(fmt.Sprintf("matcher.StringsOf: %d bytes of text, more than a column holds", n))
	}
	s.data = make([]byte, 0, n)
	s.offs = make([]uint32, 0, len(vals)+1)
	s.offs = append(s.offs, 0)
	for _, v := range vals {
		s.data = append(s.data, v...)
		s.offs = append(s.offs, uint32(len(s.data)))
	}
	return s
}

// Len returns the number of cells.
func (s *Strings) Len() int {
	if len(s.offs) == 0 {
		return 0
	}
	return len(s.offs) - 1
}

// At returns cell r. It allocates nothing: the string shares the
// column's buffer, which is never modified once written (see data), and
// keeps it alive.
func (s *Strings) At(r int) string {
	lo, hi := s.offs[r], s.offs[r+1]
	if lo == hi {
		return ""
	}
	return unsafe.String(&s.data[lo], int(hi-lo))
}

// add appends v, copying it.
func (s *Strings) add(v string) error {
	if err := s.room(len(v), 1); err != nil {
		return err
	}
	if len(s.offs) == 0 {
		s.offs = append(s.offs, 0)
	}
	s.data = append(s.data, v...)
	s.offs = append(s.offs, uint32(len(s.data)))
	return nil
}

// addArrow appends the cells of a. With clone, or when s already holds
// cells, a's bytes are copied into s's buffer at once; else s becomes a
// view of a's buffers, valid only while a is, and taking no copy of its
// bytes. A view appended to later copies itself first: its buffer is
// a's, which it must not write to.
func (s *Strings) addArrow(a *array.String, clone bool) error {
	n := a.Len()
	if n == 0 {
		return nil
	}
	src := a.ValueOffsets() // n+1 offsets into a's whole buffer
	lo, hi := src[0], src[n]
	var shift int64 // what turns an offset of src into one of s
	if !clone && s.Len() == 0 {
		var buf []byte
		if b := a.Data().Buffers()[2]; b != nil {
			// The full slice expression caps the view: appending to it
			// copies rather than write into a's buffer.
			buf = b.Bytes()[:hi:hi]
		}
		s.data, s.offs = buf, make([]uint32, 0, n+1)
	} else {
		if err := s.room(int(hi-lo), n); err != nil {
			return err
		}
		shift = int64(len(s.data)) - int64(lo)
		s.data = append(s.data, a.ValueBytes()...)
	}
	if len(s.offs) == 0 {
		s.offs = append(s.offs, uint32(int64(lo)+shift))
	}
	for _, o := range src[1:] {
		s.offs = append(s.offs, uint32(int64(o)+shift))
	}
	return nil
}

// addAll appends the cells of o, copying them.
func (s *Strings) addAll(o *Strings) error {
	n := o.Len()
	if n == 0 {
		return nil
	}
	lo, hi := o.offs[0], o.offs[n]
	if err := s.room(int(hi-lo), n); err != nil {
		return err
	}
	shift := int64(len(s.data)) - int64(lo)
	s.data = append(s.data, o.data[lo:hi]...)
	if len(s.offs) == 0 {
		s.offs = append(s.offs, uint32(int64(lo)+shift))
	}
	for _, off := range o.offs[1:] {
		s.offs = append(s.offs, uint32(int64(off)+shift))
	}
	return nil
}

// room makes room in s for n more cells of b bytes in all, growing its
// buffers geometrically, or says why the column cannot hold them.
func (s *Strings) room(b, n int) error {
	if int64(len(s.data))+int64(b) > maxTextBytes {
		return fmt.Errorf("more than %d bytes of text in one column", int64(maxTextBytes))
	}
	s.data = grow(s.data, b)
	if len(s.offs) == 0 {
		n++
	}
	s.offs = grow(s.offs, n)
	return nil
}

// clip gives back the room s's buffers have to spare, copying a buffer
// that has more than an eighth of it spare.
func (s *Strings) clip() {
	s.data, s.offs = clip(s.data), clip(s.offs)
}

// grow returns s with room for n more elements: when it has too little,
// a copy with at least twice the capacity, so that a column built up a
// batch at a time is copied a few times, not once a batch.
func grow[T any](s []T, n int) []T {
	if n <= cap(s)-len(s) {
		return s
	}
	out := make([]T, len(s), max(2*cap(s), len(s)+n))
	copy(out, s)
	return out
}

// clip returns s, or a copy of it without the spare capacity when more
// than an eighth of it is spare.
func clip[T any](s []T) []T {
	if cap(s)-len(s) <= cap(s)/8 {
		return s
	}
	return append(make([]T, 0, len(s)), s...)
}
