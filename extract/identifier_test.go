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
		{"TN with a suffix but no date", "TN123456A"},
		{"TN with a wrong suffix", "TN010180X"},
		{"TN and five digits", "TN01018M"},
		{"eight digits alone", "12345678"},
		{"seven digits and a letter", "1234567A"},
		{"eight digits and a digit", "123456789"},
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

// TestNormalizeNINONotAPerson checks numbers used in place of a person's
// NI number: loaded as blank with a reason of their own, never the value.
func TestNormalizeNINONotAPerson(t *testing.T) {
	tests := []struct {
		name, in string
		want     error
	}{
		{"temporary TN date M", "TN010180M", ErrTemporaryNINO},
		{"temporary TN date F spaced", "tn 01 01 80 f", ErrTemporaryNINO},
		{"temporary TN date no suffix", "TN311299", ErrTemporaryNINO},
		{"temporary TN date suffix A", "TN010180A", ErrTemporaryNINO},
		{"temporary TN digits M", "TN999999M", ErrTemporaryNINO},
		{"local temporary reference", "12345678A", ErrTemporaryNINO},
		{"local temporary reference lower case", "12345678z", ErrTemporaryNINO},
		{"administrative OO", "OO123456A", ErrAdministrativeNINO},
		{"administrative CR", "CR123456A", ErrAdministrativeNINO},
		{"administrative FY", "FY123456", ErrAdministrativeNINO},
		{"administrative MW", "MW123456B", ErrAdministrativeNINO},
		{"administrative NC", "NC 12 34 56 C", ErrAdministrativeNINO},
		{"administrative PP", "PP123456D", ErrAdministrativeNINO},
		{"administrative PY", "PY123456A", ErrAdministrativeNINO},
		{"administrative PZ", "pz123456a", ErrAdministrativeNINO},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeNINO(tt.in)
			if !errors.Is(err, tt.want) || !errors.Is(err, ErrInvalidNINO) || got != "" {
				t.Errorf("NormalizeNINO(%q) = %q, %v, want %v wrapping ErrInvalidNINO", tt.in, got, err, tt.want)
			}
			if containsAny(err.Error(), tt.in, "123456", "010180") {
				t.Errorf("NormalizeNINO(%q) error %q holds the value", tt.in, err)
			}
		})
	}
	if r := reasonOf(ErrTemporaryNINO); r != "temporary NI number" {
		t.Errorf("reasonOf(ErrTemporaryNINO) = %q, want %q", r, "temporary NI number")
	}
}
