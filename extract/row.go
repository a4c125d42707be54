package extract

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"golang.org/x/text/encoding/charmap"
)

// errBlank marks a required value that is missing.
var errBlank = errors.New("required value is blank")

// errNotInTable marks a coded value missing from the mapping's lookup table.
var errNotInTable = errors.New("code not in the mapping's lookup table")

// row parses one raw row into d.cells and, when it is good, appends it to the
// builder. It reports whether the row was loaded; a row that was not is sent
// to the rejects as supplied.
func (d *Reader) row(r Row) (bool, error) {
	var warnings []string
	for fi := range d.plan {
		p := &d.plan[fi]
		c := &d.cells[fi]
		*c = cell{}
		var value string
		switch {
		case p.col >= 0:
			value = r.Values[p.col]
		case p.hasConst:
			value = p.constant
		default:
			continue
		}
		if !utf8.ValidString(value) {
			// Not UTF-8: the file came from a Windows system.
			if s, err := charmap.Windows1252.NewDecoder().String(value); err == nil {
				value = s
			}
		}
		err := parseCell(c, p, value, d.cfg.Dates)
		f := p.field
		if err == nil && c.valid {
			if c.note != "" {
				warnings = append(warnings, f.Name+": "+c.note)
			}
			continue
		}
		if err == nil && !f.Required {
			continue // blank optional value: NULL, original kept
		}
		if err == nil {
			err = errBlank
		}
		if f.Required {
			return false, d.reject(Reject{Line: r.Line, Field: f.Name, Reason: err.Error(), Raw: d.raw(r)})
		}
		c.valid = false
		warnings = append(warnings, f.Name+": "+reasonOf(err)+", loaded as blank")
	}
	d.derive()
	if d.refField >= 0 {
		ref := d.cells[d.refField].str
		if first, dup := d.seenRefs.firstLine(ref, r.Line); dup {
			return false, d.reject(Reject{Line: r.Line, Field: "record_id", Raw: d.raw(r),
				Reason: fmt.Sprintf("record_id repeats the one on line %d: references must be unique within a file", first)})
		}
	}
	for _, w := range warnings {
		d.stats.Warnings[w]++
	}
	d.append()
	return true, nil
}

// append adds the parsed cells to the batch as one record.
func (d *Reader) append() {
	b := d.bld
	b.strs[0].append(d.body)
	for fi := range d.plan {
		p := &d.plan[fi]
		c := &d.cells[fi]
		if p.orig >= 0 {
			if c.orig == "" {
				b.strs[p.orig].appendNull()
			} else {
				b.strs[p.orig].append(c.orig)
			}
		}
		if s := b.strs[fi+1]; s != nil {
			if c.valid {
				s.append(c.str)
			} else {
				s.appendNull()
			}
			continue
		}
		o := b.others[fi+1]
		if !c.valid {
			o.AppendNull()
			continue
		}
		switch p.field.Kind {
		case KindDate:
			o.(*array.Date32Builder).Append(arrow.Date32(c.num))
		case KindMoney, KindInt:
			o.(*array.Int64Builder).Append(c.num)
		case KindFlag:
			o.(*array.BooleanBuilder).Append(c.num != 0)
		}
	}
	b.rows++
}

// invalidErrors are the errors whose text names a kind of bad value without
// the value itself.
var invalidErrors = []error{ErrInvalidDate, ErrInvalidMoney, ErrInvalidNINO, ErrInvalidPostcode,
	ErrInvalidFrequency, ErrInvalidSortCode, ErrInvalidAccount, ErrInvalidFlag, ErrInvalidNumber,
	ErrInvalidUPRN, ErrInvalidEmail, ErrInvalidPhone, ErrInvalidSex, ErrInvalidVAT, errNotInTable}

// reasonOf strips the offending value from an error so that warnings can be
// counted by kind, and so that no personal value reaches a log. A
// valueError's reason is kept: it never holds the value.
func reasonOf(err error) string {
	var ve *valueError
	if errors.As(err, &ve) {
		return ve.reason
	}
	for _, known := range invalidErrors {
		if errors.Is(err, known) {
			return known.Error()
		}
	}
	return "not a valid value"
}

// parseCell parses raw for field plan p into c. A blank value leaves c
// invalid with no error.
func parseCell(c *cell, p *fieldPlan, raw string, dates DateConfig) error {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil
	}
	if p.orig >= 0 {
		c.orig = raw
	}
	if p.codes != nil {
		v, ok := p.codes[strings.ToUpper(raw)]
		if !ok {
			return errNotInTable
		}
		raw = v
	}
	if p.canon && canonical(p.field.Kind, raw) {
		c.str, c.valid = raw, true
		return nil
	}
	if p.memo == nil {
		return normalizeValue(c, p, raw, dates)
	}
	if e, ok := p.memo[raw]; ok {
		c.str, c.num, c.note, c.valid = e.str, e.num, e.note, e.valid
		return e.err
	}
	err := normalizeValue(c, p, raw, dates)
	if len(p.memo) < memoLimit {
		// Clone: raw and the result may point into the input's line.
		p.memo[strings.Clone(raw)] = memoEntry{str: strings.Clone(c.str), num: c.num, note: c.note, valid: c.valid, err: err}
	}
	return err
}

// memoLimit bounds the values remembered per field: enough for the titles,
// forenames, surnames, towns, dates and codes that repeat through a file,
// small enough not to grow with it.
const memoLimit = 1 << 14

// memoEntry is a value's normalised form, remembered.
type memoEntry struct {
	str   string
	num   int64
	note  string
	valid bool
	err   error
}

// memoKinds are the kinds whose values repeat enough through a file to be
// worth remembering; references, NI numbers, amounts and contact details are
// nearly all distinct.
func memoKind(k Kind) bool {
	switch k {
	case KindText, KindName, KindTitle, KindAddress, KindPostcode, KindFrequency, KindDate,
		KindSortCode, KindFlag, KindCode, KindSex:
		return true
	}
	return false
}

// normalizeValue parses raw, trimmed and looked up, by p's kind into c.
func normalizeValue(c *cell, p *fieldPlan, raw string, dates DateConfig) error {
	var err error
	switch p.field.Kind {
	case KindID:
		c.str = raw
	case KindText:
		c.str = strings.Join(strings.Fields(raw), " ")
	case KindName:
		c.str = NormalizeName(raw)
	case KindTitle:
		c.str = NormalizeTitle(raw)
	case KindAddress:
		c.str = NormalizeAddressLine(raw)
	case KindPostcode:
		c.str, c.note, err = normalizePostcode(raw)
	case KindNINO:
		c.str, err = NormalizeNINO(raw)
	case KindFrequency:
		c.str, err = NormalizeFrequency(raw)
	case KindDate:
		var days int32
		days, c.note, err = parseDateAs(raw, p.layout, dates)
		c.num = int64(days)
	case KindMoney:
		if p.pounds {
			c.num, err = ParsePounds(raw)
		} else {
			var inPounds bool
			c.num, inPounds, err = ParseMoney(raw)
			if inPounds {
				c.note = notePounds
			}
		}
	case KindSortCode:
		c.str, c.note, err = normalizeSortCode(raw)
	case KindAccount:
		c.str, err = NormalizeAccount(raw)
	case KindFlag:
		var yes bool
		yes, err = ParseFlag(raw)
		if yes {
			c.num = 1
		}
	case KindCode:
		c.str = strings.ToUpper(strings.Join(strings.Fields(raw), " "))
		if p.field.Name == FlatField {
			c.str = flatNumber(c.str)
		}
	case KindInt:
		c.num, err = ParseInt(raw)
	case KindUPRN:
		c.str, err = NormalizeUPRN(raw)
	case KindEmail:
		c.str, err = NormalizeEmail(raw)
	case KindPhone:
		c.str, err = NormalizePhone(raw)
	case KindSex:
		c.str, err = NormalizeSex(raw)
	case KindVAT:
		c.str, err = NormalizeVAT(raw)
	default:
		return fmt.Errorf("field kind %d has no parser", p.field.Kind)
	}
	if err != nil {
		return err
	}
	switch p.field.Kind {
	case KindDate, KindMoney, KindInt, KindFlag:
		c.valid = true
	default:
		c.valid = c.str != ""
	}
	return nil
}

// errDateFormat is the error of a date that does not fit the layout a
// mapping declared.
var errDateFormat = fmt.Errorf("%w: does not fit the mapping's date format", ErrInvalidDate)

// parseDateAs reads a date in a declared layout, or in the NFI layouts when
// none was declared; only the NFI layouts repair, and so note.
func parseDateAs(raw, layout string, dates DateConfig) (days int32, note string, err error) {
	switch layout {
	case "":
		return parseDate(raw, dates)
	case excelDates:
		days, err = ParseExcelDate(raw)
		return days, "", err
	}
	t, err := time.Parse(layout, raw)
	if err != nil {
		return 0, "", errDateFormat
	}
	if strings.Contains(layout, "06") && !strings.Contains(layout, "2006") {
		// Two-digit year: pivot as ParseDate does, not as Go does.
		y := 2000 + t.Year()%100
		if y > pivotOf(dates) {
			y -= 100
		}
		t = time.Date(y, t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	return int32(t.Unix() / 86400), "", nil
}

// flatNumber drops the word before a flat number supplied in a column of its
// own ("FLAT 9", "APT 2B"), so that it agrees with one taken from the address
// lines ("9").
func flatNumber(s string) string {
	for _, w := range []string{"FLAT ", "FLT ", "APARTMENT ", "APT ", "UNIT "} {
		if rest, ok := strings.CutPrefix(s, w); ok && rest != "" {
			return rest
		}
	}
	return s
}
