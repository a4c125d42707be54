package rules

import (
	"errors"
	"fmt"
	"slices"

	"github.com/nfimatch/nfimatch/internal/yamlcheck"
	"gopkg.in/yaml.v3"
)

// Version is the rule language version this package reads.
const Version = 1

// ErrInvalidRule is wrapped by every error that reports a problem in a rule.
var ErrInvalidRule = errors.New("invalid rule")

// Rule is one match type: what to compare, how to score it and what a match
// means in money.
type Rule struct {
	Version     int    `yaml:"version"`
	ID          string `yaml:"id"`
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	Left        string `yaml:"left"` // dataset type on the left of each pair
	// Right is the dataset type on the right of each pair; empty for a
	// search within the left dataset, which compares each unordered pair
	// of its records once.
	Right       string       `yaml:"right"`
	Scope       Scope        `yaml:"scope"`
	Filters     Filters      `yaml:"filters"`
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
	// Output lists the fields of each side the report carries; empty
	// lists mean every field.
	Output Output `yaml:"output"`
	// Model makes the rule a Fellegi-Sunter model: a prior, and levels'
	// m and u from the rule or from a parameters file written by
	// `nfimatch train`. nil: hand weights, no match probability.
	Model *Model `yaml:"model"`
	// OneToOne keeps, in a link, only each record's best match.
	OneToOne bool `yaml:"one_to_one"`

	// Source names where the rule was read from, for messages.
	Source string `yaml:"-"`
	// SHA256 is the hex SHA-256 of the rule's text, for the run manifest.
	SHA256 string `yaml:"-"`
	// Positions gives the line and column of each value in the rule's
	// file; nil for a rule built in code.
	Positions yamlcheck.Positions `yaml:"-"`
}

// Scope restricts which pairs of bodies a rule compares.
type Scope string

// Scopes.
const (
	ScopeAny          Scope = "any"           // every pair of records
	ScopeAcrossBodies Scope = "across_bodies" // only records from different bodies
	ScopeWithinBody   Scope = "within_body"   // only records from the same body
)

// Filters are expressions over one record that decide, before blocking,
// whether it takes part: a single person discount rule looks only at
// accounts with the discount. Left refers to left.*, Right to right.*; in
// a search within one dataset Left applies to every record and Right must
// be empty.
type Filters struct {
	Left  string `yaml:"left"`
	Right string `yaml:"right"`
}

// Output lists the fields of each side a report carries.
type Output struct {
	Left  []string `yaml:"left"`
	Right []string `yaml:"right"`
}

// Pass is one blocking pass: records whose keys are all equal become
// candidate pairs.
type Pass struct {
	Name string    `yaml:"name"`
	Keys []KeySpec `yaml:"keys"`
}

// KeySpec is one key of a blocking pass as written: one key expression for
// both sides ("metaphone(surname)"), or one per side
// ({left: metaphone(partner_surname), right: metaphone(surname)}).
type KeySpec struct {
	Left  string `yaml:"left"`
	Right string `yaml:"right"`
	// Both is set when one expression was written for both sides.
	Both bool `yaml:"-"`
}

// ShortForm marks KeySpec as writable as a plain key expression.
func (KeySpec) ShortForm() {}

// UnmarshalYAML reads either form.
func (k *KeySpec) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*k = KeySpec{Left: n.Value, Right: n.Value, Both: true}
		return nil
	}
	type plain KeySpec
	return n.Decode((*plain)(k))
}

// MarshalYAML writes the short form when one expression serves both sides.
func (k KeySpec) MarshalYAML() (any, error) {
	if k.Both || k.Left == k.Right {
		return k.Left, nil
	}
	type plain KeySpec
	return plain(k), nil
}

// BothSides returns a key written once for both sides.
func BothSides(expr string) KeySpec { return KeySpec{Left: expr, Right: expr, Both: true} }

// Comparison compares one field (or a few address lines) of both records and
// turns the outcome into a level and a weight.
type Comparison struct {
	ID    string `yaml:"id"`
	Label string `yaml:"label"` // words for reports, e.g. "date of birth"
	Kind  string `yaml:"kind"`  // name, date, nino, postcode, address, text, money, invoice, bank
	// Fields are compared on both sides; LeftFields and RightFields
	// instead name different fields on each side.
	Fields      []string `yaml:"fields"`
	LeftFields  []string `yaml:"left_fields"`
	RightFields []string `yaml:"right_fields"`
	// SwapWith names the field the compared one may have been swapped with
	// (forenames and surname), for the "swapped" level.
	SwapWith string  `yaml:"swap_with"`
	Levels   []Level `yaml:"levels"`
}

// SideFields returns the fields compared on each side.
func (c *Comparison) SideFields() (left, right []string) {
	if len(c.Fields) > 0 {
		return c.Fields, c.Fields
	}
	return c.LeftFields, c.RightFields
}

// Level is one outcome of a comparison. Levels are tried in order and the
// first that holds gives the pair its weight; "missing" applies when either
// value is absent and "else" when no other level holds.
type Level struct {
	Level     string  `yaml:"level"`
	Min       float64 `yaml:"min"`       // similarity threshold in [0,1], for similarity levels
	Days      int     `yaml:"days"`      // tolerance in days, for within_days
	Max       int     `yaml:"max"`       // most edits allowed, for edit_distance
	Tolerance float64 `yaml:"tolerance"` // pounds either way, for within
	Percent   float64 `yaml:"percent"`   // percent of the larger amount, for percent
	Weight    float64 `yaml:"weight"`
	// M and U are the probabilities of the level among pairs of one
	// person and among pairs of two people; when given the weight is
	// log2(M/U). nil when not given.
	M *float64 `yaml:"m"`
	U *float64 `yaml:"u"`
	// TF adjusts the weight of exact agreement by how common the agreed
	// value is: a rare surname counts for more than SMITH.
	TF bool `yaml:"tf"`
}

// HasMU reports whether the level gives both m and u.
func (l *Level) HasMU() bool { return l.M != nil && l.U != nil }

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

// IsSearch reports whether the rule searches within one dataset rather
// than linking two.
func (r *Rule) IsSearch() bool { return r.Right == "" }

// RightType returns the dataset type of the right side: the left type for
// a search.
func (r *Rule) RightType() string {
	if r.IsSearch() {
		return r.Left
	}
	return r.Right
}

// Validate checks the rule's structure: required keys, known scope, bands in
// order, unique ids, levels present. It does not look at datasets; Compile
// does. Every problem is listed, one per line, with its place in the file.
func (r *Rule) Validate() error {
	p := NewProblems(r)
	r.validate(p)
	return p.Err()
}

func (r *Rule) validate(p *Problems) {
	if r.Version != Version {
		p.Add("version", "version: got %d, this nfimatch reads version %d", r.Version, Version)
	}
	if r.ID == "" {
		p.Add("id", "id: required")
	} else if !plainID(r.ID) {
		p.Add("id", "id %q: use lower-case letters, digits, '-' and '_' only", r.ID)
	}
	if r.Left == "" {
		p.Add("left", "left: required (a dataset type)")
	}
	switch r.Scope {
	case "", ScopeAny, ScopeAcrossBodies, ScopeWithinBody:
	default:
		p.Add("scope", "scope: %q is not one of any, across_bodies, within_body", r.Scope)
	}
	if r.IsSearch() && r.Filters.Right != "" {
		p.Add("filters.right", "filters.right: a search within one dataset has one filter, filters.left, for every record")
	}
	if r.IsSearch() && len(r.Output.Right) > 0 && len(r.Output.Left) > 0 && !slices.Equal(r.Output.Left, r.Output.Right) {
		p.Add("output.right", "output.right: a search within one dataset writes the same fields for both records; give output.left only")
	}
	if len(r.Blocking) == 0 {
		p.Add("blocking", "blocking: at least one pass is required")
	}
	passes := map[string]bool{}
	for i, ps := range r.Blocking {
		at := fmt.Sprintf("blocking[%d]", i)
		if ps.Name == "" || passes[ps.Name] {
			p.Add(at+".name", "blocking pass %d: name %q must be given and unique", i+1, ps.Name)
		}
		passes[ps.Name] = true
		if len(ps.Keys) == 0 {
			p.Add(at+".keys", "blocking pass %s: keys: a pass with no keys would compare every record with every other; give at least one key", ps.Name)
		}
		for j, k := range ps.Keys {
			switch {
			case !k.Both && (k.Left == "" || k.Right == ""):
				p.Add(fmt.Sprintf("%s.keys[%d]", at, j), "blocking pass %s: key %d: give both left and right, or one key for both sides", ps.Name, j+1)
			}
		}
	}
	if len(r.Comparisons) == 0 {
		p.Add("comparisons", "comparisons: at least one is required")
	}
	ids := map[string]bool{}
	for i, c := range r.Comparisons {
		at := fmt.Sprintf("comparisons[%d]", i)
		if c.ID == "" || ids[c.ID] {
			p.Add(at+".id", "comparison %d: id %q must be given and unique", i+1, c.ID)
		} else if !isIdent(c.ID) {
			p.Add(at+".id", "comparison id %q: use lower-case letters, digits and '_' only (conditions refer to it as level.%s)", c.ID, c.ID)
		}
		ids[c.ID] = true
		switch {
		case len(c.Fields) > 0 && (len(c.LeftFields) > 0 || len(c.RightFields) > 0):
			p.Add(at+".fields", "comparison %s: give fields (the same on both sides) or left_fields and right_fields, not both", c.ID)
		case len(c.Fields) == 0 && len(c.LeftFields) == 0 && len(c.RightFields) == 0:
			p.Add(at, "comparison %s: fields: at least one field is required", c.ID)
		case len(c.Fields) == 0 && len(c.LeftFields) != len(c.RightFields):
			p.Add(at+".left_fields", "comparison %s: left_fields and right_fields must name as many fields each, got %d and %d", c.ID, len(c.LeftFields), len(c.RightFields))
		}
		if r.IsSearch() && (len(c.LeftFields) > 0 || len(c.RightFields) > 0) {
			p.Add(at+".left_fields", "comparison %s: a search within one dataset compares the same fields of both records: give fields, not left_fields and right_fields", c.ID)
		}
		if len(c.Levels) == 0 {
			p.Add(at+".levels", "comparison %s: levels: at least one level is required", c.ID)
		}
		for j, l := range c.Levels {
			if l.Level == "else" && j != len(c.Levels)-1 {
				p.Add(fmt.Sprintf("%s.levels[%d]", at, j), "comparison %s: level else must come last: the levels after it can never be reached", c.ID)
			}
		}
		r.validateLevels(c, i, p)
	}
	r.validateModel(p)
	if !(r.Bands.High >= r.Bands.Medium && r.Bands.Medium >= r.Bands.Low) {
		p.Add("bands", "bands: need high >= medium >= low, got %g, %g, %g", r.Bands.High, r.Bands.Medium, r.Bands.Low)
	}
}

// EffectiveScope returns the scope, defaulting to any.
func (r *Rule) EffectiveScope() Scope {
	if r.Scope == "" {
		return ScopeAny
	}
	return r.Scope
}

func plainID(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return s != ""
}
