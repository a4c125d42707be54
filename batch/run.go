package batch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/apache/arrow/go/v17/arrow/array"

	"golang.org/x/sync/errgroup"

	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/matcher"
	"github.com/nfimatch/nfimatch/outcome"
	"github.com/nfimatch/nfimatch/report"
	"github.com/nfimatch/nfimatch/rules"
)

// Options configure a run.
type Options struct {
	// Version is the software version recorded in the manifest.
	Version string
	Matcher matcher.Config
	Report  report.Config
	// Log receives progress as counts and timings; it never carries
	// personal data. nil discards.
	Log *slog.Logger
	// MemoryBudget, in bytes, bounds the memory the matching stage may
	// hold: the datasets are extracted to Arrow IPC files in a spill
	// folder under the output, and a report whose records would not fit
	// the budget is matched partition by partition (see runSpilled).
	// Zero holds every dataset in memory.
	MemoryBudget int64
	// Progress follows the long stages (extraction, matching); nil shows
	// nothing.
	Progress Progress
}

// progress returns o.Progress, or one that shows nothing.
func (o Options) progress() Progress {
	if o.Progress == nil {
		return noProgress{}
	}
	return o.Progress
}

// DefaultOptions returns the default matcher and report configuration.
func DefaultOptions() Options {
	return Options{Matcher: matcher.DefaultConfig(), Report: report.DefaultConfig()}
}

// Summary is what a run did.
type Summary struct {
	Output   string
	Manifest string // path of the run manifest
	Page     string // path of the run's summary page, out/summary.html
	// ExtractElapsed is the wall time of the extract stage, whose datasets
	// are read concurrently.
	ExtractElapsed time.Duration
	Datasets       []DatasetSummary
	Reports        []ReportSummary
	Elapsed        time.Duration
}

// DatasetSummary is one extracted input.
type DatasetSummary struct {
	ID          string
	Stats       extract.Stats
	SHA256      string // of the input file as read
	Bytes       int64
	RejectsPath string
	// Profile counts each canonical field's values among the loaded rows
	// and the rejected rows by reason.
	Profile Profile
	Elapsed time.Duration
}

// ReportSummary is one written report.
type ReportSummary struct {
	Name    string
	Title   string
	Search  bool   // the rule searched within one dataset
	Scope   string // the rule's scope: any, across_bodies or within_body
	Written report.Summary
	// Result holds the matcher's statistics; its Matches are those
	// written when the records were matched in memory, nil when they
	// were partitioned (the matches went to disk).
	Result *matcher.Result
	// Partitions is the number of partitions per blocking pass the report
	// was matched in; 0 when its records were held in memory together.
	Partitions int
	Elapsed    time.Duration
	scores     scores // each match's score and band, for the summary page
}

// planned is a report whose rule has been compiled.
type planned struct {
	spec ReportSpec
	plan *matcher.Plan
}

// Run runs the job. Rules are compiled before any data is read. Each report
// file appears only when complete, and the manifest only when every report
// is written.
func Run(ctx context.Context, j *Job, opts Options) (*Summary, error) {
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	start := time.Now()
	eng, err := matcher.New(opts.Matcher)
	if err != nil {
		return nil, err
	}
	if err := opts.Report.Validate(); err != nil {
		return nil, err
	}
	plans, err := compilePlans(j)
	if err != nil {
		return nil, err
	}
	out := j.Path(j.Output)
	sum := &Summary{Output: out, Manifest: filepath.Join(out, "manifest.json"), Page: filepath.Join(out, SummaryFile)}
	// A manifest or summary page left by an earlier run would vouch for
	// reports this run is about to replace: remove them before writing
	// anything.
	for _, old := range []string{sum.Manifest, sum.Page} {
		if err := os.Remove(old); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("remove the previous %s: %w", filepath.Base(old), err)
		}
	}
	// Outcomes recorded after an earlier run mark the matches found again.
	previous, err := outcome.Load(filepath.Join(out, outcome.StoreFile))
	if err != nil {
		return nil, err
	}
	if len(previous) > 0 {
		opts.Report.Previous = make(map[string]report.Previous, len(previous))
		for _, r := range previous {
			opts.Report.Previous[r.MatchID] = report.Previous{Outcome: string(r.Outcome), Ended: r.Outcome.Reviewed()}
		}
	}
	if opts.MemoryBudget < 0 {
		return nil, fmt.Errorf("memory budget %d: must not be negative", opts.MemoryBudget)
	}
	if opts.MemoryBudget > 0 {
		err = runSpilled(ctx, j, eng, plans, opts, sum, log)
	} else {
		err = runInMemory(ctx, j, eng, plans, opts, sum, log)
	}
	if err != nil {
		return nil, err
	}
	sum.Elapsed = time.Since(start)
	if err := writeSummaryPage(sum.Page, j, opts.Version, sum); err != nil {
		return nil, err
	}
	if err := writeManifest(sum.Manifest, j, opts.Version, plans, sum); err != nil {
		// The page vouches for a run that has no record: take it away.
		if rmErr := os.Remove(sum.Page); rmErr != nil && !errors.Is(rmErr, fs.ErrNotExist) {
			return nil, errors.Join(err, fmt.Errorf("remove the summary page of the failed run: %w", rmErr))
		}
		return nil, err
	}
	return sum, nil
}

// compilePlans compiles every report's rule and checks that it links the
// datasets the report names.
func compilePlans(j *Job) ([]planned, error) {
	byID := j.datasetsByID()
	var plans []planned
	for _, r := range j.Reports {
		rule, err := j.loadRule(r)
		if err != nil {
			return nil, err
		}
		plan, err := matcher.CompileRule(rule)
		if err != nil {
			return nil, err
		}
		if err := checkSides(r, rule, byID); err != nil {
			return nil, err
		}
		plans = append(plans, planned{spec: r, plan: plan})
	}
	return plans, nil
}

// checkSides checks that report r gives the datasets its rule links, of the
// rule's dataset types.
func checkSides(r ReportSpec, rule *rules.Rule, byID map[string]DatasetSpec) error {
	switch {
	case rule.IsSearch() && len(r.Datasets) == 0:
		return fmt.Errorf("report %s: rule %s searches within %s: give the report datasets: [ids] instead of left and right", r.ReportName(), rule.ID, rule.Left)
	case rule.IsSearch():
		for _, id := range r.Datasets {
			if byID[id].Type != rule.Left {
				return fmt.Errorf("report %s: rule %s searches within %s, but dataset %s is %s", r.ReportName(), rule.ID, rule.Left, id, byID[id].Type)
			}
		}
	case len(r.Datasets) > 0:
		return fmt.Errorf("report %s: rule %s links %s to %s: give the report left and right instead of datasets", r.ReportName(), rule.ID, rule.Left, rule.Right)
	default:
		for _, side := range []struct {
			ids  IDs
			want string
		}{{r.Left, rule.Left}, {r.Right, rule.Right}} {
			for _, id := range side.ids {
				if byID[id].Type != side.want {
					return fmt.Errorf("report %s: rule %s links %s to %s, but dataset %s is %s",
						r.ReportName(), rule.ID, rule.Left, rule.Right, id, byID[id].Type)
				}
			}
		}
	}
	return nil
}

// runInMemory extracts every dataset into a table and matches each report
// with its tables in memory.
func runInMemory(ctx context.Context, j *Job, eng *matcher.Engine, plans []planned, opts Options, sum *Summary, log *slog.Logger) error {
	tables, err := extractTables(ctx, j, plans, opts.Matcher.Workers, opts.progress(), sum, log)
	if err != nil {
		return err
	}
	for _, p := range plans {
		t0 := time.Now()
		left, right, err := reportTables(p.spec, tables)
		if err != nil {
			return fmt.Errorf("report %s: %w", p.spec.ReportName(), err)
		}
		res, err := matchInMemory(ctx, eng, p, left, right, opts.progress())
		if err != nil {
			return err
		}
		if err := writeReport(ctx, p, report.Slice(left, right, res.Matches), res, 0, t0, opts.Report, sum, log); err != nil {
			return err
		}
	}
	return nil
}

// matchInMemory matches the report of plan p on tables held in memory,
// showing the left rows scored on progress.
func matchInMemory(ctx context.Context, eng *matcher.Engine, p planned, left, right *matcher.Table, progress Progress) (*matcher.Result, error) {
	meter := progress.Begin("match "+p.spec.ReportName(), "rows")
	defer meter.End()
	res, err := eng.RunWith(ctx, p.plan, left, right, matcher.RunOptions{Progress: meter.Set})
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", p.spec.ReportName(), err)
	}
	return res, nil
}

// extractTables extracts every dataset the reports need into a table.
func extractTables(ctx context.Context, j *Job, plans []planned, workers int, progress Progress, sum *Summary, log *slog.Logger) (map[string]*matcher.Table, error) {
	var mu sync.Mutex
	tables := map[string]*matcher.Table{}
	err := extractAll(ctx, j, plans, workers, progress, sum, log, func(ctx context.Context, d DatasetSpec, rows *rowCounter) (DatasetSummary, error) {
		t, ds, err := extractDataset(ctx, j, d, sum.Output, rows)
		if err == nil {
			mu.Lock()
			tables[d.ID] = t
			mu.Unlock()
		}
		return ds, err
	})
	return tables, err
}

// extractAll reads each dataset the reports need once with read, several
// at a time (they are independent), and records them in sum in job order.
// The rows read are counted on one meter of progress.
func extractAll(ctx context.Context, j *Job, plans []planned, workers int, progress Progress, sum *Summary, log *slog.Logger, read func(context.Context, DatasetSpec, *rowCounter) (DatasetSummary, error)) error {
	byID := j.datasetsByID()
	var ids []string
	seen := map[string]bool{}
	for _, p := range plans {
		left, right := p.spec.sides()
		for _, id := range append(append([]string{}, left...), right...) {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	start := time.Now()
	meter := progress.Begin("extract", "rows")
	defer meter.End()
	rows := &rowCounter{meter: meter}
	sum.Datasets = make([]DatasetSummary, len(ids))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for i, id := range ids {
		g.Go(func() error {
			t0 := time.Now()
			ds, err := read(gctx, byID[id], rows)
			if err != nil {
				return err
			}
			ds.Elapsed = time.Since(t0)
			sum.Datasets[i] = ds
			log.Info("extracted", "dataset", id, "type", ds.Stats.Dataset, "read", ds.Stats.Read,
				"loaded", ds.Stats.Loaded, "rejected", ds.Stats.Rejected, "seconds", ds.Elapsed.Seconds())
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	sum.ExtractElapsed = time.Since(start)
	return nil
}

// writeReport writes the report of plan p from the matches src yields and
// records it in sum with res, the matcher's statistics; t0 is when its
// matching began.
func writeReport(ctx context.Context, p planned, src report.Source, res *matcher.Result, partitions int, t0 time.Time, cfg report.Config, sum *Summary, log *slog.Logger) error {
	name := p.spec.ReportName()
	path := filepath.Join(sum.Output, "reports", name+".parquet")
	scores := &scoreTally{src: src}
	written, err := report.WriteFrom(ctx, path, name, cfg, p.plan, scores)
	if err != nil {
		return err
	}
	rs := ReportSummary{Name: name, Title: p.plan.Rule.Rule.Title, Search: p.plan.Rule.Rule.IsSearch(), Scope: string(p.plan.Rule.Rule.EffectiveScope()),
		Written: written, Result: res, Partitions: partitions, Elapsed: time.Since(t0), scores: scores.scores}
	sum.Reports = append(sum.Reports, rs)
	log.Info("matched", "report", name, "candidate_pairs", res.Compared, "matches", written.Matches,
		"partitions", partitions, "seconds", rs.Elapsed.Seconds())
	return nil
}

// reportTables returns the tables of each side of a report: for a search,
// its datasets joined into one table given as both sides.
func reportTables(spec ReportSpec, tables map[string]*matcher.Table) (left, right *matcher.Table, err error) {
	join := func(ids []string) (*matcher.Table, error) {
		var ts []*matcher.Table
		for _, id := range ids {
			ts = append(ts, tables[id])
		}
		return matcher.Concat(ts...)
	}
	if len(spec.Datasets) > 0 {
		t, err := join(spec.Datasets)
		return t, t, err
	}
	if left, err = join(spec.Left); err != nil {
		return nil, nil, err
	}
	right, err = join(spec.Right)
	return left, right, err
}

// extractDataset reads one input file into a table, writing its rejects.
func extractDataset(ctx context.Context, j *Job, d DatasetSpec, out string, rows *rowCounter) (*matcher.Table, DatasetSummary, error) {
	var t *matcher.Table
	sum, err := readDataset(ctx, j.Dir, d, filepath.Join(out, "rejects", d.ID+".csv"), rows,
		func(ds *extract.Dataset, rr array.RecordReader) (err error) {
			t, err = matcher.NewTable(ctx, ds, rr)
			return err
		})
	return t, sum, err
}
