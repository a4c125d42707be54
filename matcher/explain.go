package matcher

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// levelWords says what each level means, for reasons.
var levelWords = map[string]string{
	"exact":             "agrees",
	"first":             "first name agrees",
	"nickname":          "is a known short form",
	"jaro_winkler":      "is spelt similarly",
	"metaphone":         "sounds alike",
	"token":             "shares a part",
	"initial":           "agrees on the initial",
	"one_digit":         "differs by one digit",
	"year":              "agrees on the year only",
	"one_char":          "differs by one character",
	"full":              "agrees",
	"sector":            "agrees to the sector",
	"district":          "agrees to the district",
	"area":              "agrees to the area",
	"number_and_street": "agrees on number and street",
	"tokens":            "is worded similarly",
	"transposed":        "differs by two digits swapped",
	"account":           "agrees on the account number at another sort code",
	"normalised":        "agrees once written alike",
	"missing":           "is missing on one side",
	"else":              "differs",
}

// LevelWords describes outcome o of comparison c in words.
func (c *Comparison) LevelWords(o int) string {
	name := c.LevelName(o)
	switch {
	case name == "swapped" && c.Kind == "date":
		return "has day and month swapped"
	case name == "swapped":
		return "is swapped with " + strings.ReplaceAll(c.spec.SwapWith, "_", " ")
	case name == "within_days":
		return fmt.Sprintf("is within %d days", c.Levels[o].Days)
	case name == "edit_distance":
		if c.Levels[o].Max == 1 {
			return "differs by one character"
		}
		return fmt.Sprintf("differs by at most %d characters", c.Levels[o].Max)
	case name == "within":
		return "is within " + FormatPounds(int64(c.Levels[o].Tolerance*100+0.5))
	case name == "percent":
		return fmt.Sprintf("is within %g%%", c.Levels[o].Percent)
	}
	return levelWords[name]
}

// Evidence describes a pair's outcomes in words, comparison by comparison:
// "NI number agrees; surname agrees; date of birth has day and month
// swapped". Comparisons with nothing to say (missing, weight 0) are left out.
func Evidence(p *Plan, outcomes []int) string {
	var parts []string
	for c, cmp := range p.Comparisons {
		o := outcomes[c]
		if cmp.LevelName(o) == "missing" || (cmp.Weight(o) == 0 && cmp.LevelName(o) == "else") {
			continue
		}
		parts = append(parts, cmp.Label+" "+cmp.LevelWords(o))
	}
	if len(parts) == 0 {
		return "no comparison agrees"
	}
	s := strings.Join(parts, "; ")
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
