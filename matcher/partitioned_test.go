package matcher

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/rules"
)

// Test data is synthetic: invented people, NI numbers of the form AB123456C.

// population returns pensioners and deaths drawn from small pools of
// names, dates of birth and postcodes, so that blocks of every pass of
// pensions-deceased overlap and many pairs score: half the pensioners
// died, some recorded twice under another reference, some without their
// NI number.
func population(n int) (pens, dead []row) {
	rng := rand.New(rand.NewPCG(17, 19))
	fore := []string{"JOHN", "MARY", "AHMED", "SARAH", "PETER"}
	sur := []string{"SMITH", "JONES", "KHAN", "PATEL", "EVANS"}
	for i := 0; i < n; i++ {
		p := row{"record_id": fmt.Sprintf("P%d", i), "forenames": fore[rng.IntN(len(fore))], "surname": sur[rng.IntN(len(sur))],
			"date_of_birth": fmt.Sprintf("%02d%02d19%02d", 1+rng.IntN(3), 1+rng.IntN(2), 40+rng.IntN(3)),
			"ni_number":     fmt.Sprintf("AB%06dC", i), "postcode": fmt.Sprintf("LS%d 1AA", 1+rng.IntN(4)),
			"address_1": fmt.Sprintf("%d High Street", 1+rng.IntN(9)), "date_last_paid": "28052025",
			"pension_amount": fmt.Sprint(1000 * (1 + rng.IntN(20))), "payment_frequency": "MONTHLY"}
		pens = append(pens, p)
		if rng.IntN(2) == 0 {
			continue
		}
		d := row{"record_id": fmt.Sprintf("D%d", i), "date_of_death": "10032025"}
		for _, f := range []string{"forenames", "surname", "date_of_birth", "ni_number", "postcode", "address_1"} {
			d[f] = p[f]
		}
		if rng.IntN(3) == 0 {
			d["ni_number"] = ""
		}
		dead = append(dead, d)
		if rng.IntN(3) == 0 {
			dead = append(dead, d.with("record_id", fmt.Sprintf("X%d", i)))
		}
	}
	return pens, dead
}

// csvInput streams a file of ds as a partitioned run reads a side.
func csvInput(t *testing.T, ds *extract.Dataset, body, text string) Input {
	return func(ctx context.Context, each func(arrow.Record) error) error {
		rejects := extract.RejectFunc(func(r extract.Reject) error {
			return fmt.Errorf("fixture row rejected: line %d field %s: %s", r.Line, r.Field, r.Reason)
		})
		cfg := extract.DefaultDelimitedConfig()
		rd, err := extract.NewDelimitedReader(ctx, strings.NewReader(text), "test.csv", ds, body, cfg, rejects)
		if err != nil {
			return err
		}
		defer rd.Release()
		for rd.Next() {
			if err := each(rd.Record()); err != nil {
				return err
			}
		}
		return rd.Err()
	}
}

// partitionedFixture is a run over population(n) both in memory and as
// Inputs.
type partitionedFixture struct {
	left, right     *Table
	leftIn, rightIn Input
}

func newPartitionedFixture(t *testing.T, n int) partitionedFixture {
	pens, dead := population(n)
	lt, rt := csvText(extract.Pensions, pens), csvText(extract.Deceased, dead)
	cfg := extract.DefaultDelimitedConfig()
	return partitionedFixture{left: readTable(t, extract.Pensions, pensionsBody, lt, cfg), right: readTable(t, extract.Deceased, deceasedBody, rt, cfg),
		leftIn: csvInput(t, extract.Pensions, pensionsBody, lt), rightIn: csvInput(t, extract.Deceased, deceasedBody, rt)}
}

// oneToOnePlan is the shipped pensions-deceased rule keeping each
// record's best match only.
func oneToOnePlan(t *testing.T) *Plan {
	r, err := rules.Lookup("pensions-deceased")
	if err != nil {
		t.Fatal(err)
	}
	r2 := *r
	r2.OneToOne = true
	return mustCompile(t, &r2)
}

// TestPartitionedRunsLikeRun: a run split into partitions, its matches
// merged back from sorted runs few of which may be open at once, gives
// the matches of an in-memory run in the same order, each with its two
// records, and the same counters; Close leaves nothing in the folder.
func TestPartitionedRunsLikeRun(t *testing.T) {
	f := newPartitionedFixture(t, 300)
	for _, tc := range []struct {
		name string
		plan *Plan
	}{{"link", builtinPlan(t)}, {"one-to-one", oneToOnePlan(t)}} {
		t.Run(tc.name, func(t *testing.T) {
			want := mustRun(t, testConfig(), tc.plan, f.left, f.right)
			if len(want.Matches) < 50 {
				t.Fatalf("%d matches in memory; the test needs more", len(want.Matches))
			}
			if tc.plan.Rule.Rule.OneToOne && want.OneToOneDropped == 0 {
				t.Fatal("one-to-one dropped nothing; the test needs it to")
			}
			e, err := New(testConfig())
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			cfg := PartitionConfig{Dir: dir, Partitions: 5, BatchRows: 16, RunBatchRows: 9, MaxOpenRuns: 4}
			out, err := e.RunPartitioned(context.Background(), tc.plan, f.leftIn, f.rightIn, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer out.Close()
			merged := 0
			for _, name := range folder(t, dir) {
				if strings.HasPrefix(name, "merged-") {
					merged++
				}
			}
			if merged == 0 {
				t.Errorf("no sorted runs were merged before the end; the test needs more runs than %d", cfg.MaxOpenRuns)
			}
			got, batches := drain(t, out, 17)
			if len(got) != len(want.Matches) {
				t.Fatalf("%d matches partitioned, want %d", len(got), len(want.Matches))
			}
			i := 0
			for _, b := range batches {
				for _, m := range b.Matches {
					w := want.Matches[i]
					if !sameMatch(m, w) {
						t.Fatalf("match %d: %+v, want %+v", i, m, w)
					}
					if !sameRecord(b.Left, m.Left, f.left, w.Left) || !sameRecord(b.Right, m.Right, f.right, w.Right) {
						t.Fatalf("match %d: its records are not those of left row %d and right row %d", i, w.Left, w.Right)
					}
					i++
				}
			}
			res, wantRes := *out.Result, *want
			wantRes.Matches = nil
			if !reflect.DeepEqual(res, wantRes) {
				t.Errorf("counters\n%+v\nwant\n%+v", res, wantRes)
			}
			if err := out.Close(); err != nil {
				t.Fatal(err)
			}
			if names := folder(t, dir); len(names) > 0 {
				t.Errorf("the run left %v", names)
			}
		})
	}
}

// TestPartitionedRunCancelled: a run cancelled while its parts are
// matched, or while its matches are read back, leaves no partition file
// and no sorted run once closed.
func TestPartitionedRunCancelled(t *testing.T) {
	f := newPartitionedFixture(t, 120)
	e, err := New(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	plan := builtinPlan(t)
	t.Run("matching", func(t *testing.T) {
		dir := t.TempDir()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		cfg := PartitionConfig{Dir: dir, Partitions: 4, RunBatchRows: 5, Progress: func(done, total int64) {
			if done == total/2 {
				cancel()
			}
		}}
		if _, err := e.RunPartitioned(ctx, plan, f.leftIn, f.rightIn, cfg); !errors.Is(err, context.Canceled) {
			t.Fatalf("RunPartitioned = %v, want context.Canceled", err)
		}
		if names := folder(t, dir); len(names) > 0 {
			t.Errorf("the cancelled run left %v", names)
		}
	})
	t.Run("reading", func(t *testing.T) {
		dir := t.TempDir()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		out, err := e.RunPartitioned(ctx, plan, f.leftIn, f.rightIn, PartitionConfig{Dir: dir, Partitions: 4, RunBatchRows: 5})
		if err != nil {
			t.Fatal(err)
		}
		if names := folder(t, dir); len(names) == 0 {
			t.Fatal("no sorted run on disk; the test needs some")
		}
		if _, err := out.Next(ctx, 3); err != nil {
			t.Fatal(err)
		}
		cancel()
		if _, err := out.Next(ctx, 3); !errors.Is(err, context.Canceled) {
			t.Fatalf("Next = %v, want context.Canceled", err)
		}
		if err := out.Close(); err != nil {
			t.Fatal(err)
		}
		if names := folder(t, dir); len(names) > 0 {
			t.Errorf("the cancelled run left %v", names)
		}
	})
}

// folder lists the names in dir.
func folder(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestPartitionedRunLeavesOthersFiles: a run whose sorted-run file cannot
// be created, because a file of that name is already in the folder, fails
// saying so and removes only what it wrote: the file it found is kept.
func TestPartitionedRunLeavesOthersFiles(t *testing.T) {
	f := newPartitionedFixture(t, 120)
	e, err := New(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var theirs []string
	for k := 0; k < 4; k++ {
		name := fmt.Sprintf("run-0-%04d.arrow", k)
		if err := os.WriteFile(filepath.Join(dir, name), []byte("not ours"), 0o600); err != nil {
			t.Fatal(err)
		}
		theirs = append(theirs, name)
	}
	_, err = e.RunPartitioned(context.Background(), builtinPlan(t), f.leftIn, f.rightIn, PartitionConfig{Dir: dir, Partitions: 4})
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("RunPartitioned = %v, want an error that the file exists", err)
	}
	if names := folder(t, dir); !slices.Equal(names, theirs) {
		t.Errorf("folder holds %v, want only %v", names, theirs)
	}
	for _, name := range theirs {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(b) != "not ours" {
			t.Errorf("%s: %q, %v: the run changed a file it did not write", name, b, err)
		}
	}
}
