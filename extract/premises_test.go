package extract

import (
	"slices"
	"strings"
	"testing"
)

func TestSplitPremises(t *testing.T) {
	tests := []struct {
		name         string
		lines        []string
		flat, number string
	}{
		{"none", nil, "", ""},
		{"blank lines", []string{"", " "}, "", ""},
		{"flat and number", []string{"FLAT 3, 12 HIGH STREET"}, "3", "12"},
		{"flat and number lower case", []string{"flat 3, 12 high st"}, "3", "12"},
		{"flat and number on two lines", []string{"Flat 3", "12 High Street"}, "3", "12"},
		{"flat and number without a comma", []string{"FLAT 3 12 HIGH STREET"}, "3", "12"},
		{"slash", []string{"3/12 HIGH STREET"}, "3", "12"},
		{"slash with a letter", []string{"3A/12 HIGH STREET"}, "3A", "12"},
		{"letter and slash", []string{"B/12 HIGH STREET"}, "B", "12"},
		{"number with a letter", []string{"12A MILL ROAD"}, "", "12A"},
		{"range", []string{"12-14 MILL ROAD"}, "", "12-14"},
		{"apartment in a named building", []string{"APARTMENT 4 THE MALTINGS"}, "4", ""},
		{"apartment then the street", []string{"Apartment 4 The Maltings", "1 Mill Lane"}, "4", "1"},
		{"APT with a letter", []string{"Apt 4B, 7 Quay Street"}, "4B", "7"},
		{"FLT", []string{"Flt 2, 9 Rose Avenue"}, "2", "9"},
		{"flat letter", []string{"Flat B", "22 Park Road"}, "B", "22"},
		{"unit", []string{"Unit 5, Riverside Industrial Estate"}, "5", ""},
		{"Glasgow flat", []string{"Flat 2/1, 15 Byres Road"}, "2/1", "15"},
		{"flat after the street", []string{"12 High Street Flat 3"}, "3", "12"},
		{"ground floor flat", []string{"Ground Floor Flat, 12 High Street"}, "GROUND FLOOR FLAT", "12"},
		{"ground floor flat without a comma", []string{"Ground Floor Flat 12 High Street"}, "GROUND FLOOR FLAT", "12"},
		{"top flat", []string{"Top Flat", "5 Church Lane"}, "TOP FLAT", "5"},
		{"floor alone is not a flat", []string{"1st Floor, 12 High Street"}, "", "12"},
		{"PO box", []string{"PO Box 123"}, "", ""},
		{"block", []string{"Block 2, 12 High Street"}, "", "12"},
		{"named house", []string{"Rose Cottage", "Mill Lane"}, "", ""},
		{"postcode on an address line", []string{"Rose Cottage", "Eastbrook EB3 4QT"}, "", ""},
		{"first number wins", []string{"3 Rose Court", "12 High Street"}, "", "3"},
		{"number after No", []string{"No. 12 High Street"}, "", "12"},
		{"five digits is not a house number", []string{"12345 High Street"}, "", ""},
		{"normalised line", []string{NormalizeAddressLine("Flat 3, 12 High St")}, "3", "12"},
		{"flat word without an identifier", []string{"Flat above shop", "12 High Street"}, "", "12"},
		{"second flat ignored", []string{"Flat 3", "Flat 4, 12 High Street"}, "3", "12"},
		{"accented line", []string{"Flat 3, 12 Rue Léon"}, "3", "12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			flat, number := SplitPremises(tt.lines)
			if flat != tt.flat || number != tt.number {
				t.Errorf("SplitPremises(%q) = %q, %q, want %q, %q", tt.lines, flat, number, tt.flat, tt.number)
			}
		})
	}
}

// FuzzPremisesTokens checks the tokenizer against strings.FieldsFunc with
// the same separators, the way it was first written.
func FuzzPremisesTokens(f *testing.F) {
	for _, s := range []string{"FLAT 3", " 12-14 /HIGH/ STREET- ", "3/12 É\xffX", "--/ /"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, part string) {
		var want []string
		for _, w := range strings.FieldsFunc(part, func(r rune) bool {
			return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '/' || r == '-' || r > 0x7f)
		}) {
			if w = strings.Trim(w, "/-"); w != "" {
				want = append(want, w)
			}
		}
		if got := premisesTokens(part, nil); !slices.Equal(got, want) {
			t.Errorf("premisesTokens(%q) = %q, want %q", part, got, want)
		}
	})
}
