package extract

import "strings"

// flatWords name a flat or other part of a building; the identifier that
// follows is the flat (FLAT 3, APT 4B, UNIT 5).
var flatWords = map[string]bool{
	"FLAT": true, "FLT": true, "APARTMENT": true, "APT": true, "APPT": true, "UNIT": true,
	"ROOM": true, "SUITE": true, "STUDIO": true, "MAISONETTE": true, "BEDSIT": true,
}

// floorWords describe a flat by its place in the building, before a flat
// word: GROUND FLOOR FLAT, TOP FLAT, 1ST FLOOR FLAT.
var floorWords = map[string]bool{
	"GROUND": true, "FIRST": true, "SECOND": true, "THIRD": true, "FOURTH": true, "FIFTH": true,
	"1ST": true, "2ND": true, "3RD": true, "4TH": true, "5TH": true, "TOP": true, "BASEMENT": true,
	"LOWER": true, "UPPER": true, "FLOOR": true, "REAR": true, "FRONT": true, "GARDEN": true,
}

// notNumberWords are followed by a number that is not a house number:
// PO BOX 12, BLOCK 2, PLOT 7, FLOOR 3.
var notNumberWords = map[string]bool{
	"BOX": true, "BLOCK": true, "BLK": true, "PLOT": true, "FLOOR": true, "LEVEL": true, "STAIR": true,
}

// SplitPremises finds the flat and the house number in the lines of an
// address, as written or normalised, and returns them in upper case (""
// when there is none). The lines are read in order, each in parts split by
// commas:
//
//   - a flat word (FLAT, FLT, APARTMENT, APT, UNIT, ROOM, SUITE, STUDIO,
//     MAISONETTE, BEDSIT) followed by an identifier gives the flat: FLAT 3,
//     APT 4B, FLAT B, FLAT 2/1 (a Glasgow floor/position). A flat word after
//     words that place the flat in the building makes those words the flat
//     (GROUND FLOOR FLAT, TOP FLAT);
//   - two numbers joined by a slash are the flat and the house number:
//     3/12 HIGH STREET is flat 3 at number 12. Edinburgh writes the stair
//     number first (12/3 for flat 3 at number 12); that order is not read;
//   - the first other number of one to four digits, with one letter or as
//     a range, is the house number (12, 12A, 12-14), unless it follows
//     BOX, BLOCK, PLOT, FLOOR, LEVEL or STAIR.
//
// So "FLAT 3, 12 HIGH STREET" gives 3 and 12, "12A MILL ROAD" gives "" and
// 12A, and "APARTMENT 4 THE MALTINGS" gives 4 and "".
func SplitPremises(lines []string) (flat, number string) {
	var buf [16]string
	for _, line := range lines {
		for part := range strings.SplitSeq(FoldText(line), ",") {
			flat, number = premisesIn(premisesTokens(part, buf[:0]), flat, number)
		}
	}
	return flat, number
}

// premisesTokens splits one comma-separated part of a folded address line
// into words, keeping the slashes and hyphens inside them (3/12, 12-14),
// and appends them to words.
func premisesTokens(part string, words []string) []string {
	inWord := func(c byte) bool {
		return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '/' || c == '-' || c > 0x7f
	}
	for i := 0; i < len(part); {
		for i < len(part) && !inWord(part[i]) {
			i++
		}
		j := i
		for j < len(part) && inWord(part[j]) {
			j++
		}
		if w := strings.Trim(part[i:j], "/-"); w != "" {
			words = append(words, w)
		}
		i = j
	}
	return words
}

// premisesIn reads the words of one part of an address, keeping the flat
// and number found so far.
func premisesIn(words []string, flat, number string) (string, string) {
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch {
		case flatWords[w]:
			if i > 0 && allFloorWords(words[:i]) {
				if flat == "" {
					flat = strings.Join(words[:i+1], " ")
				}
				continue
			}
			if i+1 < len(words) && (isFlatID(words[i+1]) || isSlashPair(words[i+1])) {
				if flat == "" {
					flat = words[i+1]
				}
				i++ // the identifier is the flat's, never the house number
			}
		case notNumberWords[w] && i+1 < len(words) && isHouseNumber(words[i+1]):
			i++ // PO BOX 12: skip the number
		case number != "":
		case isHouseNumber(w):
			number = w
		case flat == "" && isSlashPair(w):
			flat, number, _ = strings.Cut(w, "/")
		}
	}
	return flat, number
}

func allFloorWords(words []string) bool {
	for _, w := range words {
		if !floorWords[w] {
			return false
		}
	}
	return true
}

// isFlatID reports whether w identifies a flat: a letter alone, or up to
// six letters and digits with a digit among them (3, 4B, G1).
func isFlatID(w string) bool {
	if len(w) == 1 {
		return isAlpha(w[0]) || isDigit(w[0])
	}
	digit := false
	for i := 0; i < len(w); i++ {
		switch {
		case isDigit(w[i]):
			digit = true
		case !isAlpha(w[i]):
			return false
		}
	}
	return digit && len(w) <= 6
}

// isHouseNumber reports whether w is a house number: one to four digits and
// perhaps a letter (12, 12A), or two such joined by a hyphen (12-14).
func isHouseNumber(w string) bool {
	a, b, dash := strings.Cut(w, "-")
	return isOneNumber(a) && (!dash || isOneNumber(b))
}

func isOneNumber(w string) bool {
	n := len(w)
	if n > 0 && isAlpha(w[n-1]) {
		n--
	}
	return n >= 1 && n <= 4 && allDigits(w[:n])
}

// isSlashPair reports whether w is a flat and a house number joined by a
// slash: 3/12, 3A/12, B/12.
func isSlashPair(w string) bool {
	a, b, ok := strings.Cut(w, "/")
	return ok && (isOneNumber(a) || len(a) == 1 && isAlpha(a[0])) && isOneNumber(b)
}
