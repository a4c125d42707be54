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

// NormalizeSortCode returns a bank sort code as six digits, from 12-34-56,
// 12 34 56 or 123456.
func NormalizeSortCode(s string) (string, error) {
	d, ok := digitsOnly(s, "- ")
	if !ok || len(d) != 6 {
		return "", fmt.Errorf("%w: want six digits", ErrInvalidSortCode)
	}
	return d, nil
}

// NormalizeAccount returns a UK bank account number as eight digits. Six and
// seven digit numbers, which some banks issue, are padded with leading zeros
// as the clearing system does.
func NormalizeAccount(s string) (string, error) {
	d, ok := digitsOnly(s, "- ")
	if !ok || len(d) < 6 || len(d) > 8 {
		return "", fmt.Errorf("%w: want six to eight digits", ErrInvalidAccount)
	}
	return strings.Repeat("0", 8-len(d)) + d, nil
}

// digitsOnly returns s without the characters in skip, and whether what is
// left is all digits.
func digitsOnly(s, skip string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
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
