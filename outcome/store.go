package outcome

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"

	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/matcher"
	"github.com/nfimatch/nfimatch/report"
)

// StoreFile is the name of the outcomes store, kept in a run's output
// folder beside its reports folder.
const StoreFile = "outcomes.csv"

// StorePath returns the store of the run whose reports are in reportsDir.
func StorePath(reportsDir string) string {
	return filepath.Join(filepath.Dir(filepath.Clean(reportsDir)), StoreFile)
}

// storeColumns are the store's columns: readable in DuckDB as they are,
// with amounts in pounds and ISO dates.
var storeColumns = []string{"match_id", "report_name", "outcome", "amount_to_recover", "date", "note"}

// Load reads a store. A store that does not exist yet holds no outcomes.
func Load(path string) ([]Record, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read outcomes: %w", err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read outcomes %s: %w", path, err)
	}
	if len(rows) == 0 || !slices.Equal(rows[0], storeColumns) {
		return nil, fmt.Errorf("read outcomes %s: not an outcomes store (want the header %v)", path, storeColumns)
	}
	out := make([]Record, 0, len(rows)-1)
	for i, row := range rows[1:] {
		rec, err := storedRecord(row)
		if err != nil {
			return nil, fmt.Errorf("read outcomes %s: line %d: %w", path, i+2, err)
		}
		out = append(out, rec)
	}
	return out, nil
}

func storedRecord(row []string) (Record, error) {
	if len(row) != len(storeColumns) {
		return Record{}, fmt.Errorf("%d fields, want %d", len(row), len(storeColumns))
	}
	k, err := ParseKind(row[2])
	if err != nil {
		return Record{}, err
	}
	rec := Record{MatchID: row[0], Report: row[1], Outcome: k, Note: row[5]}
	if row[3] != "" {
		if rec.Recover, err = extract.ParsePounds(row[3]); err != nil {
			return Record{}, fmt.Errorf("amount_to_recover: %w", err)
		}
		rec.HasRecover = true
	}
	if row[4] != "" {
		if rec.Date, err = extract.ParseDate(row[4], extract.DefaultDateConfig()); err != nil {
			return Record{}, fmt.Errorf("date: %w", err)
		}
		rec.HasDate = true
	}
	return rec, nil
}

// Save writes the store at path: under a temporary name, renamed into
// place when complete, so that an interrupted import leaves the store as
// it was.
func Save(path string, recs []Record) error {
	f, err := report.CreateAtomic(path)
	if err != nil {
		return fmt.Errorf("write outcomes: %w", err)
	}
	defer f.Abort()
	w := csv.NewWriter(f)
	w.Write(storeColumns)
	for _, r := range recs {
		amount, date := "", ""
		if r.HasRecover {
			amount = strconv.FormatFloat(float64(r.Recover)/100, 'f', 2, 64)
		}
		if r.HasDate {
			date = matcher.DateString(int64(r.Date))
		}
		w.Write([]string{r.MatchID, r.Report, string(r.Outcome), amount, date, r.Note})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("write outcomes %s: %w", path, err)
	}
	return f.Commit()
}

// Merge adds imported records to stored ones: an imported record replaces
// the stored record of the same match. The result is ordered by report
// and match id.
func Merge(stored, imported []Record) (merged []Record, added, replaced int) {
	byID := make(map[string]Record, len(stored)+len(imported))
	for _, r := range stored {
		byID[r.MatchID] = r
	}
	for _, r := range imported {
		if _, ok := byID[r.MatchID]; ok {
			replaced++
		} else {
			added++
		}
		byID[r.MatchID] = r
	}
	merged = make([]Record, 0, len(byID))
	for _, r := range byID {
		merged = append(merged, r)
	}
	sort.Slice(merged, func(i, j int) bool {
		if merged[i].Report != merged[j].Report {
			return merged[i].Report < merged[j].Report
		}
		return merged[i].MatchID < merged[j].MatchID
	})
	return merged, added, replaced
}
