package main

import (
	"errors"
	"io"
	"log/slog"

	"github.com/nfimatch/nfimatch/batch"
	"github.com/urfave/cli/v2"
)

func runCommand() *cli.Command {
	return &cli.Command{
		Name:      "run",
		Usage:     "run the batch job described in a job file",
		ArgsUsage: "JOB.yaml",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "workers", Usage: "goroutines that score pairs (default: one per CPU)"},
			&cli.Int64Flag{Name: "max-block-pairs", Usage: "skip blocks with more candidate pairs than this, and say so (0: no limit)", Value: -1},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print nothing but errors"},
			&cli.StringFlag{Name: "log-format", Usage: "progress log on stderr: text or json", Value: "text"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return errors.New("run: give one job file (nfimatch run JOB.yaml)")
			}
			job, err := batch.LoadJob(c.Args().First())
			if err != nil {
				return err
			}
			opts := batch.DefaultOptions()
			opts.Version = version
			if w := c.Int("workers"); w > 0 {
				opts.Matcher.Workers = w
			}
			if m := c.Int64("max-block-pairs"); m >= 0 {
				opts.Matcher.MaxBlockPairs = m
			}
			if !c.Bool("quiet") {
				opts.Log = newLogger(c.App.ErrWriter, c.String("log-format"))
			}
			sum, err := batch.Run(c.Context, job, opts)
			if err != nil {
				return err
			}
			if !c.Bool("quiet") {
				printSummary(c.App.Writer, job, sum)
			}
			return nil
		},
	}
}

func newLogger(w io.Writer, format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}
