package batch_test

import (
	"context"
	"sync"
	"testing"

	"github.com/nfimatch/nfimatch/batch"
)

// recorder keeps what a run told its progress, stage by stage.
type recorder struct {
	mu     sync.Mutex
	stages []*stage
}

type stage struct {
	name, unit  string
	done, total int64
	calls       int
	ended       bool
	backwards   bool // done went down
}

func (r *recorder) Begin(name, unit string) batch.Meter {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := &stage{name: name, unit: unit, total: -2}
	r.stages = append(r.stages, s)
	return &recMeter{r: r, s: s}
}

type recMeter struct {
	r *recorder
	s *stage
}

func (m *recMeter) Set(done, total int64) {
	m.r.mu.Lock()
	defer m.r.mu.Unlock()
	if done < m.s.done {
		m.s.backwards = true
	}
	m.s.done, m.s.total = done, total
	m.s.calls++
}

func (m *recMeter) End() {
	m.r.mu.Lock()
	defer m.r.mu.Unlock()
	m.s.ended = true
}

// TestProgressFollowsTheStages runs the demo in memory and partitioned and
// checks what the progress heard: the rows extracted, then each report's
// rows or partitions, each stage ended and never going backwards.
func TestProgressFollowsTheStages(t *testing.T) {
	for _, budget := range []int64{0, tinyBudget} {
		path := demoJob(t)
		job, err := batch.LoadJob(path)
		if err != nil {
			t.Fatal(err)
		}
		rec := &recorder{}
		opts := batch.DefaultOptions()
		opts.Matcher.Workers = 2
		opts.Matcher.ChunkRows = 16
		opts.MemoryBudget = budget
		opts.Progress = rec
		sum, err := batch.Run(context.Background(), job, opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(rec.stages) != 2 {
			t.Fatalf("budget %d: %d stages, want extract and one report: %+v", budget, len(rec.stages), rec.stages)
		}
		var loaded int64
		for _, d := range sum.Datasets {
			loaded += int64(d.Stats.Loaded)
		}
		ex, m := rec.stages[0], rec.stages[1]
		if ex.name != "extract" || ex.unit != "rows" || ex.done != loaded || ex.total != -1 || !ex.ended || ex.backwards {
			t.Errorf("budget %d: extract stage %+v, want %d rows of an unknown total, ended", budget, *ex, loaded)
		}
		wantUnit, wantTotal := "rows", int64(sum.Datasets[0].Stats.Loaded)
		if budget > 0 {
			if sum.Reports[0].Partitions < 2 {
				t.Fatalf("budget %d: the report was not partitioned", budget)
			}
			wantUnit, wantTotal = "partitions", int64(sum.Reports[0].Partitions*len(sum.Reports[0].Result.Passes))
		}
		if m.name != "match "+sum.Reports[0].Name || m.unit != wantUnit || m.done != wantTotal || m.total != wantTotal ||
			!m.ended || m.backwards || m.calls < 2 {
			t.Errorf("budget %d: match stage %+v, want %d of %d %s in steps, ended", budget, *m, wantTotal, wantTotal, wantUnit)
		}
	}
}
