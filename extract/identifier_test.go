package extract

import (
	"errors"
	"testing"
)

func TestNormalizeNINO(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"standard form", "AB123456C", "AB123456C"},
		{"lower case", "ab123456c", "AB123456C"},
		{"spaces in pairs", "AB 12 34 56 C", "AB123456C"},
		{"padded", "  ab 123456 d ", "AB123456D"},
		{"hyphens", "AB-123456-A", "AB123456A"},
		{"no suffix", "AB123456", "AB123456"},
		{"no suffix with spaces", "ab 12 34 56", "AB123456"},
		{"suffix B", "CE123456B", "CE123456B"},
		{"O allowed first", "OA123456A", "OA123456A"},
		{"Z allowed first", "ZA123456B", "ZA123456B"},
		{"N and T allowed apart", "NA654321D", "NA654321D"},
		{"prefix TA is not TN", "TA000000A", "TA000000A"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeNINO(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("NormalizeNINO(%q) = %q, %v, want %q, nil", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestNormalizeNINOInvalid(t *testing.T) {
	tests := []struct {
		name, in string
	}{
		{"empty", ""},
		{"only spaces", "   "},
		{"first letter D", "DA123456A"},
		{"first letter F", "FA123456A"},
		{"first letter I", "IA123456A"},
		{"first letter Q", "QA123456A"},
		{"first letter U", "UA123456A"},
		{"first letter V", "VA123456A"},
		{"second letter D", "AD123456A"},
		{"second letter F", "AF123456A"},
		{"second letter I", "AI123456A"},
		{"second letter O", "AO123456A"},
		{"second letter Q", "AQ123456A"},
		{"second letter U", "AU123456A"},
		{"second letter V", "AV123456A"},
		{"prefix BG", "BG123456A"},
		{"prefix GB", "GB123456A"},
		{"prefix KN", "KN123456A"},
		{"prefix NK", "NK123456A"},
		{"prefix NT", "NT123456A"},
		{"prefix TN", "TN123456A"},
		{"prefix ZZ", "ZZ123456A"},
		{"prefix lower case tn", "tn 12 34 56 a"},
		{"five digits", "AB12345C"},
		{"seven digits", "AB1234567C"},
		{"seven characters", "AB12345"},
		{"too long", "AB123456CD"},
		{"suffix E", "AB123456E"},
		{"suffix digit", "AB1234567"},
		{"letter among digits", "AB12C456D"},
		{"letter O for zero", "AB12345OC"},
		{"digit as first letter", "1B123456C"},
		{"digit as second letter", "A1123456C"},
		{"all digits", "123456789"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeNINO(tt.in)
			if !errors.Is(err, ErrInvalidNINO) {
				t.Errorf("NormalizeNINO(%q) error = %v, want ErrInvalidNINO", tt.in, err)
			}
			if got != "" {
				t.Errorf("NormalizeNINO(%q) = %q, want \"\" with the error", tt.in, got)
			}
		})
	}
}

func TestNormalizePostcode(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"A9", "m1 1ae", "M1 1AE"},
		{"A99", "b33 8th", "B33 8TH"},
		{"AA9", "cr2 6xh", "CR2 6XH"},
		{"AA99", "dn55 1pt", "DN55 1PT"},
		{"A9A", "w1a 0ax", "W1A 0AX"},
		{"AA9A", "ec1a 1bb", "EC1A 1BB"},
		{"standard form", "EB3 4QT", "EB3 4QT"},
		{"no space", "SW1A1AA", "SW1A 1AA"},
		{"no space short", "m11ae", "M1 1AE"},
		{"extra spaces", "  sw1a   1aa  ", "SW1A 1AA"},
		{"space inside outward", "S W1A 1AA", "SW1A 1AA"},
		{"tab", "EB3\t4QT", "EB3 4QT"},
		{"hyphen", "eb3-4qt", "EB3 4QT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizePostcode(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("NormalizePostcode(%q) = %q, %v, want %q, nil", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestNormalizePostcodeInvalid(t *testing.T) {
	tests := []struct {
		name, in string
	}{
		{"empty", ""},
		{"only spaces", "   "},
		{"too short", "M1 1A"},
		{"outward only", "SW1A"},
		{"too long", "SW1A 1AAA"},
		{"outward starts with digit", "1M 1AE"},
		{"outward all letters", "MMM 1AE"},
		{"outward letters only two", "AB 1AE"},
		{"letter where digit due", "SWA1 1AA"},
		{"outward too long", "M1AB 1AE"},
		{"inward starts with letter", "M1 AAE"},
		{"inward second is digit", "M1 11E"},
		{"inward third is digit", "M1 1A1"},
		{"full stop", "M1.1AE"},
		{"accented letter", "É1 1AE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizePostcode(tt.in)
			if !errors.Is(err, ErrInvalidPostcode) {
				t.Errorf("NormalizePostcode(%q) error = %v, want ErrInvalidPostcode", tt.in, err)
			}
			if got != "" {
				t.Errorf("NormalizePostcode(%q) = %q, want \"\" with the error", tt.in, got)
			}
		})
	}
}
