package extract

import (
	"errors"
	"testing"
	"time"
)

// epochDays is the Arrow date32 value of a calendar date.
func epochDays(y int, m time.Month, d int) int32 {
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

var pivot2026 = DateConfig{PivotYear: 2026}

func TestParseDate(t *testing.T) {
	tests := []struct {
		name, in string
		want     int32
	}{
		{"ddmmyyyy", "01031950", epochDays(1950, time.March, 1)},
		{"ddmmyyyy padded", " 01031950 ", epochDays(1950, time.March, 1)},
		{"epoch", "01011970", 0},
		{"day before epoch", "31121969", -1},
		{"day after epoch", "02011970", 1},
		{"ddmmyy after pivot goes to 1900s", "010130", epochDays(1930, time.January, 1)},
		{"ddmmyy before pivot stays in 2000s", "010125", epochDays(2025, time.January, 1)},
		{"ddmmyy equal to pivot stays in 2000s", "010126", epochDays(2026, time.January, 1)},
		{"ddmmyy just after pivot", "010127", epochDays(1927, time.January, 1)},
		{"ddmmyy 00", "150600", epochDays(2000, time.June, 15)},
		{"ddmmyy 50", "010350", epochDays(1950, time.March, 1)},
		{"slashes", "01/03/1950", epochDays(1950, time.March, 1)},
		{"slashes one digit day and month", "1/3/1950", epochDays(1950, time.March, 1)},
		{"hyphens", "1-3-1950", epochDays(1950, time.March, 1)},
		{"full stops", "01.03.1950", epochDays(1950, time.March, 1)},
		{"spaces", "01 03 1950", epochDays(1950, time.March, 1)},
		{"slashes two-digit year", "1/3/50", epochDays(1950, time.March, 1)},
		{"slashes two-digit recent year", "28/02/26", epochDays(2026, time.February, 28)},
		{"ISO", "1950-03-01", epochDays(1950, time.March, 1)},
		{"ISO one digit month and day", "1950-3-1", epochDays(1950, time.March, 1)},
		{"seven digits lost leading zero", "1031950", epochDays(1950, time.March, 1)},
		{"seven digits late in year", "9121987", epochDays(1987, time.December, 9)},
		{"29 February leap year", "29022000", epochDays(2000, time.February, 29)},
		{"29 February 2024", "29/02/2024", epochDays(2024, time.February, 29)},
		{"31 December", "31121999", epochDays(1999, time.December, 31)},
		{"lowest year", "01011850", epochDays(1850, time.January, 1)},
		{"highest year", "31122200", epochDays(2200, time.December, 31)},
		{"month abbreviation", "12-Mar-1950", epochDays(1950, time.March, 12)},
		{"month name", "12 March 1950", epochDays(1950, time.March, 12)},
		{"month name lower case", "12 march 1950", epochDays(1950, time.March, 12)},
		{"month upper case two-digit year", "01-FEB-03", epochDays(2003, time.February, 1)},
		{"Sept", "1 Sept 1950", epochDays(1950, time.September, 1)},
		{"ordinal day", "1st March 1950", epochDays(1950, time.March, 1)},
		{"ordinal day and comma", "22nd May, 1950", epochDays(1950, time.May, 22)},
		{"ISO with a month name", "1950-Mar-12", epochDays(1950, time.March, 12)},
		{"slashes and month name", "3/Dec/1987", epochDays(1987, time.December, 3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDate(tt.in, pivot2026)
			if err != nil || got != tt.want {
				t.Errorf("ParseDate(%q) = %d, %v, want %d, nil", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestParseDateInvalid(t *testing.T) {
	tests := []struct {
		name, in string
	}{
		{"empty", ""},
		{"letters", "abc"},
		{"letter O for zero", "01O31950"},
		{"31 April", "31041950"},
		{"31 April separated", "31/4/1950"},
		{"29 February not leap", "29021900"},
		{"29 February 2023", "29/02/2023"},
		{"day zero", "00011950"},
		{"day 32", "32011950"},
		{"month zero", "01001950"},
		{"month 13", "13131950"},
		{"two parts", "1/2"},
		{"four parts", "01/03/1950/1"},
		{"year 1700", "01/03/1700"},
		{"year 1700 unseparated", "01031700"},
		{"year 2201", "01-03-2201"},
		{"three digit year", "1/3/195"},
		{"five digits with a leading zero", "01035"},
		{"four digits", "1035"},
		{"nine digits", "010319500"},
		{"seven digits with zero day", "0031950"},
		{"yyyymmdd impossible too", "19501301"},
		{"ddmmyyyy and yyyymmdd both impossible", "32132020"},
		{"month name misspelt", "12-Marc-1950"},
		{"month name too short", "12-Ma-1950"},
		{"month name first", "Mar-12-1950"},
		{"31 April by name", "31 April 1950"},
		{"ordinal without a day", "st March 1950"},
		{"ordinal on the month", "12 3rd 1950"},
		{"serial with a letter", "44927.5a"},
		{"serial with two points", "44927.5.1"},
		{"six-digit serial", "144927"},
		{"letters separated", "aa/bb/cccc"},
		{"time of day", "01/03/1950 10:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDate(tt.in, pivot2026)
			if !errors.Is(err, ErrInvalidDate) {
				t.Errorf("ParseDate(%q) = %d, %v, want ErrInvalidDate", tt.in, got, err)
			}
		})
	}
}

func TestDefaultDateConfig(t *testing.T) {
	if got, want := DefaultDateConfig().PivotYear, time.Now().Year(); got != want {
		t.Errorf("DefaultDateConfig().PivotYear = %d, want %d", got, want)
	}
}

// TestParseDateRepairs checks the damaged and second-choice layouts that
// load with a note, and that a sound date has none.
func TestParseDateRepairs(t *testing.T) {
	tests := []struct {
		name, in string
		want     int32
		note     string
	}{
		{"sound ddmmyyyy", "01031950", epochDays(1950, time.March, 1), ""},
		{"sound separated", "12-Mar-1950", epochDays(1950, time.March, 12), ""},
		{"serial", "44927", epochDays(2023, time.January, 1), noteSerial},
		{"serial of a recent payment", "46022", epochDays(2025, time.December, 31), noteSerial},
		{"serial with a time of day", "44927.5", epochDays(2023, time.January, 1), noteSerial},
		{"serial that could be ddmmyy", "10350", epochDays(1928, time.May, 2), noteSerialOrShort},
		{"lowest five-digit serial", "10000", epochDays(1927, time.May, 18), noteSerial},
		{"yyyymmdd", "19500301", epochDays(1950, time.March, 1), noteYearFirst},
		{"yyyymmdd this century", "20231231", epochDays(2023, time.December, 31), noteYearFirst},
		{"ddmmyyyy wins over yyyymmdd", "20011950", epochDays(1950, time.January, 20), ""},
		{"seven digits", "1031950", epochDays(1950, time.March, 1), noteLostZero},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, note, err := parseDate(tt.in, pivot2026)
			if err != nil || got != tt.want || note != tt.note {
				t.Errorf("parseDate(%q) = %d, %q, %v, want %d, %q, nil", tt.in, got, note, err, tt.want, tt.note)
			}
			if pub, err := ParseDate(tt.in, pivot2026); pub != got || err != nil {
				t.Errorf("ParseDate(%q) = %d, %v, want %d, nil", tt.in, pub, err, got)
			}
		})
	}
}

// TestDateErrorsWithoutValue checks that no date error repeats the value:
// rejects and logs must not carry a date of birth.
func TestDateErrorsWithoutValue(t *testing.T) {
	for _, in := range []string{"31041950", "01/13/1950", "12-Foo-1950", "01011700", "19501301", "99999999"} {
		_, err := ParseDate(in, pivot2026)
		if !errors.Is(err, ErrInvalidDate) {
			t.Fatalf("ParseDate(%q) error = %v, want ErrInvalidDate", in, err)
		}
		if msg := err.Error(); containsAny(msg, in, "1950", "1700") {
			t.Errorf("ParseDate(%q) error %q holds the value", in, msg)
		}
	}
}

func TestParseExcelDate(t *testing.T) {
	tests := []struct {
		in   string
		want int32
	}{
		{"1", epochDays(1900, time.January, 1)},
		{"59", epochDays(1900, time.February, 28)},
		{"61", epochDays(1900, time.March, 1)},
		{"25569", 0},
		{"44927", epochDays(2023, time.January, 1)},
		{" 44927.99 ", epochDays(2023, time.January, 1)},
		{"44927.", epochDays(2023, time.January, 1)},
		{"109574", epochDays(2199, time.December, 31)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got, err := ParseExcelDate(tt.in); got != tt.want || err != nil {
				t.Errorf("ParseExcelDate(%q) = %d, %v, want %d, nil", tt.in, got, err, tt.want)
			}
		})
	}
	for _, in := range []string{"", "0", "60", "109575", "-1", "1e4", "abc", "4.4927E+04", ".5", "44927,5", "0000001"} {
		t.Run("invalid "+in, func(t *testing.T) {
			if got, err := ParseExcelDate(in); !errors.Is(err, ErrInvalidDate) {
				t.Errorf("ParseExcelDate(%q) = %d, %v, want ErrInvalidDate", in, got, err)
			}
		})
	}
}

// TestDaysFromCivil checks the date arithmetic against the time package
// on every day from 1850 to 2200.
func TestDaysFromCivil(t *testing.T) {
	for d := time.Date(1850, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() <= 2200; d = d.AddDate(0, 0, 1) {
		want := int32(d.Unix() / 86400)
		if got := daysFromCivil(d.Year(), int(d.Month()), d.Day()); got != want {
			t.Fatalf("daysFromCivil(%s) = %d, want %d", d.Format(time.DateOnly), got, want)
		}
	}
}
