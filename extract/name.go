package extract

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// foldAccents maps accented letters to their base letters (É -> E).
var foldAccents = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// FoldText upper-cases s, folds accents and collapses runs of spaces.
func FoldText(s string) string {
	if s == "" {
		return ""
	}
	folded, _, err := transform.String(foldAccents, s)
	if err != nil {
		folded = s
	}
	return strings.Join(strings.Fields(strings.ToUpper(folded)), " ")
}

// NormalizeName returns the canonical form of a personal name: upper case,
// accents folded, apostrophes and full stops removed (O'Brien -> OBRIEN),
// hyphens and other punctuation turned into single spaces (Smith-Jones ->
// SMITH JONES), and the prefixes MC, MAC and O joined to the part that
// follows them (Mc Donald -> MCDONALD). It is idempotent.
func NormalizeName(s string) string {
	s = FoldText(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\'' || r == '’' || r == '`' || r == '.':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	parts := strings.Fields(b.String())
	out := parts[:0]
	for i := 0; i < len(parts); i++ {
		p := parts[i]
		if (p == "MC" || p == "MAC" || p == "O") && i+1 < len(parts) {
			p += parts[i+1]
			i++
		}
		out = append(out, p)
	}
	return strings.Join(out, " ")
}

var titles = map[string]string{
	"MR": "MR", "MISTER": "MR", "MRS": "MRS", "MISSUS": "MRS", "MS": "MS", "MISS": "MISS",
	"MX": "MX", "DR": "DR", "DOCTOR": "DR", "PROF": "PROF", "PROFESSOR": "PROF",
	"REV": "REV", "REVD": "REV", "REVEREND": "REV", "SIR": "SIR", "DAME": "DAME",
	"LADY": "LADY", "LORD": "LORD", "CAPT": "CAPT", "CAPTAIN": "CAPT",
}

// NormalizeTitle returns the standard form of a title (Mister -> MR, Dr. ->
// DR). A title it does not know is returned folded, as given.
func NormalizeTitle(s string) string {
	n := NormalizeName(s)
	if t, ok := titles[n]; ok {
		return t
	}
	return n
}
