package extract

import (
	"math"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// batchBuilder builds the record batches of a schema. Its string columns,
// most of a dataset's, are collected in Go memory that is kept from batch
// to batch, and copied into buffers of the allocator once a batch is done:
// appending a value is then a copy and two stores, where an
// array.StringBuilder checks and grows three buffers per value. Other
// columns use Arrow's builders. It is not safe for concurrent use.
type batchBuilder struct {
	mem    memory.Allocator
	schema *arrow.Schema
	strs   []*stringColumn // by schema field; nil where not a string
	others []array.Builder // by schema field; nil where a string
	rows   int
}

func newBatchBuilder(mem memory.Allocator, schema *arrow.Schema) *batchBuilder {
	b := &batchBuilder{mem: mem, schema: schema,
		strs: make([]*stringColumn, schema.NumFields()), others: make([]array.Builder, schema.NumFields())}
	for i, f := range schema.Fields() {
		if f.Type.ID() == arrow.STRING {
			b.strs[i] = newStringColumn()
		} else {
			b.others[i] = array.NewBuilder(mem, f.Type)
		}
	}
	return b
}

// reserve makes room for n more rows in the columns that are not strings.
func (b *batchBuilder) reserve(n int) {
	for _, o := range b.others {
		if o != nil {
			o.Reserve(n)
		}
	}
}

// full reports whether a string column holds so many bytes that the batch
// must end before its 32-bit offsets could overflow.
func (b *batchBuilder) full() bool {
	for _, s := range b.strs {
		if s != nil && len(s.data) > maxColumnBytes {
			return true
		}
	}
	return false
}

// maxColumnBytes bounds a string column of one batch, in bytes, well
// below the 2 GiB its offsets can address, so that a row of up to
// maxColumnBytes more still fits.
const maxColumnBytes = math.MaxInt32 / 2

// newRecord returns the rows appended since the last call as a record, and
// starts a new batch. The caller releases the record.
func (b *batchBuilder) newRecord() arrow.Record {
	cols := make([]arrow.Array, len(b.strs))
	for i := range cols {
		if s := b.strs[i]; s != nil {
			cols[i] = s.finish(b.mem)
		} else {
			cols[i] = b.others[i].NewArray()
		}
	}
	rec := array.NewRecord(b.schema, cols, int64(b.rows))
	for _, c := range cols {
		c.Release()
	}
	b.rows = 0
	return rec
}

// release frees the builders of the columns that are not strings.
func (b *batchBuilder) release() {
	for _, o := range b.others {
		if o != nil {
			o.Release()
		}
	}
}

// stringColumn is one utf8 column of a batch in the making.
type stringColumn struct {
	offsets []int32 // one more than the values; offsets[0] is 0
	data    []byte
	valid   []byte // the validity bitmap, least significant bit first
	nulls   int
}

func newStringColumn() *stringColumn { return &stringColumn{offsets: []int32{0}} }

func (c *stringColumn) append(s string) {
	n := len(c.offsets) - 1
	if n%8 == 0 {
		c.valid = append(c.valid, 0)
	}
	c.valid[n/8] |= 1 << (n % 8)
	c.data = append(c.data, s...)
	c.offsets = append(c.offsets, int32(len(c.data)))
}

func (c *stringColumn) appendNull() {
	if (len(c.offsets)-1)%8 == 0 {
		c.valid = append(c.valid, 0)
	}
	c.nulls++
	c.offsets = append(c.offsets, int32(len(c.data)))
}

// finish copies the column into buffers of mem as a string array and
// empties it, keeping its memory for the next batch. The validity bitmap
// is padded to 64 bytes, as a builder's is, and left out when no value is
// null.
func (c *stringColumn) finish(mem memory.Allocator) arrow.Array {
	n := len(c.offsets) - 1
	offsets := copyBuffer(mem, arrow.Int32Traits.CastToBytes(c.offsets), len(c.offsets)*arrow.Int32SizeBytes)
	values := copyBuffer(mem, c.data, len(c.data))
	var valid *memory.Buffer
	if c.nulls > 0 {
		valid = copyBuffer(mem, c.valid, (len(c.valid)+63)&^63)
	}
	data := array.NewData(arrow.BinaryTypes.String, n, []*memory.Buffer{valid, offsets, values}, nil, c.nulls, 0)
	arr := array.MakeFromData(data)
	data.Release()
	for _, b := range []*memory.Buffer{valid, offsets, values} {
		if b != nil {
			b.Release()
		}
	}
	c.offsets, c.data, c.valid, c.nulls = c.offsets[:1], c.data[:0], c.valid[:0], 0
	return arr
}

// copyBuffer returns a buffer of mem, size bytes long, that begins with
// src; the rest is zero.
func copyBuffer(mem memory.Allocator, src []byte, size int) *memory.Buffer {
	buf := memory.NewResizableBuffer(mem)
	buf.Resize(size)
	b := buf.Bytes()
	clear(b[copy(b, src):])
	return buf
}
