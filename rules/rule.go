package rules

import (
	"errors"
	"fmt"
	"strings"
)

// Version is the rule language version this package reads.
const Version = 1

// ErrInvalidRule is wrapped by every error that reports a problem in a rule.
var ErrInvalidRule = errors.New("invalid rule")

// Rule is one match type: what to compare, how to score it and what a match
// means in money.
type Rule struct {
	Version     int          `yaml:"version"`
	ID          string       `yaml:"id"`
	Title       string       `yaml:"title"`
	Description string       `yaml:"description"`
	Left        string       `yaml:"left"`  // dataset type on the left of each pair
	Right       string       `yaml:"right"` // dataset type on the right
	Scope       Scope        `yaml:"scope"`
	Blocking    []Pass       `yaml:"blocking"`
	Comparisons []Comparison `yaml:"comparisons"`
	Bands       Bands        `yaml:"bands"`
	// Condition must hold for a scored pair to be reported, e.g.
	// "left.date_last_paid > right.date_of_death". Empty means always.
	Condition string `yaml:"condition"`
	// Amount is the signed money formula in pounds: over-payment positive,
	// under-payment negative. Empty means the report carries no money.
	Amount string `yaml:"amount"`
	// Reason is a text/template that explains a match in words.
	Reason string `yaml:"reason"`

	// Source names where the rule was read from, for messages.
	Source string `yaml:"-"`
	// SHA256 is the hex SHA-256 of the rule's text, for the run manifest.
	SHA256 string `yaml:"-"`
}

// Scope restricts which pairs of bodies a rule compares.
type Scope string

// Scopes.
const (
	ScopeAny          Scope = "any"           // every pair of records
	ScopeAcrossBodies Scope = "across_bodies" // only records from different bodies
	ScopeWithinBody   Scope = "within_body"   // only records from the same body
)

// Pass is one blocking pass: records whose keys are all equal become
// candidate pairs.
type Pass struct {
	Name string   `yaml:"name"`
	Keys []string `yaml:"keys"`
}

// Comparison compares one field (or a few address lines) of both records and
// turns the outcome into a level and a weight.
type Comparison struct {
	ID     string   `yaml:"id"`
	Label  string   `yaml:"label"` // words for reports, e.g. "date of birth"
	Kind   string   `yaml:"kind"`  // name, date, nino, postcode, address, text
	Fields []string `yaml:"fields"`
	// SwapWith names the field the compared one may have been swapped with
	// (forenames and surname), for the "swapped" level.
	SwapWith string  `yaml:"swap_with"`
	Levels   []Level `yaml:"levels"`
}

// Level is one outcome of a comparison. Levels are tried in order and the
// first that holds gives the pair its weight; "missing" applies when either
// value is absent and "else" when no other level holds.
type Level struct {
	Level  string  `yaml:"level"`
	Min    float64 `yaml:"min"`  // similarity threshold in [0,1], for similarity levels
	Days   int     `yaml:"days"` // tolerance in days, for within_days
	Weight float64 `yaml:"weight"`
}

// Bands are score thresholds. A pair scoring at least High is high, at least
// Medium is medium, at least Low is low; below Low it is not reported.
type Bands struct {
	High   float64 `yaml:"high"`
	Medium float64 `yaml:"medium"`
	Low    float64 `yaml:"low"`
}

// Band returns the band name of score, or "" below the floor.
func (b Bands) Band(score float64) string {
	switch {
	case score >= b.High:
		return "high"
	case score >= b.Medium:
		return "medium"
	case score >= b.Low:
		return "low"
	}
	return ""
}

// Validate checks the rule's structure: required keys, known scope, bands in
// order, unique ids, levels present. It does not look at datasets; Compile
// does. Every problem is listed, one per line.
func (r *Rule) Validate() error {
	var probs []string
	add := func(format string, a ...any) { probs = append(probs, fmt.Sprintf(format, a...)) }
	if r.Version != Version {
		add("version: got %d, this nfimatch reads version %d", r.Version, Version)
	}
	if r.ID == "" {
		add("id: required")
	}
	if r.Left == "" {
		add("left: required (a dataset type)")
	}
	if r.Right == "" {
		add("right: required (a dataset type)")
	}
	switch r.Scope {
	case "", ScopeAny, ScopeAcrossBodies, ScopeWithinBody:
	default:
		add("scope: %q is not one of any, across_bodies, within_body", r.Scope)
	}
	if len(r.Blocking) == 0 {
		add("blocking: at least one pass is required")
	}
	passes := map[string]bool{}
	for i, p := range r.Blocking {
		if p.Name == "" || passes[p.Name] {
			add("blocking[%d]: name %q must be given and unique", i, p.Name)
		}
		passes[p.Name] = true
		if len(p.Keys) == 0 {
			add("blocking %s: keys: at least one key is required", p.Name)
		}
	}
	if len(r.Comparisons) == 0 {
		add("comparisons: at least one is required")
	}
	ids := map[string]bool{}
	for i, c := range r.Comparisons {
		if c.ID == "" || ids[c.ID] {
			add("comparisons[%d]: id %q must be given and unique", i, c.ID)
		}
		ids[c.ID] = true
		if len(c.Fields) == 0 {
			add("comparison %s: fields: at least one field is required", c.ID)
		}
		if len(c.Levels) == 0 {
			add("comparison %s: levels: at least one level is required", c.ID)
		}
		for j, l := range c.Levels {
			if l.Level == "else" && j != len(c.Levels)-1 {
				add("comparison %s: level else must come last", c.ID)
			}
		}
	}
	if !(r.Bands.High >= r.Bands.Medium && r.Bands.Medium >= r.Bands.Low) {
		add("bands: need high >= medium >= low, got %g, %g, %g", r.Bands.High, r.Bands.Medium, r.Bands.Low)
	}
	if len(probs) == 0 {
		return nil
	}
	return fmt.Errorf("%w %s:\n  %s", ErrInvalidRule, r.Source, strings.Join(probs, "\n  "))
}

// EffectiveScope returns the scope, defaulting to any.
func (r *Rule) EffectiveScope() Scope {
	if r.Scope == "" {
		return ScopeAny
	}
	return r.Scope
}
