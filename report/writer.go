package report

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"

	"github.com/nfimatch/nfimatch/matcher"
	"github.com/xitongsys/parquet-go-source/local"
	"github.com/xitongsys/parquet-go/parquet"
	"github.com/xitongsys/parquet-go/writer"
)

// Config configures report writing.
type Config struct {
	// PageSize is the Parquet page size in bytes. parquet-go's default of
	// 8 KiB makes files slow to scan.
	PageSize int64
	// RowGroupSize is the Parquet row group size in bytes.
	RowGroupSize int64
}

// DefaultConfig returns 1 MiB pages and 128 MiB row groups.
func DefaultConfig() Config { return Config{PageSize: 1 << 20, RowGroupSize: 128 << 20} }

// Validate reports a configuration that cannot work.
func (c Config) Validate() error {
	if c.PageSize < 1024 || c.RowGroupSize < c.PageSize {
		return fmt.Errorf("report config: page size %d must be at least 1024 and no larger than row group size %d", c.PageSize, c.RowGroupSize)
	}
	return nil
}

// Summary describes a written report.
type Summary struct {
	ReportID   string
	Path       string
	Matches    int
	ByBand     map[string]int // high, medium, low
	Overpaid   int64          // sum of positive amounts, pence
	Underpaid  int64          // sum of negative amounts, pence (zero or less)
	WithAmount int            // matches that carry an amount
	HasAmount  bool           // the rule computes money
}

// Write writes the matches of res as one Parquet file at path. left and right
// are the tables res indexes. The file appears at path only when complete.
func Write(ctx context.Context, path string, cfg Config, plan *matcher.Plan, left, right *matcher.Table, res *matcher.Result) (s Summary, err error) {
	if err := cfg.Validate(); err != nil {
		return s, err
	}
	rule := plan.Rule
	s = Summary{ReportID: rule.Rule.ID, Path: path, ByBand: map[string]int{}, HasAmount: rule.HasAmount()}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return s, fmt.Errorf("write report %s: %w", path, err)
	}
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".partial")
	fw, err := local.NewLocalFileWriter(tmp)
	if err != nil {
		return s, fmt.Errorf("write report %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			fw.Close()
			os.Remove(tmp)
		}
	}()
	typ := rowType(rule.Left, rule.Right)
	pw, err := writer.NewParquetWriter(fw, reflect.New(typ).Interface(), 2)
	if err != nil {
		return s, fmt.Errorf("write report %s: schema: %w", path, err)
	}
	pw.PageSize = cfg.PageSize
	pw.RowGroupSize = cfg.RowGroupSize
	pw.CompressionType = parquet.CompressionCodec_SNAPPY
	leftStart := len(CommonColumns)
	rightStart := leftStart + 1 + len(rule.Left.Fields)
	for i := range res.Matches {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return s, err
			}
		}
		m := &res.Matches[i]
		row := reflect.New(typ).Elem()
		row.Field(0).SetString(rule.Rule.ID)
		row.Field(1).SetString(m.ID)
		row.Field(2).SetFloat(m.Score)
		row.Field(3).SetString(m.Band)
		if m.HasAmount {
			a := m.Amount
			row.Field(4).Set(reflect.ValueOf(&a))
			s.WithAmount++
			if a > 0 {
				s.Overpaid += a
			} else {
				s.Underpaid += a
			}
		}
		row.Field(5).SetString(m.Reason)
		row.Field(6).SetString(rule.Rule.Blocking[m.Pass].Name)
		outcomes := make([]ComparisonOutcome, len(plan.Comparisons))
		for c, cmp := range plan.Comparisons {
			outcomes[c] = ComparisonOutcome{Comparison: cmp.ID, Level: cmp.LevelName(m.Outcomes[c]), Weight: cmp.Weight(m.Outcomes[c])}
		}
		row.Field(7).Set(reflect.ValueOf(outcomes))
		row.Field(8).SetString(rule.Left.Type)
		row.Field(9).SetString(rule.Right.Type)
		fillSide(row, leftStart, left, m.Left)
		fillSide(row, rightStart, right, m.Right)
		if err := pw.Write(row.Interface()); err != nil {
			return s, fmt.Errorf("write report %s: match %s: %w", path, m.ID, err)
		}
		s.Matches++
		s.ByBand[m.Band]++
	}
	if err := pw.WriteStop(); err != nil {
		return s, fmt.Errorf("write report %s: %w", path, err)
	}
	if err := fw.Close(); err != nil {
		return s, fmt.Errorf("write report %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return s, fmt.Errorf("write report %s: %w", path, err)
	}
	return s, nil
}
