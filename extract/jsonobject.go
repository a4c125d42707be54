package extract

import (
	"encoding/json"
	"fmt"
	"strings"
)

// jsonObject is one line of JSON Lines, parsed: its flat values by key, in
// order, the keys that held objects or lists, or why it is not an object.
type jsonObject struct {
	keys, values []string
	nested       []string
	bad          string
}

// parseJSONObject reads one line as a flat JSON object. encoding/json
// checks the line; a line it accepts is then walked by hand, which is four
// times faster than its token stream and keeps the order of the keys, and
// strings without escapes as they are (bytes that are not UTF-8 included,
// for the Reader to read as Windows-1252).
func parseJSONObject(text string) jsonObject {
	var o jsonObject
	if !json.Valid([]byte(text)) {
		o.bad = jsonReason(json.Unmarshal([]byte(text), new(any)))
		return o
	}
	i := skipJSONSpace(text, 0)
	if text[i] != '{' {
		o.bad = "line is not a JSON object"
		return o
	}
	i = skipJSONSpace(text, i+1)
	for text[i] != '}' {
		key, next := jsonString(text, i)
		if o.has(key) {
			o.bad = fmt.Sprintf("key %q appears twice", key)
			return o
		}
		i = skipJSONSpace(text, skipJSONSpace(text, next)+1) // past the colon
		var value string
		switch c := text[i]; c {
		case '"':
			value, i = jsonString(text, i)
		case '{', '[':
			o.nested = append(o.nested, key)
			i = jsonNestedEnd(text, i)
			i = skipJSONSpace(text, i)
			if text[i] == ',' {
				i = skipJSONSpace(text, i+1)
			}
			continue
		case 't':
			value, i = "Y", i+len("true")
		case 'f':
			value, i = "N", i+len("false")
		case 'n':
			value, i = "", i+len("null")
		default: // a number, kept as written
			j := i
			for j < len(text) && !strings.ContainsRune(",} \t\r\n", rune(text[j])) {
				j++
			}
			value, i = text[i:j], j
		}
		o.keys = append(o.keys, key)
		o.values = append(o.values, value)
		i = skipJSONSpace(text, i)
		if text[i] == ',' {
			i = skipJSONSpace(text, i+1)
		}
	}
	return o
}

// has reports whether key is among the keys read so far, flat or nested.
func (o *jsonObject) has(key string) bool {
	for _, k := range o.keys {
		if k == key {
			return true
		}
	}
	for _, k := range o.nested {
		if k == key {
			return true
		}
	}
	return false
}

// The helpers below walk text that json.Valid accepted, so they need not
// check what they meet.

// skipJSONSpace returns the index of the first byte at or after i that is
// not JSON white space.
func skipJSONSpace(text string, i int) int {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n') {
		i++
	}
	return i
}

// jsonString reads the string whose opening quote is at i and returns it
// and the index after its closing quote.
func jsonString(text string, i int) (string, int) {
	end := jsonStringEnd(text, i)
	raw := text[i+1 : end]
	if !strings.Contains(raw, `\`) {
		return raw, end + 1
	}
	var s string
	json.Unmarshal([]byte(text[i:end+1]), &s) // valid, so no error
	return s, end + 1
}

// jsonStringEnd returns the index of the closing quote of the string whose
// opening quote is at i.
func jsonStringEnd(text string, i int) int {
	for i++; text[i] != '"'; i++ {
		if text[i] == '\\' {
			i++
		}
	}
	return i
}

// jsonNestedEnd returns the index after the object or list that opens at i.
func jsonNestedEnd(text string, i int) int {
	for depth := 0; ; i++ {
		switch text[i] {
		case '"':
			i = jsonStringEnd(text, i)
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return i + 1
			}
		}
	}
}

// jsonReason explains a JSON syntax error without quoting the line: the
// parser names the offending character, which may be part of a value.
func jsonReason(err error) string {
	msg := err.Error()
	if rest, ok := strings.CutPrefix(msg, "invalid character '"); ok && len(rest) > 1 {
		// Skip the quoted character, which may itself be a quote.
		if i := strings.Index(rest[1:], "' "); i >= 0 {
			msg = "invalid character " + rest[i+3:]
		}
	}
	return "invalid JSON: " + msg
}
