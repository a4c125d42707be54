package extract

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// FixedColumn is one field of a fixed-width layout, as council layouts
// document them.
type FixedColumn struct {
	// Name names the column, as a header would: a mapping or the dataset's
	// aliases find it by this name.
	Name string
	// Start is the position of the column's first character, from 1.
	Start int
	// Width is the number of characters the column takes.
	Width int
}

// end returns the position of the column's last character.
func (c FixedColumn) end() int { return c.Start + c.Width - 1 }

// FixedWidthSource reads fixed-width records: one per line, or blocks of a
// fixed number of characters with no separators, as mainframes write them.
// Positions count characters (runes) of the decoded text, so that "Zoë"
// takes three positions; a byte that is not UTF-8 counts as one character,
// as it is in the single-byte encoding it came from. Decode EBCDIC and
// Windows-1252 with DecodeReader first.
//
// Lines of nothing but spaces are padding and are skipped, as are empty
// lines. Values are returned as supplied, with their padding: the Reader
// trims them.
type FixedWidthSource struct {
	name      string
	cols      []FixedColumn
	names     []string
	recordLen int
	end       int // position of the layout's last character
	lastStart int // start of the column that starts last
	lines     *textLines
	br        *bufio.Reader // blocks when recordLen > 0
	block     int           // number of the next block, from 1
	buf       []byte
	offs      []int // byte offset of each character of the current record
}

var _ Source = (*FixedWidthSource)(nil)

// maxRecordLength bounds a declared record length, in characters.
const maxRecordLength = maxRecordBytes

// NewFixedWidthSource reads r, already decoded to UTF-8, by the layout cols.
// With recordLength 0 every line (LF or CRLF) is a record; with
// recordLength > 0 the input is a run of records of exactly that many
// characters with no separators: for EBCDIC and other single-byte
// encodings, the record length in bytes (LRECL). The layout is checked
// first: every column needs a name, a start of 1 or more and a width of 1
// or more; columns may leave gaps but not overlap, and names must differ.
// A layout that does not fit is an error naming the file and the column.
//
// A line that ends before the last column starts is rejected ("line is N
// characters, the layout needs at least M"); one that ends inside the last
// column is read as if padded with spaces, since editors drop trailing
// spaces. A line that runs past the layout is rejected unless only spaces
// follow. A block cut short by the end of the file is rejected. Line
// numbers are line numbers for lines and record numbers for blocks.
func NewFixedWidthSource(r io.Reader, name string, cols []FixedColumn, recordLength int) (*FixedWidthSource, error) {
	if err := checkLayout(cols, recordLength); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	s := &FixedWidthSource{name: name, cols: slices.Clone(cols), recordLen: recordLength, block: 1}
	for _, c := range cols {
		s.names = append(s.names, c.Name)
		s.end = max(s.end, c.end())
		s.lastStart = max(s.lastStart, c.Start)
	}
	if recordLength > 0 {
		s.br = bufio.NewReaderSize(r, 1<<16)
	} else {
		s.lines = newTextLines(r)
	}
	return s, nil
}

// checkLayout reports the first problem with a layout.
func checkLayout(cols []FixedColumn, recordLength int) error {
	if len(cols) == 0 {
		return errors.New("a fixed-width layout needs at least one column")
	}
	seen := map[string]string{}
	for i, c := range cols {
		label := fmt.Sprintf("column %q", c.Name)
		if strings.TrimSpace(c.Name) == "" {
			return fmt.Errorf("column %d of the layout has no name", i+1)
		}
		if c.Start < 1 {
			return fmt.Errorf("%s: start %d: positions count from 1", label, c.Start)
		}
		if c.Width < 1 {
			return fmt.Errorf("%s: width %d: must be at least 1", label, c.Width)
		}
		if c.end() > maxRecordLength {
			return fmt.Errorf("%s: ends at position %d, past the limit of %d", label, c.end(), maxRecordLength)
		}
		key := headerKey(c.Name)
		if prev, dup := seen[key]; dup {
			return fmt.Errorf("columns %q and %q have the same name", prev, c.Name)
		}
		seen[key] = c.Name
	}
	sorted := slices.Clone(cols)
	slices.SortStableFunc(sorted, func(a, b FixedColumn) int { return a.Start - b.Start })
	for i := 1; i < len(sorted); i++ {
		a, b := sorted[i-1], sorted[i]
		if b.Start <= a.end() {
			return fmt.Errorf("columns %q (positions %d-%d) and %q (positions %d-%d) overlap",
				a.Name, a.Start, a.end(), b.Name, b.Start, b.end())
		}
	}
	end := sorted[len(sorted)-1].end() // columns do not overlap, so the last ends last
	switch {
	case recordLength < 0:
		return fmt.Errorf("record length %d: must be 0 (one record per line) or more", recordLength)
	case recordLength > maxRecordLength:
		return fmt.Errorf("record length %d: at most %d", recordLength, maxRecordLength)
	case recordLength > 0 && recordLength < end:
		return fmt.Errorf("record length %d: the layout ends at position %d", recordLength, end)
	}
	return nil
}

// SkipHeader reads and drops the first record, a line of column titles
// (the first non-blank line, or the first block), so that it is neither
// loaded nor rejected. Call it before Next. An empty input is an error.
func (s *FixedWidthSource) SkipHeader() error {
	var err error
	if s.recordLen > 0 {
		var chars int
		if chars, err = s.readBlock(); err == nil && chars == 0 {
			err = io.EOF
		}
		s.block++
	} else {
		for {
			var text string
			if text, _, _, err = s.lines.read(); err != nil || !isBlankRecord(text) {
				break
			}
		}
	}
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: empty file: a header record was expected", s.name)
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", s.name, err)
	}
	return nil
}

// Columns returns the names of the layout's columns, in the order given.
func (s *FixedWidthSource) Columns() []string { return s.names }

// Next returns the next record.
func (s *FixedWidthSource) Next() (Row, error) {
	if s.recordLen > 0 {
		return s.nextBlock()
	}
	for {
		text, n, cut, err := s.lines.read()
		if err != nil {
			return Row{}, err
		}
		if cut {
			return Row{Line: n, Raw: text, Bad: tooLongReason}, nil
		}
		if isBlankRecord(text) {
			continue
		}
		return s.split(n, text, "line"), nil
	}
}

// nextBlock returns the next record of recordLen characters.
func (s *FixedWidthSource) nextBlock() (Row, error) {
	for {
		chars, err := s.readBlock()
		if err != nil {
			return Row{}, err
		}
		n := s.block
		s.block++
		text := string(s.buf)
		switch {
		case chars == 0:
			return Row{}, io.EOF
		case chars < s.recordLen && isBlankRecord(strings.Trim(text, "\r\n")):
			return Row{}, io.EOF // a line ending or padding after the last record
		case chars < s.recordLen:
			return Row{Line: n, Raw: text, Bad: fmt.Sprintf(
				"record is %d characters, the record length is %d: the file ends part-way through a record", chars, s.recordLen)}, nil
		case isBlankRecord(text):
			continue
		}
		return s.split(n, text, "record"), nil
	}
}

// readBlock reads up to recordLen characters into s.buf and returns how
// many it read; fewer only at the end of the input.
func (s *FixedWidthSource) readBlock() (int, error) {
	s.buf = s.buf[:0]
	chars := 0
	for chars < s.recordLen {
		need := s.recordLen - chars
		// need bytes hold at least need characters; utf8.UTFMax more let
		// a character that starts near the end of the window be whole.
		p, err := s.br.Peek(need + utf8.UTFMax)
		more := err == nil || errors.Is(err, bufio.ErrBufferFull)
		if !more && !errors.Is(err, io.EOF) {
			return 0, err
		}
		i := 0
		for i < len(p) && chars < s.recordLen {
			if p[i] < utf8.RuneSelf {
				i++
			} else {
				if more && !utf8.FullRune(p[i:]) {
					break
				}
				_, w := utf8.DecodeRune(p[i:])
				i += w
			}
			chars++
		}
		s.buf = append(s.buf, p[:i]...)
		s.br.Discard(i)
		if !more {
			break
		}
	}
	return chars, nil
}

// split slices a record into the layout's columns. what is "line" or
// "record", for the reasons.
func (s *FixedWidthSource) split(n int, text, what string) Row {
	r := Row{Line: n, Raw: text}
	s.offs = s.offs[:0]
	ascii := true
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	chars := len(text)
	if !ascii {
		for i := range text {
			s.offs = append(s.offs, i)
		}
		chars = len(s.offs)
	}
	s.offs = append(s.offs, len(text))
	// at returns the byte offset of character position p (from 0), or the
	// end of the text past it.
	at := func(p int) int {
		if p >= chars {
			return len(text)
		}
		if ascii {
			return p
		}
		return s.offs[p]
	}
	if chars < s.lastStart {
		r.Bad = fmt.Sprintf("%s is %d characters, the layout needs at least %d", what, chars, s.lastStart)
		return r
	}
	if s.recordLen == 0 && chars > s.end && strings.TrimRight(text[at(s.end):], " ") != "" {
		r.Bad = fmt.Sprintf("%s is %d characters, the layout ends at %d and more than spaces follow", what, chars, s.end)
		return r
	}
	r.Values = make([]string, len(s.cols))
	for i, c := range s.cols {
		r.Values[i] = text[at(c.Start-1):at(c.end())]
	}
	return r
}
