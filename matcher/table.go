package matcher

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/nfimatch/nfimatch/extract"
)

// Table is a dataset held in memory as columns, indexed like the dataset's
// Arrow schema (column 0 is the body). It is read-only once built and safe
// for concurrent readers.
type Table struct {
	Dataset *extract.Dataset
	Cols    []Column
	Len     int
}

// NewTable reads every batch of each reader into one table. The readers are
// read to the end but not released: their owner releases them. Text is
// copied, a batch's cells of one column at once, so the table outlives the
// batches.
func NewTable(ctx context.Context, ds *extract.Dataset, readers ...array.RecordReader) (*Table, error) {
	t := &Table{Dataset: ds, Cols: make([]Column, len(ds.Fields)+1)}
	t.Cols[0].Kind = extract.KindID
	for i, f := range ds.Fields {
		t.Cols[i+1].Kind = f.Kind
	}
	want := ds.Schema()
	for _, rr := range readers {
		if !rr.Schema().Equal(want) {
			return nil, fmt.Errorf("table %s: batch schema does not match the dataset schema", ds.Type)
		}
		for rr.Next() {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if err := t.append(rr.Record(), true); err != nil {
				return nil, fmt.Errorf("table %s: %w", ds.Type, err)
			}
		}
		if err := rr.Err(); err != nil {
			return nil, err
		}
	}
	// The columns grew by doubling: give back what they have to spare.
	for ci := range t.Cols {
		c := &t.Cols[ci]
		c.Str.clip()
		c.Num, c.Valid = clip(c.Num), clip(c.Valid)
	}
	return t, nil
}

// append adds the rows of rec. With clone, its text is copied; else, if
// the table is empty, the table's text columns are views of rec's
// buffers (see Strings.addArrow), and the table is valid only while rec
// is.
func (t *Table) append(rec arrow.Record, clone bool) error {
	n := int(rec.NumRows())
	for ci := range t.Cols {
		c := &t.Cols[ci]
		col := rec.Column(ci)
		c.Valid = grow(c.Valid, n)
		for r := 0; r < n; r++ {
			c.Valid = append(c.Valid, col.IsValid(r))
		}
		if a, ok := col.(*array.String); ok {
			if err := c.Str.addArrow(a, clone); err != nil {
				return fmt.Errorf("column %d: %w", ci, err)
			}
			continue
		}
		c.Num = grow(c.Num, n)
		switch a := col.(type) {
		case *array.Date32:
			for r := 0; r < n; r++ {
				c.Num = append(c.Num, int64(a.Value(r)))
			}
		case *array.Int64:
			c.Num = append(c.Num, a.Int64Values()...)
		case *array.Boolean:
			for r := 0; r < n; r++ {
				v := int64(0)
				if a.Value(r) {
					v = 1
				}
				c.Num = append(c.Num, v)
			}
		default:
			return fmt.Errorf("column %d: unsupported Arrow type %s", ci, col.DataType())
		}
	}
	t.Len += n
	return nil
}

// Col returns the index of the named column, or -1.
func (t *Table) Col(name string) int {
	if name == extract.BodyField {
		return 0
	}
	for i, f := range t.Dataset.Fields {
		if f.Name == name {
			return i + 1
		}
	}
	return -1
}

// Text returns the value of column col at row as text for keys and
// comparisons ("" when missing): dates as yyyy-mm-dd, money in pence,
// flags as Y or N.
func (t *Table) Text(col, row int) string {
	c := &t.Cols[col]
	if !c.Valid[row] {
		return ""
	}
	switch c.Kind {
	case extract.KindDate:
		return DateString(c.Num[row])
	case extract.KindMoney, extract.KindInt:
		return fmt.Sprint(c.Num[row])
	case extract.KindFlag:
		return yesNo(c.Num[row], "Y", "N")
	}
	return c.Str.At(row)
}

// Display returns the value for people: dates as dd/mm/yyyy and money as
// pounds, "" when missing.
func (t *Table) Display(col, row int) string {
	c := &t.Cols[col]
	if !c.Valid[row] {
		return ""
	}
	switch c.Kind {
	case extract.KindDate:
		return time.Unix(c.Num[row]*86400, 0).UTC().Format("02/01/2006")
	case extract.KindMoney:
		return FormatPounds(c.Num[row])
	case extract.KindInt:
		return fmt.Sprint(c.Num[row])
	case extract.KindFlag:
		return yesNo(c.Num[row], "Yes", "No")
	}
	return c.Str.At(row)
}

func yesNo(v int64, yes, no string) string {
	if v != 0 {
		return yes
	}
	return no
}

// DateString formats days since 1970-01-01 as yyyy-mm-dd.
func DateString(days int64) string {
	return time.Unix(days*86400, 0).UTC().Format("2006-01-02")
}

// FormatPounds formats pence as pounds with thousands separators: £1,234.56.
func FormatPounds(pence int64) string {
	sign := ""
	abs := uint64(pence)
	if pence < 0 {
		sign, abs = "-", uint64(-(pence+1))+1 // -MinInt64 overflows int64
	}
	whole := fmt.Sprint(abs / 100)
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return fmt.Sprintf("%s£%s.%02d", sign, b.String(), abs%100)
}

// Concat joins tables of one dataset type into one, in order: a search
// within payroll across bodies reads each body's file and searches them
// as one. With one table it is returned as it is.
func Concat(tables ...*Table) (*Table, error) {
	if len(tables) == 0 {
		return nil, fmt.Errorf("concat: no tables")
	}
	if len(tables) == 1 {
		return tables[0], nil
	}
	ds := tables[0].Dataset
	out := &Table{Dataset: ds, Cols: make([]Column, len(tables[0].Cols))}
	for _, t := range tables {
		if t.Dataset != ds {
			return nil, fmt.Errorf("concat: tables of %s and %s cannot be searched as one", ds.Type, t.Dataset.Type)
		}
	}
	for c := range out.Cols {
		col := &out.Cols[c]
		col.Kind = tables[0].Cols[c].Kind
		for _, t := range tables {
			src := &t.Cols[c]
			col.Valid = append(col.Valid, src.Valid...)
			col.Num = append(col.Num, src.Num...)
			if err := col.Str.addAll(&src.Str); err != nil {
				return nil, fmt.Errorf("concat: column %d: %w", c, err)
			}
		}
	}
	for _, t := range tables {
		out.Len += t.Len
	}
	return out, nil
}
