package rules

import (
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strings"
	"text/template"

	"github.com/antzucaro/matchr"
	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/nfimatch/nfimatch/extract"
)

// Compiled is a rule checked against its datasets, with its keys parsed and
// its expressions compiled, once per run. It is safe for concurrent use;
// evaluation state lives in an Env per worker.
type Compiled struct {
	Rule *Rule
	// Left and Right are the datasets of each side: the same dataset for
	// a search within one.
	Left, Right *extract.Dataset
	Passes      []PassKeys // the keys of each blocking pass, in rule order
	// Comparisons are the rule's comparisons with every level's M, U and
	// Weight as the run uses them: from the model's parameters file when it
	// names one, log2(m/u) where a level gives m and u, else the hand
	// weight.
	Comparisons []Comparison
	// Prior is the model's prior, the probability that two records drawn
	// at random are one person; 0 when the rule has no model.
	Prior float64

	layout     *layout
	filters    [2]*vm.Program // per side; nil: every record takes part
	condition  *vm.Program    // nil: every pair meets it
	amount     *vm.Program    // nil: the rule has no money
	reason     *template.Template
	outputs    [2][]string
	comparison map[string]int
}

// PassKeys are the keys of one blocking pass, as applied to each side.
type PassKeys struct {
	Left, Right []Key
}

// ReasonData is what a rule's reason template sees.
type ReasonData struct {
	Left, Right map[string]string // every field, formatted for people; "" when missing
	Evidence    string            // the comparisons' outcomes in words
	Amount      string            // e.g. "£1,234.56"; "" when there is none
	Score       float64
	Band        string
}

// Compile checks r against the dataset registry and compiles it. Every
// problem found is listed with its place in the rule file.
func Compile(r *Rule) (*Compiled, error) {
	p := NewProblems(r)
	r.validate(p)
	c := compile(r, p)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// CompileWith is Compile for a caller that checks more of the rule (the
// matcher checks comparison kinds and levels) and reports every problem
// together: problems are added to p, and the result is nil when the rule
// could not be compiled.
func CompileWith(r *Rule, p *Problems) *Compiled {
	r.validate(p)
	return compile(r, p)
}

func compile(r *Rule, p *Problems) *Compiled {
	left, err := extract.Lookup(r.Left)
	if err != nil && r.Left != "" {
		p.Add("left", "left: %v", err)
	}
	right := left
	if !r.IsSearch() {
		if right, err = extract.Lookup(r.Right); err != nil {
			p.Add("right", "right: %v", err)
		}
	}
	if left == nil || right == nil {
		return nil
	}
	c := &Compiled{Rule: r, Left: left, Right: right, comparison: map[string]int{}}
	for i, cmp := range r.Comparisons {
		c.comparison[cmp.ID] = i
	}
	c.layout = newLayout(left, right, r.Comparisons)
	c.resolveModel(p)
	for i, ps := range r.Blocking {
		var pk PassKeys
		for j, ks := range ps.Keys {
			at := fmt.Sprintf("blocking[%d].keys[%d]", i, j)
			what := fmt.Sprintf("blocking pass %s", ps.Name)
			pair, ok := c.parseKeySpec(ks, at, what, p)
			if ok && pair[Left].Func != pair[Right].Func {
				p.Add(at, "%s: the two sides of a key must use the same function, got %s and %s", what, pair[Left], pair[Right])
			}
			pk.Left, pk.Right = append(pk.Left, pair[Left]), append(pk.Right, pair[Right])
		}
		c.Passes = append(c.Passes, pk)
	}
	for i, cmp := range r.Comparisons {
		at := fmt.Sprintf("comparisons[%d]", i)
		what := "comparison " + cmp.ID
		if len(cmp.Fields) > 0 {
			for j, f := range cmp.Fields {
				c.checkField(p, fmt.Sprintf("%s.fields[%d]", at, j), what, f, Left, Right)
			}
		}
		for j, f := range cmp.LeftFields {
			c.checkField(p, fmt.Sprintf("%s.left_fields[%d]", at, j), what, f, Left)
		}
		for j, f := range cmp.RightFields {
			c.checkField(p, fmt.Sprintf("%s.right_fields[%d]", at, j), what, f, Right)
		}
		if cmp.SwapWith != "" {
			c.checkField(p, at+".swap_with", what+": swap_with", cmp.SwapWith, Left, Right)
		}
	}
	for side, fields := range [][]string{r.Output.Left, r.Output.Right} {
		for j, f := range fields {
			c.checkField(p, fmt.Sprintf("output.%s[%d]", [2]string{"left", "right"}[side], j), "output", f, Side(side))
		}
	}
	c.outputs = [2][]string{r.Output.Left, r.Output.Right}
	if r.IsSearch() && len(r.Output.Right) == 0 {
		c.outputs[Right] = r.Output.Left
	}
	c.compileExpressions(p)
	if r.Reason != "" {
		c.reason, err = template.New(r.ID).Option("missingkey=error").Parse(r.Reason)
		if err != nil {
			p.Add("reason", "reason: %v", err)
		} else if err := c.reason.Execute(io.Discard, c.sampleReasonData()); err != nil {
			// The sample holds no personal data, so the message can be shown.
			p.Add("reason", "reason: %v", err)
		}
	}
	return c
}

// checkField reports field f missing from the datasets of sides, in one
// message when both lack it.
func (c *Compiled) checkField(p *Problems, at, what, f string, sides ...Side) {
	if f == extract.BodyField {
		return
	}
	var lacking []string
	var first *extract.Dataset
	for _, side := range sides {
		ds := []*extract.Dataset{c.Left, c.Right}[side]
		if _, ok := ds.Field(f); !ok && !slices.Contains(lacking, ds.Type) {
			lacking = append(lacking, ds.Type)
			if first == nil {
				first = ds
			}
		}
	}
	switch len(lacking) {
	case 0:
	case 1:
		p.Add(at, "%s: dataset %s has no field %q%s", what, lacking[0], f, suggest(first, f))
	default:
		p.Add(at, "%s: datasets %s have no field %q%s", what, strings.Join(lacking, " and "), f, suggest(first, f))
	}
}

// parseKeySpec parses one key of a blocking pass for both sides and checks
// that each side's dataset has its fields.
func (c *Compiled) parseKeySpec(ks KeySpec, at, what string, p *Problems) ([2]Key, bool) {
	type part struct {
		src, at string
		sides   []Side
	}
	parts := []part{{ks.Left, at, []Side{Left, Right}}}
	if !ks.Both {
		parts = []part{{ks.Left, at + ".left", []Side{Left}}, {ks.Right, at + ".right", []Side{Right}}}
	}
	var pair [2]Key
	ok := true
	for _, pt := range parts {
		k, err := ParseKey(pt.src)
		if err != nil {
			p.Add(pt.at, "%s: %v", what, err)
			ok = false
			continue
		}
		for _, side := range pt.sides {
			pair[side] = k
		}
		for _, f := range k.Fields {
			c.checkField(p, pt.at, what+": key "+pt.src, f, pt.sides...)
		}
	}
	return pair, ok
}

// compileExpressions compiles the filters, condition and amount, checking
// their types against the datasets' schemas.
func (c *Compiled) compileExpressions(p *Problems) {
	r := c.Rule
	env := expr.Env(reflect.New(c.layout.typ).Elem().Interface())
	build := func(at, src string, allow [2]bool, levels bool, opts ...expr.Option) *vm.Program {
		if src == "" {
			return nil
		}
		if err := c.layout.checkRefs(src, allow, levels); err != nil {
			p.Add(at, "%s: %v", at, err)
			return nil
		}
		prog, err := expr.Compile(src, append(append([]expr.Option{env}, opts...), exprFuncs...)...)
		if err != nil {
			p.Add(at, "%s: %s", at, explainExprError(err))
			return nil
		}
		return prog
	}
	leftOnly, rightOnly, both := [2]bool{true, false}, [2]bool{false, true}, [2]bool{true, true}
	c.filters[Left] = yesNo(p, "filters.left", build("filters.left", r.Filters.Left, leftOnly, false))
	c.filters[Right] = yesNo(p, "filters.right", build("filters.right", r.Filters.Right, rightOnly, false))
	c.condition = yesNo(p, "condition", build("condition", r.Condition, both, true))
	c.amount = build("amount", r.Amount, both, true)
	for _, e := range []struct {
		at   string
		prog *vm.Program
	}{{"condition", c.condition}, {"amount", c.amount}} {
		for _, msg := range badFrequencies(e.prog) {
			p.Add(e.at, "%s: %s", e.at, msg)
		}
	}
	if c.amount != nil {
		k := c.amount.Node().Type()
		for k != nil && k.Kind() == reflect.Pointer {
			k = k.Elem()
		}
		if k != nil && !isNumberKind(k.Kind()) {
			p.Add("amount", "amount: the formula gives %s, want a number of pounds", describeType(k))
			c.amount = nil
		}
	}
}

// yesNo checks that prog gives yes or no: a comparison, or a flag field on
// its own (condition: left.survivor), which may be missing.
func yesNo(p *Problems, at string, prog *vm.Program) *vm.Program {
	if prog == nil {
		return nil
	}
	t := prog.Node().Type()
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t != nil && t.Kind() != reflect.Bool && t.Kind() != reflect.Interface {
		p.Add(at, "%s: gives %s, want yes or no (a comparison such as left.date_last_paid > right.date_of_death)", at, describeType(prog.Node().Type()))
		return nil
	}
	return prog
}

// asYesNo reads the result of a yes-or-no expression; a missing flag is
// a missing value.
func asYesNo(out any) (bool, error) {
	switch v := out.(type) {
	case bool:
		return v, nil
	case *bool:
		if v != nil {
			return *v, nil
		}
	case nil:
	default:
		return false, fmt.Errorf("%w: gave %T, want yes or no", ErrEvaluation, out)
	}
	return false, ErrMissingValue
}

// suggest names the field of ds closest to f, for a message about a typo.
func suggest(ds *extract.Dataset, f string) string {
	best, bestScore := "", 0.0
	for _, fd := range ds.Fields {
		if s := matchr.JaroWinkler(f, fd.Name, false); s > bestScore {
			best, bestScore = fd.Name, s
		}
	}
	if bestScore < 0.8 {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s?)", best)
}

func isNumberKind(k reflect.Kind) bool {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64, reflect.Interface:
		return true
	}
	return false
}

// HasAmount reports whether the rule computes money.
func (c *Compiled) HasAmount() bool { return c.amount != nil }

// HasFilter reports whether side's records are filtered before blocking.
func (c *Compiled) HasFilter(side Side) bool { return c.filters[side] != nil }

// Filter evaluates side's filter on the record in env (only that side need
// be set). A filter that meets a missing value leaves the record out.
func (c *Compiled) Filter(env *Env, side Side) (bool, error) {
	prog := c.filters[side]
	if prog == nil {
		return true, nil
	}
	out, err := expr.Run(prog, env.v.Interface())
	if err != nil {
		if missingValue(err) {
			return false, nil
		}
		return false, errWithheld("filter", err)
	}
	ok, err := asYesNo(out)
	if errors.Is(err, ErrMissingValue) {
		return false, nil
	}
	return ok, err
}

// Output returns the fields side's records carry into the report; nil
// means every field.
func (c *Compiled) Output(side Side) []string { return c.outputs[side] }

// NewEnv returns an evaluation environment for one worker.
func (c *Compiled) NewEnv() *Env {
	return &Env{v: reflect.New(c.layout.typ).Elem(), levels: c.layout.levelField}
}

// ErrMissingValue is returned by Condition when the expression met a
// missing value it could not compare with. Amount reports a missing value
// as no amount instead.
var ErrMissingValue = errors.New("expression met a missing value")

// Condition evaluates the rule's condition on the pair in env.
func (c *Compiled) Condition(env *Env) (bool, error) {
	if c.condition == nil {
		return true, nil
	}
	out, err := expr.Run(c.condition, env.v.Interface())
	if err != nil {
		if missingValue(err) {
			return false, ErrMissingValue
		}
		return false, errWithheld("condition", err)
	}
	return asYesNo(out)
}

// maxPounds bounds an amount: beyond it (a billion pounds) the input is
// damaged, not a payment.
const maxPounds = 1e9

// Amount evaluates the amount formula on the pair in env and returns it in
// pence, rounded half away from zero. ok is false when the rule has no money,
// the formula needed a value that is missing, or the result is not a
// plausible amount (over a billion pounds).
func (c *Compiled) Amount(env *Env) (pence int64, ok bool, err error) {
	if c.amount == nil {
		return 0, false, nil
	}
	out, err := expr.Run(c.amount, env.v.Interface())
	if err != nil {
		if missingValue(err) {
			return 0, false, nil
		}
		return 0, false, errWithheld("amount", err)
	}
	var pounds float64
	switch v := out.(type) {
	case nil:
		return 0, false, nil
	case int:
		pounds = float64(v)
	case int64:
		pounds = float64(v)
	case float64:
		pounds = v
	case *float64:
		if v == nil {
			return 0, false, nil
		}
		pounds = *v
	case *int:
		if v == nil {
			return 0, false, nil
		}
		pounds = float64(*v)
	default:
		return 0, false, fmt.Errorf("amount: formula gave %T, want a number", out)
	}
	if math.IsNaN(pounds) || math.IsInf(pounds, 0) || math.Abs(pounds) > maxPounds {
		// Damaged input (an account number in an amount field) must not
		// stop the run: the match is reported without an amount.
		return 0, false, nil
	}
	// Round to a micro-penny first, so that 1.005 held as 1.00499999...
	// still rounds half away from zero to 101 pence.
	return int64(math.Round(math.Round(pounds*1e6) / 1e4)), true, nil
}

// Reason renders the rule's reason template, or the evidence alone when the
// rule has none.
func (c *Compiled) Reason(d ReasonData) (string, error) {
	if c.reason == nil {
		return d.Evidence, nil
	}
	var b strings.Builder
	if err := c.reason.Execute(&b, d); err != nil {
		return "", errWithheld("reason", err)
	}
	return strings.Join(strings.Fields(b.String()), " "), nil
}

func (c *Compiled) sampleReasonData() ReasonData {
	side := func(ds *extract.Dataset) map[string]string {
		m := map[string]string{extract.BodyField: ""}
		for _, f := range ds.Fields {
			m[f.Name] = ""
		}
		return m
	}
	return ReasonData{Left: side(c.Left), Right: side(c.Right)}
}

// missingValue reports whether an expression failed on a nil operand, as a
// comparison with a missing value does. expr gives no typed error for this,
// so the message is read.
func missingValue(err error) bool {
	return strings.Contains(err.Error(), "<nil>")
}

// ErrEvaluation is wrapped by errors from evaluating a rule's expressions on
// a pair. The underlying message is withheld because expr's messages can
// quote the values of the pair (names, dates of birth), and these errors
// reach logs.
var ErrEvaluation = errors.New("rule expression failed")

func errWithheld(what string, err error) error {
	kind := "a runtime error"
	switch {
	case strings.Contains(err.Error(), "invalid operation"):
		kind = "an operation on values of the wrong type"
	case strings.Contains(err.Error(), "parsing"):
		kind = "a value that could not be parsed"
	}
	return fmt.Errorf("%w: %s: %s (details withheld: they may quote personal data)", ErrEvaluation, what, kind)
}

// typeWords names Go types as rule writers know them.
var typeWords = strings.NewReplacer(
	"interface {}", "any value",
	"*time.Time", "date", "time.Time", "date",
	"*float64", "number", "float64", "number",
	"*string", "text", "string", "text",
	"*bool", "yes/no flag", "bool", "yes/no flag",
	"*int", "whole number", "int", "whole number",
	"<nil>", "nil",
)

// explainExprError rewrites expr's message in the words of the rule
// language ("mismatched types date and text"), keeping its first line and
// the place in the expression.
func explainExprError(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	msg = typeWords.Replace(msg)
	if strings.Contains(msg, "mismatched types") {
		msg += ": a date compares only with a date, money with a number, text with text"
	}
	return msg
}

// describeType names t in the words of the rule language.
func describeType(t reflect.Type) string {
	return typeWords.Replace(t.String())
}
