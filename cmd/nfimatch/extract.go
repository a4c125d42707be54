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
		Name:  "extract",
		Usage: "read one input into the canonical schema: an Arrow IPC file of the loaded rows and a CSV of the rejects",
		Description: "FILE is a delimited file with a header row unless --mapping declares another format\n" +
			"(fixed-width, Parquet, JSON Lines) or a database query, which reads no FILE.",
		ArgsUsage: "[FILE]",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "dataset", Usage: "the dataset type (see nfimatch datasets)", Required: true},
			&cli.StringFlag{Name: "body", Usage: "the body that supplied the input", Required: true},
			&cli.StringFlag{Name: "mapping", Usage: "a mapping file: format, encoding, layout and field names (see docs/mapping.md)"},
			&cli.StringFlag{Name: "delimiter", Usage: ", | ~ ; or tab (detected from the first line when left out)"},
			&cli.StringFlag{Name: "out", Usage: "folder for NAME.arrow and NAME.rejects.csv", Value: "."},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return errors.New("extract: give at most one input file")
			}
			d := batch.DatasetSpec{ID: c.String("dataset"), Type: c.String("dataset"), Body: c.String("body"),
				Path: c.Args().First(), Mapping: c.String("mapping"), Delimiter: c.String("delimiter")}
			got, err := batch.ExtractToArrow(c.Context, d, c.String("out"))
			if err != nil {
				return err
			}
			st := got.Stats
			fmt.Fprintf(c.App.Writer, "%s: read %d = loaded %d + rejected %d\n", filepath.Base(st.File), st.Read, st.Loaded, st.Rejected)
			printWarnings(c.App.Writer, "  ", st)
			fmt.Fprintf(c.App.Writer, "-> %s\n-> %s\n", rel(got.ArrowPath), rel(got.RejectsPath))
			return nil
		},
	}
}
