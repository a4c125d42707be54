package batch

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/nfimatch/nfimatch/matcher"
	"github.com/nfimatch/nfimatch/report"
	"github.com/nfimatch/nfimatch/summary"
)

// SummaryFile is the name of the run's summary page in the output folder.
const SummaryFile = "summary.html"

// writeSummaryPage writes the run's summary page to path, under a temporary
// name renamed into place when complete.
func writeSummaryPage(path string, j *Job, version string, sum *Summary) error {
	out, err := report.CreateAtomic(path)
	if err != nil {
		return fmt.Errorf("write summary page: %w", err)
	}
	defer out.Abort()
	if err := summary.Render(out, summaryRun(j, version, sum)); err != nil {
		return fmt.Errorf("write summary page: %w", err)
	}
	return out.Commit()
}

// summaryRun is what the summary page shows of a run: counts, scores,
// money, field names and reasons.
func summaryRun(j *Job, version string, sum *Summary) summary.Run {
	run := summary.Run{Job: j.Name, Version: version, Finished: time.Now(), Elapsed: sum.Elapsed}
	for _, d := range sum.Datasets {
		st := d.Stats
		in := summary.Input{ID: d.ID, Dataset: st.Dataset, Body: st.Body, Read: st.Read, Loaded: st.Loaded, Rejected: st.Rejected}
		for _, f := range d.Profile.Fields {
			in.Fields = append(in.Fields, summary.Field{Name: f.Name, Required: f.Required, Present: f.Present})
		}
		for _, k := range d.Profile.RejectKeys() {
			in.Rejects = append(in.Rejects, summary.Count{Reason: k, Rows: d.Profile.Rejects[k]})
		}
		for _, k := range st.WarningKeys() {
			in.Warnings = append(in.Warnings, summary.Count{Reason: k, Rows: st.Warnings[k]})
		}
		run.Inputs = append(run.Inputs, in)
	}
	for _, r := range sum.Reports {
		w, res := r.Written, r.Result
		rep := summary.Report{Name: r.Name, Rule: w.ReportID, Title: r.Title, Matches: w.Matches,
			High: w.ByBand["high"], Medium: w.ByBand["medium"], Low: w.ByBand["low"], Reviewed: w.PreviouslyReviewed,
			HasAmount: w.HasAmount, Overpaid: w.Overpaid, Underpaid: w.Underpaid, WithAmount: w.WithAmount,
			Compared: res.Compared, Scores: r.scores.list()}
		for _, p := range res.Passes {
			rep.Passes = append(rep.Passes, summary.Pass{Name: p.Name, Blocks: p.Blocks, Pairs: p.Pairs,
				LargestBlock: p.LargestBlock, SkippedBlocks: p.SkippedBlocks, SkippedPairs: p.SkippedPairs})
		}
		run.Reports = append(run.Reports, rep)
	}
	return run
}

// scores are the scores and bands of a report's matches, in report order,
// kept compactly: a run can report millions of matches.
type scores struct {
	values []float64
	bands  []uint8 // index in names
	names  []string
}

func (s *scores) add(ms []matcher.Match) {
	for i := range ms {
		b := slices.Index(s.names, ms[i].Band)
		if b < 0 {
			b = len(s.names)
			s.names = append(s.names, ms[i].Band)
		}
		s.values = append(s.values, ms[i].Score)
		s.bands = append(s.bands, uint8(b))
	}
}

// list returns the scores for the summary page.
func (s *scores) list() []summary.Score {
	out := make([]summary.Score, len(s.values))
	for i, v := range s.values {
		out[i] = summary.Score{Value: v, Band: s.names[s.bands[i]]}
	}
	return out
}

// scoreTally is a report.Source that keeps the scores of the matches src
// yields.
type scoreTally struct {
	src    report.Source
	scores scores
}

func (t *scoreTally) Next(ctx context.Context, n int) (*matcher.Batch, error) {
	b, err := t.src.Next(ctx, n)
	if b != nil {
		t.scores.add(b.Matches)
	}
	return b, err
}
