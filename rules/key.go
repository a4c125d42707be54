package rules

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/antzucaro/matchr"
)

// Key is one part of a blocking key: a key function applied to a canonical
// field. Written as "field", "func(field)" or "first(field, 3)".
type Key struct {
	Func  string // "" for the value as it is
	Field string
	N     int // the count for first()
}

// keyFuncs maps each key function to what it does to a normalised value.
// Dates reach key functions as yyyy-mm-dd text.
var keyFuncs = map[string]func(v string, n int) string{
	"exact":     func(v string, _ int) string { return v },
	"initial":   func(v string, _ int) string { return firstRunes(v, 1) },
	"first":     firstRunes,
	"soundex":   func(v string, _ int) string { return matchr.Soundex(firstWord(v)) },
	"metaphone": func(v string, _ int) string { p, _ := matchr.DoubleMetaphone(firstWord(v)); return p },
	"nysiis":    func(v string, _ int) string { return matchr.NYSIIS(firstWord(v)) },
	"sector":    func(v string, _ int) string { return postcodePart(v, 1) },
	"district":  func(v string, _ int) string { return postcodePart(v, 0) },
	"area":      postcodeArea,
	"year":      func(v string, _ int) string { return firstRunes(v, 4) },
	"nino":      func(v string, _ int) string { return firstRunes(v, 8) },
}

// KeyFuncs lists the key functions in name order, for documentation and
// messages.
func KeyFuncs() []string {
	out := make([]string, 0, len(keyFuncs))
	for name := range keyFuncs {
		if name == "first" {
			name = "first(field, n)"
		}
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// ParseKey reads one key expression.
func ParseKey(s string) (Key, error) {
	s = strings.TrimSpace(s)
	open := strings.IndexByte(s, '(')
	if open < 0 {
		if !isIdent(s) {
			return Key{}, fmt.Errorf("key %q: want field or func(field)", s)
		}
		return Key{Field: s}, nil
	}
	if !strings.HasSuffix(s, ")") {
		return Key{}, fmt.Errorf("key %q: missing )", s)
	}
	k := Key{Func: strings.TrimSpace(s[:open])}
	args := strings.Split(s[open+1:len(s)-1], ",")
	k.Field = strings.TrimSpace(args[0])
	if _, ok := keyFuncs[k.Func]; !ok {
		return Key{}, fmt.Errorf("key %q: unknown function %s (known: %s)", s, k.Func, strings.Join(KeyFuncs(), ", "))
	}
	if !isIdent(k.Field) {
		return Key{}, fmt.Errorf("key %q: %q is not a field name", s, k.Field)
	}
	switch {
	case k.Func == "first" && len(args) == 2:
		n, err := strconv.Atoi(strings.TrimSpace(args[1]))
		if err != nil || n < 1 {
			return Key{}, fmt.Errorf("key %q: first needs a positive count", s)
		}
		k.N = n
	case k.Func == "first":
		return Key{}, fmt.Errorf("key %q: first needs a field and a count, first(surname, 3)", s)
	case len(args) != 1:
		return Key{}, fmt.Errorf("key %q: %s takes one field", s, k.Func)
	}
	return k, nil
}

// Apply returns the key of one normalised value; "" means the record has no
// key for this pass.
func (k Key) Apply(v string) string {
	if v == "" {
		return ""
	}
	if k.Func == "" {
		return v
	}
	return keyFuncs[k.Func](v, k.N)
}

// String returns the key as written.
func (k Key) String() string {
	switch {
	case k.Func == "":
		return k.Field
	case k.Func == "first":
		return fmt.Sprintf("first(%s, %d)", k.Field, k.N)
	}
	return k.Func + "(" + k.Field + ")"
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func firstRunes(v string, n int) string {
	i := 0
	for pos := range v {
		if i == n {
			return v[:pos]
		}
		i++
	}
	return v
}

func firstWord(v string) string {
	if i := strings.IndexByte(v, ' '); i > 0 {
		return v[:i]
	}
	return v
}

// postcodePart returns the outward code (part 0) or the sector, the outward
// code and the first digit of the inward code (part 1), of a postcode in
// standard form.
func postcodePart(v string, part int) string {
	out, in, ok := strings.Cut(v, " ")
	if !ok {
		return ""
	}
	if part == 0 || in == "" {
		return out
	}
	_, size := utf8.DecodeRuneInString(in)
	return out + " " + in[:size]
}

func postcodeArea(v string, _ int) string {
	for i := 0; i < len(v); i++ {
		if v[i] < 'A' || v[i] > 'Z' {
			return v[:i]
		}
	}
	return v
}
