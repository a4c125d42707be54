package matcher

import "testing"

func TestReasonUses(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      reasonUse
	}{
		{"empty", "", reasonUse{}},
		{"evidence", "{{.Evidence}}.", reasonUse{}},
		{"evidence in a branch", "{{if .Evidence}}{{.Evidence | printf \"%s\"}}{{else}}none{{end}}", reasonUse{}},
		{"amount", "{{.Evidence}}: {{.Amount}} paid after death.", reasonUse{perMatch: true}},
		{"score", "{{.Evidence}} ({{printf \"%.1f\" .Score}})", reasonUse{perMatch: true}},
		{"left", "{{.Left.surname}}: {{.Evidence}}", reasonUse{sides: true, perMatch: true}},
		{"right from root", "{{with .Evidence}}{{$.Right.surname}}{{end}}", reasonUse{sides: true, perMatch: true}},
		{"variable", "{{$r := .Right}}{{index $r \"surname\"}}", reasonUse{sides: true, perMatch: true}},
		{"dot whole", "{{printf \"%v\" .}}", reasonUse{sides: true, perMatch: true}},
		{"dollar whole", "{{with .Evidence}}{{printf \"%v\" $}}{{end}}", reasonUse{sides: true, perMatch: true}},
		{"nested template", "{{define \"x\"}}{{.Left}}{{end}}{{template \"x\" .}}", reasonUse{sides: true, perMatch: true}},
		{"does not parse", "{{.Evidence", reasonUse{sides: true, perMatch: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := reasonUses(tc.src); got != tc.want {
				t.Errorf("reasonUses(%q) = %+v, want %+v", tc.src, got, tc.want)
			}
		})
	}
}
