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

// jwSketch is what bounds the Jaro-Winkler similarity of a value with
// another without reading either's bytes: how many bytes of each class it
// holds and its first four bytes. It is made once per record (or distinct
// value) and read per pair.
type jwSketch struct {
	// hist counts the value's bytes by class (the byte's low four bits),
	// one byte per class: at most maxFastJW, so each count stays below
	// 0x80.
	hist [2]uint64
	head uint32 // the first four bytes, zero after the end
	// n is the value's length in bytes, at most 0xffff: it is 0 only
	// for the empty value.
	n uint16
	// ok: the value is ASCII and at most maxFastJW bytes, and the sketch
	// is usable. Nothing reads hist or head of a sketch that is not: a
	// textFeat keeps a hash of its value there.
	ok bool
}

func newJWSketch(s string) jwSketch {
	if len(s) > maxFastJW {
		return jwSketch{n: uint16(min(len(s), 0xffff))}
	}
	// One pass counts the classes in two registers, with no branch on a
	// byte's class, and gathers the bytes' high bits.
	var lo, hi uint64
	var high byte
	for i := 0; i < len(s); i++ {
		high |= s[i]
		c := s[i] & 15
		add := uint64(1) << (8 * (c & 7))
		upper := -uint64(c >> 3) // all ones for classes 8-15
		lo += add &^ upper
		hi += add & upper
	}
	if high >= 0x80 {
		return jwSketch{n: uint16(len(s))}
	}
	k := jwSketch{hist: [2]uint64{lo, hi}, n: uint16(len(s)), ok: true}
	for i := range min(len(s), 4) {
		k.head |= uint32(s[i]) << (8 * i)
	}
	return k
}

// jaroWinklerBound returns a number no less than jaroWinkler of two
// values of la and lb bytes with usable sketches x and y. Characters in
// common pair equal bytes, so there are at most as many as the two
// histograms share, class by class; transpositions and the Winkler bonus
// are taken at their most favourable.
func jaroWinklerBound(la, lb int, x, y *jwSketch) float64 {
	m := min(sharedCount(x.hist[0], y.hist[0])+sharedCount(x.hist[1], y.hist[1]), la, lb)
	d := (float64(m)/float64(la) + float64(m)/float64(lb) + 1) / 3
	if d > 0.7 {
		n := min(max(la, lb), 4, la, lb)
		i := 0
		for ; i < n; i++ {
			c := byte(x.head >> (8 * i))
			if c != byte(y.head>>(8*i)) || (c <= '9' && c >= '0') {
				break
			}
		}
		d += float64(i) * 0.1 * (1 - d)
	}
	return d
}

// sharedCount sums, lane by lane, the smaller of two words' byte lanes;
// every lane is below 0x80 and the sum below 0x100.
func sharedCount(a, b uint64) int {
	const high = 0x8080808080808080
	ge := ((a | high) - b) & high // a lane's high bit: a >= b there
	mask := (ge >> 7) * 0xff
	m := b&mask | a&^mask
	return int((m * 0x0101010101010101) >> 56)
}

// jaroWinklerRuledOut reports whether the sketches alone show that
// jaroWinklerAtLeast of their values is false, without reading the values.
func jaroWinklerRuledOut(x, y *jwSketch, min float64) bool {
	if x.n == 0 || y.n == 0 {
		return true
	}
	// The bound is worked out in floating point like the similarity
	// itself; the margin covers rounding.
	return x.ok && y.ok && jaroWinklerBound(int(x.n), int(y.n), x, y)+1e-9 < min
}

// jaroWinklerSketchAtLeast is jaroWinklerAtLeast for values a and b with
// sketches x and y: most pairs that cannot reach min are told from the
// sketches alone.
func jaroWinklerSketchAtLeast(a, b string, x, y *jwSketch, min float64) bool {
	return !jaroWinklerRuledOut(x, y, min) && jaroWinklerNotRuledOut(a, b, x, y, min)
}

// jaroWinklerNotRuledOut is jaroWinklerSketchAtLeast for values whose
// sketches jaroWinklerRuledOut has already passed: the scorers ask that
// first, to spare most pairs a trip to the values.
func jaroWinklerNotRuledOut(a, b string, x, y *jwSketch, min float64) bool {
	if x.ok && y.ok {
		return jaroWinklerASCII(a, b) >= min
	}
	return jaroWinklerAtLeast(a, b, min)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
