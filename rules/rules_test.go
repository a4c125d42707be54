package rules

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nfimatch/nfimatch/extract"
)

// minimal is a valid rule that tests change one thing at a time.
const minimal = `version: 1
id: test-rule
left: pensions
right: deceased
blocking:
  - name: ni
    keys: [ni_number]
comparisons:
  - id: surname
    kind: name
    fields: [surname]
    levels:
      - {level: exact, weight: 4}
      - {level: else, weight: -2}
bands: {high: 10, medium: 5, low: 2}
`

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string // every fragment must appear in the error
	}{
		{"unknown key names its line", strings.Replace(minimal, "left: pensions", "left: pensions\ncolour: blue", 1), []string{"test.yaml:4:1: ", `unknown key "colour"`}},
		{"wrong type", strings.Replace(minimal, "version: 1", "version: one", 1), []string{"test.yaml:1:10: ", `version: want a whole number, found the text "one"`}},
		{"version", strings.Replace(minimal, "version: 1", "version: 2", 1), []string{"version: got 2"}},
		{"bands out of order", strings.Replace(minimal, "high: 10", "high: 1", 1), []string{"bands: need high >= medium >= low"}},
		{"else not last", strings.Replace(minimal, "- {level: else, weight: -2}", "- {level: else, weight: -2}\n      - {level: first, weight: 1}", 1), []string{"level else must come last"}},
		{"every problem listed", strings.Replace(strings.Replace(minimal, "id: test-rule", "id: \"\"", 1), "left: pensions", "left: \"\"", 1), []string{"test.yaml:2:5: id: required", "test.yaml:3:7: left: required"}},
		{"scope", strings.Replace(minimal, "left: pensions", "left: pensions\nscope: sideways", 1), []string{`scope: "sideways"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "test.yaml")
			if err == nil {
				t.Fatal("Parse succeeded, want an error")
			}
			if !errors.Is(err, ErrInvalidRule) {
				t.Errorf("error %v does not wrap ErrInvalidRule", err)
			}
			for _, w := range append(tt.want, "test.yaml") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestCompileChecksAgainstSchemas(t *testing.T) {
	tests := []struct {
		name, from, to string
		want           []string
	}{
		{"unknown dataset", "right: deceased", "right: dead", []string{`right: unknown dataset type "dead"`}},
		{"key field", "keys: [ni_number]", "keys: [nino_number]", []string{`test.yaml:7:12: blocking pass ni: key nino_number: datasets pensions and deceased have no field "nino_number" (did you mean ni_number?)`}},
		{"key function", "keys: [ni_number]", "keys: [sounds(ni_number)]", []string{"unknown function sounds"}},
		{"comparison field", "fields: [surname]", "fields: [surnam]", []string{`test.yaml:11:14: comparison surname: datasets pensions and deceased have no field "surnam" (did you mean surname?)`}},
		{"condition field", "bands:", "condition: left.date_last_payd > right.date_of_death\nbands:", []string{`left.date_last_payd: dataset pensions has no field "date_last_payd"`}},
		{"condition type", "bands:", "condition: left.date_last_paid > 3\nbands:", []string{"condition:", "mismatched types"}},
		{"condition not bool", "bands:", "condition: left.pension_amount * 2\nbands:", []string{"condition:"}},
		{"amount not a number", "bands:", "amount: left.surname\nbands:", []string{"amount: the formula gives"}},
		{"reason field", "bands:", "reason: \"{{.Left.surnam}}\"\nbands:", []string{"reason:", "surnam"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Parse([]byte(strings.Replace(minimal, tt.from, tt.to, 1)), "test.yaml")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			_, err = Compile(r)
			if err == nil {
				t.Fatal("Compile succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestCatalogueCompiles(t *testing.T) {
	all, err := Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) == 0 {
		t.Fatal("the catalogue is empty")
	}
	for _, r := range all {
		if _, err := Compile(r); err != nil {
			t.Errorf("catalogue rule %s: %v", r.ID, err)
		}
		if r.Description == "" || r.Title == "" {
			t.Errorf("catalogue rule %s: needs a title and a description", r.ID)
		}
	}
	if _, err := Lookup("no-such-rule"); err == nil || !strings.Contains(err.Error(), "pensions-deceased") {
		t.Errorf("Lookup(no-such-rule) = %v, want an error listing the built-in rules", err)
	}
}

// compileWith compiles the minimal rule with one more line, such as a
// condition or amount.
func compileWith(t *testing.T, line string) *Compiled {
	t.Helper()
	r, err := Parse([]byte(strings.Replace(minimal, "bands:", line+"\nbands:", 1)), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compile(r)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// fieldCol is the column of a field in the dataset's Arrow schema (body is 0).
func fieldCol(t *testing.T, ds *extract.Dataset, name string) int {
	t.Helper()
	for i, f := range ds.Fields {
		if f.Name == name {
			return i + 1
		}
	}
	t.Fatalf("no field %s", name)
	return 0
}

func daysOf(tm time.Time) int32 { return int32(tm.Unix() / 86400) }

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestPaymentsAfter(t *testing.T) {
	tests := []struct {
		name       string
		from, last time.Time
		freq       string
		want       int
	}{
		{"monthly three after", date(2025, 3, 10), date(2025, 5, 28), extract.Monthly, 3},              // 28/03, 28/04, 28/05
		{"monthly paid on the day of death", date(2025, 3, 28), date(2025, 5, 28), extract.Monthly, 2}, // 28/03 is not after
		{"last paid before death", date(2025, 6, 1), date(2025, 5, 28), extract.Monthly, 0},
		{"last paid on the day of death", date(2025, 5, 28), date(2025, 5, 28), extract.Monthly, 0},
		{"month end clamps", date(2025, 2, 27), date(2025, 3, 31), extract.Monthly, 2}, // 28/02 and 31/03
		{"weekly", date(2025, 1, 1), date(2025, 1, 29), extract.Weekly, 4},             // 8, 15, 22, 29 Jan
		{"weekly exact multiple", date(2025, 1, 1), date(2025, 1, 8), extract.Weekly, 1},
		{"four weekly", date(2025, 1, 1), date(2025, 3, 26), extract.FourWeekly, 3}, // 1 Jan is not after: 29 Jan, 26 Feb, 26 Mar
		{"fortnightly", date(2025, 1, 1), date(2025, 1, 15), extract.Fortnightly, 1},
		{"quarterly", date(2024, 12, 1), date(2025, 9, 15), extract.Quarterly, 4}, // 15/12, 15/03, 15/06, 15/09
		{"annual", date(2020, 6, 1), date(2025, 4, 6), extract.Annual, 5},         // 2021..2025
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PaymentsAfter(tt.from, tt.last, tt.freq)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("PaymentsAfter(%s, %s, %s) = %d, want %d", tt.from.Format(time.DateOnly), tt.last.Format(time.DateOnly), tt.freq, got, tt.want)
			}
		})
	}
	if _, err := PaymentsAfter(date(2025, 1, 1), date(2025, 3, 1), "DAILY"); err == nil {
		t.Error("PaymentsAfter with frequency DAILY: want an error")
	}
}

func TestConditionAndAmount(t *testing.T) {
	r, err := Lookup("pensions-deceased")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compile(r)
	if err != nil {
		t.Fatal(err)
	}
	col := func(ds *extract.Dataset, name string) int { return fieldCol(t, ds, name) }
	env := c.NewEnv()
	set := func(lastPaid, death time.Time, amount int64, freq string) {
		env.Clear()
		if !lastPaid.IsZero() {
			env.SetDate(Left, col(extract.Pensions, "date_last_paid"), daysOf(lastPaid))
		}
		env.SetDate(Right, col(extract.Deceased, "date_of_death"), daysOf(death))
		env.SetMoney(Left, col(extract.Pensions, "pension_amount"), amount)
		env.SetString(Left, col(extract.Pensions, "payment_frequency"), freq)
	}

	set(date(2025, 5, 28), date(2025, 3, 10), 12345, extract.Monthly)
	if ok, err := c.Condition(env); err != nil || !ok {
		t.Errorf("Condition(paid after death) = %v, %v; want true", ok, err)
	}
	if pence, ok, err := c.Amount(env); err != nil || !ok || pence != 3*12345 {
		t.Errorf("Amount = %d, %v, %v; want %d pence", pence, ok, err, 3*12345)
	}
	d := ReasonData{Left: map[string]string{"date_last_paid": "28/05/2025"}, Right: map[string]string{"date_of_death": "10/03/2025"}, Evidence: "NI number agrees", Amount: "£370.35"}
	if got, err := c.Reason(d); err != nil || !strings.Contains(got, "NI number agrees") || !strings.Contains(got, "£370.35 paid after death") {
		t.Errorf("Reason = %q, %v", got, err)
	}

	set(date(2025, 3, 1), date(2025, 3, 10), 12345, extract.Monthly)
	if ok, err := c.Condition(env); err != nil || ok {
		t.Errorf("Condition(last paid before death) = %v, %v; want false", ok, err)
	}

	set(time.Time{}, date(2025, 3, 10), 12345, extract.Monthly)
	if ok, err := c.Condition(env); err != nil || ok {
		t.Errorf("Condition(no date last paid) = %v, %v; want false: the rule guards with != nil", ok, err)
	}
	if _, ok, err := c.Amount(env); err != nil || ok {
		t.Errorf("Amount(no date last paid) ok = %v, %v; want no amount", ok, err)
	}
}

func TestUnguardedConditionOnMissingValue(t *testing.T) {
	c := compileWith(t, "condition: left.date_last_paid > right.date_of_death")
	env := c.NewEnv()
	env.SetDate(Right, len(extract.Deceased.Fields), 20000) // date_of_death is the last field
	ok, err := c.Condition(env)
	if ok || !errors.Is(err, ErrMissingValue) {
		t.Errorf("Condition with a missing date = %v, %v; want false and ErrMissingValue", ok, err)
	}
}

func TestParseKey(t *testing.T) {
	tests := []struct {
		in, value, want string
	}{
		{"surname", "SMITH", "SMITH"},
		{"initial(forenames)", "JOHN PAUL", "J"},
		{"first(surname, 3)", "SMITH", "SMI"},
		{"soundex(surname)", "ROBERT", "R163"},
		{"sector(postcode)", "SW1A 1AA", "SW1A 1"},
		{"district(postcode)", "SW1A 1AA", "SW1A"},
		{"area(postcode)", "SW1A 1AA", "SW"},
		{"year(date_of_birth)", "1950-03-01", "1950"},
		{"nino(ni_number)", "AB123456C", "AB123456"},
		{"metaphone(surname)", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in+"/"+tt.value, func(t *testing.T) {
			k, err := ParseKey(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := k.Apply(tt.value); got != tt.want {
				t.Errorf("ParseKey(%q).Apply(%q) = %q, want %q", tt.in, tt.value, got, tt.want)
			}
			if k.String() != tt.in {
				t.Errorf("ParseKey(%q).String() = %q", tt.in, k.String())
			}
		})
	}
	for _, bad := range []string{"", "Surname", "first(surname)", "first(surname, 0)", "initial(a, b)", "soundex(surname", "nope(surname)"} {
		if _, err := ParseKey(bad); err == nil {
			t.Errorf("ParseKey(%q) succeeded, want an error", bad)
		}
	}
}

func TestPhoneticKeysJoinSpellings(t *testing.T) {
	// Pairs each algorithm is defined to join: Soundex ignores vowels and
	// codes B, F, P, V alike; Metaphone reads C before I/E/Y and K alike and
	// Y as a vowel; NYSIIS collapses double letters.
	same := map[string][][2]string{
		"soundex":   {{"ROBERT", "RUPERT"}, {"SMITH", "SMYTH"}},
		"metaphone": {{"SMITH", "SMYTH"}, {"PHILLIPS", "PHILIPS"}, {"CATHERINE", "KATHERINE"}},
		"nysiis":    {{"PHILLIPS", "PHILIPS"}, {"BENNETT", "BENNET"}},
	}
	for fn, pairs := range same {
		k, err := ParseKey(fn + "(surname)")
		if err != nil {
			t.Fatal(err)
		}
		for _, pair := range pairs {
			if a, b := k.Apply(pair[0]), k.Apply(pair[1]); a != b || a == "" {
				t.Errorf("%s: %s -> %q but %s -> %q, want one key", fn, pair[0], a, pair[1], b)
			}
		}
		if k.Apply("SMITH") == k.Apply("JONES") {
			t.Errorf("%s: SMITH and JONES share key %q", fn, k.Apply("SMITH"))
		}
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load("no/such/rule.yaml")
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load(missing) = %v, want os.ErrNotExist", err)
	}
}

func TestPaymentsAfterMonthEndAndStart(t *testing.T) {
	// Last paid 29 Feb 2024: on the 29th each month (29 Jan is not after the
	// death on 30 Jan) or at month-ends (31 Jan is). The smaller reading is
	// used, so that an over-payment is never overstated.
	if n, _ := PaymentsAfter(date(2024, 1, 30), date(2024, 2, 29), extract.Monthly); n != 1 {
		t.Errorf("payments after 30 Jan to 29 Feb 2024 = %d, want 1", n)
	}
	// Paid on the 28th: 28 Feb 2023 is also a month-end, but 31 Jan must not
	// be counted.
	if n, _ := PaymentsAfter(date(2023, 1, 29), date(2023, 2, 28), extract.Monthly); n != 1 {
		t.Errorf("payments after 29 Jan to 28 Feb 2023 = %d, want 1", n)
	}
	// Month-ends from a 31st step back through shorter months' ends.
	if n, _ := PaymentsAfter(date(2024, 1, 30), date(2024, 3, 31), extract.Monthly); n != 3 {
		t.Errorf("payments after 30 Jan to 31 Mar 2024 = %d, want 3 (31 Jan, 29 Feb, 31 Mar)", n)
	}
	c := compileWith(t, "amount: payments_after(right.date_of_death, left.date_last_paid, left.payment_frequency, left.pension_start_date) * left.pension_amount")
	col := func(ds *extract.Dataset, name string) int { return fieldCol(t, ds, name) }
	env := c.NewEnv()
	// Died 10 Jan; the pension started 1 Mar and was paid on the 28th up
	// to 28 May: three payments, not five.
	env.SetDate(Right, col(extract.Deceased, "date_of_death"), daysOf(date(2025, 1, 10)))
	env.SetDate(Left, col(extract.Pensions, "date_last_paid"), daysOf(date(2025, 5, 28)))
	env.SetDate(Left, col(extract.Pensions, "pension_start_date"), daysOf(date(2025, 3, 1)))
	env.SetString(Left, col(extract.Pensions, "payment_frequency"), extract.Monthly)
	env.SetMoney(Left, col(extract.Pensions, "pension_amount"), 1000)
	if pence, ok, err := c.Amount(env); err != nil || !ok || pence != 3000 {
		t.Errorf("Amount with a start date = %d, %v, %v; want 3000 pence", pence, ok, err)
	}
}

func TestAmountRoundsHalfAwayFromZero(t *testing.T) {
	c := compileWith(t, "amount: left.pension_amount / 2")
	for _, tc := range []struct{ in, want int64 }{{201, 101}, {-201, -101}, {3, 2}, {200, 100}} {
		env := c.NewEnv()
		env.SetMoney(Left, fieldCol(t, extract.Pensions, "pension_amount"), tc.in)
		if got, ok, err := c.Amount(env); err != nil || !ok || got != tc.want {
			t.Errorf("half of %d pence = %d, %v, %v; want %d", tc.in, got, ok, err, tc.want)
		}
	}
}

func TestEvaluationErrorsQuoteNoValues(t *testing.T) {
	c := compileWith(t, "condition: date(left.forenames) > right.date_of_death")
	env := c.NewEnv()
	env.SetString(Left, 2, "WINIFRED") // forenames
	env.SetDate(Right, len(extract.Deceased.Fields), 20000)
	_, err := c.Condition(env)
	if !errors.Is(err, ErrEvaluation) || strings.Contains(err.Error(), "WINIFRED") {
		t.Errorf("Condition error = %v; want ErrEvaluation without the value", err)
	}
}

func TestImplausibleAmountIsMissing(t *testing.T) {
	c := compileWith(t, "amount: left.pension_amount * 1000000")
	env := c.NewEnv()
	env.SetMoney(Left, fieldCol(t, extract.Pensions, "pension_amount"), 100_000_000_000) // £1bn, times a million
	if pence, ok, err := c.Amount(env); err != nil || ok {
		t.Errorf("Amount = %d, %v, %v; want no amount and no error", pence, ok, err)
	}
}

// TestFlagAndWholeNumberFields checks that conditions see flags as booleans
// and whole numbers as numbers.
func TestFlagAndWholeNumberFields(t *testing.T) {
	text := strings.NewReplacer("left: pensions", "left: payroll", "right: deceased", "right: payroll").Replace(minimal) +
		"condition: left.teacher != nil && left.teacher && left.standard_weekly_hours != nil && left.standard_weekly_hours + right.standard_weekly_hours > 3750\n"
	r, err := Parse([]byte(text), "flags.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compile(r)
	if err != nil {
		t.Fatal(err)
	}
	payroll, err := extract.Lookup("payroll")
	if err != nil {
		t.Fatal(err)
	}
	teacher, hours := fieldCol(t, payroll, "teacher"), fieldCol(t, payroll, "standard_weekly_hours")
	env := c.NewEnv()
	for _, tt := range []struct {
		teacher     bool
		left, right int64
		want        bool
	}{{true, 3000, 1000, true}, {true, 2000, 1000, false}, {false, 3000, 1000, false}} {
		env.Clear()
		env.SetFlag(Left, teacher, tt.teacher)
		env.SetInt(Left, hours, tt.left)
		env.SetInt(Right, hours, tt.right)
		if ok, err := c.Condition(env); err != nil || ok != tt.want {
			t.Errorf("teacher %v, hours %d + %d: Condition = %v, %v; want %v", tt.teacher, tt.left, tt.right, ok, err, tt.want)
		}
	}
	bad := strings.Replace(text, "left.teacher && ", "left.teacher > 2 && ", 1)
	r, err = Parse([]byte(bad), "flags.yaml")
	if err == nil {
		_, err = Compile(r)
	}
	if err == nil {
		t.Error("a condition comparing a flag with a number compiled")
	}
}
