package batch

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/report"
)

// readDataset reads the input of d as its dataset type and hands its record
// batches to consume, which must read them to the end. Rejected rows go to
// rejectsPath, which appears only once the whole input has been read. The
// input is hashed and profiled as it is read, in the same pass.
func readDataset(ctx context.Context, dir string, d DatasetSpec, rejectsPath string, rows *rowCounter, consume func(*extract.Dataset, array.RecordReader) error) (DatasetSummary, error) {
	ds, err := extract.Lookup(d.Type)
	if err != nil {
		return DatasetSummary{}, err
	}
	spec, err := d.input(dir)
	if err != nil {
		return DatasetSummary{}, fmt.Errorf("dataset %s: %w", d.ID, err)
	}
	rw, err := report.CreateAtomic(rejectsPath)
	if err != nil {
		return DatasetSummary{}, err
	}
	defer rw.Abort()
	rejects, err := extract.NewCSVRejects(rw)
	if err != nil {
		return DatasetSummary{}, err
	}
	prof := newProfiler(ds)
	in, err := extract.OpenInput(ctx, spec, ds, d.Body, extract.DefaultReaderConfig(), prof.sink(rejects))
	if err != nil {
		return DatasetSummary{}, fmt.Errorf("dataset %s: %w", d.ID, err)
	}
	defer in.Close()
	if err := consume(ds, prof.reader(countRows(in, rows))); err != nil {
		return DatasetSummary{}, fmt.Errorf("dataset %s: %w", d.ID, err)
	}
	if err := rejects.Flush(); err != nil {
		return DatasetSummary{}, fmt.Errorf("dataset %s: rejects: %w", d.ID, err)
	}
	if err := rw.Commit(); err != nil {
		return DatasetSummary{}, err
	}
	st := in.Stats()
	if st.Read != st.Loaded+st.Rejected {
		return DatasetSummary{}, fmt.Errorf("dataset %s: %d rows read but %d loaded and %d rejected", d.ID, st.Read, st.Loaded, st.Rejected)
	}
	return DatasetSummary{ID: d.ID, Stats: st, SHA256: in.SHA256(), Bytes: in.Bytes(), RejectsPath: rejectsPath, Profile: prof.profile()}, nil
}

// input resolves d's file and mapping against dir (the job's folder; "" for
// the working folder) and loads the mapping.
func (d DatasetSpec) input(dir string) (extract.InputSpec, error) {
	var spec extract.InputSpec
	if d.Path != "" {
		spec.Path = resolve(dir, d.Path)
	}
	comma, err := extract.ParseDelimiter(d.Delimiter)
	if err != nil {
		return spec, err
	}
	spec.Delimiter = comma
	if d.Mapping != "" {
		m, err := extract.LoadMapping(resolve(dir, d.Mapping))
		if err != nil {
			return spec, err
		}
		spec.Mapping = m
	}
	return spec, nil
}

func resolve(dir, p string) string {
	if filepath.IsAbs(p) || dir == "" {
		return p
	}
	return filepath.Join(dir, p)
}
