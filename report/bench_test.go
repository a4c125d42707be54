package report_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/matcher"
	"github.com/nfimatch/nfimatch/report"
	"github.com/nfimatch/nfimatch/rules"
)

// benchTable builds a table of n synthetic records of ds: every field
// filled, text drawn from a few hundred values as names and places are, so
// that the report's text columns repeat as real ones do.
func benchTable(ds *extract.Dataset, body string, n int) *matcher.Table {
	t := &matcher.Table{Dataset: ds, Cols: make([]matcher.Column, len(ds.Fields)+1), Len: n}
	bodies := make([]string, n)
	t.Cols[0] = matcher.Column{Kind: extract.KindID, Valid: make([]bool, n)}
	for r := range n {
		bodies[r], t.Cols[0].Valid[r] = body, true
	}
	t.Cols[0].Str = matcher.StringsOf(bodies...)
	for i, f := range ds.Fields {
		c := matcher.Column{Kind: f.Kind, Valid: make([]bool, n)}
		var str []string
		switch f.Kind {
		case extract.KindDate, extract.KindMoney, extract.KindInt, extract.KindFlag:
			c.Num = make([]int64, n)
		default:
			str = make([]string, n)
		}
		for r := range n {
			c.Valid[r] = (r+i)%11 != 0 || f.Name == "record_id"
			switch {
			case f.Name == "record_id":
				str[r] = fmt.Sprintf("R%07d", r)
			case f.Kind == extract.KindDate:
				c.Num[r] = int64(-10000 + (r*7919)%30000)
			case f.Kind == extract.KindMoney || f.Kind == extract.KindInt:
				c.Num[r] = int64((r * 104729) % 500000)
			case f.Kind == extract.KindFlag:
				c.Num[r] = int64(r % 2)
			default:
				str[r] = fmt.Sprintf("%s %d", f.Name, (r*31)%(300+i))
			}
		}
		if str != nil {
			c.Str = matcher.StringsOf(str...)
		}
		t.Cols[i+1] = c
	}
	return t
}

// benchResult pairs record i of each side, n matches, as the matcher would
// report them: every comparison at one of its levels, an amount for most.
func benchResult(plan *matcher.Plan, n int) *matcher.Result {
	res := &matcher.Result{Matches: make([]matcher.Match, n)}
	bands := []string{"high", "medium", "low"}
	for i := range res.Matches {
		m := matcher.Match{ID: fmt.Sprintf("%020x", i*2654435761), Left: i, Right: i, Band: bands[i%3],
			Outcomes: make([]int, len(plan.Comparisons)), Weights: make([]float64, len(plan.Comparisons)),
			Pass: i % len(plan.Rule.Rule.Blocking), Amount: int64(i%9000 - 1000), HasAmount: i%7 != 0,
			Reason: "same date of birth, same surname, similar forename"}
		for c, cmp := range plan.Comparisons {
			m.Outcomes[c] = (i + c) % 2
			m.Weights[c] = cmp.Weight(m.Outcomes[c])
			m.Score += m.Weights[c]
		}
		res.Matches[i] = m
	}
	return res
}

// BenchmarkWrite writes a pensions-to-deceased report of 200,000 matches
// with every field of both sides, the shape of the 1 million person
// benchmark's report at two fifths of its size.
func BenchmarkWrite(b *testing.B) {
	const n = 200_000
	r, err := rules.Lookup("pensions-deceased")
	if err != nil {
		b.Fatal(err)
	}
	plan, err := matcher.CompileRule(r)
	if err != nil {
		b.Fatal(err)
	}
	left := benchTable(extract.Pensions, "Eastbrook Borough Council", n)
	right := benchTable(extract.Deceased, "DWP", n)
	res := benchResult(plan, n)
	path := filepath.Join(b.TempDir(), "bench.parquet")
	cpu0 := cpuTime(b)
	b.ResetTimer()
	for range b.N {
		if _, err := report.Write(context.Background(), path, "bench", report.DefaultConfig(), plan, left, right, res); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/match")
	// The process's processor time, garbage collection included: on a
	// shared machine a steadier figure than the wall time.
	b.ReportMetric(float64(cpuTime(b)-cpu0)/float64(b.N)/n, "cpu-ns/match")
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(st.Size())/n, "file-bytes/match")
}

// cpuTime is the processor time the process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
