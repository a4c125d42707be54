package extract

import (
	"errors"
	"testing"
)

func TestNormalizeUPRN(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"100023336956", "100023336956"},
		{" 000012345 ", "12345"},
		{"1", "1"},
	}
	for _, tt := range tests {
		if got, err := NormalizeUPRN(tt.in); got != tt.want || err != nil {
			t.Errorf("NormalizeUPRN(%q) = %q, %v, want %q, nil", tt.in, got, err, tt.want)
		}
	}
	for _, tt := range []struct {
		in     string
		damage bool
	}{
		{"", false}, {"0", false}, {"1000233369561", false}, {"12A", false}, {"12 34", false},
		{"1.00023E+11", true}, {"1.00023e11", true}, {"1E+11", true},
	} {
		got, err := NormalizeUPRN(tt.in)
		if !errors.Is(err, ErrInvalidUPRN) || got != "" {
			t.Errorf("NormalizeUPRN(%q) = %q, %v, want ErrInvalidUPRN", tt.in, got, err)
		}
		if errors.Is(err, ErrSpreadsheetDamage) != tt.damage {
			t.Errorf("NormalizeUPRN(%q) error %v: spreadsheet damage %v, want %v", tt.in, err, !tt.damage, tt.damage)
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"national", "020 7946 0000", "02079460000"},
		{"international with (0)", "+44 (0)20 7946 0000", "02079460000"},
		{"international", "+44 20 7946 0000", "02079460000"},
		{"0044", "0044 20 7946 0000", "02079460000"},
		{"44 without plus", "442079460000", "02079460000"},
		{"mobile with hyphens", "07700-900-123", "07700900123"},
		{"ten digits", "01632 96012", "0163296012"},
		{"full stops", "01632.960.123", "01632960123"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := NormalizePhone(tt.in); got != tt.want || err != nil {
				t.Errorf("NormalizePhone(%q) = %q, %v, want %q, nil", tt.in, got, err, tt.want)
			}
		})
	}
	for _, in := range []string{"", "12345", "7946 0000", "+33 1 23 45 67 89", "00441234567", "+440441234567", "0207 946 000x", "020794600001"} {
		if got, err := NormalizePhone(in); !errors.Is(err, ErrInvalidPhone) {
			t.Errorf("NormalizePhone(%q) = %q, %v, want ErrInvalidPhone", in, got, err)
		}
	}
}

func TestNormalizeVAT(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"GB 980 7806 84", "GB980780684"},
		{"980780684", "GB980780684"},
		{"gb980780684", "GB980780684"},
		{"GB980780684001", "GB980780684001"},
		{"GBGD001", "GBGD001"},
		{"HA500", "GBHA500"},
	}
	for _, tt := range tests {
		if got, err := NormalizeVAT(tt.in); got != tt.want || err != nil {
			t.Errorf("NormalizeVAT(%q) = %q, %v, want %q, nil", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "GB980780685", "98078068", "GBGD01", "GBXX001", "GB98078068A"} {
		if got, err := NormalizeVAT(in); !errors.Is(err, ErrInvalidVAT) {
			t.Errorf("NormalizeVAT(%q) = %q, %v, want ErrInvalidVAT", in, got, err)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	for in, want := range map[string]string{"Ann.Lee@Example.org": "ann.lee@example.org", " a@b.co ": "a@b.co"} {
		if got, err := NormalizeEmail(in); got != want || err != nil {
			t.Errorf("NormalizeEmail(%q) = %q, %v, want %q, nil", in, got, err, want)
		}
	}
	for _, in := range []string{"", "ann", "@example.org", "ann@example", "ann@@example.org", "a b@example.org"} {
		if got, err := NormalizeEmail(in); !errors.Is(err, ErrInvalidEmail) {
			t.Errorf("NormalizeEmail(%q) = %q, %v, want ErrInvalidEmail", in, got, err)
		}
	}
}
