package matcher

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/nfimatch/nfimatch/rules"
)

// ruleWith is a valid pensions-to-deceased rule around the given
// comparisons (YAML list items, indented by two spaces).
func ruleWith(comparisons string) string {
	return `version: 1
id: test
left: pensions
right: deceased
blocking:
  - name: nino
    keys: [nino(ni_number)]
comparisons:
` + comparisons + `
bands: {high: 10, medium: 5, low: 1}
`
}

// compileErr parses and checks the rule and returns matcher.Compile's error.
func compileErr(t *testing.T, src string) error {
	t.Helper()
	r, err := rules.Parse([]byte(src), "test.yaml")
	if err != nil {
		t.Fatalf("rules.Parse: %v", err)
	}
	p, err := CompileRule(r)
	if err == nil {
		t.Fatalf("Compile = %v, want an error", p)
	}
	if !errors.Is(err, rules.ErrInvalidRule) {
		t.Errorf("Compile error %v does not wrap rules.ErrInvalidRule", err)
	}
	return err
}

var badComparisons = []struct {
	name, yaml, want string
}{
	{"unknown kind", `  - {id: bad_kind, kind: soundex, fields: [surname], levels: [{level: exact, weight: 1}]}`,
		`comparison bad_kind: unknown kind "soundex" (known: address, bank, date, invoice, money, name, nino, postcode, text)`},
	{"unknown level", `  - {id: bad_level, kind: name, fields: [surname], levels: [{level: fuzzy, weight: 1}]}`,
		`comparison bad_level: kind name has no level "fuzzy"`},
	{"level of another kind", `  - {id: date_token, kind: date, fields: [date_of_birth], levels: [{level: token, weight: 1}]}`,
		`comparison date_token: kind date has no level "token"`},
	{"jaro_winkler min 0", `  - {id: jw_zero, kind: name, fields: [surname], levels: [{level: jaro_winkler, weight: 1}]}`,
		`comparison jw_zero: level jaro_winkler needs min in (0, 1], got 0`},
	{"jaro_winkler min above 1", `  - {id: jw_big, kind: text, fields: [title], levels: [{level: jaro_winkler, min: 1.5, weight: 1}]}`,
		`comparison jw_big: level jaro_winkler needs min in (0, 1], got 1.5`},
	{"tokens min negative", `  - {id: addr, kind: address, fields: [address_1], levels: [{level: tokens, min: -0.5, weight: 1}]}`,
		`comparison addr: level tokens needs min in (0, 1], got -0.5`},
	{"within_days without days", `  - {id: dob_days, kind: date, fields: [date_of_birth], levels: [{level: within_days, weight: 1}]}`,
		`comparison dob_days: level within_days needs days >= 1`},
	{"swapped without swap_with", `  - {id: fore_swap, kind: name, fields: [forenames], levels: [{level: swapped, weight: 1}]}`,
		`comparison fore_swap: level swapped needs swap_with`},
	{"two fields for a one-field kind", `  - {id: two, kind: name, fields: [forenames, surname], levels: [{level: exact, weight: 1}]}`,
		`comparison two: kind name compares exactly one field, got 2`},
	{"swap_with on a date", `  - {id: dob_swap, kind: date, fields: [date_of_birth], swap_with: forenames, levels: [{level: exact, weight: 1}]}`,
		`comparison dob_swap: swap_with applies to kind name only`},
}

func TestCompileErrors(t *testing.T) {
	for _, tc := range badComparisons {
		t.Run(tc.name, func(t *testing.T) {
			good := `  - {id: fine, kind: nino, fields: [ni_number], levels: [{level: exact, weight: 1}]}`
			err := compileErr(t, ruleWith(good+"\n"+tc.yaml))
			msg := err.Error()
			if !strings.Contains(msg, tc.want) {
				t.Errorf("Compile error = %q, want it to contain %q", msg, tc.want)
			}
			if !strings.Contains(msg, "test.yaml") {
				t.Errorf("Compile error = %q, want the rule's source named", msg)
			}
			if strings.Contains(msg, "comparison fine") {
				t.Errorf("Compile error = %q blames the valid comparison", msg)
			}
		})
	}
}

// TestCompileListsEveryProblem: one rule with every mistake above reports
// each of them, one per line, not just the first.
func TestCompileListsEveryProblem(t *testing.T) {
	var items []string
	for _, tc := range badComparisons {
		items = append(items, tc.yaml)
	}
	msg := compileErr(t, ruleWith(strings.Join(items, "\n"))).Error()
	for _, tc := range badComparisons {
		if !strings.Contains(msg, tc.want) {
			t.Errorf("Compile error is missing %q:\n%s", tc.want, msg)
		}
	}
	if got, want := strings.Count(msg, ": comparison "), len(badComparisons); got != want {
		t.Errorf("Compile error lists %d problems, want %d:\n%s", got, want, msg)
	}
}

func TestCompileBuiltin(t *testing.T) {
	p := builtinPlan(t)
	var got []string
	for _, c := range p.Comparisons {
		got = append(got, fmt.Sprintf("%s:%s:%s", c.ID, c.Kind, c.Label))
	}
	want := "ni_number:nino:NI number surname:name:surname forenames:name:forename date_of_birth:date:date of birth address:address:address postcode:postcode:postcode"
	if strings.Join(got, " ") != want {
		t.Errorf("comparisons = %s, want %s", strings.Join(got, " "), want)
	}
}

func TestCompileDefaultsLabelAndOutcomes(t *testing.T) {
	p := planYAML(t, ruleWith(`  - {id: date_of_birth, kind: date, fields: [date_of_birth], levels: [{level: exact, weight: 2}, {level: else, weight: -1}]}
  - {id: ni_number, label: NI, kind: nino, fields: [ni_number], levels: [{level: exact, weight: -2}, {level: missing, weight: 0.5}]}`))
	dob, ni := p.Comparisons[0], p.Comparisons[1]
	if dob.Label != "date of birth" || ni.Label != "NI" {
		t.Errorf("labels = %q, %q, want %q, %q", dob.Label, ni.Label, "date of birth", "NI")
	}
	cases := []struct {
		c      *Comparison
		o      int
		name   string
		weight float64
	}{
		{dob, 0, "exact", 2},
		{dob, 1, "else", -1},
		{dob, outcomeMissing, "missing", 0}, // no missing level listed
		{ni, 1, "missing", 0.5},
		{ni, outcomeNone, "else", 0}, // no else level listed
	}
	for _, tc := range cases {
		if got := tc.c.LevelName(tc.o); got != tc.name {
			t.Errorf("%s LevelName(%d) = %s, want %s", tc.c.ID, tc.o, got, tc.name)
		}
		if got := tc.c.Weight(tc.o); got != tc.weight {
			t.Errorf("%s Weight(%d) = %g, want %g", tc.c.ID, tc.o, got, tc.weight)
		}
	}
	if dob.missing != outcomeMissing || dob.elseAt != 1 || ni.missing != 1 || ni.elseAt != outcomeNone {
		t.Errorf("missing/else positions = %d/%d and %d/%d, want %d/1 and 1/%d",
			dob.missing, dob.elseAt, ni.missing, ni.elseAt, outcomeMissing, outcomeNone)
	}
}

// A comparison kind must fit its fields, or the run would fail (or agree on
// everything) only after the data had been read.
func TestCompileChecksFieldKinds(t *testing.T) {
	for _, tc := range []struct{ cmp, want string }{
		{`  - {id: d, kind: date, fields: [surname], levels: [{level: exact, weight: 1}]}`, "kind date cannot compare pensions.surname (a name field)"},
		{`  - {id: p, kind: postcode, fields: [surname], levels: [{level: sector, weight: 1}]}`, "kind postcode cannot compare deceased.surname"},
		{`  - {id: n, kind: name, fields: [date_of_birth], levels: [{level: exact, weight: 1}]}`, "kind name cannot compare pensions.date_of_birth (a date field)"},
	} {
		r, err := rules.Parse([]byte(ruleWith(tc.cmp)), "test.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := CompileRule(r); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Compile(%s) = %v, want an error containing %q", tc.cmp, err, tc.want)
		}
	}
}
