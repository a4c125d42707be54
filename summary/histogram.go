package summary

import (
	"math"
	"strconv"
)

// maxBins bounds the bars of a score histogram.
const maxBins = 12

// scoreBins sorts scores into at most about maxBins bins of one width, a
// round number (1, 2, 2.5 or 5 times a power of ten), starting at a
// multiple of it. Each bin is labelled with its lower bound and coloured
// by the band most of its matches have, the higher band on a tie.
func scoreBins(scores []Score) []bin {
	if len(scores) == 0 {
		return nil
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range scores {
		lo, hi = math.Min(lo, s.Value), math.Max(hi, s.Value)
	}
	step := roundStep((hi - lo) / maxBins)
	start := math.Floor(lo/step) * step
	// index is the bin of v; the nudge keeps a score on a bin's lower
	// bound in that bin despite rounding (0.35-0.1 is 9.99 steps of 0.025).
	index := func(v float64) int { return int(math.Floor((v-start)/step + 1e-9)) }
	n := index(hi) + 1
	counts := make([][3]int, n) // per bin: high, medium, low
	for _, s := range scores {
		i := min(max(index(s.Value), 0), n-1)
		counts[i][bandIndex(s.Band)]++
	}
	bins := make([]bin, n)
	for i, c := range counts {
		b := bin{label: strconv.FormatFloat(start+float64(i)*step, 'f', decimals(step), 64), count: c[0] + c[1] + c[2], class: classHigh}
		switch {
		case c[2] > c[0] && c[2] > c[1]:
			b.class = classLow
		case c[1] > c[0]:
			b.class = classMedium
		}
		bins[i] = b
	}
	return bins
}

// roundStep returns the smallest of 1, 2, 2.5 and 5 times a power of ten
// that is at least x; 1 when x is not positive (all scores equal).
func roundStep(x float64) float64 {
	if x <= 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}

// bandIndex orders the bands high, medium, low; an unknown band counts as
// low.
func bandIndex(band string) int {
	switch band {
	case "high":
		return 0
	case "medium":
		return 1
	}
	return 2
}

// decimals returns the decimal places that show multiples of step exactly.
func decimals(step float64) int {
	d := 0
	for scaled := step; d < 6 && math.Abs(scaled-math.Round(scaled)) > 1e-9*math.Max(1, scaled); d++ {
		scaled *= 10
	}
	return d
}
