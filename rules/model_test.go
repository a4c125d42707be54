package rules

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// modelRule is a rule with a model and m/u levels that tests change one
// thing at a time.
const modelRule = `version: 1
id: model-rule
left: pensions
right: deceased
model:
  prior: 0.001
blocking:
  - name: ni
    keys: [ni_number]
comparisons:
  - id: surname
    kind: name
    fields: [surname]
    levels:
      - {level: exact, m: 0.9, u: 0.01, tf: true}
      - {level: jaro_winkler, min: 0.9, m: 0.05, u: 0.04}
      - {level: else, m: 0.05, u: 0.95}
  - id: date_of_birth
    kind: date
    fields: [date_of_birth]
    levels:
      - {level: exact, weight: 7}
      - {level: missing}
      - {level: else, weight: -6}
bands: {high: 10, medium: 5, low: 2}
`

func TestModelWeights(t *testing.T) {
	r, err := Parse([]byte(modelRule), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compile(r)
	if err != nil {
		t.Fatal(err)
	}
	if c.Prior != 0.001 || !c.HasPrior() {
		t.Errorf("Prior = %g, want 0.001", c.Prior)
	}
	want := [][]float64{{math.Log2(0.9 / 0.01), math.Log2(0.05 / 0.04), math.Log2(0.05 / 0.95)}, {7, 0, -6}}
	for i, cmp := range c.Comparisons {
		for j, l := range cmp.Levels {
			if math.Abs(l.Weight-want[i][j]) > 1e-12 {
				t.Errorf("comparison %s level %s: weight %g, want %g", cmp.ID, l.Level, l.Weight, want[i][j])
			}
		}
	}
	if r.Comparisons[0].Levels[0].Weight != 0 {
		t.Error("Compile changed the rule's own levels; it should resolve weights in a copy")
	}
	// Probability: a score equal to the prior's negative log-odds is even.
	even := -math.Log2(0.001 / 0.999)
	if p := c.Probability(even); math.Abs(p-0.5) > 1e-12 {
		t.Errorf("Probability(%g) = %g, want 0.5", even, p)
	}
	if p := c.Probability(even + 10); math.Abs(p-1024.0/1025) > 1e-12 {
		t.Errorf("Probability(%g) = %g, want 1024/1025", even+10, p)
	}
}

func TestModelRejects(t *testing.T) {
	exact := "{level: exact, m: 0.9, u: 0.01, tf: true}"
	tests := []struct {
		name, old, new string
		want           []string
	}{
		{"weight and m/u", exact, "{level: exact, m: 0.9, u: 0.01, weight: 6}", []string{"test.yaml:15:", "give weight or m and u, not both"}},
		{"weight 0 and m/u", exact, "{level: exact, m: 0.9, u: 0.01, weight: 0}", []string{"give weight or m and u, not both"}},
		{"m alone", exact, "{level: exact, m: 0.9}", []string{"test.yaml:15:27: ", "m needs u too"}},
		{"u alone", exact, "{level: exact, u: 0.01}", []string{"u needs m too"}},
		{"u of 1", exact, "{level: exact, m: 0.9, u: 1}", []string{"u 1: want a probability above 0 and below 1"}},
		{"m of 0", exact, "{level: exact, m: 0, u: 0.5}", []string{"m 0: want a probability above 0 and at most 1"}},
		{"tf on a similarity", "{level: jaro_winkler, min: 0.9, m: 0.05, u: 0.04}", "{level: jaro_winkler, min: 0.9, m: 0.05, u: 0.04, tf: true}", []string{"test.yaml:16:", "tf applies to exact agreement"}},
		{"tf on a date", "{level: exact, weight: 7}", "{level: exact, weight: 7, tf: true}", []string{"level exact: tf applies"}},
		{"prior of 1", "prior: 0.001", "prior: 1", []string{"test.yaml:6:10: ", "prior 1: want a probability"}},
		{"model without prior", "  prior: 0.001\n", "  parameters: \"\"\n", []string{"test.yaml:6:3: ", "model: give prior"}},
		{"one_to_one in a search", "right: deceased\n", "one_to_one: true\n", []string{"one_to_one: applies to a link"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := strings.Replace(modelRule, tt.old, tt.new, 1)
			if text == modelRule {
				t.Fatalf("%q is not in the rule", tt.old)
			}
			r, err := Decode([]byte(text), "test.yaml")
			if err == nil {
				_, err = Compile(r)
			}
			if err == nil {
				t.Fatal("the rule was accepted")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// trainedFor returns parameters that fit modelRule.
func trainedFor(r *Rule) *Parameters {
	prior := 0.002
	ps := &Parameters{Rule: r.ID, ComparisonsSHA256: ComparisonsHash(r.Comparisons), Prior: &prior,
		RandomPairs: 1000, BlockedPairs: 50, Iterations: 7, Converged: true, Trained: "2026-01-02"}
	for _, c := range r.Comparisons {
		pc := ComparisonParameters{ID: c.ID}
		for k, l := range c.Levels {
			pc.Levels = append(pc.Levels, LevelParameters{Level: l.Level, M: 0.5 / float64(k+1), U: 0.1 * float64(k+1)})
		}
		ps.Comparisons = append(ps.Comparisons, pc)
	}
	return ps
}

func TestModelParametersFile(t *testing.T) {
	dir := t.TempDir()
	ruleText := strings.Replace(modelRule, "  prior: 0.001\n", "  parameters: trained.yaml\n", 1)
	base, err := Parse([]byte(ruleText), filepath.Join(dir, "rule.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(ps *Parameters) {
		t.Helper()
		if err := ps.Write(filepath.Join(dir, "trained.yaml")); err != nil {
			t.Fatal(err)
		}
	}
	compile := func(text string) (*Compiled, error) {
		r, err := Parse([]byte(text), filepath.Join(dir, "rule.yaml"))
		if err != nil {
			return nil, err
		}
		return Compile(r)
	}

	write(trainedFor(base))
	c, err := compile(ruleText)
	if err != nil {
		t.Fatal(err)
	}
	if c.Prior != 0.002 {
		t.Errorf("Prior = %g, want the file's 0.002", c.Prior)
	}
	// The file replaces the hand weights of date_of_birth and the m/u of
	// surname: level k has m 0.5/(k+1) and u 0.1(k+1).
	for _, cmp := range c.Comparisons {
		for k, l := range cmp.Levels {
			want := math.Log2((0.5 / float64(k+1)) / (0.1 * float64(k+1)))
			if math.Abs(l.Weight-want) > 1e-12 {
				t.Errorf("comparison %s level %s: weight %g, want %g", cmp.ID, l.Level, l.Weight, want)
			}
		}
	}

	tests := []struct {
		name   string
		change func(ps *Parameters)
		rule   string // the rule text, when not ruleText
		want   string
	}{
		{"another rule", func(ps *Parameters) { ps.Rule = "other-rule" }, "", "fitted for rule other-rule, not model-rule"},
		{"a comparison missing", func(ps *Parameters) { ps.Comparisons = ps.Comparisons[:1] }, "", "the file has comparisons surname, the rule surname, date_of_birth"},
		{"a level renamed", func(ps *Parameters) { ps.Comparisons[1].Levels[0].Level = "year" }, "", "comparison date_of_birth: the file has levels year, missing, else, the rule exact, missing, else"},
		{"a setting changed", func(*Parameters) {}, strings.Replace(ruleText, "min: 0.9", "min: 0.85", 1), "comparisons changed since training"},
		{"u of 0", func(ps *Parameters) { ps.Comparisons[0].Levels[2].U = 0 }, "", "trained.yaml:"},
		{"no prior anywhere", func(ps *Parameters) { ps.Prior = nil }, "", "the parameters file gives no prior"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := trainedFor(base)
			tt.change(ps)
			write(ps)
			text := ruleText
			if tt.rule != "" {
				text = tt.rule
			}
			_, err := compile(text)
			if err == nil {
				t.Fatal("the rule was accepted")
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "rule.yaml:6:") {
				t.Errorf("error %q does not mention %q at model.parameters (rule.yaml:6)", err, tt.want)
			}
		})
	}

	t.Run("missing file", func(t *testing.T) {
		if err := os.Remove(filepath.Join(dir, "trained.yaml")); err != nil {
			t.Fatal(err)
		}
		if _, err := compile(ruleText); err == nil || !strings.Contains(err.Error(), "trained.yaml") {
			t.Errorf("error %v, want one naming the missing file", err)
		}
	})
}
