package extract

import "testing"

func TestFoldText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"upper case", "eastbrook", "EASTBROOK"},
		{"accents folded", "Zoë Brontë", "ZOE BRONTE"},
		{"combining accent folded", "Zoe\u0308", "ZOE"},
		{"runs of space collapsed and trimmed", "  Ann \t  Lee  ", "ANN LEE"},
		{"punctuation kept", "o'brien-smith", "O'BRIEN-SMITH"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FoldText(tt.in); got != tt.want {
				t.Errorf("FoldText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeName(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"only spaces", "   ", ""},
		{"only punctuation", "- , -", ""},
		{"upper case", "smith", "SMITH"},
		{"mixed case", "sMiTh", "SMITH"},
		{"extra spaces", "  John   Paul  ", "JOHN PAUL"},
		{"tab and newline", "Ann\tMarie\nLee", "ANN MARIE LEE"},
		{"diaeresis", "Zoë", "ZOE"},
		{"acute", "José", "JOSE"},
		{"accents in capitals", "RENÉE ÇELIK", "RENEE CELIK"},
		{"decomposed accent", "Jose\u0301", "JOSE"},
		{"apostrophe", "O'Brien", "OBRIEN"},
		{"typographic apostrophe", "O’Brien", "OBRIEN"},
		{"backtick", "D`Arcy", "DARCY"},
		{"apostrophe inside", "D'Arcy", "DARCY"},
		{"O and space", "O Brien", "OBRIEN"},
		{"O and apostrophe and space", "O' Neill", "ONEILL"},
		{"initials with full stops", "J.A.", "J A"},
		{"initials with full stops and spaces", "J. A. ", "J A"},
		{"initials run into a name", "J.Smith", "J SMITH"},
		{"full stop at the end", "Jnr.", "JNR"},
		{"hyphenated surname", "SMITH-JONES", "SMITH JONES"},
		{"particles kept apart", "de la Cruz", "DE LA CRUZ"},
		{"van der kept apart", "Van Der Berg", "VAN DER BERG"},
		{"suffix kept in the name", "Smith Jnr", "SMITH JNR"},
		{"full stop then space", "St. John", "ST JOHN"},
		{"hyphen", "Smith-Jones", "SMITH JONES"},
		{"spaced hyphen", "Smith - Jones", "SMITH JONES"},
		{"comma", "Smith,John", "SMITH JOHN"},
		{"slash", "Ann/Anne", "ANN ANNE"},
		{"Mc joined", "Mc Donald", "MCDONALD"},
		{"Mc already joined", "McDonald", "MCDONALD"},
		{"Mac joined lower case", "mac kenzie", "MACKENZIE"},
		{"Mc hyphen", "Mc-Donald", "MCDONALD"},
		{"Mc inside a longer name", "Ruth Mc Donald", "RUTH MCDONALD"},
		{"Mc at the end stays", "Mary Mc", "MARY MC"},
		{"Mac alone", "Mac", "MAC"},
		{"O alone", "O", "O"},
		{"prefix joined once", "Mc Mc Donald", "MCMCDONALD"},
		{"hyphen and apostrophe", "Anne-Marie O'Neill", "ANNE MARIE ONEILL"},
		{"digits kept", "Smith2", "SMITH2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeName(tt.in); got != tt.want {
				t.Errorf("NormalizeName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeTitle(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"MR", "Mr", "MR"},
		{"Mr with stop", "Mr.", "MR"},
		{"Mister", "Mister", "MR"},
		{"Mrs", "mrs", "MRS"},
		{"Missus", "Missus", "MRS"},
		{"Ms with stop", "Ms.", "MS"},
		{"Miss", "MISS", "MISS"},
		{"Mx", "mx", "MX"},
		{"Dr with stop", "Dr.", "DR"},
		{"Doctor", "Doctor", "DR"},
		{"Prof", "Prof.", "PROF"},
		{"Professor", "professor", "PROF"},
		{"Revd with apostrophe", "Rev'd", "REV"},
		{"Reverend", "Reverend", "REV"},
		{"Captain", "Captain", "CAPT"},
		{"padded", "  sir  ", "SIR"},
		{"unknown title kept folded", "Councillor", "COUNCILLOR"},
		{"unknown title with accent", "Señor", "SENOR"},
		{"unknown two words", "Lt. Col.", "LT COL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeTitle(tt.in); got != tt.want {
				t.Errorf("NormalizeTitle(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSplitSuffix(t *testing.T) {
	tests := []struct {
		name, in, rest, suffix string
	}{
		{"empty", "", "", ""},
		{"no suffix", "SMITH", "SMITH", ""},
		{"JR", "SMITH JR", "SMITH", "JR"},
		{"JNR", "SMITH JNR", "SMITH", "JR"},
		{"Junior mixed case", "Smith Junior", "Smith", "JR"},
		{"Jr. with full stop", "Smith Jr.", "Smith", "JR"},
		{"comma before", "Smith, Jr.", "Smith", "JR"},
		{"SR", "SMITH SR", "SMITH", "SR"},
		{"SNR", "SMITH SNR", "SMITH", "SR"},
		{"Senior", "smith senior", "smith", "SR"},
		{"II", "JOHN II", "JOHN", "II"},
		{"III", "SMITH III", "SMITH", "III"},
		{"IV", "SMITH IV", "SMITH", "IV"},
		{"3rd", "Smith 3rd", "Smith", "III"},
		{"hyphenated surname kept", "SMITH-JONES JNR", "SMITH-JONES", "JR"},
		{"particles kept", "DE LA CRUZ JR", "DE LA CRUZ", "JR"},
		{"forenames", "JOHN PAUL JNR", "JOHN PAUL", "JR"},
		{"padded", "  SMITH   JNR  ", "SMITH", "JR"},
		{"tab", "SMITH\tJNR", "SMITH", "JR"},
		{"name that is only a suffix", "JUNIOR", "JUNIOR", ""},
		{"suffix after punctuation only", "- JNR", "- JNR", ""},
		{"suffix not last", "JR SMITH", "JR SMITH", ""},
		{"suffix joined by hyphen", "SMITH-JR", "SMITH-JR", ""},
		{"word that starts like a suffix", "SMITH JUNIPER", "SMITH JUNIPER", ""},
		{"roman numeral V is not read", "SMITH V", "SMITH V", ""},
		{"trailing comma", "SMITH JR,", "SMITH JR,", ""},
		{"only the last suffix", "SMITH JR JR", "SMITH JR", "JR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rest, suffix := SplitSuffix(tt.in)
			if rest != tt.rest || suffix != tt.suffix {
				t.Errorf("SplitSuffix(%q) = %q, %q, want %q, %q", tt.in, rest, suffix, tt.rest, tt.suffix)
			}
		})
	}
}
