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
	"STR": "STREET", "N": "NORTH", "S": "SOUTH", "E": "EAST", "W": "WEST",
}

// NormalizeAddressLine returns the canonical form of one address line: upper
// case, accents folded, punctuation other than the slash in "12/3" removed,
// and common abbreviations expanded (RD -> ROAD). ST becomes STREET only after
// another word (12 HIGH ST), never at the start where it means SAINT.
// Single compass letters are expanded only as the last word of a line. It is
// idempotent.
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
			if i > 0 && !isNumber(words[i-1]) {
				words[i] = "STREET"
			}
			continue
		}
		full, ok := streetWords[w]
		if !ok {
			continue
		}
		if len(w) == 1 && (i != len(words)-1 || i == 0) {
			continue
		}
		words[i] = full
	}
	return strings.Join(words, " ")
}

func isNumber(w string) bool {
	return w != "" && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
}
