package extract

// Most values in a file are already in the form a normaliser would give
// them: upper-case names, addresses without abbreviations, codes. For those,
// canonical proves in one pass over the bytes, without allocating, that
// normalising would change nothing, so that the value is stored as it is.
// Anything it cannot prove cheaply (lower case, accents, punctuation,
// abbreviations, the joined name prefixes) goes to the normaliser as before.

// byteClass says which kinds accept a byte in a canonical value.
type byteClass uint8

const (
	inText    byteClass = 1 << iota // printable ASCII: text and codes
	inCode                          // printable ASCII but lower-case letters
	inName                          // A-Z and 0-9
	inAddress                       // A-Z, 0-9 and the slash of 12/3
)

// byteClasses holds the classes of every byte; the space is in none, since
// it is checked apart (single, between words).
var byteClasses = func() (t [256]byteClass) {
	for c := 0x21; c < 0x7f; c++ {
		t[c] = inText | inCode
		switch {
		case c >= 'a' && c <= 'z':
			t[c] = inText
		case c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			t[c] |= inName | inAddress
		case c == '/':
			t[c] |= inAddress
		}
	}
	return t
}()

// canonicalKind reports whether canonical can prove values of field f
// canonical. A flat number loses its FLAT word, so its codes are left to the
// normaliser.
func canonicalKind(f Field) bool {
	switch f.Kind {
	case KindText, KindName, KindAddress:
		return true
	case KindCode:
		return f.Name != FlatField
	}
	return false
}

// canonical reports whether s, trimmed and not empty, is a value of kind k
// that normalizeValue would return unchanged with no note: words of the
// kind's bytes parted by single spaces, and for names and addresses no word
// that the normaliser would join or expand. False means only that s is not
// known to be canonical. k must be one that canonicalKind accepts.
func canonical(k Kind, s string) bool {
	var want byteClass
	switch k {
	case KindText:
		want = inText
	case KindCode:
		want = inCode
	case KindName:
		want = inName
	case KindAddress:
		want = inAddress
	default:
		return false
	}
	start := 0 // of the current word
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != ' ' {
			if byteClasses[c]&want == 0 {
				return false
			}
			continue
		}
		if i == start || !canonicalWord(k, s[start:i]) {
			return false // a space at the start, or two together
		}
		start = i + 1
	}
	return start < len(s) && canonicalWord(k, s[start:])
}

// canonicalWord reports whether the normaliser of kind k keeps word w as
// it is and leaves its neighbours alone: a name's MC, MAC and O join the
// word after them, and an address's abbreviations and ST are expanded.
func canonicalWord(k Kind, w string) bool {
	switch k {
	case KindName:
		return w != "MC" && w != "MAC" && w != "O"
	case KindAddress:
		if len(w) > maxStreetWord {
			return true
		}
		if w == "ST" {
			return false
		}
		_, abbreviated := streetWords[w]
		return !abbreviated
	}
	return true
}

// maxStreetWord is the length of the longest abbreviation in streetWords:
// a longer word cannot be one.
var maxStreetWord = func() int {
	n := 0
	for w := range streetWords {
		n = max(n, len(w))
	}
	return n
}()
