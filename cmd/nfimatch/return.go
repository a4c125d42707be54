package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/nfimatch/nfimatch/outcome"

	"github.com/nfimatch/nfimatch/returns"
	"github.com/urfave/cli/v2"
)

func returnCommand() *cli.Command {
	return &cli.Command{
		Name:  "return",
		Usage: "export the Cabinet Office return: summaries, outcomes and match detail",
		Description: "Writes summary.csv, outcomes.csv, detail/<report>.csv and manifest.json (see docs/return.md).\n" +
			"With --pseudonymise, identifiers become keyed HMAC pseudonyms; the key comes from\n" +
			"--key-file or the environment variable " + returns.KeyEnv + ", never from the command line.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "reports", Usage: "the run's reports folder (out/reports)", Required: true},
			&cli.StringFlag{Name: "outcomes", Usage: "the outcomes store (default: outcomes.csv beside the reports folder, if there is one)"},
			&cli.StringFlag{Name: "out", Usage: "the return folder to write (replaced as a whole)", Required: true},
			&cli.BoolFlag{Name: "pseudonymise", Usage: "replace identifiers with keyed HMAC pseudonyms"},
			&cli.StringFlag{Name: "key-file", Usage: "file holding the pseudonymisation key (else $" + returns.KeyEnv + ")"},
		},
		Action: func(c *cli.Context) error {
			cfg := returns.Config{Reports: c.String("reports"), Outcomes: c.String("outcomes"), Out: c.String("out"), Version: version}
			if cfg.Outcomes == "" {
				cfg.Outcomes = defaultOutcomes(cfg.Reports)
			}
			switch {
			case c.Bool("pseudonymise"):
				key, err := returns.LoadKey(c.String("key-file"))
				if err != nil {
					return err
				}
				cfg.Key = key
			case c.String("key-file") != "":
				return errors.New("return: --key-file is only used with --pseudonymise")
			}
			m, err := returns.Build(c.Context, cfg)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.App.Writer, "wrote the return to %s: %d files", cfg.Out, len(m.Files)+1)
			if m.Pseudonymised {
				fmt.Fprint(c.App.Writer, ", identifiers pseudonymised")
			}
			fmt.Fprintln(c.App.Writer)
			return nil
		},
	}
}

// defaultOutcomes returns the outcomes store beside the reports folder, or
// "" when nothing has been imported there.
func defaultOutcomes(reports string) string {
	p := outcome.StorePath(reports)
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}
