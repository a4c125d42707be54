package main

import (
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/nfimatch/nfimatch/matcher"
	"github.com/nfimatch/nfimatch/rules"
	"github.com/urfave/cli/v2"
)

func rulesCommand() *cli.Command {
	return &cli.Command{
		Name:  "rules",
		Usage: "list, show and check match rules",
		Subcommands: []*cli.Command{
			{
				Name:  "list",
				Usage: "list the built-in rules",
				Action: func(c *cli.Context) error {
					all, err := rules.Catalogue()
					if err != nil {
						return err
					}
					tw := tabwriter.NewWriter(c.App.Writer, 0, 4, 2, ' ', 0)
					fmt.Fprintln(tw, "ID\tLINKS\tTITLE")
					for _, r := range all {
						fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, links(r), r.Title)
					}
					return tw.Flush()
				},
			},
			{
				Name:      "show",
				Usage:     "print a built-in rule, to read or to copy and change",
				ArgsUsage: "ID",
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return errors.New("rules show: give one rule id (see nfimatch rules list)")
					}
					text, err := rules.CatalogueText(c.Args().First())
					if err != nil {
						return err
					}
					_, err = c.App.Writer.Write(text)
					return err
				},
			},
			{
				Name:  "schema",
				Usage: "print the JSON Schema of a rule file, for editors (see docs/rules.md)",
				Action: func(c *cli.Context) error {
					_, err := c.App.Writer.Write(rules.Schema())
					return err
				},
			},
			{
				Name:      "validate",
				Usage:     "check rule files against the dataset schemas; every problem is listed",
				ArgsUsage: "FILE...",
				Action: func(c *cli.Context) error {
					if c.NArg() == 0 {
						return errors.New("rules validate: give one or more rule files")
					}
					bad := 0
					for _, path := range c.Args().Slice() {
						r, err := rules.Read(path)
						if err == nil {
							_, err = matcher.CompileRule(r)
						}
						if err != nil {
							bad++
							fmt.Fprintf(c.App.Writer, "%s: %v\n", path, err)
							continue
						}
						fmt.Fprintf(c.App.Writer, "%s: ok: rule %s (%s), %d blocking passes, %d comparisons\n",
							path, r.ID, links(r), len(r.Blocking), len(r.Comparisons))
					}
					if bad > 0 {
						return fmt.Errorf("rules validate: %d of %d rule files have problems", bad, c.NArg())
					}
					return nil
				},
			},
		},
	}
}

// links says what a rule compares: "pensions -> deceased", or "within
// payroll" for a search.
func links(r *rules.Rule) string {
	if r.IsSearch() {
		return "within " + r.Left
	}
	return r.Left + " -> " + r.Right
}
