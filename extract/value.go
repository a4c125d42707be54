package extract

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ErrInvalidMoney and ErrInvalidFrequency are wrapped by the parsers below.
var (
	ErrInvalidMoney     = errors.New("not an amount of money")
	ErrInvalidFrequency = errors.New("not a payment frequency")
)

var (
	errMoneyForm  = fmt.Errorf("%w: want whole pence, or pounds with at most two decimal places", ErrInvalidMoney)
	errMoneyLarge = fmt.Errorf("%w: more than £1bn", ErrInvalidMoney)
)

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// ParseMoney reads an amount in the NFI layout, whole pence with no pound sign
// or decimal point (12345 is GBP 123.45), optionally signed. A value written
// in pounds (123.45, £123.45, 1,234.50) is accepted too and reported through
// inPounds so that the caller can warn about it. It returns pence.
func ParseMoney(s string) (pence int64, inPounds bool, err error) {
	s = strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	} else if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, s[1:len(s)-1]
	}
	if strings.HasPrefix(s, "£") {
		s, inPounds = strings.TrimPrefix(s, "£"), true
	}
	s = strings.ReplaceAll(s, ",", "")
	whole, frac, dot := strings.Cut(s, ".")
	if dot {
		inPounds = true
	}
	if !allDigits(whole) || (dot && (len(frac) > 2 || (frac != "" && !allDigits(frac)))) {
		return 0, false, errMoneyForm
	}
	v, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, false, errMoneyLarge
	}
	if inPounds {
		for len(frac) < 2 {
			frac += "0"
		}
		f, _ := strconv.ParseInt(frac, 10, 64)
		if v > (math.MaxInt64-f)/100 {
			return 0, false, errMoneyLarge
		}
		v = v*100 + f
	}
	if v > maxPence {
		return 0, false, errMoneyLarge
	}
	if neg {
		v = -v
	}
	return v, inPounds, nil
}

// ParsePounds reads money supplied in pounds and pence (123.45, £1,234.5,
// -12, (12.00)) and returns pence.
func ParsePounds(s string) (int64, error) {
	t := strings.TrimSpace(s)
	if !strings.Contains(t, ".") {
		if strings.HasSuffix(t, ")") {
			t = t[:len(t)-1] + ".00)"
		} else {
			t += ".00"
		}
	}
	v, _, err := ParseMoney(t)
	return v, err
}

// maxPence bounds an amount of money: a value over a billion pounds is
// damage (an account or reference number in a money field), not money.
const maxPence = 100_000_000_000

// Payment frequencies in canonical form.
const (
	Weekly      = "WEEKLY"
	Fortnightly = "FORTNIGHTLY"
	FourWeekly  = "FOUR_WEEKLY"
	Monthly     = "MONTHLY"
	Quarterly   = "QUARTERLY"
	Annual      = "ANNUAL"
)

var frequencies = map[string]string{
	"W": Weekly, "WK": Weekly, "WEEKLY": Weekly, "1W": Weekly,
	"ONEWEEKLY": Weekly, "1WEEKLY": Weekly,
	"F": Fortnightly, "FN": Fortnightly, "2W": Fortnightly, "2WEEKLY": Fortnightly, "TWOWEEKLY": Fortnightly, "FORTNIGHTLY": Fortnightly, "BIWEEKLY": Fortnightly,
	"4W": FourWeekly, "FW": FourWeekly, "4WEEKLY": FourWeekly, "FOURWEEKLY": FourWeekly, "28DAYS": FourWeekly, "LUNAR": FourWeekly,
	"M": Monthly, "MTH": Monthly, "MONTHLY": Monthly, "CALENDARMONTHLY": Monthly,
	"Q": Quarterly, "QTR": Quarterly, "QUARTERLY": Quarterly,
	"A": Annual, "Y": Annual, "ANNUAL": Annual, "ANNUALLY": Annual, "YEARLY": Annual,
}

// NormalizeFrequency maps the codes and words councils use for a payment
// frequency (M, Monthly, 4W, four-weekly...) onto the canonical names.
func NormalizeFrequency(s string) (string, error) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if f, ok := frequencies[b.String()]; ok {
		return f, nil
	}
	return "", ErrInvalidFrequency
}
