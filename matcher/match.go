package matcher

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"unsafe"
)

// Match is one reported pair. Left and Right index rows of the tables given
// to Engine.Run.
type Match struct {
	ID          string  // stable: the same pair gets the same id on every run
	Left, Right int     // row indices
	Score       float64 // sum of the comparisons' weights
	Band        string  // high, medium or low
	Outcomes    []int   // per comparison of the plan; see Comparison.LevelName
	// Weights are, per comparison, the weight it added to Score: its
	// level's weight, adjusted for term frequency where the level has tf.
	Weights []float64
	// Probability is the chance that the pair is one person, from the
	// score and the rule's prior; meaningful when HasProbability (the rule
	// has a model with a prior).
	Probability    float64
	HasProbability bool
	Pass           int   // index of the first blocking pass that produced the pair
	Amount         int64 // pence, signed; meaningful when HasAmount
	HasAmount      bool
	Reason         string
}

// MatchID derives a match id from the rule and both records' identities, so
// that the id survives re-runs, re-orderings and other records changing.
func MatchID(ruleID, leftDataset, leftBody, leftRef, rightDataset, rightBody, rightRef string) string {
	var buf [256]byte
	return matchID(buf[:0], ruleID, leftDataset, leftBody, leftRef, rightDataset, rightBody, rightRef)
}

// matchID is MatchID hashing the parts joined in buf, which it may grow:
// the SHA-256 of each part followed by a zero byte, its first ten bytes
// in hex.
func matchID(buf []byte, parts ...string) string {
	for _, s := range parts {
		buf = append(buf, s...)
		buf = append(buf, 0)
	}
	sum := sha256.Sum256(buf)
	var id [20]byte
	hex.Encode(id[:], sum[:10])
	return string(id[:])
}

// PassStats describes what one blocking pass produced.
type PassStats struct {
	Name          string
	Blocks        int   // blocks with records on both sides
	LargestBlock  int64 // candidate pairs in the largest block kept
	Pairs         int64 // candidate pairs this pass produced first (each pair counts once, in its first pass)
	SkippedBlocks int   // blocks over the guard, not compared
	SkippedPairs  int64 // candidate pairs in the skipped blocks
}

// Result is the outcome of one Engine.Run.
type Result struct {
	Matches []Match // by score, highest first, then by ID
	// FilteredOut counts the records of each side the rule's filters left
	// out before blocking; in a search within one dataset both count the
	// same records.
	FilteredOut [2]int
	Passes      []PassStats
	// Compared counts distinct candidate pairs scored; ScopeExcluded those
	// left out by the rule's scope.
	Compared, ScopeExcluded int64
	// AboveFloor counts pairs scoring at least the low band; of those,
	// ConditionFailed did not meet the rule's condition and ConditionMissing
	// could not be evaluated because a value it needs is missing.
	AboveFloor, ConditionFailed, ConditionMissing int64
	// AmountMissing counts matches whose amount could not be computed.
	AmountMissing int64
	// OneToOneDropped counts matches a one-to-one rule dropped because a
	// better match had taken one of their records.
	OneToOneDropped int64

	patterns map[patternKey]int64 // training runs only
}

// OneToOne keeps, for each record, only its best match: matches, sorted in
// report order (by score, then ID), are taken in order and one whose left
// or right record is already taken is dropped. rows gives a match's
// records' rows in the whole run, so that matches from several parts can
// be filtered together. It returns the kept matches, in order, and how
// many were dropped.
func OneToOne(matches []Match, rows func(*Match) (left, right int64)) (kept []Match, dropped int64) {
	left, right := map[int64]bool{}, map[int64]bool{}
	kept = matches[:0:0]
	for i := range matches {
		l, r := rows(&matches[i])
		if left[l] || right[r] {
			dropped++
			continue
		}
		left[l], right[r] = true, true
		kept = append(kept, matches[i])
	}
	return kept, dropped
}

// setIDs gives each of a run's matches its id, the MatchID of the rule,
// the datasets and both records' bodies and references. Matches are found
// in block order, their rows at random, and reading a match's four strings
// where they lie stalls on memory several times a match; here each side's
// strings are read in row order instead. By left row, the bodies and
// references of the left records are copied, each match's after the
// other's, into one buffer; by right row, each match's bytes are joined
// as matchID joins them and hashed, on up to workers goroutines. The ids
// share one string's bytes.
func (r *run) setIDs(ms []*Match, workers int) {
	n := len(ms)
	if n == 0 {
		return
	}
	rule := r.plan.Rule
	rows := make([]int32, n)
	for k := range ms {
		rows[k] = int32(ms[k].Left)
	}
	byLeft := rowOrder(rows, r.left.Len)
	lefts := make([]byte, 0, 32*n)
	at, ends := make([]int, n), make([]int, n) // match k's left bytes are lefts[at[k]:ends[k]]
	for _, k := range byLeft {
		at[k] = len(lefts)
		lefts = append(lefts, r.bodyL.At(int(rows[k]))...)
		lefts = append(lefts, 0)
		lefts = append(lefts, r.left.Text(r.refL, int(rows[k]))...)
		lefts = append(lefts, 0)
		ends[k] = len(lefts)
	}
	for k := range ms {
		rows[k] = int32(ms[k].Right)
	}
	byRight := rowOrder(rows, r.right.Len)
	ids := make([]byte, idLen*n)
	// The hashing is most of the work: workers take even stretches of
	// the right-row order, each writing its own matches' ids.
	hash := func(order []int32) {
		var buf [256]byte
		head := append(append(append(append(buf[:0], rule.Rule.ID...), 0), rule.Left.Type...), 0)
		for _, k := range order {
			j := int(rows[k])
			b := append(head, lefts[at[k]:ends[k]]...)
			b = append(append(b, rule.Right.Type...), 0)
			b = append(append(b, r.bodyR.At(j)...), 0)
			b = append(append(b, r.right.Text(r.refR, j)...), 0)
			sum := sha256.Sum256(b)
			hex.Encode(ids[idLen*int(k):], sum[:idLen/2])
		}
	}
	stretches(n, workers, func(lo, hi int) { hash(byRight[lo:hi]) })
	// ids is not written again: its bytes can be the string's.
	all := unsafe.String(&ids[0], len(ids))
	for k := range ms {
		ms[k].ID = all[idLen*k : idLen*(k+1)]
	}
}

// idLen is the length of a match id: ten bytes in hex.
const idLen = 20

// rowOrder returns the indexes of rows, each below n, in the order of
// their rows, indexes of one row in order: a counting sort.
func rowOrder(rows []int32, n int) []int32 {
	start := make([]int32, n+1)
	for _, row := range rows {
		start[row+1]++
	}
	for i := 1; i <= n; i++ {
		start[i] += start[i-1]
	}
	order := make([]int32, len(rows))
	for k, row := range rows {
		order[start[row]] = int32(k)
		start[row]++
	}
	return order
}

// stretches calls f on [lo, hi) stretches that cut [0, n) into up to
// workers even parts, each on a goroutine of its own, and waits for them.
// Stretches below minStretch items are not worth a goroutine.
func stretches(n, workers int, f func(lo, hi int)) {
	cuts := stretchCuts(n, workers)
	if len(cuts) == 2 {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	for w := range len(cuts) - 1 {
		wg.Go(func() { f(cuts[w], cuts[w+1]) })
	}
	wg.Wait()
}

// stretchCuts returns where stretches cuts [0, n): 0, the ends of its
// stretches.
func stretchCuts(n, workers int) []int {
	parts := max(1, min(workers, n/minStretch))
	cuts := make([]int, parts+1)
	for w := range cuts {
		cuts[w] = n * w / parts
	}
	return cuts
}

// minStretch is the fewest items stretches gives a goroutine; tests lower
// it to cut small runs into stretches.
var minStretch = 4096
