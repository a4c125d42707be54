package extract

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/parquet"
	"github.com/apache/arrow/go/v17/parquet/file"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"
)

// parquetBatchRows is the number of rows a ParquetSource decodes at a time.
const parquetBatchRows = 4096

// ParquetSource reads a Parquet file one record batch at a time, never the
// whole file, and serves its rows as text: strings as they are, integers in
// decimal, floats in the shortest decimal form, booleans as Y and N, dates
// and timestamps as yyyy-mm-dd (a timestamp with a time zone on its date in
// that zone), decimals with their scale (123.45), NULL as "". Other flat
// types are written as Arrow writes them.
//
// Only flat top-level columns can be read. A struct, list or map column
// named in the columns to read is an error at open naming it; when every
// column is read, such columns are left out, so that a file with a nested
// column nobody needs still loads. A row's Raw is its values joined by "|".
// Row numbers count from 1.
//
// Close releases the batch in hand; the source releases everything itself
// once Next has returned io.EOF or an error.
type ParquetSource struct {
	name    string
	rr      pqarrow.RecordReader
	columns []string
	rec     arrow.Record // current batch, owned by rr
	text    []cellText   // one per column of rec
	row     int          // next row of rec
	rows    int          // rows served
	buf     []byte
	ends    []int
}

var (
	_ Source    = (*ParquetSource)(nil)
	_ io.Closer = (*ParquetSource)(nil)
)

// NewParquetSource opens the Parquet file of size bytes read through r (an
// *os.File, or a bytes.Reader in tests). With columns given (as a mapping
// lists them) only those columns are read, matched to the file's as header
// names are; otherwise every flat top-level column. mem allocates the
// batches; nil means memory.DefaultAllocator. A file that is not Parquet, a
// column it does not have, or a nested column asked for is an error naming
// the file.
func NewParquetSource(r io.ReaderAt, size int64, name string, columns []string, mem memory.Allocator) (s *ParquetSource, err error) {
	if mem == nil {
		mem = memory.DefaultAllocator
	}
	// The Parquet reader trusts the file's metadata and may panic on a
	// damaged file; a damaged file is an error, never a crash.
	defer func() {
		if p := recover(); p != nil {
			s, err = nil, fmt.Errorf("%s: damaged Parquet file: %v", name, p)
		}
	}()
	props := parquet.NewReaderProperties(mem)
	props.BufferedStreamEnabled = true
	pf, err := file.NewParquetReader(io.NewSectionReader(r, 0, size), file.WithReadProps(props))
	if err != nil {
		return nil, fmt.Errorf("%s: not a readable Parquet file: %w", name, err)
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: parquetBatchRows}, mem)
	if err != nil {
		return nil, fmt.Errorf("%s: Parquet schema: %w", name, err)
	}
	leaves, names, err := parquetColumns(fr.Manifest.Fields, columns)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if pf.NumRows() == 0 {
		return &ParquetSource{name: name, columns: names}, nil
	}
	rr, err := fr.GetRecordReader(context.Background(), leaves, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &ParquetSource{name: name, rr: rr, columns: names, ends: make([]int, len(names))}, nil
}

// parquetColumns picks the leaf columns to read and their names: those
// named in want, or every flat top-level column.
func parquetColumns(fields []pqarrow.SchemaField, want []string) (leaves []int, names []string, err error) {
	var all []string
	byKey := map[string]int{}
	for i, f := range fields {
		all = append(all, f.Field.Name)
		if _, dup := byKey[headerKey(f.Field.Name)]; !dup {
			byKey[headerKey(f.Field.Name)] = i
		}
	}
	if len(want) == 0 {
		for _, f := range fields {
			if isFlat(f) {
				leaves = append(leaves, f.ColIndex)
				names = append(names, f.Field.Name)
			}
		}
		if len(leaves) == 0 {
			return nil, nil, fmt.Errorf("no flat columns to read (columns: %s)", strings.Join(all, ", "))
		}
		return leaves, names, nil
	}
	taken := map[int]bool{}
	for _, w := range want {
		i, ok := byKey[headerKey(w)]
		if !ok {
			return nil, nil, fmt.Errorf("%w: column %q is not in the file (columns: %s)", ErrMissingColumn, w, strings.Join(all, ", "))
		}
		f := fields[i]
		if !isFlat(f) {
			return nil, nil, fmt.Errorf("column %q is a %s: only flat columns can be read", f.Field.Name, f.Field.Type)
		}
		if taken[i] {
			return nil, nil, fmt.Errorf("column %q is named twice", w)
		}
		taken[i] = true
		leaves = append(leaves, f.ColIndex)
		names = append(names, f.Field.Name)
	}
	return leaves, names, nil
}

// isFlat reports a top-level column of one leaf. (SchemaField.IsLeaf cannot
// tell: pqarrow leaves ColIndex 0, not -1, on top-level groups.)
func isFlat(f pqarrow.SchemaField) bool {
	_, nested := f.Field.Type.(arrow.NestedType)
	return len(f.Children) == 0 && !nested
}

// Columns returns the names of the columns read, as the file spells them.
func (s *ParquetSource) Columns() []string { return s.columns }

// Next returns the next row.
func (s *ParquetSource) Next() (r Row, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.rec, s.rr = nil, nil // in an unknown state: left to the collector
			r, err = Row{}, fmt.Errorf("damaged Parquet data at row %d: %v", s.rows+1, p)
		}
	}()
	for s.rec == nil || s.row >= int(s.rec.NumRows()) {
		if s.rr == nil {
			return Row{}, io.EOF
		}
		if err := s.nextBatch(); err != nil {
			s.Close()
			if errors.Is(err, io.EOF) {
				return Row{}, io.EOF
			}
			return Row{}, err
		}
	}
	i := s.row
	s.buf = s.buf[:0]
	for c, text := range s.text {
		if c > 0 {
			s.buf = append(s.buf, '|')
		}
		if !s.rec.Column(c).IsNull(i) {
			s.buf = text(s.buf, i)
		}
		s.ends[c] = len(s.buf)
	}
	s.row++
	s.rows++
	raw := string(s.buf)
	values := make([]string, len(s.text))
	start := 0
	for c, end := range s.ends {
		values[c] = raw[start:end]
		start = end + 1
	}
	return Row{Line: s.rows, Values: values, Raw: raw}, nil
}

// nextBatch moves to the next record batch; io.EOF after the last.
func (s *ParquetSource) nextBatch() error {
	s.rec, s.text = nil, s.text[:0]
	if !s.rr.Next() {
		if err := s.rr.Err(); err != nil {
			return err
		}
		return io.EOF
	}
	s.rec, s.row = s.rr.Record(), 0
	for _, col := range s.rec.Columns() {
		s.text = append(s.text, textOf(col))
	}
	return nil
}

// Close releases the batch in hand and the column readers. It is safe to
// call more than once.
func (s *ParquetSource) Close() error {
	s.rec, s.text = nil, nil
	if s.rr != nil {
		s.rr.Release()
		s.rr = nil
	}
	return nil
}

// cellText appends the text of a non-null value at row i.
type cellText func(b []byte, i int) []byte

// isoDate is the layout dates are written in; ParseDate reads it.
const isoDate = "2006-01-02"

// textOf returns the writer of a column's values, chosen once per batch.
func textOf(col arrow.Array) cellText {
	switch a := col.(type) {
	case *array.String:
		return func(b []byte, i int) []byte { return append(b, a.Value(i)...) }
	case *array.LargeString:
		return func(b []byte, i int) []byte { return append(b, a.Value(i)...) }
	case *array.Binary:
		return func(b []byte, i int) []byte { return append(b, a.Value(i)...) }
	case *array.LargeBinary:
		return func(b []byte, i int) []byte { return append(b, a.Value(i)...) }
	case *array.Int8:
		return func(b []byte, i int) []byte { return strconv.AppendInt(b, int64(a.Value(i)), 10) }
	case *array.Int16:
		return func(b []byte, i int) []byte { return strconv.AppendInt(b, int64(a.Value(i)), 10) }
	case *array.Int32:
		return func(b []byte, i int) []byte { return strconv.AppendInt(b, int64(a.Value(i)), 10) }
	case *array.Int64:
		return func(b []byte, i int) []byte { return strconv.AppendInt(b, a.Value(i), 10) }
	case *array.Uint8:
		return func(b []byte, i int) []byte { return strconv.AppendUint(b, uint64(a.Value(i)), 10) }
	case *array.Uint16:
		return func(b []byte, i int) []byte { return strconv.AppendUint(b, uint64(a.Value(i)), 10) }
	case *array.Uint32:
		return func(b []byte, i int) []byte { return strconv.AppendUint(b, uint64(a.Value(i)), 10) }
	case *array.Uint64:
		return func(b []byte, i int) []byte { return strconv.AppendUint(b, a.Value(i), 10) }
	case *array.Float32:
		return func(b []byte, i int) []byte { return strconv.AppendFloat(b, float64(a.Value(i)), 'f', -1, 32) }
	case *array.Float64:
		return func(b []byte, i int) []byte { return strconv.AppendFloat(b, a.Value(i), 'f', -1, 64) }
	case *array.Boolean:
		return func(b []byte, i int) []byte {
			if a.Value(i) {
				return append(b, 'Y')
			}
			return append(b, 'N')
		}
	case *array.Date32:
		return func(b []byte, i int) []byte { return a.Value(i).ToTime().AppendFormat(b, isoDate) }
	case *array.Date64:
		return func(b []byte, i int) []byte { return a.Value(i).ToTime().AppendFormat(b, isoDate) }
	case *array.Timestamp:
		typ := a.DataType().(*arrow.TimestampType)
		toTime, err := typ.GetToTimeFunc()
		if err != nil { // an unknown zone: read the instant in UTC
			toTime = func(v arrow.Timestamp) time.Time { return v.ToTime(typ.Unit) }
		}
		return func(b []byte, i int) []byte { return toTime(a.Value(i)).AppendFormat(b, isoDate) }
	case *array.Decimal128:
		scale := a.DataType().(*arrow.Decimal128Type).Scale
		return func(b []byte, i int) []byte { return append(b, a.Value(i).ToString(scale)...) }
	case *array.Decimal256:
		scale := a.DataType().(*arrow.Decimal256Type).Scale
		return func(b []byte, i int) []byte { return append(b, a.Value(i).ToString(scale)...) }
	case *array.Dictionary:
		dict := a.Dictionary()
		inner := textOf(dict)
		return func(b []byte, i int) []byte {
			if j := a.GetValueIndex(i); !dict.IsNull(j) {
				return inner(b, j)
			}
			return b
		}
	}
	return func(b []byte, i int) []byte { return append(b, col.ValueStr(i)...) }
}
