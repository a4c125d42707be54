package rules_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/nfimatch/nfimatch/matcher"
	"github.com/nfimatch/nfimatch/rules"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

const schemaURL = "https://github.com/nfimatch/nfimatch/rules/schema.json"

// compileSchema compiles the embedded schema with an independent JSON
// Schema implementation, which also checks it against the draft 2020-12
// meta-schema.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	return compileSchemaText(t, rules.Schema())
}

// compileDraft7 compiles the schema as a draft-07 one. Editors' YAML
// support (VS Code's YAML extension among them) has long implemented
// draft-07 only, so the schema keeps to keywords draft-07 knows and must
// check rules the same way under it.
func compileDraft7(t *testing.T) *jsonschema.Schema {
	t.Helper()
	const from, to = `"https://json-schema.org/draft/2020-12/schema"`, `"http://json-schema.org/draft-07/schema#"`
	if !bytes.Contains(rules.Schema(), []byte(from)) {
		t.Fatalf("schema.json does not declare %s", from)
	}
	return compileSchemaText(t, bytes.Replace(rules.Schema(), []byte(from), []byte(to), 1))
}

func compileSchemaText(t *testing.T, text []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(text))
	if err != nil {
		t.Fatalf("schema.json is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaURL, doc); err != nil {
		t.Fatalf("add schema: %v", err)
	}
	sch, err := c.Compile(schemaURL)
	if err != nil {
		t.Fatalf("compile schema: %v", err)
	}
	return sch
}

// bothDrafts returns the schema compiled as draft 2020-12 and as draft-07.
func bothDrafts(t *testing.T) map[string]*jsonschema.Schema {
	return map[string]*jsonschema.Schema{"2020-12": compileSchema(t), "draft-07": compileDraft7(t)}
}

// yamlToJSON converts a rule file to the JSON value an editor's schema
// check sees.
func yamlToJSON(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatalf("yaml: %v", err)
	}
	js, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("to JSON: %v", err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	if err != nil {
		t.Fatalf("read JSON: %v", err)
	}
	return out
}

func TestSchemaAcceptsCatalogue(t *testing.T) {
	drafts := bothDrafts(t)
	files, err := filepath.Glob("catalogue/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no catalogue files: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for draft, sch := range drafts {
				if err := sch.Validate(yamlToJSON(t, data)); err != nil {
					t.Errorf("%s does not fit the schema (as %s):\n%v", f, draft, err)
				}
			}
		})
	}
}

// ruleWith returns the text of pensions-deceased with old replaced by new,
// failing when old is not in it, so that a change to the catalogue cannot
// quietly turn a wrong rule into a right one.
func ruleWith(t *testing.T, old, new string) []byte {
	t.Helper()
	text, err := rules.CatalogueText("pensions-deceased")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(text, []byte(old)) {
		t.Fatalf("pensions-deceased has no %q", old)
	}
	return bytes.Replace(text, []byte(old), []byte(new), 1)
}

func TestSchemaRejects(t *testing.T) {
	drafts := bothDrafts(t)
	tests := []struct {
		name     string
		old, new string
		want     string // in the validation error: a key or the place of the value
	}{
		{"unknown top-level key", "scope: any\n", "scope: any\nthreshold: 9\n", "threshold"},
		{"unknown comparison key", "    swap_with: forenames\n", "    swap_with: forenames\n    swap: true\n", "swap"},
		{"unknown level key", "{level: jaro_winkler, min: 0.92, weight: 4}", "{level: jaro_winkler, minimum: 0.92, weight: 4}", "minimum"},
		{"wrong kind", "kind: nino", "kind: ni_number", "/comparisons/0/kind"},
		{"level name misspelt", "{level: jaro_winkler, min: 0.92, weight: 4}", "{level: jaro_wrinkler, min: 0.92, weight: 4}", "/comparisons/1/levels/2/level"},
		{"level of another kind", "{level: one_char, weight: 5}", "{level: one_digit, weight: 5}", "/comparisons/0/levels/1/level"},
		{"scope misspelt", "scope: any", "scope: across_body", "/scope"},
		{"weight as text", "{level: exact, weight: 10}", "{level: exact, weight: ten}", "/comparisons/0/levels/0/weight"},
		{"level without its parameter", "{level: jaro_winkler, min: 0.92, weight: 4}", "{level: jaro_winkler, weight: 4}", "min"},
		{"similarity above 1", "min: 0.92", "min: 92", "/comparisons/1/levels/2/min"},
		{"two-argument key in a [a, b] list", "keys: [nino(ni_number)]", "keys: [first(ni_number, 8)]", "/blocking/0/keys/0"},
		{"version 2", "version: 1", "version: 2", "/version"},
		{"key with one side", "keys: [nino(ni_number)]", "keys: [{left: nino(ni_number)}]", "/blocking/0/keys/0"},
		{"key that is not an expression", "keys: [nino(ni_number)]", "keys: [\"nino(ni_number\"]", "/blocking/0/keys/0"},
		{"swap_with on a date", "    fields: [date_of_birth]\n", "    fields: [date_of_birth]\n    swap_with: date_of_death\n", "/comparisons/3/kind"},
		{"fields and left_fields", "    fields: [postcode]\n", "    fields: [postcode]\n    left_fields: [postcode]\n", "/comparisons/5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for draft, sch := range drafts {
				err := sch.Validate(yamlToJSON(t, ruleWith(t, tt.old, tt.new)))
				if err == nil {
					t.Fatalf("schema (as %s) accepts the rule with %q", draft, tt.new)
				}
				if !strings.Contains(err.Error(), tt.want) {
					t.Errorf("schema error (as %s) does not mention %q:\n%v", draft, tt.want, err)
				}
			}
		})
	}
}

// TestSchemaMatchesTypes checks that every object in the schema lists
// exactly the yaml keys of the Go type the rule is decoded into, so that a
// key added to the language cannot be missing from editors, nor the other
// way round.
func TestSchemaMatchesTypes(t *testing.T) {
	var s map[string]any
	if err := json.Unmarshal(rules.Schema(), &s); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		pointer string // a JSON pointer to an object schema
		typ     reflect.Type
	}{
		{"", reflect.TypeFor[rules.Rule]()},
		{"/properties/filters", reflect.TypeFor[rules.Filters]()},
		{"/properties/bands", reflect.TypeFor[rules.Bands]()},
		{"/properties/output", reflect.TypeFor[rules.Output]()},
		{"/properties/model", reflect.TypeFor[rules.Model]()},
		{"/$defs/pass", reflect.TypeFor[rules.Pass]()},
		{"/$defs/key/oneOf/1", reflect.TypeFor[rules.KeySpec]()},
		{"/$defs/comparison", reflect.TypeFor[rules.Comparison]()},
		{"/$defs/level", reflect.TypeFor[rules.Level]()},
	}
	for _, tt := range tests {
		t.Run(tt.typ.Name(), func(t *testing.T) {
			obj := lookupPointer(t, s, tt.pointer)
			if obj["additionalProperties"] != false {
				t.Errorf("schema %q: additionalProperties is not false", tt.pointer)
			}
			props, _ := obj["properties"].(map[string]any)
			var got []string
			for name, p := range props {
				got = append(got, name)
				if d, _ := p.(map[string]any)["description"].(string); d == "" {
					t.Errorf("schema %q: property %s has no description", tt.pointer, name)
				}
			}
			sort.Strings(got)
			want := yamlKeys(tt.typ)
			if !slices.Equal(got, want) {
				t.Errorf("schema %q properties = %v, want the yaml keys of %s: %v", tt.pointer, got, tt.typ, want)
			}
		})
	}
}

// yamlKeys lists the yaml keys of a struct type, in order.
func yamlKeys(typ reflect.Type) []string {
	var out []string
	for f := range typ.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

func lookupPointer(t *testing.T, doc map[string]any, ptr string) map[string]any {
	t.Helper()
	var cur any = doc
	for _, tok := range strings.Split(ptr, "/")[1:] {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[tok]
		case []any:
			i := 0
			for _, r := range tok {
				i = i*10 + int(r-'0')
			}
			if i >= len(c) {
				t.Fatalf("schema has no %s", ptr)
			}
			cur = c[i]
		}
	}
	obj, ok := cur.(map[string]any)
	if !ok {
		t.Fatalf("schema has no object at %q", ptr)
	}
	return obj
}

// levelEnums returns the level names the schema allows for each comparison
// kind, read from the schema's if/then clauses.
func levelEnums(t *testing.T) map[string][]string {
	t.Helper()
	var s map[string]any
	if err := json.Unmarshal(rules.Schema(), &s); err != nil {
		t.Fatal(err)
	}
	cmp := lookupPointer(t, s, "/$defs/comparison")
	out := map[string][]string{}
	for _, c := range cmp["allOf"].([]any) {
		cl := c.(map[string]any)
		kind, ok := dig(cl, "if", "properties", "kind", "const").(string)
		if !ok {
			continue
		}
		for _, l := range dig(cl, "then", "properties", "levels", "items", "properties", "level", "enum").([]any) {
			out[kind] = append(out[kind], l.(string))
		}
	}
	return out
}

func dig(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

// kindFields names, per comparison kind, a dataset and fields of it the
// kind can compare, for rules built by the tests.
var kindFields = map[string]struct {
	dataset, fields, swap string
}{
	"name":     {"pensions", "[surname]", "forenames"},
	"date":     {"pensions", "[date_of_birth]", ""},
	"nino":     {"pensions", "[ni_number]", ""},
	"postcode": {"pensions", "[postcode]", ""},
	"address":  {"pensions", "[address_1, address_2]", ""},
	"text":     {"pensions", "[employer]", ""},
	"money":    {"pensions", "[pension_amount]", ""},
	"invoice":  {"creditors_history", "[invoice_number]", ""},
	"bank":     {"pensions", "[sort_code, bank_account]", ""},
}

// oneLevelRule is a search rule with one comparison of kind, whose first
// level is level (with every parameter a level may need).
func oneLevelRule(kind, level string) []byte {
	return levelRule(kind, "{level: "+level+", min: 0.9, days: 30, max: 1, tolerance: 0.01, percent: 5, weight: 5}")
}

// levelRule is a search rule with one comparison of kind, whose first
// level is written as lv.
func levelRule(kind, lv string) []byte {
	kf := kindFields[kind]
	swap := ""
	if kf.swap != "" {
		swap = "\n    swap_with: " + kf.swap
	}
	return []byte(`version: 1
id: one-level
left: ` + kf.dataset + `
blocking:
  - name: all
    keys: [record_id]
comparisons:
  - id: c
    kind: ` + kind + `
    fields: ` + kf.fields + swap + `
    levels:
      - ` + lv + `
      - {level: else, weight: -1}
bands: {high: 5, medium: 3, low: 1}
`)
}

// TestSchemaLevelsAgreeWithMatcher checks the schema's comparison kinds and
// their level names against what nfimatch itself accepts: every level the
// schema allows for a kind compiles, and every other level is refused by
// both.
func TestSchemaLevelsAgreeWithMatcher(t *testing.T) {
	sch := compileSchema(t)
	enums := levelEnums(t)
	var kinds []string
	for k := range enums {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var wantKinds []string
	for k := range kindFields {
		wantKinds = append(wantKinds, k)
	}
	sort.Strings(wantKinds)
	if !slices.Equal(kinds, wantKinds) {
		t.Fatalf("schema kinds = %v, want %v", kinds, wantKinds)
	}
	var all []string
	for _, k := range kinds {
		for _, l := range enums[k] {
			if !slices.Contains(all, l) {
				all = append(all, l)
			}
		}
	}
	for _, kind := range kinds {
		for _, level := range all {
			if level == "missing" || level == "else" {
				continue
			}
			text := oneLevelRule(kind, level)
			schemaOK := sch.Validate(yamlToJSON(t, text)) == nil
			r, err := rules.Parse(text, kind+"-"+level+".yaml")
			if err == nil {
				_, err = matcher.CompileRule(r)
			}
			if want := slices.Contains(enums[kind], level); schemaOK != want || (err == nil) != want {
				t.Errorf("kind %s, level %s: schema accepts %v, nfimatch error %v; want both to accept: %v", kind, level, schemaOK, err, want)
			}
		}
	}
	if err := sch.Validate(yamlToJSON(t, oneLevelRule("nino", "exact"))); err != nil {
		t.Errorf("the schema refuses a rule with a level's unused parameters, which nfimatch accepts: %v", err)
	}
}

// TestSchemaAcceptsEveryForm checks the forms the catalogue may not use
// yet, each in a rule that nfimatch also accepts: a search within one
// dataset, filters, a key with a different expression on each side, keys
// with two arguments (which YAML's [a, b] lists split unless quoted or
// written one per line), comparisons of different fields on each side,
// output.
func TestSchemaAcceptsEveryForm(t *testing.T) {
	sch := compileSchema(t)
	tests := map[string]string{
		"search": `version: 1
id: payroll-search
left: payroll
scope: across_bodies
filters:
  left: left.date_left == nil
blocking:
  - name: ni
    keys: [nino(ni_number)]
  - name: bank
    keys:
      - bank(sort_code, bank_account)
  - name: name
    keys: ["first(surname, 3)", date_of_birth]
comparisons:
  - id: ni_number
    kind: nino
    fields: [ni_number]
    levels: [{level: exact, weight: 10}, {level: missing, weight: 0}, {level: else, weight: -6}]
  - id: bank
    kind: bank
    fields: [sort_code, bank_account]
    levels: [{level: exact, weight: 8}, {level: transposed, weight: 4}]
bands: {high: 14, medium: 10, low: 8}
condition: level.ni_number == "exact" || level.bank == "exact"
output:
  left: [forenames, surname, date_started]
`,
		"link": `version: 1
id: ctr-partner
left: council_tax_reduction
right: payroll
filters:
  left: left.partner_earnings == nil
  right: right.leaver != true
blocking:
  - name: partner
    keys:
      - {left: metaphone(partner_surname), right: metaphone(surname)}
      - {left: partner_date_of_birth, right: date_of_birth}
comparisons:
  - id: surname
    label: partner's surname
    kind: name
    left_fields: [partner_surname]
    right_fields: [surname]
    levels:
      - {level: exact, weight: 5}
      - {level: jaro_winkler, min: 0.9, weight: 3}
      - {level: else, weight: -4}
  - id: date_of_birth
    kind: date
    left_fields: [partner_date_of_birth]
    right_fields: [date_of_birth]
    levels:
      - {level: exact, weight: 7}
      - {level: within_days, days: 31, weight: 2}
bands: {high: 12, medium: 10, low: 8}
amount: annual(left.reduction_amount, left.amount_frequency)
reason: '{{.Evidence}}. Paid by {{.Right.body}} since {{.Right.date_started}}.'
output:
  left: [partner_forenames, partner_surname]
  right: [forenames, surname, date_started]
`,
	}
	for name, text := range tests {
		t.Run(name, func(t *testing.T) {
			if err := sch.Validate(yamlToJSON(t, []byte(text))); err != nil {
				t.Errorf("schema refuses it: %v", err)
			}
			r, err := rules.Parse([]byte(text), name+".yaml")
			if err == nil {
				_, err = matcher.CompileRule(r)
			}
			if err != nil {
				t.Errorf("nfimatch refuses it: %v", err)
			}
		})
	}
}

// TestSchemaParametersAgreeWithMatcher checks the bounds the schema puts on
// level parameters against what nfimatch accepts.
func TestSchemaParametersAgreeWithMatcher(t *testing.T) {
	sch := compileSchema(t)
	tests := []struct {
		kind, level string
		ok          bool
	}{
		{"name", "{level: jaro_winkler, min: 0.85, weight: 3}", true},
		{"name", "{level: jaro_winkler, min: 1, weight: 3}", true},
		{"name", "{level: jaro_winkler, min: 0, weight: 3}", false},
		{"name", "{level: jaro_winkler, min: 1.5, weight: 3}", false},
		{"name", "{level: jaro_winkler, weight: 3}", false},
		{"address", "{level: tokens, min: 0.7, weight: 1}", true},
		{"address", "{level: number_and_street, weight: 1}", false},
		{"date", "{level: within_days, days: 1, weight: 2}", true},
		{"date", "{level: within_days, days: 0, weight: 2}", false},
		{"date", "{level: within_days, days: 1.5, weight: 2}", false},
		{"money", "{level: within, tolerance: 0.01, weight: 2}", true},
		{"money", "{level: within, tolerance: 0, weight: 2}", false},
		{"money", "{level: percent, percent: 99.5, weight: 2}", true},
		{"money", "{level: percent, percent: 100, weight: 2}", false},
		{"money", "{level: percent, weight: 2}", false},
		{"invoice", "{level: edit_distance, max: 3, weight: 2}", true},
		{"invoice", "{level: edit_distance, max: 0, weight: 2}", false},
		{"invoice", "{level: normalised, weight: 2}", true},
		{"bank", "{level: transposed, weight: 2}", true},
		{"name", "{level: exact, m: 0.9, u: 0.01}", true},
		{"name", "{level: exact, m: 1, u: 0.5}", true},
		{"name", "{level: exact, m: 0.9}", false},
		{"name", "{level: exact, u: 0.01}", false},
		{"name", "{level: exact, m: 0.9, u: 0.01, weight: 3}", false},
		{"name", "{level: exact, m: 0.9, u: 1}", false},
		{"name", "{level: exact, m: 0, u: 0.1}", false},
		{"name", "{level: exact, m: 1.2, u: 0.1}", false},
		{"name", "{level: exact, weight: 3, tf: true}", true},
		{"nino", "{level: exact, m: 0.95, u: 0.0001, tf: true}", true},
		{"postcode", "{level: full, weight: 3, tf: true}", true},
		{"name", "{level: jaro_winkler, min: 0.9, weight: 3, tf: true}", false},
		{"date", "{level: exact, weight: 3, tf: true}", false},
		{"bank", "{level: exact, weight: 3, tf: true}", false},
	}
	for _, tt := range tests {
		t.Run(tt.kind+" "+tt.level, func(t *testing.T) {
			text := levelRule(tt.kind, tt.level)
			serr := sch.Validate(yamlToJSON(t, text))
			r, err := rules.Parse(text, "rule.yaml")
			if err == nil {
				_, err = matcher.CompileRule(r)
			}
			if (serr == nil) != tt.ok || (err == nil) != tt.ok {
				t.Errorf("schema error %v, nfimatch error %v; want both to accept: %v", serr, err, tt.ok)
			}
		})
	}
}
