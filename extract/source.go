package extract

// Source yields the raw rows of one input, whatever its format: delimited or
// fixed-width text, Parquet, JSON Lines or a database query. A Reader maps its
// columns onto a dataset's fields and turns its rows into record batches.
type Source interface {
	// Columns names the source's columns in order: a header row, a
	// mapping's column list, or a table's column names.
	Columns() []string
	// Next returns the next row, or io.EOF after the last. Any other error
	// means the input cannot be read any further.
	Next() (Row, error)
}

// Row is one raw row of a Source.
type Row struct {
	// Line is where the row starts: a line number for text, a row number
	// (from 1) for tables.
	Line int
	// Values holds one value per column, as supplied. A NULL in a typed
	// source is "".
	Values []string
	// Raw is the row as supplied, for the rejects file.
	Raw string
	// Bad, when not empty, says why the source could not split the row into
	// its columns; the row is rejected whole.
	Bad string
	// Multiline reports a row that ran over more than one line of text.
	Multiline bool
}

// rawSource is a Source that leaves Row.Raw empty and gives the text of the
// row it last returned on demand, so that only rejected rows pay for it.
type rawSource interface {
	rawLast() string
}

// lineSplitter is a Source that can take back a row that ran over several
// lines: it returns the first line's text, to be rejected alone, and serves
// the other lines again as rows of their own. A stray quote must not take
// the rows after it along.
type lineSplitter interface {
	splitFirstLine() (raw string)
}
