package extract

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/datasets.md from the dataset registry")

// datasetsDoc is the reference page generated from the registry.
const datasetsDoc = "../docs/datasets.md"

// TestDatasetsDoc fails when docs/datasets.md no longer describes the
// registered dataset types. After changing a dataset, regenerate the page
// with `go generate ./extract` (which runs this test with -update) and
// review the diff.
func TestDatasetsDoc(t *testing.T) {
	got := datasetsMarkdown()
	if *update {
		if err := os.MkdirAll(filepath.Dir(datasetsDoc), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(datasetsDoc, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(datasetsDoc)
	if err != nil {
		t.Fatalf("%v: generate it with go generate ./extract", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		i := 0
		for i < len(gl) && i < len(wl) && gl[i] == wl[i] {
			i++
		}
		t.Errorf("docs/datasets.md is out of date with the dataset registry, from line %d; "+
			"regenerate it with go generate ./extract (or go test ./extract -run TestDatasetsDoc -update) and commit it", i+1)
	}
}

// kindDocs say how each kind is read, for the page's table of kinds.
var kindDocs = map[Kind]string{
	KindID:        "kept as given, trimmed",
	KindText:      "trimmed, runs of spaces collapsed",
	KindName:      "upper case, accents folded, apostrophes and full stops dropped, hyphens as spaces, Mc/Mac/O joined: O'Brien-Smith -> OBRIEN SMITH",
	KindTitle:     "standard form: Mister -> MR, Dr. -> DR",
	KindAddress:   "upper case, punctuation dropped, street words expanded: 12 Mill Rd. -> 12 MILL ROAD",
	KindPostcode:  "upper case with one space, format checked: eb34qt -> EB3 4QT",
	KindNINO:      "upper case without spaces, format and issued prefixes checked: ab 12 34 56 c -> AB123456C",
	KindDate:      "ddmmyyyy or ddmmyy, with or without separators, or yyyy-mm-dd; a mapping can declare another layout",
	KindMoney:     "whole pence, the NFI rule (12345 is £123.45); a value in pounds (123.45) is read as pounds with a warning",
	KindFrequency: "WEEKLY, FORTNIGHTLY, FOUR_WEEKLY, MONTHLY, QUARTERLY or ANNUAL, from the usual codes and words (W, 4W, M, Monthly...)",
	KindSortCode:  "six digits: 12-34-56 -> 123456",
	KindAccount:   "eight digits; six and seven digit numbers padded with leading zeros",
	KindFlag:      "true for Y, Yes, T, True or 1; false for N, No, F, False or 0",
	KindCode:      "upper case, runs of spaces collapsed; a mapping's code table can translate local codes",
	KindInt:       "a whole number, thousands commas allowed",
	KindUPRN:      "digits without leading zeros, at most 12",
	KindEmail:     "lower case, shape checked",
	KindPhone:     "digits only, +44 written as 0, 10 or 11 digits",
	KindSex:       "M, F or X, from codes and words (Male, F, Unknown...)",
	KindVAT:       "GB and nine (or twelve) digits, HMRC check digits verified",
}

// datasetsMarkdown renders docs/datasets.md from the registry.
func datasetsMarkdown() []byte {
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# Dataset types\n\n")
	p("<!-- Generated from the dataset registry (extract/datasets*.go) by TestDatasetsDoc in\n")
	p("     extract/datasets_doc_test.go. Do not edit: run `go generate ./extract`. -->\n\n")
	p("Every input nfimatch reads is one of these dataset types. `nfimatch datasets` lists them and\n")
	p("`nfimatch datasets show TYPE` prints one type's fields.\n\n")
	p("## How a file becomes a dataset\n\n")
	p("- **Columns to fields.** A column is read into a field when its header is the field's name or one of\n")
	p("  the header names listed for it. Case, spaces and punctuation do not count: `Date of Birth`,\n")
	p("  `date_of_birth` and `DATE-OF-BIRTH` are the same header. Columns that name no field are ignored;\n")
	p("  a header with two columns for one field is refused. A mapping file can name the column for a\n")
	p("  field, declare a date layout, money in pounds, a code table, or a constant for a whole file.\n")
	p("- **Required fields.** A row without a valid value for a required field, or whose `record_id`\n")
	p("  repeats an earlier row's, is rejected with its line, field and reason. A bad value in an optional\n")
	p("  field is loaded as blank (NULL) and counted as a warning.\n")
	p("- **Columns of an extract.** Every record batch starts with `%s`, the body that supplied the data\n", BodyField)
	p("  (taken from the job, not the file), then the fields in the order listed below. After them, each\n")
	p("  field whose kind is not *%s* or *%s* has a `<field>%s` column holding the value exactly as\n", KindID, KindText, OriginalSuffix)
	p("  supplied (`surname%s` beside `surname`), so that a reviewer sees what the participant sent and\n", OriginalSuffix)
	p("  why a value was blanked.\n")
	p("- **People.** Person datasets share the identity and address fields `record_id` to `uprn`. Where a\n")
	p("  record names two people, the second has prefixed fields (`partner_surname`,\n")
	p("  `second_liable_surname`); housing tenants are one row per named tenant instead.\n\n")

	p("## Kinds\n\n")
	p("| kind | stored as | how a value is read |\n|---|---|---|\n")
	for k := range Kind(len(kindNames)) {
		p("| %s | %s | %s |\n", k, k.ArrowType(), mdCell(kindDocs[k]))
	}

	p("\n## Types\n\n")
	p("| type | what it holds |\n|---|---|\n")
	for _, name := range Types() {
		ds, _ := Lookup(name)
		p("| [`%s`](#%s) | %s |\n", name, name, mdCell(ds.Doc))
	}
	for _, name := range Types() {
		ds, _ := Lookup(name)
		originals := 0
		for _, f := range ds.Fields {
			if f.Kind.KeepsOriginal() {
				originals++
			}
		}
		p("\n## %s\n\n%s.\n\n", name, upperFirst(ds.Doc))
		p("Columns: `%s`, the %d fields below in order, then %d `%s` columns.\n\n", BodyField, len(ds.Fields), originals, OriginalSuffix)
		p("| field | kind | required | meaning | header names recognised besides the field name |\n|---|---|---|---|---|\n")
		for _, f := range ds.Fields {
			req := "optional"
			if f.Required {
				req = "**required**"
			}
			p("| `%s` | %s | %s | %s | %s |\n", f.Name, f.Kind, req, mdCell(f.Doc), mdCell(strings.Join(f.Aliases, ", ")))
		}
	}
	return b.Bytes()
}

// mdCell escapes text for a Markdown table cell.
func mdCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// TestKindDocs checks that the page explains every kind.
func TestKindDocs(t *testing.T) {
	for k := range Kind(len(kindNames)) {
		if kindDocs[k] == "" {
			t.Errorf("kindDocs has nothing for kind %s", k)
		}
	}
}
