package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/nfimatch/nfimatch/batch"
	"github.com/urfave/cli/v2"
)

func extractCommand() *cli.Command {
	return &cli.Command{
		Name:      "extract",
		Usage:     "read one input file into the canonical schema: an Arrow IPC file of the loaded rows and a CSV of the rejects",
		ArgsUsage: "FILE",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "dataset", Usage: "the dataset type (see nfimatch datasets)", Required: true},
			&cli.StringFlag{Name: "body", Usage: "the body that supplied the file", Required: true},
			&cli.StringFlag{Name: "delimiter", Usage: ", | ~ ; or tab (detected from the header line when left out)"},
			&cli.StringFlag{Name: "out", Usage: "folder for FILE.arrow and FILE.rejects.csv", Value: "."},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return errors.New("extract: give one input file")
			}
			d := batch.DatasetSpec{ID: c.String("dataset"), Type: c.String("dataset"), Body: c.String("body"), Delimiter: c.String("delimiter")}
			got, err := batch.ExtractToArrow(c.Context, c.Args().First(), d, c.String("out"))
			if err != nil {
				return err
			}
			st := got.Stats
			fmt.Fprintf(c.App.Writer, "%s: read %d, loaded %d, rejected %d\n", filepath.Base(st.File), st.Read, st.Loaded, st.Rejected)
			printWarnings(c.App.Writer, "  ", st)
			fmt.Fprintf(c.App.Writer, "-> %s\n-> %s\n", rel(got.ArrowPath), rel(got.RejectsPath))
			return nil
		},
	}
}
