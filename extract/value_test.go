package extract

import (
	"errors"
	"testing"
)

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
