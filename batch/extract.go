package batch

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/ipc"
	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/report"
)

// Extracted is what ExtractToArrow wrote.
type Extracted struct {
	DatasetSummary
	ArrowPath string // the Arrow IPC file of loaded records
}

// ExtractToArrow reads the input of d (paths relative to the working folder)
// and writes its records in the canonical schema as an Arrow IPC file,
// NAME.arrow, and its rejects as NAME.rejects.csv in dir, where NAME is the
// input's base name without extension (the dataset id for a database
// source). Both files appear only when the whole input was read.
func ExtractToArrow(ctx context.Context, d DatasetSpec, dir string) (Extracted, error) {
	name := d.ID
	if d.Path != "" {
		name = strings.TrimSuffix(filepath.Base(d.Path), filepath.Ext(d.Path))
	}
	if err := d.check(""); err != nil {
		return Extracted{}, err
	}
	arrowPath := filepath.Join(dir, name+".arrow")
	af, err := report.CreateAtomic(arrowPath)
	if err != nil {
		return Extracted{}, err
	}
	defer af.Abort()
	sum, err := readDataset(ctx, "", d, filepath.Join(dir, name+".rejects.csv"), nil,
		func(ds *extract.Dataset, rr array.RecordReader) error {
			w, err := ipc.NewFileWriter(af, ipc.WithSchema(rr.Schema()))
			if err != nil {
				return fmt.Errorf("write %s: %w", arrowPath, err)
			}
			for rr.Next() {
				if err := w.Write(rr.Record()); err != nil {
					w.Close()
					return fmt.Errorf("write %s: %w", arrowPath, err)
				}
			}
			if err := rr.Err(); err != nil {
				w.Close()
				return err
			}
			if err := w.Close(); err != nil {
				return fmt.Errorf("write %s: %w", arrowPath, err)
			}
			return nil
		})
	if err != nil {
		return Extracted{}, err
	}
	if err := af.Commit(); err != nil {
		return Extracted{}, err
	}
	return Extracted{DatasetSummary: sum, ArrowPath: arrowPath}, nil
}
