package report

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/parquet"
	"github.com/apache/arrow/go/v17/parquet/file"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"
)

// Files lists the reports in dir, the Parquet files a run wrote, in name
// order. A folder with no report is an error: it is not a run's reports.
func Files(dir string) ([]string, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.parquet"))
	if err != nil {
		return nil, fmt.Errorf("list reports: %w", err)
	}
	if len(paths) == 0 {
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("list reports: %w", err)
		}
		return nil, fmt.Errorf("list reports: %s holds no report (*.parquet)", dir)
	}
	sort.Strings(paths)
	return paths, nil
}

// ReadFile reads one report into an Arrow table, with the column types
// its schema gives (DATE as date32, DECIMAL(18,2) as decimal128). A report
// of another schema version than SchemaVersion is refused: its columns may
// not mean what this version's do. The caller releases the table.
func ReadFile(ctx context.Context, path string, mem memory.Allocator) (arrow.Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read report: %w", err)
	}
	defer f.Close()
	pf, err := file.NewParquetReader(f, file.WithReadProps(parquet.NewReaderProperties(mem)))
	if err != nil {
		return nil, fmt.Errorf("read report %s: %w", path, err)
	}
	defer pf.Close()
	if v := pf.MetaData().KeyValueMetadata().FindValue(MetaSchemaVersion); v != nil && *v != SchemaVersion {
		return nil, fmt.Errorf("read report %s: report schema version %s; this nfimatch reads version %s", path, *v, SchemaVersion)
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, mem)
	if err != nil {
		return nil, fmt.Errorf("read report %s: %w", path, err)
	}
	t, err := fr.ReadTable(ctx)
	if err != nil {
		return nil, fmt.Errorf("read report %s: %w", path, err)
	}
	return t, nil
}

// MatchIDs maps the match id of every match in the reports in dir to the
// name of its report.
func MatchIDs(ctx context.Context, dir string) (map[string]string, error) {
	paths, err := Files(dir)
	if err != nil {
		return nil, err
	}
	ids := map[string]string{}
	for _, p := range paths {
		t, err := ReadFile(ctx, p, memory.DefaultAllocator)
		if err != nil {
			return nil, err
		}
		err = eachString(t, []string{"match_id", "report_name"}, func(v []string) { ids[v[0]] = v[1] })
		t.Release()
		if err != nil {
			return nil, fmt.Errorf("read report %s: %w", p, err)
		}
	}
	return ids, nil
}

// eachString calls fn with the values of the named text columns, row by
// row. A column that is missing or not text is an error.
func eachString(t arrow.Table, names []string, fn func([]string)) error {
	idx, err := TextColumns(t.Schema(), names...)
	if err != nil {
		return err
	}
	vals := make([]string, len(names))
	tr := array.NewTableReader(t, 4096)
	defer tr.Release()
	for tr.Next() {
		rec := tr.Record()
		for r := 0; r < int(rec.NumRows()); r++ {
			for i, c := range idx {
				vals[i] = rec.Column(c).(*array.String).Value(r)
			}
			fn(vals)
		}
	}
	return tr.Err()
}

// TextColumns returns the positions of the named text columns of a
// report's schema, or an error naming the first that is missing or not
// text: the file is then not an nfimatch report.
func TextColumns(s *arrow.Schema, names ...string) ([]int, error) {
	out := make([]int, len(names))
	for i, n := range names {
		idx := s.FieldIndices(n)
		if len(idx) != 1 {
			return nil, fmt.Errorf("no column %s: not an nfimatch report", n)
		}
		if s.Field(idx[0]).Type.ID() != arrow.STRING {
			return nil, fmt.Errorf("column %s is %s, want text: not an nfimatch report", n, s.Field(idx[0]).Type)
		}
		out[i] = idx[0]
	}
	return out, nil
}
