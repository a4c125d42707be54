package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// matchLine reads "N matches: high H, medium M, low L" from run output.
var matchLine = regexp.MustCompile(`(\d+) matches: high (\d+), medium (\d+), low (\d+)`)

func bandCounts(t *testing.T, out string) [4]int {
	t.Helper()
	m := matchLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no match counts in the run output:\n%s", out)
	}
	var n [4]int
	for i := range n {
		n[i], _ = strconv.Atoi(m[i+1])
	}
	return n
}

// TestCopyChangeRunRule is what docs/rules.md walks an analyst through: copy
// a built-in rule, change a threshold or the blocking passes, run the job
// with the copy, and see the change in the report.
func TestCopyChangeRunRule(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "demo")
	if _, _, err := run(t, "fixtures", "--out", data, "--output", "../out", "--pensioners", "400", "--deceased", "400", "--cases", "30", "--decoys", "6"); err != nil {
		t.Fatal(err)
	}
	jobPath := filepath.Join(data, "job.yaml")
	out, _, err := run(t, "run", jobPath)
	if err != nil {
		t.Fatal(err)
	}
	base := bandCounts(t, out)
	if base[0] < 20 || base[2]+base[3] == 0 {
		t.Fatalf("baseline run: %v; want some matches below high for the test to mean anything", base)
	}
	shown, _, err := run(t, "rules", "show", "pensions-deceased")
	if err != nil {
		t.Fatal(err)
	}
	job, err := os.ReadFile(jobPath)
	if err != nil {
		t.Fatal(err)
	}
	// runCopy writes rule text as my-rule.yaml, points the job at it and
	// runs it.
	runCopy := func(rule string) [4]int {
		t.Helper()
		if err := os.WriteFile(filepath.Join(data, "my-rule.yaml"), []byte(rule), 0o644); err != nil {
			t.Fatal(err)
		}
		j := strings.Replace(string(job), "- rule: pensions-deceased", "- file: my-rule.yaml", 1)
		if err := os.WriteFile(jobPath, []byte(j), 0o644); err != nil {
			t.Fatal(err)
		}
		out, _, err := run(t, "run", jobPath)
		if err != nil {
			t.Fatalf("run with the copied rule: %v", err)
		}
		if !strings.Contains(out, filepath.Join("reports", "my-rule.parquet")) {
			t.Errorf("the report is not named after the rule file:\n%s", out)
		}
		return bandCounts(t, out)
	}

	// Raise the floor to the high band: only the high matches remain.
	raised := strings.NewReplacer("medium: 13", "medium: 18", "low: 9", "low: 18").Replace(shown)
	if raised == shown {
		t.Fatal("the shipped bands changed: update this test")
	}
	if got := runCopy(raised); got != [4]int{base[1], base[1], 0, 0} {
		t.Errorf("with the floor at 18: %v, want only the %d high matches of %v", got, base[1], base)
	}

	// Keep the NI number pass alone, then add a name and date of birth
	// pass back: pensions with no NI number are found again.
	passes := regexp.MustCompile(`(?s)\nblocking:\n.*?\n\n# Weights`)
	if !passes.MatchString(shown) {
		t.Fatal("cannot find the blocking passes in the shipped rule: update this test")
	}
	niOnly := passes.ReplaceAllString(shown, "\nblocking:\n  - name: ni_number\n    keys: [nino(ni_number)]\n\n# Weights")
	withPass := passes.ReplaceAllString(shown, "\nblocking:\n  - name: ni_number\n    keys: [nino(ni_number)]\n  - name: dob_surname\n    keys: [date_of_birth, metaphone(surname)]\n\n# Weights")
	a, b := runCopy(niOnly), runCopy(withPass)
	if !(a[0] < b[0] && b[0] <= base[0]) {
		t.Errorf("matches: NI pass alone %d, with a name and birth date pass %d, shipped rule %d; want the added pass to find more", a[0], b[0], base[0])
	}
}

// TestCatalogueFixturesRun: the scenarios of every built-in rule, written
// as one job, run, and each report holds as many matches as its scenario
// has cases.
func TestCatalogueFixturesRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "catalogue")
	if _, _, err := run(t, "fixtures", "--catalogue", "--out", dir, "--output", "out"); err != nil {
		t.Fatal(err)
	}
	truth, err := os.ReadFile(filepath.Join(dir, "truth.csv"))
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(string(truth)), "\n")[1:] {
		f := strings.Split(line, ",")
		if f[1] == "case" {
			cases[f[0]]++
		}
	}
	out, _, err := run(t, "run", filepath.Join(dir, "job.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	listed, _, err := run(t, "rules", "list")
	if err != nil {
		t.Fatal(err)
	}
	ids := 0
	for _, line := range strings.Split(listed, "\n")[1:] {
		id, _, _ := strings.Cut(line, " ")
		if id == "" {
			continue
		}
		ids++
		if cases[id] == 0 {
			t.Errorf("rule %s has no cases in the catalogue fixtures", id)
			continue
		}
		at := strings.Index(out, "  "+id+": ")
		if at < 0 {
			t.Errorf("the run output has no report %s", id)
			continue
		}
		section := out[at:]
		if n := bandCounts(t, section)[0]; n != cases[id] {
			t.Errorf("report %s: %d matches, want its %d cases", id, n, cases[id])
		}
	}
	if ids != len(cases) {
		t.Errorf("rules list shows %d rules, the fixtures have cases for %d", ids, len(cases))
	}
}
