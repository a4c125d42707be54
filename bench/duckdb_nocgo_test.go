//go:build !cgo

package bench

import "testing"

func benchmarkDuckDB(b *testing.B, _ string, _ int) {
	b.Run("duckdb", func(b *testing.B) {
		b.Skip("DuckDB's Go driver needs cgo: install a C compiler and run with CGO_ENABLED=1")
	})
}
