package rules

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/nfimatch/nfimatch/internal/yamlcheck"
	"gopkg.in/yaml.v3"
)

// Parameters are a rule's fitted model, as `nfimatch train` writes them: a
// prior and every level's m and u. A rule uses them through
// model.parameters.
type Parameters struct {
	Rule string `yaml:"rule"` // the rule id they were fitted for
	// ComparisonsSHA256 is ComparisonsHash of the rule's comparisons when
	// trained: a changed field or level setting makes the file stale.
	ComparisonsSHA256 string `yaml:"comparisons_sha256"`
	// Prior is the probability that two records drawn at random are one
	// person.
	Prior *float64 `yaml:"prior"`
	// RandomPairs is the number of random record pairs u was counted on;
	// BlockedPairs the number of candidate pairs m and the prior were
	// fitted on.
	RandomPairs  int64 `yaml:"random_pairs"`
	BlockedPairs int64 `yaml:"blocked_pairs"`
	// Iterations of expectation maximisation, and whether it converged
	// (no m or prior moved by more than its tolerance) before the limit.
	Iterations  int                    `yaml:"iterations"`
	Converged   bool                   `yaml:"converged"`
	Trained     string                 `yaml:"trained"` // the date, YYYY-MM-DD
	Comparisons []ComparisonParameters `yaml:"comparisons"`
}

// ComparisonParameters are one comparison's levels, in rule order.
type ComparisonParameters struct {
	ID     string            `yaml:"id"`
	Levels []LevelParameters `yaml:"levels"`
	// Note says when m could not be fitted as usual, e.g. because every
	// blocking pass keys on the comparison's fields.
	Note string `yaml:"note,omitempty"`
}

// LevelParameters are one level's probabilities.
type LevelParameters struct {
	Level string  `yaml:"level"`
	M     float64 `yaml:"m"`
	U     float64 `yaml:"u"`
}

// ReadParameters reads a parameters file, checking its keys and that every
// m and u is a probability. Problems are reported with file:line:col.
func ReadParameters(path string) (*Parameters, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var ps Parameters
	pos, err := yamlcheck.Decode(path, data, &ps)
	if err != nil {
		return nil, err
	}
	var probs []string
	add := func(at, format string, a ...any) {
		probs = append(probs, pos.At(path, at)+": "+fmt.Sprintf(format, a...))
	}
	if ps.Rule == "" {
		add("", "rule: required (the rule id the parameters were fitted for)")
	}
	if ps.Prior != nil && !(*ps.Prior > 0 && *ps.Prior < 1) {
		add("prior", "prior %g: want a probability above 0 and below 1", *ps.Prior)
	}
	for i, c := range ps.Comparisons {
		for j, l := range c.Levels {
			at := fmt.Sprintf("comparisons[%d].levels[%d]", i, j)
			if !(l.M > 0 && l.M <= 1) {
				add(at+".m", "comparison %s: level %s: m %g: want a probability above 0 and at most 1", c.ID, l.Level, l.M)
			}
			if !(l.U > 0 && l.U < 1) {
				add(at+".u", "comparison %s: level %s: u %g: want a probability above 0 and below 1", c.ID, l.Level, l.U)
			}
		}
	}
	if len(probs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(probs, "; "))
	}
	return &ps, nil
}

// Write writes the parameters to path as YAML, with a comment saying what
// made them.
func (ps *Parameters) Write(path string) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Fellegi-Sunter parameters of rule %s, written by nfimatch train.\n", ps.Rule)
	b.WriteString("# A rule uses them with model: {parameters: FILE}. Each level's weight is log2(m/u).\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(ps); err != nil {
		return fmt.Errorf("write parameters: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("write parameters: %w", err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write parameters: %w", err)
	}
	return nil
}

// mismatch says how the parameters do not fit rule r, or "" when they do:
// the rule id, the comparisons and their levels must be the ones trained.
func (ps *Parameters) mismatch(r *Rule) string {
	if ps.Rule != r.ID {
		return fmt.Sprintf("fitted for rule %s, not %s", ps.Rule, r.ID)
	}
	var have, want []string
	for _, c := range ps.Comparisons {
		have = append(have, c.ID)
	}
	for _, c := range r.Comparisons {
		want = append(want, c.ID)
	}
	if !slices.Equal(have, want) {
		return fmt.Sprintf("the file has comparisons %s, the rule %s: train the rule again", strings.Join(have, ", "), strings.Join(want, ", "))
	}
	for i, c := range r.Comparisons {
		have, want = have[:0], want[:0]
		for _, l := range ps.Comparisons[i].Levels {
			have = append(have, l.Level)
		}
		for _, l := range c.Levels {
			want = append(want, l.Level)
		}
		if !slices.Equal(have, want) {
			return fmt.Sprintf("comparison %s: the file has levels %s, the rule %s: train the rule again", c.ID, strings.Join(have, ", "), strings.Join(want, ", "))
		}
	}
	if ps.ComparisonsSHA256 != ComparisonsHash(r.Comparisons) {
		return "the rule's comparisons changed since training (a field, a kind or a level's setting such as min or days): train the rule again"
	}
	return ""
}

// ComparisonsHash is the hex SHA-256 of what decides a rule's outcomes:
// each comparison's id, kind, fields and levels with their settings, but
// not their weights, m, u or tf.
func ComparisonsHash(cs []Comparison) string {
	h := sha256.New()
	for _, c := range cs {
		fmt.Fprintf(h, "%q %q %q %q %q %q\n", c.ID, c.Kind, c.Fields, c.LeftFields, c.RightFields, c.SwapWith)
		for _, l := range c.Levels {
			fmt.Fprintf(h, "  %q %g %d %d %g %g\n", l.Level, l.Min, l.Days, l.Max, l.Tolerance, l.Percent)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}
