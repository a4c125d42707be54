package extract

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
)

// Reject is one input row that was not loaded, with the reason.
type Reject struct {
	File   string // input file name
	Line   int    // 1-based line where the row starts
	Field  string // canonical field at fault, or "" for the row as a whole
	Reason string // what is wrong, in words
	Raw    string // the row as it was read, fields re-joined with the file's delimiter
}

// RejectSink receives rejected rows. Implementations need not be safe for
// concurrent use: a reader calls Reject from one goroutine.
type RejectSink interface {
	Reject(Reject) error
}

// RejectFunc adapts a function to RejectSink.
type RejectFunc func(Reject) error

// Reject calls f(r).
func (f RejectFunc) Reject(r Reject) error { return f(r) }

// CSVRejects writes rejects as CSV with the header file,line,field,reason,raw.
type CSVRejects struct {
	w     *csv.Writer
	count int
}

var _ RejectSink = (*CSVRejects)(nil)

// NewCSVRejects starts a rejects file on w and writes its header.
func NewCSVRejects(w io.Writer) (*CSVRejects, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"file", "line", "field", "reason", "raw"}); err != nil {
		return nil, fmt.Errorf("write rejects header: %w", err)
	}
	return &CSVRejects{w: cw}, nil
}

// Reject writes one row.
func (c *CSVRejects) Reject(r Reject) error {
	c.count++
	return c.w.Write([]string{r.File, strconv.Itoa(r.Line), r.Field, r.Reason, r.Raw})
}

// Count returns the number of rejects written.
func (c *CSVRejects) Count() int { return c.count }

// Flush writes buffered rows and reports any write error.
func (c *CSVRejects) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

// Stats counts what happened to the rows of one input file. Read always
// equals Loaded + Rejected once the file has been read to the end.
type Stats struct {
	File     string
	Dataset  string
	Body     string
	Read     int64 // data rows read (the header is not a row)
	Loaded   int64 // rows loaded into record batches
	Rejected int64 // rows sent to the rejects
	// Warnings counts rows loaded despite a problem with an optional value,
	// keyed "field: what was wrong, what was done" (for example
	// "ni_number: not a valid NI number, loaded as blank").
	Warnings map[string]int64
}

// WarningKeys returns the keys of Warnings in order.
func (s Stats) WarningKeys() []string {
	keys := make([]string, 0, len(s.Warnings))
	for k := range s.Warnings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
