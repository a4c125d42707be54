package rules

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
)

// Model makes a rule a Fellegi-Sunter model. Each level's weight is
// log2(m/u): m is the chance of the level among pairs of records of one
// person, u among pairs of two people. With a prior, each match also gets
// a probability.
type Model struct {
	// Prior is the probability that two records drawn at random are one
	// person, in (0, 1). nil: taken from the parameters file.
	Prior *float64 `yaml:"prior"`
	// Parameters names a file written by `nfimatch train`, relative to the
	// rule file: every level's m and u, and a prior, fitted on data.
	Parameters string `yaml:"parameters"`
}

// tfLevels names, per comparison kind, the one level that may take a
// term-frequency adjustment: exact agreement on one value.
var tfLevels = map[string]string{"name": "exact", "text": "exact", "nino": "exact", "postcode": "full"}

// validateLevels checks the m, u, weight and tf of comparison c's levels
// (comparison i of the rule).
func (r *Rule) validateLevels(c Comparison, i int, p *Problems) {
	for j, l := range c.Levels {
		at := fmt.Sprintf("comparisons[%d].levels[%d]", i, j)
		what := fmt.Sprintf("comparison %s: level %s", c.ID, l.Level)
		switch {
		case l.M != nil && l.U == nil:
			p.Add(at+".m", "%s: m needs u too: the weight is log2(m/u)", what)
		case l.U != nil && l.M == nil:
			p.Add(at+".u", "%s: u needs m too: the weight is log2(m/u)", what)
		}
		if l.M != nil && !(*l.M > 0 && *l.M <= 1) {
			p.Add(at+".m", "%s: m %g: want a probability above 0 and at most 1", what, *l.M)
		}
		if l.U != nil && !(*l.U > 0 && *l.U < 1) {
			p.Add(at+".u", "%s: u %g: want a probability above 0 and below 1", what, *l.U)
		}
		if (l.M != nil || l.U != nil) && r.givesWeight(at, l) {
			p.Add(at+".weight", "%s: give weight or m and u, not both (the weight of m and u is log2(m/u))", what)
		}
		if l.TF {
			want, ok := tfLevels[c.Kind]
			if !ok || l.Level != want {
				p.Add(at+".tf", "%s: tf applies to exact agreement on one value: level exact of kinds name, text and nino, level full of kind postcode", what)
			}
		}
	}
}

// givesWeight reports whether level l (at path at) writes a weight, even 0.
func (r *Rule) givesWeight(at string, l Level) bool {
	_, written := r.Positions[at+".weight"]
	return l.Weight != 0 || written
}

// validateModel checks the model and one_to_one keys.
func (r *Rule) validateModel(p *Problems) {
	if r.OneToOne && r.IsSearch() {
		p.Add("one_to_one", "one_to_one: applies to a link between two datasets; a search within one reports every pair")
	}
	m := r.Model
	if m == nil {
		return
	}
	if m.Prior != nil && !(*m.Prior > 0 && *m.Prior < 1) {
		p.Add("model.prior", "model: prior %g: want a probability above 0 and below 1, e.g. 0.0001", *m.Prior)
	}
	if m.Prior == nil && m.Parameters == "" {
		p.Add("model", "model: give prior (the probability that two records drawn at random are one person), or parameters (a file written by nfimatch train)")
	}
}

// resolveModel gives every level of c.Comparisons the m, u and weight the
// run uses: from the parameters file where the model names one, else from
// the level's own m and u, else its hand weight; and sets c.Prior.
func (c *Compiled) resolveModel(p *Problems) {
	r := c.Rule
	c.Comparisons = make([]Comparison, len(r.Comparisons))
	for i, cmp := range r.Comparisons {
		cmp.Levels = slices.Clone(cmp.Levels)
		c.Comparisons[i] = cmp
	}
	if m := r.Model; m != nil {
		if m.Prior != nil {
			c.Prior = *m.Prior
		}
		if m.Parameters != "" && c.applyParameters(p) && c.Prior == 0 {
			p.Add("model", "model: the parameters file gives no prior: give model.prior")
		}
	}
	for i := range c.Comparisons {
		for j := range c.Comparisons[i].Levels {
			l := &c.Comparisons[i].Levels[j]
			if l.HasMU() && *l.M > 0 && *l.U > 0 {
				l.Weight = math.Log2(*l.M / *l.U)
			}
		}
	}
}

// applyParameters reads the model's parameters file and sets every level's
// m and u from it, and the prior when the file has one. It reports whether
// the file could be used.
func (c *Compiled) applyParameters(p *Problems) bool {
	r := c.Rule
	path := r.Model.Parameters
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(r.Source), path)
	}
	params, err := ReadParameters(path)
	if err != nil {
		p.Add("model.parameters", "model: parameters: %v", err)
		return false
	}
	if msg := params.mismatch(r); msg != "" {
		p.Add("model.parameters", "model: parameters %s: %s", path, msg)
		return false
	}
	for i, pc := range params.Comparisons {
		for j, pl := range pc.Levels {
			l := &c.Comparisons[i].Levels[j]
			m, u := pl.M, pl.U
			l.M, l.U = &m, &u
		}
	}
	if params.Prior != nil {
		c.Prior = *params.Prior
	}
	return true
}

// HasPrior reports whether the rule's model has a prior, so that matches
// get a probability.
func (c *Compiled) HasPrior() bool { return c.Prior > 0 }

// Probability turns a score in bits into the probability that the pair is
// one person: 1 / (1 + 2^-(score + log2(prior/(1-prior)))). Meaningful
// when HasPrior.
func (c *Compiled) Probability(score float64) float64 {
	return 1 / (1 + math.Exp2(-(score + math.Log2(c.Prior/(1-c.Prior)))))
}
