package batch

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/nfimatch/nfimatch/matcher"
)

// TrainingData reads what `nfimatch train` fits a report's rule on: the
// report called name in j, its rule compiled for training
// (matcher.CompileForTraining) and the tables of its sides (one table as
// both for a search). Rejected rows are written to a temporary folder,
// removed before it returns. Progress goes to log (nil discards).
func TrainingData(ctx context.Context, j *Job, name string, workers int, log *slog.Logger) (*matcher.Plan, *matcher.Table, *matcher.Table, []DatasetSummary, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var spec *ReportSpec
	var names []string
	for i, r := range j.Reports {
		names = append(names, r.ReportName())
		if r.ReportName() == name {
			spec = &j.Reports[i]
		}
	}
	if spec == nil {
		return nil, nil, nil, nil, fmt.Errorf("train: the job has no report %q (reports: %v)", name, names)
	}
	rule, err := j.loadRule(*spec)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	plan, err := matcher.CompileForTraining(rule)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if err := checkSides(*spec, rule, j.datasetsByID()); err != nil {
		return nil, nil, nil, nil, err
	}
	tmp, err := os.MkdirTemp("", "nfimatch-train-")
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("train: %w", err)
	}
	defer os.RemoveAll(tmp)
	sum := &Summary{Output: tmp}
	tables, err := extractTables(ctx, j, []planned{{spec: *spec, plan: plan}}, workers, noProgress{}, sum, log)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	left, right, err := reportTables(*spec, tables)
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("report %s: %w", name, err)
	}
	return plan, left, right, sum.Datasets, nil
}
