package rules

import (
	"fmt"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"
	"github.com/nfimatch/nfimatch/extract"
)

// exprFuncs are the functions rules may call besides expr's built-ins. Each
// returns nil when an argument is missing, so that a formula over a missing
// value gives a missing amount rather than a wrong one.
var exprFuncs = []expr.Option{
	expr.Function("payments_after", func(args ...any) (any, error) {
		if len(args) != 3 && len(args) != 4 {
			return nil, fmt.Errorf("payments_after(from, last_paid, frequency[, first_paid]) takes 3 or 4 arguments, got %d", len(args))
		}
		from, ok1 := asTime(args[0])
		last, ok2 := asTime(args[1])
		freq, ok3 := asString(args[2])
		if !ok1 || !ok2 || !ok3 {
			return nil, nil
		}
		if len(args) == 4 {
			// No payment fell before the pension started: count from
			// the day before it when that is later.
			if start, ok := asTime(args[3]); ok && start.AddDate(0, 0, -1).After(from) {
				from = start.AddDate(0, 0, -1)
			}
		}
		n, err := PaymentsAfter(from, last, freq)
		if err != nil {
			return nil, err
		}
		return n, nil
	}),
	expr.Function("days_between", func(args ...any) (any, error) {
		if len(args) != 2 {
			return nil, fmt.Errorf("days_between(from, to) takes 2 arguments, got %d", len(args))
		}
		a, ok1 := asTime(args[0])
		b, ok2 := asTime(args[1])
		if !ok1 || !ok2 {
			return nil, nil
		}
		return int(b.Sub(a).Hours() / 24), nil
	}),
	expr.Function("annual", func(args ...any) (any, error) {
		if len(args) != 2 {
			return nil, fmt.Errorf("annual(amount, frequency) takes 2 arguments, got %d", len(args))
		}
		amount, ok1 := asNumber(args[0])
		freq, ok2 := asString(args[1])
		if !ok1 || !ok2 {
			return nil, nil
		}
		n, err := PeriodsPerYear(freq)
		if err != nil {
			return nil, err
		}
		return amount * float64(n), nil
	}),
	expr.Function("to_date_annual", func(args ...any) (any, error) {
		if len(args) != 3 {
			return nil, fmt.Errorf("to_date_annual(amount, from, to) takes 3 arguments, got %d", len(args))
		}
		amount, ok1 := asNumber(args[0])
		from, ok2 := asTime(args[1])
		to, ok3 := asTime(args[2])
		if !ok1 || !ok2 || !ok3 {
			return nil, nil
		}
		days := int(to.Sub(from).Hours()/24) + 1
		if days < 1 {
			return nil, nil
		}
		return amount * 365 / float64(days), nil
	}),
	expr.Function("tax_year_start", func(args ...any) (any, error) {
		if len(args) != 1 {
			return nil, fmt.Errorf("tax_year_start(date) takes 1 argument, got %d", len(args))
		}
		t, ok := asTime(args[0])
		if !ok {
			return nil, nil
		}
		return TaxYearStart(t), nil
	}),
	expr.Function("year_end", func(args ...any) (any, error) {
		if len(args) != 1 {
			return nil, fmt.Errorf("year_end(date) takes 1 argument, got %d", len(args))
		}
		t, ok := asTime(args[0])
		if !ok {
			return nil, nil
		}
		return YearEnd(t), nil
	}),
	expr.Function("later", func(args ...any) (any, error) { return pickDate("later", args, time.Time.After) }),
	expr.Function("earlier", func(args ...any) (any, error) { return pickDate("earlier", args, time.Time.Before) }),
}

// pickDate returns the argument date that better(a, b) prefers, ignoring a
// missing one; nil when both are missing.
func pickDate(name string, args []any, better func(a, b time.Time) bool) (any, error) {
	if len(args) != 2 {
		return nil, fmt.Errorf("%s(a, b) takes 2 arguments, got %d", name, len(args))
	}
	a, okA := asTime(args[0])
	b, okB := asTime(args[1])
	switch {
	case okA && okB && better(b, a):
		return b, nil
	case okA:
		return a, nil
	case okB:
		return b, nil
	}
	return nil, nil
}

// PeriodsPerYear returns how many periods of a payment frequency make a
// year: 52 weeks, 26 fortnights, 13 four-week periods, 12 months, 4
// quarters, 1 year.
func PeriodsPerYear(frequency string) (int, error) {
	switch frequency {
	case extract.Weekly:
		return 52, nil
	case extract.Fortnightly:
		return 26, nil
	case extract.FourWeekly:
		return 13, nil
	case extract.Monthly:
		return 12, nil
	case extract.Quarterly:
		return 4, nil
	case extract.Annual:
		return 1, nil
	}
	return 0, fmt.Errorf("unknown frequency %q", frequency)
}

// TaxYearStart returns 6 April on or before t: the start of the tax year
// that pay to date counts from.
func TaxYearStart(t time.Time) time.Time {
	start := time.Date(t.Year(), time.April, 6, 0, 0, 0, 0, time.UTC)
	if t.Before(start) {
		start = start.AddDate(-1, 0, 0)
	}
	return start
}

// YearEnd returns 31 March on or after t: the end of the council's
// financial year, when a council tax discount is reviewed.
func YearEnd(t time.Time) time.Time {
	end := time.Date(t.Year(), time.March, 31, 0, 0, 0, 0, time.UTC)
	if t.After(end) {
		end = end.AddDate(1, 0, 0)
	}
	return end
}

func asNumber(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case *float64:
		if n != nil {
			return *n, true
		}
	case int:
		return float64(n), true
	case *int:
		if n != nil {
			return float64(*n), true
		}
	case int64:
		return float64(n), true
	}
	return 0, false
}

func asTime(v any) (time.Time, bool) {
	switch t := v.(type) {
	case time.Time:
		return t, true
	case *time.Time:
		if t != nil {
			return *t, true
		}
	}
	return time.Time{}, false
}

func asString(v any) (string, bool) {
	switch s := v.(type) {
	case string:
		return s, true
	case *string:
		if s != nil {
			return *s, true
		}
	}
	return "", false
}

// PaymentsAfter counts the payments of a regular schedule that fell after
// from and on or before last, where last is the date of the most recent
// payment and earlier payments fell one period apart before it. Monthly,
// quarterly and annual periods step back calendar months from last, keeping
// its day of the month, or the month's last day when it has none (31 March
// back one month is 28 or 29 February). A last payment on the 28th, 29th or
// 30th that is also the end of its month could belong to either a fixed-day
// or a month-end schedule; the fixed-day reading counts no more payments,
// so it is the one used: an over-payment is never overstated.
func PaymentsAfter(from, last time.Time, frequency string) (int, error) {
	if !last.After(from) {
		return 0, nil
	}
	days, months := 0, 0
	switch frequency {
	case extract.Weekly:
		days = 7
	case extract.Fortnightly:
		days = 14
	case extract.FourWeekly:
		days = 28
	case extract.Monthly:
		months = 1
	case extract.Quarterly:
		months = 3
	case extract.Annual:
		months = 12
	default:
		return 0, fmt.Errorf("payments_after: unknown frequency %q", frequency)
	}
	if days > 0 {
		return int(last.Sub(from).Hours()/24-1)/days + 1, nil
	}
	n := 0
	for k := 0; ; k++ {
		if !monthsBefore(last, k*months).After(from) {
			return n, nil
		}
		n++
	}
}

// monthsBefore steps back k calendar months from t, clamping the day to the
// end of a shorter month.
func monthsBefore(t time.Time, k int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m-time.Month(k), 1, 0, 0, 0, 0, time.UTC)
	if last := first.AddDate(0, 1, -1).Day(); d > last {
		d = last
	}
	return time.Date(first.Year(), first.Month(), d, 0, 0, 0, 0, time.UTC)
}

// frequencyArgs gives, for each function that takes a payment frequency,
// the position of that argument.
var frequencyArgs = map[string]int{"payments_after": 2, "annual": 1}

// frequencyChecker finds frequencies written as text in calls of
// payments_after and annual that name no frequency, so that "MONTHY" is
// refused when the rule is loaded rather than stopping a run.
type frequencyChecker struct{ bad []string }

func (f *frequencyChecker) Visit(n *ast.Node) {
	call, ok := (*n).(*ast.CallNode)
	if !ok {
		return
	}
	id, ok := call.Callee.(*ast.IdentifierNode)
	if !ok {
		return
	}
	pos, ok := frequencyArgs[id.Value]
	if !ok || pos >= len(call.Arguments) {
		return
	}
	if s, ok := call.Arguments[pos].(*ast.StringNode); ok {
		if _, err := PeriodsPerYear(s.Value); err != nil {
			f.bad = append(f.bad, fmt.Sprintf("%s: frequency %q is not one of WEEKLY, FORTNIGHTLY, FOUR_WEEKLY, MONTHLY, QUARTERLY, ANNUAL", id.Value, s.Value))
		}
	}
}

// badFrequencies lists the unknown frequency constants in prog.
func badFrequencies(prog *vm.Program) []string {
	if prog == nil {
		return nil
	}
	node := prog.Node()
	f := &frequencyChecker{}
	ast.Walk(&node, f)
	return f.bad
}
