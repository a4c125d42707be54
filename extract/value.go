package extract

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ErrInvalidDate, ErrInvalidMoney and ErrInvalidFrequency are wrapped by the
// parsers below.
var (
	ErrInvalidDate      = errors.New("not a date")
	ErrInvalidMoney     = errors.New("not an amount of money")
	ErrInvalidFrequency = errors.New("not a payment frequency")
)

// DateConfig says how two-digit years are read. A two-digit year yy becomes
// 20yy unless that is later than PivotYear, in which case it becomes 19yy.
// A zero PivotYear means the current year.
type DateConfig struct {
	PivotYear int
}

// DefaultDateConfig pivots two-digit years on the current year.
func DefaultDateConfig() DateConfig { return DateConfig{PivotYear: time.Now().Year()} }

// ParseDate reads a date in the NFI layouts: ddmmyyyy or ddmmyy, with or
// without separators (/ - . or space, with one-digit days and months allowed
// when separated), ISO yyyy-mm-dd, and ddmmyyyy that lost its leading zero in
// a spreadsheet (1031950 for 01031950). It returns days since 1970-01-01, the
// unit of Arrow's date32.
func ParseDate(s string, cfg DateConfig) (int32, error) {
	s = strings.TrimSpace(s)
	var d, m, y int
	var err error
	if strings.IndexAny(s, "/-. ") >= 0 {
		parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' || r == ' ' })
		if len(parts) != 3 {
			return 0, fmt.Errorf("%w: %q", ErrInvalidDate, s)
		}
		if len(parts[0]) == 4 { // ISO yyyy-mm-dd
			parts[0], parts[2] = parts[2], parts[0]
		}
		if !allDigits(parts[0]) || !allDigits(parts[1]) {
			return 0, fmt.Errorf("%w: %q", ErrInvalidDate, s)
		}
		d, _ = strconv.Atoi(parts[0])
		m, _ = strconv.Atoi(parts[1])
		y, err = year(parts[2], cfg)
	} else {
		if len(s) == 7 { // a spreadsheet dropped the leading zero of the day
			s = "0" + s
		}
		if (len(s) != 8 && len(s) != 6) || !allDigits(s) {
			return 0, fmt.Errorf("%w: %q", ErrInvalidDate, s)
		}
		d, _ = strconv.Atoi(s[0:2])
		m, _ = strconv.Atoi(s[2:4])
		y, err = year(s[4:], cfg)
	}
	if err != nil || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, fmt.Errorf("%w: %q", ErrInvalidDate, s)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 31 April and the like
		return 0, fmt.Errorf("%w: %q: no such day", ErrInvalidDate, s)
	}
	return int32(t.Unix() / 86400), nil
}

func year(s string, cfg DateConfig) (int, error) {
	if !allDigits(s) || (len(s) != 2 && len(s) != 4) {
		return 0, ErrInvalidDate
	}
	y, _ := strconv.Atoi(s)
	if len(s) == 2 {
		pivot := cfg.PivotYear
		if pivot == 0 {
			pivot = time.Now().Year()
		}
		y += 2000
		if y > pivot {
			y -= 100
		}
	}
	if y < 1850 || y > 2200 {
		return 0, ErrInvalidDate
	}
	return y, nil
}

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
		return 0, false, fmt.Errorf("%w: %q", ErrInvalidMoney, s)
	}
	v, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, false, fmt.Errorf("%w: %q", ErrInvalidMoney, s)
	}
	if inPounds {
		for len(frac) < 2 {
			frac += "0"
		}
		f, _ := strconv.ParseInt(frac, 10, 64)
		if v > (math.MaxInt64-f)/100 {
			return 0, false, fmt.Errorf("%w: %q is too large", ErrInvalidMoney, s)
		}
		v = v*100 + f
	}
	if v > maxPence {
		return 0, false, fmt.Errorf("%w: more than £1bn", ErrInvalidMoney)
	}
	if neg {
		v = -v
	}
	return v, inPounds, nil
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
	return "", fmt.Errorf("%w: %q", ErrInvalidFrequency, s)
}
