package matcher

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestFitEMRecoversMixture draws outcome patterns from a known
// conditional-independence mixture (three comparisons, one with a missing
// level that is no evidence) and checks that EM, given the true u, finds
// the true m and share of matches.
func TestFitEMRecoversMixture(t *testing.T) {
	const lambda = 0.15
	m := [][]float64{{0.85, 0.1, 0.05}, {0.7, 0.2, 0.1}, {0.9, 0, 0.1}}
	u := [][]float64{{0.01, 0.04, 0.95}, {0.05, 0.15, 0.8}, {0.02, 0.3, 0.98}}
	missing := []int{-1, -1, 1} // comparison 2's level 1 is missing: 30% of pairs
	rng := rand.New(rand.NewPCG(7, 11))
	draw := func(p []float64, miss int) int8 {
		x := rng.Float64()
		for k, q := range p {
			if k == miss {
				continue
			}
			if x < q {
				return int8(k)
			}
			x -= q
		}
		return int8(len(p) - 1)
	}
	tally := map[[3]int8]float64{}
	for n := 0; n < 200_000; n++ {
		probs := u
		if rng.Float64() < lambda {
			probs = m
		}
		var pat [3]int8
		for c := range pat {
			pat[c] = draw(probs[c], missing[c])
			if c == 2 && rng.Float64() < 0.3 {
				pat[c] = -1 // a value is missing: no evidence
			}
		}
		tally[pat]++
	}
	// Comparison 2's levels other than missing are shares among pairs with
	// both values, as Train counts them.
	d := &emData{levels: []int{3, 3, 3}, missing: missing, u: u}
	for pat, n := range tally {
		d.patterns = append(d.patterns, pat[:])
		d.counts = append(d.counts, n)
	}
	start := [][]float64{{0.6, 0.3, 0.1}, {0.6, 0.3, 0.1}, {0.6, 0, 0.4}}
	fit := fitEM(d, start, 0.5, 100, 1e-4, 1)
	if !fit.converged {
		t.Errorf("EM did not converge in %d iterations", fit.iterations)
	}
	if math.Abs(fit.lambda-lambda) > 0.02 {
		t.Errorf("lambda = %.4f, want %.2f within 0.02", fit.lambda, lambda)
	}
	for c := range m {
		for k := range m[c] {
			if k == missing[c] {
				continue
			}
			if math.Abs(fit.m[c][k]-m[c][k]) > 0.02 {
				t.Errorf("m[%d][%d] = %.4f, want %.2f within 0.02", c, k, fit.m[c][k], m[c][k])
			}
		}
	}
}

// TestFitEMNoEvidence: a comparison no pattern uses keeps its starting m
// and is reported as no evidence.
func TestFitEMNoEvidence(t *testing.T) {
	d := &emData{levels: []int{2, 2}, missing: []int{-1, -1}, u: [][]float64{{0.1, 0.9}, {0.2, 0.8}},
		patterns: [][]int8{{0, -1}, {1, -1}}, counts: []float64{10, 90}}
	fit := fitEM(d, [][]float64{{0.8, 0.2}, {0.7, 0.3}}, 0.1, 100, 1e-4, 1)
	if !fit.evidence[0] || fit.evidence[1] {
		t.Errorf("evidence = %v, want [true false]", fit.evidence)
	}
	if fit.m[1][0] != 0.7 || fit.m[1][1] != 0.3 {
		t.Errorf("m of the comparison with no evidence = %v, want the start [0.7 0.3]", fit.m[1])
	}
}

func TestPatternKeyRoundTrip(t *testing.T) {
	outcomes := []int{0, 13, outcomeMissing, outcomeNone, 5, 0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11}
	k := newPatternKey(outcomes, 3)
	got := k.decode(len(outcomes))
	for i := range outcomes {
		if got[i] != outcomes[i] {
			t.Fatalf("decode(newPatternKey(%v)) = %v", outcomes, got)
		}
	}
	if k.pass != 3 {
		t.Errorf("pass = %d, want 3", k.pass)
	}
}
