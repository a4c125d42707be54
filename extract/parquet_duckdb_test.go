//go:build cgo

// The DuckDB driver needs cgo; without a C compiler this test is left out.

package extract_test

import (
	"bytes"
	"database/sql"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/nfimatch/nfimatch/extract"
)

// TestParquetWrittenByDuckDB reads a file that an independent Parquet
// writer made, with its own choice of physical types for decimals, small
// integers and time-zoned timestamps.
func TestParquetWrittenByDuckDB(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	path := filepath.Join(t.TempDir(), "pensions.parquet")
	q := `COPY (
		SELECT * FROM (VALUES
			('P001', 'Smith', DATE '1950-03-01', 12345::BIGINT, 123.45::DECIMAL(9,2), 12345678901234567890::DECIMAL(38,0),
			 TIMESTAMPTZ '2026-02-28 13:00:00+00', true, 0.5::DOUBLE, 7::TINYINT, 1.25::REAL),
			('P002', 'Ó Briain', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
			('P003', 'Zoë', DATE '1969-12-31', -100::BIGINT, -0.05::DECIMAL(9,2), 0::DECIMAL(38,0),
			 TIMESTAMPTZ '2026-01-01 00:00:00+00', false, 1e-7::DOUBLE, -7::TINYINT, 0::REAL)
		) AS t(reference, surname, dob, amount, gross, big, last_paid, widow, rate, small, real)
	) TO '` + path + `' (FORMAT parquet)`
	if _, err := db.Exec(q); err != nil {
		t.Fatalf("DuckDB COPY: %v", err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	src, err := extract.NewParquetSource(bytes.NewReader(data), int64(len(data)), "pensions.parquet", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	want := [][]string{
		{"P001", "Smith", "1950-03-01", "12345", "123.45", "12345678901234567890", "2026-02-28", "Y", "0.5", "7", "1.25"},
		{"P002", "Ó Briain", "", "", "", "", "", "", "", "", ""},
		{"P003", "Zoë", "1969-12-31", "-100", "-0.05", "0", "2026-01-01", "N", "0.0000001", "-7", "0"},
	}
	for i, w := range want {
		r, err := src.Next()
		if err != nil {
			t.Fatalf("row %d: %v", i+1, err)
		}
		if strings.Join(r.Values, "|") != strings.Join(w, "|") {
			t.Errorf("row %d = %q, want %q", i+1, r.Values, w)
		}
	}
	if _, err := src.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("Next() at the end = %v, want io.EOF", err)
	}
}
