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

	"github.com/apache/arrow/go/v17/arrow/memory"
)

// DelimitedConfig configures a delimited text input.
type DelimitedConfig struct {
	// Comma is the field delimiter. Zero detects comma, pipe, tilde, tab or
	// semicolon from the first line.
	Comma rune
	// Columns names the columns of a file without a header row, in order.
	// Empty means the first line is the header.
	Columns []string
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

// ReaderConfig returns the reader settings of c.
func (c DelimitedConfig) ReaderConfig() ReaderConfig {
	return ReaderConfig{BatchSize: c.BatchSize, Dates: c.Dates, Mem: c.Mem}
}

// NewDelimitedReader reads the delimited text r, with a header row unless
// cfg.Columns names the columns, as dataset ds, mapping columns by header
// name and alias. See NewReader for name, body and rejects.
func NewDelimitedReader(ctx context.Context, r io.Reader, name string, ds *Dataset, body string, cfg DelimitedConfig, rejects RejectSink) (*Reader, error) {
	return NewMappedDelimitedReader(ctx, r, name, ds, body, nil, cfg, rejects)
}

// NewMappedDelimitedReader is NewDelimitedReader with a mapping.
func NewMappedDelimitedReader(ctx context.Context, r io.Reader, name string, ds *Dataset, body string, m *Mapping, cfg DelimitedConfig, rejects RejectSink) (*Reader, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	src, err := NewDelimitedSource(r, name, cfg.Comma, cfg.Columns)
	if err != nil {
		return nil, err
	}
	return NewReader(ctx, src, name, ds, body, m, cfg.ReaderConfig(), rejects)
}

// DelimitedSource reads delimited text: comma, pipe, tilde, tab or semicolon
// separated, with text qualifiers holding delimiters, doubled quotes and line
// breaks. It reads one physical line at a time, so that a malformed record
// costs one line and never the rows after it.
type DelimitedSource struct {
	name    string
	csv     *csv.Reader
	lines   *lineReader
	comma   rune
	columns []string
	last    []line // lines of the row last returned
	one     [1]line
	sep     string   // the delimiter
	slab    []string // values not yet handed out, see split
	noSplit bool     // send every line through the parser, for tests
}

var _ Source = (*DelimitedSource)(nil)

// NewDelimitedSource starts reading r. comma 0 detects the delimiter from the
// first line. With columns empty the first line is the header and names the
// columns; otherwise every line is data.
func NewDelimitedSource(r io.Reader, name string, comma rune, columns []string) (*DelimitedSource, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	first, err := br.Peek(1 << 12)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if bytes.HasPrefix(first, []byte("\ufeff")) {
		br.Discard(3) // a UTF-8 byte order mark before the header
		first = first[3:]
	}
	if comma == 0 {
		comma = detectDelimiter(first)
	}
	lines := newLineReader(br)
	s := &DelimitedSource{name: name, csv: newCSV(lines, comma), lines: lines, comma: comma, columns: columns, sep: string(comma)}
	if len(columns) > 0 {
		return s, nil
	}
	header, err := s.csv.Read()
	lines.take()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: empty file: a header row is required", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", name, err)
	}
	s.columns = header
	return s, nil
}

// Columns returns the header, or the columns given.
func (s *DelimitedSource) Columns() []string { return s.columns }

// Next reads the next row. A line without quotes is split on the
// delimiter here, as the csv parser would split it; only lines with quotes,
// and the lines a quoted field runs on to, go through the parser.
func (s *DelimitedSource) Next() (Row, error) {
	for {
		ln, err := s.lines.nextLine()
		if err != nil {
			return Row{}, err
		}
		if blankLine(ln.text) {
			continue
		}
		if strings.IndexByte(ln.text, '"') >= 0 || s.noSplit {
			s.lines.unread(ln)
			return s.parse()
		}
		values := s.split(ln.text)
		s.one[0] = ln
		s.last = s.one[:]
		r := Row{Line: ln.n, Values: values}
		if len(values) != len(s.columns) {
			r.Bad, r.Values = fmt.Sprintf("row has %d fields, header has %d", len(values), len(s.columns)), nil
			r.Raw = s.splitFirstLine()
		}
		return r, nil
	}
}

// split cuts a line without quotes into its fields, as the csv parser
// does: without its line ending (a final carriage return is dropped too),
// every other byte kept.
func (s *DelimitedSource) split(text string) []string {
	if strings.HasSuffix(text, "\n") {
		text = text[:len(text)-1]
	}
	text = strings.TrimSuffix(text, "\r")
	n := 1 + strings.Count(text, s.sep)
	if len(s.slab) < n {
		// Values of many rows share one allocation.
		s.slab = make([]string, max(n, valuesPerSlab))
	}
	values := s.slab[:n:n]
	s.slab = s.slab[n:]
	for i := 0; i < n-1; i++ {
		j := strings.Index(text, s.sep)
		values[i], text = text[:j], text[j+len(s.sep):]
	}
	values[n-1] = text
	return values
}

// valuesPerSlab is how many values are allocated at once for the rows
// split without the parser.
const valuesPerSlab = 1 << 12

// parse reads the next row through the csv parser.
func (s *DelimitedSource) parse() (Row, error) {
	for {
		fields, err := s.csv.Read()
		if errors.Is(err, io.EOF) {
			return Row{}, io.EOF
		}
		var pe *csv.ParseError
		tooLong := errors.Is(err, errRecordTooLong)
		if err != nil && !tooLong && !errors.As(err, &pe) {
			return Row{}, err
		}
		lines := s.lines.take()
		if len(lines) == 0 {
			continue // nothing but blank lines
		}
		s.last = lines
		// Raw is left to rawLast: only a rejected row needs its text.
		r := Row{Line: lines[0].n, Values: fields, Multiline: len(lines) > 1}
		var reason string
		switch {
		case tooLong:
			reason = errRecordTooLong.Error()
		case pe != nil:
			reason = pe.Err.Error()
		case len(fields) != len(s.columns):
			reason = fmt.Sprintf("row has %d fields, header has %d", len(fields), len(s.columns))
		}
		if reason != "" {
			r.Bad, r.Values = reason, nil
			r.Raw = s.splitFirstLine()
		}
		return r, nil
	}
}

// rawLast returns the text of the row last read, as the rejects show it.
func (s *DelimitedSource) rawLast() string { return rawText(s.last) }

// splitFirstLine returns the first line of the row last read and queues the
// others to be read again.
func (s *DelimitedSource) splitFirstLine() string {
	lines := s.last
	s.last = nil
	if len(lines) > 1 {
		s.lines.replayLines(lines[1:])
		s.csv = newCSV(s.lines, s.comma)
	}
	if len(lines) == 0 {
		return ""
	}
	return rawText(lines[:1])
}

func newCSV(r *lineReader, comma rune) *csv.Reader {
	cr := csv.NewReader(r)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
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
