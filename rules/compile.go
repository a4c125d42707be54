package rules

import (
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strings"
	"text/template"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/nfimatch/nfimatch/extract"
)

// Compiled is a rule checked against its datasets, with its keys parsed and
// its expressions compiled, once per run. It is safe for concurrent use;
// evaluation state lives in an Env per worker.
type Compiled struct {
	Rule        *Rule
	Left, Right *extract.Dataset
	Passes      [][]Key // the keys of each blocking pass, in rule order

	layout    *layout
	condition *vm.Program // nil: every pair meets it
	amount    *vm.Program // nil: the rule has no money
	reason    *template.Template
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
// problem found is listed.
func Compile(r *Rule) (*Compiled, error) {
	var probs []string
	add := func(format string, a ...any) { probs = append(probs, fmt.Sprintf(format, a...)) }
	left, err := extract.Lookup(r.Left)
	if err != nil {
		add("left: %v", err)
	}
	right, err := extract.Lookup(r.Right)
	if err != nil {
		add("right: %v", err)
	}
	if len(probs) > 0 {
		return nil, fmt.Errorf("%w %s:\n  %s", ErrInvalidRule, r.Source, strings.Join(probs, "\n  "))
	}
	c := &Compiled{Rule: r, Left: left, Right: right, layout: newLayout(left, right)}
	for _, p := range r.Blocking {
		var keys []Key
		for _, ks := range p.Keys {
			k, err := ParseKey(ks)
			if err != nil {
				add("blocking %s: %v", p.Name, err)
				continue
			}
			for _, ds := range []*extract.Dataset{left, right} {
				if _, ok := ds.Field(k.Field); !ok {
					add("blocking %s: key %s: dataset %s has no field %q", p.Name, ks, ds.Type, k.Field)
				}
			}
			keys = append(keys, k)
		}
		c.Passes = append(c.Passes, keys)
	}
	for _, cmp := range r.Comparisons {
		for _, f := range append(append([]string{}, cmp.Fields...), cmp.SwapWith) {
			if f == "" {
				continue
			}
			for _, ds := range []*extract.Dataset{left, right} {
				if _, ok := ds.Field(f); !ok {
					add("comparison %s: dataset %s has no field %q", cmp.ID, ds.Type, f)
				}
			}
		}
	}
	env := expr.Env(reflect.New(c.layout.typ).Elem().Interface())
	if r.Condition != "" {
		if err := c.layout.checkRefs(r.Condition); err != nil {
			add("condition: %v", err)
		} else if c.condition, err = expr.Compile(r.Condition, append([]expr.Option{env, expr.AsBool()}, exprFuncs...)...); err != nil {
			add("condition: %v", err)
		}
	}
	if r.Amount != "" {
		if err := c.layout.checkRefs(r.Amount); err != nil {
			add("amount: %v", err)
		} else if c.amount, err = expr.Compile(r.Amount, append([]expr.Option{env}, exprFuncs...)...); err != nil {
			add("amount: %v", err)
		} else if k := c.amount.Node().Type(); k != nil && !isNumberKind(k.Kind()) {
			add("amount: the formula gives %s, want a number", k)
		}
	}
	if r.Reason != "" {
		c.reason, err = template.New(r.ID).Option("missingkey=error").Parse(r.Reason)
		if err != nil {
			add("reason: %v", err)
		} else if err := c.reason.Execute(io.Discard, c.sampleReasonData()); err != nil {
			// The sample holds no personal data, so the message can be shown.
			add("reason: %v", err)
		}
	}
	if len(probs) > 0 {
		return nil, fmt.Errorf("%w %s:\n  %s", ErrInvalidRule, r.Source, strings.Join(probs, "\n  "))
	}
	return c, nil
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

// NewEnv returns an evaluation environment for one worker.
func (c *Compiled) NewEnv() *Env {
	return &Env{v: reflect.New(c.layout.typ).Elem()}
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
	return out.(bool), nil
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
