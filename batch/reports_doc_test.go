//go:build cgo

package batch_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/report"
	"github.com/nfimatch/nfimatch/rules"
)

// reportsDoc is what docs/reports.md says: the common columns and their
// DuckDB types, the DuckDB type of each field kind, and each report's
// left and right dataset types.
type reportsDoc struct {
	common      [][2]string // name, type
	kindType    map[string]string
	otherKinds  string
	left, right map[string]string
}

func readReportsDoc(t *testing.T) (reportsDoc, string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "docs", "reports.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	section := func(title string) string {
		i := strings.Index(text, "\n## "+title+"\n")
		if i < 0 {
			t.Fatalf("docs/reports.md has no section %q", title)
		}
		rest := text[i+len(title)+5:]
		if j := strings.Index(rest, "\n## "); j >= 0 {
			rest = rest[:j]
		}
		return rest
	}
	d := reportsDoc{kindType: map[string]string{}, left: map[string]string{}, right: map[string]string{}}
	cell := regexp.MustCompile("^\\| `([^`]+)` \\| ([^|]+) \\|")
	for _, line := range strings.Split(section("Common columns"), "\n") {
		if m := cell.FindStringSubmatch(line); m != nil {
			d.common = append(d.common, [2]string{m[1], strings.TrimSpace(m[2])})
		}
	}
	kind := regexp.MustCompile(`^\| ([^|]+) \| ([A-Z][A-Z0-9(),]*) \|$`)
	sides := regexp.MustCompile("^\\| `([^`]+)` \\| \\[`([^`]+)`\\][^|]* \\| \\[`([^`]+)`\\][^|]* \\|$")
	for _, line := range strings.Split(section("Side columns"), "\n") {
		if m := sides.FindStringSubmatch(line); m != nil {
			d.left[m[1]], d.right[m[1]] = m[2], m[3]
		} else if m := kind.FindStringSubmatch(line); m != nil {
			if k := strings.TrimSpace(m[1]); k == "every other kind" {
				d.otherKinds = m[2]
			} else {
				d.kindType[k] = m[2]
			}
		}
	}
	if len(d.common) == 0 || len(d.kindType) == 0 || d.otherKinds == "" || len(d.left) == 0 {
		t.Fatalf("docs/reports.md: could not read its tables: %+v", d)
	}
	return d, text
}

// TestReportsDoc runs the demo and checks docs/reports.md against every
// report as DuckDB reads it: the common columns, in order, with their
// types; then each side's body, record_id and fields, with the type the
// doc gives their kind; the sides of every report; and the schema version.
func TestReportsDoc(t *testing.T) {
	doc, text := readReportsDoc(t)
	if !strings.Contains(text, "**version "+report.SchemaVersion+"**") {
		t.Errorf("docs/reports.md does not name schema version %s", report.SchemaVersion)
	}
	dir := runDemo(t)
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	paths, err := filepath.Glob(filepath.Join(dir, "out", "reports", "*.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	all, err := rules.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != len(all) || len(doc.left) != len(all) {
		t.Errorf("%d reports, %d in the doc's table of sides, %d built-in rules; want one each", len(paths), len(doc.left), len(all))
	}
	for _, path := range paths {
		id := strings.TrimSuffix(filepath.Base(path), ".parquet")
		r, err := rules.Lookup(id)
		if err != nil {
			t.Fatal(err)
		}
		if doc.left[id] != r.Left || doc.right[id] != r.RightType() {
			t.Errorf("%s: the doc's sides are %s and %s, the rule's %s and %s", id, doc.left[id], doc.right[id], r.Left, r.RightType())
		}
		want := append([][2]string(nil), doc.common...)
		for _, side := range []struct {
			prefix, typ string
			output      []string
		}{{"left_", doc.left[id], r.Output.Left}, {"right_", doc.right[id], r.Output.Right}} {
			if len(side.output) == 0 && r.IsSearch() {
				side.output = append(r.Output.Left, r.Output.Right...)
			}
			ds, err := extract.Lookup(side.typ)
			if err != nil {
				t.Fatalf("%s: the doc's dataset type %q: %v", id, side.typ, err)
			}
			want = append(want, [2]string{side.prefix + "body", "VARCHAR"}, [2]string{side.prefix + "record_id", "VARCHAR"})
			for _, f := range ds.Fields {
				if f.Name == "record_id" || (len(side.output) > 0 && !contains(side.output, f.Name)) {
					continue
				}
				typ, ok := doc.kindType[f.Kind.String()]
				if !ok {
					typ = doc.otherKinds
				}
				want = append(want, [2]string{side.prefix + f.Name, typ})
			}
			if len(side.output) > 0 {
				want = orderSide(t, want, side.prefix, side.output)
			}
		}
		var got [][2]string
		rows, err := db.Query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))`, path)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var c [2]string
			if err := rows.Scan(&c[0], &c[1]); err != nil {
				t.Fatal(err)
			}
			got = append(got, c)
		}
		rows.Close()
		if len(got) != len(want) {
			t.Errorf("%s: DuckDB reads %d columns, the doc gives %d\n got %v\nwant %v", id, len(got), len(want), got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: column %d is %s %s in DuckDB, %s %s in the doc", id, i+1, got[i][0], got[i][1], want[i][0], want[i][1])
			}
		}
		var version, lt, rt string
		if err := db.QueryRow(`SELECT decode(value) FROM parquet_kv_metadata(?) WHERE decode(key) = 'nfimatch.schema_version'`, path).Scan(&version); err != nil || version != report.SchemaVersion {
			t.Errorf("%s: schema version %q, %v; want %s", id, version, err, report.SchemaVersion)
		}
		if err := db.QueryRow(`SELECT any_value(left_dataset), any_value(right_dataset) FROM read_parquet(?)`, path).Scan(&lt, &rt); err != nil || lt != r.Left || rt != r.RightType() {
			t.Errorf("%s: left_dataset %q, right_dataset %q (%v); want %s and %s", id, lt, rt, err, r.Left, r.RightType())
		}
	}
	var n, total int
	if err := db.QueryRow(`SELECT count(*), count(DISTINCT report_id) FROM read_parquet(?, union_by_name = true)`, filepath.Join(dir, "out", "reports", "*.parquet")).Scan(&total, &n); err != nil {
		t.Fatal(err)
	}
	m := readManifest(t, dir)
	matches := 0
	for _, r := range m.Reports {
		matches += r.Matches
	}
	if n != len(paths) || total != matches {
		t.Errorf("union_by_name read %d matches of %d reports, want %d of %d", total, n, matches, len(paths))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// orderSide puts the side columns of cols with prefix (after its body and
// record_id) in the order output names them, as the doc says.
func orderSide(t *testing.T, cols [][2]string, prefix string, output []string) [][2]string {
	t.Helper()
	start := -1
	for i, c := range cols {
		if c[0] == prefix+"record_id" {
			start = i + 1
		}
	}
	end := start
	for end < len(cols) && strings.HasPrefix(cols[end][0], prefix) {
		end++
	}
	byName := map[string][2]string{}
	for _, c := range cols[start:end] {
		byName[c[0]] = c
	}
	var side [][2]string
	for _, f := range output {
		if c, ok := byName[prefix+f]; ok {
			side = append(side, c)
		}
	}
	return append(append(cols[:start:start], side...), cols[end:]...)
}
