package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/nfimatch/nfimatch/batch"
	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/matcher"
)

// printSummary prints what a run read and found: counts and money only,
// never a person's details.
func printSummary(w io.Writer, job *batch.Job, sum *batch.Summary) {
	fmt.Fprintf(w, "nfimatch %s: %s\n\nInputs\n", version, job.Name)
	for _, d := range sum.Datasets {
		st := d.Stats
		fmt.Fprintf(w, "  %-12s %-10s read %d, loaded %d, rejected %d", d.ID, st.Dataset, st.Read, st.Loaded, st.Rejected)
		if st.Rejected > 0 {
			fmt.Fprintf(w, " (see %s)", rel(d.RejectsPath))
		}
		fmt.Fprintln(w)
		printWarnings(w, "                 ", st)
	}
	fmt.Fprintln(w, "\nReports")
	for _, r := range sum.Reports {
		s, res := r.Written, r.Result
		fmt.Fprintf(w, "  %s: %s\n", r.Name, r.Title)
		if f := res.FilteredOut; f[0] > 0 || f[1] > 0 {
			if r.Search { // one dataset: both counts are its records
				fmt.Fprintf(w, "    %d records left out by the rule's filter\n", f[0])
			} else {
				fmt.Fprintf(w, "    left out by the rule's filters: %d left records, %d right records\n", f[0], f[1])
			}
		}
		if r.Partitions > 0 {
			fmt.Fprintf(w, "    matched in %d partitions per blocking pass, to stay within the memory budget\n", r.Partitions)
		}
		if res.ScopeExcluded > 0 {
			fmt.Fprintf(w, "    %d candidate pairs left out by the rule's scope (%s)\n", res.ScopeExcluded, r.Scope)
		}
		fmt.Fprintf(w, "    %d candidate pairs scored, %d matches: high %d, medium %d, low %d\n",
			res.Compared, s.Matches, s.ByBand["high"], s.ByBand["medium"], s.ByBand["low"])
		if s.PreviouslyReviewed > 0 {
			fmt.Fprintf(w, "    %d of them previously reviewed: their review ended after an earlier run\n", s.PreviouslyReviewed)
		}
		if s.HasAmount {
			fmt.Fprintf(w, "    over-payment %s", matcher.FormatPounds(s.Overpaid))
			if s.Underpaid < 0 {
				fmt.Fprintf(w, ", under-payment %s", matcher.FormatPounds(s.Underpaid))
			}
			if missing := s.Matches - s.WithAmount; missing > 0 {
				fmt.Fprintf(w, " (%d matches without an amount: a value it needs is missing)", missing)
			}
			fmt.Fprintln(w)
		}
		if res.ConditionFailed > 0 || res.ConditionMissing > 0 {
			fmt.Fprintf(w, "    %d pairs scored high enough but did not meet the rule's condition", res.ConditionFailed)
			if res.ConditionMissing > 0 {
				fmt.Fprintf(w, ", %d more lacked a value the condition needs", res.ConditionMissing)
			}
			fmt.Fprintln(w)
		}
		if res.OneToOneDropped > 0 {
			fmt.Fprintf(w, "    %d matches dropped by one_to_one: a better match had taken one of their records\n", res.OneToOneDropped)
		}
		for _, p := range res.Passes {
			if p.SkippedBlocks > 0 {
				fmt.Fprintf(w, "    blocking pass %s skipped %d oversized blocks (%d pairs not compared)\n", p.Name, p.SkippedBlocks, p.SkippedPairs)
			}
		}
		fmt.Fprintf(w, "    -> %s\n", rel(s.Path))
	}
	fmt.Fprintf(w, "\nThe run's record, with a checksum of every input and output: %s\n", rel(sum.Manifest))
	fmt.Fprintf(w, "A summary to open in a browser: %s\n", rel(sum.Page))
	glob := filepath.ToSlash(filepath.Join(rel(sum.Output), "reports", "*.parquet"))
	fmt.Fprintf(w, "\nFinished in %.1fs. Query the reports in DuckDB:\n", sum.Elapsed.Seconds())
	fmt.Fprintf(w, "  duckdb -c \"SELECT report_id, band, count(*) AS matches, sum(amount) AS overpaid FROM read_parquet('%s') GROUP BY ALL ORDER BY ALL\"\n", glob)
}

// rel shows path relative to the working folder when that is shorter.
func rel(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	r, err := filepath.Rel(wd, abs)
	if err != nil || strings.HasPrefix(r, "../../") {
		return path
	}
	return r
}

func rows(n int64) string {
	if n == 1 {
		return "1 row"
	}
	return fmt.Sprintf("%d rows", n)
}

// printWarnings prints a file's warning counts, one per line: what was
// wrong and what was done, never a value.
func printWarnings(w io.Writer, indent string, st extract.Stats) {
	for _, k := range st.WarningKeys() {
		fmt.Fprintf(w, "%s%s with %s\n", indent, rows(st.Warnings[k]), k)
	}
}
