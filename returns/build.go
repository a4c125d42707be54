package returns

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/nfimatch/nfimatch/outcome"
	"github.com/nfimatch/nfimatch/report"
)

// Config says what a return is built from and where it goes.
type Config struct {
	Reports  string // folder of the run's Parquet reports
	Outcomes string // outcomes store; "" for none
	Out      string // the return folder, replaced as a whole
	// Key, when set, pseudonymises identifiers with a keyed HMAC.
	Key     []byte
	Version string // software version, recorded in the manifest
}

// Validate reports a configuration that cannot work.
func (c Config) Validate() error {
	switch {
	case c.Reports == "":
		return errors.New("return: the reports folder is required")
	case c.Out == "":
		return errors.New("return: the output folder is required")
	case c.Key != nil && len(c.Key) < MinKeyBytes:
		return fmt.Errorf("return: the pseudonymisation key is %d bytes: use at least %d", len(c.Key), MinKeyBytes)
	}
	if abs(c.Out) == abs(c.Reports) {
		return errors.New("return: the output folder must not be the reports folder")
	}
	return nil
}

func abs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	return a
}

// The files of a return folder.
const (
	SummaryFile  = "summary.csv"
	OutcomesFile = "outcomes.csv"
	DetailDir    = "detail"
	ManifestName = "manifest.json"
)

// Manifest lists the files of a return with their checksums.
type Manifest struct {
	Software      string         `json:"software"`
	Version       string         `json:"version"`
	Pseudonymised bool           `json:"pseudonymised"`
	Files         []ManifestFile `json:"files"`
}

// ManifestFile is one file of the return.
type ManifestFile struct {
	Path   string `json:"path"` // relative to the return folder, with forward slashes
	Rows   int    `json:"rows"` // data rows, not counting the header
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Build writes the return folder: the summary per report, the outcomes
// summary, one detail file per report and the manifest. The folder is
// written under a temporary name and moved into place when complete, so
// an interrupted build leaves any earlier return as it was.
func Build(ctx context.Context, cfg Config) (*Manifest, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	paths, err := report.Files(cfg.Reports)
	if err != nil {
		return nil, err
	}
	outcomes := map[string]outcome.Record{}
	if cfg.Outcomes != "" {
		if _, err := os.Stat(cfg.Outcomes); err != nil {
			return nil, fmt.Errorf("return: outcomes: %w", err)
		}
		recs, err := outcome.Load(cfg.Outcomes)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			outcomes[r.MatchID] = r
		}
	}
	if err := os.MkdirAll(filepath.Dir(abs(cfg.Out)), 0o700); err != nil {
		return nil, fmt.Errorf("return: %w", err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(abs(cfg.Out)), "."+filepath.Base(abs(cfg.Out))+".*.partial")
	if err != nil {
		return nil, fmt.Errorf("return: %w", err)
	}
	defer os.RemoveAll(tmp) // gone once renamed
	m := &Manifest{Software: "nfimatch", Version: cfg.Version, Pseudonymised: cfg.Key != nil}
	var totals []*reportTotals
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".parquet")
		rel := DetailDir + "/" + name + ".csv"
		var tot *reportTotals
		f, err := writeFile(tmp, rel, func(w io.Writer) (rows int, err error) {
			tot, rows, err = writeDetail(ctx, p, w, outcomes, cfg.Key)
			return rows, err
		})
		if err != nil {
			return nil, err
		}
		if tot.Name == "" {
			tot.Name = name
		}
		m.Files = append(m.Files, f)
		totals = append(totals, tot)
	}
	f, err := writeFile(tmp, SummaryFile, func(w io.Writer) (int, error) { return writeSummary(w, totals) })
	if err != nil {
		return nil, err
	}
	m.Files = append(m.Files, f)
	if f, err = writeFile(tmp, OutcomesFile, func(w io.Writer) (int, error) { return writeOutcomes(w, totals) }); err != nil {
		return nil, err
	}
	m.Files = append(m.Files, f)
	sort.Slice(m.Files, func(i, j int) bool { return m.Files[i].Path < m.Files[j].Path })
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("return: manifest: %w", err)
	}
	if err := os.WriteFile(filepath.Join(tmp, ManifestName), append(data, '\n'), 0o600); err != nil {
		return nil, fmt.Errorf("return: manifest: %w", err)
	}
	return m, replaceDir(tmp, cfg.Out)
}

// writeFile writes one file of the return through fill and describes it
// for the manifest.
func writeFile(dir, rel string, fill func(io.Writer) (int, error)) (ManifestFile, error) {
	path := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return ManifestFile{}, fmt.Errorf("return: %w", err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return ManifestFile{}, fmt.Errorf("return: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	cw := &countWriter{w: io.MultiWriter(f, h)}
	rows, err := fill(cw)
	if err != nil {
		return ManifestFile{}, fmt.Errorf("return: %s: %w", rel, err)
	}
	if err := f.Close(); err != nil {
		return ManifestFile{}, fmt.Errorf("return: %s: %w", rel, err)
	}
	return ManifestFile{Path: rel, Rows: rows, Bytes: cw.n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// replaceDir moves the finished folder tmp to out, replacing an earlier
// return there.
func replaceDir(tmp, out string) error {
	old := ""
	if _, err := os.Stat(out); err == nil {
		if _, err := os.Stat(filepath.Join(out, ManifestName)); err != nil {
			return fmt.Errorf("return: %s exists and is not a return folder (no %s): choose another --out", out, ManifestName)
		}
		old = tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return fmt.Errorf("return: %w", err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("return: %w", err)
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			os.Rename(old, out)
		}
		return fmt.Errorf("return: %w", err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

func writeSummary(w io.Writer, totals []*reportTotals) (int, error) {
	cw := csv.NewWriter(w)
	cw.Comma = Delimiter
	cw.Write([]string{"report_name", "report_id", "matches", "high", "medium", "low", "matches_with_amount",
		"overpayment_pence", "underpayment_pence", "previously_reviewed"})
	for _, t := range totals {
		cw.Write([]string{t.Name, t.ID, itoa(t.Matches), itoa(t.High), itoa(t.Medium), itoa(t.Low), itoa(t.WithAmount),
			strconv.FormatInt(t.Overpaid, 10), strconv.FormatInt(t.Underpaid, 10), itoa(t.PreviouslyReviewed)})
	}
	cw.Flush()
	return len(totals), cw.Error()
}

// writeOutcomes writes, per report, the matches and amount to recover for
// each outcome, and the matches with no outcome yet as not_reviewed.
func writeOutcomes(w io.Writer, totals []*reportTotals) (int, error) {
	cw := csv.NewWriter(w)
	cw.Comma = Delimiter
	cw.Write([]string{"report_name", "outcome", "matches", "amount_to_recover_pence"})
	rows := 0
	for _, t := range totals {
		for _, k := range outcome.Kinds {
			o := t.Outcomes[k]
			if o == nil {
				o = &outcomeTotals{}
			}
			cw.Write([]string{t.Name, string(k), itoa(o.Matches), strconv.FormatInt(o.Recover, 10)})
			rows++
		}
		cw.Write([]string{t.Name, "not_reviewed", itoa(t.NotReviewed), "0"})
		rows++
	}
	cw.Flush()
	return rows, cw.Error()
}

func itoa(n int) string { return strconv.Itoa(n) }
