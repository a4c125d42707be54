package matcher

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/ipc"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/rules"
)

// rowField is the column a partition file adds to the dataset's schema:
// each record's row in the run, so that a part keeps the run's order and
// its matches can be told apart from the same records in other parts.
const rowField = "_run_row"

func partSchema(ds *extract.Dataset) *arrow.Schema {
	fields := append(ds.Schema().Fields(), arrow.Field{Name: rowField, Type: arrow.PrimitiveTypes.Int64})
	return arrow.NewSchema(fields, nil)
}

// partWriter writes one side of one partition as an Arrow IPC stream,
// batch by batch.
type partWriter struct {
	f   *os.File
	buf *bufio.Writer
	w   *ipc.Writer
	b   *array.RecordBuilder
	n   int // rows in b
}

func newPartWriter(path string, schema *arrow.Schema) (*partWriter, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, fmt.Errorf("partition file: %w", err)
	}
	buf := bufio.NewWriterSize(f, 256<<10)
	return &partWriter{f: f, buf: buf, w: ipc.NewWriter(buf, ipc.WithSchema(schema)),
		b: array.NewRecordBuilder(memory.DefaultAllocator, schema)}, nil
}

// addRows appends rows of rec (in increasing order), the record's row in
// the run being at plus its row in rec, flushing a batch every batchRows
// rows.
func (pw *partWriter) addRows(rec arrow.Record, rows []int, at int64, batchRows int) error {
	for len(rows) > 0 {
		m := min(len(rows), batchRows-pw.n)
		if err := pw.appendRows(rec, rows[:m], at); err != nil {
			return err
		}
		pw.n += m
		rows = rows[m:]
		if pw.n >= batchRows {
			if err := pw.flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

// appendRows appends rows of rec column by column.
func (pw *partWriter) appendRows(rec arrow.Record, rows []int, at int64) error {
	n := int(rec.NumCols())
	for c := 0; c < n; c++ {
		col, fb := rec.Column(c), pw.b.Field(c)
		fb.Reserve(len(rows))
		switch a := col.(type) {
		case *array.String:
			b := fb.(*array.StringBuilder)
			size := 0
			for _, r := range rows {
				size += a.ValueLen(r)
			}
			b.ReserveData(size)
			for _, r := range rows {
				if a.IsNull(r) {
					b.AppendNull()
				} else {
					b.Append(a.Value(r))
				}
			}
		case *array.Date32:
			b := fb.(*array.Date32Builder)
			for _, r := range rows {
				if a.IsNull(r) {
					b.AppendNull()
				} else {
					b.Append(a.Value(r))
				}
			}
		case *array.Int64:
			b := fb.(*array.Int64Builder)
			for _, r := range rows {
				if a.IsNull(r) {
					b.AppendNull()
				} else {
					b.Append(a.Value(r))
				}
			}
		case *array.Boolean:
			b := fb.(*array.BooleanBuilder)
			for _, r := range rows {
				if a.IsNull(r) {
					b.AppendNull()
				} else {
					b.Append(a.Value(r))
				}
			}
		default:
			return fmt.Errorf("partition file: column %d: unsupported Arrow type %s", c, col.DataType())
		}
	}
	b := pw.b.Field(n).(*array.Int64Builder)
	b.Reserve(len(rows))
	for _, r := range rows {
		b.Append(at + int64(r))
	}
	return nil
}

func (pw *partWriter) flush() error {
	if pw.n == 0 {
		return nil
	}
	rec := pw.b.NewRecord()
	defer rec.Release()
	pw.n = 0
	if err := pw.w.Write(rec); err != nil {
		return fmt.Errorf("partition file: %w", err)
	}
	return nil
}

// close writes what is buffered and closes the file; it is safe to call
// again after an error.
func (pw *partWriter) close() error {
	if pw.f == nil {
		return nil
	}
	err := pw.flush()
	if e := pw.w.Close(); err == nil {
		err = e
	}
	if e := pw.buf.Flush(); err == nil {
		err = e
	}
	if e := pw.f.Close(); err == nil {
		err = e
	}
	pw.b.Release()
	pw.f = nil
	if err != nil {
		return fmt.Errorf("partition file: %w", err)
	}
	return nil
}

// partFiles are the partition files of one pass: per side (one in a
// search), per partition, the path and the records written.
type partFiles struct {
	paths [2][]string
	rows  [2][]int
}

func (pf *partFiles) remove() {
	for _, side := range pf.paths {
		for _, p := range side {
			os.Remove(p)
		}
	}
}

// split writes the records of each side to the partitions of pass p: a
// record goes to the partition of its pass-p key (of each of its two keys
// when they differ by side in a search); a record without a key, or that
// the rule's filters leave out, goes nowhere. It returns the files and
// the records the filters left out on each side.
func split(ctx context.Context, plan *Plan, p int, inputs [2]Input, cfg PartitionConfig) (pf *partFiles, filtered [2]int, err error) {
	rule := plan.Rule
	search := rule.Rule.IsSearch()
	keys := rule.Passes[p]
	pf = &partFiles{}
	defer func() {
		if err != nil {
			pf.remove()
		}
	}()
	for s, ds := range []*extract.Dataset{rule.Left, rule.Right} {
		if search && s == 1 {
			pf.paths[1], pf.rows[1] = pf.paths[0], pf.rows[0]
			filtered[1] = filtered[0]
			break
		}
		side, sideKeys := rules.Left, keys.Left
		if s == 1 {
			side, sideKeys = rules.Right, keys.Right
		}
		schema := partSchema(ds)
		writers := make([]*partWriter, cfg.Partitions)
		pf.paths[s] = make([]string, cfg.Partitions)
		pf.rows[s] = make([]int, cfg.Partitions)
		for k := range writers {
			pf.paths[s][k] = filepath.Join(cfg.Dir, fmt.Sprintf("pass%d-%s-%04d.arrow", p, []string{"left", "right"}[s], k))
			if writers[k], err = newPartWriter(pf.paths[s][k], schema); err != nil {
				for _, w := range writers[:k] {
					w.close()
				}
				return nil, filtered, err
			}
		}
		var at int64
		byPart := make([][]int, cfg.Partitions) // a batch's rows by partition
		err = inputs[s](ctx, func(rec arrow.Record) error {
			t, err := viewTable(ds, rec)
			if err != nil {
				return err
			}
			keep, n, err := filterRows(ctx, rule, side, t)
			if err != nil {
				return err
			}
			filtered[s] += n
			// Each distinct key's partition is worked out once; each
			// partition's rows are written together, in row order.
			ix := newKeyIndex(t.Len)
			first := ix.blockIDs(t, sideKeys, keep)
			var second []int32
			if plan.crossed(p) {
				second = ix.blockIDs(t, keys.Right, keep)
			}
			partOf := make([]int, len(ix.keys))
			for id, key := range ix.keys {
				partOf[id] = KeyPartition(key, cfg.Partitions)
			}
			for r, id := range first {
				k := -1
				if id != 0 {
					k = partOf[id]
					byPart[k] = append(byPart[k], r)
				}
				if second != nil && second[r] != 0 {
					if k2 := partOf[second[r]]; k2 != k {
						byPart[k2] = append(byPart[k2], r)
					}
				}
			}
			for k, rows := range byPart {
				if len(rows) == 0 {
					continue
				}
				if err := writers[k].addRows(rec, rows, at, cfg.BatchRows); err != nil {
					return err
				}
				pf.rows[s][k] += len(rows)
				byPart[k] = rows[:0]
			}
			at += int64(t.Len)
			return nil
		})
		for _, w := range writers {
			if e := w.close(); err == nil {
				err = e
			}
		}
		if err != nil {
			return nil, filtered, err
		}
	}
	return pf, filtered, nil
}

// viewTable returns one batch of ds as a table whose strings point into
// the batch: it is valid only while the batch is.
func viewTable(ds *extract.Dataset, rec arrow.Record) (*Table, error) {
	if !rec.Schema().Equal(ds.Schema()) {
		return nil, fmt.Errorf("table %s: batch schema does not match the dataset schema", ds.Type)
	}
	t := tableOf(ds)
	if err := t.append(rec, false); err != nil {
		return nil, fmt.Errorf("table %s: %w", ds.Type, err)
	}
	return t, nil
}

// batchTable reads one batch of ds into a table.
func batchTable(ctx context.Context, ds *extract.Dataset, rec arrow.Record) (*Table, error) {
	rr, err := array.NewRecordReader(ds.Schema(), []arrow.Record{rec})
	if err != nil {
		return nil, err
	}
	defer rr.Release()
	return NewTable(ctx, ds, rr)
}

// loadPart reads one side of one partition into a table and the records'
// rows in the run.
func loadPart(ctx context.Context, ds *extract.Dataset, path string) (*Table, []int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("partition file: %w", err)
	}
	defer f.Close()
	r, err := ipc.NewReader(bufio.NewReaderSize(f, 256<<10))
	if err != nil {
		return nil, nil, fmt.Errorf("partition file %s: %w", filepath.Base(path), err)
	}
	defer r.Release()
	pr := &prefixReader{in: r, schema: ds.Schema()}
	defer pr.Release()
	t, err := NewTable(ctx, ds, pr)
	if err != nil {
		return nil, nil, fmt.Errorf("partition file %s: %w", filepath.Base(path), err)
	}
	return t, pr.rows, nil
}

// prefixReader reads a partition file's batches as the dataset's, without
// the row column, whose values it keeps in rows.
type prefixReader struct {
	in     *ipc.Reader
	schema *arrow.Schema
	cur    arrow.Record
	rows   []int64
}

func (p *prefixReader) Retain()               {}
func (p *prefixReader) Schema() *arrow.Schema { return p.schema }
func (p *prefixReader) Record() arrow.Record  { return p.cur }
func (p *prefixReader) Err() error            { return p.in.Err() }

func (p *prefixReader) Release() {
	if p.cur != nil {
		p.cur.Release()
		p.cur = nil
	}
}

func (p *prefixReader) Next() bool {
	p.Release()
	if !p.in.Next() {
		return false
	}
	rec := p.in.Record()
	n := len(p.schema.Fields())
	p.rows = append(p.rows, rec.Column(n).(*array.Int64).Int64Values()...)
	p.cur = array.NewRecord(p.schema, rec.Columns()[:n], rec.NumRows())
	return true
}
