package report

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"

	"github.com/nfimatch/nfimatch/matcher"
	"github.com/xitongsys/parquet-go/parquet"
	"github.com/xitongsys/parquet-go/writer"
)

// Config configures report writing.
type Config struct {
	// PageSize is the Parquet data page size in bytes, counted as
	// parquet-go counts it: the values' bytes before encoding.
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

// Source yields a report's matches in report order, a batch at a time.
// *matcher.Partitioned is one; Slice gives one over matches in memory.
type Source interface {
	// Next returns the next n matches, or fewer when fewer are left,
	// with the records they name; io.EOF when none are left. The batch
	// is read before the next call.
	Next(ctx context.Context, n int) (*matcher.Batch, error)
}

var _ Source = (*matcher.Partitioned)(nil)

// Slice is a Source of matches held in memory, which index left and right.
func Slice(left, right *matcher.Table, ms []matcher.Match) Source {
	return &slice{b: matcher.Batch{Left: left, Right: right, Matches: ms}}
}

type slice struct {
	b    matcher.Batch
	next int
}

func (s *slice) Next(ctx context.Context, n int) (*matcher.Batch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.next >= len(s.b.Matches) {
		return nil, io.EOF
	}
	b := s.b
	end := min(s.next+n, len(b.Matches))
	b.Matches, s.next = b.Matches[s.next:end], end
	return &b, nil
}

// Write writes the matches of res as the report called name, one Parquet
// file at path. left and right are the tables res indexes. See WriteFrom.
func Write(ctx context.Context, path, name string, cfg Config, plan *matcher.Plan, left, right *matcher.Table, res *matcher.Result) (Summary, error) {
	return WriteFrom(ctx, path, name, cfg, plan, Slice(left, right, res.Matches))
}

// WriteFrom writes the matches src yields as the report called name, one
// Parquet file at path, reading src to its end. The file appears at path
// only when complete, readable by its owner only. It is the file Write
// gives for the same matches in one slice: the writer asks src for each
// flush's matches, and where they come from, tables of their own or not,
// changes nothing.
//
// Text columns are dictionary encoded, one dictionary per row group, but
// for match_id, unique in every row; every column is compressed with
// Snappy; a row group holds cfg.RowGroupRows matches; and the file's
// key-value metadata carries the schema version, the rule and the
// report's name.
func WriteFrom(ctx context.Context, path, name string, cfg Config, plan *matcher.Plan, src Source) (Summary, error) {
	if err := cfg.Validate(); err != nil {
		return Summary{}, err
	}
	rule := plan.Rule
	s := Summary{ReportID: rule.Rule.ID, Name: name, Path: path, SchemaVersion: SchemaVersion, HasAmount: rule.HasAmount(), ByBand: map[string]int{}}
	out, err := CreateAtomic(path)
	if err != nil {
		return s, fmt.Errorf("write report: %w", err)
	}
	defer out.Abort() // a no-op once committed
	buf := bufio.NewWriterSize(out, 1<<20)
	w := newMarshaller(name, cfg, plan)
	pw, err := writer.NewParquetWriterFromWriter(buf, w.schema, marshalGoroutines)
	if err != nil {
		return s, fmt.Errorf("write report %s: schema: %w", path, err)
	}
	if err := w.bind(pw.SchemaHandler); err != nil {
		return s, fmt.Errorf("write report %s: %w", path, err)
	}
	pw.MarshalFunc = w.marshal
	// A page holds at least one match's comparisons (see flushRows).
	pageSize := max(cfg.PageSize, bytesPerMatch(plan)+1)
	pw.PageSize = pageSize
	pw.RowGroupSize = math.MaxInt64 // row groups end where the loop below ends them
	pw.CompressionType = parquet.CompressionCodec_SNAPPY
	for _, kv := range [][2]string{{MetaSchemaVersion, SchemaVersion}, {MetaReportID, rule.Rule.ID}, {MetaReportName, name}} {
		pw.Footer.KeyValueMetadata = append(pw.Footer.KeyValueMetadata, &parquet.KeyValue{Key: kv[0], Value: &kv[1]})
	}
	// parquet-go cuts a column's pages by size wherever they fall, and a
	// page of the comparisons columns must start at a match: each
	// goroutine's share of a flush is kept within one page of them.
	flushRows := min(cfg.RowGroupRows, max(1, (pageSize-1)/bytesPerMatch(plan))*marshalGoroutines)
	// A row group is written flush by flush, each a batch of src: the
	// flushes, and so the file, are those of the matches in one slice.
	for done := false; !done; {
		var rows int64 // in the row group
		for rows < cfg.RowGroupRows {
			b, err := src.Next(ctx, int(min(flushRows, cfg.RowGroupRows-rows)))
			if err == io.EOF {
				done = true
				break
			}
			if err != nil {
				return s, fmt.Errorf("write report %s: %w", path, err)
			}
			if err := ctx.Err(); err != nil {
				return s, err
			}
			s.add(b.Matches, cfg.Previous)
			w.cur = b
			for m := range b.Matches {
				if err := pw.Write(m); err != nil {
					return s, fmt.Errorf("write report %s: %w", path, err)
				}
			}
			if err := pw.Flush(false); err != nil {
				return s, fmt.Errorf("write report %s: %w", path, err)
			}
			w.cur = nil
			rows += int64(len(b.Matches))
		}
		if rows == 0 {
			break
		}
		if err := pw.Flush(true); err != nil {
			return s, fmt.Errorf("write report %s: %w", path, err)
		}
		w.endRowGroup(pw)
	}
	if err := ctx.Err(); err != nil {
		return s, err
	}
	if err := pw.WriteStop(); err != nil {
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

// marshalGoroutines is how many goroutines build and encode a flush's
// columns: one. parquet-go splits a flush's rows between its goroutines,
// and they add their values to a column's shared dictionary in whichever
// order they reach its lock, so with two or more the dictionary, and with
// it the file's bytes, change from run to run. A report must be the same
// file every time the same job runs on the same data.
const marshalGoroutines = 1

// add counts matches by band, their money and those reviewed after an
// earlier run.
func (s *Summary) add(ms []matcher.Match, previous map[string]Previous) {
	s.Matches += len(ms)
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
}
