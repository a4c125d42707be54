//go:build cgo

package bench

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

// peopleSQL is peopleRule in SQL, as Splink writes it for DuckDB: each
// blocking pass is a join that leaves out the pairs an earlier pass found,
// and each comparison a CASE over its levels, summed to a score. The
// matches above the floor are counted. {{floor}} is the rule's low band.
const peopleSQL = `
WITH pairs AS (
  SELECT l.rid AS lid, r.rid AS rid FROM l JOIN r ON l.identifier = r.identifier
  UNION ALL
  SELECT l.rid, r.rid FROM l JOIN r
    ON l.date_of_birth = r.date_of_birth AND left(l.family_name, 1) = left(r.family_name, 1)
    WHERE NOT coalesce(l.identifier = r.identifier, false)
  UNION ALL
  SELECT l.rid, r.rid FROM l JOIN r ON l.postal_code = r.postal_code
    WHERE NOT coalesce(l.identifier = r.identifier, false)
      AND NOT coalesce(l.date_of_birth = r.date_of_birth AND left(l.family_name, 1) = left(r.family_name, 1), false)
),
scored AS (
  SELECT
    CASE WHEN l.given_name IS NULL OR r.given_name IS NULL THEN 0
         WHEN l.given_name = r.given_name THEN 5
         WHEN jaro_winkler_similarity(l.given_name, r.given_name) >= 0.9 THEN 3 ELSE -4 END +
    CASE WHEN l.family_name IS NULL OR r.family_name IS NULL THEN 0
         WHEN l.family_name = r.family_name THEN 6
         WHEN jaro_winkler_similarity(l.family_name, r.family_name) >= 0.9 THEN 4 ELSE -5 END +
    CASE WHEN l.date_of_birth IS NULL OR r.date_of_birth IS NULL THEN 0
         WHEN l.date_of_birth = r.date_of_birth THEN 7
         WHEN abs(date_diff('day', l.date_of_birth, r.date_of_birth)) <= 31 THEN 2 ELSE -5 END +
    CASE WHEN l.identifier IS NULL OR r.identifier IS NULL THEN 0
         WHEN l.identifier = r.identifier THEN 10
         WHEN jaro_winkler_similarity(l.identifier, r.identifier) >= 0.9 THEN 4 ELSE -6 END +
    CASE WHEN l.address_1 IS NULL OR r.address_1 IS NULL THEN 0
         WHEN l.address_1 = r.address_1 THEN 3
         WHEN jaro_winkler_similarity(l.address_1, r.address_1) >= 0.85 THEN 1 ELSE -1 END +
    CASE WHEN l.postal_code IS NULL OR r.postal_code IS NULL THEN 0
         WHEN l.postal_code = r.postal_code THEN 3 ELSE -1 END AS score
  FROM pairs JOIN l ON l.rid = pairs.lid JOIN r ON r.rid = pairs.rid
)
SELECT count(*), count(*) FILTER (WHERE score >= {{floor}}) FROM scored`

// benchmarkDuckDB runs the people rule's blocking and comparisons as SQL
// in an embedded DuckDB on one thread and on every CPU, the thread counts
// match runs its workers at: the files are loaded first (not timed), then
// the query is timed. Compare each with match at the same count.
func benchmarkDuckDB(b *testing.B, dir string, n int) {
	for _, threads := range threadCounts() {
		duckDBThreads(b, dir, n, threads)
	}
}

// duckDBThreads is benchmarkDuckDB on threads threads.
func duckDBThreads(b *testing.B, dir string, n, threads int) {
	b.Run(fmt.Sprintf("n=%d/duckdb/threads=%d", n, threads), func(b *testing.B) {
		db, err := sql.Open("duckdb", "")
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		db.SetMaxOpenConns(1) // one connection: the tables live in it
		for _, q := range []string{
			fmt.Sprintf("SET threads = %d", threads),
			load("l", filepath.Join(dir, PeopleLeft)),
			load("r", filepath.Join(dir, PeopleRight)),
		} {
			if _, err := db.Exec(q); err != nil {
				b.Fatalf("%s: %v", q, err)
			}
		}
		query := strings.ReplaceAll(peopleSQL, "{{floor}}", "12")
		var pairs, matches int64
		start, cpu := time.Now(), cpuTime()
		for b.Loop() {
			if err := db.QueryRow(query).Scan(&pairs, &matches); err != nil {
				b.Fatal(err)
			}
		}
		perRun := time.Since(start).Seconds() / float64(b.N)
		cpuRun := (cpuTime() - cpu).Seconds() / float64(b.N)
		b.ReportMetric(cpuRun, "cpu-s/run")
		b.ReportMetric(float64(pairs)/cpuRun, "pairs/cpu-s")
		b.ReportMetric(float64(pairs)/perRun, "pairs/s")
		b.ReportMetric(float64(pairs)/perRun/float64(threads), "pairs/s/core")
		b.ReportMetric(float64(pairs), "pairs")
		b.ReportMetric(float64(matches), "matches")
		b.ReportMetric(perRun, "s/run")
	})
}

// load reads a people file into a DuckDB table with a row number.
func load(table, path string) string {
	return fmt.Sprintf(`CREATE TABLE %s AS SELECT row_number() OVER () AS rid, *
FROM read_csv('%s', header = true, all_varchar = true,
  columns = {'record_id': 'VARCHAR', 'given_name': 'VARCHAR', 'family_name': 'VARCHAR', 'date_of_birth': 'DATE',
    'identifier': 'VARCHAR', 'street_number': 'VARCHAR', 'address_1': 'VARCHAR', 'locality': 'VARCHAR', 'postal_code': 'VARCHAR'})`,
		table, strings.ReplaceAll(path, "'", "''"))
}
