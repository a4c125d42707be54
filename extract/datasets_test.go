package extract

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// TestDatasetDefinitions checks what every dataset type must have: a
// documented type, record_id first and required, lower_snake_case field
// names that are unique and cannot clash with the body or _original columns,
// a Doc on every field, and, on a person dataset, the shared person fields
// in their documented order with a required surname. That no header name is
// claimed by two fields is TestHeaderKeysUnique's job.
func TestDatasetDefinitions(t *testing.T) {
	person := personFields("")
	for _, name := range Types() {
		ds, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) {
			if !snakeCase.MatchString(ds.Type) || strings.TrimSpace(ds.Doc) == "" {
				t.Errorf("dataset %q: type must be lower_snake_case and Doc non-empty (Doc %q)", ds.Type, ds.Doc)
			}
			if len(ds.Fields) == 0 || ds.Fields[0].Name != "record_id" || ds.Fields[0].Kind != KindID || !ds.Fields[0].Required {
				t.Fatalf("first field = %+v, want a required record_id of kind reference", ds.Fields[0])
			}
			names := map[string]bool{BodyField: true}
			for _, f := range ds.Fields {
				if !snakeCase.MatchString(f.Name) {
					t.Errorf("field %q: name is not lower_snake_case", f.Name)
				}
				if names[f.Name] {
					t.Errorf("field %q: name used twice, or clashes with %s", f.Name, BodyField)
				}
				names[f.Name] = true
				if strings.HasSuffix(f.Name, OriginalSuffix) {
					t.Errorf("field %q: ends with %s, which names the columns of values as supplied", f.Name, OriginalSuffix)
				}
				if strings.TrimSpace(f.Doc) == "" || strings.ContainsAny(f.Doc, "\n|") {
					t.Errorf("field %s: Doc %q must be one line of text without |", f.Name, f.Doc)
				}
				if int(f.Kind) < 0 || int(f.Kind) >= len(kindNames) {
					t.Errorf("field %s: kind %d is not defined", f.Name, f.Kind)
				}
				for _, a := range f.Aliases {
					if headerKey(a) == "" || a != strings.TrimSpace(a) || a != strings.ToLower(a) {
						t.Errorf("field %s: alias %q must be lower case, trimmed and hold a letter or digit", f.Name, a)
					}
				}
			}
			if _, ok := ds.Field("surname"); !ok {
				return
			}
			for i, p := range person {
				if i >= len(ds.Fields) || ds.Fields[i].Name != p.Name || ds.Fields[i].Kind != p.Kind || ds.Fields[i].Required != p.Required {
					t.Fatalf("field %d = %+v, want personFields' %s (%s, required %v): person datasets start with personFields",
						i, ds.Fields[min(i, len(ds.Fields)-1)], p.Name, p.Kind, p.Required)
				}
			}
		})
	}
}

// TestPersonFieldsOrder pins the order of the shared person fields: every
// extract and rule written against the first release depends on it, and new
// fields go at the end.
func TestPersonFieldsOrder(t *testing.T) {
	var got []string
	for _, f := range personFields("") {
		got = append(got, f.Name)
	}
	want := []string{"record_id", "title", "forenames", "middle_names", "surname", "date_of_birth", "ni_number",
		"address_1", "address_2", "address_3", "address_4", "postcode", "name_suffix", "uprn", "flat", "house_number"}
	if !slices.Equal(got, want) {
		t.Errorf("personFields names = %q, want %q", got, want)
	}
}

func TestSecondPerson(t *testing.T) {
	got := secondPerson("partner", "partner", true, "partner", "partner's")
	var names []string
	for _, f := range got {
		names = append(names, f.Name)
		if f.Required {
			t.Errorf("%s is required; a second person is always optional", f.Name)
		}
	}
	want := []string{"partner_title", "partner_forenames", "partner_middle_names", "partner_surname", "partner_date_of_birth", "partner_ni_number"}
	if !slices.Equal(names, want) {
		t.Errorf("secondPerson names = %q, want %q", names, want)
	}
	if len(secondPerson("second", "second", false, "second")) != len(want)-1 {
		t.Error("secondPerson without NI still has an ni_number field")
	}
	surname := got[3]
	for _, h := range []string{"Partner Surname", "Partner's Last Name", "PARTNER_FAMILY_NAME", "partner last-name"} {
		if headerColumn(surname, map[string]int{headerKey(h): 0}) != 0 {
			t.Errorf("partner_surname does not recognise header %q (aliases %q)", h, surname.Aliases)
		}
	}
	for _, h := range []string{"Surname", "Last Name", "Second Surname"} {
		if headerColumn(surname, map[string]int{headerKey(h): 0}) == 0 {
			t.Errorf("partner_surname claims header %q, which is not the partner's", h)
		}
	}
}

// TestDatasetFilesCoverRegistry checks that every dataset type has a test
// file, that each file's header names a column for every field of its type
// and nothing else, and that most headers are the names councils use
// rather than the canonical ones, so that the aliases are exercised. A
// field the Reader derives when the file has no column for it (flat and
// house_number from the address lines, name_suffix from the names) may go
// without one; TestDatasetFiles checks the derived values.
func TestDatasetFilesCoverRegistry(t *testing.T) {
	for _, name := range Types() {
		ds, _ := Lookup(name)
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "datasets", name+".csv")
			f, err := os.Open(path)
			if err != nil {
				t.Fatalf("no test file for dataset %s: %v", name, err)
			}
			defer f.Close()
			src, err := NewDelimitedSource(f, path, 0, nil)
			if err != nil {
				t.Fatal(err)
			}
			header := src.Columns()
			plan, err := planFields(path, ds, header, nil)
			if err != nil {
				t.Fatal(err)
			}
			dv := planDerived(ds, plan)
			derived := map[int]bool{dv.suffix: true, dv.flat: true, dv.number: true}
			used := map[int]bool{}
			for fi, p := range plan {
				if p.col < 0 && !derived[fi] {
					t.Errorf("no column for field %s", p.field.Name)
				}
				used[p.col] = true
			}
			canonical := 0
			for c, h := range header {
				if !used[c] {
					t.Errorf("column %q maps to no field", h)
				}
				if _, ok := ds.Field(strings.ToLower(strings.ReplaceAll(strings.TrimSpace(h), " ", "_"))); ok {
					canonical++
				}
			}
			if canonical*2 > len(header) {
				t.Errorf("%d of %d headers are canonical field names; use the names councils use", canonical, len(header))
			}
		})
	}
}
