package rules

import (
	"fmt"
	"slices"
	"strings"
)

// Problems collects what is wrong with a rule, each problem placed at the
// line and column of the rule file it is about, so that every problem is
// listed at once and a data analyst can find each one.
type Problems struct {
	rule *Rule
	list []string
}

// NewProblems starts a list of problems with r.
func NewProblems(r *Rule) *Problems { return &Problems{rule: r} }

// Add records a problem with the value at path (a dotted path into the
// rule file such as "comparisons[2].levels[1]"; "" for the file itself).
// When the path is not in the file its nearest parent that is gives the
// place.
func (p *Problems) Add(path, format string, a ...any) {
	msg := p.rule.At(path) + ": " + fmt.Sprintf(format, a...)
	if !slices.Contains(p.list, msg) { // both sides of a search report alike
		p.list = append(p.list, msg)
	}
}

// Len returns the number of problems recorded.
func (p *Problems) Len() int { return len(p.list) }

// Err returns nil when there are no problems, or one error listing them
// all, one per line.
func (p *Problems) Err() error {
	if len(p.list) == 0 {
		return nil
	}
	return fmt.Errorf("%w %s:\n  %s", ErrInvalidRule, p.rule.Source, strings.Join(p.list, "\n  "))
}

// At formats where path is in the rule's file as file:line:col, falling
// back to the nearest parent path that is known, and to the file alone.
func (r *Rule) At(path string) string {
	for {
		if _, ok := r.Positions[path]; ok || path == "" {
			return r.Positions.At(r.Source, path)
		}
		path = parentPath(path)
	}
}

func parentPath(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}
