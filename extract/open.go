package extract

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
)

// InputSpec says where an input is and how to read it.
type InputSpec struct {
	// Path is the input file; empty for a database source.
	Path string
	// Mapping, when not nil, declares the format, layout and field mapping.
	Mapping *MappingFile
	// Delimiter overrides a delimited file's delimiter; 0 leaves it to the
	// mapping or to detection.
	Delimiter rune
}

// Input is an open input: a Reader over its rows, and the fingerprint of what
// was read.
type Input struct {
	*Reader
	hash    hash.Hash
	counter *countingReader
	closers []io.Closer
}

// SHA256 returns the SHA-256 of the input's bytes as read, once the Reader is
// at its end: the file's contents for a file, and for a database source the
// rows as read, one per line with values joined by "|".
func (in *Input) SHA256() string { return hex.EncodeToString(in.hash.Sum(nil)) }

// Bytes returns the number of bytes of the input read so far.
func (in *Input) Bytes() int64 {
	if in.counter == nil {
		return 0
	}
	return in.counter.n
}

// Close releases the Reader and closes the file or database rows.
func (in *Input) Close() error {
	in.Reader.Release()
	var first error
	for i := len(in.closers) - 1; i >= 0; i-- {
		if err := in.closers[i].Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// OpenInput opens spec as dataset ds supplied by body. Rejected rows go to
// rejects. The caller must Close the Input.
func OpenInput(ctx context.Context, spec InputSpec, ds *Dataset, body string, cfg ReaderConfig, rejects RejectSink) (*Input, error) {
	mf := spec.Mapping
	if mf == nil {
		mf = &MappingFile{Version: 1, Format: FormatDelimited}
	}
	if err := mf.CheckDataset(ds); err != nil {
		return nil, err
	}
	if mf.PivotYear != 0 {
		cfg.Dates.PivotYear = mf.PivotYear
	}
	in := &Input{hash: sha256.New()}
	name := spec.Path
	if mf.Format == FormatSQL {
		name = mf.Path + " (query)"
	}
	src, err := in.openSource(ctx, spec, name, mf)
	if err != nil {
		in.closeAll()
		return nil, err
	}
	r, err := NewReader(ctx, src, name, ds, body, mf.Mapping(), cfg, rejects)
	if err != nil {
		in.closeAll()
		return nil, err
	}
	in.Reader = r
	return in, nil
}

func (in *Input) closeAll() {
	for _, c := range in.closers {
		c.Close()
	}
}

// openFile opens path and returns its contents as a stream that is hashed
// and counted as it is read.
func (in *Input) openFile(path string) (io.Reader, error) {
	f, err := in.open(path)
	if err != nil {
		return nil, err
	}
	in.counter = &countingReader{r: io.TeeReader(f, in.hash)}
	return in.counter, nil
}

// open opens path, to be closed with the Input.
func (in *Input) open(path string) (*os.File, error) {
	if path == "" {
		return nil, fmt.Errorf("no input file given")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open input: %w", err)
	}
	in.closers = append(in.closers, f)
	return f, nil
}

// openSource builds the Source the mapping's format calls for.
func (in *Input) openSource(ctx context.Context, spec InputSpec, name string, mf *MappingFile) (Source, error) {
	switch mf.Format {
	case FormatSQL:
		db, err := OpenDatabase(ctx, mf.SQL.Driver, mf.SQL.DSNEnv)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		in.closers = append(in.closers, db)
		src, err := NewSQLSource(ctx, db, name, mf.SQL.Query)
		if err != nil {
			return nil, err
		}
		in.closers = append(in.closers, src)
		in.counter = &countingReader{}
		return &hashingSource{Source: src, in: in}, nil
	case FormatParquet:
		return in.openParquet(spec.Path)
	case FormatDelimited, FormatFixed, FormatJSONLines:
	default:
		return nil, fmt.Errorf("%s: format %q cannot be read", spec.Path, mf.Format)
	}
	raw, err := in.openFile(spec.Path)
	if err != nil {
		return nil, err
	}
	r, err := DecodeReader(raw, mf.Encoding)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", spec.Path, err)
	}
	switch mf.Format {
	case FormatFixed:
		cols := make([]FixedColumn, len(mf.Columns))
		for i, c := range mf.Columns {
			cols[i] = FixedColumn{Name: c.Name, Start: c.Start, Width: c.FixedWidth()}
		}
		src, err := NewFixedWidthSource(r, spec.Path, cols, mf.RecordLength)
		if err != nil {
			return nil, err
		}
		if mf.Header != nil && *mf.Header {
			if err := src.SkipHeader(); err != nil {
				return nil, err
			}
		}
		return src, nil
	case FormatJSONLines:
		return NewJSONLinesSource(r, spec.Path, nil)
	default:
		comma := spec.Delimiter
		if comma == 0 {
			comma, _ = ParseDelimiter(mf.Delimiter)
		}
		var cols []string
		if mf.Header != nil && !*mf.Header {
			for _, c := range mf.Columns {
				cols = append(cols, c.Name)
			}
		}
		return NewDelimitedSource(r, spec.Path, comma, cols)
	}
}

// openParquet opens a Parquet file, which is read by random access: it is
// hashed whole first, then read for its rows.
func (in *Input) openParquet(path string) (Source, error) {
	f, err := in.open(path)
	if err != nil {
		return nil, err
	}
	n, err := io.Copy(in.hash, f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	in.counter = &countingReader{n: n}
	src, err := NewParquetSource(f, n, path, nil, nil)
	if err != nil {
		return nil, err
	}
	in.closers = append(in.closers, src)
	return src, nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// hashingSource fingerprints the rows of a source that is not a file: each
// row's values joined by "|", one row per line.
type hashingSource struct {
	Source
	in *Input
}

func (h *hashingSource) Next() (Row, error) {
	r, err := h.Source.Next()
	if err == nil {
		n, _ := io.WriteString(h.in.hash, r.Raw+"\n")
		h.in.counter.n += int64(n)
	}
	return r, err
}
