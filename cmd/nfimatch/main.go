// Command nfimatch runs National Fraud Initiative data matching jobs.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/urfave/cli/v2"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newApp().RunContext(ctx, os.Args); err != nil {
		fmt.Fprintln(os.Stderr, "nfimatch:", err)
		stop()
		os.Exit(1)
	}
}

// newApp builds the command line. Commands write to the app's Writer and
// ErrWriter, so that tests can capture them.
func newApp() *cli.App {
	return &cli.App{
		Name:    "nfimatch",
		Usage:   "match council datasets for the National Fraud Initiative",
		Version: version,
		Commands: []*cli.Command{
			runCommand(),
			trainCommand(),
			extractCommand(),
			rulesCommand(),
			datasetsCommand(),
			fixturesCommand(),
			outcomesCommand(),
			returnCommand(),
		},
	}
}
