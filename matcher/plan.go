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
}

// Compile binds a compiled rule's comparisons to comparator kinds, checking
// every kind, level and parameter and that each kind fits its fields. Every
// problem is listed.
func Compile(c *rules.Compiled) (*Plan, error) {
	cmps, probs := bindComparisons(c.Rule.Comparisons, c.Left, c.Right)
	if len(probs) > 0 {
		return nil, fmt.Errorf("%w %s:\n  %s", rules.ErrInvalidRule, c.Rule.Source, strings.Join(probs, "\n  "))
	}
	return &Plan{Rule: c, Comparisons: cmps}, nil
}

// bindComparisons checks the comparisons of a rule against the comparator
// kinds and the datasets' field kinds and binds them.
func bindComparisons(specs []rules.Comparison, left, right *extract.Dataset) ([]*Comparison, []string) {
	var out []*Comparison
	var probs []string
	add := func(format string, a ...any) { probs = append(probs, fmt.Sprintf(format, a...)) }
	for _, spec := range specs {
		known, ok := levelsByKind[spec.Kind]
		if !ok {
			add("comparison %s: unknown kind %q (known: %s)", spec.ID, spec.Kind, strings.Join(kinds(), ", "))
			continue
		}
		cmp := &Comparison{ID: spec.ID, Label: spec.Label, Kind: spec.Kind, Levels: spec.Levels, spec: spec,
			missing: outcomeMissing, elseAt: outcomeNone}
		if cmp.Label == "" {
			cmp.Label = strings.ReplaceAll(spec.ID, "_", " ")
		}
		if spec.Kind != "address" && len(spec.Fields) != 1 {
			add("comparison %s: kind %s compares exactly one field, got %d", spec.ID, spec.Kind, len(spec.Fields))
		}
		if spec.SwapWith != "" && spec.Kind != "name" {
			add("comparison %s: swap_with applies to kind name only", spec.ID)
		}
		fields := spec.Fields
		if spec.Kind == "name" && spec.SwapWith != "" {
			fields = append(append([]string{}, fields...), spec.SwapWith)
		}
		for _, f := range fields {
			for _, ds := range []*extract.Dataset{left, right} {
				if fd, ok := ds.Field(f); ok && !fieldFits(spec.Kind, fd.Kind) {
					add("comparison %s: kind %s cannot compare %s.%s (a %s field)", spec.ID, spec.Kind, ds.Type, f, kindName(fd.Kind))
				}
			}
		}
		for i, l := range spec.Levels {
			switch l.Level {
			case "missing":
				cmp.missing = i
				continue
			case "else":
				cmp.elseAt = i
				continue
			}
			if !slices.Contains(known, l.Level) {
				add("comparison %s: kind %s has no level %q (levels: %s, missing, else)", spec.ID, spec.Kind, l.Level, strings.Join(known, ", "))
			}
			switch l.Level {
			case "jaro_winkler", "number_and_street", "tokens":
				if l.Min <= 0 || l.Min > 1 {
					add("comparison %s: level %s needs min in (0, 1], got %g", spec.ID, l.Level, l.Min)
				}
			case "within_days":
				if l.Days < 1 {
					add("comparison %s: level within_days needs days >= 1", spec.ID)
				}
			case "swapped":
				if spec.Kind == "name" && spec.SwapWith == "" {
					add("comparison %s: level swapped needs swap_with", spec.ID)
				}
			}
		}
		out = append(out, cmp)
	}
	return out, probs
}

// CompileRule checks a rule against its datasets and binds it to
// comparators: everything a run needs before it reads any data.
func CompileRule(r *rules.Rule) (*Plan, error) {
	c, err := rules.Compile(r)
	if err == nil {
		return Compile(c)
	}
	// List the comparisons' problems too, so that one pass shows them all.
	left, lerr := extract.Lookup(r.Left)
	right, rerr := extract.Lookup(r.Right)
	if lerr != nil || rerr != nil {
		return nil, err
	}
	if _, probs := bindComparisons(r.Comparisons, left, right); len(probs) > 0 {
		return nil, fmt.Errorf("%w\n  %s", err, strings.Join(probs, "\n  "))
	}
	return nil, err
}

// fieldFits says which field kinds each comparator kind can compare.
func fieldFits(cmp string, k extract.Kind) bool {
	switch cmp {
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
		return k != extract.KindDate && k != extract.KindMoney
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
