package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"text/tabwriter"
	"time"

	"github.com/nfimatch/nfimatch/batch"
	"github.com/nfimatch/nfimatch/matcher"
	"github.com/nfimatch/nfimatch/rules"
	"github.com/urfave/cli/v2"
)

func trainCommand() *cli.Command {
	def := matcher.DefaultTrainConfig()
	return &cli.Command{
		Name:  "train",
		Usage: "fit a report's rule on the job's data: m and u per level and a prior, written to a parameters file the rule can use",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "job", Usage: "the job file whose datasets to read", Required: true},
			&cli.StringFlag{Name: "report", Usage: "the report (as named in the job) whose rule to train", Required: true},
			&cli.StringFlag{Name: "out", Usage: "the parameters file to write (default: REPORT.params.yaml beside the job file)"},
			&cli.Int64Flag{Name: "pairs", Usage: "random record pairs to count u on", Value: def.Pairs},
			&cli.Uint64Flag{Name: "seed", Usage: "random seed: the same seed and data give the same parameters", Value: def.Seed},
			&cli.IntFlag{Name: "workers", Usage: "goroutines that score pairs (default: one per CPU)"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 0 {
				return errors.New("train: give the job with --job and the report with --report")
			}
			job, err := batch.LoadJob(c.String("job"))
			if err != nil {
				return err
			}
			name := c.String("report")
			out := c.String("out")
			if out == "" {
				out = job.Path(name + ".params.yaml")
			}
			mcfg := matcher.DefaultConfig()
			if w := c.Int("workers"); w > 0 {
				mcfg.Workers = w
			}
			eng, err := matcher.New(mcfg)
			if err != nil {
				return err
			}
			cfg := def
			cfg.Pairs, cfg.Seed = c.Int64("pairs"), c.Uint64("seed")
			plan, left, right, datasets, err := batch.TrainingData(c.Context, job, name, mcfg.Workers, nil)
			if err != nil {
				return err
			}
			params, err := eng.Train(c.Context, plan, left, right, cfg)
			if err != nil {
				return err
			}
			params.Trained = time.Now().Format(time.DateOnly)
			if err := params.Write(out); err != nil {
				return err
			}
			var records int64
			for _, d := range datasets {
				records += d.Stats.Loaded
			}
			return printTraining(c.App.Writer, params, records, out)
		},
	}
}

// printTraining says what training found: counts and each level's m, u
// and weight, never a value from the data.
func printTraining(w io.Writer, ps *rules.Parameters, records int64, out string) error {
	state := "converged"
	if !ps.Converged {
		state = "stopped without converging"
	}
	fmt.Fprintf(w, "trained rule %s on %d records: u from %d random pairs; m and the prior from %d candidate pairs, EM %s after %d iterations\n",
		ps.Rule, records, ps.RandomPairs, ps.BlockedPairs, state, ps.Iterations)
	if ps.Prior != nil {
		fmt.Fprintf(w, "prior %.3g: one pair in %.0f drawn at random is one person\n", *ps.Prior, 1 / *ps.Prior)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "COMPARISON\tLEVEL\tM\tU\tWEIGHT\t")
	for _, c := range ps.Comparisons {
		for _, l := range c.Levels {
			fmt.Fprintf(tw, "%s\t%s\t%.4f\t%.4g\t%+.2f\t\n", c.ID, l.Level, l.M, l.U, math.Log2(l.M/l.U))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, c := range ps.Comparisons {
		if c.Note != "" {
			fmt.Fprintf(w, "note: %s: %s\n", c.ID, c.Note)
		}
	}
	_, err := fmt.Fprintf(w, "wrote %s; a rule uses it with model: {parameters: FILE}, relative to the rule file\n", out)
	return err
}
