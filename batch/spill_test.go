package batch_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nfimatch/nfimatch/batch"
	"github.com/nfimatch/nfimatch/fixtures"
)

// Test data is synthetic: invented people, NI numbers of the form AB123456C.

// tinyBudget forces a partitioned run on test data: a report is split
// into tens of partitions.
const tinyBudget = 256 << 10

// demoJob writes the demo borough (a pensions-to-deceased link) and
// returns its job file.
func demoJob(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	b, err := fixtures.Generate(fixtures.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if err := b.WriteFiles(dir, "out"); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, fixtures.JobFile)
}

// tfJob is the demo borough matched by a copy of pensions-deceased that
// weighs surname agreement by term frequency and keeps each record's best
// match only (one_to_one).
func tfJob(t *testing.T) string {
	t.Helper()
	path := demoJob(t)
	dir := filepath.Dir(path)
	r, err := os.ReadFile("../rules/catalogue/pensions-deceased.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rule := strings.Replace(string(r), "      - {level: exact, weight: 5}", "      - {level: exact, weight: 5, tf: true}", 1)
	rule = strings.Replace(rule, "\nscope: any\n", "\nscope: any\none_to_one: true\n", 1)
	if rule == string(r) || !strings.Contains(rule, "one_to_one") || !strings.Contains(rule, "tf: true") {
		t.Fatal("the rule could not be edited")
	}
	if err := os.WriteFile(filepath.Join(dir, "tf.yaml"), []byte(rule), 0o600); err != nil {
		t.Fatal(err)
	}
	job, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(job), "  - rule: pensions-deceased\n", "  - file: tf.yaml\n", 1)
	if edited == string(job) {
		t.Fatal("the job could not be edited")
	}
	if err := os.WriteFile(path, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	// Every third death is recorded twice, under another reference: two
	// matches for one pensioner, of which one-to-one keeps one.
	deaths := filepath.Join(dir, fixtures.DeceasedFile)
	d, err := os.ReadFile(deaths)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(d), "\r\n"), "\r\n")
	for i, n := 1, len(lines); i < n; i += 3 {
		lines = append(lines, "X"+lines[i][1:])
	}
	if err := os.WriteFile(deaths, []byte(strings.Join(lines, "\r\n")+"\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// tenantsJob writes three landlords' tenants, searched within across
// bodies by the housing-tenants-tenants rule, whose dob_swapped pass meets
// a forename on one record against the surname on the other. Names, dates
// of birth and postcodes come from small pools, so that blocks overlap
// from pass to pass and many pairs score, and a third of the tenants give
// one phone number, a block the guard skips.
func tenantsJob(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(7, 11))
	fore := []string{"JOHN", "MARY", "AHMED", "SARAH", "PETER", "GRACE", "OWEN", "PRIYA", "SMITH", "JONES"}
	sur := []string{"SMITH", "JONES", "KHAN", "PATEL", "EVANS", "JOHN", "MARY", "BROWN", "TAYLOR", "WILSON"}
	var job strings.Builder
	fmt.Fprintf(&job, "version: 1\noutput: out\ndatasets:\n")
	var ids []string
	for b := 0; b < 3; b++ {
		var f strings.Builder
		f.WriteString("record_id,forenames,surname,date_of_birth,ni_number,postcode,tenancy_reference,phone,email\n")
		for i := 0; i < n; i++ {
			fn, sn := fore[rng.IntN(len(fore))], sur[rng.IntN(len(sur))]
			if rng.IntN(10) == 0 {
				fn, sn = sn, fn
			}
			dob := fmt.Sprintf("%02d%02d19%02d", 1+rng.IntN(3), 1+rng.IntN(2), 50+rng.IntN(4))
			ni := ""
			if rng.IntN(2) == 0 {
				ni = fmt.Sprintf("AB%06dC", rng.IntN(n/2))
			}
			phone := ""
			if rng.IntN(3) == 0 {
				phone = "01134960000"
			} else if rng.IntN(2) == 0 {
				phone = fmt.Sprintf("0113496%04d", rng.IntN(n))
			}
			ref := fmt.Sprintf("T%d", i)
			fmt.Fprintf(&f, "%s,%s,%s,%s,%s,LS%d 1AA,%s,%s,\n", ref, fn, sn, dob, ni, 1+rng.IntN(5), "TEN"+ref, phone)
		}
		id := fmt.Sprintf("tenants%d", b)
		if err := os.WriteFile(filepath.Join(dir, id+".csv"), []byte(f.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&job, "  - {id: %s, type: housing_tenants, body: \"Landlord %d\", path: %s.csv}\n", id, b, id)
		ids = append(ids, id)
	}
	fmt.Fprintf(&job, "reports:\n  - rule: housing-tenants-tenants\n    datasets: [%s]\n", strings.Join(ids, ", "))
	path := filepath.Join(dir, "job.yaml")
	if err := os.WriteFile(path, []byte(job.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// runJob runs the job at path with the given workers, guard and budget.
func runJob(t *testing.T, path string, workers int, maxBlockPairs, budget int64) *batch.Summary {
	t.Helper()
	j, err := batch.LoadJob(path)
	if err != nil {
		t.Fatal(err)
	}
	opts := batch.DefaultOptions()
	opts.Version = "test"
	opts.Matcher.Workers = workers
	opts.Matcher.ChunkRows = 97
	opts.Matcher.MaxBlockPairs = maxBlockPairs
	opts.MemoryBudget = budget
	sum, err := batch.Run(context.Background(), j, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range sum.Datasets {
		if d.Stats.Rejected != 0 && strings.HasPrefix(d.ID, "tenants") {
			b, _ := os.ReadFile(d.RejectsPath)
			t.Fatalf("input %s: %d rows rejected; test data must load:\n%s", d.ID, d.Stats.Rejected, b)
		}
	}
	return sum
}

// spillFolders lists what a run left of its spill folders under out.
func spillFolders(t *testing.T, out string) []string {
	t.Helper()
	found, err := filepath.Glob(filepath.Join(out, ".spill-*"))
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// sameRun checks that two runs of one job wrote the same reports, byte for
// byte, with the same statistics.
func sameRun(t *testing.T, got, want *batch.Summary) {
	t.Helper()
	if len(got.Reports) != len(want.Reports) {
		t.Fatalf("%d reports, want %d", len(got.Reports), len(want.Reports))
	}
	for i, g := range got.Reports {
		w := want.Reports[i]
		gr, wr := *g.Result, *w.Result
		gr.Matches, wr.Matches = nil, nil
		if !reflect.DeepEqual(gr, wr) {
			t.Errorf("report %s: statistics\n%+v\nwant\n%+v", g.Name, gr, wr)
		}
		if g.Written.Matches != w.Written.Matches || g.Written.Overpaid != w.Written.Overpaid {
			t.Errorf("report %s: %d matches, %d pence overpaid, want %d and %d", g.Name, g.Written.Matches, g.Written.Overpaid, w.Written.Matches, w.Written.Overpaid)
		}
		gb, err := os.ReadFile(g.Written.Path)
		if err != nil {
			t.Fatal(err)
		}
		wb, err := os.ReadFile(w.Written.Path)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(gb, wb) {
			t.Errorf("report %s: the Parquet files differ (%d and %d bytes)", g.Name, len(gb), len(wb))
		}
	}
}

// TestPartitionedRunsLikeInMemory: under a budget the data does not fit,
// a link and a search with crossed keys and a scope are matched partition
// by partition, with a guard that skips blocks, and give the reports and
// statistics of an in-memory run, whatever the number of workers.
func TestPartitionedRunsLikeInMemory(t *testing.T) {
	cases := []struct {
		name  string
		job   func(*testing.T) string
		guard int64
	}{
		{"link", demoJob, 10},
		{"link with term frequencies and one-to-one", tfJob, 10},
		{"search with crossed keys", func(t *testing.T) string { return tenantsJob(t, 400) }, 80},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.job(t)
			mem := runJob(t, path, 8, tc.guard, 0)
			keep := t.TempDir()
			for _, r := range mem.Reports {
				moved := filepath.Join(keep, filepath.Base(r.Written.Path))
				if err := os.Rename(r.Written.Path, moved); err != nil {
					t.Fatal(err)
				}
				r.Written.Path = moved
			}
			skipped := 0
			for _, r := range mem.Reports {
				if r.Written.Matches < 20 {
					t.Fatalf("report %s: %d matches; the test needs more", r.Name, r.Written.Matches)
				}
				for _, ps := range r.Result.Passes {
					skipped += ps.SkippedBlocks
				}
			}
			if strings.Contains(tc.name, "one-to-one") && mem.Reports[0].Result.OneToOneDropped == 0 {
				t.Fatal("one-to-one dropped no match; the test needs it to")
			}
			if skipped == 0 {
				t.Fatal("the guard skipped no block; the test needs it to")
			}
			for _, workers := range []int{1, 8} {
				part := runJob(t, path, workers, tc.guard, tinyBudget)
				for _, r := range part.Reports {
					if r.Partitions < 2 {
						t.Errorf("workers %d: report %s matched in %d partitions, want a partitioned run", workers, r.Name, r.Partitions)
					}
				}
				sameRun(t, part, mem)
				compareParquet(t, part.Reports[0].Written.Path, mem.Reports[0].Written.Path)
				if left := spillFolders(t, part.Output); len(left) > 0 {
					t.Errorf("workers %d: the spill folder is left after the run: %v", workers, left)
				}
			}
			// A budget the data fits is matched in memory.
			fits := runJob(t, path, 2, tc.guard, 1<<40)
			if fits.Reports[0].Partitions != 0 {
				t.Errorf("under a large budget the report was partitioned in %d", fits.Reports[0].Partitions)
			}
			sameRun(t, fits, mem)
		})
	}
}

// TestPartitionedRunFailureLeavesNothing: a run that fails after the
// spill leaves neither a spill folder nor a report.
func TestPartitionedRunFailureLeavesNothing(t *testing.T) {
	path := demoJob(t)
	out := filepath.Join(filepath.Dir(path), "out")
	if err := os.MkdirAll(out, 0o700); err != nil {
		t.Fatal(err)
	}
	// The reports folder cannot be made: writing the report fails.
	if err := os.WriteFile(filepath.Join(out, "reports"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	j, err := batch.LoadJob(path)
	if err != nil {
		t.Fatal(err)
	}
	opts := batch.DefaultOptions()
	opts.MemoryBudget = tinyBudget
	if _, err := batch.Run(context.Background(), j, opts); err == nil {
		t.Fatal("Run succeeded, want an error writing the report")
	}
	if left := spillFolders(t, out); len(left) > 0 {
		t.Errorf("the spill folder is left after a failed run: %v", left)
	}
	reports, _ := filepath.Glob(filepath.Join(out, "*", "*.parquet*"))
	if len(reports) > 0 {
		t.Errorf("a failed run left %v", reports)
	}
}

// cancelAfter is a Progress that cancels the run when the stage named
// stage ends.
type cancelAfter struct {
	stage  string
	cancel context.CancelFunc
	ended  bool
}

func (c *cancelAfter) Begin(stage, unit string) batch.Meter {
	if strings.HasPrefix(stage, c.stage) {
		return cancelMeter{c}
	}
	return cancelMeter{}
}

type cancelMeter struct{ c *cancelAfter }

func (cancelMeter) Set(int64, int64) {}
func (m cancelMeter) End() {
	if m.c != nil {
		m.c.ended = true
		m.c.cancel()
	}
}

// TestPartitionedRunCancelledLeavesNothing: a partitioned run cancelled
// once its parts are matched, as its report is about to be written from
// the sorted runs, leaves neither a spill folder, with the runs, nor a
// report, whole or partial.
func TestPartitionedRunCancelledLeavesNothing(t *testing.T) {
	path := demoJob(t)
	out := filepath.Join(filepath.Dir(path), "out")
	j, err := batch.LoadJob(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	progress := &cancelAfter{stage: "match ", cancel: cancel}
	opts := batch.DefaultOptions()
	opts.MemoryBudget = tinyBudget
	opts.Progress = progress
	if _, err := batch.Run(ctx, j, opts); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v, want context.Canceled", err)
	}
	if !progress.ended {
		t.Fatal("the matching stage never ended; the test needs it to")
	}
	if left := spillFolders(t, out); len(left) > 0 {
		t.Errorf("the spill folder is left after a cancelled run: %v", left)
	}
	var reports []string
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".parquet") {
			reports = append(reports, p)
		}
		return nil
	})
	if len(reports) > 0 {
		t.Errorf("a cancelled run left %v", reports)
	}
}
