package extract

import "errors"

// ErrSpreadsheetDamage is wrapped, beside the error of the value's kind
// (ErrInvalidSortCode, ErrInvalidUPRN...), by the errors of values that a
// spreadsheet spoilt beyond repair: a sort code turned into a date, a UPRN
// in scientific notation.
var ErrSpreadsheetDamage = errors.New("spreadsheet damage")

// valueError is the error of a bad value whose reason is worth counting on
// its own: it wraps the sentinel of the value's kind (and
// ErrSpreadsheetDamage where a spreadsheet did it) and says what was wrong
// in words that never contain the value, so that it can go into warnings
// and logs as it is.
type valueError struct {
	reason string
	errs   []error
}

func (e *valueError) Error() string   { return e.reason }
func (e *valueError) Unwrap() []error { return e.errs }

// invalid returns a valueError of kind with reason, which must not contain
// the value.
func invalid(kind error, reason string) error {
	return &valueError{reason: reason, errs: []error{kind}}
}

// damaged is invalid for a value a spreadsheet spoilt.
func damaged(kind error, reason string) error {
	return &valueError{reason: reason, errs: []error{kind, ErrSpreadsheetDamage}}
}

// Notes on values repaired while loading. A Reader counts each as a
// warning "field: note"; a note says what was wrong and what was done, and
// never contains the value.
const (
	noteLostZero      = "leading zero lost (spreadsheet damage), restored"
	noteSerial        = "spreadsheet serial number, converted"
	noteSerialOrShort = "spreadsheet serial number, converted (could be ddmmyy that lost its leading zero)"
	noteYearFirst     = "yyyymmdd, not ddmmyyyy, read as yyyymmdd"
	notePounds        = "given in pounds, not pence, loaded as pounds"
	notePostcodeDigit = "letter O or I for the digit of the inward code, repaired"
)

// isScientific reports whether s is a number in scientific notation
// (1.23E+05), as a spreadsheet shows a long number it has taken for one.
func isScientific(s string) bool {
	e := -1
	for i := 0; i < len(s); i++ {
		if s[i] == 'E' || s[i] == 'e' {
			e = i
			break
		}
	}
	if e < 1 {
		return false
	}
	whole, frac, dot := cutByte(s[:e], '.')
	if !allDigits(whole) || (dot && frac != "" && !allDigits(frac)) {
		return false
	}
	exp := s[e+1:]
	if exp != "" && (exp[0] == '+' || exp[0] == '-') {
		exp = exp[1:]
	}
	return allDigits(exp)
}

// cutByte is strings.Cut for one byte.
func cutByte(s string, sep byte) (before, after string, found bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == sep {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
