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
		{"full stops removed", "J.R.", "JR"},
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
