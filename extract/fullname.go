package extract

import (
	"strings"
	"unicode"
)

// FullName is a personal name split into its parts by SplitFullName. The
// name parts are as written, so that a caller can normalise each as its
// field's kind does and keep the original; the title and the suffix, which
// are codes, are in standard form.
type FullName struct {
	Title     string // MR, DR... (see NormalizeTitle); two or more separated by spaces
	Forenames string // the first given name, as written
	Middle    string // further given names or initials, as written
	Surname   string // the surname with its particles (de la Cruz), as written
	Suffix    string // JR, SR, II, III or IV (see SplitSuffix)
}

// honours are letters after a name that are not part of it, dropped by
// SplitFullName.
var honours = map[string]bool{
	"OBE": true, "MBE": true, "CBE": true, "KBE": true, "DBE": true, "BEM": true,
	"PHD": true, "ESQ": true, "QC": true, "KC": true,
}

// particles belong to the surname that follows them: DE LA CRUZ, VAN DER
// BERG, MC DONALD, O NEILL, AL HASSAN, BIN ISMAIL.
var particles = map[string]bool{
	"DE": true, "DA": true, "DI": true, "DEL": true, "DELLA": true, "DELLE": true, "DES": true,
	"DOS": true, "DAS": true, "DU": true, "LA": true, "LE": true, "LO": true, "VAN": true,
	"VON": true, "DER": true, "DEN": true, "TER": true, "TEN": true, "ST": true, "SAINT": true,
	"MC": true, "MAC": true, "O": true, "AL": true, "EL": true, "BIN": true, "BINT": true,
	"BINTI": true, "BEN": true, "AP": true, "ABU": true,
}

// SplitFullName splits a name held in one column into its parts, for
// sources without separate title, forename and surname columns:
//
//	MR JOHN A SMITH JNR   -> MR, JOHN, A, SMITH, JR
//	SMITH, JOHN           -> "", JOHN, "", SMITH, ""
//	Dr. Mary-Ann O'Neill  -> DR, Mary-Ann, "", O'Neill, ""
//	Maria de la Cruz      -> "", Maria, "", de la Cruz, ""
//
// Without a comma, leading titles are the title, a trailing generational
// suffix is the suffix (when two names are left besides it), honours after
// the name (OBE, PhD, Esq) are dropped, the last word and the particles
// before it (DE LA, VAN DER, MC, O, AL...) are the surname, the first word
// is the forename and the words between are the middle names. With a comma
// the surname comes first (SMITH, JOHN; SMITH JNR, MR JOHN A; SMITH, JOHN
// MR), unless all after the comma is a suffix or honours (JOHN SMITH, JNR).
// Initials run together are split (J.A. SMITH -> J., A., SMITH), and
// brackets are ignored. A hyphenated name stays one word (Mary-Ann,
// Smith-Jones). A name of one word is a surname.
func SplitFullName(s string) FullName {
	s = strings.Map(func(r rune) rune {
		if r == '(' || r == ')' || r == '[' || r == ']' {
			return ' '
		}
		return r
	}, s)
	before, after, comma := strings.Cut(s, ",")
	if comma {
		surname, given := nameWords(before), nameWords(strings.ReplaceAll(after, ",", " "))
		if len(surname) > 0 && len(given) > 0 && !onlySuffixes(given) {
			return splitSurnameFirst(surname, given)
		}
	}
	return splitGivenFirst(nameWords(strings.ReplaceAll(s, ",", " ")))
}

// splitGivenFirst splits JOHN A SMITH.
func splitGivenFirst(w []string) FullName {
	var fn FullName
	w, fn.Title = takeTitles(w)
	for len(w) > 1 && honours[NormalizeName(w[len(w)-1])] {
		w = w[:len(w)-1]
	}
	if len(w) > 2 {
		if fn.Suffix = suffixOf(w[len(w)-1]); fn.Suffix != "" {
			w = w[:len(w)-1]
		}
	}
	if len(w) == 0 {
		return fn
	}
	start := len(w) - 1
	for start > 1 && particles[NormalizeName(w[start-1])] {
		start--
	}
	fn.Surname = strings.Join(w[start:], " ")
	if start > 0 {
		fn.Forenames = w[0]
		fn.Middle = strings.Join(w[1:start], " ")
	}
	return fn
}

// splitSurnameFirst splits SMITH, JOHN A: surname and given are the words
// before and after the comma, both not empty.
func splitSurnameFirst(surname, given []string) FullName {
	var fn FullName
	if len(surname) > 1 {
		if fn.Suffix = suffixOf(surname[len(surname)-1]); fn.Suffix != "" {
			surname = surname[:len(surname)-1]
		}
	}
	if allTitles(given) { // SMITH, MR
		fn.Title, fn.Surname = standardTitles(given), strings.Join(surname, " ")
		return fn
	}
	given, fn.Title = takeTitles(given)
	// A title after the given names: SMITH, JOHN MR.
	end := len(given)
	for end > 1 && titles[NormalizeName(given[end-1])] != "" {
		end--
	}
	if end < len(given) {
		fn.Title = joinNonEmpty(fn.Title, standardTitles(given[end:]))
		given = given[:end]
	}
	for len(given) > 1 && honours[NormalizeName(given[len(given)-1])] {
		given = given[:len(given)-1]
	}
	if len(given) > 1 && fn.Suffix == "" {
		if fn.Suffix = suffixOf(given[len(given)-1]); fn.Suffix != "" {
			given = given[:len(given)-1]
		}
	}
	fn.Surname = strings.Join(surname, " ")
	fn.Forenames = given[0]
	fn.Middle = strings.Join(given[1:], " ")
	return fn
}

// takeTitles takes the titles off the front of w, leaving at least one
// word, and returns them in standard form.
func takeTitles(w []string) ([]string, string) {
	n := 0
	for n < len(w)-1 && titles[NormalizeName(w[n])] != "" {
		n++
	}
	return w[n:], standardTitles(w[:n])
}

func allTitles(w []string) bool {
	for _, x := range w {
		if titles[NormalizeName(x)] == "" {
			return false
		}
	}
	return true
}

func standardTitles(w []string) string {
	t := make([]string, len(w))
	for i, x := range w {
		t[i] = titles[NormalizeName(x)]
	}
	return strings.Join(t, " ")
}

func joinNonEmpty(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	return a + " " + b
}

// onlySuffixes reports whether every word of w is a generational suffix or
// honours.
func onlySuffixes(w []string) bool {
	for _, x := range w {
		if suffixOf(x) == "" && !honours[NormalizeName(x)] {
			return false
		}
	}
	return true
}

// nameWords splits s into the words of a name: at spaces, and after full
// stops inside a word (J.A. -> J. A.), leaving out words without a letter
// or digit.
func nameWords(s string) []string {
	var words []string
	for _, f := range strings.Fields(s) {
		for f != "" {
			w := f
			if i := strings.IndexByte(f, '.'); i >= 0 && i < len(f)-1 {
				w = f[:i+1]
			}
			f = f[len(w):]
			if strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
				words = append(words, w)
			}
		}
	}
	return words
}
