package report_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/nfimatch/nfimatch/matcher"
	"github.com/nfimatch/nfimatch/report"
)

// copied is a Source that hands out the matches of ms n at a time, each
// batch with tables of its own holding just its matches' records, in
// reverse order, as a merge of sorted runs does; after fail batches it
// fails instead.
type copied struct {
	left, right *matcher.Table
	ms          []matcher.Match
	next, fail  int
	batches     int
}

func (c *copied) Next(ctx context.Context, n int) (*matcher.Batch, error) {
	if c.fail > 0 && c.batches == c.fail {
		return nil, errors.New("the sorted runs are gone")
	}
	if c.next >= len(c.ms) {
		return nil, io.EOF
	}
	c.batches++
	end := min(c.next+n, len(c.ms))
	b := &matcher.Batch{}
	var left, right []int
	for i := end - 1; i >= c.next; i-- {
		m := c.ms[i]
		left, right = append(left, m.Left), append(right, m.Right)
		m.Left, m.Right = len(left)-1, len(right)-1
		b.Matches = append([]matcher.Match{m}, b.Matches...)
	}
	b.Left, b.Right = pick(c.left, left), pick(c.right, right)
	c.next = end
	return b, nil
}

// pick returns a table of rows of src, in that order.
func pick(src *matcher.Table, rows []int) *matcher.Table {
	t := &matcher.Table{Dataset: src.Dataset, Cols: make([]matcher.Column, len(src.Cols)), Len: len(rows)}
	for c := range src.Cols {
		s, d := &src.Cols[c], &t.Cols[c]
		d.Kind = s.Kind
		var str []string
		for _, r := range rows {
			d.Valid = append(d.Valid, s.Valid[r])
			if s.Str.Len() > 0 {
				str = append(str, s.Str.At(r))
			}
			if s.Num != nil {
				d.Num = append(d.Num, s.Num[r])
			}
		}
		if str != nil {
			d.Str = matcher.StringsOf(str...)
		}
	}
	return t
}

// manyMatches is the two matches of matched repeated as n, with their
// own ids, scores and money, so that a report of them has several row
// groups and several flushes to a row group.
func manyMatches(t *testing.T, n int) (*matcher.Plan, *matcher.Table, *matcher.Table, *matcher.Result) {
	plan, left, right, res := matched(t)
	var ms []matcher.Match
	for i := 0; i < n; i++ {
		m := res.Matches[i%2]
		m.ID = fmt.Sprintf("%s-%03d", m.ID, i)
		m.Score -= float64(i) / 10
		m.Amount += int64(i)
		ms = append(ms, m)
	}
	out := *res
	out.Matches = ms
	return plan, left, right, &out
}

// TestWriteFromBatchesIsWrite: a report written from batches, each with
// tables of its own, is the file Write gives for the matches in one slice,
// with the same summary.
func TestWriteFromBatchesIsWrite(t *testing.T) {
	plan, left, right, res := manyMatches(t, 101)
	cfg := report.Config{PageSize: 1024, RowGroupRows: 23}
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole.parquet")
	want, err := report.Write(context.Background(), whole, "r", cfg, plan, left, right, res)
	if err != nil {
		t.Fatal(err)
	}
	streamed := filepath.Join(dir, "streamed.parquet")
	got, err := report.WriteFrom(context.Background(), streamed, "r", cfg, plan, &copied{left: left, right: right, ms: res.Matches})
	if err != nil {
		t.Fatal(err)
	}
	want.Path = streamed
	if !reflect.DeepEqual(got, want) {
		t.Errorf("summary %+v, want %+v", got, want)
	}
	if got.Matches != 101 || got.ByBand["high"]+got.ByBand["medium"]+got.ByBand["low"] != 101 {
		t.Errorf("summary counts %d matches, by band %v; want 101", got.Matches, got.ByBand)
	}
	a, err := os.ReadFile(whole)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(streamed)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("the report written from batches differs from the one written from a slice (%d and %d bytes)", len(b), len(a))
	}
}

// TestWriteFromFailingSourceLeavesNoReport: a source that fails part way
// leaves no report, whole or partial, and its error is returned.
func TestWriteFromFailingSourceLeavesNoReport(t *testing.T) {
	plan, left, right, res := manyMatches(t, 101)
	dir := t.TempDir()
	src := &copied{left: left, right: right, ms: res.Matches, fail: 3}
	_, err := report.WriteFrom(context.Background(), filepath.Join(dir, "r.parquet"), "r", report.Config{PageSize: 1024, RowGroupRows: 23}, plan, src)
	if err == nil || src.batches != 3 {
		t.Fatalf("WriteFrom = %v after %d batches, want the source's error after 3", err, src.batches)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("a failed write left %s behind", e.Name())
	}
}
