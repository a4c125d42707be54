package batch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/report"
)

// readDataset reads the delimited file at path as dataset d and hands its
// record batches to consume, which must read them to the end. Rejected rows
// go to rejectsPath, which appears only once the whole file has been read.
// The input is hashed as it is read, in the same pass.
func readDataset(ctx context.Context, path string, d DatasetSpec, rejectsPath string, consume func(*extract.Dataset, array.RecordReader) error) (DatasetSummary, error) {
	ds, err := extract.Lookup(d.Type)
	if err != nil {
		return DatasetSummary{}, err
	}
	f, err := os.Open(path)
	if err != nil {
		return DatasetSummary{}, fmt.Errorf("dataset %s: %w", d.ID, err)
	}
	defer f.Close()
	hash := sha256.New()
	counted := &countingReader{r: io.TeeReader(f, hash)}
	rw, err := report.CreateAtomic(rejectsPath)
	if err != nil {
		return DatasetSummary{}, err
	}
	defer rw.Abort()
	rejects, err := extract.NewCSVRejects(rw)
	if err != nil {
		return DatasetSummary{}, err
	}
	cfg := extract.DefaultDelimitedConfig()
	cfg.Comma, _ = delimiter(d.Delimiter)
	rr, err := extract.NewDelimitedReader(ctx, counted, path, ds, d.Body, cfg, rejects)
	if err != nil {
		return DatasetSummary{}, fmt.Errorf("dataset %s: %w", d.ID, err)
	}
	defer rr.Release()
	if err := consume(ds, rr); err != nil {
		return DatasetSummary{}, fmt.Errorf("dataset %s: %w", d.ID, err)
	}
	if err := rejects.Flush(); err != nil {
		return DatasetSummary{}, fmt.Errorf("dataset %s: rejects: %w", d.ID, err)
	}
	if err := rw.Commit(); err != nil {
		return DatasetSummary{}, err
	}
	st := rr.Stats()
	if st.Read != st.Loaded+st.Rejected {
		return DatasetSummary{}, fmt.Errorf("dataset %s: %d rows read but %d loaded and %d rejected", d.ID, st.Read, st.Loaded, st.Rejected)
	}
	return DatasetSummary{ID: d.ID, Stats: st, SHA256: hex.EncodeToString(hash.Sum(nil)), Bytes: counted.n, RejectsPath: rejectsPath}, nil
}
