package extract

import (
	"errors"
	"testing"
)

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
		{"Girobank", "gir0aa", "GIR 0AA"},
		{"BFPO", "BFPO 123", "BFPO 123"},
		{"BFPO no space lower case", "bfpo1", "BFPO 1"},
		{"BFPO four digits", "BFPO-2000", "BFPO 2000"},
		{"BF1 forces postcode", "bf1 4fb", "BF1 4FB"},
		{"third letter of A9A", "E1W 1AA", "E1W 1AA"},
		{"fourth letter of AA9A", "SW1Y 4QT", "SW1Y 4QT"},
		{"Isle of Man", "im1 1aa", "IM1 1AA"},
		{"inward letters at the edges", "M1 1ZA", "M1 1ZA"},
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
		{"first letter Q", "QA1 1AA"},
		{"first letter V", "V1 1AA"},
		{"first letter X", "XM4 5HQ"},
		{"second letter I", "AI1 1AA"},
		{"second letter J", "AJ1 1AA"},
		{"second letter Z", "AZ1 1AA"},
		{"third letter of A9A not used", "W1L 1AA"},
		{"fourth letter of AA9A not used", "EC1C 1AA"},
		{"inward letter C", "M1 1CA"},
		{"inward letter I", "M1 1AI"},
		{"inward letter K", "M1 1KA"},
		{"inward letter M", "M1 1AM"},
		{"inward letter O", "M1 1OA"},
		{"inward letter V", "M1 1AV"},
		{"O for zero in the outward code", "SWIA 1AA"},
		{"letter for the inward digit other than O or I", "M1 SAA"},
		{"O for zero but the rest is wrong", "M1 OAC"},
		{"GIR with another inward code", "GIR 1AA"},
		{"BFPO without digits", "BFPO"},
		{"BFPO five digits", "BFPO 12345"},
		{"BFPO with a letter", "BFPO 12A"},
		{"long value", "SW1A 1AA SW1A 1AA"},
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

func TestNormalizePostcodeRepairs(t *testing.T) {
	tests := []struct {
		name, in, want, note string
	}{
		{"sound", "SW1A 0AA", "SW1A 0AA", ""},
		{"O for zero", "sw1a oaa", "SW1A 0AA", notePostcodeDigit},
		{"I for one", "M1 IAE", "M1 1AE", notePostcodeDigit},
		{"O for zero without a space", "EB3OQT", "EB3 0QT", notePostcodeDigit},
		{"Girobank with O", "GIR OAA", "GIR 0AA", notePostcodeDigit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, note, err := normalizePostcode(tt.in)
			if err != nil || got != tt.want || note != tt.note {
				t.Errorf("normalizePostcode(%q) = %q, %q, %v, want %q, %q, nil", tt.in, got, note, err, tt.want, tt.note)
			}
		})
	}
}
