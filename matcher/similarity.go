package matcher

import "github.com/antzucaro/matchr"

// maxFastJW is the longest string, in bytes, that jaroWinkler compares
// without allocating.
const maxFastJW = 64

// jaroWinkler returns matchr.JaroWinkler(a, b, false), bit for bit, without
// allocating when both strings are ASCII and at most maxFastJW bytes long:
// normalised names, words and identifiers nearly always are. Other
// strings go to matchr. It is called per pair, so it must stay cheap.
func jaroWinkler(a, b string) float64 {
	la, lb := len(a), len(b)
	if la > maxFastJW || lb > maxFastJW || !isASCII(a) || !isASCII(b) {
		return matchr.JaroWinkler(a, b, false)
	}
	if la == 0 || lb == 0 {
		return 0
	}
	// matchr's search range is half the longer length, less one.
	longer := max(la, lb)
	window := max(longer/2-1, 0)
	var flagA, flagB [maxFastJW]bool
	common := 0
	for i := 0; i < la; i++ {
		lo, hi := max(i-window, 0), min(i+window, lb-1)
		c := a[i]
		for j := lo; j <= hi; j++ {
			if !flagB[j] && b[j] == c {
				flagA[i], flagB[j] = true, true
				common++
				break
			}
		}
	}
	if common == 0 {
		return 0
	}
	trans, k := 0, 0
	for i := 0; i < la; i++ {
		if !flagA[i] {
			continue
		}
		j := k
		for ; j < lb; j++ {
			if flagB[j] {
				k = j + 1
				break
			}
		}
		if a[i] != b[j] {
			trans++
		}
	}
	trans /= 2
	d := float64(common)/float64(la) + float64(common)/float64(lb) + float64(common-trans)/float64(common)
	d /= 3.0
	if d > 0.7 {
		n := min(longer, 4)
		i := 0
		for i < n && i < la && i < lb && a[i] == b[i] && (a[i] > '9' || a[i] < '0') {
			i++
		}
		if i > 0 {
			d += float64(i) * 0.1 * (1.0 - d)
		}
	}
	return d
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
