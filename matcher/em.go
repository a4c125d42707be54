package matcher

import "math"

// emData is what expectation maximisation fits: distinct outcome patterns
// of candidate pairs with their counts, and each comparison's u, held
// fixed.
type emData struct {
	// levels is the number of levels of each comparison; missing the
	// index of its missing level, or -1. A missing level is never
	// evidence: EM leaves its m alone.
	levels  []int
	missing []int
	// u[c][k] is the chance of level k of comparison c among pairs of two
	// people; held fixed.
	u [][]float64
	// patterns[i][c] is the level of comparison c in pattern i, or -1
	// when the comparison is no evidence for the pattern's pairs (a value
	// is missing, or their blocking pass keyed on its fields).
	patterns [][]int8
	counts   []float64 // pairs with each pattern
}

// emFit is the outcome of fitEM.
type emFit struct {
	m          [][]float64 // m[c][k]: the chance of level k among pairs of one person
	lambda     float64     // the share of the pairs that are one person
	posterior  []float64   // per pattern, the chance its pairs are one person
	iterations int
	converged  bool
	evidence   []bool // per comparison: some pattern used it
}

// fitEM fits m and lambda by expectation maximisation from starting values
// m0 and lambda0, with u fixed, assuming the comparisons independent given
// whether a pair is one person. smoothing is a count added to every level
// of every comparison among the matches (a Dirichlet prior), so that no m
// is 0; it matters only when there are few matches. It stops when no m nor
// lambda moves by more than tol, or after maxIter iterations.
func fitEM(d *emData, m0 [][]float64, lambda0 float64, maxIter int, tol, smoothing float64) emFit {
	return fitEMFixed(d, m0, lambda0, nil, maxIter, tol, smoothing)
}

// fitEMFixed is fitEM with the m of the comparisons fixed marks held at m0.
func fitEMFixed(d *emData, m0 [][]float64, lambda0 float64, fixed []bool, maxIter int, tol, smoothing float64) emFit {
	nc := len(d.levels)
	f := emFit{m: make([][]float64, nc), lambda: lambda0, posterior: make([]float64, len(d.patterns)), evidence: make([]bool, nc)}
	for c := range f.m {
		f.m[c] = append([]float64(nil), m0[c]...)
	}
	for _, pat := range d.patterns {
		for c, k := range pat {
			if k >= 0 {
				f.evidence[c] = true
			}
		}
	}
	sums := make([][]float64, nc)
	for c := range sums {
		sums[c] = make([]float64, d.levels[c])
	}
	for f.iterations < maxIter {
		f.iterations++
		// E step: the posterior of each pattern, in log space so that many
		// comparisons cannot underflow.
		logOdds := math.Log(f.lambda / (1 - f.lambda))
		for i, pat := range d.patterns {
			lr := logOdds
			for c, k := range pat {
				if k >= 0 {
					lr += math.Log(f.m[c][k]) - math.Log(d.u[c][k])
				}
			}
			f.posterior[i] = 1 / (1 + math.Exp(-lr))
		}
		// M step.
		for c := range sums {
			clear(sums[c])
		}
		var matched, total float64
		for i, pat := range d.patterns {
			w := d.counts[i] * f.posterior[i]
			matched += w
			total += d.counts[i]
			for c, k := range pat {
				if k >= 0 {
					sums[c][k] += w
				}
			}
		}
		change := 0.0
		lambda := clampProb(matched / total)
		change = max(change, math.Abs(lambda-f.lambda))
		f.lambda = lambda
		for c := range sums {
			if !f.evidence[c] || (fixed != nil && fixed[c]) {
				continue
			}
			var n float64
			for k, s := range sums[c] {
				if k != d.missing[c] {
					n += s + smoothing
				}
			}
			for k, s := range sums[c] {
				if k == d.missing[c] {
					continue
				}
				m := (s + smoothing) / n
				change = max(change, math.Abs(m-f.m[c][k]))
				f.m[c][k] = m
			}
		}
		if change < tol {
			f.converged = true
			break
		}
	}
	return f
}

// clampProb keeps a probability strictly between 0 and 1, so that its log
// odds are finite.
func clampProb(p float64) float64 {
	const eps = 1e-12
	return min(max(p, eps), 1-eps)
}

// Limits of a patternKey: each outcome, -2 to 13, takes 4 bits of 64.
const (
	maxPatternComparisons = 16
	maxPatternLevels      = 14
)

// patternKey is one outcome pattern of a candidate pair (every
// comparison's outcome) and the pass that produced it, as a map key.
type patternKey struct {
	outcomes uint64
	pass     int
}

func newPatternKey(outcomes []int, pass int) patternKey {
	var k uint64
	for c, o := range outcomes {
		k |= uint64(o+2) << (4 * c)
	}
	return patternKey{outcomes: k, pass: pass}
}

// decode returns the n outcomes of the pattern.
func (k patternKey) decode(n int) []int {
	out := make([]int, n)
	for c := range out {
		out[c] = int(k.outcomes>>(4*c)&0xf) - 2
	}
	return out
}
