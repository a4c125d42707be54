package extract

import (
	"slices"
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
	if isASCII(s) {
		return foldASCII(s)
	}
	s = strings.ToValidUTF8(s, " ")
	folded, _, err := transform.String(foldAccents, s)
	if err != nil {
		folded = s
	}
	return strings.Join(strings.Fields(strings.ToUpper(folded)), " ")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// foldASCII is FoldText for ASCII text, the usual case, in one pass without
// the Unicode machinery: upper case, runs of spaces collapsed, trimmed.
func foldASCII(s string) string {
	if foldedASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			space = b.Len() > 0
			continue
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteByte(c)
	}
	return b.String()
}

// foldedASCII reports whether foldASCII would return s unchanged: no
// lower-case letters, no white space but single spaces between words.
func foldedASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c == '\t', c == '\n', c == '\r', c == '\v', c == '\f':
			return false
		case c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' '):
			return false
		}
	}
	return true
}

// NormalizeName returns the canonical form of a personal name: upper case,
// accents folded, apostrophes removed (O'Brien -> OBRIEN), full stops,
// hyphens and other punctuation turned into single spaces (J.A. -> J A,
// Smith-Jones -> SMITH JONES), and the prefixes MC, MAC and O joined to the
// part that follows them when that is more than an initial (Mc Donald ->
// MCDONALD). Particles such as DE, LA and VAN are kept apart (de la Cruz ->
// DE LA CRUZ), and so are generational suffixes (see SplitSuffix).
//
// A hyphenated surname becomes words, not one word, so that SMITH-JONES in
// one file and SMITH JONES in another are the same name, and so that each
// part can match on its own; the name as written is kept beside it (see
// OriginalSuffix). Invalid UTF-8 bytes count as spaces. It is idempotent.
func NormalizeName(s string) string {
	s = FoldText(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\'' || r == '’' || r == '`':
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
	// Join right to left, so that one pass makes every join and the result
	// is a fixed point (MC O BRIEN -> MC OBRIEN -> MCOBRIEN in one go).
	out := make([]string, 0, len(parts))
	for i := len(parts) - 1; i >= 0; i-- {
		p := parts[i]
		if n := len(out); n > 0 && (p == "MC" || p == "MAC" || p == "O") && isWord(out[n-1]) {
			out[n-1] = p + out[n-1]
			continue
		}
		out = append(out, p)
	}
	slices.Reverse(out)
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

// suffixes maps the generational suffixes written after a name to their
// standard form.
var suffixes = map[string]string{
	"JR": "JR", "JNR": "JR", "JUN": "JR", "JUNR": "JR", "JUNIOR": "JR",
	"SR": "SR", "SNR": "SR", "SEN": "SR", "SENR": "SR", "SENIOR": "SR",
	"II": "II", "2ND": "II", "III": "III", "3RD": "III", "IV": "IV", "4TH": "IV",
}

// suffixOf returns the standard form of w (JR, SR, II, III or IV) when w,
// with its full stops and in any case, is a generational suffix (Jnr.,
// junior, 3rd), or "".
func suffixOf(w string) string {
	var buf [8]byte
	n := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c == '.':
			continue
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		case c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
		default:
			return ""
		}
		if n == len(buf) {
			return ""
		}
		buf[n], n = c, n+1
	}
	return suffixes[string(buf[:n])]
}

// SplitSuffix splits a generational suffix off the end of a name: "Smith
// Jnr." gives "Smith" and "JR", "JOHN III" gives "JOHN" and "III". The
// suffix is returned in standard form (JR, SR, II, III or IV), rest as
// written, trimmed, without the spaces and commas before the suffix. A
// name that is nothing but a suffix (Junior is a surname too) and a name
// without one are returned trimmed, with suffix "".
func SplitSuffix(name string) (rest, suffix string) {
	name = strings.TrimSpace(name)
	i := strings.LastIndexAny(name, " \t,")
	if i < 0 {
		return name, ""
	}
	suffix = suffixOf(name[i+1:])
	if suffix == "" {
		return name, ""
	}
	rest = strings.TrimRight(name[:i], " \t,")
	if strings.IndexFunc(rest, unicode.IsLetter) < 0 {
		return name, ""
	}
	return rest, suffix
}
