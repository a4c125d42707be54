//go:build !cgo

package report_test

import "testing"

func TestWriteReadByDuckDB(t *testing.T) {
	t.Skip("DuckDB's Go driver needs cgo: install a C compiler (gcc) and run with CGO_ENABLED=1 to read the reports in DuckDB")
}
