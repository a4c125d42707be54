package main

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/nfimatch/nfimatch/extract"
	"github.com/urfave/cli/v2"
)

func datasetsCommand() *cli.Command {
	return &cli.Command{
		Name:  "datasets",
		Usage: "list the dataset types, or show one type's fields",
		Action: func(c *cli.Context) error {
			tw := tabwriter.NewWriter(c.App.Writer, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "TYPE\tWHAT IT HOLDS")
			for _, name := range extract.Types() {
				ds, err := extract.Lookup(name)
				if err != nil {
					return err
				}
				fmt.Fprintf(tw, "%s\t%s\n", ds.Type, ds.Doc)
			}
			return tw.Flush()
		},
		Subcommands: []*cli.Command{{
			Name:      "show",
			Usage:     "list a dataset type's fields and the header names they are recognised by",
			ArgsUsage: "TYPE",
			Action: func(c *cli.Context) error {
				if c.NArg() != 1 {
					return errors.New("datasets show: give one dataset type (see nfimatch datasets)")
				}
				ds, err := extract.Lookup(c.Args().First())
				if err != nil {
					return err
				}
				fmt.Fprintf(c.App.Writer, "%s: %s\n\n", ds.Type, ds.Doc)
				tw := tabwriter.NewWriter(c.App.Writer, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "FIELD\tKIND\tREQUIRED\tMEANING\tHEADER NAMES RECOGNISED")
				for _, f := range ds.Fields {
					req := "optional"
					if f.Required {
						req = "required"
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", f.Name, f.Kind, req, f.Doc, strings.Join(f.Aliases, ", "))
				}
				if err := tw.Flush(); err != nil {
					return err
				}
				_, err = fmt.Fprintf(c.App.Writer, "\nHeaders match ignoring case, spaces and punctuation. An extract starts with %s, "+
					"the supplying body; each field of a kind other than %s or %s also has a <field>%s column "+
					"holding the value as supplied (surname%s beside surname).\n",
					extract.BodyField, extract.KindID, extract.KindText, extract.OriginalSuffix, extract.OriginalSuffix)
				return err
			},
		}},
	}
}
