package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/rules"
)

func run(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	app := newApp()
	var out, errOut bytes.Buffer
	app.Writer, app.ErrWriter = &out, &errOut
	err = app.RunContext(context.Background(), append([]string{"nfimatch"}, args...))
	return out.String(), errOut.String(), err
}

func TestDemoCommands(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "demo")
	out, _, err := run(t, "fixtures", "--out", data, "--output", "../out", "--pensioners", "400", "--deceased", "400", "--cases", "12", "--decoys", "4")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "12 known cases") {
		t.Errorf("fixtures printed %q", out)
	}
	out, logs, err := run(t, "run", "--workers", "2", "--log-format", "json", filepath.Join(data, "job.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"12 matches: high", "over-payment £", "read_parquet(", "reports/*.parquet", "rejected 2",
		"A summary to open in a browser: " + filepath.Join(dir, "out", "summary.html"),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("run output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(logs, `"msg":"matched"`) {
		t.Errorf("json log lacks the matched line:\n%s", logs)
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "reports", "pensions-deceased.parquet")); err != nil {
		t.Errorf("report not written: %v", err)
	}
	// Under a budget the data does not fit, the report is matched in
	// partitions and finds the same cases.
	memOut, memLogs, err := run(t, "run", "--workers", "2", "--memory", "64KiB", filepath.Join(data, "job.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(memOut, "12 matches: high") || !strings.Contains(memOut, "partitions per blocking pass") || !strings.Contains(memLogs, "msg=partitioning") {
		t.Errorf("run --memory 64KiB printed:\n%s\nlogged:\n%s", memOut, memLogs)
	}
	logs += memLogs

	// Neither the printed summary, the log nor the summary page carries a
	// surname, NI number or date of birth from the data.
	page, err := os.ReadFile(filepath.Join(dir, "out", "summary.html"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(data, "deceased.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '|'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	printed := strings.ToUpper(out + logs)
	// The page outside its style sheet and script: dates and NI numbers
	// are looked for in its text, surnames among its words, since its
	// English could hold one ("blocking" holds KING).
	text := strings.ToUpper(regexp.MustCompile(`(?s)<style>.*?</style>|<script>.*?</script>`).ReplaceAllString(string(page), " "))
	words := map[string]bool{}
	for _, w := range regexp.MustCompile(`[^\pL\pN]+`).Split(text, -1) {
		words[w] = true
	}
	for _, row := range rows[1:] {
		for _, v := range []string{row[3], row[4], row[5]} { // surname, date of birth, NI number
			v = strings.ToUpper(strings.TrimSpace(v))
			if len(v) >= 4 && strings.Contains(printed, v) {
				t.Errorf("personal value %q printed", v)
			}
			if len(v) >= 4 && (words[v] || strings.ContainsAny(v, "0123456789") && strings.Contains(text, v)) {
				t.Errorf("personal value %q in the summary page", v)
			}
		}
	}
}

func TestParseBytes(t *testing.T) {
	cases := []struct {
		in   string
		want int64
	}{
		{"4GiB", 4 << 30}, {"4gib", 4 << 30}, {"500MB", 500e6}, {"1.5G", 3 << 29}, {"512M", 512 << 20},
		{"64 KiB", 64 << 10}, {"1048576", 1 << 20}, {"10B", 10},
		{"", -1}, {"GiB", -1}, {"-1GB", -1}, {"0", -1}, {"4 gigs", -1}, {"1e30", -1},
	}
	for _, tc := range cases {
		got, err := parseBytes(tc.in)
		if tc.want < 0 {
			if err == nil {
				t.Errorf("parseBytes(%q) = %d, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("parseBytes(%q) = %d, %v, want %d", tc.in, got, err, tc.want)
		}
	}
}

func TestRunErrors(t *testing.T) {
	if _, _, err := run(t, "run"); err == nil {
		t.Error("run without a job file succeeded")
	}
	_, _, err := run(t, "run", filepath.Join(t.TempDir(), "missing.yaml"))
	if err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("run missing.yaml = %v, want an error naming the file", err)
	}
}

func TestRulesCommands(t *testing.T) {
	out, _, err := run(t, "rules", "list")
	if err != nil || !strings.Contains(out, "pensions-deceased") || !strings.Contains(out, "pensions -> deceased") {
		t.Errorf("rules list = %q, %v", out, err)
	}
	shown, _, err := run(t, "rules", "show", "pensions-deceased")
	if err != nil || !strings.HasPrefix(shown, "# Pensions to DWP deceased") || !strings.Contains(shown, "blocking:") {
		t.Errorf("rules show = %q, %v", shown, err)
	}

	// A user copies the built-in rule and changes it: the copy validates,
	// a broken copy lists every problem and fails.
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(good, []byte(strings.Replace(shown, "low: 9", "low: 12", 1)), 0o644)
	bad := filepath.Join(dir, "bad.yaml")
	broken := strings.Replace(shown, "fields: [surname]", "fields: [surnme]", 1)
	broken = strings.Replace(broken, "kind: postcode", "kind: zipcode", 1)
	broken = strings.Replace(broken, "medium: 13", "medium: 30", 1)
	os.WriteFile(bad, []byte(broken), 0o644)
	out, _, err = run(t, "rules", "validate", good)
	if err != nil || !strings.Contains(out, "good.yaml: ok: rule pensions-deceased (pensions -> deceased), 5 blocking passes, 6 comparisons") {
		t.Errorf("rules validate good.yaml = %q, %v", out, err)
	}
	out, _, err = run(t, "rules", "validate", good, bad)
	if err == nil || !strings.Contains(err.Error(), "1 of 2 rule files have problems") {
		t.Errorf("rules validate with a bad file: error %v", err)
	}
	for _, want := range []string{`bad.yaml:45:14: comparison surname: datasets pensions and deceased have no field "surnme" (did you mean surname?)`, `unknown kind "zipcode"`, "bands: need high >= medium >= low, got 18, 30, 9"} {
		if !strings.Contains(out, want) {
			t.Errorf("rules validate output lacks %s:\n%s", want, out)
		}
	}
	if _, _, err := run(t, "rules", "show", "no-such-rule"); err == nil {
		t.Error("rules show no-such-rule succeeded")
	}
}

func TestRulesSchemaCommand(t *testing.T) {
	out, _, err := run(t, "rules", "schema")
	if err != nil || out != string(rules.Schema()) {
		t.Errorf("rules schema = %.80q..., %v; want rules.Schema()", out, err)
	}
}

func TestDatasetsCommands(t *testing.T) {
	out, _, err := run(t, "datasets")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range extract.Types() {
		if !strings.Contains(out, "\n"+name+" ") {
			t.Errorf("datasets does not list %s:\n%s", name, out)
		}
	}
	out, _, err = run(t, "datasets", "show", "deceased")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"date_of_death", "required", "DOD", "surname", "last name", "KIND", "  date  ", "NI number",
		"<field>_original", "surname_original"} {
		if !strings.Contains(strings.ToLower(out), strings.ToLower(want)) {
			t.Errorf("datasets show deceased lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "date32") {
		t.Errorf("datasets show prints Arrow types, want kinds:\n%s", out)
	}
	for _, name := range extract.Types() {
		ds, _ := extract.Lookup(name)
		out, _, err := run(t, "datasets", "show", name)
		if err != nil {
			t.Errorf("datasets show %s: %v", name, err)
			continue
		}
		for _, f := range ds.Fields {
			if !strings.Contains(out, "\n"+f.Name+" ") {
				t.Errorf("datasets show %s does not list field %s", name, f.Name)
			}
		}
	}
	if _, _, err := run(t, "datasets", "show", "payroll2"); err == nil {
		t.Error("datasets show of an unknown type succeeded")
	}
}

func TestExtractCommand(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "dwp.csv")
	os.WriteFile(in, []byte("DWP Reference|Surname|Date of Death\nD1|Smith|01022025\nD2|Jones|31022025\n"), 0o644)
	out, _, err := run(t, "extract", "--dataset", "deceased", "--body", "DWP", "--out", filepath.Join(dir, "x"), in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "dwp.csv: read 2 = loaded 1 + rejected 1") || !strings.Contains(out, "dwp.arrow") {
		t.Errorf("extract printed %q", out)
	}
	if _, _, err := run(t, "extract", "--dataset", "nosuchtype", "--body", "X", in); err == nil {
		t.Error("extract with an unknown dataset type succeeded")
	}
}

// TestExtractCommandMapping reads a header-less file through a mapping, and
// refuses a mapping with a mistake, naming its line and column.
func TestExtractCommandMapping(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "dwp.txt")
	os.WriteFile(in, []byte("D1~Smith~2025-02-01\nD2~Jones~2025-02-31\nD3~Lee~2025-03-04\n"), 0o644)
	mapping := filepath.Join(dir, "dwp.map.yaml")
	os.WriteFile(mapping, []byte("version: 1\ndataset: deceased\ndelimiter: '~'\nheader: false\n"+
		"columns: [{name: REF}, {name: NAME}, {name: DIED}]\n"+
		"fields:\n  record_id: REF\n  surname: NAME\n  date_of_death: {column: DIED, date_format: yyyy-mm-dd}\n"), 0o644)
	out, _, err := run(t, "extract", "--dataset", "deceased", "--body", "DWP", "--mapping", mapping, "--out", dir, in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "dwp.txt: read 3 = loaded 2 + rejected 1") {
		t.Errorf("extract printed %q", out)
	}
	rejects, err := os.ReadFile(filepath.Join(dir, "dwp.rejects.csv"))
	if err != nil || !strings.Contains(string(rejects), "dwp.txt,2,date_of_death,") {
		t.Errorf("rejects %q, %v: want line 2's date of death", rejects, err)
	}
	os.WriteFile(mapping, []byte("version: 1\nheader: false\ncolumns: [{name: REF}]\nfields:\n  surname: {colmn: NAME}\n"), 0o644)
	_, _, err = run(t, "extract", "--dataset", "deceased", "--body", "DWP", "--mapping", mapping, "--out", dir, in)
	if err == nil || !strings.Contains(err.Error(), "dwp.map.yaml:5:13: unknown key \"colmn\"") {
		t.Errorf("a mapping with an unknown key: error %v, want its line and column", err)
	}
}
