package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"strconv"
	"strings"

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
			&cli.StringFlag{Name: "memory", Usage: "memory budget for matching, e.g. 4GiB or 500MB: a report whose data would not fit is matched partition by partition from files on disk (default: no budget, all in memory)"},
			&cli.Int64Flag{Name: "max-block-pairs", Usage: "skip blocks with more candidate pairs than this, and say so (0: no limit)", Value: -1},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print nothing but errors: no progress bars, no log"},
			&cli.StringFlag{Name: "log-format", Usage: "progress as log lines on stderr, text or json (default: progress bars when stderr is a terminal, text log lines otherwise)"},
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
			if m := c.String("memory"); m != "" {
				budget, err := parseBytes(m)
				if err != nil {
					return fmt.Errorf("run: --memory: %w", err)
				}
				opts.MemoryBudget = budget
				// Let the garbage collector work harder as the heap
				// nears the budget rather than outgrow it.
				defer debug.SetMemoryLimit(debug.SetMemoryLimit(budget))
			}
			if !c.Bool("quiet") {
				if err := showProgress(&opts, c.App.ErrWriter, c.String("log-format")); err != nil {
					return fmt.Errorf("run: %w", err)
				}
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

// showProgress sets opts to show a run's progress on w: as progress bars
// when w is a terminal and no log format is asked for, otherwise as log
// lines in format (text when empty).
func showProgress(opts *batch.Options, w io.Writer, format string) error {
	switch format {
	case "":
		if isTerminal(w) {
			opts.Progress = bars{w: w}
			return nil
		}
	case "text", "json":
	default:
		return fmt.Errorf("--log-format %q: give text or json", format)
	}
	opts.Log = newLogger(w, format)
	return nil
}

func newLogger(w io.Writer, format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// byteUnits are the suffixes parseBytes understands, longest first.
var byteUnits = []struct {
	suffix string
	size   int64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12},
	{"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"T", 1 << 40},
	{"B", 1},
}

// parseBytes reads a size such as 4GiB, 1.5GB, 512M or 1048576 (bytes).
func parseBytes(s string) (int64, error) {
	t := strings.TrimSpace(s)
	unit := int64(1)
	for _, u := range byteUnits {
		if len(t) > len(u.suffix) && strings.EqualFold(t[len(t)-len(u.suffix):], u.suffix) {
			t, unit = strings.TrimSpace(t[:len(t)-len(u.suffix)]), u.size
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v <= 0 || v*float64(unit) >= 1<<62 {
		return 0, fmt.Errorf("%q is not a size: write e.g. 4GiB, 500MB or a number of bytes", s)
	}
	return int64(v * float64(unit)), nil
}
