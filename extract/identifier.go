package extract

import (
	"errors"
	"fmt"
)

// ErrInvalidNINO is wrapped by NormalizeNINO for a value that is not a
// National Insurance number that could have been issued to a person.
var ErrInvalidNINO = errors.New("not a valid NI number")

// ErrTemporaryNINO and ErrAdministrativeNINO are returned by NormalizeNINO
// for numbers in use that identify nobody; both wrap ErrInvalidNINO, and
// their text names the case without the number.
var (
	ErrTemporaryNINO      = invalid(ErrInvalidNINO, "temporary NI number")
	ErrAdministrativeNINO = invalid(ErrInvalidNINO, "administrative NI number (not a person's)")
)

var (
	errNINOForm   = fmt.Errorf("%w: want two letters, six digits and A, B, C or D", ErrInvalidNINO)
	errNINOPrefix = fmt.Errorf("%w: prefix never issued", ErrInvalidNINO)
)

// ninoBadPrefix are the prefixes HMRC never allocates besides those ruled
// out by their letters.
var ninoBadPrefix = map[string]bool{"BG": true, "GB": true, "KN": true, "NK": true, "NT": true, "TN": true, "ZZ": true}

// ninoAdminPrefix are prefixes used for administrative numbers, not
// allocated to people.
var ninoAdminPrefix = map[string]bool{"OO": true, "CR": true, "FY": true, "MW": true, "NC": true, "PP": true, "PY": true, "PZ": true}

// NormalizeNINO returns a National Insurance number in standard form: upper
// case, no spaces or punctuation, two prefix letters, six digits and the
// suffix letter A-D when one was given. It checks the format and the
// prefixes that are never issued (first letter D, F, I, Q, U or V; second
// letter D, F, I, O, Q, U or V; BG, GB, KN, NK, NT, TN, ZZ).
//
// Numbers used in place of a person's NI number return ErrTemporaryNINO:
// temporary reference numbers, TN and the date of birth as ddmmyy, with M
// or F or nothing after it (TN010180M; TN and six other digits followed by
// M or F count too), and local references of eight digits and a letter
// (12345678A). Administrative prefixes (OO, CR, FY, MW, NC, PP, PY, PZ)
// return ErrAdministrativeNINO. Every error wraps ErrInvalidNINO.
func NormalizeNINO(s string) (string, error) {
	var buf [9]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		case c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
		case c == ' ' || c == '-' || c == '\t':
			continue
		default:
			return "", errNINOForm
		}
		if n == len(buf) {
			return "", errNINOForm
		}
		buf[n], n = c, n+1
	}
	b := buf[:n]
	if n != 8 && n != 9 {
		return "", errNINOForm
	}
	if temporaryNINO(b) {
		return "", ErrTemporaryNINO
	}
	if !isAlpha(b[0]) || !isAlpha(b[1]) || !allDigits(string(b[2:8])) || (n == 9 && (b[8] < 'A' || b[8] > 'D')) {
		return "", errNINOForm
	}
	prefix := string(b[:2])
	switch {
	case ninoAdminPrefix[prefix]:
		return "", ErrAdministrativeNINO
	case isNINOBadFirst(b[0]) || isNINOBadSecond(b[1]) || ninoBadPrefix[prefix]:
		return "", errNINOPrefix
	}
	if string(b) == s {
		return s, nil // already in standard form: no copy
	}
	return string(b), nil
}

func isNINOBadFirst(c byte) bool {
	return c == 'D' || c == 'F' || c == 'I' || c == 'Q' || c == 'U' || c == 'V'
}

func isNINOBadSecond(c byte) bool { return isNINOBadFirst(c) || c == 'O' }

// temporaryNINO reports whether b, upper case without spaces, is a
// temporary reference number or a local temporary reference.
func temporaryNINO(b []byte) bool {
	if len(b) == 9 && allDigits(string(b[:8])) && isAlpha(b[8]) {
		return true // 12345678A
	}
	if b[0] != 'T' || b[1] != 'N' || !allDigits(string(b[2:8])) {
		return false
	}
	var last byte
	if len(b) == 9 {
		last = b[8]
	}
	if last == 'M' || last == 'F' {
		return true
	}
	d, m := atoi(string(b[2:4])), atoi(string(b[4:6]))
	return (last == 0 || last >= 'A' && last <= 'D') && d >= 1 && d <= 31 && m >= 1 && m <= 12
}
