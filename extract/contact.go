package extract

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Errors wrapped by the parsers of this file.
var (
	ErrInvalidFlag   = errors.New("not a yes/no flag")
	ErrInvalidNumber = errors.New("not a whole number")
	ErrInvalidUPRN   = errors.New("not a valid UPRN")
	ErrInvalidEmail  = errors.New("not an email address")
	ErrInvalidPhone  = errors.New("not a telephone number")
	ErrInvalidSex    = errors.New("not a recognised sex code")
	ErrInvalidVAT    = errors.New("not a valid VAT number")
)

var flags = map[string]bool{
	"Y": true, "YES": true, "T": true, "TRUE": true, "1": true,
	"N": false, "NO": false, "F": false, "FALSE": false, "0": false,
}

// ParseFlag reads a yes/no flag: Y, Yes, T, True or 1; N, No, F, False or 0.
func ParseFlag(s string) (bool, error) {
	v, ok := flags[strings.ToUpper(strings.TrimSpace(s))]
	if !ok {
		return false, ErrInvalidFlag
	}
	return v, nil
}

// ParseInt reads a whole number, optionally signed, with thousands commas.
func ParseInt(s string) (int64, error) {
	v, err := strconv.ParseInt(strings.ReplaceAll(strings.TrimSpace(s), ",", ""), 10, 64)
	if err != nil {
		return 0, ErrInvalidNumber
	}
	return v, nil
}

// errVATCheck is the error of a VAT number whose check digits disagree.
var errVATCheck = fmt.Errorf("%w: check digits do not agree", ErrInvalidVAT)

// errUPRNScientific is the error of a UPRN that a spreadsheet showed, and
// saved, in scientific notation: a twelve-digit UPRN becomes 1.00023E+11
// and its last digits are lost.
var errUPRNScientific = damaged(ErrInvalidUPRN, "UPRN in scientific notation (spreadsheet damage)")

// NormalizeUPRN returns a Unique Property Reference Number as digits without
// leading zeros. A UPRN has at most 12 digits. Errors wrap ErrInvalidUPRN,
// and ErrSpreadsheetDamage for a UPRN in scientific notation.
func NormalizeUPRN(s string) (string, error) {
	d, ok := digitsOnly(s, "")
	if !ok {
		if isScientific(strings.TrimSpace(s)) {
			return "", errUPRNScientific
		}
		return "", ErrInvalidUPRN
	}
	d = strings.TrimLeft(d, "0")
	if d == "" || len(d) > 12 {
		return "", ErrInvalidUPRN
	}
	return d, nil
}

// NormalizeEmail returns an email address in lower case. It checks only the
// shape: one @ with text either side and a dot in the domain.
func NormalizeEmail(s string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(s))
	local, domain, ok := strings.Cut(e, "@")
	if !ok || local == "" || !strings.Contains(domain, ".") || strings.ContainsAny(domain, "@ ") || strings.Contains(local, " ") {
		return "", ErrInvalidEmail
	}
	return e, nil
}

// NormalizePhone returns a UK telephone number as digits, with +44 or 0044
// replaced by 0: "+44 (0)20 7946 0000" becomes 02079460000. A number that
// is not UK (10 or 11 digits starting with 0 and then not 0) is invalid.
func NormalizePhone(s string) (string, error) {
	t := strings.TrimSpace(s)
	t = strings.ReplaceAll(t, "(0)", "")
	d, ok := digitsOnly(strings.TrimPrefix(t, "+"), " -()./")
	if !ok {
		return "", ErrInvalidPhone
	}
	switch {
	case strings.HasPrefix(d, "0044"):
		d = "0" + d[4:]
	case strings.HasPrefix(t, "+44") || (strings.HasPrefix(d, "44") && len(d) == 12):
		d = "0" + d[2:]
	}
	// A UK number after its leading 0 never starts with another 0: 00 is
	// the international prefix, and a number that still has one is not UK.
	if len(d) < 10 || len(d) > 11 || d[0] != '0' || d[1] == '0' {
		return "", ErrInvalidPhone
	}
	return d, nil
}

var sexes = map[string]string{
	"M": "M", "MALE": "M", "F": "F", "FEMALE": "F",
	"X": "X", "U": "X", "O": "X", "OTHER": "X", "UNKNOWN": "X", "NOT KNOWN": "X", "UNSPECIFIED": "X",
}

// NormalizeSex returns M, F or X (any other recorded value) from the codes
// and words payroll systems use.
func NormalizeSex(s string) (string, error) {
	v, ok := sexes[strings.ToUpper(strings.Join(strings.Fields(s), " "))]
	if !ok {
		return "", ErrInvalidSex
	}
	return v, nil
}

// NormalizeVAT returns a UK VAT registration number as GB followed by nine
// digits (or twelve for a branch), checking the HMRC check digits of the
// nine-digit number. GD and HA numbers (government departments and health
// authorities) are returned as given, prefix and three digits.
func NormalizeVAT(s string) (string, error) {
	t := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	t = strings.TrimPrefix(t, "GB")
	if (strings.HasPrefix(t, "GD") || strings.HasPrefix(t, "HA")) && len(t) == 5 && allDigits(t[2:]) {
		return "GB" + t, nil
	}
	if (len(t) != 9 && len(t) != 12) || !allDigits(t) {
		return "", ErrInvalidVAT
	}
	if !vatCheck(t[:9]) {
		return "", errVATCheck
	}
	return "GB" + t, nil
}

// vatCheck applies HMRC's modulus 97 check (and the 9755 variant for numbers
// issued since 2010) to a nine-digit VAT number.
func vatCheck(d string) bool {
	sum := 0
	for i := 0; i < 7; i++ {
		sum += int(d[i]-'0') * (8 - i)
	}
	check := int(d[7]-'0')*10 + int(d[8]-'0')
	for _, add := range []int{0, 55} {
		r := (sum + check + add) % 97
		if r == 0 {
			return true
		}
	}
	return false
}
