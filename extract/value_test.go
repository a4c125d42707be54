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
		{"five digits", "10350"},
		{"nine digits", "010319500"},
		{"seven digits with zero day", "0031950"},
		{"yyyymmdd", "19500301"},
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

func TestParseMoney(t *testing.T) {
	tests := []struct {
		name         string
		in           string
		want         int64
		wantInPounds bool
	}{
		{"pence", "12345", 12345, false},
		{"zero", "0", 0, false},
		{"padded", " 250 ", 250, false},
		{"negative pence", "-500", -500, false},
		{"brackets mean negative", "(100)", -100, false},
		{"thousands comma in pence", "1,234", 1234, false},
		{"pounds and pence", "123.45", 12345, true},
		{"pence under a pound", "0.07", 7, true},
		{"one decimal place", "12.5", 1250, true},
		{"trailing point", "12.", 1200, true},
		{"pound sign", "£12", 1200, true},
		{"pound sign comma one decimal", "£1,234.5", 123450, true},
		{"negative pounds", "-£2.05", -205, true},
		{"bracketed pounds", "(£1.50)", -150, true},
		{"largest pence: a billion pounds", "100000000000", 100000000000, false},
		{"largest pounds", "1,000,000,000.00", 100000000000, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, inPounds, err := ParseMoney(tt.in)
			if err != nil || got != tt.want || inPounds != tt.wantInPounds {
				t.Errorf("ParseMoney(%q) = %d, %v, %v, want %d, %v, nil", tt.in, got, inPounds, err, tt.want, tt.wantInPounds)
			}
		})
	}
}

func TestParseMoneyInvalid(t *testing.T) {
	tests := []struct {
		name, in string
	}{
		{"empty", ""},
		{"minus only", "-"},
		{"pound sign only", "£"},
		{"empty brackets", "()"},
		{"three decimal places", "12.345"},
		{"two points", "1.2.3"},
		{"letters", "abc"},
		{"letters after digits", "12a"},
		{"letters after point", "12.ab"},
		{"inner space", "1 000"},
		{"double minus", "--5"},
		{"minus after pound sign", "£-5"},
		{"open bracket only", "(100"},
		{"too big for int64", "99999999999999999999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, inPounds, err := ParseMoney(tt.in)
			if !errors.Is(err, ErrInvalidMoney) {
				t.Errorf("ParseMoney(%q) = %d, %v, %v, want ErrInvalidMoney", tt.in, got, inPounds, err)
			}
			if got != 0 || inPounds {
				t.Errorf("ParseMoney(%q) = %d, %v with an error, want 0, false", tt.in, got, inPounds)
			}
		})
	}
}

func TestNormalizeFrequency(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"M", "M", Monthly},
		{"Monthly", "Monthly", Monthly},
		{"padded lower case", " m ", Monthly},
		{"calendar monthly", "Calendar Monthly", Monthly},
		{"4 weekly", "4 weekly", FourWeekly},
		{"4W", "4W", FourWeekly},
		{"four-weekly", "four-weekly", FourWeekly},
		{"lunar", "Lunar", FourWeekly},
		{"W", "W", Weekly},
		{"weekly", "weekly", Weekly},
		{"wk", "Wk", Weekly},
		{"fortnightly", "fortnightly", Fortnightly},
		{"F", "f", Fortnightly},
		{"2W", "2W", Fortnightly},
		{"bi-weekly", "Bi-Weekly", Fortnightly},
		{"Q", "Q", Quarterly},
		{"quarterly", "QUARTERLY", Quarterly},
		{"A", "A", Annual},
		{"Y", "Y", Annual},
		{"annually", "Annually", Annual},
		{"yearly", "yearly", Annual},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeFrequency(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("NormalizeFrequency(%q) = %q, %v, want %q, nil", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestNormalizeFrequencyInvalid(t *testing.T) {
	for _, in := range []string{"", "daily", "D", "5W", "6 monthly", "-"} {
		t.Run(in, func(t *testing.T) {
			got, err := NormalizeFrequency(in)
			if !errors.Is(err, ErrInvalidFrequency) || got != "" {
				t.Errorf("NormalizeFrequency(%q) = %q, %v, want \"\", ErrInvalidFrequency", in, got, err)
			}
		})
	}
}
