package outcome

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var known = map[string]string{
	"aaaa000000000000000a": "pensions-deceased",
	"bbbb000000000000000b": "pensions-deceased",
	"cccc000000000000000c": "spd-electoral",
}

func TestParseAcceptsInvestigatorsWriting(t *testing.T) {
	in := "Match ID,Outcome,Amount to recover,Outcome date,Notes\n" +
		"AAAA000000000000000A,Fraud,\"£1,234.56\",15/01/2027,recovery started\n" +
		"bbbb000000000000000b,no issue,,2027-02-01,\n" +
		",,,,\n" + // blank rows are skipped
		"cccc000000000000000c,Under-Investigation,,,\n"
	got, err := Parse(strings.NewReader(in), "outcomes.csv", known)
	if err != nil {
		t.Fatal(err)
	}
	want := []Record{
		{MatchID: "aaaa000000000000000a", Report: "pensions-deceased", Outcome: Fraud, Recover: 123456, HasRecover: true, Date: 20833, HasDate: true, Note: "recovery started"},
		{MatchID: "bbbb000000000000000b", Report: "pensions-deceased", Outcome: NoIssue, Date: 20850, HasDate: true},
		{MatchID: "cccc000000000000000c", Report: "spd-electoral", Outcome: UnderInvestigation},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Parse =\n%+v\nwant\n%+v", got, want)
	}
}

func TestParseListsEveryProblemWithItsLine(t *testing.T) {
	in := "match_id,outcome,amount_to_recover,date,note\n" +
		"aaaa000000000000000a,fraud,12.50,01/02/2027,ok\n" + // line 2: fine
		"ffff000000000000000f,fraud,1,01/02/2027,\n" + // 3: unknown id
		"bbbb000000000000000b,fraudulent,,01/02/2027,\n" + // 4: bad outcome
		"cccc000000000000000c,error,-5,31/02/2027,\n" + // 5: negative amount and no such date
		"aaaa000000000000000a,closed,,01/03/2027,\n" + // 6: repeated id
		"bbbb000000000000000b,closed,,,\n" + // 7: closed needs a date
		",error,12,01/02/2027,\n" + // 8: no id
		"cccc000000000000000c,no issue,40.00,01/02/2027,\n" // 9: no issue with money
	_, err := Parse(strings.NewReader(in), "team.csv", known)
	var bad *InvalidError
	if !errors.As(err, &bad) {
		t.Fatalf("Parse error = %v, want *InvalidError", err)
	}
	want := []struct {
		line  int
		field string
		says  string
	}{
		{3, "match_id", "not a match in these reports"},
		{4, "outcome", `"fraudulent" is not one of`},
		{5, "amount_to_recover", "negative"},
		{5, "date", `"31/02/2027" is not a date`},
		{6, "match_id", "given again (first on line 2)"},
		{7, "date", "required when the outcome is closed"},
		{8, "match_id", "required"},
		{9, "amount_to_recover", "no issue has nothing to recover"},
	}
	if len(bad.Problems) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%v", len(bad.Problems), len(want), err)
	}
	for i, w := range want {
		p := bad.Problems[i]
		if p.Line != w.line || p.Field != w.field || !strings.Contains(p.Msg, w.says) {
			t.Errorf("problem %d = %s, want line %d: %s: ...%s...", i, p, w.line, w.field, w.says)
		}
	}
	if !strings.HasPrefix(err.Error(), "team.csv: 8 problem(s), nothing imported") {
		t.Errorf("error starts %q", strings.SplitN(err.Error(), "\n", 2)[0])
	}
}

func TestParseRefusesABadHeader(t *testing.T) {
	for name, in := range map[string]string{
		"empty":          "",
		"unknown column": "match_id,outcome,colour\n",
		"no outcome":     "match_id,note\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(in), "x.csv", known)
			var bad *InvalidError
			if !errors.As(err, &bad) || len(bad.Problems) != 1 {
				t.Fatalf("Parse error = %v, want one problem", err)
			}
		})
	}
}

func TestStoreRoundTripAndMerge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out", StoreFile)
	if got, err := Load(path); err != nil || got != nil {
		t.Fatalf("Load of no store = %v, %v; want nothing", got, err)
	}
	first := []Record{
		{MatchID: "bbbb000000000000000b", Report: "pensions-deceased", Outcome: UnderInvestigation},
		{MatchID: "aaaa000000000000000a", Report: "pensions-deceased", Outcome: Fraud, Recover: 5, HasRecover: true, Date: 20833, HasDate: true, Note: `says "hello", twice`},
	}
	merged, added, replaced := Merge(nil, first)
	if added != 2 || replaced != 0 || merged[0].MatchID != "aaaa000000000000000a" {
		t.Fatalf("Merge = %v added %d replaced %d", merged, added, replaced)
	}
	if err := Save(path, merged); err != nil {
		t.Fatal(err)
	}
	back, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, merged) {
		t.Fatalf("Load after Save =\n%+v\nwant\n%+v", back, merged)
	}
	later := []Record{{MatchID: "bbbb000000000000000b", Report: "pensions-deceased", Outcome: Closed, Date: 20900, HasDate: true}}
	merged, added, replaced = Merge(back, later)
	if added != 0 || replaced != 1 || len(merged) != 2 || merged[1].Outcome != Closed {
		t.Errorf("second Merge = %+v added %d replaced %d", merged, added, replaced)
	}
}

func TestReviewedOutcomes(t *testing.T) {
	for _, k := range Kinds {
		if got, want := k.Reviewed(), k != UnderInvestigation; got != want {
			t.Errorf("%s.Reviewed() = %v, want %v", k, got, want)
		}
	}
}
