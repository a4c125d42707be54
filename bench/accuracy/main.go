// Command accuracy scores nfimatch against public record-linkage
// benchmarks with known answers and prints one line per dataset:
//
//	febrl4 precision=P recall=R f1=F blocking_recall=B
//
// Run it as make accuracy, from the repository root, with the reference
// data beside the checkout (../shared/data). The rule and mapping files it
// uses are in this folder.
package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/nfimatch/nfimatch/matcher"
)

// Benchmarks are the reference datasets, in the order printed.
var Benchmarks = []Benchmark{
	{Name: "febrl4", Rule: "febrl4.rule.yaml", Mapping: "febrl4.map.yaml",
		Left: "febrl4/dataset4a.csv", Right: "febrl4/dataset4b.csv", Truth: febrlTruth},
	{Name: "fake_1000", Rule: "fake_1000.rule.yaml",
		Left: "fake_1000/fake_1000.csv", Truth: clusterTruth("fake_1000/fake_1000.csv")},
}

// febrlTruth pairs rec-N-org in dataset 4a with rec-N-dup-0 in 4b.
func febrlTruth(_ string, left, right *matcher.Table) (map[[2]string]bool, error) {
	dups := rows(right)
	out := map[[2]string]bool{}
	for id := range rows(left) {
		n, ok := strings.CutSuffix(id, "-org")
		if !ok {
			return nil, fmt.Errorf("febrl4: record %q in dataset4a is not an original", id)
		}
		if dup := n + "-dup-0"; hasKey(dups, dup) {
			out[[2]string{id, dup}] = true
		}
	}
	return out, nil
}

func hasKey(m map[string]int, k string) bool {
	_, ok := m[k]
	return ok
}

// clusterTruth pairs every two records of file with the same cluster.
func clusterTruth(file string) func(string, *matcher.Table, *matcher.Table) (map[[2]string]bool, error) {
	return func(dataDir string, _, _ *matcher.Table) (map[[2]string]bool, error) {
		f, err := os.Open(filepath.Join(dataDir, file))
		if err != nil {
			return nil, err
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil || len(recs) == 0 {
			return nil, fmt.Errorf("read %s: %v", file, err)
		}
		id, cluster := -1, -1
		for i, h := range recs[0] {
			switch h {
			case "unique_id":
				id = i
			case "cluster":
				cluster = i
			}
		}
		if id < 0 || cluster < 0 {
			return nil, fmt.Errorf("%s: no unique_id or cluster column", file)
		}
		members := map[string][]string{}
		for _, r := range recs[1:] {
			members[r[cluster]] = append(members[r[cluster]], r[id])
		}
		out := map[[2]string]bool{}
		for _, ids := range members {
			for i := range ids {
				for j := i + 1; j < len(ids); j++ {
					out[[2]string{ids[i], ids[j]}] = true
				}
			}
		}
		return out, nil
	}
}

func main() {
	data := flag.String("data", "../shared/data", "folder of the reference data")
	ruleDir := flag.String("rules", "bench/accuracy", "folder of the rule and mapping files")
	flag.Parse()
	if _, err := os.Stat(*data); err != nil {
		fmt.Printf("accuracy: skipped: no reference data at %s (put shared/ beside the checkout)\n", *data)
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	for _, b := range Benchmarks {
		s, err := b.Run(ctx, *ruleDir, *data)
		if err != nil {
			fmt.Fprintf(os.Stderr, "accuracy: %s: %v\n", b.Name, err)
			os.Exit(1)
		}
		fmt.Println(s.Line(b.Name))
	}
}
