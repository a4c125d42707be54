package matcher

import (
	"context"
	"strings"
	"testing"

	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/rules"
)

func invoices(t testing.TB, body string, rows ...row) *Table {
	t.Helper()
	tbl := readTable(t, extract.CreditorsHistory, body, csvText(extract.CreditorsHistory, rows), extract.DefaultDelimitedConfig())
	if tbl.Len != len(rows) {
		t.Fatalf("invoices: %d rows loaded, want %d", tbl.Len, len(rows))
	}
	return tbl
}

// inv is a paid invoice of creditor C1.
func inv(id, number, pence string) row {
	return row{"record_id": id, "creditor_reference": "C1", "invoice_number": number, "invoice_total": pence, "payment_date": "01052025"}
}

// searchPlan compiles a search within creditors_history with one comparison.
func searchPlan(t testing.TB, kind, fields, levels string) *Plan {
	t.Helper()
	return planYAML(t, `version: 1
id: t
left: creditors_history
blocking: [{name: all, keys: [creditor_reference]}]
comparisons:
  - {id: c, kind: `+kind+`, fields: `+fields+`, levels: `+levels+`}
bands: {high: 1, medium: 1, low: 1}
`)
}

func TestInvoiceAndMoneyLevels(t *testing.T) {
	tbl := invoices(t, pensionsBody,
		inv("T1", "INV-0010023", "10000"),
		inv("T2", "INV-0010023", "10000"),
		inv("T3", "10023", "10001"),
		inv("T4", "inv 10028", "10400"),
		inv("T5", "77001", "20000"),
		inv("T6", "", "-10000"),
	)
	invPlan := searchPlan(t, "invoice", "[invoice_number]",
		"[{level: exact, weight: 1}, {level: normalised, weight: 1}, {level: edit_distance, max: 1, weight: 1}, {level: missing, weight: 0}, {level: else, weight: 0}]")
	moneyPlan := searchPlan(t, "money", "[invoice_total]",
		"[{level: exact, weight: 1}, {level: within, tolerance: 0.01, weight: 1}, {level: percent, percent: 5, weight: 1}, {level: else, weight: 0}]")
	is, ms := scorerFor(t, invPlan, tbl, tbl), scorerFor(t, moneyPlan, tbl, tbl)
	tests := []struct {
		i, j         int
		inv, money   string
		invWhy, mWhy string
	}{
		{0, 1, "exact", "exact", "same text", "same pence"},
		{0, 2, "normalised", "within", "INV- prefix and zeros", "one penny"},
		{0, 3, "edit_distance", "percent", "10023 vs 10028", "£104 is within 5% of £100"},
		{0, 4, "else", "else", "another invoice", "double"},
		{0, 5, "missing", "else", "no number", "a credit note"},
	}
	for _, tt := range tests {
		if got := invPlan.Comparisons[0].LevelName(is.outcome(tt.i, tt.j)); got != tt.inv {
			t.Errorf("invoice T%d vs T%d (%s) = %s, want %s", tt.i+1, tt.j+1, tt.invWhy, got, tt.inv)
		}
		if got := moneyPlan.Comparisons[0].LevelName(ms.outcome(tt.i, tt.j)); got != tt.money {
			t.Errorf("money T%d vs T%d (%s) = %s, want %s", tt.i+1, tt.j+1, tt.mWhy, got, tt.money)
		}
	}
}

func TestBankLevels(t *testing.T) {
	staff := func(id, sort, acc string) row {
		return row{"record_id": id, "surname": "DOE", "sort_code": sort, "bank_account": acc}
	}
	supplier := func(id, sort, acc string) row {
		return row{"record_id": id, "creditor_name": "ACME", "sort_code": sort, "bank_account": acc}
	}
	emp := table(t, extract.Payroll, staff("E1", "40-12-34", "12345678"))
	sup := table(t, extract.CreditorsStanding,
		supplier("S1", "401234", "12345678"),
		supplier("S2", "401234", "12346578"),
		supplier("S3", "209999", "12345678"),
		supplier("S4", "401234", "87654321"),
		supplier("S5", "401234", ""),
	)
	p := planYAML(t, `version: 1
id: t
left: payroll
right: creditors_standing
blocking: [{name: bank, keys: ["bank(sort_code, bank_account)"]}]
comparisons:
  - id: bank
    kind: bank
    fields: [sort_code, bank_account]
    levels: [{level: exact, weight: 9}, {level: transposed, weight: 6}, {level: account, weight: 3}, {level: missing, weight: 0}, {level: else, weight: -2}]
bands: {high: 9, medium: 6, low: 3}
`)
	s := scorerFor(t, p, emp, sup)
	for j, want := range []string{"exact", "transposed", "account", "else", "missing"} {
		if got := p.Comparisons[0].LevelName(s.outcome(0, j)); got != want {
			t.Errorf("E1 vs S%d = %s, want %s", j+1, got, want)
		}
	}
	res := mustRun(t, testConfig(), p, emp, sup)
	if len(res.Matches) != 1 || res.Matches[0].Right != 0 {
		t.Errorf("blocking on bank(sort_code, bank_account) found %d matches, want E1-S1 alone", len(res.Matches))
	}
}

func TestUnreachableLevelsRefused(t *testing.T) {
	tests := []struct {
		kind, fields, levels string
		want                 string // "" when the order is fine
	}{
		{"name", "[surname]", "[{level: jaro_winkler, min: 0.8, weight: 2}, {level: jaro_winkler, min: 0.9, weight: 3}]",
			"level 2 (jaro_winkler min 0.9) can never be reached: every pair it would catch is caught first by level 1 (jaro_winkler min 0.8) above it"},
		{"name", "[surname]", "[{level: jaro_winkler, min: 0.9, weight: 3}, {level: exact, weight: 4}]",
			"level 2 (exact) can never be reached"},
		{"name", "[surname]", "[{level: exact, weight: 4}, {level: jaro_winkler, min: 0.9, weight: 3}]", ""},
		{"date", "[date_of_birth]", "[{level: within_days, days: 30, weight: 2}, {level: exact, weight: 4}]",
			"level 2 (exact) can never be reached"},
		{"date", "[date_of_birth]", "[{level: within_days, days: 3, weight: 2}, {level: within_days, days: 30, weight: 1}]", ""},
		{"date", "[date_of_birth]", "[{level: year, weight: 1}, {level: swapped, weight: 4}]", "level 2 (swapped) can never be reached"},
		{"postcode", "[postcode]", "[{level: sector, weight: 1}, {level: full, weight: 3}]", "level 2 (full) can never be reached"},
		{"postcode", "[postcode]", "[{level: full, weight: 3}, {level: sector, weight: 1}, {level: area, weight: 0.5}]", ""},
		{"nino", "[ni_number]", "[{level: exact, weight: 3}, {level: missing, weight: 0}, {level: missing, weight: 1}]", "level missing is given twice"},
		{"nino", "[ni_number]", "[{level: exact, weight: 3}, {level: exact, weight: 1}]", "level 2 (exact) can never be reached"},
	}
	for _, tt := range tests {
		r, err := rules.Parse([]byte(`version: 1
id: t
left: pensions
right: deceased
blocking: [{name: all, keys: [record_id]}]
comparisons:
  - {id: c, kind: `+tt.kind+`, fields: `+tt.fields+`, levels: `+tt.levels+`}
bands: {high: 1, medium: 1, low: 0}
`), "t.yaml")
		if err != nil {
			t.Fatal(err)
		}
		_, err = CompileRule(r)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s %s: refused: %v", tt.kind, tt.levels, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "t.yaml:7:")):
			t.Errorf("%s %s: error %v, want %q at line 7", tt.kind, tt.levels, err, tt.want)
		}
	}
}

func TestFloorNoPairCanReach(t *testing.T) {
	r, err := rules.Parse([]byte(`version: 1
id: t
left: pensions
right: deceased
blocking: [{name: all, keys: [record_id]}]
comparisons:
  - {id: a, kind: nino, fields: [ni_number], levels: [{level: exact, weight: 5}, {level: else, weight: -5}]}
  - {id: b, kind: name, fields: [surname], levels: [{level: exact, weight: 3}, {level: missing, weight: 1}]}
bands: {high: 12, medium: 10, low: 9}
`), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := CompileRule(r); err == nil || !strings.Contains(err.Error(), "t.yaml:9:36: bands: no pair can reach the low band 9: the most a pair can score is 8") {
		t.Errorf("unreachable floor: error %v", err)
	}
}

// staffRow is an employee of body with the given name and date of birth.
func staffRow(id, forename, surname, dob string) row {
	return row{"record_id": id, "forenames": forename, "surname": surname, "date_of_birth": dob}
}

const acrossBodies = `version: 1
id: t
left: payroll
scope: across_bodies
filters: {left: left.leaver != true}
blocking: [{name: dob, keys: [date_of_birth]}]
comparisons:
  - {id: surname, kind: name, fields: [surname], levels: [{level: exact, weight: 5}, {level: else, weight: -5}]}
  - {id: forenames, kind: name, fields: [forenames], levels: [{level: exact, weight: 4}, {level: initial, weight: 1}, {level: else, weight: -4}]}
bands: {high: 9, medium: 6, low: 6}
condition: level.forenames == "exact" || left.body < right.body
`

func TestSearchAcrossBodies(t *testing.T) {
	p := planYAML(t, acrossBodies)
	a := readTable(t, extract.Payroll, "Alpha Council", csvText(extract.Payroll, []row{
		staffRow("A1", "Jane", "Doe", "01021970"),
		staffRow("A2", "Jane", "Doe", "01021970"), // two posts in one body: out of scope
		staffRow("A3", "Sam", "Roe", "05051980"),
		staffRow("A4", "Tom", "Poe", "06061960").with("leaver", "Y"),
	}), extract.DefaultDelimitedConfig())
	b := readTable(t, extract.Payroll, "Beta Council", csvText(extract.Payroll, []row{
		staffRow("B1", "Jane", "Doe", "01021970"),
		staffRow("B2", "S", "Roe", "05051980"),
		staffRow("B3", "Tom", "Poe", "06061960"),
	}), extract.DefaultDelimitedConfig())
	type pair struct{ l, r string }
	run := func(tables ...*Table) (map[pair]string, *Result) {
		all, err := Concat(tables...)
		if err != nil {
			t.Fatal(err)
		}
		res := mustRun(t, testConfig(), p, all, all)
		got := map[pair]string{}
		for _, m := range res.Matches {
			got[pair{all.Text(all.Col("record_id"), m.Left), all.Text(all.Col("record_id"), m.Right)}] = m.ID
		}
		return got, res
	}
	ab, res := run(a, b)
	ba, _ := run(b, a)
	// Jane Doe at Alpha twice and at Beta once: two cross-body pairs.
	// Sam Roe and S Roe pass the condition only with Alpha on the left,
	// which the fixed order of a pair (by body, then record_id) gives.
	// Tom Poe has left Alpha: the filter drops him.
	want := []pair{{"A1", "B1"}, {"A2", "B1"}, {"A3", "B2"}}
	if len(ab) != len(want) {
		t.Errorf("matches %v, want %v", ab, want)
	}
	for _, w := range want {
		if ab[w] == "" || ab[w] != ba[w] {
			t.Errorf("pair %v: id %q with Alpha read first, %q with Beta first; want the same, non-empty", w, ab[w], ba[w])
		}
	}
	if res.FilteredOut != [2]int{1, 1} || res.ScopeExcluded != 1 {
		t.Errorf("filtered %v, scope excluded %d, want [1 1] and 1", res.FilteredOut, res.ScopeExcluded)
	}
	e, _ := New(testConfig())
	if _, err := e.Run(context.Background(), p, a, b); err == nil || !strings.Contains(err.Error(), "searches within one payroll dataset") {
		t.Errorf("a search given two tables: error %v", err)
	}
	if _, err := Concat(a, table(t, extract.Pensions, john())); err == nil {
		t.Error("Concat of payroll and pensions succeeded")
	}
}

// TestSearchWithCrossedKeys: a search pass keyed on the forename of one
// record and the surname of the other finds a pair whose names are
// swapped, once, whichever record comes first in the file.
func TestSearchWithCrossedKeys(t *testing.T) {
	p := planYAML(t, `version: 1
id: t
left: payroll
blocking:
  - name: swapped
    keys:
      - date_of_birth
      - {left: forenames, right: surname}
comparisons:
  - {id: dob, kind: date, fields: [date_of_birth], levels: [{level: exact, weight: 5}, {level: else, weight: -5}]}
bands: {high: 5, medium: 5, low: 5}
amount: left.standard_weekly_hours + right.standard_weekly_hours
`)
	rows := []row{
		staffRow("E1", "Jane", "Doe", "01021970").with("standard_weekly_hours", "37"),
		staffRow("E2", "Doe", "Jane", "01021970").with("standard_weekly_hours", "20"),
		staffRow("E3", "Jane", "Doe", "02021970"),
	}
	for _, order := range [][]row{rows, {rows[1], rows[0], rows[2]}} {
		tbl := table(t, extract.Payroll, order...)
		res := mustRun(t, testConfig(), p, tbl, tbl)
		if len(res.Matches) != 1 || res.Compared != 1 {
			t.Fatalf("matches %d, compared %d, want the swapped pair once", len(res.Matches), res.Compared)
		}
		m := res.Matches[0]
		if got := tbl.Text(tbl.Col("record_id"), m.Left); got != "E1" {
			t.Errorf("left record %s, want E1 (records in a fixed order)", got)
		}
		// A formula over whole numbers gives an amount: 37 + 20 is
		// read as £57.
		if !m.HasAmount || m.Amount != 5700 {
			t.Errorf("amount %d (%v), want 5700 pence", m.Amount, m.HasAmount)
		}
	}
}
