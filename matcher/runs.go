package matcher

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/ipc"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/nfimatch/nfimatch/extract"
)

// A sorted run is a file of matches in report order, each with the two
// records it names and their rows in the run, as an Arrow IPC stream: a
// partitioned run writes one per part and merges them at the end, so that
// no part's matches stay in memory once the part is through.

// The columns of a sorted run, before the left record's fields and then
// the right record's (each its dataset's schema, body first).
const (
	runID = iota
	runScore
	runBand
	runOutcomes
	runWeights
	runProbability
	runHasProbability
	runPass
	runAmount
	runHasAmount
	runReason
	runLeftRow
	runRightRow
	runMatchCols
)

// runFormat is the schema of the sorted runs of one rule.
type runFormat struct {
	schema      *arrow.Schema
	left, right *extract.Dataset
}

func newRunFormat(left, right *extract.Dataset) *runFormat {
	fields := []arrow.Field{
		{Name: "match_id", Type: arrow.BinaryTypes.String},
		{Name: "score", Type: arrow.PrimitiveTypes.Float64},
		{Name: "band", Type: arrow.BinaryTypes.String},
		{Name: "outcomes", Type: arrow.ListOf(arrow.PrimitiveTypes.Int32)},
		{Name: "weights", Type: arrow.ListOf(arrow.PrimitiveTypes.Float64)},
		{Name: "probability", Type: arrow.PrimitiveTypes.Float64},
		{Name: "has_probability", Type: arrow.FixedWidthTypes.Boolean},
		{Name: "pass", Type: arrow.PrimitiveTypes.Int32},
		{Name: "amount", Type: arrow.PrimitiveTypes.Int64},
		{Name: "has_amount", Type: arrow.FixedWidthTypes.Boolean},
		{Name: "reason", Type: arrow.BinaryTypes.String},
		{Name: "left_row", Type: arrow.PrimitiveTypes.Int64},
		{Name: "right_row", Type: arrow.PrimitiveTypes.Int64},
	}
	for _, side := range []struct {
		prefix string
		ds     *extract.Dataset
	}{{"left.", left}, {"right.", right}} {
		// A table holds the body and the dataset's fields, the first
		// of its schema's columns.
		for _, f := range side.ds.Schema().Fields()[:len(side.ds.Fields)+1] {
			f.Name = side.prefix + f.Name
			fields = append(fields, f)
		}
	}
	return &runFormat{schema: arrow.NewSchema(fields, nil), left: left, right: right}
}

// runWriter writes a sorted run, match by match, a batch of rows at a
// time.
type runWriter struct {
	path      string
	f         *os.File
	buf       *bufio.Writer
	w         *ipc.Writer
	b         *array.RecordBuilder
	n         int // matches in b
	batchRows int
	rows      int64 // matches written
	failed    bool  // a match was half added: b is not written
}

// writeRunFile writes a sorted run at path with fill and closes it. A run
// that fails is removed; a file that was at path already is left alone.
func writeRunFile(path string, format *runFormat, batchRows int, fill func(*runWriter) error) (err error) {
	w, err := newRunWriter(path, format, batchRows)
	if err != nil {
		return err
	}
	defer func() {
		if e := w.close(); err == nil {
			err = e
		}
		if err != nil {
			os.Remove(path)
		}
	}()
	return fill(w)
}

func newRunWriter(path string, format *runFormat, batchRows int) (*runWriter, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, fmt.Errorf("sorted run: %w", err)
	}
	buf := bufio.NewWriterSize(f, 64<<10)
	return &runWriter{path: path, f: f, buf: buf, w: ipc.NewWriter(buf, ipc.WithSchema(format.schema)),
		b: array.NewRecordBuilder(memory.DefaultAllocator, format.schema), batchRows: batchRows}, nil
}

// add appends m, whose records are row lr of left and row rr of right,
// at rows leftRow and rightRow of the run.
func (w *runWriter) add(m *Match, left *Table, lr int, right *Table, rr int, leftRow, rightRow int64) error {
	b := w.b
	b.Field(runID).(*array.StringBuilder).Append(m.ID)
	b.Field(runScore).(*array.Float64Builder).Append(m.Score)
	b.Field(runBand).(*array.StringBuilder).Append(m.Band)
	lb := b.Field(runOutcomes).(*array.ListBuilder)
	lb.Append(true)
	ob := lb.ValueBuilder().(*array.Int32Builder)
	for _, o := range m.Outcomes {
		ob.Append(int32(o))
	}
	lb = b.Field(runWeights).(*array.ListBuilder)
	lb.Append(true)
	lb.ValueBuilder().(*array.Float64Builder).AppendValues(m.Weights, nil)
	b.Field(runProbability).(*array.Float64Builder).Append(m.Probability)
	b.Field(runHasProbability).(*array.BooleanBuilder).Append(m.HasProbability)
	b.Field(runPass).(*array.Int32Builder).Append(int32(m.Pass))
	b.Field(runAmount).(*array.Int64Builder).Append(m.Amount)
	b.Field(runHasAmount).(*array.BooleanBuilder).Append(m.HasAmount)
	b.Field(runReason).(*array.StringBuilder).Append(m.Reason)
	b.Field(runLeftRow).(*array.Int64Builder).Append(leftRow)
	b.Field(runRightRow).(*array.Int64Builder).Append(rightRow)
	at := runMatchCols
	for _, side := range []struct {
		t *Table
		r int
	}{{left, lr}, {right, rr}} {
		for c := range side.t.Cols {
			if err := appendCell(b.Field(at), &side.t.Cols[c], side.r); err != nil {
				// The row is half added: its columns differ in length,
				// so the batch cannot be written.
				w.failed = true
				return fmt.Errorf("sorted run: column %s: %w", w.b.Schema().Field(at).Name, err)
			}
			at++
		}
	}
	w.n++
	w.rows++
	if w.n >= w.batchRows {
		return w.flush()
	}
	return nil
}

// appendCell appends row r of c to b, a builder of the Arrow type the
// column was read from.
func appendCell(b array.Builder, c *Column, r int) error {
	if !c.Valid[r] {
		b.AppendNull()
		return nil
	}
	switch b := b.(type) {
	case *array.StringBuilder:
		b.Append(c.Str.At(r))
	case *array.Date32Builder:
		b.Append(arrow.Date32(c.Num[r]))
	case *array.Int64Builder:
		b.Append(c.Num[r])
	case *array.BooleanBuilder:
		b.Append(c.Num[r] != 0)
	default:
		return fmt.Errorf("unsupported Arrow type %s", b.Type())
	}
	return nil
}

func (w *runWriter) flush() error {
	if w.n == 0 {
		return nil
	}
	rec := w.b.NewRecord()
	defer rec.Release()
	w.n = 0
	if err := w.w.Write(rec); err != nil {
		return fmt.Errorf("sorted run: %w", err)
	}
	return nil
}

// close writes what is buffered and closes the file; it is safe to call
// again after an error.
func (w *runWriter) close() error {
	if w.f == nil {
		return nil
	}
	var err error
	if !w.failed {
		err = w.flush()
	}
	if e := w.w.Close(); err == nil {
		err = e
	}
	if e := w.buf.Flush(); err == nil {
		err = e
	}
	if e := w.f.Close(); err == nil {
		err = e
	}
	w.b.Release()
	w.f = nil
	if err != nil {
		return fmt.Errorf("sorted run %s: %w", filepath.Base(w.path), err)
	}
	return nil
}

// runBatch is one batch of a sorted run read back: match i names row i of
// left and of right, the records at rows[0][i] and rows[1][i] of the run.
type runBatch struct {
	ms          []Match
	left, right *Table
	rows        [2][]int64
}

// runReader reads a sorted run batch by batch.
type runReader struct {
	path   string
	format *runFormat
	f      *os.File
	r      *ipc.Reader
	cur    *runBatch
	i      int // the match of cur at the head of the run
}

func openRun(path string, format *runFormat) (*runReader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("sorted run: %w", err)
	}
	r, err := ipc.NewReader(bufio.NewReaderSize(f, 64<<10), ipc.WithSchema(format.schema))
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("sorted run %s: %w", filepath.Base(path), err)
	}
	return &runReader{path: path, format: format, f: f, r: r}, nil
}

// next moves to the run's next batch; false at the run's end.
func (rd *runReader) next(ctx context.Context) (bool, error) {
	rd.cur, rd.i = nil, 0
	for rd.r.Next() {
		rec := rd.r.Record()
		if rec.NumRows() == 0 {
			continue
		}
		if err := ctx.Err(); err != nil {
			return false, err
		}
		b, err := decodeRun(rd.format, rec)
		if err != nil {
			return false, fmt.Errorf("sorted run %s: %w", filepath.Base(rd.path), err)
		}
		rd.cur = b
		return true, nil
	}
	if err := rd.r.Err(); err != nil {
		return false, fmt.Errorf("sorted run %s: %w", filepath.Base(rd.path), err)
	}
	return false, nil
}

func (rd *runReader) close() error {
	if rd.f == nil {
		return nil
	}
	rd.r.Release()
	err := rd.f.Close()
	rd.f, rd.cur = nil, nil
	return err
}

// decodeRun reads one batch of a sorted run. The batch owns its memory:
// strings are copied out of rec.
func decodeRun(format *runFormat, rec arrow.Record) (*runBatch, error) {
	n := int(rec.NumRows())
	col := rec.Columns()
	ids := col[runID].(*array.String)
	scores := col[runScore].(*array.Float64)
	bands := col[runBand].(*array.String)
	outcomes := col[runOutcomes].(*array.List)
	weights := col[runWeights].(*array.List)
	probs := col[runProbability].(*array.Float64)
	hasProbs := col[runHasProbability].(*array.Boolean)
	passes := col[runPass].(*array.Int32)
	amounts := col[runAmount].(*array.Int64)
	hasAmounts := col[runHasAmount].(*array.Boolean)
	reasons := col[runReason].(*array.String)
	ovals := outcomes.ListValues().(*array.Int32)
	wvals := weights.ListValues().(*array.Float64)
	// Each match's outcomes and weights are cut from one slice per batch.
	allOut := make([]int, ovals.Len())
	for i := range allOut {
		allOut[i] = int(ovals.Value(i))
	}
	allW := append([]float64(nil), wvals.Float64Values()...)
	b := &runBatch{ms: make([]Match, n)}
	idv, reasonv := cloneStrings(ids), cloneStrings(reasons)
	for i := range b.ms {
		o0, o1 := outcomes.ValueOffsets(i)
		w0, w1 := weights.ValueOffsets(i)
		b.ms[i] = Match{ID: idv[i], Left: i, Right: i, Score: scores.Value(i), Band: internBand(bands.Value(i)),
			Outcomes: allOut[o0:o1:o1], Weights: allW[w0:w1:w1], Probability: probs.Value(i), HasProbability: hasProbs.Value(i),
			Pass: int(passes.Value(i)), Amount: amounts.Value(i), HasAmount: hasAmounts.Value(i), Reason: reasonv[i]}
	}
	b.rows[0] = append([]int64(nil), col[runLeftRow].(*array.Int64).Int64Values()...)
	b.rows[1] = append([]int64(nil), col[runRightRow].(*array.Int64).Int64Values()...)
	var err error
	at := runMatchCols
	if b.left, err = decodeTable(format.left, col[at:], n); err != nil {
		return nil, err
	}
	at += len(b.left.Cols)
	if b.right, err = decodeTable(format.right, col[at:], n); err != nil {
		return nil, err
	}
	return b, nil
}

// decodeTable reads n rows of a table of ds from cols, one array per
// column of the table, as runWriter.add wrote them, copying strings.
func decodeTable(ds *extract.Dataset, cols []arrow.Array, n int) (*Table, error) {
	t := tableOf(ds)
	for c := range t.Cols {
		d := &t.Cols[c]
		d.Valid = make([]bool, n)
		for r := range d.Valid {
			d.Valid[r] = cols[c].IsValid(r)
		}
		switch a := cols[c].(type) {
		case *array.String:
			if err := d.Str.addArrow(a, true); err != nil {
				return nil, fmt.Errorf("column %d: %w", c, err)
			}
		case *array.Date32:
			d.Num = make([]int64, n)
			for r := range d.Num {
				d.Num[r] = int64(a.Value(r))
			}
		case *array.Int64:
			d.Num = append([]int64(nil), a.Int64Values()...)
		case *array.Boolean:
			d.Num = make([]int64, n)
			for r := range d.Num {
				if a.Value(r) {
					d.Num[r] = 1
				}
			}
		default:
			return nil, fmt.Errorf("column %d: unsupported Arrow type %s", c, cols[c].DataType())
		}
	}
	t.Len = n
	return t, nil
}

// cloneStrings returns the values of a, copied out of its buffers at
// once: the strings share one allocation.
func cloneStrings(a *array.String) []string {
	out := make([]string, a.Len())
	if len(out) == 0 {
		return out
	}
	data, offs := string(a.ValueBytes()), a.ValueOffsets()
	for i := range out {
		out[i] = data[offs[i]-offs[0] : offs[i+1]-offs[0]]
	}
	return out
}

// internBand returns the band's name without copying it for the three
// bands there are.
func internBand(band string) string {
	for _, b := range []string{"high", "medium", "low"} {
		if band == b {
			return b
		}
	}
	return strings.Clone(band)
}
