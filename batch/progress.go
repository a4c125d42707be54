package batch

import (
	"sync"

	"github.com/apache/arrow/go/v17/arrow/array"
)

// Progress shows how far a run's long stages have got, for example as a
// progress bar on a terminal. It hears counts only, never data.
type Progress interface {
	// Begin starts a stage, such as "extract" or "match pensions-deceased",
	// counted in unit (rows, partitions). Stages run one after another.
	Begin(stage, unit string) Meter
}

// Meter follows one stage. Set may be called from several goroutines, but
// one call at a time.
type Meter interface {
	// Set says that done units are through, of total; total is -1 while
	// it is not known.
	Set(done, total int64)
	// End says the stage is over.
	End()
}

// noProgress is the Progress of a run given none.
type noProgress struct{}

func (noProgress) Begin(string, string) Meter { return noMeter{} }

type noMeter struct{}

func (noMeter) Set(int64, int64) {}
func (noMeter) End()             {}

// rowCounter counts the rows read from several inputs at once into one
// meter of unknown total.
type rowCounter struct {
	mu    sync.Mutex
	rows  int64
	meter Meter
}

func (c *rowCounter) add(n int64) {
	c.mu.Lock()
	c.rows += n
	c.meter.Set(c.rows, -1)
	c.mu.Unlock()
}

// countRows wraps rr so that every record it yields is counted by c; a nil
// c leaves rr as it is.
func countRows(rr array.RecordReader, c *rowCounter) array.RecordReader {
	if c == nil {
		return rr
	}
	return &countingReader{RecordReader: rr, c: c}
}

type countingReader struct {
	array.RecordReader
	c *rowCounter
}

func (r *countingReader) Next() bool {
	if !r.RecordReader.Next() {
		return false
	}
	r.c.add(r.RecordReader.Record().NumRows())
	return true
}
