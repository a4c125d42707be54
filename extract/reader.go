package extract

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// ReaderConfig configures a Reader.
type ReaderConfig struct {
	// BatchSize is the number of rows per record batch.
	BatchSize int
	// Dates says how two-digit years are read.
	Dates DateConfig
	// Mem allocates the batches; nil means memory.DefaultAllocator.
	Mem memory.Allocator
}

// DefaultReaderConfig returns batches of 8192 rows and two-digit years
// pivoted on the current year.
func DefaultReaderConfig() ReaderConfig {
	return ReaderConfig{BatchSize: 8192, Dates: DefaultDateConfig()}
}

// Reader turns the rows of a Source into record batches of a dataset's
// canonical schema, normalising every value once. A row without a valid
// value for a required field, or with a record_id seen before, is rejected
// with its line and reason; a bad optional value is loaded as NULL and
// counted as a warning. Reader implements array.RecordReader; it is not safe
// for concurrent use.
type Reader struct {
	ctx     context.Context
	src     Source
	file    string
	ds      *Dataset
	body    string
	cfg     ReaderConfig
	rejects RejectSink
	plan    []fieldPlan
	width   int
	schema  *arrow.Schema
	bld     *batchBuilder
	cells   []cell
	// refField is the index of record_id in the dataset's fields, or -1;
	// seenRefs holds each reference seen with its line, to reject repeats.
	refField int
	seenRefs *refIndex
	derived  derivation // fields filled from others, see derive
	rec      arrow.Record
	err      error
	done     bool
	refs     int64
	stats    Stats
}

var _ array.RecordReader = (*Reader)(nil)

// cell holds one parsed value before the row is known to be good.
type cell struct {
	str   string
	num   int64
	valid bool
	orig  string // the value as supplied, trimmed
	// note says how a value that needed a repair was repaired (see the
	// note constants); the row counts it as the warning "field: note".
	note string
}

// NewReader maps src's columns onto ds, by m where it says and by header name
// and alias otherwise. name is the input's name in messages and rejects; body
// is the supplying body, stored in every record. An error here means the
// input cannot be read at all (a required field without a column, a mapping
// that names a missing column); row-level problems go to rejects.
func NewReader(ctx context.Context, src Source, name string, ds *Dataset, body string, m *Mapping, cfg ReaderConfig, rejects RejectSink) (*Reader, error) {
	if cfg.BatchSize < 1 {
		return nil, fmt.Errorf("%s: batch size %d: must be at least 1", name, cfg.BatchSize)
	}
	if cfg.Mem == nil {
		cfg.Mem = memory.DefaultAllocator
	}
	if err := m.Validate(ds); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	cols := src.Columns()
	plan, err := planFields(name, ds, cols, m)
	if err != nil {
		return nil, err
	}
	schema := ds.Schema()
	refField := -1
	for i, f := range ds.Fields {
		if f.Name == "record_id" {
			refField = i
		}
	}
	return &Reader{
		ctx: ctx, src: src, file: name, ds: ds, body: body, cfg: cfg, rejects: rejects,
		plan: plan, width: len(cols), schema: schema,
		refField: refField, seenRefs: newRefIndex(), derived: planDerived(ds, plan),
		bld: newBatchBuilder(cfg.Mem, schema), cells: make([]cell, len(ds.Fields)), refs: 1,
		stats: Stats{File: name, Dataset: ds.Type, Body: body, Warnings: map[string]int64{}},
	}, nil
}

// Stats returns the counts so far; they are final once Next returned false.
func (d *Reader) Stats() Stats { return d.stats }

// Schema returns the dataset's Arrow schema.
func (d *Reader) Schema() *arrow.Schema { return d.schema }

// Record returns the current batch, valid until the next call to Next. Call
// Retain to keep it longer.
func (d *Reader) Record() arrow.Record { return d.rec }

// Err returns the error that stopped the reader, if any.
func (d *Reader) Err() error { return d.err }

// Retain adds a reference to the reader.
func (d *Reader) Retain() { atomic.AddInt64(&d.refs, 1) }

// Release drops a reference; the last one frees the current batch and the
// builder.
func (d *Reader) Release() {
	if atomic.AddInt64(&d.refs, -1) != 0 {
		return
	}
	if d.rec != nil {
		d.rec.Release()
		d.rec = nil
	}
	d.bld.release()
}

// Next reads the next batch of up to BatchSize loaded rows.
func (d *Reader) Next() bool {
	if d.rec != nil {
		d.rec.Release()
		d.rec = nil
	}
	if d.done || d.err != nil {
		return false
	}
	if err := d.ctx.Err(); err != nil {
		d.err = err
		return false
	}
	d.bld.reserve(min(d.cfg.BatchSize, 1<<16))
	rows := 0
	for rows < d.cfg.BatchSize && !d.bld.full() {
		r, err := d.src.Next()
		if errors.Is(err, io.EOF) {
			d.done = true
			break
		}
		if err != nil {
			d.err = fmt.Errorf("read %s: %w", d.file, err)
			return false
		}
		d.stats.Read++
		reason := r.Bad
		if reason == "" && len(r.Values) != d.width {
			reason = fmt.Sprintf("row has %d fields, header has %d", len(r.Values), d.width)
		}
		if reason == "" && r.Multiline {
			if reason = d.misplacedBreak(r.Values); reason != "" {
				if sp, ok := d.src.(lineSplitter); ok {
					r.Raw = sp.splitFirstLine()
				} else {
					r.Raw = d.raw(r)
				}
			}
		}
		if reason != "" {
			if err := d.reject(Reject{Line: r.Line, Reason: reason, Raw: d.raw(r)}); err != nil {
				d.err = err
				return false
			}
			continue
		}
		ok, err := d.row(r)
		if err != nil {
			d.err = err
			return false
		}
		if ok {
			rows++
		}
	}
	if rows == 0 {
		return false
	}
	d.stats.Loaded += int64(rows)
	d.rec = d.bld.newRecord()
	return true
}

// misplacedBreak explains a line break inside a field that cannot hold one.
// Addresses and free text may run over lines; a break in a name, reference,
// date or code means a stray quote joined rows together.
func (d *Reader) misplacedBreak(values []string) string {
	for _, p := range d.plan {
		if p.col < 0 || !strings.ContainsAny(values[p.col], "\r\n") {
			continue
		}
		if k := p.field.Kind; k != KindAddress && k != KindText {
			return fmt.Sprintf("line break inside %s: a stray quote joined lines", p.field.Name)
		}
	}
	return ""
}

// raw returns the text of r as supplied, for the rejects.
func (d *Reader) raw(r Row) string {
	if rs, ok := d.src.(rawSource); ok && r.Raw == "" {
		return rs.rawLast()
	}
	return r.Raw
}

func (d *Reader) reject(r Reject) error {
	r.File = d.file
	d.stats.Rejected++
	if d.rejects == nil {
		return nil
	}
	if err := d.rejects.Reject(r); err != nil {
		return fmt.Errorf("write reject for %s:%d: %w", d.file, r.Line, err)
	}
	return nil
}
