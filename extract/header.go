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

// fieldPlan says where one canonical field comes from and how it is read.
type fieldPlan struct {
	field    Field
	col      int    // source column, or -1
	constant string // the value when there is no column
	hasConst bool
	layout   string               // Go time layout of a declared date format, or excelDates
	pounds   bool                 // money supplied in pounds
	codes    map[string]string    // lookup table, keyed by upper-case code
	orig     int                  // builder index of the field's original value, or -1
	memo     map[string]memoEntry // values already normalised, for kinds that repeat
	canon    bool                 // values proved canonical are stored as they are
}

// planFields decides, for each field of ds, the column that holds it: the one
// m names, else the one whose header is the field's name or an alias. A
// required field with neither a column nor a constant, a column claimed by
// two fields, or a mapping that names a missing column is an error naming the
// file.
func planFields(file string, ds *Dataset, header []string, m *Mapping) ([]fieldPlan, error) {
	colByKey := make(map[string]int, len(header))
	for c, h := range header {
		if _, dup := colByKey[headerKey(h)]; !dup {
			colByKey[headerKey(h)] = c
		}
	}
	plan := make([]fieldPlan, len(ds.Fields))
	claimed := map[int]int{} // column -> field index
	next := 1 + len(ds.Fields)
	for fi, f := range ds.Fields {
		p := fieldPlan{field: f, col: -1, orig: -1, canon: canonicalKind(f)}
		if f.Kind.KeepsOriginal() {
			p.orig, next = next, next+1
		}
		var fm FieldMapping
		mapped := false
		if m != nil {
			fm, mapped = m.Fields[f.Name]
			p.constant, p.hasConst = m.Constants[f.Name]
		}
		switch {
		case mapped:
			c, ok := colByKey[headerKey(fm.Column)]
			if !ok {
				return nil, fmt.Errorf("%s: %w: the mapping reads %s from column %q, which the input does not have (columns: %s)",
					file, ErrMissingColumn, f.Name, fm.Column, strings.Join(header, ", "))
			}
			p.col = c
			if fm.DateFormat != "" {
				p.layout, _ = dateLayout(fm.DateFormat)
			}
			p.pounds = fm.Money == "pounds"
			if len(fm.Codes) > 0 {
				p.codes = make(map[string]string, len(fm.Codes))
				for k, v := range fm.Codes {
					p.codes[strings.ToUpper(strings.TrimSpace(k))] = v
				}
			}
		case !p.hasConst:
			p.col = headerColumn(f, colByKey)
		}
		if memoKind(f.Kind) && !(f.Kind == KindDate && p.layout == "") {
			// The NFI date layouts parse faster than a lookup.
			p.memo = make(map[string]memoEntry)
		}
		if p.col >= 0 {
			if prev, dup := claimed[p.col]; dup {
				return nil, fmt.Errorf("%s: column %q holds both %s and %s: say which in a mapping",
					file, header[p.col], ds.Fields[prev].Name, f.Name)
			}
			claimed[p.col] = fi
		}
		if f.Required && p.col < 0 && !p.hasConst {
			names := append([]string{f.Name}, f.Aliases...)
			return nil, fmt.Errorf("%s: %w: no column for %s %s (header names recognised: %s)",
				file, ErrMissingColumn, ds.Type, f.Name, strings.Join(names, ", "))
		}
		plan[fi] = p
	}
	if err := checkTwoColumns(file, ds, header, plan, m); err != nil {
		return nil, err
	}
	return plan, nil
}

// headerColumn returns the column whose header is f's name or one of its
// aliases, or -1.
func headerColumn(f Field, colByKey map[string]int) int {
	if c, ok := colByKey[headerKey(f.Name)]; ok {
		return c
	}
	for _, a := range f.Aliases {
		if c, ok := colByKey[headerKey(a)]; ok {
			return c
		}
	}
	return -1
}

// checkTwoColumns refuses a header with two columns for one field (Surname
// and Last name), unless a mapping says which to read.
func checkTwoColumns(file string, ds *Dataset, header []string, plan []fieldPlan, m *Mapping) error {
	for fi, f := range ds.Fields {
		if m != nil {
			if _, mapped := m.Fields[f.Name]; mapped {
				continue
			}
		}
		keys := map[string]bool{headerKey(f.Name): true}
		for _, a := range f.Aliases {
			keys[headerKey(a)] = true
		}
		for c, h := range header {
			if keys[headerKey(h)] && c != plan[fi].col && plan[fi].col >= 0 && !claimedElsewhere(plan, c) {
				return fmt.Errorf("%s: columns %q and %q both map to field %s", file, header[plan[fi].col], h, f.Name)
			}
		}
	}
	return nil
}

func claimedElsewhere(plan []fieldPlan, col int) bool {
	for _, p := range plan {
		if p.col == col {
			return true
		}
	}
	return false
}
