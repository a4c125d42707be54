package report

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/parquet"
	"github.com/apache/arrow/go/v17/parquet/compress"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"
	"github.com/nfimatch/nfimatch/matcher"
	"github.com/nfimatch/nfimatch/rules"
)

// Config configures report writing.
type Config struct {
	// PageSize is the Parquet data page size in bytes.
	PageSize int64
	// RowGroupRows is the number of matches in a Parquet row group, the
	// unit DuckDB hands to one thread when it scans a file.
	RowGroupRows int64
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

// DefaultRowGroupRows is DuckDB's own row group size (122,880 rows): a
// report's row groups are then the size DuckDB's scan divides work by, so a
// large report is read by every core, while a small one is a single group
// with one dictionary per column.
const DefaultRowGroupRows = 122_880

// DefaultConfig returns 1 MiB pages and row groups of DefaultRowGroupRows.
func DefaultConfig() Config { return Config{PageSize: 1 << 20, RowGroupRows: DefaultRowGroupRows} }

// Validate reports a configuration that cannot work.
func (c Config) Validate() error {
	if c.PageSize < 1024 || c.RowGroupRows < 1 {
		return fmt.Errorf("report config: page size %d must be at least 1024 bytes and row groups %d at least one row", c.PageSize, c.RowGroupRows)
	}
	return nil
}

// Summary describes a written report.
type Summary struct {
	ReportID      string
	Name          string // the report's name in the job
	Path          string
	SchemaVersion string // SchemaVersion when written
	Matches       int
	ByBand        map[string]int // high, medium, low
	Overpaid      int64          // sum of positive amounts, pence
	Underpaid     int64          // sum of negative amounts, pence (zero or less)
	WithAmount    int            // matches that carry an amount
	HasAmount     bool           // the rule computes money
	// PreviouslyReviewed counts matches whose review ended after an
	// earlier run.
	PreviouslyReviewed int
}

// Write writes the matches of res as the report called name, one Parquet
// file at path. left and right are the tables res indexes. The file appears
// at path only when complete, readable by its owner only.
//
// Columns are dictionary encoded (each falls back to plain encoding in a
// row group where its dictionary passes 1 MiB) but for match_id, unique in
// every row; every column is compressed with Snappy, and the file's
// key-value metadata carries the schema version, the rule and the report's
// name. (Zstd halves the files, but Arrow's Go zstd codec builds an encoder
// for every page, which made writing a third slower.)
func Write(ctx context.Context, path, name string, cfg Config, plan *matcher.Plan, left, right *matcher.Table, res *matcher.Result) (Summary, error) {
	if err := cfg.Validate(); err != nil {
		return Summary{}, err
	}
	rule := plan.Rule
	s := summarise(res.Matches, cfg.Previous)
	s.ReportID, s.Name, s.Path, s.SchemaVersion, s.HasAmount = rule.Rule.ID, name, path, SchemaVersion, rule.HasAmount()
	out, err := CreateAtomic(path)
	if err != nil {
		return s, fmt.Errorf("write report: %w", err)
	}
	defer out.Abort() // a no-op once committed
	b := newBuilder(name, cfg, plan, left, right)
	buf := bufio.NewWriterSize(out, 1<<20)
	props := parquet.NewWriterProperties(
		parquet.WithAllocator(b.mem),
		parquet.WithCompression(compress.Codecs.Snappy),
		parquet.WithDictionaryDefault(true),
		parquet.WithDictionaryFor("match_id", false), // unique in every row
		parquet.WithDataPageSize(cfg.PageSize),
		parquet.WithMaxRowGroupLength(cfg.RowGroupRows),
		parquet.WithStoreDecimalAsInteger(true), // DECIMAL(18,2) as INT64, as DuckDB writes it
	)
	fw, err := pqarrow.NewFileWriter(b.schema, writeOnly{buf}, props, pqarrow.NewArrowWriterProperties(pqarrow.WithAllocator(b.mem)))
	if err != nil {
		return s, fmt.Errorf("write report %s: schema: %w", path, err)
	}
	defer fw.Close() // a no-op once closed
	for _, kv := range [][2]string{{MetaSchemaVersion, SchemaVersion}, {MetaReportID, rule.Rule.ID}, {MetaReportName, name}} {
		if err := fw.AppendKeyValueMetadata(kv[0], kv[1]); err != nil {
			return s, fmt.Errorf("write report %s: metadata: %w", path, err)
		}
	}
	ms := res.Matches
	for start := 0; start < len(ms); start += int(cfg.RowGroupRows) {
		if err := ctx.Err(); err != nil {
			return s, err
		}
		rec := b.record(ms[start:min(start+int(cfg.RowGroupRows), len(ms))])
		err := fw.Write(rec)
		rec.Release()
		if err != nil {
			return s, fmt.Errorf("write report %s: %w", path, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return s, err
	}
	if err := fw.Close(); err != nil {
		return s, fmt.Errorf("write report %s: %w", path, err)
	}
	if err := buf.Flush(); err != nil {
		return s, fmt.Errorf("write report %s: %w", path, err)
	}
	if err := out.Commit(); err != nil {
		return s, fmt.Errorf("write report: %w", err)
	}
	return s, nil
}

// summarise counts the matches by band, their money and those reviewed
// after an earlier run.
func summarise(ms []matcher.Match, previous map[string]Previous) Summary {
	s := Summary{ByBand: map[string]int{}, Matches: len(ms)}
	for i := range ms {
		m := &ms[i]
		s.ByBand[m.Band]++
		if m.HasAmount {
			s.WithAmount++
			if m.Amount > 0 {
				s.Overpaid += m.Amount
			} else {
				s.Underpaid += m.Amount
			}
		}
		if prev, ok := previous[m.ID]; ok && prev.Ended {
			s.PreviouslyReviewed++
		}
	}
	return s
}

// writeOnly hides the Close of the file beneath: the Parquet writer closes
// its sink, and the file is the caller's to commit or abort.
type writeOnly struct{ w io.Writer }

func (w writeOnly) Write(p []byte) (int, error) { return w.w.Write(p) }

// builder turns matches into Arrow records of the report's schema.
type builder struct {
	mem                 memory.Allocator
	schema              *arrow.Schema
	name                string
	plan                *matcher.Plan
	previous            map[string]Previous
	left, right         *matcher.Table
	leftCols, rightCols []int
}

func newBuilder(name string, cfg Config, plan *matcher.Plan, left, right *matcher.Table) *builder {
	rule := plan.Rule
	b := &builder{mem: memory.NewGoAllocator(), name: name, plan: plan, previous: cfg.Previous, left: left, right: right,
		leftCols: sideColumns(rule.Left, rule.Output(rules.Left)), rightCols: sideColumns(rule.Right, rule.Output(rules.Right))}
	b.schema = reportSchema(rule.Left, rule.Right, b.leftCols, b.rightCols)
	return b
}
