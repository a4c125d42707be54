package extract

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// jsonLookahead is how many lines a JSONLinesSource reads ahead to learn
// its columns, and jsonLookaheadBytes the most it holds while doing so.
const (
	jsonLookahead      = 1000
	jsonLookaheadBytes = 16 << 20
)

// JSONLinesSource reads JSON Lines: one JSON object per line, its keys the
// columns. Values are read as text: strings as they are, numbers as
// written (12345678901234567 keeps every digit), true and false as Y and N,
// null as "". A key missing from an object is "" too.
//
// A row is rejected whole when its line is not a JSON object (with the
// parser's reason, never the value), when a column's value is an object or
// a list (only flat values can be loaded), when a key appears twice, or,
// when the columns were learnt from the file, when it has a key that the
// first 1000 lines did not have. Two keys that differ only in case, spaces
// or punctuation ("Surname", "SURNAME") are one column. Blank lines are
// skipped. JSON is UTF-8: decode other encodings with DecodeReader first.
// A stray byte that is not UTF-8 is passed on, and the Reader reads the
// value as Windows-1252, unless its string holds an escape (\n, \u00e9),
// when it becomes U+FFFD.
type JSONLinesSource struct {
	name    string
	lines   *textLines
	columns []string
	index   map[string]int // headerKey of a column -> its position
	byKey   map[string]int // a key as written -> its column, or -1
	given   bool           // columns were given: other keys are ignored
	ahead   []jsonRecord   // lines read ahead, served first
	claimed []int          // per column, 1 + the index of the key read into it
}

// maxKeyCache bounds the keys a JSONLinesSource remembers as written,
// against a file whose keys never repeat.
const maxKeyCache = 4096

var _ Source = (*JSONLinesSource)(nil)

// jsonRecord is one line read ahead.
type jsonRecord struct {
	n      int
	text   string
	cut    bool
	object jsonObject
}

// NewJSONLinesSource reads the JSON Lines r. With columns given (as a
// mapping lists them) those are the columns, matched to keys as header names
// are, without regard to case, spaces or punctuation; other keys are
// ignored, whatever they hold. With columns empty, the columns are the keys
// of the first 1000 lines, in the order first seen: the source reads those
// lines ahead and holds them (16 MiB at most). An input with no JSON object
// in that stretch is an error naming the file.
func NewJSONLinesSource(r io.Reader, name string, columns []string) (*JSONLinesSource, error) {
	s := &JSONLinesSource{name: name, lines: newTextLines(r), index: map[string]int{}, byKey: map[string]int{}}
	if len(columns) > 0 {
		s.given = true
		for _, c := range columns {
			if !s.addColumn(c) {
				return nil, fmt.Errorf("%s: column %q is named twice", name, c)
			}
		}
		return s, nil
	}
	held := 0
	for len(s.ahead) < jsonLookahead && held < jsonLookaheadBytes {
		text, n, cut, err := s.lines.read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		if isBlankRecord(text) {
			continue
		}
		rec := jsonRecord{n: n, text: text, cut: cut}
		if !cut {
			rec.object = parseJSONObject(text)
			for _, k := range rec.object.keys {
				s.addColumn(k)
			}
			for _, k := range rec.object.nested {
				s.addColumn(k)
			}
		}
		s.ahead = append(s.ahead, rec)
		held += len(text)
	}
	if len(s.columns) == 0 {
		if len(s.ahead) == 0 {
			return nil, fmt.Errorf("%s: empty file: no JSON objects", name)
		}
		return nil, fmt.Errorf("%s: no JSON object in the first %d lines: cannot tell the columns", name, len(s.ahead))
	}
	return s, nil
}

// addColumn adds a column unless one of the same header key exists, and
// reports whether it did.
func (s *JSONLinesSource) addColumn(name string) bool {
	key := headerKey(name)
	if _, ok := s.index[key]; ok {
		return false
	}
	s.index[key] = len(s.columns)
	s.columns = append(s.columns, name)
	return true
}

// column returns the column of a key, by its header key, remembering the
// answer so that the key is reduced once, not on every line.
func (s *JSONLinesSource) column(key string) (int, bool) {
	if c, ok := s.byKey[key]; ok {
		return c, c >= 0
	}
	c, ok := s.index[headerKey(key)]
	if !ok {
		c = -1
	}
	if len(s.byKey) < maxKeyCache {
		s.byKey[strings.Clone(key)] = c // key points into the line
	}
	return c, ok
}

// Columns returns the columns given, or the keys learnt from the file.
func (s *JSONLinesSource) Columns() []string { return s.columns }

// Next returns the next object as a row.
func (s *JSONLinesSource) Next() (Row, error) {
	if len(s.ahead) > 0 {
		rec := s.ahead[0]
		s.ahead[0] = jsonRecord{}
		s.ahead = s.ahead[1:]
		return s.row(rec), nil
	}
	for {
		text, n, cut, err := s.lines.read()
		if err != nil {
			return Row{}, err
		}
		if isBlankRecord(text) {
			continue
		}
		rec := jsonRecord{n: n, text: text, cut: cut}
		if !cut {
			rec.object = parseJSONObject(text)
		}
		return s.row(rec), nil
	}
}

// row places a parsed line's values in column order.
func (s *JSONLinesSource) row(rec jsonRecord) Row {
	r := Row{Line: rec.n, Raw: rec.text}
	o := rec.object
	switch {
	case rec.cut:
		r.Bad = tooLongReason
		return r
	case o.bad != "":
		r.Bad = o.bad
		return r
	}
	for _, k := range o.nested {
		if _, ok := s.column(k); ok {
			r.Bad = fmt.Sprintf("key %q holds an object or a list: only flat values can be loaded", k)
			return r
		}
	}
	r.Values = make([]string, len(s.columns))
	if s.claimed == nil {
		s.claimed = make([]int, len(s.columns))
	}
	claimed := s.claimed
	clear(claimed)
	for i, k := range o.keys {
		c, ok := s.column(k)
		switch {
		case !ok && s.given:
			continue
		case !ok:
			r.Bad, r.Values = fmt.Sprintf("key %q is not in the first %d lines: name the columns to read it", k, jsonLookahead), nil
			return r
		case claimed[c] > 0:
			r.Bad, r.Values = fmt.Sprintf("keys %q and %q are the same column", o.keys[claimed[c]-1], k), nil
			return r
		}
		claimed[c] = i + 1
		r.Values[c] = o.values[i]
	}
	return r
}
