package matcher

import (
	"hash/maphash"
	"math/bits"
	"sync"
)

// jwSketch is 24 bytes that stand for a text value, so that most pairs of
// values are told apart, and most pairs that cannot reach a Jaro-Winkler
// threshold ruled out, without reading either value. Equal values have
// equal sketches. There are three kinds:
//
//   - the empty (missing) value's sketch is all zero;
//   - a usable sketch, of an ASCII value of at most maxFastJW bytes,
//     counts the value's bytes by class (the byte's low four bits), one
//     byte lane per class in hist, classes 8 to 15 in hist[1]: every lane
//     is below 0x80 and the lanes add up to the value's length. head holds
//     the first eight bytes, zero after the end, so that the sketch of a
//     value of at most eight bytes holds all of it;
//   - any other value's sketch has jwOther set in hist[1], which no usable
//     sketch's lane reaches, its length (up to 2^32-1) in hist[1]'s low 32
//     bits, and a hash of the value in hist[0] and head.
type jwSketch struct {
	hist [2]uint64
	head uint64
}

// jwOther marks a sketch that is not usable.
const jwOther = 1 << 63

// lanes adds the byte lanes of a word, multiplied by it and shifted.
const lanes = 0x0101010101010101

// sketchSeed seeds the hashes of values without a usable sketch; they are
// compared within one process only.
var sketchSeed = maphash.MakeSeed()

func newJWSketch(s string) jwSketch {
	if len(s) == 0 {
		return jwSketch{}
	}
	if len(s) <= maxFastJW {
		// One pass counts the classes in two registers, with no branch
		// on a byte's class, and gathers the bytes' high bits.
		var lo, hi uint64
		var high byte
		for i := 0; i < len(s); i++ {
			c := s[i]
			high |= c
			lo += classAdd[c&15][0]
			hi += classAdd[c&15][1]
		}
		if high < 0x80 {
			k := jwSketch{hist: [2]uint64{lo, hi}}
			for i := range min(len(s), 8) {
				k.head |= uint64(s[i]) << (8 * i)
			}
			return k
		}
	}
	h := maphash.String(sketchSeed, s)
	return jwSketch{hist: [2]uint64{h, jwOther | uint64(min(len(s), 1<<32-1))}, head: bits.RotateLeft64(h, 32)}
}

// classAdd is what a byte of each class adds to a histogram's two words.
var classAdd = func() (t [16][2]uint64) {
	for c := range t {
		t[c][c/8] = 1 << (8 * (c % 8))
	}
	return t
}()

// empty reports whether the sketch is the empty value's.
func (k *jwSketch) empty() bool { return k.hist[0]|k.hist[1] == 0 }

// usable reports whether the sketch counts its value's bytes.
func (k *jwSketch) usable() bool { return k.hist[1]&jwOther == 0 }

// length is the length of the sketch's value in bytes, up to 2^32-1.
func (k *jwSketch) length() int {
	if !k.usable() {
		return int(uint32(k.hist[1]))
	}
	return k.counted()
}

// counted is the length of a usable sketch's value: the sum of its
// lanes, each pair of which is at most maxFastJW.
func (k *jwSketch) counted() int { return int(((k.hist[0] + k.hist[1]) * lanes) >> 56) }

// whole reports whether the sketch holds all of its value: two such
// sketches are equal exactly when their values are.
func (k *jwSketch) whole() bool { return k.usable() && k.counted() <= 8 }

// sharedCount sums, lane by lane, the smaller of two words' byte lanes;
// every lane is below 0x80 and the sum below 0x100.
func sharedCount(a, b uint64) int {
	const high = 0x8080808080808080
	ge := ((a | high) - b) & high // a lane's high bit: a >= b there
	mask := (ge >> 7) * 0xff
	m := b&mask | a&^mask
	return int((m * lanes) >> 56)
}

// sketchPrefix is the Winkler prefix two usable sketches' heads show, up
// to n bytes: matchr's, which stops at a digit.
func sketchPrefix(x, y uint64, n int) int {
	i := 0
	for ; i < n; i++ {
		c := byte(x >> (8 * i))
		if c != byte(y>>(8*i)) || (c <= '9' && c >= '0') {
			break
		}
	}
	return i
}

// jwBound is the most the Jaro-Winkler similarity of values of la and lb
// bytes can be with at most m characters in common and a Winkler prefix
// of p: transpositions are taken at their most favourable.
func jwBound(m, la, lb, p int) float64 {
	d := (float64(m)/float64(la) + float64(m)/float64(lb) + 1) / 3
	if d > 0.7 {
		d += float64(p) * 0.1 * (1 - d)
	}
	return d
}

// jaroWinklerBound returns a number no less than jaroWinkler of two
// values with usable, non-empty sketches x and y. Characters in common
// pair equal bytes, so there are at most as many as the two histograms
// share, class by class.
func jaroWinklerBound(x, y *jwSketch) float64 {
	la, lb := x.counted(), y.counted()
	m := sharedCount(x.hist[0], y.hist[0]) + sharedCount(x.hist[1], y.hist[1])
	return jwBound(m, la, lb, sketchPrefix(x.head, y.head, min(la, lb, 4)))
}

// jwLimits rules out, for one threshold, the pairs of sketches whose
// bound falls short of it, with integers: need[la][lb][p] is the fewest
// characters in common with which values of la and lb bytes and a
// Winkler prefix of p may reach the threshold, taken from jwBound itself
// so that the two agree on every pair. need[la][lb][4] is the fewest with
// the longest prefix the lengths allow.
type jwLimits struct {
	min float64
	// float: jwBound is not monotonic in the characters in common for
	// some lengths and prefix (rounding), and the bound is asked directly.
	float bool
	need  [maxFastJW + 1][maxFastJW + 1][5]uint8
}

var jwLimitsByMin sync.Map // float64 -> *jwLimits

// jwLimitsFor returns the limits of threshold min, made once per process.
func jwLimitsFor(min float64) *jwLimits {
	if t, ok := jwLimitsByMin.Load(min); ok {
		return t.(*jwLimits)
	}
	t, _ := jwLimitsByMin.LoadOrStore(min, newJWLimits(min))
	return t.(*jwLimits)
}

func newJWLimits(threshold float64) *jwLimits {
	t := &jwLimits{min: threshold}
	short := func(m, la, lb, p int) bool { return jwBound(m, la, lb, p)+1e-9 < threshold }
	for la := 1; la <= maxFastJW; la++ {
		for lb := 1; lb <= maxFastJW; lb++ {
			most := min(la, lb)
			for p := range 5 {
				q := min(p, most, 4)
				need := most + 1 // no count reaches the threshold
				for m := 0; m <= most; m++ {
					if !short(m, la, lb, q) {
						need = m
						break
					}
				}
				for m := need + 1; m <= most; m++ {
					if short(m, la, lb, q) {
						t.float = true
					}
				}
				t.need[la][lb][p] = uint8(need)
			}
		}
	}
	return t
}

// ruledOut reports whether sketches x and y alone show that the
// similarity of their values is below the threshold, without reading
// the values: always for an empty value.
func (t *jwLimits) ruledOut(x, y *jwSketch) bool {
	if x.empty() || y.empty() {
		return true
	}
	if (x.hist[1]|y.hist[1])&jwOther != 0 {
		return false
	}
	if t.float {
		return jaroWinklerBound(x, y)+1e-9 < t.min
	}
	la, lb := x.counted(), y.counted()
	m := sharedCount(x.hist[0], y.hist[0]) + sharedCount(x.hist[1], y.hist[1])
	need := &t.need[la][lb]
	if m < int(need[4]) {
		return true
	}
	return m < int(need[sketchPrefix(x.head, y.head, min(la, lb, 4))])
}

// notRuledOut reports whether the similarity of values a and b, with
// sketches x and y that ruledOut has passed, reaches the threshold: the
// scorers ask ruledOut first, to spare most pairs a trip to the values.
func (t *jwLimits) notRuledOut(a, b string, x, y *jwSketch) bool {
	if x.usable() && y.usable() {
		return jaroWinklerASCII(a, b) >= t.min
	}
	return jaroWinklerAtLeast(a, b, t.min)
}
