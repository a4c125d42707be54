package matcher

import (
	"math"
	"strings"

	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/rules"
)

// TFMinCount is the term-frequency floor: a value seen fewer times than
// this in a run counts as seen this many times, so a value seen once or
// twice, as often a typing error shared by chance as a rare name, counts
// for no more than one seen five times. It does not bound the weight as
// the data grow: u_v is at least TFMinCount over the run's values.
const TFMinCount = 5

// TermFrequencies count how often each value of a plan's term-frequency
// comparisons occurs in a run's data. They are global to a run: count each
// table (or part of one) with CountTerms and Merge the counts, so that a
// partitioned run scores every partition with the same frequencies. Not
// safe for concurrent Merge.
type TermFrequencies struct {
	// counts and totals are indexed by comparison; nil and 0 for one
	// without tf.
	counts []map[string]int64
	totals []int64
}

// tfLevel returns the index of c's level with tf, or -1.
func (c *Comparison) tfLevel() int {
	for k, l := range c.Levels {
		if l.TF {
			return k
		}
	}
	return -1
}

// NeedsTerms reports whether any comparison of the plan adjusts for term
// frequencies.
func (p *Plan) NeedsTerms() bool {
	for _, c := range p.Comparisons {
		if c.tfLevel() >= 0 {
			return true
		}
	}
	return false
}

// CountTerms counts the values of the plan's term-frequency comparisons in
// t, the table of one side of the rule (rules.Left or rules.Right): every
// record, filtered or not, counts once.
func CountTerms(plan *Plan, side rules.Side, t *Table) *TermFrequencies {
	f := &TermFrequencies{counts: make([]map[string]int64, len(plan.Comparisons)), totals: make([]int64, len(plan.Comparisons))}
	for ci, c := range plan.Comparisons {
		if c.tfLevel() < 0 {
			continue
		}
		col := t.Col(c.sideField(side))
		m := map[string]int64{}
		for r := 0; r < t.Len; r++ {
			if v := termValue(c.Kind, t, col, r); v != "" {
				m[v]++
				f.totals[ci]++
			}
		}
		// A value may be cut from its batch's column, and the counts
		// outlive the table: each value is copied, rather than keep
		// the column alive. (Storing to a map replaces its key, so the
		// copies are made once the counting is done.)
		kept := make(map[string]int64, len(m))
		for v, n := range m {
			kept[strings.Clone(v)] = n
		}
		f.counts[ci] = kept
	}
	return f
}

// Merge adds o's counts to f's. Both must count the same plan.
func (f *TermFrequencies) Merge(o *TermFrequencies) {
	for ci, m := range o.counts {
		if m == nil {
			continue
		}
		if f.counts[ci] == nil {
			f.counts[ci] = map[string]int64{}
		}
		for v, n := range m {
			f.counts[ci][v] += n
		}
		f.totals[ci] += o.totals[ci]
	}
}

// sideField is the one field comparison c compares on side.
func (c *Comparison) sideField(side rules.Side) string {
	lf, rf := c.spec.SideFields()
	if side == rules.Right {
		return rf[0]
	}
	return lf[0]
}

// termValue is the value of row r of column col that the tf level of a
// comparison of kind agrees on: the same normalisation its scorer applies
// before testing exact agreement.
func termValue(kind string, t *Table, col, r int) string {
	v := t.Text(col, r)
	switch kind {
	case "name":
		if t.Cols[col].Kind == extract.KindText && v != "" {
			v = strings.Join(strings.Fields(strings.ToUpper(v)), " ")
		}
	case "nino":
		v = prefix(v, 8)
	}
	return v
}

// tfWeights returns, for comparison ci of the plan, the weight its tf
// level gives a pair agreeing on each row's value of t. The level's u
// becomes u_v, the value's share of all values counted (at least
// TFMinCount of them): with m and u the weight is log2(m/u_v); with a
// hand weight, log2(u_avg/u_v) is added to it, where u_avg, the sum of the
// squared shares, is the chance that two random values agree.
func (f *TermFrequencies) tfWeights(plan *Plan, ci int, side rules.Side, t *Table) []float64 {
	c := plan.Comparisons[ci]
	l := c.Levels[c.tfLevel()]
	counts, total := f.counts[ci], float64(f.totals[ci])
	out := make([]float64, t.Len)
	if total == 0 {
		return out
	}
	// The sum of squared counts is exact in integers, so that u_avg does
	// not depend on the map's order.
	var squares uint64
	for _, n := range counts {
		squares += uint64(n) * uint64(n)
	}
	uAvg := float64(squares) / (total * total)
	col := t.Col(c.sideField(side))
	memo := map[string]float64{}
	for r := range out {
		v := termValue(c.Kind, t, col, r)
		if v == "" {
			continue
		}
		w, ok := memo[v]
		if !ok {
			uv := min(1, float64(max(counts[v], TFMinCount))/total)
			if l.HasMU() {
				w = math.Log2(*l.M / uv)
			} else {
				w = l.Weight + math.Log2(uAvg/uv)
			}
			memo[v] = w
		}
		out[r] = w
	}
	return out
}

// prepareTerms works out, once per record, the weight each term-frequency
// level gives the record's value, with terms, or with frequencies counted
// from the run's own tables when terms is nil.
func (r *run) prepareTerms(terms *TermFrequencies) {
	plan := r.plan
	r.tfLevel = make([]int, len(plan.Comparisons))
	for c, cmp := range plan.Comparisons {
		r.tfLevel[c] = cmp.tfLevel()
	}
	if !plan.NeedsTerms() {
		return
	}
	if terms == nil {
		terms = CountTerms(plan, rules.Left, r.left)
		if !r.dedupe {
			terms.Merge(CountTerms(plan, rules.Right, r.right))
		}
	}
	r.tfL, r.tfR = make([][]float64, len(plan.Comparisons)), make([][]float64, len(plan.Comparisons))
	for c, k := range r.tfLevel {
		if k < 0 {
			continue
		}
		r.tfL[c] = terms.tfWeights(plan, c, rules.Left, r.left)
		r.tfR[c] = r.tfL[c]
		if !r.dedupe {
			r.tfR[c] = terms.tfWeights(plan, c, rules.Right, r.right)
		}
	}
}
