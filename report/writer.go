package report

import (
	"context"
	"fmt"
	"reflect"

	"github.com/nfimatch/nfimatch/matcher"
	"github.com/nfimatch/nfimatch/rules"
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
	// Previous maps match ids to the outcomes recorded for them after an
	// earlier run. A match found again carries its previous outcome, and
	// is marked previously reviewed when that outcome ended the review.
	Previous map[string]Previous
}

// Previous is the outcome recorded for a match after an earlier run.
type Previous struct {
	Outcome string // fraud, error, no_issue, under_investigation or closed
	Ended   bool   // the review ended: any outcome but under_investigation
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
	Name       string // the report's name in the job
	Path       string
	Matches    int
	ByBand     map[string]int // high, medium, low
	Overpaid   int64          // sum of positive amounts, pence
	Underpaid  int64          // sum of negative amounts, pence (zero or less)
	WithAmount int            // matches that carry an amount
	HasAmount  bool           // the rule computes money
	// PreviouslyReviewed counts matches whose review ended after an
	// earlier run.
	PreviouslyReviewed int
}

// Write writes the matches of res as the report called name, one Parquet
// file at path. left and right are the tables res indexes. The file appears
// at path only when complete, readable by its owner only.
func Write(ctx context.Context, path, name string, cfg Config, plan *matcher.Plan, left, right *matcher.Table, res *matcher.Result) (Summary, error) {
	if err := cfg.Validate(); err != nil {
		return Summary{}, err
	}
	rule := plan.Rule
	s := Summary{ReportID: rule.Rule.ID, Name: name, Path: path, ByBand: map[string]int{}, HasAmount: rule.HasAmount()}
	out, err := CreateAtomic(path)
	if err != nil {
		return s, fmt.Errorf("write report: %w", err)
	}
	defer out.Abort() // a no-op once committed
	leftCols, rightCols := sideColumns(rule.Left, rule.Output(rules.Left)), sideColumns(rule.Right, rule.Output(rules.Right))
	typ := rowType(rule.Left, rule.Right, leftCols, rightCols)
	pw, err := writer.NewParquetWriterFromWriter(out, reflect.New(typ).Interface(), 2)
	if err != nil {
		return s, fmt.Errorf("write report %s: schema: %w", path, err)
	}
	pw.PageSize = cfg.PageSize
	pw.RowGroupSize = cfg.RowGroupSize
	pw.CompressionType = parquet.CompressionCodec_SNAPPY
	leftStart := len(CommonColumns)
	rightStart := leftStart + len(leftCols)
	for i := range res.Matches {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return s, err
			}
		}
		m := &res.Matches[i]
		row := reflect.New(typ).Elem()
		row.Field(colReportID).SetString(rule.Rule.ID)
		row.Field(colReportName).SetString(name)
		row.Field(colMatchID).SetString(m.ID)
		row.Field(colScore).SetFloat(m.Score)
		if m.HasProbability {
			pr := m.Probability
			row.Field(colProbability).Set(reflect.ValueOf(&pr))
		}
		row.Field(colBand).SetString(m.Band)
		if m.HasAmount {
			a := m.Amount
			row.Field(colAmount).Set(reflect.ValueOf(&a))
			s.WithAmount++
			if a > 0 {
				s.Overpaid += a
			} else {
				s.Underpaid += a
			}
		}
		row.Field(colReason).SetString(m.Reason)
		row.Field(colBlockPass).SetString(rule.Rule.Blocking[m.Pass].Name)
		outcomes := make([]ComparisonOutcome, len(plan.Comparisons))
		for c, cmp := range plan.Comparisons {
			w := cmp.Weight(m.Outcomes[c])
			if c < len(m.Weights) {
				w = m.Weights[c] // with term-frequency adjustment
			}
			outcomes[c] = ComparisonOutcome{Comparison: cmp.ID, Level: cmp.LevelName(m.Outcomes[c]), Weight: w}
		}
		row.Field(colComparisons).Set(reflect.ValueOf(outcomes))
		row.Field(colLeftDataset).SetString(rule.Left.Type)
		row.Field(colRightDataset).SetString(rule.Right.Type)
		if prev, ok := cfg.Previous[m.ID]; ok {
			row.Field(colPreviousOutcome).Set(reflect.ValueOf(&prev.Outcome))
			if prev.Ended {
				row.Field(colPreviouslyReviewed).SetBool(true)
				s.PreviouslyReviewed++
			}
		}
		fillSide(row, leftStart, left, leftCols, m.Left)
		fillSide(row, rightStart, right, rightCols, m.Right)
		if err := pw.Write(row.Interface()); err != nil {
			return s, fmt.Errorf("write report %s: match %s: %w", path, m.ID, err)
		}
		s.Matches++
		s.ByBand[m.Band]++
	}
	if err := pw.WriteStop(); err != nil {
		return s, fmt.Errorf("write report %s: %w", path, err)
	}
	if err := out.Commit(); err != nil {
		return s, fmt.Errorf("write report: %w", err)
	}
	return s, nil
}
