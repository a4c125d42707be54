package extract

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// DelimitedConfig configures a DelimitedReader.
type DelimitedConfig struct {
	// Comma is the field delimiter. Zero detects comma, pipe, tilde or tab
	// from the header line.
	Comma rune
	// BatchSize is the number of rows per record batch.
	BatchSize int
	// Dates says how two-digit years are read.
	Dates DateConfig
	// Mem allocates the batches; nil means memory.DefaultAllocator.
	Mem memory.Allocator
}

// DefaultDelimitedConfig returns the configuration for NFI delimited files.
func DefaultDelimitedConfig() DelimitedConfig {
	return DelimitedConfig{BatchSize: 8192, Dates: DefaultDateConfig()}
}

// Validate reports a configuration that cannot work.
func (c DelimitedConfig) Validate() error {
	if c.BatchSize < 1 {
		return fmt.Errorf("batch size %d: must be at least 1", c.BatchSize)
	}
	if c.Comma != 0 && !strings.ContainsRune(",|~\t;", c.Comma) {
		return fmt.Errorf("delimiter %q: must be one of , | ~ tab ;", c.Comma)
	}
	return nil
}

// DelimitedReader reads a delimited text file with a header row into record
// batches of a canonical dataset schema. It implements array.RecordReader; it
// is not safe for concurrent use.
type DelimitedReader struct {
	ctx     context.Context
	file    string
	ds      *Dataset
	body    string
	cfg     DelimitedConfig
	rejects RejectSink
	csv     *csv.Reader
	lines   *lineReader
	comma   rune
	cols    []int // field index -> column index, -1 when absent
	width   int   // number of header columns
	schema  *arrow.Schema
	bld     *array.RecordBuilder
	cells   []cell
	// refField is the index of record_id in the dataset's fields, or -1;
	// seenRefs maps each reference seen to its line, to reject repeats.
	refField int
	seenRefs map[string]int
	rec      arrow.Record
	err      error
	done     bool
	refs     int64
	stats    Stats
}

var _ array.RecordReader = (*DelimitedReader)(nil)

// cell holds one parsed value before the row is known to be good.
type cell struct {
	str      string
	num      int64
	valid    bool
	inPounds bool // a money value written in pounds
}

// NewDelimitedReader reads the header from r and maps it onto ds. name is the
// file name used in messages and rejects; body is the supplying body, stored
// in every record. An error here means the file cannot be read at all (no
// header, no column for a required field); row-level problems go to rejects.
func NewDelimitedReader(ctx context.Context, r io.Reader, name string, ds *Dataset, body string, cfg DelimitedConfig, rejects RejectSink) (*DelimitedReader, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if cfg.Mem == nil {
		cfg.Mem = memory.DefaultAllocator
	}
	br := bufio.NewReaderSize(r, 1<<16)
	first, err := br.Peek(1 << 12)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if bytes.HasPrefix(first, []byte("\ufeff")) {
		br.Discard(3) // a UTF-8 byte order mark before the header
		first = first[3:]
	}
	comma := cfg.Comma
	if comma == 0 {
		comma = detectDelimiter(first)
	}
	lines := newLineReader(br)
	cr := newCSV(lines, comma)
	header, err := cr.Read()
	lines.take()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: empty file: a header row is required", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", name, err)
	}
	cols, err := mapHeader(name, ds, header)
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
	d := &DelimitedReader{
		refField: refField, seenRefs: map[string]int{},
		ctx: ctx, file: name, ds: ds, body: body, cfg: cfg, rejects: rejects,
		csv: cr, lines: lines, comma: comma, cols: cols, width: len(header), schema: schema,
		bld: array.NewRecordBuilder(cfg.Mem, schema), cells: make([]cell, len(ds.Fields)), refs: 1,
		stats: Stats{File: name, Dataset: ds.Type, Body: body, Warnings: map[string]int64{}},
	}
	return d, nil
}

// misplacedBreak explains a line break inside a field that cannot hold one.
// Addresses and free text may run over lines; a break in a name, reference,
// date or code means a stray quote joined rows together.
func (d *DelimitedReader) misplacedBreak(fields []string) string {
	for fi, col := range d.cols {
		if col < 0 || !strings.ContainsAny(fields[col], "\r\n") {
			continue
		}
		if k := d.ds.Fields[fi].Kind; k != KindAddress && k != KindText {
			return fmt.Sprintf("line break inside %s: a stray quote joined lines", d.ds.Fields[fi].Name)
		}
	}
	return ""
}

func newCSV(r *lineReader, comma rune) *csv.Reader {
	cr := csv.NewReader(r)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	return cr
}

// detectDelimiter picks the most frequent of comma, pipe, tilde, tab and
// semicolon on the first line, outside quotes.
func detectDelimiter(b []byte) rune {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	counts := map[byte]int{}
	quoted := false
	for _, c := range b {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ',' || c == '|' || c == '~' || c == '\t' || c == ';'):
			counts[c]++
		}
	}
	best := byte(',')
	for _, c := range []byte{'|', '~', '\t', ';'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return rune(best)
}

// Stats returns the counts so far; they are final once Next returned false.
func (d *DelimitedReader) Stats() Stats { return d.stats }

// Schema returns the dataset's Arrow schema.
func (d *DelimitedReader) Schema() *arrow.Schema { return d.schema }

// Record returns the current batch, valid until the next call to Next. Call
// Retain to keep it longer.
func (d *DelimitedReader) Record() arrow.Record { return d.rec }

// Err returns the error that stopped the reader, if any.
func (d *DelimitedReader) Err() error { return d.err }

// Retain adds a reference to the reader.
func (d *DelimitedReader) Retain() { atomic.AddInt64(&d.refs, 1) }

// Release drops a reference; the last one frees the current batch and the
// builder.
func (d *DelimitedReader) Release() {
	if atomic.AddInt64(&d.refs, -1) != 0 {
		return
	}
	if d.rec != nil {
		d.rec.Release()
		d.rec = nil
	}
	d.bld.Release()
}

// Next reads the next batch of up to BatchSize loaded rows.
func (d *DelimitedReader) Next() bool {
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
	rows := 0
	for rows < d.cfg.BatchSize {
		fields, err := d.csv.Read()
		if errors.Is(err, io.EOF) {
			d.done = true
			break
		}
		var pe *csv.ParseError
		tooLong := errors.Is(err, errRecordTooLong)
		if err != nil && !tooLong && !errors.As(err, &pe) {
			d.err = fmt.Errorf("read %s: %w", d.file, err)
			return false
		}
		lines := d.lines.take()
		if len(lines) == 0 {
			continue // nothing but blank lines
		}
		d.stats.Read++
		var reason string
		switch {
		case tooLong:
			reason = errRecordTooLong.Error()
		case pe != nil:
			reason = pe.Err.Error()
		case len(fields) != d.width:
			reason = fmt.Sprintf("row has %d fields, header has %d", len(fields), d.width)
		case len(lines) > 1:
			reason = d.misplacedBreak(fields)
		}
		if reason != "" {
			// Reject the first line alone and parse the others again: a
			// stray quote must not take the rows after it along.
			if err := d.reject(Reject{Line: lines[0].n, Reason: reason, Raw: rawText(lines[:1])}); err != nil {
				d.err = err
				return false
			}
			if len(lines) > 1 {
				d.lines.replayLines(lines[1:])
				d.csv = newCSV(d.lines, d.comma)
			}
			continue
		}
		ok, err := d.row(lines, fields)
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
	d.rec = d.bld.NewRecord()
	return true
}

func (d *DelimitedReader) reject(r Reject) error {
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
