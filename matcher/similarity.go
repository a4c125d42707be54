package matcher

import (
	"math/bits"

	"github.com/antzucaro/matchr"
)

// maxFastJW is the longest string, in bytes, that jaroWinkler compares
// without allocating.
const maxFastJW = 64

// jaroWinkler returns matchr.JaroWinkler(a, b, false), bit for bit, without
// allocating when both strings are ASCII and at most maxFastJW bytes long:
// normalised names, words and identifiers nearly always are. Other
// strings go to matchr. It is called per pair, so it must stay cheap.
func jaroWinkler(a, b string) float64 {
	if len(a) > maxFastJW || len(b) > maxFastJW || !isASCII(a) || !isASCII(b) {
		return matchr.JaroWinkler(a, b, false)
	}
	return jaroWinklerASCII(a, b)
}

// jaroWinklerASCII is jaroWinkler for ASCII strings of at most maxFastJW
// bytes. Which characters have been matched is kept as bits of a word.
func jaroWinklerASCII(a, b string) float64 {
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	// matchr's search range is half the longer length, less one.
	longer := max(la, lb)
	window := max(longer/2-1, 0)
	var flagA, flagB uint64
	common := 0
	for i := 0; i < la; i++ {
		lo, hi := max(i-window, 0), min(i+window, lb-1)
		c := a[i]
		for j := lo; j <= hi; j++ {
			if flagB&(1<<uint(j)) == 0 && b[j] == c {
				flagA |= 1 << uint(i)
				flagB |= 1 << uint(j)
				common++
				break
			}
		}
	}
	if common == 0 {
		return 0
	}
	// Walk the matched characters of both strings in order: the k-th
	// matched character of a pairs with the k-th of b.
	trans := 0
	for fa, fb := flagA, flagB; fa != 0; fa, fb = fa&(fa-1), fb&(fb-1) {
		if a[bits.TrailingZeros64(fa)] != b[bits.TrailingZeros64(fb)] {
			trans++
		}
	}
	trans /= 2
	d := float64(common)/float64(la) + float64(common)/float64(lb) + float64(common-trans)/float64(common)
	d /= 3.0
	if d > 0.7 {
		d += float64(winklerPrefix(a, b)) * 0.1 * (1.0 - d)
	}
	return d
}

// winklerPrefix is the length of the common prefix that earns the Winkler
// bonus: at most four characters, and matchr stops at a digit.
func winklerPrefix(a, b string) int {
	n := min(max(len(a), len(b)), 4)
	i := 0
	for i < n && i < len(a) && i < len(b) && a[i] == b[i] && (a[i] > '9' || a[i] < '0') {
		i++
	}
	return i
}

// jaroWinklerAtLeast reports whether jaroWinkler(a, b) >= min, without
// computing it when the lengths alone rule it out: at most the shorter
// length of characters can be in common, which bounds the Jaro similarity,
// and the Winkler prefix bonus adds at most 0.4 of what is left.
func jaroWinklerAtLeast(a, b string, min float64) bool {
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return false
	}
	if isASCII(a) && isASCII(b) {
		short, long := float64(la), float64(lb)
		if short > long {
			short, long = long, short
		}
		bound := (1 + short/long + 1) / 3
		if bound > 0.7 {
			bound += 0.4 * (1 - bound)
		}
		if bound+1e-12 < min {
			return false
		}
	}
	return jaroWinkler(a, b) >= min
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
