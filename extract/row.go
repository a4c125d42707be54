package extract

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"golang.org/x/text/encoding/charmap"
)

// errBlank marks a required value that is missing.
var errBlank = errors.New("required value is blank")

// row parses one input row into d.cells and, when it is good, appends it to
// the builder. It reports whether the row was loaded; a row that was not is
// sent to the rejects with its lines as read.
func (d *DelimitedReader) row(lines []line, fields []string) (bool, error) {
	ln := lines[0].n
	var warnings []string
	for fi, f := range d.ds.Fields {
		c := &d.cells[fi]
		*c = cell{}
		col := d.cols[fi]
		if col < 0 {
			continue
		}
		value := fields[col]
		if !utf8.ValidString(value) {
			// Not UTF-8: the file came from a Windows system.
			if s, err := charmap.Windows1252.NewDecoder().String(value); err == nil {
				value = s
			}
		}
		err := parseCell(c, f.Kind, value, d.cfg.Dates)
		if err == nil && c.valid {
			if c.inPounds {
				warnings = append(warnings, f.Name+": given in pounds, not pence, loaded as pounds")
			}
			continue
		}
		if err == nil && !f.Required {
			continue // blank optional value: NULL
		}
		if err == nil {
			err = errBlank
		}
		if f.Required {
			return false, d.reject(Reject{Line: ln, Field: f.Name, Reason: err.Error(), Raw: rawText(lines)})
		}
		c.valid = false
		warnings = append(warnings, f.Name+": "+reasonOf(err)+", loaded as blank")
	}
	if d.refField >= 0 {
		ref := d.cells[d.refField].str
		if first, dup := d.seenRefs[ref]; dup {
			return false, d.reject(Reject{Line: ln, Field: "record_id", Raw: rawText(lines),
				Reason: fmt.Sprintf("record_id repeats the one on line %d: references must be unique within a file", first)})
		}
		d.seenRefs[strings.Clone(ref)] = ln
	}
	for _, w := range warnings {
		d.stats.Warnings[w]++
	}
	d.bld.Field(0).(*array.StringBuilder).Append(d.body)
	for fi, f := range d.ds.Fields {
		c := d.cells[fi]
		b := d.bld.Field(fi + 1)
		if !c.valid {
			b.AppendNull()
			continue
		}
		switch f.Kind {
		case KindDate:
			b.(*array.Date32Builder).Append(arrow.Date32(c.num))
		case KindMoney:
			b.(*array.Int64Builder).Append(c.num)
		default:
			b.(*array.StringBuilder).Append(c.str)
		}
	}
	return true, nil
}

// reasonOf strips the offending value from an error so that warnings can be
// counted by kind, and so that no personal value reaches a log.
func reasonOf(err error) string {
	for _, known := range []error{ErrInvalidDate, ErrInvalidMoney, ErrInvalidNINO, ErrInvalidPostcode, ErrInvalidFrequency} {
		if errors.Is(err, known) {
			return known.Error()
		}
	}
	return "not a valid value"
}

// parseCell parses raw by kind into c. A blank value leaves c invalid with no
// error.
func parseCell(c *cell, k Kind, raw string, dates DateConfig) error {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil
	}
	var err error
	switch k {
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
		c.str, err = NormalizePostcode(raw)
	case KindNINO:
		c.str, err = NormalizeNINO(raw)
	case KindFrequency:
		c.str, err = NormalizeFrequency(raw)
	case KindDate:
		var days int32
		days, err = ParseDate(raw, dates)
		c.num = int64(days)
	case KindMoney:
		c.num, c.inPounds, err = ParseMoney(raw)
	default:
		return fmt.Errorf("field kind %d has no parser", k)
	}
	if err != nil {
		return err
	}
	c.valid = c.str != "" || k == KindDate || k == KindMoney
	return nil
}
