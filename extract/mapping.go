package extract

import (
	"fmt"
	"sort"
	"strings"
)

// Mapping says how an input's columns become a dataset's fields, when header
// names alone are not enough. The zero Mapping maps by header name and alias.
type Mapping struct {
	// Fields maps a canonical field name to where and how to read it.
	Fields map[string]FieldMapping
	// Constants gives fields one value for every row (a pension file that
	// holds monthly pensions only, for instance). The value is parsed as
	// if it had been read from the file.
	Constants map[string]string
}

// FieldMapping says where one field comes from and how to read it.
type FieldMapping struct {
	// Column names the source column. It is matched as header names are:
	// case, spaces and punctuation do not count.
	Column string
	// DateFormat declares the layout of a date field, from dd, mm, yyyy,
	// yy and mon (JAN) with any separators: ddmmyyyy, yyyy-mm-dd,
	// dd/mm/yy, dd-mon-yyyy. "excel" reads spreadsheet serial numbers.
	// Empty means the NFI layouts, detected (see ParseDate).
	DateFormat string
	// Money is "pence" (the NFI convention, the default) or "pounds" for a
	// money field supplied in pounds and pence (123.45).
	Money string
	// Codes maps the source's codes onto the canonical values (a lookup
	// table). When given, a value that is not in the table is invalid.
	Codes map[string]string
}

// Validate checks the mapping against ds: every field named must exist, a
// date format only on dates, money only on money.
func (m *Mapping) Validate(ds *Dataset) error {
	if m == nil {
		return nil
	}
	var problems []string
	for _, name := range sortedKeys(m.Fields) {
		fm := m.Fields[name]
		f, ok := ds.Field(name)
		if !ok || name == BodyField {
			problems = append(problems, fmt.Sprintf("field %q: %s has no such field", name, ds.Type))
			continue
		}
		if fm.Column == "" {
			problems = append(problems, fmt.Sprintf("field %s: no column given", name))
		}
		if fm.DateFormat != "" {
			if f.Kind != KindDate {
				problems = append(problems, fmt.Sprintf("field %s: a date format on a %s field", name, f.Kind))
			} else if _, err := dateLayout(fm.DateFormat); err != nil {
				problems = append(problems, fmt.Sprintf("field %s: %v", name, err))
			}
		}
		if fm.Money != "" {
			if f.Kind != KindMoney {
				problems = append(problems, fmt.Sprintf("field %s: money units on a %s field", name, f.Kind))
			} else if fm.Money != "pence" && fm.Money != "pounds" {
				problems = append(problems, fmt.Sprintf("field %s: money %q: must be pence or pounds", name, fm.Money))
			}
		}
		if _, isConst := m.Constants[name]; isConst {
			problems = append(problems, fmt.Sprintf("field %s: both a column and a constant", name))
		}
	}
	for _, name := range sortedKeys(m.Constants) {
		if _, ok := ds.Field(name); !ok || name == BodyField {
			problems = append(problems, fmt.Sprintf("constant %q: %s has no such field", name, ds.Type))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("mapping for %s: %s", ds.Type, strings.Join(problems, "; "))
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// excelDates is the date format of spreadsheet serial numbers.
const excelDates = "excel"

// dateLayout turns a declared date format into a Go time layout.
func dateLayout(format string) (string, error) {
	f := strings.ToLower(strings.TrimSpace(format))
	if f == excelDates {
		return excelDates, nil
	}
	var b strings.Builder
	seen := map[string]bool{}
	for i := 0; i < len(f); {
		switch {
		case strings.HasPrefix(f[i:], "yyyy"):
			b.WriteString("2006")
			seen["y"], i = true, i+4
		case strings.HasPrefix(f[i:], "yy"):
			b.WriteString("06")
			seen["y"], i = true, i+2
		case strings.HasPrefix(f[i:], "mon"):
			b.WriteString("Jan")
			seen["m"], i = true, i+3
		case strings.HasPrefix(f[i:], "mm"):
			b.WriteString("01")
			seen["m"], i = true, i+2
		case strings.HasPrefix(f[i:], "dd"):
			b.WriteString("02")
			seen["d"], i = true, i+2
		case strings.ContainsRune("/-. ", rune(f[i])):
			b.WriteByte(f[i])
			i++
		default:
			return "", fmt.Errorf("date format %q: use dd, mm, mon, yy or yyyy with / - . or space between", format)
		}
	}
	if !seen["d"] || !seen["m"] || !seen["y"] {
		return "", fmt.Errorf("date format %q: needs a day, a month and a year", format)
	}
	return b.String(), nil
}
