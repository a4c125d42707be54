package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/nfimatch/nfimatch/extract"
)

func TestNewKeyFunctions(t *testing.T) {
	tests := []struct {
		in   string
		vals []string
		want string
	}{
		{"upper(remarks)", []string{"  duplicate   of inv 12 "}, "DUPLICATE OF INV 12"},
		{"trim(remarks)", []string{"  paid twice "}, "paid twice"},
		{"invoice(invoice_number)", []string{"INV-0010023"}, "10023"},
		{"invoice(invoice_number)", []string{"inv 10023"}, "10023"},
		{"invoice(invoice_number)", []string{"10023"}, "10023"},
		{"invoice(invoice_number)", []string{"INVOICE 77/A"}, "77A"},
		{"invoice(invoice_number)", []string{"INVENTORY7"}, "INVENTORY7"}, // INV not followed by a digit stays
		{"invoice(invoice_number)", []string{"000"}, "000"},
		{"bank(sort_code, bank_account)", []string{"401234", "12345678"}, "401234/12345678"},
		{"bank(sort_code, bank_account)", []string{"", "12345678"}, ""},
		{"bank(sort_code, bank_account)", []string{"401234", ""}, ""},
	}
	for _, tt := range tests {
		k, err := ParseKey(tt.in)
		if err != nil {
			t.Fatalf("ParseKey(%q): %v", tt.in, err)
		}
		if got := k.Apply(tt.vals...); got != tt.want {
			t.Errorf("%s on %q = %q, want %q", tt.in, tt.vals, got, tt.want)
		}
		if k.String() != tt.in {
			t.Errorf("ParseKey(%q).String() = %q", tt.in, k.String())
		}
	}
	for _, bad := range []string{"bank(sort_code)", "bank(a, b, c)", "upper(a, b)", "invoice()"} {
		if _, err := ParseKey(bad); err == nil {
			t.Errorf("ParseKey(%q) succeeded, want an error", bad)
		}
	}
}

// search is a valid search within creditors_history.
const search = `version: 1
id: dup-test
left: creditors_history
scope: within_body
filters:
  left: left.payment_date != nil
blocking:
  - name: creditor_amount
    keys: [creditor_reference, invoice_total]
  - name: invoice
    keys: [invoice(invoice_number), invoice_total]
comparisons:
  - id: invoice
    kind: invoice
    fields: [invoice_number]
    levels:
      - {level: exact, weight: 6}
      - {level: normalised, weight: 5}
      - {level: edit_distance, max: 1, weight: 3}
      - {level: else, weight: -3}
  - id: amount
    kind: money
    fields: [invoice_total]
    levels:
      - {level: exact, weight: 3}
      - {level: within, tolerance: 0.01, weight: 2}
      - {level: else, weight: -5}
bands: {high: 9, medium: 7, low: 5}
condition: level.amount != "else" && left.payment_date != nil && right.payment_date != nil
amount: right.invoice_total
output:
  left: [creditor_reference, invoice_number, invoice_total, payment_date]
`

func TestSearchRuleCompiles(t *testing.T) {
	r, err := Parse([]byte(search), "search.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compile(r)
	if err != nil {
		t.Fatal(err)
	}
	if !r.IsSearch() || c.Left != c.Right || c.Right != extract.CreditorsHistory {
		t.Errorf("search: IsSearch %v, sides %s and %s, want creditors_history on both", r.IsSearch(), c.Left.Type, c.Right.Type)
	}
	if got := c.Output(Right); strings.Join(got, ",") != "creditor_reference,invoice_number,invoice_total,payment_date" {
		t.Errorf("a search's right output = %v, want the left's", got)
	}
	if !c.HasFilter(Left) || c.HasFilter(Right) {
		t.Errorf("filters: left %v right %v, want left only", c.HasFilter(Left), c.HasFilter(Right))
	}
	// level.amount reaches the condition.
	env := c.NewEnv()
	paid := extract.CreditorsHistory
	col := fieldCol(t, paid, "payment_date")
	env.SetDate(Left, col, daysOf(date(2025, 5, 1)))
	env.SetDate(Right, col, daysOf(date(2025, 6, 1)))
	for _, tc := range []struct {
		level string
		want  bool
	}{{"exact", true}, {"within", true}, {"else", false}} {
		env.SetLevel(1, tc.level)
		if got, err := c.Condition(env); err != nil || got != tc.want {
			t.Errorf("condition with level.amount %s = %v, %v, want %v", tc.level, got, err, tc.want)
		}
	}
	// The filter sees one record: a missing payment date leaves it out.
	env.Clear()
	if ok, err := c.Filter(env, Left); ok || err != nil {
		t.Errorf("filter on an unpaid invoice = %v, %v, want false", ok, err)
	}
	env.SetDate(Left, col, daysOf(date(2025, 5, 1)))
	if ok, err := c.Filter(env, Left); !ok || err != nil {
		t.Errorf("filter on a paid invoice = %v, %v, want true", ok, err)
	}
}

func TestPerSideKeysAndFields(t *testing.T) {
	rule := `version: 1
id: partner-test
left: council_tax_reduction
right: payroll
blocking:
  - name: partner
    keys:
      - {left: metaphone(partner_surname), right: metaphone(surname)}
      - {left: partner_date_of_birth, right: date_of_birth}
comparisons:
  - id: surname
    kind: name
    left_fields: [partner_surname]
    right_fields: [surname]
    levels:
      - {level: exact, weight: 4}
      - {level: else, weight: -4}
bands: {high: 4, medium: 4, low: 4}
`
	r, err := Parse([]byte(rule), "partner.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compile(r)
	if err != nil {
		t.Fatal(err)
	}
	p := c.Passes[0]
	if p.Left[0].Fields[0] != "partner_surname" || p.Right[0].Fields[0] != "surname" || p.Left[1].Fields[0] != "partner_date_of_birth" {
		t.Errorf("per-side keys = %+v", p)
	}
	// A side-specific field exists on its side only.
	bad := strings.Replace(rule, "right_fields: [surname]", "right_fields: [partner_surname]", 1)
	bad = strings.Replace(bad, "{left: partner_date_of_birth, right: date_of_birth}", "{left: partner_date_of_birth}", 1)
	_, err = Parse([]byte(bad), "partner.yaml")
	if err == nil || !strings.Contains(err.Error(), "partner.yaml:9:9: blocking pass partner: key 2: give both left and right") {
		t.Errorf("a key with one side: error %v", err)
	}
	bad = strings.Replace(rule, "right_fields: [surname]", "right_fields: [partner_surname]", 1)
	r, err = Parse([]byte(bad), "partner.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Compile(r); err == nil || !strings.Contains(err.Error(), `partner.yaml:14:20: comparison surname: dataset payroll has no field "partner_surname"`) {
		t.Errorf("right_fields naming a left-only field: error %v", err)
	}
}

// TestRefusedAtLoad lists mistakes a data analyst makes, each refused when
// the rule is loaded with a message that says what and where.
func TestRefusedAtLoad(t *testing.T) {
	tests := []struct {
		name, from, to string
		want           string
	}{
		{"date compared with text", "bands:", "condition: left.date_last_paid > \"2024-01-01\"\nbands:",
			`test.yaml:15:12: condition: invalid operation: > (mismatched types date and text) (1:21): a date compares only with a date`},
		{"date compared with a text field", "bands:", "condition: left.date_last_paid > right.surname\nbands:",
			"mismatched types date and text"},
		{"money plus a date", "bands:", "amount: left.pension_amount + right.date_of_death\nbands:",
			"mismatched types number and date"},
		{"unknown field in a condition", "bands:", "condition: right.date_of_deth != nil\nbands:",
			`right.date_of_deth: dataset deceased has no field "date_of_deth" (did you mean date_of_death?)`},
		{"level of no comparison", "bands:", "condition: level.forenames == \"exact\"\nbands:",
			`level.forenames: the rule has no comparison with id "forenames"`},
		{"level in a filter", "bands:", "filters: {left: level.surname == \"exact\"}\nbands:",
			"level.surname: a comparison's level is known only once a pair is compared"},
		{"other side in a filter", "bands:", "filters: {left: right.date_of_death != nil}\nbands:",
			"filters.left: right.date_of_death: a filter sees one record: refer to left fields only"},
		{"filter not a yes/no", "bands:", "filters: {right: right.date_of_death}\nbands:",
			"filters.right:"},
		{"output field", "bands:", "output: {right: [date_of_deth]}\nbands:",
			`test.yaml:15:18: output: dataset deceased has no field "date_of_deth"`},
		{"empty blocking pass", "keys: [ni_number]", "keys: []",
			"test.yaml:7:11: blocking pass ni: keys: a pass with no keys would compare every record with every other"},
		{"frequency misspelt", "bands:", "amount: payments_after(right.date_of_death, left.date_last_paid, \"MONTHY\") * left.pension_amount\nbands:",
			`test.yaml:15:9: amount: payments_after: frequency "MONTHY" is not one of WEEKLY`},
		{"annual frequency misspelt", "bands:", "condition: annual(left.pension_amount, \"WEEKY\") > 100\nbands:",
			`condition: annual: frequency "WEEKY" is not one of`},
		{"condition gives money", "bands:", "condition: left.pension_amount\nbands:",
			"condition: gives number, want yes or no"},
		{"key sides disagree", "keys: [ni_number]", "keys: [{left: soundex(surname), right: metaphone(surname)}]",
			"the two sides of a key must use the same function"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(minimal, tt.from, tt.to, 1)
			r, err := Parse([]byte(src), "test.yaml")
			if err == nil {
				_, err = Compile(r)
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

func TestSearchRuleShape(t *testing.T) {
	sided := strings.Replace(search, "    fields: [invoice_number]", "    left_fields: [invoice_number]\n    right_fields: [payment_reference]", 1)
	if _, err := Parse([]byte(sided), "s.yaml"); err == nil || !strings.Contains(err.Error(), "s.yaml:15:18: comparison invoice: a search within one dataset compares the same fields of both records") {
		t.Errorf("a search with left_fields: error %v", err)
	}
	bad := strings.Replace(search, "filters:\n  left: left.payment_date != nil", "filters:\n  right: right.payment_date != nil", 1)
	if _, err := Parse([]byte(bad), "s.yaml"); err == nil || !strings.Contains(err.Error(), "s.yaml:6:10: filters.right: a search within one dataset has one filter") {
		t.Errorf("a search with filters.right: error %v", err)
	}
}

func TestYearFunctions(t *testing.T) {
	c := compileWith(t, "amount: days_between(tax_year_start(right.date_of_death), year_end(right.date_of_death)) + annual(left.pension_amount, left.payment_frequency) * 0")
	env := c.NewEnv()
	for _, tc := range []struct {
		death time.Time
		days  int64
	}{
		{date(2025, 5, 1), 359},  // 6 Apr 2025 .. 31 Mar 2026
		{date(2025, 4, 5), 724},  // 6 Apr 2024 .. 31 Mar 2026
		{date(2025, 3, 31), 359}, // 6 Apr 2024 .. 31 Mar 2025: the year end is the day itself
		{date(2024, 4, 6), 359},  // 6 Apr 2024 .. 31 Mar 2025
	} {
		env.Clear()
		env.SetDate(Right, fieldCol(t, extract.Deceased, "date_of_death"), daysOf(tc.death))
		env.SetMoney(Left, fieldCol(t, extract.Pensions, "pension_amount"), 1000)
		env.SetString(Left, fieldCol(t, extract.Pensions, "payment_frequency"), extract.Monthly)
		pence, ok, err := c.Amount(env)
		if err != nil || !ok || pence != tc.days*100 {
			t.Errorf("death %s: days = %d pence, %v, %v; want %d days", tc.death.Format(time.DateOnly), pence, ok, err, tc.days)
		}
	}
	for freq, n := range map[string]int{extract.Weekly: 52, extract.Fortnightly: 26, extract.FourWeekly: 13, extract.Monthly: 12, extract.Quarterly: 4, extract.Annual: 1} {
		if got, err := PeriodsPerYear(freq); got != n || err != nil {
			t.Errorf("PeriodsPerYear(%s) = %d, %v, want %d", freq, got, err, n)
		}
	}
	if _, err := PeriodsPerYear("DAILY"); err == nil {
		t.Error("PeriodsPerYear(DAILY): want an error")
	}
}

func TestToDateAnnualAndLater(t *testing.T) {
	// £5,000 earned from 6 April to 4 July inclusive (90 days) is
	// £20,277.78 a year; the later of a missing date and 1 May is 1 May.
	c := compileWith(t, "amount: to_date_annual(left.pension_amount, later(left.date_last_paid, left.pension_start_date), right.date_of_death)")
	env := c.NewEnv()
	env.SetMoney(Left, fieldCol(t, extract.Pensions, "pension_amount"), 500000)
	env.SetDate(Left, fieldCol(t, extract.Pensions, "pension_start_date"), daysOf(date(2025, 4, 6)))
	env.SetDate(Right, fieldCol(t, extract.Deceased, "date_of_death"), daysOf(date(2025, 7, 4)))
	if pence, ok, err := c.Amount(env); err != nil || !ok || pence != 2027778 {
		t.Errorf("to_date_annual = %d, %v, %v, want 2027778", pence, ok, err)
	}
	env.SetDate(Left, fieldCol(t, extract.Pensions, "date_last_paid"), daysOf(date(2025, 5, 5)))
	// From 5 May to 4 July inclusive is 61 days.
	if pence, ok, err := c.Amount(env); err != nil || !ok || pence != 2991803 {
		t.Errorf("to_date_annual from the later date = %d, %v, %v, want 2991803", pence, ok, err)
	}
}

func TestBareFlagCondition(t *testing.T) {
	c := compileWith(t, "condition: left.survivor")
	env := c.NewEnv()
	col := fieldCol(t, extract.Pensions, "survivor")
	if _, err := c.Condition(env); err != ErrMissingValue {
		t.Errorf("a missing flag: error %v, want ErrMissingValue", err)
	}
	for _, v := range []bool{true, false} {
		env.SetFlag(Left, col, v)
		if got, err := c.Condition(env); err != nil || got != v {
			t.Errorf("condition left.survivor with %v = %v, %v", v, got, err)
		}
	}
}
