package matcher

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/rules"
)

// worker scores chunks of left rows. Its buffers are reused from chunk to
// chunk; a worker is used by one goroutine at a time.
type worker struct {
	r         *run
	outcomes  []int
	weights   []float64 // what each comparison added to the pair's score
	env       *rules.Env
	counts    counters
	passPairs []int64
	// heldL and heldR are, per earlier pass, the key ids of the row
	// being scored (pass.held).
	heldL, heldR []int32
	patterns     map[patternKey]int64 // training only: pairs per outcome pattern
	// found holds the matches of the chunk being scored, written in place
	// into a slab that the chunks share: a chunk hands its matches over
	// as they lie (handOver) and the next one writes past them, so that a
	// match is built once, not returned and copied pair by pair.
	found []Match
	// steps are the comparisons in the order score runs them.
	steps []scoreStep
	// touched keeps the loads of touchBlocks and touchLists.
	touched uint64

	// What evaluate reuses from match to match: whether the rule reads
	// the environment at all, the evidence of each outcome pattern seen,
	// the display maps handed to the reason template, and slabs that the
	// matches' Outcomes and Weights are cut from (one allocation per
	// slabMatches matches rather than two per match).
	needEnv     bool
	reasonUse   reasonUse
	evidence    map[uint64]string
	reasons     map[uint64]string // by outcome pattern, when reasonUse.perMatch is false
	left, right map[string]string
	outSlab     []int
	weightSlab  []float64
}

// slabMatches is how many matches' outcomes and weights one slab holds.
const slabMatches = 256

// foundMatches is how many matches a slab of found holds at least.
const foundMatches = 4096

func newWorker(r *run) *worker {
	w := &worker{r: r, outcomes: make([]int, len(r.scorers)), weights: make([]float64, len(r.scorers)),
		env: r.plan.Rule.NewEnv(), passPairs: make([]int64, len(r.passes)),
		heldL: make([]int32, len(r.passes)), heldR: make([]int32, len(r.passes)),
		needEnv:   r.plan.Rule.Rule.Condition != "" || r.plan.Rule.HasAmount(),
		reasonUse: reasonUses(r.plan.Rule.Rule.Reason), evidence: map[uint64]string{}, reasons: map[uint64]string{}}
	if r.patterns {
		w.patterns = map[patternKey]int64{}
	}
	order, rest, _ := scoreOrder(r)
	w.steps = make([]scoreStep, len(order))
	for k, c := range order {
		cmp := r.plan.Comparisons[c]
		st := scoreStep{c: c, tf: noTF, rest: rest[k], weights: make([]float64, len(cmp.Levels))}
		for o := range st.weights {
			st.weights[o] = cmp.Weight(o)
		}
		if t := r.tfLevel[c]; t >= 0 {
			st.tf = t
		}
		w.steps[k] = st
	}
	return w
}

// scoreStep is one comparison as score runs it: its index c, its level
// with a term-frequency adjustment (or noTF), the most the comparisons
// after it can add to a pair's score, and its levels' weights. An outcome
// below 0 is no level and weighs 0.
type scoreStep struct {
	c       int
	tf      int
	rest    float64
	weights []float64
}

// noTF is scoreStep.tf for a comparison without term frequencies: no
// outcome.
const noTF = math.MinInt

// chunk scores the candidate pairs of pass p of left rows [lo, hi) with
// view v and returns the matches in the order found. A pair is scored in
// the first pass that makes it a candidate: in pass p it is passed over
// when an earlier pass meets it (by the two records' own keys, wherever
// their block was scored) and, with keys that differ by side, when it is
// also found by row i's left-side key.
func (w *worker) chunk(ctx context.Context, p int, v *view, lo, hi int) ([]Match, error) {
	// What a chunk that failed left is written over.
	w.found = w.found[:0]
	floor := w.r.plan.Rule.Rule.Bands.Low
	passes := w.r.passes
	ps := passes[p]
	heldL, heldR := w.heldL, w.heldR
	for i := lo; i < hi; i++ {
		// A row can meet a block of millions of pairs: check for
		// cancellation row by row.
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// Load ahead what the rows a few places on will read: their
		// blocks' places in the lists, then the lists' rows and
		// features there, so that those trips to memory overlap with
		// this row's work instead of stalling the rows in turn.
		if i+aheadFar < hi {
			w.touched += w.touchBlocks(p, i+aheadFar)
		}
		if i+aheadNear < hi {
			w.touched += w.touchLists(p, v, i+aheadNear)
		}
		for q := range p {
			heldL[q], heldR[q] = passes[q].held(i)
		}
		byLeft, byRight := ps.spans(i)
		for side, sp := range [2]span{byLeft, byRight} {
		pairs:
			for k := sp.lo; k < sp.hi; k++ {
				j := int(sp.rows[k])
				// In a search each unordered pair is met once,
				// from its first row.
				if w.r.dedupe && j <= i {
					continue
				}
				if side == 1 && ps.meetsLeft(i, j) {
					continue
				}
				for q := range p {
					if a := heldL[q]; a != 0 && a == sp.early.byR[q][k] {
						continue pairs
					}
					if b := heldR[q]; b != 0 && b == sp.early.byL[q][k] {
						continue pairs
					}
				}
				w.passPairs[p]++
				at := j // the right row's index in v's scorers
				if v.listed {
					at = k
				}
				if err := w.score(v, i, j, i, at, p, floor); err != nil {
					return nil, err
				}
			}
		}
	}
	return w.handOver(), nil
}

// blocks scores the candidate pairs of pass p of blocks [lo, hi) with
// view v, which lists the left rows by block (v.blocks), and returns the
// matches in the order found. Block by block, each left row of the block
// meets each right row of it, both sides' features read in list order. A
// pass scored so is a link's: no pair meets by a right-side key, and a
// pair is passed over when an earlier pass meets it by the left record's
// key there and the right record's.
func (w *worker) blocks(ctx context.Context, p int, v *view, lo, hi int) ([]Match, error) {
	w.found = w.found[:0]
	floor := w.r.plan.Rule.Rule.Bands.Low
	ps, lb := w.r.passes[p], v.blocks
	byR, heldL := ps.early.byR[:p], w.heldL[:p]
	for id := lo; id < hi; id++ {
		r0, r1 := int(ps.start[id]), int(ps.start[id+1])
		for kl := int(lb.start[id]); kl < int(lb.start[id+1]); kl++ {
			// A block can hold millions of pairs: check for
			// cancellation row by row.
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			i := int(lb.rows[kl])
			for q := range heldL {
				heldL[q] = lb.held[q][kl]
			}
		pairs:
			for k := r0; k < r1; k++ {
				for q, ids := range byR {
					if a := heldL[q]; a != 0 && a == ids[k] {
						continue pairs
					}
				}
				w.passPairs[p]++
				if err := w.score(v, i, int(ps.rows[k]), kl, k, p, floor); err != nil {
					return nil, err
				}
			}
		}
	}
	return w.handOver(), nil
}

// handOver returns the chunk's matches, found, capacity ending at their
// length, and leaves found empty, its slab cut past them.
func (w *worker) handOver() []Match {
	n := len(w.found)
	if n == 0 {
		return nil
	}
	out := w.found[:n:n]
	w.found = w.found[n:n]
	return out
}

// newMatch returns a place for a match at the end of found, moving the
// chunk's matches to a new slab when found's is full. The place may hold
// what a chunk that failed left there.
func (w *worker) newMatch() *Match {
	n := len(w.found)
	if n == cap(w.found) {
		slab := make([]Match, n, max(foundMatches, 2*n))
		copy(slab, w.found)
		w.found = slab
	}
	w.found = w.found[:n+1]
	return &w.found[n]
}

// How many left rows ahead chunk loads their blocks' places in the lists
// (touchBlocks), and then the lists' rows and features (touchLists).
const (
	aheadFar  = 8
	aheadNear = 4
)

// touchBlocks loads what row i's blocks are in pass p and the passes
// before it: whether they are kept, and where pass p lists their rows.
// The result is only there to keep the loads.
func (w *worker) touchBlocks(p, i int) uint64 {
	passes := w.r.passes
	var x uint64
	for q := range p {
		pq := passes[q]
		if pq.kept[pq.idL[i]] {
			x++
		}
	}
	ps := passes[p]
	if id := ps.idL[i]; id != 0 && ps.start != nil {
		x += uint64(ps.start[id])
	}
	return x
}

// touchLists loads the first of the rows that pass p pairs row i with by
// its left-side key: the row, its keys in earlier passes and, in a view
// laid out in list order, its features.
func (w *worker) touchLists(p int, v *view, i int) uint64 {
	ps := w.r.passes[p]
	id := ps.idL[i]
	if id == 0 || ps.start == nil {
		return 0
	}
	k := ps.start[id]
	if k == ps.start[id+1] {
		return 0
	}
	x := uint64(ps.rows[k])
	for q := range p {
		x += uint64(ps.early.byR[q][k])
	}
	if v.listed {
		for _, t := range v.touchers {
			x += t.touch(int(k))
		}
	}
	return x
}

// score compares the candidate pair of rows i and j, found by pass p,
// with view v, where i is left row il and j right row at, and adds it to
// found as a match when it reaches the floor and meets the rule.
func (w *worker) score(v *view, i, j, il, at, p int, floor float64) error {
	a, b := i, j
	if w.r.dedupe && w.r.recordAfter(i, j) {
		// Within one dataset the pair is unordered: put its records in a
		// fixed order, whatever their order in the file, so that the
		// condition, the amount and the report see the same pair on every
		// run. A search's view is never listed: il is i and at is j.
		a, b, il, at = j, i, j, i
	}
	if !w.r.scopeAllows(a, b) {
		w.counts.scope++
		return nil
	}
	w.counts.compared++
	if w.patterns != nil {
		for c, s := range v.scorers {
			w.outcomes[c] = s.outcome(il, at)
		}
		w.patterns[newPatternKey(w.outcomes, p)]++
		return nil
	}
	// Comparisons run in w.steps; once what they added plus the most the
	// rest could add falls short of the floor, the pair cannot match and
	// the rest are not run. The margin covers rounding: the partial sums
	// are not the score, which is summed in the plan's order. The pair's
	// features were loaded ahead (touchLists): most pairs are told apart
	// by a comparison or two, and loading the rest would be wasted.
	partial := 0.0
	for k := range w.steps {
		st := &w.steps[k]
		o := v.scorers[st.c].outcome(il, at)
		w.outcomes[st.c] = o
		wt := 0.0
		switch {
		case o == st.tf:
			// Exact agreement: both records hold the same value.
			wt = w.r.tfL[st.c][a]
		case o >= 0:
			wt = st.weights[o]
		}
		w.weights[st.c] = wt
		partial += wt
		if partial+st.rest < floor-1e-9 {
			return nil
		}
	}
	score := 0.0
	for _, wt := range w.weights {
		score += wt
	}
	if score < floor {
		return nil
	}
	w.counts.aboveFloor++
	return w.evaluate(a, b, p, score)
}

// scoreOrder returns the order in which score runs r's comparisons and,
// for each position, the most the comparisons after it can add. The
// comparisons whose weights spread widest go first: they are the likeliest
// to show early that a pair cannot reach the floor, sparing the others'
// features a trip to memory. A comparison can add at most its largest
// level weight, 0 (missing) or, with term frequencies, its largest
// adjusted weight.
//
// always[c] says whether comparison c runs for every pair: whatever the
// comparisons before it gave, the pair could still reach the floor.
func scoreOrder(r *run) (order []int, rest []float64, always []bool) {
	n := len(r.scorers)
	lo, hi := make([]float64, n), make([]float64, n)
	for c := range n {
		cmp := r.plan.Comparisons[c]
		for o := range cmp.Levels {
			lo[c], hi[c] = min(lo[c], cmp.Weight(o)), max(hi[c], cmp.Weight(o))
		}
		if r.tfLevel[c] >= 0 {
			for _, wt := range r.tfL[c] {
				lo[c], hi[c] = min(lo[c], wt), max(hi[c], wt)
			}
		}
	}
	order = make([]int, n)
	for c := range order {
		order[c] = c
	}
	sort.SliceStable(order, func(x, y int) bool {
		return hi[order[x]]-lo[order[x]] > hi[order[y]]-lo[order[y]]
	})
	rest = make([]float64, n)
	for k := n - 2; k >= 0; k-- {
		rest[k] = rest[k+1] + hi[order[k+1]]
	}
	// A weight that is not a number leaves no bound.
	for k := range rest {
		if math.IsNaN(rest[k]) {
			rest[k] = math.Inf(1)
		}
	}
	always = make([]bool, n)
	floor, least := r.plan.Rule.Rule.Bands.Low, 0.0
	for k, c := range order {
		always[c] = true
		least += lo[c]
		if !(least+rest[k] >= floor-1e-9) {
			break
		}
	}
	return order, rest, always
}

// evaluate applies the rule's condition, amount and reason to a pair that
// reached the floor and adds it to found when it meets the condition. The
// match's ID is left to the run (setIDs).
func (w *worker) evaluate(i, j, p int, score float64) error {
	r, rule := w.r, w.r.plan.Rule
	if w.needEnv {
		w.env.Clear()
		fillEnv(w.env, rules.Left, r.left, i)
		fillEnv(w.env, rules.Right, r.right, j)
		for c, o := range w.outcomes {
			w.env.SetLevel(c, r.plan.Comparisons[c].LevelName(o))
		}
	}
	met, err := rule.Condition(w.env)
	switch {
	case errors.Is(err, rules.ErrMissingValue):
		w.counts.condMissing++
		return nil
	case err != nil:
		return fmt.Errorf("rule %s: %w", rule.Rule.ID, err)
	case !met:
		w.counts.condFailed++
		return nil
	}
	m := w.newMatch()
	*m = Match{Left: i, Right: j, Score: score, Band: rule.Rule.Bands.Band(score),
		Outcomes: w.cutOutcomes(), Weights: w.cutWeights(), Pass: p}
	if rule.HasPrior() {
		m.Probability, m.HasProbability = rule.Probability(score), true
	}
	if rule.HasAmount() {
		m.Amount, m.HasAmount, err = rule.Amount(w.env)
		if err != nil {
			return fmt.Errorf("rule %s: %w", rule.Rule.ID, err)
		}
		if !m.HasAmount {
			w.counts.amountMissing++
		}
	}
	if m.Reason, err = w.reason(m, i, j); err != nil {
		return fmt.Errorf("rule %s: %w", rule.Rule.ID, err)
	}
	return nil
}

// reason returns the rule's reason for match m of rows i and j, building
// only the data its template reads: a template that reads the evidence
// alone is run once per outcome pattern.
func (w *worker) reason(m *Match, i, j int) (string, error) {
	key, packed := packOutcomes(m.Outcomes)
	if !w.reasonUse.perMatch && packed {
		if s, ok := w.reasons[key]; ok {
			return s, nil
		}
	}
	r := w.r
	data := rules.ReasonData{Evidence: w.evidenceOf(m.Outcomes), Score: m.Score, Band: m.Band}
	if w.reasonUse.sides {
		w.left = displayMap(w.left, r.left, i)
		w.right = displayMap(w.right, r.right, j)
		data.Left, data.Right = w.left, w.right
	}
	if m.HasAmount {
		data.Amount = FormatPounds(m.Amount)
	}
	s, err := r.plan.Rule.Reason(data)
	if err == nil && !w.reasonUse.perMatch && packed {
		w.reasons[key] = s
	}
	return s, err
}

// cutOutcomes returns a copy of the pair's outcomes cut from the worker's
// slab; its capacity ends at its length, so appending to it copies.
func (w *worker) cutOutcomes() []int {
	n := len(w.outcomes)
	if len(w.outSlab) < n {
		w.outSlab = make([]int, n*slabMatches)
	}
	out := w.outSlab[:n:n]
	copy(out, w.outcomes)
	w.outSlab = w.outSlab[n:]
	return out
}

// cutWeights is cutOutcomes for the pair's weights.
func (w *worker) cutWeights() []float64 {
	n := len(w.weights)
	if len(w.weightSlab) < n {
		w.weightSlab = make([]float64, n*slabMatches)
	}
	out := w.weightSlab[:n:n]
	copy(out, w.weights)
	w.weightSlab = w.weightSlab[n:]
	return out
}

// evidenceOf returns Evidence(plan, outcomes), worked out once per
// outcome pattern: a run has few patterns and many matches.
func (w *worker) evidenceOf(outcomes []int) string {
	key, ok := packOutcomes(outcomes)
	if !ok {
		return Evidence(w.r.plan, outcomes)
	}
	ev, seen := w.evidence[key]
	if !seen {
		ev = Evidence(w.r.plan, outcomes)
		w.evidence[key] = ev
	}
	return ev
}

// packOutcomes packs up to 16 outcomes, each from -2 to 13, into one
// number; ok is false when they do not fit.
func packOutcomes(outcomes []int) (key uint64, ok bool) {
	if len(outcomes) > 16 {
		return 0, false
	}
	for c, o := range outcomes {
		if o < -2 || o > 13 {
			return 0, false
		}
		key |= uint64(o+2) << (4 * c)
	}
	return key, true
}

// recordAfter reports whether record i sorts after record j by body and
// record_id, then by row.
func (r *run) recordAfter(i, j int) bool {
	bi, bj := r.bodyL.At(i), r.bodyL.At(j)
	if bi != bj {
		return bi > bj
	}
	ri, rj := r.left.Text(r.refL, i), r.left.Text(r.refL, j)
	if ri != rj {
		return ri > rj
	}
	return i > j
}

func fillEnv(env *rules.Env, side rules.Side, t *Table, row int) {
	for c := range t.Cols {
		col := &t.Cols[c]
		if !col.Valid[row] {
			continue
		}
		switch col.Kind {
		case extract.KindDate:
			env.SetDate(side, c, int32(col.Num[row]))
		case extract.KindMoney:
			env.SetMoney(side, c, col.Num[row])
		case extract.KindInt:
			env.SetInt(side, c, col.Num[row])
		case extract.KindFlag:
			env.SetFlag(side, c, col.Num[row] != 0)
		default:
			env.SetString(side, c, col.Str.At(row))
		}
	}
}

// displayMap fills m (made when nil) with every field of row for people,
// keyed by field name, and returns it: the reason template reads it and
// keeps nothing, so a worker reuses one map per side.
func displayMap(m map[string]string, t *Table, row int) map[string]string {
	if m == nil {
		m = make(map[string]string, len(t.Cols))
	}
	m[extract.BodyField] = t.Display(0, row)
	for i, f := range t.Dataset.Fields {
		m[f.Name] = t.Display(i+1, row)
	}
	return m
}
