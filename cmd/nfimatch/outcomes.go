package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"sort"

	"github.com/nfimatch/nfimatch/outcome"
	"github.com/nfimatch/nfimatch/report"
	"github.com/urfave/cli/v2"
)

func outcomesCommand() *cli.Command {
	reports := &cli.StringFlag{Name: "reports", Usage: "the run's reports folder (out/reports)", Required: true}
	return &cli.Command{
		Name:  "outcomes",
		Usage: "record what investigators found for each match",
		Subcommands: []*cli.Command{
			{
				Name:      "import",
				Usage:     "check an outcomes CSV against the reports and store it beside them",
				ArgsUsage: "FILE.csv",
				Description: "Columns: match_id, outcome (fraud, error, no issue, under investigation, closed),\n" +
					"amount_to_recover (pounds), date (dd/mm/yyyy; required unless under investigation), note.\n" +
					"Every problem is listed with its line number; a file with any problem stores nothing.\n" +
					"The store is outcomes.csv beside the reports folder; a match imported again is replaced.",
				Flags: []cli.Flag{reports},
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return errors.New("outcomes import: give one outcomes CSV file")
					}
					known, err := report.MatchIDs(c.Context, c.String("reports"))
					if err != nil {
						return err
					}
					f, err := os.Open(c.Args().First())
					if err != nil {
						return fmt.Errorf("outcomes import: %w", err)
					}
					defer f.Close()
					recs, err := outcome.Parse(f, c.Args().First(), known)
					if err != nil {
						return err
					}
					store := outcome.StorePath(c.String("reports"))
					stored, err := outcome.Load(store)
					if err != nil {
						return err
					}
					merged, added, replaced := outcome.Merge(stored, recs)
					if err := outcome.Save(store, merged); err != nil {
						return err
					}
					fmt.Fprintf(c.App.Writer, "imported %d outcome(s): %d new, %d replacing earlier ones; %d stored in %s\n",
						len(recs), added, replaced, len(merged), store)
					return nil
				},
			},
			{
				Name:  "template",
				Usage: "write an outcomes CSV listing every match id, for investigators to fill in",
				Flags: []cli.Flag{reports, &cli.StringFlag{Name: "out", Usage: "the CSV to write", Required: true}},
				Action: func(c *cli.Context) error {
					known, err := report.MatchIDs(c.Context, c.String("reports"))
					if err != nil {
						return err
					}
					ids := make([]string, 0, len(known))
					for id := range known {
						ids = append(ids, id)
					}
					sort.Slice(ids, func(i, j int) bool {
						if known[ids[i]] != known[ids[j]] {
							return known[ids[i]] < known[ids[j]]
						}
						return ids[i] < ids[j]
					})
					f, err := report.CreateAtomic(c.String("out"))
					if err != nil {
						return err
					}
					defer f.Abort()
					w := csv.NewWriter(f)
					w.Write(outcome.Columns)
					for _, id := range ids {
						w.Write([]string{id, "", "", "", ""})
					}
					if w.Flush(); w.Error() != nil {
						return fmt.Errorf("outcomes template: %w", w.Error())
					}
					if err := f.Commit(); err != nil {
						return err
					}
					fmt.Fprintf(c.App.Writer, "wrote %d match id(s) to %s\n", len(ids), c.String("out"))
					return nil
				},
			},
		},
	}
}
