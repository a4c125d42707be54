package matcher

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/nfimatch/nfimatch/extract"

	"github.com/nfimatch/nfimatch/rules"
)

// Outcomes that are not one of a comparison's listed levels.
const (
	outcomeNone    = -1 // no level held and the comparison lists no else
	outcomeMissing = -2 // a value was missing and the comparison lists no missing
)

// Plan is a compiled rule bound to comparators. It is immutable and safe for
// concurrent use.
type Plan struct {
	Rule        *rules.Compiled
	Comparisons []*Comparison
}

// Comparison is one rule comparison bound to its comparator kind.
type Comparison struct {
	ID     string
	Label  string
	Kind   string
	Levels []rules.Level
	spec   rules.Comparison
	// missing and elseAt are the positions of the missing and else levels,
	// or outcomeMissing and outcomeNone when the rule lists none.
	missing, elseAt int
}

// LevelName returns the name of outcome o.
func (c *Comparison) LevelName(o int) string {
	switch o {
	case outcomeNone:
		return "else"
	case outcomeMissing:
		return "missing"
	}
	return c.Levels[o].Level
}

// Weight returns the weight of outcome o.
func (c *Comparison) Weight(o int) float64 {
	if o < 0 {
		return 0
	}
	return c.Levels[o].Weight
}

// levelsByKind lists the levels each comparator kind understands.
var levelsByKind = map[string][]string{
	"name":     {"exact", "first", "nickname", "swapped", "jaro_winkler", "metaphone", "token", "initial"},
	"date":     {"exact", "swapped", "one_digit", "within_days", "year"},
	"nino":     {"exact", "one_char"},
	"postcode": {"full", "sector", "district", "area"},
	"address":  {"exact", "number_and_street", "tokens"},
	"text":     {"exact", "jaro_winkler"},
	"money":    {"exact", "within", "percent"},
	"invoice":  {"exact", "normalised", "edit_distance"},
	"bank":     {"exact", "transposed", "account"},
}

// Compile binds a compiled rule's comparisons to comparator kinds, checking
// every kind, level and parameter and that each kind fits its fields. Every
// problem is listed.
func Compile(c *rules.Compiled) (*Plan, error) {
	p := rules.NewProblems(c.Rule)
	plan := bind(c, p, true)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return plan, nil
}

// CompileRule checks a rule against its datasets and binds it to
// comparators: everything a run needs before it reads any data. Every
// problem, in the rule's structure, its fields, its expressions and its
// comparisons, is listed at once with its place in the rule file.
func CompileRule(r *rules.Rule) (*Plan, error) {
	p := rules.NewProblems(r)
	c := rules.CompileWith(r, p)
	if c == nil {
		return nil, p.Err()
	}
	plan := bind(c, p, true)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return plan, nil
}

// CompileForTraining checks a rule as CompileRule does, for `nfimatch
// train`: without its model, whose parameters file training is about to
// write, and without the check that a pair can reach the low band, which
// rests on weights training replaces.
func CompileForTraining(r *rules.Rule) (*Plan, error) {
	bare := *r
	bare.Model = nil
	p := rules.NewProblems(&bare)
	c := rules.CompileWith(&bare, p)
	if c == nil {
		return nil, p.Err()
	}
	plan := bind(c, p, false)
	for i, spec := range bare.Comparisons {
		checkReachable(spec, i, p)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return plan, nil
}

// bind binds c's comparisons, adding what is wrong to p. With reach, a
// level that an earlier level always pre-empts, and a floor no pair can
// reach, are problems too.
func bind(c *rules.Compiled, p *rules.Problems, reach bool) *Plan {
	cmps := bindComparisons(c.Comparisons, c.Left, c.Right, p)
	if reach {
		for i, spec := range c.Rule.Comparisons {
			checkReachable(spec, i, p)
		}
		if len(cmps) == len(c.Rule.Comparisons) {
			best := 0.0
			for _, cmp := range cmps {
				best += cmp.maxWeight()
			}
			if best < c.Rule.Bands.Low {
				p.Add("bands.low", "bands: no pair can reach the low band %g: the most a pair can score is %g, the sum of each comparison's highest weight", c.Rule.Bands.Low, best)
			}
		}
	}
	return &Plan{Rule: c, Comparisons: cmps}
}

// maxWeight is the most the comparison can add to a score.
func (c *Comparison) maxWeight() float64 {
	best := c.Weight(c.missing)
	if c.elseAt == outcomeNone {
		best = max(best, 0)
	}
	for _, l := range c.Levels {
		best = max(best, l.Weight)
	}
	return best
}

// bindComparisons checks the comparisons of a rule against the comparator
// kinds and the datasets' field kinds and binds them.
func bindComparisons(specs []rules.Comparison, left, right *extract.Dataset, p *rules.Problems) []*Comparison {
	var out []*Comparison
	for ci, spec := range specs {
		at := fmt.Sprintf("comparisons[%d]", ci)
		known, ok := levelsByKind[spec.Kind]
		if !ok {
			p.Add(at+".kind", "comparison %s: unknown kind %q (known: %s)", spec.ID, spec.Kind, strings.Join(kinds(), ", "))
			continue
		}
		cmp := &Comparison{ID: spec.ID, Label: spec.Label, Kind: spec.Kind, Levels: spec.Levels, spec: spec,
			missing: outcomeMissing, elseAt: outcomeNone}
		if cmp.Label == "" {
			cmp.Label = strings.ReplaceAll(spec.ID, "_", " ")
		}
		lf, rf := spec.SideFields()
		if want := fieldCount(spec.Kind); want > 0 && len(lf) != want {
			p.Add(at, "comparison %s: kind %s compares %s, got %d", spec.ID, spec.Kind, fieldsWord(want), len(lf))
		}
		if spec.SwapWith != "" && spec.Kind != "name" {
			p.Add(at+".swap_with", "comparison %s: swap_with applies to kind name only", spec.ID)
		}
		for side, fields := range [][]string{lf, rf} {
			ds := []*extract.Dataset{left, right}[side]
			if spec.Kind == "name" && spec.SwapWith != "" {
				fields = append(append([]string{}, fields...), spec.SwapWith)
			}
			for fi, f := range fields {
				if fd, ok := ds.Field(f); ok && !fieldFits(spec.Kind, fi, fd.Kind) {
					p.Add(at, "comparison %s: kind %s cannot compare %s.%s (a %s field)", spec.ID, spec.Kind, ds.Type, f, kindName(fd.Kind))
				}
			}
		}
		for i, l := range spec.Levels {
			lat := fmt.Sprintf("%s.levels[%d]", at, i)
			switch l.Level {
			case "missing":
				cmp.missing = i
				continue
			case "else":
				cmp.elseAt = i
				continue
			}
			if !slices.Contains(known, l.Level) {
				p.Add(lat+".level", "comparison %s: kind %s has no level %q (levels: %s, missing, else)", spec.ID, spec.Kind, l.Level, strings.Join(known, ", "))
			}
			switch l.Level {
			case "jaro_winkler", "number_and_street", "tokens":
				if l.Min <= 0 || l.Min > 1 {
					p.Add(lat, "comparison %s: level %s needs min in (0, 1], got %g", spec.ID, l.Level, l.Min)
				}
			case "within_days":
				if l.Days < 1 {
					p.Add(lat, "comparison %s: level within_days needs days >= 1", spec.ID)
				}
			case "within":
				if l.Tolerance <= 0 {
					p.Add(lat, "comparison %s: level within needs a tolerance in pounds above 0", spec.ID)
				}
			case "percent":
				if l.Percent <= 0 || l.Percent >= 100 {
					p.Add(lat, "comparison %s: level percent needs percent between 0 and 100", spec.ID)
				}
			case "edit_distance":
				if l.Max < 1 {
					p.Add(lat, "comparison %s: level edit_distance needs max >= 1 (edits allowed)", spec.ID)
				}
			case "swapped":
				if spec.Kind == "name" && spec.SwapWith == "" {
					p.Add(lat, "comparison %s: level swapped needs swap_with", spec.ID)
				}
			}
		}
		out = append(out, cmp)
	}
	return out
}

// fieldCount is how many fields a comparator kind compares; 0 means one
// or more.
func fieldCount(kind string) int {
	switch kind {
	case "address":
		return 0
	case "bank":
		return 2
	}
	return 1
}

func fieldsWord(n int) string {
	if n == 1 {
		return "exactly one field"
	}
	return fmt.Sprintf("exactly %d fields", n)
}

// fieldFits says which field kinds each comparator kind can compare.
func fieldFits(cmp string, pos int, k extract.Kind) bool {
	switch cmp {
	case "money":
		return k == extract.KindMoney
	case "invoice":
		return k == extract.KindID || k == extract.KindText || k == extract.KindCode
	case "bank":
		if pos == 0 {
			return k == extract.KindSortCode
		}
		return k == extract.KindAccount
	case "name":
		return k == extract.KindName || k == extract.KindText
	case "date":
		return k == extract.KindDate
	case "nino":
		return k == extract.KindNINO
	case "postcode":
		return k == extract.KindPostcode
	case "address":
		return k == extract.KindAddress || k == extract.KindText
	case "text":
		return k != extract.KindDate && k != extract.KindMoney && k != extract.KindFlag
	}
	return false
}

func kindName(k extract.Kind) string {
	switch k {
	case extract.KindDate:
		return "date"
	case extract.KindMoney:
		return "money"
	case extract.KindName:
		return "name"
	case extract.KindNINO:
		return "NI number"
	case extract.KindPostcode:
		return "postcode"
	case extract.KindAddress:
		return "address"
	case extract.KindSortCode:
		return "sort code"
	case extract.KindAccount:
		return "account number"
	case extract.KindFlag:
		return "yes/no"
	case extract.KindInt:
		return "whole number"
	}
	return "text"
}

func kinds() []string {
	out := make([]string, 0, len(levelsByKind))
	for k := range levelsByKind {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// impliedBy lists, per comparator kind, for each level the other levels
// that always hold when it does: a pair whose dates are equal is also
// within any number of days, and in the same year.
var impliedBy = map[string]map[string][]string{
	"name":     {"exact": {"first", "jaro_winkler"}},
	"date":     {"exact": {"within_days", "year"}, "swapped": {"year"}},
	"postcode": {"full": {"sector", "district", "area"}, "sector": {"district", "area"}, "district": {"area"}},
	"text":     {"exact": {"jaro_winkler"}},
	"money":    {"exact": {"within", "percent"}},
	"invoice":  {"exact": {"normalised", "edit_distance"}, "normalised": {"edit_distance"}},
	"bank":     {"exact": {"account"}},
}

// covers reports whether every pair at level b also holds at level a of
// the same comparator kind, so that b after a can never be reached.
func covers(kind string, a, b rules.Level) bool {
	if a.Level == b.Level {
		switch a.Level {
		case "jaro_winkler", "number_and_street", "tokens":
			return a.Min <= b.Min
		case "within_days":
			return a.Days >= b.Days
		case "within":
			return a.Tolerance >= b.Tolerance
		case "percent":
			return a.Percent >= b.Percent
		case "edit_distance":
			return a.Max >= b.Max
		}
		return true
	}
	return slices.Contains(impliedBy[kind][b.Level], a.Level)
}

// checkReachable reports each level of spec (comparison i of its rule)
// that an earlier level always pre-empts, and a missing level given twice.
func checkReachable(spec rules.Comparison, i int, p *rules.Problems) {
	missing := -1
	for j, b := range spec.Levels {
		at := fmt.Sprintf("comparisons[%d].levels[%d]", i, j)
		switch b.Level {
		case "else":
			continue
		case "missing":
			if missing >= 0 {
				p.Add(at, "comparison %s: level missing is given twice; the second can never be reached", spec.ID)
			}
			missing = j
			continue
		}
		for k := 0; k < j; k++ {
			a := spec.Levels[k]
			if a.Level == "missing" || a.Level == "else" || !covers(spec.Kind, a, b) {
				continue
			}
			p.Add(at, "comparison %s: level %d (%s) can never be reached: every pair it would catch is caught first by level %d (%s) above it; move it up or remove it",
				spec.ID, j+1, describeLevel(b), k+1, describeLevel(a))
			break
		}
	}
}

// describeLevel writes a level with its parameter, as in a rule file.
func describeLevel(l rules.Level) string {
	switch l.Level {
	case "jaro_winkler", "number_and_street", "tokens":
		return fmt.Sprintf("%s min %g", l.Level, l.Min)
	case "within_days":
		return fmt.Sprintf("within_days %d", l.Days)
	case "within":
		return fmt.Sprintf("within %g pounds", l.Tolerance)
	case "percent":
		return fmt.Sprintf("percent %g", l.Percent)
	case "edit_distance":
		return fmt.Sprintf("edit_distance max %d", l.Max)
	}
	return l.Level
}
