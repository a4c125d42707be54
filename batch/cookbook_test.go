//go:build cgo

package batch_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/nfimatch/nfimatch/fixtures"
	"github.com/nfimatch/nfimatch/matcher"
	"github.com/nfimatch/nfimatch/rules"
)

// readCookbook splits docs/queries.sql into its queries by their
// "-- name:" headers, checking each says in words what it answers.
func readCookbook(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "docs", "queries.sql"))
	if err != nil {
		t.Fatal(err)
	}
	header := regexp.MustCompile(`(?m)^-- name: ([a-z_]+)\n`)
	locs := header.FindAllStringSubmatchIndex(string(data), -1)
	out := map[string]string{}
	for i, loc := range locs {
		end := len(data)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		name, body := string(data[loc[2]:loc[3]]), string(data[loc[1]:end])
		if !strings.HasPrefix(body, "-- ") {
			t.Errorf("query %s: no sentence on what it answers under its name", name)
		}
		out[name] = strings.TrimSpace(body)
	}
	return out
}

// TestCookbookQueries runs every query of docs/queries.sql on the demo in
// a real DuckDB and checks each answer against the demo's truth: the
// scenarios' cases, their amounts and the planted person.
func TestCookbookQueries(t *testing.T) {
	queries := readCookbook(t)
	var names []string
	for n := range queries {
		names = append(names, n)
	}
	sort.Strings(names)
	want := []string{"matches_by_band", "money_by_report_and_body", "people_in_more_than_one_report", "top_duplicate_payments", "why_one_match_matched"}
	if !slices.Equal(names, want) {
		t.Fatalf("docs/queries.sql has queries %v; this test checks %v", names, want)
	}
	dir := runDemo(t)
	truth := demoTruth(t)
	t.Chdir(dir) // the queries read out/reports/*.parquet
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(context.Background()) // one session, for SET VARIABLE
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()

	t.Run("matches_by_band", func(t *testing.T) {
		got := map[string]map[string]int64{}
		for _, row := range queryRows(t, conn, queries["matches_by_band"]) {
			rule, band := row[0].(string), row[1].(string)
			if got[rule] == nil {
				got[rule] = map[string]int64{}
			}
			got[rule][band] = row[2].(int64)
		}
		for _, r := range readManifest(t, dir).Reports {
			var total int64
			for band, n := range got[r.Rule] {
				total += n
				if int64(r.ByBand[band]) != n {
					t.Errorf("%s: %d %s matches, the manifest counts %d", r.Rule, n, band, r.ByBand[band])
				}
			}
			if want := int64(len(truth[r.Rule].Cases)); total != want {
				t.Errorf("%s: %d matches, the scenario has %d cases", r.Rule, total, want)
			}
		}
		if len(got) != len(truth) {
			t.Errorf("%d reports, want %d", len(got), len(truth))
		}
	})

	t.Run("money_by_report_and_body", func(t *testing.T) {
		type money struct{ n, over, under int64 }
		want := map[string]money{}
		for rule, s := range truth {
			for _, c := range s.Cases {
				if !c.HasAmount {
					continue
				}
				body := caseBody(t, s, c)
				m := want[rule+"|"+body]
				m.n++
				if c.Amount > 0 {
					m.over += c.Amount
				} else {
					m.under -= c.Amount
				}
				want[rule+"|"+body] = m
			}
		}
		got := map[string]money{}
		for _, row := range queryRows(t, conn, queries["money_by_report_and_body"]) {
			got[row[0].(string)+"|"+row[1].(string)] = money{row[2].(int64), pence(t, row[3]), pence(t, row[4])}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("money by report and body (matches, over, under pence):\n got %v\nwant %v", got, want)
		}
		under := false
		for _, m := range want {
			under = under || m.under > 0
		}
		if !under {
			t.Error("the demo has no under-payment: the query's under-payment column is untested")
		}
	})

	t.Run("people_in_more_than_one_report", func(t *testing.T) {
		// certain: the NI number the query must key a case by; possible:
		// either side's, where a search within one dataset may report the
		// pair either way round and the two records' numbers differ.
		certain, possible := map[string]map[string]bool{}, map[string]map[string]bool{}
		add := func(m map[string]map[string]bool, ni, rule string) {
			if m[ni] == nil {
				m[ni] = map[string]bool{}
			}
			m[ni][rule] = true
		}
		for rule, s := range truth {
			r, err := rules.Lookup(rule)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range s.Cases {
				_, left := record(t, s, c.Left)
				_, right := record(t, s, c.Right)
				l, rt := nino(left("ni_number")), nino(right("ni_number"))
				switch {
				case r.IsSearch() && l != "" && rt != "" && l != rt:
					add(possible, l, rule)
					add(possible, rt, rule)
				case rt != "":
					add(certain, rt, rule)
					add(possible, rt, rule)
				case l != "":
					add(certain, l, rule)
					add(possible, l, rule)
				}
			}
		}
		got := map[string][]string{}
		for _, row := range queryRows(t, conn, queries["people_in_more_than_one_report"]) {
			ids := strings.Split(row[2].(string), ", ")
			if int64(len(ids)) != row[1].(int64) {
				t.Errorf("%v: %d reports listed, %d counted", row, len(ids), row[1])
			}
			got[row[0].(string)] = ids
		}
		for ni, rs := range certain {
			if len(rs) > 1 && got[ni] == nil {
				t.Errorf("NI number %s is a case in %d reports, and missing", ni, len(rs))
			}
		}
		for ni, ids := range got {
			for _, id := range ids {
				if !possible[ni][id] {
					t.Errorf("NI number %s listed in %s, where it is no case", ni, id)
				}
			}
			for id := range certain[ni] {
				if !slices.Contains(ids, id) {
					t.Errorf("NI number %s: %s missing from %v", ni, id, ids)
				}
			}
		}
		pl := fixtures.PlantedPerson(demoSeed)
		if !slices.Equal(got[pl.Person.NINO], fixtures.PlantedRules) {
			t.Errorf("the planted person is in %v, want %v", got[pl.Person.NINO], fixtures.PlantedRules)
		}
	})

	t.Run("top_duplicate_payments", func(t *testing.T) {
		s := truth["creditor-duplicate-payments"]
		var want []int64
		amounts := map[string]int64{}
		for _, c := range s.Cases {
			want = append(want, c.Amount)
			amounts[pairKey(true, c.Left, c.Right)] = c.Amount
		}
		sort.Slice(want, func(i, j int) bool { return want[i] > want[j] })
		want = want[:min(10, len(want))]
		var got []int64
		for _, row := range queryRows(t, conn, queries["top_duplicate_payments"]) {
			a := pence(t, row[6])
			got = append(got, a)
			if key := pairKey(true, row[7].(string), row[8].(string)); amounts[key] != a {
				t.Errorf("pair %s: amount %d pence, the truth's %d", key, a, amounts[key])
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("top duplicate payments %v pence, want %v", got, want)
		}
	})

	t.Run("why_one_match_matched", func(t *testing.T) {
		// The planted person's pensions-deceased match: clean records on
		// both sides, so NI number, names and date of birth agree exactly.
		const rule = "pensions-deceased"
		s := truth[rule]
		var id string
		for _, c := range s.Cases {
			if strings.Contains(c.Why, "planted person") {
				lin, _ := record(t, s, c.Left)
				rin, _ := record(t, s, c.Right)
				id = matcher.MatchID(rule, lin.Type, lin.Body, c.Left, rin.Type, rin.Body, c.Right)
			}
		}
		if _, err := conn.ExecContext(context.Background(), "SET VARIABLE match_id = ?", id); err != nil {
			t.Fatal(err)
		}
		r, err := rules.Lookup(rule)
		if err != nil {
			t.Fatal(err)
		}
		rows := queryRows(t, conn, queries["why_one_match_matched"])
		if len(rows) != len(r.Comparisons) {
			t.Fatalf("%d comparisons for match %s, the rule has %d", len(rows), id, len(r.Comparisons))
		}
		var sum float64
		for i, row := range rows {
			if row[0] != rule || row[1] != id || row[4].(int64) != int64(i+1) || row[5] != r.Comparisons[i].ID {
				t.Errorf("row %d = %v, want comparison %d, %s, of %s", i, row, i+1, r.Comparisons[i].ID, id)
			}
			if slices.Contains([]string{"ni_number", "surname", "forenames", "date_of_birth"}, row[5].(string)) && row[6] != "exact" {
				t.Errorf("%s: level %v, want exact: the planted records are clean", row[5], row[6])
			}
			sum += row[7].(float64)
		}
		if score := rows[0][2].(float64); sum-score > 1e-9 || score-sum > 1e-9 {
			t.Errorf("weights add up to %g, score %g", sum, score)
		}
	})
}

// caseBody is the body of a case's records: the body its money is
// reported under (left_body). A search within one dataset may report the
// pair either way round, so its two records must share a body.
func caseBody(t *testing.T, s *fixtures.Scenario, c fixtures.Pair) string {
	t.Helper()
	lin, _ := record(t, s, c.Left)
	rin, _ := record(t, s, c.Right)
	if len(s.Right) == 0 && lin.Body != rin.Body {
		t.Fatalf("%s: case %s-%s spans bodies %s and %s", s.Rule, c.Left, c.Right, lin.Body, rin.Body)
	}
	return lin.Body
}
