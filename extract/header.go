package extract

import (
	"fmt"
	"strings"
	"unicode"
)

// headerKey reduces a header name to lower-case letters and digits, so that
// "Date of Birth", "date_of_birth" and "DATE-OF-BIRTH" are the same key.
func headerKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimPrefix(s, "\ufeff")) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mapHeader returns, for each canonical field of ds, the index of the column
// that holds it, or -1. A required field without a column, or two columns
// for one field, is an error naming the file.
func mapHeader(file string, ds *Dataset, header []string) ([]int, error) {
	byKey := make(map[string]int, len(ds.Fields)*4)
	for i, f := range ds.Fields {
		byKey[headerKey(f.Name)] = i
		for _, a := range f.Aliases {
			byKey[headerKey(a)] = i
		}
	}
	cols := make([]int, len(ds.Fields))
	for i := range cols {
		cols[i] = -1
	}
	for c, h := range header {
		fi, ok := byKey[headerKey(h)]
		if !ok {
			continue
		}
		if prev := cols[fi]; prev >= 0 {
			return nil, fmt.Errorf("%s: columns %q and %q both map to field %s", file, header[prev], h, ds.Fields[fi].Name)
		}
		cols[fi] = c
	}
	for fi, f := range ds.Fields {
		if f.Required && cols[fi] < 0 {
			names := append([]string{f.Name}, f.Aliases...)
			return nil, fmt.Errorf("%s: %w: no column for %s %s (header names recognised: %s)",
				file, ErrMissingColumn, ds.Type, f.Name, strings.Join(names, ", "))
		}
	}
	return cols, nil
}
