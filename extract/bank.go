package extract

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidSortCode and ErrInvalidAccount are wrapped by NormalizeSortCode
// and NormalizeAccount.
var (
	ErrInvalidSortCode = errors.New("not a valid sort code")
	ErrInvalidAccount  = errors.New("not a valid bank account number")
)

var (
	errSortCodeDigits     = fmt.Errorf("%w: want six digits", ErrInvalidSortCode)
	errSortCodeDate       = damaged(ErrInvalidSortCode, "sort code looks like a date (spreadsheet damage)")
	errSortCodeScientific = damaged(ErrInvalidSortCode, "sort code in scientific notation (spreadsheet damage)")
	errAccountShort       = fmt.Errorf("%w: fewer than six digits", ErrInvalidAccount)
	errAccountLong        = fmt.Errorf("%w: more than eight digits", ErrInvalidAccount)
	errAccountForm        = fmt.Errorf("%w: want digits", ErrInvalidAccount)
	errAccountScientific  = damaged(ErrInvalidAccount, "account number in scientific notation (spreadsheet damage)")
)

// NormalizeSortCode returns a bank sort code as six digits, from 12-34-56,
// 12 34 56 or 123456. It repairs and detects what spreadsheets do to sort
// codes:
//
//   - five bare digits are a sort code that lost its leading zero (040004,
//     a Monzo code, saved as the number 40004) and get it back. A
//     spreadsheet that took 12-03-56 for a date writes it back as the date
//     it shows, not as its serial number, so five digits are read as a lost
//     zero, not as a date serial.
//   - a value that reads as a date (12/03/1956, 12-03-1956, 01-Feb-03) is
//     invalid with a reason that says so. Its pairs are not guessed back:
//     the spreadsheet's locale decided which pair became the day and
//     which the month, and that is not known.
//   - scientific notation (1.23E+05) is invalid: its digits are lost.
//
// Errors wrap ErrInvalidSortCode, and ErrSpreadsheetDamage for damage.
func NormalizeSortCode(s string) (string, error) {
	v, _, err := normalizeSortCode(s)
	return v, err
}

// normalizeSortCode is NormalizeSortCode that also returns a note on a
// repair, or "".
func normalizeSortCode(s string) (string, string, error) {
	s = strings.TrimSpace(s)
	d, ok := digitsOnly(s, "- ")
	switch {
	case ok && len(d) == 6:
		return d, "", nil
	case ok && len(d) == 5 && len(s) == 5:
		return "0" + d, noteLostZero, nil
	case isScientific(s):
		return "", "", errSortCodeScientific
	case !allDigits(s) && looksLikeDate(s):
		return "", "", errSortCodeDate
	}
	return "", "", errSortCodeDigits
}

// looksLikeDate reports whether s, which has separators or letters, reads
// as a date.
func looksLikeDate(s string) bool {
	_, err := parseSeparatedDate(s, DateConfig{PivotYear: 2000})
	return err == nil
}

// NormalizeAccount returns a UK bank account number as eight digits, from
// digits with spaces or hyphens. Six and seven digit numbers, which some
// banks issue (and which a spreadsheet makes of numbers with leading
// zeros), are padded with leading zeros as the clearing system does. Nine
// or more digits are invalid (a building society roll number or a card
// number belongs elsewhere), and so is scientific notation. Errors wrap
// ErrInvalidAccount, and ErrSpreadsheetDamage for damage.
func NormalizeAccount(s string) (string, error) {
	d, ok := digitsOnly(s, "- ")
	switch {
	case !ok && isScientific(strings.TrimSpace(s)):
		return "", errAccountScientific
	case !ok:
		return "", errAccountForm
	case len(d) < 6:
		return "", errAccountShort
	case len(d) > 8:
		return "", errAccountLong
	case len(d) == 8:
		return d, nil
	}
	return strings.Repeat("0", 8-len(d)) + d, nil
}

// digitsOnly returns s without the characters in skip, and whether what is
// left is all digits.
func digitsOnly(s, skip string) (string, bool) {
	s = strings.TrimSpace(s)
	if allDigits(s) {
		return s, true
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case strings.ContainsRune(skip, r):
		default:
			return "", false
		}
	}
	return b.String(), b.Len() > 0
}
