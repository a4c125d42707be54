package matcher

import (
	"context"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/rules"
)

// Test data is synthetic: invented people, NI numbers of the form AB123456C.

const (
	pensionsBody = "Test Council"
	deceasedBody = "DWP"
)

// row is one input record keyed by canonical field name; fields left out are
// blank in the file.
type row map[string]string

// csvText writes rows as a delimited file whose header lists every canonical
// field of ds. Required fields left out get a harmless default so that a
// test can leave out whatever it is not about: record_id R<n>, surname DOE
// and date_of_death 01/01/2020.
func csvText(ds *extract.Dataset, rows []row) string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	header := make([]string, len(ds.Fields))
	for i, f := range ds.Fields {
		header[i] = f.Name
	}
	_ = w.Write(header)
	for n, r := range rows {
		rec := make([]string, len(ds.Fields))
		for i, f := range ds.Fields {
			v, ok := r[f.Name]
			if !ok && f.Required {
				switch f.Name {
				case "record_id":
					v = fmt.Sprintf("R%d", n+1)
				case "surname":
					v = "DOE"
				case "date_of_death":
					v = "01012020"
				}
			}
			rec[i] = v
		}
		_ = w.Write(rec)
	}
	w.Flush()
	return b.String()
}

// readTable reads text as a file of ds supplied by body into a Table. Any
// rejected row fails the test: a fixture must load as written.
func readTable(t testing.TB, ds *extract.Dataset, body, text string, cfg extract.DelimitedConfig) *Table {
	t.Helper()
	ctx := context.Background()
	rejects := extract.RejectFunc(func(r extract.Reject) error {
		t.Errorf("fixture row rejected: line %d field %s: %s", r.Line, r.Field, r.Reason)
		return nil
	})
	rd, err := extract.NewDelimitedReader(ctx, strings.NewReader(text), "test.csv", ds, body, cfg, rejects)
	if err != nil {
		t.Fatalf("NewDelimitedReader: %v", err)
	}
	defer rd.Release()
	tbl, err := NewTable(ctx, ds, rd)
	if err != nil {
		t.Fatalf("NewTable: %v", err)
	}
	return tbl
}

// table builds a Table of ds from rows, supplied by the usual body for ds.
func table(t testing.TB, ds *extract.Dataset, rows ...row) *Table {
	t.Helper()
	body := pensionsBody
	if ds == extract.Deceased {
		body = deceasedBody
	}
	tbl := readTable(t, ds, body, csvText(ds, rows), extract.DefaultDelimitedConfig())
	if tbl.Len != len(rows) {
		t.Fatalf("table %s: %d rows loaded, want %d", ds.Type, tbl.Len, len(rows))
	}
	return tbl
}

func pensions(t testing.TB, rows ...row) *Table {
	t.Helper()
	return table(t, extract.Pensions, rows...)
}
func deceased(t testing.TB, rows ...row) *Table {
	t.Helper()
	return table(t, extract.Deceased, rows...)
}

// john is a pensioner who also appears, identically, in deceased(johnDied).
func john() row {
	return row{"record_id": "P1", "forenames": "John", "surname": "Smith", "date_of_birth": "01021950",
		"ni_number": "AB123456C", "address_1": "12 High Street", "postcode": "LS1 1AA",
		"date_last_paid": "28052025", "pension_amount": "10000", "payment_frequency": "MONTHLY"}
}

func johnDied() row {
	return row{"record_id": "D1", "forenames": "John", "surname": "Smith", "date_of_birth": "01021950",
		"ni_number": "AB123456C", "address_1": "12 High Street", "postcode": "LS1 1AA",
		"date_of_death": "10032025"}
}

// with returns a copy of r with the given field=value pairs changed.
func (r row) with(kv ...string) row {
	out := row{}
	for k, v := range r {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// planYAML compiles a rule written in YAML into a Plan.
func planYAML(t testing.TB, src string) *Plan {
	t.Helper()
	r, err := rules.Parse([]byte(src), "test.yaml")
	if err != nil {
		t.Fatalf("rules.Parse: %v", err)
	}
	return mustCompile(t, r)
}

func mustCompile(t testing.TB, r *rules.Rule) *Plan {
	t.Helper()
	p, err := CompileRule(r)
	if err != nil {
		t.Fatalf("CompileRule: %v", err)
	}
	return p
}

// builtinPlan is the shipped pensions-deceased rule.
func builtinPlan(t testing.TB) *Plan {
	t.Helper()
	r, err := rules.Lookup("pensions-deceased")
	if err != nil {
		t.Fatal(err)
	}
	return mustCompile(t, r)
}

// comparisonPlan compiles a pensions-to-deceased rule with the single
// comparison cmp.
func comparisonPlan(t testing.TB, cmp rules.Comparison) *Plan {
	t.Helper()
	r := &rules.Rule{Version: 1, ID: "test", Left: "pensions", Right: "deceased", Source: "test",
		Blocking:    []rules.Pass{{Name: "all", Keys: []rules.KeySpec{rules.BothSides("record_id")}}},
		Comparisons: []rules.Comparison{cmp}, Bands: rules.Bands{High: 1, Medium: 1, Low: 1}}
	// The contract tests list levels in orders a rule file may not (a
	// level after one that pre-empts it), to check each level alone.
	probs := rules.NewProblems(r)
	c := rules.CompileWith(r, probs)
	var p *Plan
	if c != nil {
		p = bind(c, probs, false)
	}
	if err := probs.Err(); err != nil {
		t.Fatal(err)
	}
	return p
}

// lv is a level with weight 1, or with min or days where the level needs one.
func lv(level string) rules.Level {
	switch level {
	case "jaro_winkler", "number_and_street", "tokens":
		return rules.Level{Level: level, Min: 0.9, Weight: 1}
	case "within_days":
		return rules.Level{Level: level, Days: 3, Weight: 1}
	}
	return rules.Level{Level: level, Weight: 1}
}

// scorerFor prepares the single comparison of p over left and right.
func scorerFor(t testing.TB, p *Plan, left, right *Table) scorer {
	t.Helper()
	s, err := p.Comparisons[0].prepare(left, right, newFeatureCache())
	if err != nil {
		t.Fatalf("prepare: %v", err)
	}
	return s
}

// levelOf returns the level comparison cmp gives pensioner l and deceased r.
func levelOf(t testing.TB, cmp rules.Comparison, l, r row) string {
	t.Helper()
	p := comparisonPlan(t, cmp)
	s := scorerFor(t, p, pensions(t, l), deceased(t, r))
	return p.Comparisons[0].LevelName(s.outcome(0, 0))
}

// testConfig is a small engine configuration with the guard off.
func testConfig() Config { return Config{Workers: 2, ChunkRows: 3} }

func mustRun(t testing.TB, cfg Config, p *Plan, left, right *Table) *Result {
	t.Helper()
	e, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.Run(context.Background(), p, left, right)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

// levelNames returns the level name of each of m's outcomes.
func levelNames(p *Plan, m Match) []string {
	out := make([]string, len(m.Outcomes))
	for i, o := range m.Outcomes {
		out[i] = p.Comparisons[i].LevelName(o)
	}
	return out
}
