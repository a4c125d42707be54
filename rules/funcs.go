package rules

import (
	"fmt"
	"time"

	"github.com/expr-lang/expr"
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
