package extract

import (
	"strings"
	"unicode"
)

// streetWords expands the abbreviations councils' systems use for street
// types and dwelling parts.
var streetWords = map[string]string{
	"RD": "ROAD", "AVE": "AVENUE", "AV": "AVENUE", "CL": "CLOSE", "CRES": "CRESCENT",
	"CRESC": "CRESCENT", "DR": "DRIVE", "LN": "LANE", "GDNS": "GARDENS", "GDN": "GARDEN",
	"GRN": "GREEN", "GR": "GROVE", "GRV": "GROVE", "PL": "PLACE", "SQ": "SQUARE",
	"CT": "COURT", "CRT": "COURT", "TER": "TERRACE", "TERR": "TERRACE", "TCE": "TERRACE",
	"PK": "PARK", "HSE": "HOUSE", "HO": "HOUSE", "FLT": "FLAT", "APT": "APARTMENT",
	"MT": "MOUNT", "WY": "WAY", "BLDGS": "BUILDINGS", "PDE": "PARADE", "EST": "ESTATE",
	"STR": "STREET",
}

// NormalizeAddressLine returns the canonical form of one address line: upper
// case, accents folded, punctuation other than the slash in "12/3" removed,
// and common abbreviations expanded (RD -> ROAD). ST becomes STREET only after
// a word of two or more letters (12 HIGH ST), never at the start or after a
// number or flat letter, where it means SAINT (12A ST JOHNS ROAD). Invalid
// UTF-8 bytes count as spaces. It is idempotent.
func NormalizeAddressLine(s string) string {
	s = FoldText(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '/':
			b.WriteRune(r)
		case r == '\'' || r == '.':
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	for i, w := range words {
		if w == "ST" {
			// STREET after a street name (HIGH ST); SAINT at the start or
			// after a number or flat letter (12A ST JOHNS ROAD).
			if i > 0 && isWord(words[i-1]) && words[i-1] != "FLAT" {
				words[i] = "STREET"
			}
			continue
		}
		if full, ok := streetWords[w]; ok {
			words[i] = full
		}
	}
	return strings.Join(words, " ")
}

// isWord reports whether w is a word of two or more letters.
func isWord(w string) bool {
	return len(w) > 1 && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) < 0
}
