package rules

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/antzucaro/matchr"
)

// Key is one part of a blocking key: a key function applied to canonical
// fields. Written as "field", "func(field)", "first(field, 3)" or
// "bank(sort_code, bank_account)".
type Key struct {
	Func   string   // "" for the value as it is
	Fields []string // one field, or two for bank
	N      int      // the count for first()
}

// keyFunc is a key function: what it does to the normalised values of its
// fields, and how many fields it takes.
type keyFunc struct {
	fields int
	apply  func(v []string, n int) string
}

func one(f func(v string, n int) string) keyFunc {
	return keyFunc{fields: 1, apply: func(v []string, n int) string { return f(v[0], n) }}
}

// keyFuncs maps each key function to what it does to normalised values.
// Dates reach key functions as yyyy-mm-dd text, money as whole pence.
var keyFuncs = map[string]keyFunc{
	"exact":     one(func(v string, _ int) string { return v }),
	"upper":     one(func(v string, _ int) string { return strings.Join(strings.Fields(strings.ToUpper(v)), " ") }),
	"trim":      one(func(v string, _ int) string { return strings.TrimSpace(v) }),
	"initial":   one(func(v string, _ int) string { return firstRunes(v, 1) }),
	"first":     one(firstRunes),
	"soundex":   one(func(v string, _ int) string { return matchr.Soundex(firstWord(v)) }),
	"metaphone": one(func(v string, _ int) string { p, _ := matchr.DoubleMetaphone(firstWord(v)); return p }),
	"nysiis":    one(func(v string, _ int) string { return matchr.NYSIIS(firstWord(v)) }),
	"sector":    one(func(v string, _ int) string { return postcodePart(v, 1) }),
	"district":  one(func(v string, _ int) string { return postcodePart(v, 0) }),
	"area":      one(postcodeArea),
	"year":      one(func(v string, _ int) string { return firstRunes(v, 4) }),
	"nino":      one(func(v string, _ int) string { return firstRunes(v, 8) }),
	"invoice":   one(func(v string, _ int) string { return NormaliseInvoice(v) }),
	"bank": {fields: 2, apply: func(v []string, _ int) string {
		if v[0] == "" || v[1] == "" {
			return ""
		}
		return v[0] + "/" + v[1]
	}},
}

// KeyFuncs lists the key functions in name order, for documentation and
// messages.
func KeyFuncs() []string {
	out := make([]string, 0, len(keyFuncs))
	for name, f := range keyFuncs {
		switch {
		case name == "first":
			name = "first(field, n)"
		case f.fields == 2:
			name += "(field, field)"
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
			return Key{}, fmt.Errorf("key %q: want a field name, or a function of a field such as metaphone(surname)", s)
		}
		return Key{Fields: []string{s}}, nil
	}
	if !strings.HasSuffix(s, ")") {
		return Key{}, fmt.Errorf("key %q: missing ): in a list written [a, b] a comma starts a new key, so quote a key that holds one (\"first(surname, 3)\") or write one key per line", s)
	}
	k := Key{Func: strings.TrimSpace(s[:open])}
	f, ok := keyFuncs[k.Func]
	if !ok {
		return Key{}, fmt.Errorf("key %q: unknown function %s (known: %s)", s, k.Func, strings.Join(KeyFuncs(), ", "))
	}
	args := strings.Split(s[open+1:len(s)-1], ",")
	for i := range args {
		args[i] = strings.TrimSpace(args[i])
	}
	switch {
	case k.Func == "first":
		if len(args) != 2 {
			return Key{}, fmt.Errorf("key %q: first needs a field and a count, first(surname, 3)", s)
		}
		n, err := strconv.Atoi(args[1])
		if err != nil || n < 1 {
			return Key{}, fmt.Errorf("key %q: first needs a positive count", s)
		}
		k.N, args = n, args[:1]
	case len(args) != f.fields && f.fields == 1:
		return Key{}, fmt.Errorf("key %q: %s takes one field", s, k.Func)
	case len(args) != f.fields:
		return Key{}, fmt.Errorf("key %q: %s takes %d fields", s, k.Func, f.fields)
	}
	for _, a := range args {
		if !isIdent(a) {
			return Key{}, fmt.Errorf("key %q: %q is not a field name", s, a)
		}
	}
	k.Fields = args
	return k, nil
}

// Apply returns the key of one record from the normalised values of its
// fields, in the order of Fields; "" means the record has no key for this
// pass.
func (k Key) Apply(v ...string) string {
	for _, s := range v {
		if s == "" {
			return ""
		}
	}
	if k.Func == "" {
		return v[0]
	}
	return keyFuncs[k.Func].apply(v, k.N)
}

// String returns the key as written.
func (k Key) String() string {
	switch {
	case k.Func == "":
		return k.Fields[0]
	case k.Func == "first":
		return fmt.Sprintf("first(%s, %d)", k.Fields[0], k.N)
	}
	return k.Func + "(" + strings.Join(k.Fields, ", ") + ")"
}

// NormaliseInvoice reduces an invoice number to the part that identifies
// it, so that the same invoice keyed twice in different ways compares
// equal: upper case, letters and digits only, a leading INVOICE or INV
// dropped when a digit follows, and leading zeros dropped. "INV-0010023",
// "inv 10023" and "10023" all give "10023".
func NormaliseInvoice(v string) string {
	b := make([]byte, 0, len(v))
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= 'a' && c <= 'z':
			b = append(b, c-'a'+'A')
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			b = append(b, c)
		}
	}
	s := string(b)
	for _, p := range []string{"INVOICE", "INV"} {
		if rest, ok := strings.CutPrefix(s, p); ok && rest != "" && rest[0] >= '0' && rest[0] <= '9' {
			s = rest
			break
		}
	}
	if t := strings.TrimLeft(s, "0"); t != "" {
		s = t
	}
	return s
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
