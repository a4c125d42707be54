package batch

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/nfimatch/nfimatch/report"
)

// Manifest is the record of one run, written to out/manifest.json when the
// run has finished: what was read, with which rules, and what was written,
// with checksums to show that the files are the ones the run produced. It
// holds counts and money totals only, never a person's details.
type Manifest struct {
	Software   string           `json:"software"`
	Version    string           `json:"version"`
	Job        string           `json:"job"`
	FinishedAt string           `json:"finished_at"` // RFC 3339, UTC
	Rules      []ManifestRule   `json:"rules"`
	Inputs     []ManifestInput  `json:"inputs"`
	Reports    []ManifestReport `json:"reports"`
	// Summary is the run's summary page (see package summary).
	Summary ManifestFile    `json:"summary"`
	Seconds ManifestTimings `json:"seconds"`
}

// ManifestFile is one output file and its checksum.
type ManifestFile struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// ManifestRule identifies a rule by its text's hash.
type ManifestRule struct {
	ID     string `json:"id"`
	Source string `json:"source"`
	SHA256 string `json:"sha256"`
}

// ManifestInput is one input file and what became of its rows.
type ManifestInput struct {
	ID       string           `json:"id"`
	Dataset  string           `json:"dataset"`
	Body     string           `json:"body"`
	Path     string           `json:"path"`
	SHA256   string           `json:"sha256"`
	Bytes    int64            `json:"bytes"`
	Read     int64            `json:"read"`
	Loaded   int64            `json:"loaded"`
	Rejected int64            `json:"rejected"`
	Warnings map[string]int64 `json:"warnings"`
	// RejectsByReason counts the rejected rows by reason category, with
	// values taken out (see RejectCategory).
	RejectsByReason map[string]int64 `json:"rejects_by_reason"`
	// Fields are the dataset type's canonical fields in schema order, with
	// the number of loaded rows that hold a value for each.
	Fields         []ManifestField `json:"fields"`
	RejectsPath    string          `json:"rejects_path"`
	RejectsSHA256  string          `json:"rejects_sha256"`
	ExtractSeconds float64         `json:"extract_seconds"`
}

// ManifestField is one canonical field of an input.
type ManifestField struct {
	Name    string `json:"name"`
	Present int64  `json:"present"`
}

// ManifestReport is one written report. Money is in pence.
type ManifestReport struct {
	Name           string         `json:"name"`
	Rule           string         `json:"rule"`
	Path           string         `json:"path"`
	SHA256         string         `json:"sha256"`
	SchemaVersion  string         `json:"schema_version"` // the report schema (docs/reports.md)
	Matches        int            `json:"matches"`
	ByBand         map[string]int `json:"by_band"`
	OverpaidPence  int64          `json:"overpaid_pence"`
	UnderpaidPence int64          `json:"underpaid_pence"`
	// PreviouslyReviewed counts matches whose review ended after an
	// earlier run (see docs/return.md).
	PreviouslyReviewed int     `json:"previously_reviewed"`
	CandidatePairs     int64   `json:"candidate_pairs"`
	SkippedPairs       int64   `json:"skipped_pairs"`
	MatchSeconds       float64 `json:"match_seconds"`
}

// ManifestTimings are the run's stages in seconds of wall time; each input's
// own extract time is in its entry.
type ManifestTimings struct {
	Extract float64 `json:"extract"`
	Match   float64 `json:"match"`
	Total   float64 `json:"total"`
}

func writeManifest(path string, j *Job, version string, plans []planned, sum *Summary) error {
	m := Manifest{Software: "nfimatch", Version: version, Job: j.Name, FinishedAt: time.Now().UTC().Format(time.RFC3339)}
	seen := map[string]bool{}
	for _, p := range plans {
		r := p.plan.Rule.Rule
		if !seen[r.SHA256] {
			seen[r.SHA256] = true
			m.Rules = append(m.Rules, ManifestRule{ID: r.ID, Source: r.Source, SHA256: r.SHA256})
		}
	}
	for _, d := range sum.Datasets {
		rejectsSum, err := fileSHA256(d.RejectsPath)
		if err != nil {
			return err
		}
		st := d.Stats
		in := ManifestInput{ID: d.ID, Dataset: st.Dataset, Body: st.Body, Path: st.File,
			SHA256: d.SHA256, Bytes: d.Bytes, Read: st.Read, Loaded: st.Loaded, Rejected: st.Rejected,
			Warnings: st.Warnings, RejectsByReason: d.Profile.Rejects, Fields: []ManifestField{},
			RejectsPath: d.RejectsPath, RejectsSHA256: rejectsSum, ExtractSeconds: d.Elapsed.Seconds()}
		for _, f := range d.Profile.Fields {
			in.Fields = append(in.Fields, ManifestField{Name: f.Name, Present: f.Present})
		}
		m.Inputs = append(m.Inputs, in)
	}
	for _, r := range sum.Reports {
		fileSum, err := fileSHA256(r.Written.Path)
		if err != nil {
			return err
		}
		var skipped int64
		for _, p := range r.Result.Passes {
			skipped += p.SkippedPairs
		}
		m.Reports = append(m.Reports, ManifestReport{Name: r.Name, Rule: r.Written.ReportID, Path: r.Written.Path, SHA256: fileSum,
			SchemaVersion: r.Written.SchemaVersion, Matches: r.Written.Matches, ByBand: r.Written.ByBand, OverpaidPence: r.Written.Overpaid, UnderpaidPence: r.Written.Underpaid,
			PreviouslyReviewed: r.Written.PreviouslyReviewed,
			CandidatePairs:     r.Result.Compared, SkippedPairs: skipped, MatchSeconds: r.Elapsed.Seconds()})
		m.Seconds.Match += r.Elapsed.Seconds()
	}
	pageSum, err := fileSHA256(sum.Page)
	if err != nil {
		return err
	}
	m.Summary = ManifestFile{Path: sum.Page, SHA256: pageSum}
	m.Seconds.Extract = sum.ExtractElapsed.Seconds()
	m.Seconds.Total = sum.Elapsed.Seconds()
	out, err := report.CreateAtomic(path)
	if err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	defer out.Abort()
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	return out.Commit()
}

// fileSHA256 returns the hex SHA-256 of a file as it is on disk.
func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("checksum %s: %w", filepath.Base(path), err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("checksum %s: %w", filepath.Base(path), err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
