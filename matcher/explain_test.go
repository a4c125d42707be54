package matcher

import "testing"

func TestEvidence(t *testing.T) {
	p := builtinPlan(t)
	// Comparisons of the built-in rule, in order: ni_number, surname,
	// forenames, date_of_birth, address, postcode.
	cases := []struct {
		name     string
		outcomes []int
		want     string
	}{
		{"all agree", []int{0, 0, 0, 0, 0, 0},
			"NI number agrees; surname agrees; forename agrees; date of birth agrees; address agrees on number and street; postcode agrees"},
		{"swaps and short forms", []int{1, 1, 2, 1, 1, 1},
			"NI number differs by one character; surname is swapped with forenames; forename is swapped with surname; date of birth has day and month swapped; address is worded similarly; postcode agrees to the sector"},
		{"similar names", []int{0, 2, 1, 2, 2, 2},
			"NI number agrees; surname is spelt similarly; forename is a known short form; date of birth differs by one digit"},
		{"missing and weightless else left out", []int{2, 3, 4, 3, 3, 3},
			"Surname sounds alike; forename sounds alike"},
		{"disagreements", []int{3, 5, 7, 4, 3, 3},
			"NI number differs; surname differs; forename differs; date of birth differs"},
		{"token and initial", []int{outcomeMissing, 4, 5, outcomeMissing, outcomeMissing, outcomeMissing},
			"Surname shares a part; forename agrees on the initial"},
		{"nothing to say", []int{2, outcomeMissing, 6, 3, 2, 2}, "no comparison agrees"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Evidence(p, tc.outcomes); got != tc.want {
				t.Errorf("Evidence(%v) = %q, want %q", tc.outcomes, got, tc.want)
			}
		})
	}
}

func TestLevelWords(t *testing.T) {
	p := planYAML(t, ruleWith(`  - id: died_near
    kind: date
    fields: [date_of_birth]
    levels:
      - {level: within_days, days: 3, weight: 1}
      - {level: year, weight: 0.5}
      - {level: else, weight: 0}
  - id: family_name
    kind: name
    fields: [surname]
    swap_with: forenames
    levels:
      - {level: first, weight: 1}
      - {level: swapped, weight: 1}
  - {id: pc, label: postcode, kind: postcode, fields: [postcode], levels: [{level: district, weight: 1}, {level: area, weight: 1}]}`))
	dn, fn, pc := p.Comparisons[0], p.Comparisons[1], p.Comparisons[2]
	cases := []struct {
		c    *Comparison
		o    int
		want string
	}{
		{dn, 0, "is within 3 days"},
		{dn, 1, "agrees on the year only"},
		{dn, 2, "differs"},
		{fn, 0, "first name agrees"},
		{fn, 1, "is swapped with forenames"},
		{fn, outcomeMissing, "is missing on one side"},
		{fn, outcomeNone, "differs"},
		{pc, 0, "agrees to the district"},
		{pc, 1, "agrees to the area"},
	}
	for _, tc := range cases {
		if got := tc.c.LevelWords(tc.o); got != tc.want {
			t.Errorf("%s LevelWords(%s) = %q, want %q", tc.c.ID, tc.c.LevelName(tc.o), got, tc.want)
		}
	}
	// The label defaults to the id in words.
	if got := Evidence(p, []int{0, outcomeNone, 1}); got != "Died near is within 3 days; postcode agrees to the area" {
		t.Errorf("Evidence = %q", got)
	}
}

// TestEvidenceCapitalisesRune: the first letter of the evidence is upper
// cased as a letter, not as a byte.
func TestEvidenceCapitalisesRune(t *testing.T) {
	p := planYAML(t, ruleWith(`  - {id: age, label: "âge", kind: nino, fields: [ni_number], levels: [{level: exact, weight: 1}]}`))
	if got, want := Evidence(p, []int{0}), "Âge agrees"; got != want {
		t.Errorf("Evidence = %q, want %q", got, want)
	}
}
