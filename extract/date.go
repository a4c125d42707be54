package extract

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrInvalidDate is wrapped by ParseDate and ParseExcelDate.
var ErrInvalidDate = errors.New("not a date")

var (
	errDateLayout = fmt.Errorf("%w: not in a date layout", ErrInvalidDate)
	errDateYear   = fmt.Errorf("%w: year not from 1850 to 2200", ErrInvalidDate)
	errNoSuchDay  = fmt.Errorf("%w: no such day", ErrInvalidDate)
	errDateSerial = fmt.Errorf("%w: not a spreadsheet date serial from 1900 to 2199", ErrInvalidDate)
)

// DateConfig says how two-digit years are read. A two-digit year yy becomes
// 20yy unless that is later than PivotYear, in which case it becomes 19yy.
// A zero PivotYear means the current year.
type DateConfig struct {
	PivotYear int
}

// DefaultDateConfig pivots two-digit years on the current year.
func DefaultDateConfig() DateConfig { return DateConfig{PivotYear: time.Now().Year()} }

// ParseDate reads a date in the NFI layouts and returns days since
// 1970-01-01, the unit of Arrow's date32. It reads:
//
//   - ddmmyyyy and ddmmyy, with or without separators (/ - . space or
//     comma; one-digit days and months allowed when separated);
//   - a month name or its first three letters in the middle: 12-Mar-1950,
//     12 March 1950, 01-Feb-03, 1st March 1950;
//   - ISO yyyy-mm-dd;
//   - damage from spreadsheets and databases, repaired: ddmmyyyy that lost
//     its leading zero (1031950 for 01031950); a five-digit spreadsheet
//     serial number (44927 is 1 January 2023, 44927.5 its midday), which
//     wins over ddmmyy that lost its leading zero (10350) since a date
//     column passed through a spreadsheet is the likelier cause; and
//     yyyymmdd without separators, read so only when ddmmyyyy is
//     impossible (19500301). No year from 1850 to 2200 read as yyyymmdd
//     is also a valid ddmmyyyy, so this never changes a valid date.
//
// A Reader counts each repair as a warning. Years outside 1850-2200 are
// invalid.
func ParseDate(s string, cfg DateConfig) (int32, error) {
	days, _, err := parseDate(s, cfg)
	return days, err
}

// parseDate is ParseDate that also returns a note on a repair (see the
// note constants), or "".
func parseDate(s string, cfg DateConfig) (days int32, note string, err error) {
	s = strings.TrimSpace(s)
	if allDigits(s) {
		return parseDigitDate(s, cfg)
	}
	if whole, frac, ok := cutByte(s, '.'); ok && len(whole) == 5 && allDigits(whole) && allDigits(frac) {
		days, err := excelSerial(atoi(whole))
		return days, noteSerial, err
	}
	days, err = parseSeparatedDate(s, cfg)
	return days, "", err
}

// parseDigitDate reads a date written as digits alone.
func parseDigitDate(s string, cfg DateConfig) (int32, string, error) {
	switch len(s) {
	case 8:
		days, err := dateOf(atoi(s[0:2]), atoi(s[2:4]), s[4:], cfg)
		if err == nil {
			return days, "", nil
		}
		if ymd, yerr := dateOf(atoi(s[6:8]), atoi(s[4:6]), s[0:4], cfg); yerr == nil {
			return ymd, noteYearFirst, nil
		}
		return 0, "", err
	case 7: // a spreadsheet dropped the leading zero of the day
		days, err := dateOf(atoi(s[0:1]), atoi(s[1:3]), s[3:], cfg)
		if err != nil {
			return 0, "", err
		}
		return days, noteLostZero, nil
	case 6:
		days, err := dateOf(atoi(s[0:2]), atoi(s[2:4]), s[4:], cfg)
		return days, "", err
	case 5:
		if s[0] == '0' { // a spreadsheet writes no leading zero
			return 0, "", errDateLayout
		}
		days, err := excelSerial(atoi(s))
		if err != nil {
			return 0, "", err
		}
		if _, short := dateOf(atoi(s[0:1]), atoi(s[1:3]), s[3:], cfg); short == nil {
			return days, noteSerialOrShort, nil
		}
		return days, noteSerial, nil
	}
	return 0, "", errDateLayout
}

// parseSeparatedDate reads a date in three parts split by separators: day,
// month (a number or a name) and year, or ISO year, month and day.
func parseSeparatedDate(s string, cfg DateConfig) (int32, error) {
	var parts [3]string
	n := 0
	for i := 0; i < len(s); {
		for i < len(s) && isDateSep(s[i]) {
			i++
		}
		j := i
		for j < len(s) && !isDateSep(s[j]) {
			j++
		}
		if i == j {
			break
		}
		if n == len(parts) {
			return 0, errDateLayout
		}
		parts[n], n, i = s[i:j], n+1, j
	}
	if n != 3 {
		return 0, errDateLayout
	}
	day, month, year := parts[0], parts[1], parts[2]
	if len(day) == 4 && allDigits(day) { // ISO yyyy-mm-dd
		day, year = year, day
	}
	day = trimOrdinal(day)
	if !allDigits(day) || len(day) > 2 {
		return 0, errDateLayout
	}
	m := monthNumber(month)
	if m == 0 {
		if !allDigits(month) || len(month) > 2 {
			return 0, errDateLayout
		}
		m = atoi(month)
	}
	return dateOf(atoi(day), m, year, cfg)
}

func isDateSep(c byte) bool { return c == '/' || c == '-' || c == '.' || c == ' ' || c == ',' }

// trimOrdinal removes st, nd, rd or th after the digits of a day (1st).
func trimOrdinal(s string) string {
	if len(s) > 2 && isDigit(s[len(s)-3]) {
		switch strings.ToUpper(s[len(s)-2:]) {
		case "ST", "ND", "RD", "TH":
			return s[:len(s)-2]
		}
	}
	return s
}

var monthNames = [...]string{"JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY",
	"AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"}

// monthNumber returns 1 to 12 for a month's name or its first three
// letters (Sept too), in any case, or 0.
func monthNumber(s string) int {
	if len(s) < 3 {
		return 0
	}
	for i, name := range monthNames {
		if strings.EqualFold(s, name) || (len(s) == 3 && strings.EqualFold(s, name[:3])) {
			return i + 1
		}
	}
	if strings.EqualFold(s, "SEPT") {
		return 9
	}
	return 0
}

// dateOf checks a day, month and written year and returns days since
// 1970-01-01.
func dateOf(d, m int, ys string, cfg DateConfig) (int32, error) {
	y, err := year(ys, cfg)
	if err != nil {
		return 0, err
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(m, y) {
		return 0, errNoSuchDay
	}
	return daysFromCivil(y, m, d), nil
}

func year(s string, cfg DateConfig) (int, error) {
	if !allDigits(s) || (len(s) != 2 && len(s) != 4) {
		return 0, errDateLayout
	}
	y := atoi(s)
	if len(s) == 2 {
		y += 2000
		if y > pivotOf(cfg) {
			y -= 100
		}
	}
	if y < 1850 || y > 2200 {
		return 0, errDateYear
	}
	return y, nil
}

func pivotOf(cfg DateConfig) int {
	if cfg.PivotYear == 0 {
		return time.Now().Year()
	}
	return cfg.PivotYear
}

func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns the days since 1970-01-01 of a Gregorian date in a
// year after 0, without the cost of time.Date (Howard Hinnant's
// days_from_civil).
func daysFromCivil(y, m, d int) int32 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	doy := (153*((m+9)%12)+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int32(era*146097 + doe - 719468)
}

// atoi reads up to nine digits already checked by allDigits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// Spreadsheet serial numbers: day 1 is 1900-01-01, and day 60 is 29
// February 1900, which never was (Lotus 1-2-3's leap-year bug, kept by
// Excel). Serial 25569 is 1970-01-01.
const (
	serialEpoch = 25569
	serialMax   = 109574 // 2199-12-31
)

// excelSerial converts a spreadsheet serial day number to days since
// 1970-01-01.
func excelSerial(n int) (int32, error) {
	switch {
	case n < 1 || n > serialMax:
		return 0, errDateSerial
	case n == 60:
		return 0, errNoSuchDay
	case n < 60: // before the day that never was
		return int32(n - serialEpoch + 1), nil
	}
	return int32(n - serialEpoch), nil
}

// ParseExcelDate reads a spreadsheet serial date, as a date column saved
// from a spreadsheet as numbers appears: 44927 is 1 January 2023. It
// accepts serials from 1 (1 January 1900) to 109574 (31 December 2199);
// a fraction (a time of day) is dropped, and serial 60, Excel's 29
// February 1900, is no day.
func ParseExcelDate(s string) (int32, error) {
	whole, frac, dot := cutByte(strings.TrimSpace(s), '.')
	if !allDigits(whole) || len(whole) > 6 || (dot && frac != "" && !allDigits(frac)) {
		return 0, errDateSerial
	}
	return excelSerial(atoi(whole))
}
