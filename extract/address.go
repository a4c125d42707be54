package extract

import (
	"slices"
	"strings"
	"unicode"
)

// streetWords expands the abbreviations councils' systems use for street
// types, dwelling parts and common words of addresses. ST is not here: it
// is STREET or SAINT by its place (see NormalizeAddressLine).
var streetWords = map[string]string{
	"RD": "ROAD", "AVE": "AVENUE", "AV": "AVENUE", "CL": "CLOSE", "CLO": "CLOSE", "CRES": "CRESCENT",
	"CRESC": "CRESCENT", "CRESENT": "CRESCENT", "DR": "DRIVE", "LN": "LANE", "GDNS": "GARDENS",
	"GDN": "GARDEN", "GRN": "GREEN", "GR": "GROVE", "GRO": "GROVE", "GRV": "GROVE", "PL": "PLACE",
	"SQ": "SQUARE", "CT": "COURT", "CRT": "COURT", "TER": "TERRACE", "TERR": "TERRACE", "TCE": "TERRACE",
	"PK": "PARK", "HSE": "HOUSE", "HO": "HOUSE", "FLT": "FLAT", "FLTS": "FLATS", "APT": "APARTMENT",
	"APTS": "APARTMENTS", "MT": "MOUNT", "WY": "WAY", "BLDG": "BUILDING", "BLDGS": "BUILDINGS",
	"PDE": "PARADE", "EST": "ESTATE", "STR": "STREET", "WLK": "WALK", "MWS": "MEWS", "VW": "VIEW",
	"HTS": "HEIGHTS", "MDW": "MEADOW", "MDWS": "MEADOWS", "COTT": "COTTAGE", "COTTS": "COTTAGES",
	"FM": "FARM", "STN": "STATION", "YD": "YARD", "BLK": "BLOCK", "CTR": "CENTRE", "IND": "INDUSTRIAL",
	"NTH": "NORTH", "STH": "SOUTH", "UPR": "UPPER", "LWR": "LOWER", "MKT": "MARKET", "LDG": "LODGE",
	"MNR": "MANOR", "CNR": "CORNER", "ESP": "ESPLANADE", "PROM": "PROMENADE", "WHF": "WHARF", "QY": "QUAY",
}

// thoroughfares are street types that ST cannot name after them and that
// follow a saint's name: HIGH STREET ST ALBANS, UPPER ST JOHNS ROAD.
var thoroughfares = map[string]bool{
	"ROAD": true, "STREET": true, "LANE": true, "AVENUE": true, "CLOSE": true, "DRIVE": true,
	"CRESCENT": true, "TERRACE": true, "WAY": true, "GARDENS": true, "PLACE": true, "SQUARE": true,
}

// NormalizeAddressLine returns the canonical form of one address line: upper
// case, accents folded, punctuation other than the slash in "12/3" removed,
// and common abbreviations expanded (RD -> ROAD, GDNS -> GARDENS). ST
// becomes STREET after a word of two or more letters (12 HIGH ST) and stays
// ST, meaning SAINT, at the start, after a number or flat letter (12A ST
// JOHNS ROAD), after FLAT, OF, AND or a street type (HIGH STREET ST ALBANS),
// and before a name and a street type (UPPER ST JOHNS ROAD) unless a comma
// ends it (CHURCH ST, MILL ROAD). Invalid UTF-8 bytes count as spaces. It is
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
		case r == ',' || r == ';':
			b.WriteString(" , ") // a word of its own, for ST; dropped below
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	commas := false
	for i, w := range words {
		if full, ok := streetWords[w]; ok {
			words[i] = full
		}
		commas = commas || w == ","
	}
	for i, w := range words {
		if w == "ST" && isStreet(words, i) {
			words[i] = "STREET"
		}
	}
	if commas {
		words = slices.DeleteFunc(words, func(w string) bool { return w == "," })
	}
	return strings.Join(words, " ")
}

// isStreet reports whether the ST at words[i] means STREET. Commas are
// words of their own in words; only the one right after ST counts, so that
// a line decides the same once its commas are gone.
func isStreet(words []string, i int) bool {
	prev := wordNear(words, i, -1)
	if !isWord(prev) || prev == "FLAT" || prev == "OF" || prev == "AND" || thoroughfares[prev] {
		return false
	}
	if i+1 == len(words) || words[i+1] == "," {
		return true
	}
	j := i + 1
	for j < len(words) && words[j] == "," {
		j++
	}
	return !thoroughfares[wordNear(words, j, 1)]
}

// wordNear returns the first word other than a comma from words[i] in the
// direction step (not counting words[i] itself), or "".
func wordNear(words []string, i, step int) string {
	for j := i + step; j >= 0 && j < len(words); j += step {
		if words[j] != "," {
			return words[j]
		}
	}
	return ""
}

// isWord reports whether w is a word of two or more letters.
func isWord(w string) bool {
	return len(w) > 1 && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) < 0
}
