package matcher

import (
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
		if x.ok && y.ok && len(p[0]) > 0 && len(p[1]) > 0 {
			if b := jaroWinklerBound(len(p[0]), len(p[1]), &x, &y); b+1e-9 < want {
				t.Fatalf("jaroWinklerBound(%q, %q) = %v, below the similarity %v", p[0], p[1], b, want)
			}
		}
		for _, min := range []float64{0.7, 0.85, 0.9, 0.92} {
			if got := jaroWinklerAtLeast(p[0], p[1], min); got != (want >= min) {
				t.Fatalf("jaroWinklerAtLeast(%q, %q, %v) = %v, want %v (similarity %v)", p[0], p[1], min, got, !got, want)
			}
			if got := jaroWinklerSketchAtLeast(p[0], p[1], &x, &y, min); got != (want >= min) {
				t.Fatalf("jaroWinklerSketchAtLeast(%q, %q, %v) = %v, want %v (similarity %v)", p[0], p[1], min, got, !got, want)
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

// TestJWSketch: a sketch counts a value's bytes by their low four bits,
// holds its first four bytes and its length, and is usable only for ASCII
// values of at most maxFastJW bytes.
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
		var want jwSketch
		want.n = uint16(min(len(v), 0xffff))
		want.ok = len(v) <= maxFastJW
		for i := 0; i < len(v); i++ {
			if v[i] >= 0x80 {
				want.ok = false
			}
		}
		if want.ok {
			var counts [16]uint64
			for i := 0; i < len(v); i++ {
				counts[v[i]%16]++
			}
			for c, n := range counts {
				want.hist[c/8] += n << (8 * (c % 8))
			}
			for i := 0; i < len(v) && i < 4; i++ {
				want.head += uint32(v[i]) << (8 * i)
			}
		}
		if got := newJWSketch(v); got != want {
			t.Fatalf("newJWSketch(%q) = %+v, want %+v", v, got, want)
		}
	}
}
