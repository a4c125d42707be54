package main

import (
	"fmt"
	"path/filepath"

	"github.com/nfimatch/nfimatch/fixtures"
	"github.com/urfave/cli/v2"
)

func fixturesCommand() *cli.Command {
	def := fixtures.DefaultConfig()
	return &cli.Command{
		Name:  "fixtures",
		Usage: "write a synthetic borough (pensions, DWP deceased, the truth and a job file)",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Usage: "folder to write the data to", Value: "demo"},
			&cli.StringFlag{Name: "output", Usage: "where the job writes its reports, relative to --out", Value: "../out"},
			&cli.Uint64Flag{Name: "seed", Usage: "random seed: the same seed gives the same files", Value: def.Seed},
			&cli.IntFlag{Name: "pensioners", Usage: "pensioners alive and correctly paid", Value: def.Pensioners},
			&cli.IntFlag{Name: "deceased", Usage: "DWP deceased records of people with no pension", Value: def.Deceased},
			&cli.IntFlag{Name: "cases", Usage: "pensioners who died while payments went on", Value: def.Cases},
			&cli.IntFlag{Name: "decoys", Usage: "decoys of each kind", Value: def.Decoys},
			&cli.BoolFlag{Name: "catalogue", Usage: "instead, write a small scenario for every built-in rule, with its truth and a job running them all"},
		},
		Action: func(c *cli.Context) error {
			if c.Bool("catalogue") {
				dir := c.String("out")
				n, err := fixtures.WriteCatalogue(dir, c.String("output"), c.Uint64("seed"))
				if err != nil {
					return err
				}
				fmt.Fprintf(c.App.Writer, "wrote scenarios for %d built-in rules to %s, with their truth (%s); job file %s\n",
					n, dir, filepath.Join(dir, fixtures.CatalogueTruthFile), filepath.Join(dir, fixtures.JobFile))
				return nil
			}
			cfg := def
			cfg.Seed = c.Uint64("seed")
			cfg.Pensioners, cfg.Deceased = c.Int("pensioners"), c.Int("deceased")
			cfg.Cases, cfg.Decoys = c.Int("cases"), c.Int("decoys")
			b, err := fixtures.Generate(cfg)
			if err != nil {
				return err
			}
			dir := c.String("out")
			if err := b.WriteFiles(dir, c.String("output")); err != nil {
				return err
			}
			fmt.Fprintf(c.App.Writer, "wrote a synthetic borough to %s: %d pensions, %d deceased records, %d known cases, %d decoys of each kind; job file %s\n",
				dir, len(b.Pensions), len(b.Deaths), cfg.Cases, cfg.Decoys, filepath.Join(dir, fixtures.JobFile))
			return nil
		},
	}
}
