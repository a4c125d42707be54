package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nfimatch/nfimatch/matcher"
	"github.com/nfimatch/nfimatch/rules"
)

// TestTrain trains the pensions-deceased rule on a synthetic borough and
// checks that a rule using the parameters file loads, and that agreeing on
// name and date of birth counts for a match and disagreeing against.
func TestTrain(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "demo")
	if _, _, err := run(t, "fixtures", "--out", data, "--pensioners", "600", "--deceased", "600", "--cases", "60", "--decoys", "6"); err != nil {
		t.Fatal(err)
	}
	params := filepath.Join(dir, "rules", "pensions-deceased.params.yaml")
	if err := os.MkdirAll(filepath.Dir(params), 0o755); err != nil {
		t.Fatal(err)
	}
	args := []string{"train", "--job", filepath.Join(data, "job.yaml"), "--report", "pensions-deceased", "--out", params, "--pairs", "50000", "--workers", "2"}
	out, _, err := run(t, args...)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"trained rule pensions-deceased on", "50000 random pairs", "COMPARISON", "date_of_birth", "wrote " + params} {
		if !strings.Contains(out, want) {
			t.Errorf("train printed no %q:\n%s", want, out)
		}
	}
	// Same seed, same file.
	first, err := os.ReadFile(params)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := run(t, args...); err != nil {
		t.Fatal(err)
	}
	again, _ := os.ReadFile(params)
	if string(first) != string(again) {
		t.Error("training twice with the same seed wrote different files")
	}

	// A copy of the rule beside the file uses it.
	text, err := rules.CatalogueText("pensions-deceased")
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(string(text), "\nblocking:", "\nmodel: {parameters: pensions-deceased.params.yaml}\nblocking:", 1)
	rulePath := filepath.Join(dir, "rules", "pensions-deceased.yaml")
	if err := os.WriteFile(rulePath, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := rules.Read(rulePath)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := matcher.CompileRule(r)
	if err != nil {
		t.Fatal(err)
	}
	if !plan.Rule.HasPrior() {
		t.Error("the trained rule has no prior")
	}
	for _, c := range plan.Comparisons {
		if c.ID != "surname" && c.ID != "forenames" && c.ID != "date_of_birth" {
			continue
		}
		for _, l := range c.Levels {
			switch {
			case l.Level == "exact" && !(l.Weight > 3):
				t.Errorf("%s exact: weight %.2f, want clearly positive", c.ID, l.Weight)
			case l.Level == "else" && !(l.Weight < -1):
				t.Errorf("%s else: weight %.2f, want clearly negative", c.ID, l.Weight)
			}
		}
	}

	// The trained file names no person: no surname from the data is in
	// it, nor in what train printed.
	deceased, err := os.ReadFile(filepath.Join(data, "deceased.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(deceased), "\n")[1:20] {
		for _, cell := range strings.FieldsFunc(line, func(r rune) bool { return r == '|' || r == ',' }) {
			cell = strings.Trim(cell, "\" \r")
			if len(cell) < 5 {
				continue
			}
			if strings.Contains(out, cell) || strings.Contains(string(first), cell) {
				t.Errorf("train wrote a value from the data: %q", cell)
			}
		}
	}
}
