package main

import (
	"context"
	"os"
	"testing"
)

// dataDir is ../shared/data beside the checkout, seen from this folder.
const dataDir = "../../../shared/data"

// TestAccuracy scores every benchmark and holds it to a floor a little
// under today's figures, so that a change to the scorers or the rules that
// costs accuracy fails here. febrl4's floor is the project's goal.
func TestAccuracy(t *testing.T) {
	if _, err := os.Stat(dataDir); err != nil {
		t.Skipf("no reference data at %s", dataDir)
	}
	floors := map[string]Scores{
		"febrl4":    {Precision: 0.995, Recall: 0.995, F1: 0.995, BlockingRecall: 0.999},
		"fake_1000": {Precision: 0.97, Recall: 0.85, F1: 0.91, BlockingRecall: 0.97},
	}
	for _, b := range Benchmarks {
		t.Run(b.Name, func(t *testing.T) {
			s, err := b.Run(context.Background(), ".", dataDir)
			if err != nil {
				t.Fatal(err)
			}
			f := floors[b.Name]
			if s.Precision < f.Precision || s.Recall < f.Recall || s.F1 < f.F1 || s.BlockingRecall < f.BlockingRecall {
				t.Errorf("%s, want at least precision %.3f recall %.3f f1 %.3f blocking recall %.3f",
					s.Line(b.Name), f.Precision, f.Recall, f.F1, f.BlockingRecall)
			}
			if s.True == 0 || s.Matches == 0 {
				t.Errorf("%d true pairs and %d matches: the truth or the files were not read", s.True, s.Matches)
			}
		})
	}
}
