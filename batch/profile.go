package batch

import (
	"regexp"
	"sort"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/nfimatch/nfimatch/extract"
)

// Profile is the data-quality profile of one input: which canonical fields
// its loaded rows carry and why its rejected rows were refused. It holds
// counts, field names and reasons only, never a value.
type Profile struct {
	// Fields are the dataset type's canonical fields in schema order, each
	// with the number of loaded rows that hold a value for it.
	Fields []FieldProfile
	// Rejects counts rejected rows by reason category (see RejectCategory).
	Rejects map[string]int64
}

// FieldProfile is one canonical field of an input.
type FieldProfile struct {
	Name     string
	Required bool  // a row without it is rejected, so every loaded row has it
	Present  int64 // loaded rows whose value is not NULL
}

// RejectKeys returns the keys of Rejects, most frequent first, then by name.
func (p Profile) RejectKeys() []string {
	keys := make([]string, 0, len(p.Rejects))
	for k := range p.Rejects {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if p.Rejects[keys[i]] != p.Rejects[keys[j]] {
			return p.Rejects[keys[i]] > p.Rejects[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}

var (
	quoted = regexp.MustCompile(`"[^"]*"|'[^']*'`)
	digits = regexp.MustCompile(`[0-9]+`)
)

// RejectCategory is the reason a row was rejected with what varies from
// row to row taken out: quoted text becomes "…" and numbers (a line, a
// count of fields) become N, so that reasons group and no value from the
// row can reach a summary. The field at fault, if any, leads.
func RejectCategory(r extract.Reject) string {
	reason := digits.ReplaceAllString(quoted.ReplaceAllString(r.Reason, `"…"`), "N")
	if r.Field != "" && !strings.HasPrefix(reason, r.Field) {
		reason = r.Field + ": " + reason
	}
	return reason
}

// profiler counts, as the batches of one input pass by, each canonical
// field's values and each reject category. It is used by one goroutine.
type profiler struct {
	array.RecordReader
	ds      *extract.Dataset
	present []int64 // per field of ds, in order
	rejects map[string]int64
}

func newProfiler(ds *extract.Dataset) *profiler {
	return &profiler{ds: ds, present: make([]int64, len(ds.Fields)), rejects: map[string]int64{}}
}

// sink counts each reject in its category and passes it on to next.
func (p *profiler) sink(next extract.RejectSink) extract.RejectSink {
	return extract.RejectFunc(func(r extract.Reject) error {
		p.rejects[RejectCategory(r)]++
		return next.Reject(r)
	})
}

// reader wraps rr so that every batch read through it is counted.
func (p *profiler) reader(rr array.RecordReader) array.RecordReader {
	p.RecordReader = rr
	return p
}

// Next reads the next batch and counts its non-null values per field.
func (p *profiler) Next() bool {
	if !p.RecordReader.Next() {
		return false
	}
	p.count(p.RecordReader.Record())
	return true
}

// count adds one batch, whose columns are the dataset's schema: the body,
// then the canonical fields in order.
func (p *profiler) count(rec arrow.Record) {
	n := rec.NumRows()
	for i := range p.ds.Fields {
		p.present[i] += n - int64(rec.Column(i+1).NullN())
	}
}

// profile returns what was counted.
func (p *profiler) profile() Profile {
	out := Profile{Fields: make([]FieldProfile, len(p.ds.Fields)), Rejects: p.rejects}
	for i, f := range p.ds.Fields {
		out.Fields[i] = FieldProfile{Name: f.Name, Required: f.Required, Present: p.present[i]}
	}
	return out
}
