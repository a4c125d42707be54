package extract

import (
	"testing"
)

func TestCanonical(t *testing.T) {
	tests := []struct {
		name string
		kind Kind
		in   string
		want bool
	}{
		{"name upper case", KindName, "MARGARET", true},
		{"name two words", KindName, "DE LA CRUZ", true},
		{"name with digits", KindName, "MIAEB2", true},
		{"name lower case", KindName, "Margaret", false},
		{"name apostrophe", KindName, "O'BRIEN", false},
		{"name hyphen", KindName, "SMITH-JONES", false},
		{"name two spaces", KindName, "MARY  ANN", false},
		{"name tab", KindName, "MARY\tANN", false},
		{"name prefix MC", KindName, "MC DONALD", false},
		{"name prefix MAC", KindName, "MAC KAY", false},
		{"name prefix O", KindName, "O NEIL", false},
		{"name ending in O", KindName, "JOHN O", false},
		{"name with MC inside a word", KindName, "MCDONALD", true},
		{"name accent", KindName, "ZOË", false},
		{"name leading space", KindName, " ANN", false},
		{"name trailing space", KindName, "ANN ", false},
		{"address", KindAddress, "12 MILL ROAD", true},
		{"address slash", KindAddress, "12/3 CHURCH LANE", true},
		{"address abbreviation", KindAddress, "12 MILL RD", false},
		{"address ST", KindAddress, "12 HIGH ST", false},
		{"address saint", KindAddress, "ST JOHNS ROAD", false},
		{"address comma", KindAddress, "FLAT 3, 14 MILL ROAD", false},
		{"address full stop", KindAddress, "ST. MARYS", false},
		{"address long word", KindAddress, "GROVEEB CRESCENT", true},
		{"address abbreviation of seven letters", KindAddress, "CRESENT", false},
		{"code", KindCode, "P21307", true},
		{"code with space", KindCode, "AB12 3CD", true},
		{"code with punctuation", KindCode, "NSW-2", true},
		{"code lower case", KindCode, "nsw", false},
		{"code two spaces", KindCode, "AB12  3CD", false},
		{"code non-ASCII", KindCode, "ÄB", false},
		{"text mixed case", KindText, "12a, Flat", true},
		{"text tab", KindText, "1\t2", false},
		{"text two spaces", KindText, "3  4", false},
		{"text no-break space", KindText, "a\u00a0b", false},
		{"empty", KindText, "", false},
		{"kind without a proof", KindDate, "1975-09-12", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := canonical(tt.kind, tt.in); got != tt.want {
				t.Errorf("canonical(%v, %q) = %v, want %v", tt.kind, tt.in, got, tt.want)
			}
		})
	}
}

// checkCanonical fails when canonical vouches for s but the normaliser of
// kind k would change it, note it or refuse it.
func checkCanonical(t *testing.T, k Kind, s string) {
	if !canonical(k, s) {
		return
	}
	p := &fieldPlan{field: Field{Name: "f", Kind: k}}
	var c cell
	err := normalizeValue(&c, p, s, DefaultDateConfig())
	if err != nil || !c.valid || c.str != s || c.note != "" {
		t.Errorf("canonical(%v, %q) = true, but the normaliser gives %q, valid %v, note %q, error %v", k, s, c.str, c.valid, c.note, err)
	}
}

func TestCanonicalAgreesWithNormalizers(t *testing.T) {
	words := []string{"A", "O", "MC", "MAC", "ST", "RD", "ROAD", "12", "12/3", "X1", "CRESENT", "SAINT", "GDNS", ",", "a", "Mc"}
	for _, k := range []Kind{KindText, KindCode, KindName, KindAddress} {
		for _, a := range words {
			checkCanonical(t, k, a)
			for _, b := range words {
				checkCanonical(t, k, a+" "+b)
				for _, c := range words {
					checkCanonical(t, k, a+" "+b+" "+c)
				}
			}
		}
	}
}

func FuzzCanonical(f *testing.F) {
	for _, s := range []string{"MARGARET", "MC DONALD", "12 HIGH ST", "P21307", "3  4", "O NEIL", "12/3 MILL ROAD"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, k := range []Kind{KindText, KindCode, KindName, KindAddress} {
			checkCanonical(t, k, s)
		}
	})
}
