package matcher

import (
	"hash/maphash"
	"math/rand/v2"
	"testing"

	"github.com/antzucaro/matchr"
)

// TestJaroWinklerMatchesMatchr checks that the allocation-free
// Jaro-Winkler gives matchr's value bit for bit, on names, on random
// strings over a small alphabet (many repeats and transpositions), on
// digits (no prefix bonus) and on strings that take the fallback.
func TestJaroWinklerMatchesMatchr(t *testing.T) {
	pairs := [][2]string{
		{"MARTHA", "MARHTA"}, {"DWAYNE", "DUANE"}, {"DIXON", "DICKSONX"}, {"", "SMITH"}, {"A", "A"},
		{"JONES", "JOHNSON"}, {"12345", "12354"}, {"STREET", "STRET"}, {"ZOË", "ZOE"}, {"O", "OBRIEN"},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		pairs = append(pairs, [2]string{randomWord(rng), randomWord(rng)})
	}
	for _, p := range pairs {
		want := matchr.JaroWinkler(p[0], p[1], false)
		if got := jaroWinkler(p[0], p[1]); got != want {
			t.Fatalf("jaroWinkler(%q, %q) = %v, want %v", p[0], p[1], got, want)
		}
		x, y := newJWSketch(p[0]), newJWSketch(p[1])
		sketched := x.usable() && y.usable() && len(p[0]) > 0 && len(p[1]) > 0
		bound := 0.0
		if sketched {
			if bound = jaroWinklerBound(&x, &y); bound+1e-9 < want {
				t.Fatalf("jaroWinklerBound(%q, %q) = %v, below the similarity %v", p[0], p[1], bound, want)
			}
		}
		for _, min := range []float64{0.7, 0.85, 0.9, 0.92} {
			if got := jaroWinklerAtLeast(p[0], p[1], min); got != (want >= min) {
				t.Fatalf("jaroWinklerAtLeast(%q, %q, %v) = %v, want %v (similarity %v)", p[0], p[1], min, got, !got, want)
			}
			lim := jwLimitsFor(min)
			if got := !lim.ruledOut(&x, &y) && lim.notRuledOut(p[0], p[1], &x, &y); got != (want >= min) {
				t.Fatalf("limits %v: (%q, %q) reach it %v, want %v (similarity %v)", min, p[0], p[1], got, !got, want)
			}
			// The limits rule out exactly the pairs whose bound falls
			// short, with the integers or with the bound itself.
			float := *lim
			float.float = true
			for _, l := range []*jwLimits{lim, &float} {
				if got, short := l.ruledOut(&x, &y), sketched && bound+1e-9 < min || x.empty() || y.empty(); got != short {
					t.Fatalf("limits %v (float %v): ruledOut(%q, %q) = %v, want %v (bound %v)", min, l.float, p[0], p[1], got, short, bound)
				}
			}
		}
	}
}

func randomWord(rng *rand.Rand) string {
	const alphabet = "ABCDE12QRS"
	n := rng.IntN(12)
	if rng.IntN(50) == 0 {
		n = maxFastJW + rng.IntN(4) // past the fast path
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(b)
}

func BenchmarkJaroWinkler(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		jaroWinkler("MARGARET", "MARGRET")
	}
}

// TestJWSketch: a usable sketch counts an ASCII value of at most
// maxFastJW bytes by its bytes' low four bits and holds its first eight
// bytes; any other value's is marked, with its length and a hash; the
// empty value's is zero.
func TestJWSketch(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	vals := []string{"", "A", "SMITH", "ZOË", "O'BRIEN-SMYTHE", "~\x7f\x00/", string(make([]byte, maxFastJW+1))}
	for range 5000 {
		b := make([]byte, rng.IntN(maxFastJW+3))
		for i := range b {
			b[i] = byte(rng.IntN(128))
			if rng.IntN(200) == 0 {
				b[i] |= 0x80
			}
		}
		vals = append(vals, string(b))
	}
	for _, v := range vals {
		usable := len(v) <= maxFastJW
		for i := 0; i < len(v); i++ {
			if v[i] >= 0x80 {
				usable = false
			}
		}
		got := newJWSketch(v)
		if got.usable() != usable || got.empty() != (v == "") || got.length() != len(v) {
			t.Fatalf("newJWSketch(%q): usable %v, empty %v, length %d; want %v, %v, %d",
				v, got.usable(), got.empty(), got.length(), usable, v == "", len(v))
		}
		if !usable {
			if got.hist[0] != maphash.String(sketchSeed, v) || got.hist[1] != jwOther|uint64(len(v)) {
				t.Fatalf("newJWSketch(%q) = %+v: want the hash and the marked length", v, got)
			}
			continue
		}
		var want jwSketch
		var counts [16]uint64
		for i := 0; i < len(v); i++ {
			counts[v[i]%16]++
		}
		for c, n := range counts {
			want.hist[c/8] += n << (8 * (c % 8))
		}
		for i := 0; i < len(v) && i < 8; i++ {
			want.head += uint64(v[i]) << (8 * i)
		}
		if got != want {
			t.Fatalf("newJWSketch(%q) = %+v, want %+v", v, got, want)
		}
	}
}

// TestSketchWhole: a sketch holds its value whole when the value is ASCII
// and at most eight bytes long, and two such values are equal exactly
// when their sketches are, zero bytes and all. (TestTextExactFromSketch
// checks that longer values with equal sketches are told apart.)
func TestSketchWhole(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "AB1\x00"[rng.IntN(4)]
		}
		return string(b)
	}
	for range 20000 {
		a, b := word(rng.IntN(11)), word(rng.IntN(11))
		if len(a) > 0 && rng.IntN(2) == 0 { // b is a with one byte changed
			c := []byte(a)
			c[rng.IntN(len(c))] = "AB1\x00"[rng.IntN(4)]
			b = string(c)
		}
		x, y := newJWSketch(a), newJWSketch(b)
		if x.whole() != (len(a) <= 8) {
			t.Fatalf("newJWSketch(%q).whole() = %v", a, x.whole())
		}
		if a == b && x != y {
			t.Fatalf("equal values %q have sketches %+v and %+v", a, x, y)
		}
		if x.whole() && y.whole() && (x == y) != (a == b) {
			t.Fatalf("values %q and %q held whole: sketches equal %v", a, b, x == y)
		}
	}
}

// TestJWLimits: for thresholds from loose to strict, the limits rule out
// a count of characters in common exactly when the bound with it falls
// short of the threshold, for every pair of lengths and every prefix,
// and the longest prefix needs the fewest characters.
func TestJWLimits(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	thresholds := []float64{0, 0.3, 0.5, 0.7, 0.8, 0.85, 0.9, 0.92, 0.95, 0.99, 1, 1.1}
	for range 20 {
		thresholds = append(thresholds, 0.6+0.4*rng.Float64())
	}
	for _, th := range thresholds {
		lim := newJWLimits(th)
		if lim.float {
			t.Fatalf("threshold %v: the bound is not monotonic in the characters in common", th)
		}
		for la := 1; la <= maxFastJW; la++ {
			for lb := 1; lb <= maxFastJW; lb++ {
				need := lim.need[la][lb]
				for p := range 5 {
					if need[4] > need[p] {
						t.Fatalf("threshold %v, lengths %d and %d: prefix 4 needs %d, prefix %d %d", th, la, lb, need[4], p, need[p])
					}
					if p > min(la, lb, 4) {
						continue
					}
					for m := 0; m <= min(la, lb); m++ {
						if short := jwBound(m, la, lb, p)+1e-9 < th; (m < int(need[p])) != short {
							t.Fatalf("threshold %v, lengths %d and %d, prefix %d, %d in common: ruled out %v, bound %v",
								th, la, lb, p, m, !short, jwBound(m, la, lb, p))
						}
					}
				}
			}
		}
	}
}
