package batch

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/ipc"

	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/matcher"
	"github.com/nfimatch/nfimatch/report"
)

// Memory estimates. A record held for matching costs about
// tableBytesPerIPCByte times its size in an Arrow IPC file (Go strings
// and validity in the table, prepared features, block ids and candidate
// lists), measured on generated person data with the catalogue's rules;
// see BenchmarkSpilledRun. A part is sized to partShare of the budget, to
// leave room for the garbage collector and the report being written.
const (
	tableBytesPerIPCByte = 6
	partShare            = 4
	maxPartitions        = 256
	// While a pass is split, each partition buffers a batch of rows
	// before writing it; the buffers together, at about twice their IPC
	// size, are kept to bufferShare of the budget.
	bufferShare = 16
)

// spillFile is a dataset extracted to an Arrow IPC stream.
type spillFile struct {
	ds    *extract.Dataset
	path  string
	rows  int64
	bytes int64 // of the file
}

// runSpilled extracts every dataset to an Arrow IPC stream in a spill
// folder under the output, then matches each report: in memory when its
// records, by estimate, fit the budget, else partition by partition (see
// matcher.Engine.RunPartitioned). The spill folder is removed at the end,
// whether the run succeeds or fails.
func runSpilled(ctx context.Context, j *Job, eng *matcher.Engine, plans []planned, opts Options, sum *Summary, log *slog.Logger) error {
	if err := os.MkdirAll(sum.Output, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", sum.Output, err)
	}
	dir, err := os.MkdirTemp(sum.Output, ".spill-")
	if err != nil {
		return fmt.Errorf("spill folder: %w", err)
	}
	defer os.RemoveAll(dir)
	var mu sync.Mutex
	files := map[string]spillFile{}
	err = extractAll(ctx, j, plans, opts.Matcher.Workers, opts.progress(), sum, log, func(ctx context.Context, d DatasetSpec, rows *rowCounter) (DatasetSummary, error) {
		f, ds, err := spillDataset(ctx, j, d, sum.Output, dir, rows)
		if err == nil {
			mu.Lock()
			files[d.ID] = f
			mu.Unlock()
		}
		return ds, err
	})
	if err != nil {
		return err
	}
	for _, p := range plans {
		if err := matchSpilled(ctx, eng, p, files, dir, opts, sum, log); err != nil {
			return err
		}
	}
	return nil
}

// matchSpilled matches one report from the spill files and writes it.
func matchSpilled(ctx context.Context, eng *matcher.Engine, p planned, files map[string]spillFile, dir string, opts Options, sum *Summary, log *slog.Logger) error {
	t0 := time.Now()
	name := p.spec.ReportName()
	leftIDs, rightIDs := p.spec.sides()
	search := len(p.spec.Datasets) > 0
	var need, bytes, rows int64
	for _, id := range leftIDs {
		need += files[id].bytes * tableBytesPerIPCByte
		bytes, rows = bytes+files[id].bytes, rows+files[id].rows
	}
	if !search {
		for _, id := range rightIDs {
			need += files[id].bytes * tableBytesPerIPCByte
			bytes, rows = bytes+files[id].bytes, rows+files[id].rows
		}
	}
	if need <= opts.MemoryBudget {
		left, right, err := loadSpilled(ctx, files, leftIDs, rightIDs, search)
		if err != nil {
			return fmt.Errorf("report %s: %w", name, err)
		}
		res, err := matchInMemory(ctx, eng, p, left, right, opts.progress())
		if err != nil {
			return err
		}
		return writeReport(ctx, p, report.Slice(left, right, res.Matches), res, 0, t0, opts.Report, sum, log)
	}
	parts := int(min((need*partShare+opts.MemoryBudget-1)/opts.MemoryBudget, maxPartitions))
	partDir, err := os.MkdirTemp(dir, "parts-")
	if err != nil {
		return fmt.Errorf("report %s: %w", name, err)
	}
	defer os.RemoveAll(partDir)
	log.Info("partitioning", "report", name, "estimated_bytes", need, "budget_bytes", opts.MemoryBudget, "partitions", parts)
	meter := opts.progress().Begin("match "+name, "partitions")
	rowBytes := max(bytes/max(rows, 1), 1)
	batchRows := int(min(max(opts.MemoryBudget/bufferShare/2/rowBytes/int64(parts), 128), 8192))
	out, err := eng.RunPartitioned(ctx, p.plan, spillInput(files, leftIDs), spillInput(files, rightIDs),
		matcher.PartitionConfig{Dir: partDir, Partitions: parts, BatchRows: batchRows, Progress: meter.Set})
	meter.End()
	if err != nil {
		return fmt.Errorf("report %s: %w", name, err)
	}
	defer out.Close()
	// The report is written as the sorted runs are merged; one-to-one
	// counts its drops as they go, so the statistics are recorded after.
	if err := writeReport(ctx, p, out, out.Result, parts, t0, opts.Report, sum, log); err != nil {
		return fmt.Errorf("report %s: %w", name, err)
	}
	return out.Close()
}

// spillDataset extracts one input to an Arrow IPC stream in dir, writing
// its rejects to the output as an in-memory run does.
func spillDataset(ctx context.Context, j *Job, d DatasetSpec, out, dir string, rows *rowCounter) (spillFile, DatasetSummary, error) {
	f := spillFile{path: filepath.Join(dir, d.ID+".arrow")}
	sum, err := readDataset(ctx, j.Dir, d, filepath.Join(out, "rejects", d.ID+".csv"), rows,
		func(ds *extract.Dataset, rr array.RecordReader) error {
			f.ds = ds
			file, err := os.OpenFile(f.path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
			if err != nil {
				return fmt.Errorf("spill: %w", err)
			}
			defer file.Close()
			n, err := writeStream(file, rr)
			if err != nil {
				return fmt.Errorf("spill: %w", err)
			}
			f.rows = n
			if err := file.Close(); err != nil {
				return fmt.Errorf("spill: %w", err)
			}
			st, err := os.Stat(f.path)
			if err != nil {
				return fmt.Errorf("spill: %w", err)
			}
			f.bytes = st.Size()
			return nil
		})
	return f, sum, err
}

// writeStream writes every batch of rr to w as an Arrow IPC stream and
// returns the rows written.
func writeStream(w io.Writer, rr array.RecordReader) (int64, error) {
	buf := bufio.NewWriterSize(w, 1<<20)
	iw := ipc.NewWriter(buf, ipc.WithSchema(rr.Schema()))
	var rows int64
	for rr.Next() {
		if err := iw.Write(rr.Record()); err != nil {
			iw.Close()
			return rows, err
		}
		rows += rr.Record().NumRows()
	}
	if err := rr.Err(); err != nil {
		iw.Close()
		return rows, err
	}
	if err := iw.Close(); err != nil {
		return rows, err
	}
	return rows, buf.Flush()
}

// readStream passes every batch of the Arrow IPC stream at path to each.
func readStream(ctx context.Context, path string, each func(arrow.Record) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("spill: %w", err)
	}
	defer f.Close()
	r, err := ipc.NewReader(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		return fmt.Errorf("spill %s: %w", filepath.Base(path), err)
	}
	defer r.Release()
	for r.Next() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := each(r.Record()); err != nil {
			return err
		}
	}
	return r.Err()
}

// spillInput streams the spill files of ids, in order, as one side.
func spillInput(files map[string]spillFile, ids []string) matcher.Input {
	return func(ctx context.Context, each func(arrow.Record) error) error {
		for _, id := range ids {
			if err := readStream(ctx, files[id].path, each); err != nil {
				return err
			}
		}
		return nil
	}
}

// loadSpilled reads a report's spill files into tables, as reportTables
// joins extracted tables.
func loadSpilled(ctx context.Context, files map[string]spillFile, leftIDs, rightIDs []string, search bool) (left, right *matcher.Table, err error) {
	load := func(ids []string) (*matcher.Table, error) {
		ds := files[ids[0]].ds
		var tables []*matcher.Table
		for _, id := range ids {
			f, err := os.Open(files[id].path)
			if err != nil {
				return nil, fmt.Errorf("spill: %w", err)
			}
			r, err := ipc.NewReader(bufio.NewReaderSize(f, 1<<20))
			if err != nil {
				f.Close()
				return nil, fmt.Errorf("spill %s: %w", id, err)
			}
			t, err := matcher.NewTable(ctx, ds, r)
			r.Release()
			f.Close()
			if err != nil {
				return nil, err
			}
			tables = append(tables, t)
		}
		return matcher.Concat(tables...)
	}
	if left, err = load(leftIDs); err != nil {
		return nil, nil, err
	}
	if search {
		return left, left, nil
	}
	right, err = load(rightIDs)
	return left, right, err
}
