package extract

import (
	"errors"
	"strings"
)

// ErrInvalidNINO is wrapped by NormalizeNINO for a value that is not a
// National Insurance number that could have been issued.
var ErrInvalidNINO = errors.New("not a valid NI number")

// ErrInvalidPostcode is wrapped by NormalizePostcode for a value that is not
// in the form of a UK postcode.
var ErrInvalidPostcode = errors.New("not a valid UK postcode")

// ninoBadPrefix are the prefixes HMRC never allocates; TN and the like mark
// temporary or administrative numbers that identify nobody.
var ninoBadPrefix = map[string]bool{"BG": true, "GB": true, "KN": true, "NK": true, "NT": true, "TN": true, "ZZ": true}

// NormalizeNINO returns a National Insurance number in standard form: upper
// case, no spaces or punctuation, two prefix letters, six digits and the
// suffix letter A-D when one was given. It checks the format and the
// prefixes that are never issued (first letter D, F, I, Q, U or V; second
// letter D, F, I, O, Q, U or V; BG, GB, KN, NK, NT, TN, ZZ).
func NormalizeNINO(s string) (string, error) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '\t':
		default:
			return "", ErrInvalidNINO
		}
	}
	n := b.String()
	if len(n) != 8 && len(n) != 9 {
		return "", ErrInvalidNINO
	}
	if strings.ContainsRune("DFIQUV", rune(n[0])) || strings.ContainsRune("DFIOQUV", rune(n[1])) ||
		n[0] < 'A' || n[0] > 'Z' || n[1] < 'A' || n[1] > 'Z' || ninoBadPrefix[n[:2]] {
		return "", ErrInvalidNINO
	}
	for i := 2; i < 8; i++ {
		if n[i] < '0' || n[i] > '9' {
			return "", ErrInvalidNINO
		}
	}
	if len(n) == 9 && (n[8] < 'A' || n[8] > 'D') {
		return "", ErrInvalidNINO
	}
	return n, nil
}

// NormalizePostcode returns a UK postcode in standard form: upper case, the
// outward code, one space, the inward code (sw1a1aa -> SW1A 1AA).
func NormalizePostcode(s string) (string, error) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r != ' ' && r != '\t' && r != '-' {
			b.WriteRune(r)
		}
	}
	p := b.String()
	if len(p) < 5 || len(p) > 7 {
		return "", ErrInvalidPostcode
	}
	out, in := p[:len(p)-3], p[len(p)-3:]
	if !isDigit(in[0]) || !isAlpha(in[1]) || !isAlpha(in[2]) {
		return "", ErrInvalidPostcode
	}
	// Outward code: A9, A99, AA9, AA99, A9A, AA9A.
	if !isAlpha(out[0]) {
		return "", ErrInvalidPostcode
	}
	rest := out[1:]
	if isAlpha(rest[0]) {
		rest = rest[1:]
	}
	switch {
	case len(rest) == 1 && isDigit(rest[0]):
	case len(rest) == 2 && isDigit(rest[0]) && (isDigit(rest[1]) || isAlpha(rest[1])):
	default:
		return "", ErrInvalidPostcode
	}
	return out + " " + in, nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { return c >= 'A' && c <= 'Z' }
