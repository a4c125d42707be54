package matcher

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/nfimatch/nfimatch/rules"
)

// TrainConfig configures Engine.Train.
type TrainConfig struct {
	// Pairs is the number of random record pairs u is counted on.
	Pairs int64
	// Seed seeds the choice of random pairs: the same seed and data give
	// the same parameters.
	Seed uint64
	// MaxIterations bounds expectation maximisation; Tolerance is the
	// largest change of any m or of the prior at which it has converged.
	MaxIterations int
	Tolerance     float64
	// Smoothing is a count added to every level's tally, among random
	// pairs for u and among matches for m, so that no probability is 0.
	Smoothing float64
}

// DefaultTrainConfig counts u on a million random pairs and runs EM to a
// tolerance of 1e-4 or 100 iterations.
func DefaultTrainConfig() TrainConfig {
	return TrainConfig{Pairs: 1_000_000, Seed: 1, MaxIterations: 100, Tolerance: 1e-4, Smoothing: 1}
}

// Validate reports a configuration that cannot work.
func (c TrainConfig) Validate() error {
	switch {
	case c.Pairs < 1:
		return fmt.Errorf("train: pairs %d: must be at least 1", c.Pairs)
	case c.MaxIterations < 1:
		return fmt.Errorf("train: max iterations %d: must be at least 1", c.MaxIterations)
	case !(c.Tolerance > 0):
		return fmt.Errorf("train: tolerance %g: must be above 0", c.Tolerance)
	case !(c.Smoothing > 0):
		return fmt.Errorf("train: smoothing %g: must be above 0", c.Smoothing)
	}
	return nil
}

// ErrCannotTrain is wrapped by errors saying why a rule or its data cannot
// be trained.
var ErrCannotTrain = errors.New("cannot train")

// Train fits the Fellegi-Sunter parameters of plan's rule on left and
// right (the same table for a search): u per level from random pairs of
// records that pass the rule's filters and scope; then m per level by
// expectation maximisation, u held fixed, in one session per blocking
// pass over all the pass's candidate pairs, as Splink trains. A pass's
// pairs agree on its keys because the pass made them, so the comparisons
// of the fields it keys on are no evidence in its session (nor is a
// missing value); each comparison's m is the mean of the sessions where it
// was evidence, weighted by their expected matches. The prior comes last,
// by EM with m held fixed over the rule's candidate pairs, each counted
// once. The result carries no date.
func (e *Engine) Train(ctx context.Context, plan *Plan, left, right *Table, cfg TrainConfig) (*rules.Parameters, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := trainable(plan); err != nil {
		return nil, err
	}
	u, uCounts, pairs, all, err := randomU(ctx, plan, left, right, cfg)
	if err != nil {
		return nil, err
	}
	keyed := passFields(plan)
	nc := len(plan.Comparisons)
	mSum, wSum := make([][]float64, nc), make([]float64, nc)
	for c, cmp := range plan.Comparisons {
		mSum[c] = make([]float64, len(cmp.Levels))
	}
	out := &rules.Parameters{Rule: plan.Rule.Rule.ID, ComparisonsSHA256: rules.ComparisonsHash(plan.Rule.Rule.Comparisons),
		RandomPairs: pairs, Converged: true}
	for p := range plan.Rule.Passes {
		tallied, err := e.patterns(ctx, plan.onePass(p), left, right)
		if err != nil {
			return nil, err
		}
		d, _ := emPatterns(plan, tallied, u, func(int) []bool { return keyed[p] })
		if len(d.patterns) == 0 {
			continue
		}
		fit := fitEM(d, startM(plan), 0.01, cfg.MaxIterations, cfg.Tolerance, cfg.Smoothing)
		out.Iterations = max(out.Iterations, fit.iterations)
		out.Converged = out.Converged && fit.converged
		matches := 0.0
		for i, n := range d.counts {
			matches += n * fit.posterior[i]
		}
		for c := range plan.Comparisons {
			if !fit.evidence[c] {
				continue
			}
			for k, m := range fit.m[c] {
				mSum[c][k] += matches * m
			}
			wSum[c] += matches
		}
	}

	// The prior, and m of any comparison no session could use, from the
	// run's candidate pairs each counted once.
	tallied, err := e.patterns(ctx, plan, left, right)
	if err != nil {
		return nil, err
	}
	// Each pair is no evidence on the fields the pass that produced it keys
	// on: counting them would lend every candidate pair of a date of birth
	// pass the weight of an agreement it was chosen for, and push the
	// prior up.
	d, orig := emPatterns(plan, tallied, u, func(pass int) []bool { return keyed[pass] })
	if len(d.patterns) == 0 {
		return nil, fmt.Errorf("%w: rule %s: its blocking passes make no candidate pairs in this data", ErrCannotTrain, plan.Rule.Rule.ID)
	}
	m := startM(plan)
	fixed := make([]bool, nc)
	for c := range m {
		if wSum[c] > 0 {
			for k := range m[c] {
				m[c][k] = mSum[c][k] / wSum[c]
			}
			fixed[c] = true
		}
	}
	fit := fitEMFixed(d, m, 0.01, fixed, cfg.MaxIterations, cfg.Tolerance, cfg.Smoothing)
	out.Converged = out.Converged && fit.converged
	out.Iterations = max(out.Iterations, fit.iterations)
	for _, n := range d.counts {
		out.BlockedPairs += int64(n)
	}
	// EM's lambda is the share of one-person pairs among candidate pairs;
	// the rule's prior is among all pairs.
	prior := clampProb(fit.lambda * float64(out.BlockedPairs) / all)
	out.Prior = &prior
	for c, cmp := range plan.Comparisons {
		pc := rules.ComparisonParameters{ID: cmp.ID}
		mc := fit.m[c]
		if !fixed[c] {
			// Every pass keys on the comparison's fields: its m can only be
			// read from the candidate pairs as they are, which agree more
			// than one person's records do in general.
			mc = posteriorShares(d, orig, fit.posterior, c, cfg.Smoothing)
			pc.Note = "every blocking pass keys on this comparison's fields: m is read from candidate pairs only and overstates agreement"
		}
		seen := expectedMatches(d, orig, fit.posterior, c)
		for k, l := range cmp.Levels {
			lp := rules.LevelParameters{Level: l.Level, M: mc[k], U: u[c][k]}
			switch {
			case k == cmp.missing:
				lp.M = lp.U // missing is no evidence: weight 0
			case seen[k] < 1 && lp.M > lp.U:
				// Less than one expected match showed the level: its m is
				// the smoothing alone, and against a u counted on a
				// million random pairs that would read as strong evidence
				// for a match. No match seen is no evidence for one.
				lp.M = lp.U
			}
			pc.Levels = append(pc.Levels, lp)
		}
		if uCounts[c] == 0 {
			pc.Note = "no random pair had both values: u is the smoothing alone"
		}
		out.Comparisons = append(out.Comparisons, pc)
	}
	return out, nil
}

// patterns tallies the outcome patterns of plan's candidate pairs.
func (e *Engine) patterns(ctx context.Context, plan *Plan, left, right *Table) (map[patternKey]int64, error) {
	r, err := e.newRun(ctx, plan, &Part{Left: left, Right: right, Pass: -1}, true)
	if err != nil {
		return nil, err
	}
	r.patterns = true
	res, err := e.score(ctx, r)
	if err != nil {
		return nil, err
	}
	return res.patterns, nil
}

// onePass returns the plan with blocking pass p alone.
func (p *Plan) onePass(pass int) *Plan {
	c := *p.Rule
	r := *c.Rule
	r.Blocking = r.Blocking[pass : pass+1]
	c.Rule = &r
	c.Passes = c.Passes[pass : pass+1]
	return &Plan{Rule: &c, Comparisons: p.Comparisons}
}

// trainable checks that a plan's outcomes fit a pattern key and that every
// comparison lists an else level to carry the weight of disagreement.
func trainable(plan *Plan) error {
	id := plan.Rule.Rule.ID
	if len(plan.Comparisons) > maxPatternComparisons {
		return fmt.Errorf("%w: rule %s has %d comparisons; training handles at most %d", ErrCannotTrain, id, len(plan.Comparisons), maxPatternComparisons)
	}
	for _, c := range plan.Comparisons {
		if len(c.Levels) > maxPatternLevels {
			return fmt.Errorf("%w: rule %s: comparison %s has %d levels; training handles at most %d", ErrCannotTrain, id, c.ID, len(c.Levels), maxPatternLevels)
		}
		if c.elseAt == outcomeNone {
			return fmt.Errorf("%w: rule %s: comparison %s has no else level; add {level: else} so that disagreement gets its trained weight", ErrCannotTrain, id, c.ID)
		}
	}
	return nil
}

// randomU counts each comparison's levels over cfg.Pairs random pairs of
// records that pass the filters and the scope. It returns u per
// comparison per level (the missing level's u is the share of pairs with a
// value missing, the others are shares among pairs with both values), the
// pairs with both values per comparison, the pairs drawn, and the number
// of pairs of records that pass the filters.
func randomU(ctx context.Context, plan *Plan, left, right *Table, cfg TrainConfig) (u [][]float64, withValues []int64, drawn int64, all float64, err error) {
	rule := plan.Rule
	dedupe := rule.Rule.IsSearch()
	keepL, _, err := filterRows(ctx, rule, rules.Left, left)
	if err != nil {
		return nil, nil, 0, 0, err
	}
	keepR := keepL
	if !dedupe {
		if keepR, _, err = filterRows(ctx, rule, rules.Right, right); err != nil {
			return nil, nil, 0, 0, err
		}
	}
	rowsL, rowsR := keptRows(keepL, left.Len), keptRows(keepR, right.Len)
	all = float64(len(rowsL)) * float64(len(rowsR))
	if dedupe {
		all = float64(len(rowsL)) * float64(len(rowsL)-1) / 2
	}
	if all < 1 {
		return nil, nil, 0, 0, fmt.Errorf("%w: rule %s: fewer than two records pass its filters", ErrCannotTrain, rule.Rule.ID)
	}
	r := &run{plan: plan, left: left, right: right, dedupe: dedupe, scope: scopeOf(rule.Rule.EffectiveScope()),
		bodyL: &left.Cols[0].Str, bodyR: &right.Cols[0].Str}
	fc := newFeatureCache()
	for _, c := range plan.Comparisons {
		s, err := c.prepare(left, right, fc)
		if err != nil {
			return nil, nil, 0, 0, err
		}
		r.scorers = append(r.scorers, s)
	}
	counts := make([][]int64, len(plan.Comparisons))
	for c, cmp := range plan.Comparisons {
		counts[c] = make([]int64, len(cmp.Levels))
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))
	// A scope can rule out most pairs (within_body with many bodies):
	// give up after many draws rather than loop for ever.
	for tries := int64(0); drawn < cfg.Pairs && tries < 20*cfg.Pairs; tries++ {
		if tries%65536 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, 0, 0, err
			}
		}
		i, j := rowsL[rng.IntN(len(rowsL))], rowsR[rng.IntN(len(rowsR))]
		if (dedupe && i == j) || !r.scopeAllows(i, j) {
			continue
		}
		drawn++
		for c, s := range r.scorers {
			o := s.outcome(i, j)
			if o == outcomeMissing {
				o = plan.Comparisons[c].missing
			}
			if o >= 0 {
				counts[c][o]++
			}
		}
	}
	if drawn == 0 {
		return nil, nil, 0, 0, fmt.Errorf("%w: rule %s: its scope allows no pair of the records", ErrCannotTrain, rule.Rule.ID)
	}
	s := cfg.Smoothing
	u = make([][]float64, len(plan.Comparisons))
	withValues = make([]int64, len(plan.Comparisons))
	for c, cmp := range plan.Comparisons {
		var n, levels float64
		for k, x := range counts[c] {
			if k != cmp.missing {
				n += float64(x)
				levels++
			}
		}
		withValues[c] = int64(n)
		u[c] = make([]float64, len(cmp.Levels))
		for k, x := range counts[c] {
			if k == cmp.missing {
				u[c][k] = clampProb((float64(x) + s) / (float64(drawn) + 2*s))
				continue
			}
			u[c][k] = clampProb((float64(x) + s) / (n + s*levels))
		}
	}
	return u, withValues, drawn, all, nil
}

func keptRows(keep []bool, n int) []int {
	out := make([]int, 0, n)
	for i := 0; i < n; i++ {
		if keep == nil || keep[i] {
			out = append(out, i)
		}
	}
	return out
}

// emPatterns turns the outcome patterns a training run tallied into EM's
// input, in a fixed order: a comparison is no evidence where a value is
// missing or keyedIn marks it for the pass that produced the pattern
// (nil marks none). orig keeps every pattern's
// outcomes as scored (-1 where missing).
func emPatterns(plan *Plan, tallied map[patternKey]int64, u [][]float64, keyedIn func(pass int) []bool) (d *emData, orig [][]int8) {
	keys := make([]patternKey, 0, len(tallied))
	for k := range tallied {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b patternKey) int {
		return cmp.Or(cmp.Compare(a.pass, b.pass), cmp.Compare(a.outcomes, b.outcomes))
	})
	d = &emData{u: u}
	for _, c := range plan.Comparisons {
		d.levels = append(d.levels, len(c.Levels))
		d.missing = append(d.missing, c.missing)
	}
	for _, k := range keys {
		outcomes := k.decode(len(plan.Comparisons))
		keyed := keyedIn(k.pass)
		pat, as := make([]int8, len(outcomes)), make([]int8, len(outcomes))
		for c, o := range outcomes {
			if o < 0 || o == plan.Comparisons[c].missing {
				o = -1
			}
			as[c] = int8(o)
			pat[c] = int8(o)
			if keyed != nil && keyed[c] {
				pat[c] = -1
			}
		}
		d.patterns = append(d.patterns, pat)
		d.counts = append(d.counts, float64(tallied[k]))
		orig = append(orig, as)
	}
	return d, orig
}

// passFields reports, per blocking pass, per comparison, whether the pass
// keys on one of the comparison's fields on either side. Postcode and
// address comparisons count as one: both say where a person lives, so a
// pass that keys on a postcode makes addresses agree too (neighbours share
// a street), and their agreement is no evidence among its pairs.
func passFields(plan *Plan) [][]bool {
	place := func(c *Comparison) bool { return c.Kind == "postcode" || c.Kind == "address" }
	fields := make([][2][]string, len(plan.Comparisons))
	for c, cmp := range plan.Comparisons {
		for _, o := range plan.Comparisons {
			if o == cmp || (place(cmp) && place(o)) {
				lf, rf := o.spec.SideFields()
				fields[c][0] = append(fields[c][0], lf...)
				fields[c][1] = append(fields[c][1], rf...)
			}
		}
	}
	out := make([][]bool, len(plan.Rule.Passes))
	for p, keys := range plan.Rule.Passes {
		var keyed [2][]string
		for _, k := range keys.Left {
			keyed[0] = append(keyed[0], k.Fields...)
		}
		for _, k := range keys.Right {
			keyed[1] = append(keyed[1], k.Fields...)
		}
		out[p] = make([]bool, len(plan.Comparisons))
		for c := range plan.Comparisons {
			for side := range 2 {
				for _, f := range fields[c][side] {
					out[p][c] = out[p][c] || slices.Contains(keyed[side], f)
				}
			}
		}
	}
	return out
}

// startM is where EM starts: each comparison's levels, in rule order,
// more likely among matches the earlier they come (a rule lists its
// strongest agreement first and else last).
func startM(plan *Plan) [][]float64 {
	out := make([][]float64, len(plan.Comparisons))
	for c, cmp := range plan.Comparisons {
		out[c] = make([]float64, len(cmp.Levels))
		w, sum := 1.0, 0.0
		for k := range cmp.Levels {
			if k == cmp.missing {
				continue
			}
			out[c][k] = w
			sum += w
			w /= 4
		}
		for k := range out[c] {
			out[c][k] /= sum
		}
	}
	return out
}

// posteriorShares estimates m for comparison c from the outcomes as scored,
// each pattern weighted by its posterior: for a comparison that was never
// evidence in EM.
// expectedMatches returns, for each level of comparison c, how many of
// the candidate pairs in orig showing it the fit expects to be matches.
func expectedMatches(d *emData, orig [][]int8, posterior []float64, c int) []float64 {
	sums := make([]float64, d.levels[c])
	for i, pat := range orig {
		if k := pat[c]; k >= 0 {
			sums[k] += d.counts[i] * posterior[i]
		}
	}
	return sums
}

func posteriorShares(d *emData, orig [][]int8, posterior []float64, c int, smoothing float64) []float64 {
	sums := make([]float64, d.levels[c])
	var n float64
	for i, pat := range orig {
		if k := pat[c]; k >= 0 {
			w := d.counts[i] * posterior[i]
			sums[k] += w
			n += w
		}
	}
	levels := float64(d.levels[c])
	if d.missing[c] >= 0 {
		levels--
	}
	for k := range sums {
		sums[k] = (sums[k] + smoothing) / (n + smoothing*levels)
	}
	return sums
}
