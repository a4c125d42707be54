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
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(rules.Schema()))
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
	sch := compileSchema(t)
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
			if err := sch.Validate(yamlToJSON(t, data)); err != nil {
				t.Errorf("%s does not fit the schema:\n%v", f, err)
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
	sch := compileSchema(t)
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
		{"version 2", "version: 1", "version: 2", "/version"},
		{"key with one side", "keys: [nino(ni_number)]", "keys: [{left: nino(ni_number)}]", "/blocking/0/keys/0"},
		{"key that is not an expression", "keys: [nino(ni_number)]", "keys: [\"nino(ni_number\"]", "/blocking/0/keys/0"},
		{"swap_with on a date", "    fields: [date_of_birth]\n", "    fields: [date_of_birth]\n    swap_with: date_of_death\n", "/comparisons/3/kind"},
		{"fields and left_fields", "    fields: [postcode]\n", "    fields: [postcode]\n    left_fields: [postcode]\n", "/comparisons/5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := sch.Validate(yamlToJSON(t, ruleWith(t, tt.old, tt.new)))
			if err == nil {
				t.Fatalf("schema accepts the rule with %q", tt.new)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("schema error does not mention %q:\n%v", tt.want, err)
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
