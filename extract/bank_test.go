package extract

import (
	"errors"
	"testing"
)

func TestNormalizeSortCode(t *testing.T) {
	tests := []struct {
		name, in, want, note string
	}{
		{"six digits", "123456", "123456", ""},
		{"hyphens", "12-34-56", "123456", ""},
		{"spaces", "12 34 56", "123456", ""},
		{"padded", "  12-34-56 ", "123456", ""},
		{"leading zero kept", "04-00-04", "040004", ""},
		{"lost leading zero", "40004", "040004", noteLostZero},
		{"lost leading zero padded", " 90128 ", "090128", noteLostZero},
		{"sort code that looks like a date", "12-03-56", "120356", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, note, err := normalizeSortCode(tt.in)
			if err != nil || got != tt.want || note != tt.note {
				t.Errorf("normalizeSortCode(%q) = %q, %q, %v, want %q, %q, nil", tt.in, got, note, err, tt.want, tt.note)
			}
			if pub, err := NormalizeSortCode(tt.in); pub != got || err != nil {
				t.Errorf("NormalizeSortCode(%q) = %q, %v, want %q, nil", tt.in, pub, err, got)
			}
		})
	}
}

func TestNormalizeSortCodeInvalid(t *testing.T) {
	tests := []struct {
		name, in string
		damage   bool   // wraps ErrSpreadsheetDamage
		reason   string // "" means the generic reason
	}{
		{"empty", "", false, ""},
		{"four digits", "4004", false, ""},
		{"five digits with a hyphen", "1-23-45", false, ""},
		{"seven digits", "1234567", false, ""},
		{"letters", "12-AB-56", false, ""},
		{"date with slashes", "12/03/1956", true, "sort code looks like a date (spreadsheet damage)"},
		{"date with slashes two-digit year", "12/03/56", true, "sort code looks like a date (spreadsheet damage)"},
		{"date with hyphens four-digit year", "12-03-1956", true, "sort code looks like a date (spreadsheet damage)"},
		{"date with a month name", "01-Feb-03", true, "sort code looks like a date (spreadsheet damage)"},
		{"date with full stops", "12.03.56", true, "sort code looks like a date (spreadsheet damage)"},
		{"ISO date", "1956-03-12", true, "sort code looks like a date (spreadsheet damage)"},
		{"scientific notation", "1.23E+05", true, "sort code in scientific notation (spreadsheet damage)"},
		{"scientific notation lower case", "4.0004e4", true, "sort code in scientific notation (spreadsheet damage)"},
		{"eight digits that read as a date", "01011990", false, ""},
		{"slashes but no date", "12/34/56", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, note, err := normalizeSortCode(tt.in)
			if !errors.Is(err, ErrInvalidSortCode) || got != "" || note != "" {
				t.Fatalf("normalizeSortCode(%q) = %q, %q, %v, want ErrInvalidSortCode", tt.in, got, note, err)
			}
			if errors.Is(err, ErrSpreadsheetDamage) != tt.damage {
				t.Errorf("normalizeSortCode(%q) error %v: spreadsheet damage %v, want %v", tt.in, err, !tt.damage, tt.damage)
			}
			want := tt.reason
			if want == "" {
				want = ErrInvalidSortCode.Error()
			}
			if r := reasonOf(err); r != want {
				t.Errorf("reasonOf(normalizeSortCode(%q)) = %q, want %q", tt.in, r, want)
			}
		})
	}
}

func TestNormalizeAccount(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"eight digits", "12345678", "12345678"},
		{"seven digits padded", "1234567", "01234567"},
		{"six digits padded", "123456", "00123456"},
		{"leading zeros kept", "00123456", "00123456"},
		{"spaces", "1234 5678", "12345678"},
		{"hyphen", "1234-5678", "12345678"},
		{"padded", " 12345678 ", "12345678"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := NormalizeAccount(tt.in); got != tt.want || err != nil {
				t.Errorf("NormalizeAccount(%q) = %q, %v, want %q, nil", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestNormalizeAccountInvalid(t *testing.T) {
	tests := []struct {
		name, in string
		damage   bool
	}{
		{"empty", "", false},
		{"five digits", "12345", false},
		{"nine digits", "123456789", false},
		{"ten digits", "1234567890", false},
		{"letters", "1234567A", false},
		{"slashes", "1234/5678", false},
		{"scientific notation", "1.2345678E+07", true},
		{"scientific notation lower case", "1.23e7", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeAccount(tt.in)
			if !errors.Is(err, ErrInvalidAccount) || got != "" {
				t.Fatalf("NormalizeAccount(%q) = %q, %v, want ErrInvalidAccount", tt.in, got, err)
			}
			if errors.Is(err, ErrSpreadsheetDamage) != tt.damage {
				t.Errorf("NormalizeAccount(%q) error %v: spreadsheet damage %v, want %v", tt.in, err, !tt.damage, tt.damage)
			}
			if containsAny(err.Error(), tt.in) {
				t.Errorf("NormalizeAccount(%q) error %q holds the value", tt.in, err)
			}
		})
	}
}
