// Command people writes a generated person link job for speed and scale
// runs (make bench-scale): two files of -n records each, the rule and a
// job file, in -out.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/nfimatch/nfimatch/bench"
)

func main() {
	n := flag.Int("n", 1_000_000, "records a side")
	out := flag.String("out", "people", "folder to write")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if err := bench.WritePeople(*out, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "people:", err)
		os.Exit(1)
	}
}
