package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/matcher"
	"github.com/nfimatch/nfimatch/rules"
)

// Benchmark is one reference dataset: a rule, the files it reads and the
// true pairs, by record_id.
type Benchmark struct {
	Name string
	Rule string // rule file, in this folder
	// Left and Right are the input files under the data folder; Right is
	// empty for a search within Left.
	Left, Right string
	Mapping     string // mapping file in this folder, or ""
	// Truth returns the true pairs, each as left and right record_id (for
	// a search, in either order).
	Truth func(dataDir string, left, right *matcher.Table) (map[[2]string]bool, error)
}

// Scores are a benchmark's figures, each a share in [0, 1].
type Scores struct {
	Precision, Recall, F1 float64
	// BlockingRecall is the share of true pairs that some blocking pass
	// makes a candidate: the recall no scoring can exceed.
	BlockingRecall float64
	Matches, True  int
}

// Line formats the scores as make accuracy prints them.
func (s Scores) Line(name string) string {
	return fmt.Sprintf("%s precision=%.4f recall=%.4f f1=%.4f blocking_recall=%.4f", name, s.Precision, s.Recall, s.F1, s.BlockingRecall)
}

// Run loads the benchmark's files, matches them with its rule and scores
// the matches against the truth. ruleDir holds the rule and mapping files,
// dataDir the reference data.
func (b Benchmark) Run(ctx context.Context, ruleDir, dataDir string) (Scores, error) {
	r, err := rules.Load(filepath.Join(ruleDir, b.Rule))
	if err != nil {
		return Scores{}, err
	}
	plan, err := matcher.CompileRule(r)
	if err != nil {
		return Scores{}, err
	}
	var mf *extract.MappingFile
	if b.Mapping != "" {
		if mf, err = extract.LoadMapping(filepath.Join(ruleDir, b.Mapping)); err != nil {
			return Scores{}, err
		}
	}
	left, err := load(ctx, filepath.Join(dataDir, b.Left), plan.Rule.Left, mf)
	if err != nil {
		return Scores{}, err
	}
	right := left
	if b.Right != "" {
		if right, err = load(ctx, filepath.Join(dataDir, b.Right), plan.Rule.Right, mf); err != nil {
			return Scores{}, err
		}
	}
	truth, err := b.Truth(dataDir, left, right)
	if err != nil {
		return Scores{}, err
	}
	eng, err := matcher.New(matcher.DefaultConfig())
	if err != nil {
		return Scores{}, err
	}
	res, err := eng.Run(ctx, plan, left, right)
	if err != nil {
		return Scores{}, err
	}
	search := b.Right == ""
	lref, rref := left.Col("record_id"), right.Col("record_id")
	found := 0
	for _, m := range res.Matches {
		if isTrue(truth, left.Text(lref, m.Left), right.Text(rref, m.Right), search) {
			found++
		}
	}
	s := Scores{Matches: len(res.Matches), True: len(truth)}
	if s.Matches > 0 {
		s.Precision = float64(found) / float64(s.Matches)
	}
	if s.True > 0 {
		s.Recall = float64(found) / float64(s.True)
		s.BlockingRecall = float64(blocked(plan, left, right, truth, search, matcher.DefaultConfig().MaxBlockPairs)) / float64(s.True)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s, nil
}

func isTrue(truth map[[2]string]bool, a, b string, search bool) bool {
	return truth[[2]string{a, b}] || (search && truth[[2]string{b, a}])
}

// load reads a delimited file of dataset ds into a table.
func load(ctx context.Context, path string, ds *extract.Dataset, mf *extract.MappingFile) (*matcher.Table, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	in, err := extract.OpenInput(ctx, extract.InputSpec{Path: path, Mapping: mf}, ds, "benchmark", extract.DefaultReaderConfig(), nil)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	t, err := matcher.NewTable(ctx, ds, in)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", filepath.Base(path), err)
	}
	return t, nil
}

// blocked counts the true pairs that share every key of some blocking
// pass, in a block the engine's oversized-block guard (maxPairs) keeps. It
// applies the rule's keys itself, as the engine does, so that the figure
// does not depend on how blocks are built.
func blocked(plan *matcher.Plan, left, right *matcher.Table, truth map[[2]string]bool, search bool, maxPairs int64) int {
	rowL, rowR := rows(left), rows(right)
	type pairRows struct{ l, r int }
	var pairs []pairRows
	for p := range truth {
		l, okL := rowL[p[0]]
		r, okR := rowR[p[1]]
		if okL && okR {
			pairs = append(pairs, pairRows{l, r})
		}
	}
	hit := make([]bool, len(pairs))
	for _, pk := range plan.Rule.Passes {
		kl, kr := passKeys(left, pk.Left), passKeys(right, pk.Right)
		size := map[string][2]int64{}
		for _, k := range kl {
			c := size[k]
			c[0]++
			size[k] = c
		}
		for _, k := range kr {
			c := size[k]
			c[1]++
			size[k] = c
		}
		kept := func(k string) bool {
			c := size[k]
			n := c[0] * c[1]
			if search {
				n = c[0] * (c[0] - 1) / 2
			}
			return maxPairs == 0 || n <= maxPairs
		}
		for i, p := range pairs {
			if hit[i] {
				continue
			}
			if k := kl[p.l]; k != "" && k == kr[p.r] && kept(k) {
				hit[i] = true
			} else if search {
				// Keys that differ by side meet either way round.
				if k := kl[p.r]; k != "" && k == kr[p.l] && kept(k) {
					hit[i] = true
				}
			}
		}
	}
	n := 0
	for _, h := range hit {
		if h {
			n++
		}
	}
	return n
}

// passKeys returns each row's composite key for one side of a pass, ""
// when a part is missing.
func passKeys(t *matcher.Table, keys []rules.Key) []string {
	out := make([]string, t.Len)
	for r := range out {
		key := ""
		for i, k := range keys {
			vals := make([]string, len(k.Fields))
			for f, name := range k.Fields {
				vals[f] = t.Text(t.Col(name), r)
			}
			v := k.Apply(vals...)
			if v == "" {
				key = ""
				break
			}
			if i > 0 {
				key += "\x1f"
			}
			key += v
		}
		out[r] = key
	}
	return out
}

// rows maps each record_id of t to its row.
func rows(t *matcher.Table) map[string]int {
	ref := t.Col("record_id")
	out := make(map[string]int, t.Len)
	for r := 0; r < t.Len; r++ {
		out[t.Text(ref, r)] = r
	}
	return out
}
