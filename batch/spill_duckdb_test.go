//go:build cgo

package batch_test

import (
	"database/sql"
	"fmt"
	"reflect"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
)

// compareParquet reads two reports in DuckDB and compares them column by
// column, row by row, in file order.
func compareParquet(t *testing.T, got, want string) {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	g, gcols := readParquet(t, db, got)
	w, wcols := readParquet(t, db, want)
	if !reflect.DeepEqual(gcols, wcols) {
		t.Fatalf("columns %v, want %v", gcols, wcols)
	}
	if len(g) != len(w) {
		t.Fatalf("%d rows, want %d", len(g), len(w))
	}
	bad := 0
	for r := range g {
		for c, col := range gcols {
			if !reflect.DeepEqual(g[r][c], w[r][c]) {
				if bad++; bad <= 10 {
					t.Errorf("row %d column %s = %v, want %v", r, col, g[r][c], w[r][c])
				}
			}
		}
	}
}

func readParquet(t *testing.T, db *sql.DB, path string) (rows [][]any, cols []string) {
	t.Helper()
	rs, err := db.Query(fmt.Sprintf("SELECT * FROM read_parquet('%s')", path))
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	if cols, err = rs.Columns(); err != nil {
		t.Fatal(err)
	}
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, vals)
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return rows, cols
}
