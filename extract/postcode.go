package extract

import (
	"errors"
	"fmt"
)

// ErrInvalidPostcode is wrapped by NormalizePostcode for a value that is not
// in the form of a UK postcode.
var ErrInvalidPostcode = errors.New("not a valid UK postcode")

var (
	errPostcodeForm    = fmt.Errorf("%w: want an outward code (A9, A99, AA9, AA99, A9A or AA9A) and an inward code (9AA)", ErrInvalidPostcode)
	errPostcodeLetters = fmt.Errorf("%w: a letter never used in its place", ErrInvalidPostcode)
)

// NormalizePostcode returns a UK postcode in standard form: upper case, the
// outward code, one space, the inward code (sw1a1aa -> SW1A 1AA). It checks
// the form and the letters Royal Mail never uses in each place: Q, V and X
// first; I, J and Z second; only ABCDEFGHJKPSTUW third in A9A; only
// ABEHMNPRVWXY fourth in AA9A; never C, I, K, M, O or V in the inward code.
// GIR 0AA (Girobank) is accepted, and so are British Forces Post Office
// numbers, as BFPO and one to four digits (bfpo123 -> BFPO 123).
//
// The letter O or I typed for the digit that starts the inward code (SW1A
// OAA) is repaired; a Reader counts the repair as a warning.
func NormalizePostcode(s string) (string, error) {
	p, _, err := normalizePostcode(s)
	return p, err
}

// normalizePostcode is NormalizePostcode that also returns a note on a
// repair, or "".
func normalizePostcode(s string) (string, string, error) {
	// Upper case without spaces, tabs or hyphens; one more byte than the
	// longest form, BFPO1234, to tell it from a longer value.
	var buf [9]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '-':
			continue
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		case isAlpha(c) || isDigit(c):
		default:
			return "", "", errPostcodeForm
		}
		if n == len(buf) {
			return "", "", errPostcodeForm
		}
		buf[n], n = c, n+1
	}
	if n > 4 && n <= 8 && string(buf[:4]) == "BFPO" && allDigits(string(buf[4:n])) {
		return "BFPO " + string(buf[4:n]), "", nil
	}
	if n < 5 || n > 7 {
		return "", "", errPostcodeForm
	}
	out, in := buf[:n-3], buf[n-3:n]
	note := ""
	switch in[0] {
	case 'O':
		in[0], note = '0', notePostcodeDigit
	case 'I':
		in[0], note = '1', notePostcodeDigit
	}
	if string(out) == "GIR" && string(in) == "0AA" {
		return "GIR 0AA", note, nil
	}
	if err := checkOutward(out); err != nil {
		return "", "", err
	}
	if !isDigit(in[0]) || !isAlpha(in[1]) || !isAlpha(in[2]) {
		return "", "", errPostcodeForm
	}
	if notInward(in[1]) || notInward(in[2]) {
		return "", "", errPostcodeLetters
	}
	var res [8]byte
	k := copy(res[:], out)
	res[k] = ' '
	k++
	k += copy(res[k:], in)
	return string(res[:k]), note, nil
}

// checkOutward checks an outward code: A9, A99, AA9, AA99, A9A or AA9A,
// with the letters used in each place.
func checkOutward(out []byte) error {
	if !isAlpha(out[0]) {
		return errPostcodeForm
	}
	letters := 1
	rest := out[1:]
	if isAlpha(rest[0]) {
		letters, rest = 2, rest[1:]
	}
	switch {
	case len(rest) == 1 && isDigit(rest[0]):
	case len(rest) == 2 && isDigit(rest[0]) && isDigit(rest[1]):
	case len(rest) == 2 && isDigit(rest[0]) && isAlpha(rest[1]):
		if letters == 1 && !inSet(rest[1], "ABCDEFGHJKPSTUW") || letters == 2 && !inSet(rest[1], "ABEHMNPRVWXY") {
			return errPostcodeLetters
		}
	default:
		return errPostcodeForm
	}
	if inSet(out[0], "QVX") || letters == 2 && inSet(out[1], "IJZ") {
		return errPostcodeLetters
	}
	return nil
}

func notInward(c byte) bool { return inSet(c, "CIKMOV") }

func inSet(c byte, set string) bool {
	for i := 0; i < len(set); i++ {
		if set[i] == c {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { return c >= 'A' && c <= 'Z' }
