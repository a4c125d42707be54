package extract

import (
	"encoding/json"
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
// first 1000 lines did not have. Blank lines are skipped. JSON is UTF-8:
// decode other encodings with DecodeReader first; bytes that are not UTF-8
// are read as U+FFFD.
type JSONLinesSource struct {
	name    string
	lines   *textLines
	columns []string
	index   map[string]int // headerKey of a column -> its position
	given   bool           // columns were given: other keys are ignored
	ahead   []jsonRecord   // lines read ahead, served first
}

var _ Source = (*JSONLinesSource)(nil)

// jsonRecord is one line read ahead.
type jsonRecord struct {
	n      int
	text   string
	cut    bool
	object jsonObject
}

// jsonObject is one parsed line: its flat values by key, in order, the keys
// that held objects or lists, or why it is not an object.
type jsonObject struct {
	keys, values []string
	nested       []string
	bad          string
}

// NewJSONLinesSource reads the JSON Lines r. With columns given (as a
// mapping lists them) those are the columns, matched to keys as header names
// are, without regard to case, spaces or punctuation; other keys are
// ignored, whatever they hold. With columns empty, the columns are the keys
// of the first 1000 lines, in the order first seen: the source reads those
// lines ahead and holds them (16 MiB at most). An input with no JSON object
// in that stretch is an error naming the file.
func NewJSONLinesSource(r io.Reader, name string, columns []string) (*JSONLinesSource, error) {
	s := &JSONLinesSource{name: name, lines: newTextLines(r), index: map[string]int{}}
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
		if _, ok := s.index[headerKey(k)]; ok {
			r.Bad = fmt.Sprintf("key %q holds an object or a list: only flat values can be loaded", k)
			return r
		}
	}
	r.Values = make([]string, len(s.columns))
	claimed := make([]int, len(s.columns)) // 1 + the index of the key each value came from
	for i, k := range o.keys {
		c, ok := s.index[headerKey(k)]
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

// parseJSONObject reads one line as a flat JSON object.
func parseJSONObject(text string) jsonObject {
	var o jsonObject
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		o.bad = jsonReason(err)
		return o
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		o.bad = "line is not a JSON object"
		return o
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			o.bad = jsonReason(err)
			return o
		}
		key, _ := tok.(string) // an object key is always a string
		if seen[key] {
			o.bad = fmt.Sprintf("key %q appears twice", key)
			return o
		}
		seen[key] = true
		tok, err = dec.Token()
		if err != nil {
			o.bad = jsonReason(err)
			return o
		}
		var value string
		switch v := tok.(type) {
		case json.Delim: // '{' or '[': skip the whole value
			if err := skipJSONValue(dec); err != nil {
				o.bad = jsonReason(err)
				return o
			}
			o.nested = append(o.nested, key)
			continue
		case string:
			value = v
		case json.Number:
			value = v.String()
		case bool:
			value = "N"
			if v {
				value = "Y"
			}
		case nil:
			value = ""
		}
		o.keys = append(o.keys, key)
		o.values = append(o.values, value)
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		o.bad = jsonReason(err)
		return o
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		o.bad = "more than one JSON value on the line"
		if err != nil {
			o.bad = jsonReason(err)
		}
	}
	return o
}

// skipJSONValue reads to the end of an object or list whose opening
// delimiter was just read.
func skipJSONValue(dec *json.Decoder) error {
	for depth := 1; depth > 0; {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
	}
	return nil
}

// jsonReason explains a JSON syntax error without quoting the line: the
// parser names the offending character, which may be part of a value. (The
// error's offset is left out too: a json.Decoder counts it from where it
// last stopped, not from the start of the line.)
func jsonReason(err error) string {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		msg := se.Error()
		const lead = "invalid character '"
		if rest, ok := strings.CutPrefix(msg, lead); ok && len(rest) > 1 {
			// Skip the quoted character, which may itself be a quote.
			if i := strings.Index(rest[1:], "' "); i >= 0 {
				msg = "invalid character " + rest[i+3:]
			}
		}
		return "invalid JSON: " + msg
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "invalid JSON: the line ends inside the object"
	}
	return "invalid JSON"
}
