package matcher

import (
	"cmp"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/nfimatch/nfimatch/extract"
)

// Batch is a share of a run's matches, in report order, with the records
// they name: each match's Left and Right index rows of Left and Right.
type Batch struct {
	Matches     []Match
	Left, Right *Table
}

// Partitioned is the outcome of a partitioned run: its counters and pass
// statistics, and its matches in report order, read from sorted runs on
// disk with Next. It is not safe for concurrent use.
type Partitioned struct {
	// Result holds the run's counters; its Matches are nil. A one-to-one
	// rule's OneToOneDropped counts the matches dropped as Next goes, all
	// of them once Next has returned io.EOF.
	Result *Result

	left, right *extract.Dataset
	oneToOne    bool
	merge       *merger
	taken       [2]bitset // the run rows of the records a kept match took (one-to-one)
	files       []string  // sorted runs written, removed by Close
}

// Next returns the run's next n matches in report order, or fewer when
// fewer are left, with the records they name; io.EOF when none are left.
// A one-to-one rule's matches whose left or right record an earlier match
// took are dropped on the way. The batch is the caller's.
func (p *Partitioned) Next(ctx context.Context, n int) (*Batch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if p.merge == nil {
		return nil, fmt.Errorf("partitioned run: matches read after Close")
	}
	b := &Batch{Left: tableOf(p.left), Right: tableOf(p.right)}
	for len(b.Matches) < n {
		c := p.merge.head()
		if c == nil {
			break
		}
		rb, i := c.rd.cur, c.rd.i
		l, r := rb.rows[0][i], rb.rows[1][i]
		keep := true
		if p.oneToOne {
			if keep = !p.taken[0].has(l) && !p.taken[1].has(r); keep {
				p.taken[0].add(l)
				p.taken[1].add(r)
			} else {
				p.Result.OneToOneDropped++
			}
		}
		if keep {
			m := rb.ms[i]
			var err error
			if m.Left, err = copyRow(b.Left, rb.left, i); err != nil {
				return nil, fmt.Errorf("records of the matches: %w", err)
			}
			if m.Right, err = copyRow(b.Right, rb.right, i); err != nil {
				return nil, fmt.Errorf("records of the matches: %w", err)
			}
			b.Matches = append(b.Matches, m)
		}
		if err := p.merge.pop(ctx); err != nil {
			return nil, fmt.Errorf("merge the sorted runs: %w", err)
		}
	}
	if len(b.Matches) == 0 {
		return nil, io.EOF
	}
	return b, nil
}

// Close closes and removes the sorted runs; it is safe to call more than
// once.
func (p *Partitioned) Close() error {
	var err error
	if p.merge != nil {
		err = p.merge.close()
		p.merge = nil
	}
	removeFiles(p.files)
	p.files = nil
	if err != nil {
		return fmt.Errorf("sorted runs: %w", err)
	}
	return nil
}

// cursor is a sorted run being merged, at its head match.
type cursor struct {
	rd  *runReader
	key matchKey
}

// setKey takes the key of the run's head match.
func (c *cursor) setKey() {
	b, i := c.rd.cur, c.rd.i
	c.key = newMatchKey(&b.ms[i], b.rows[0][i], b.rows[1][i])
}

// advance moves past the head match; false when the run is through.
func (c *cursor) advance(ctx context.Context) (bool, error) {
	c.rd.i++
	if c.rd.i < len(c.rd.cur.ms) {
		c.setKey()
		return true, nil
	}
	ok, err := c.rd.next(ctx)
	if ok {
		c.setKey()
	}
	return ok, err
}

// cursors is a heap of runs by their head match, in report order.
type cursors []*cursor

func (h cursors) Len() int           { return len(h) }
func (h cursors) Less(i, j int) bool { return h[i].key.before(&h[j].key) }
func (h cursors) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *cursors) Push(x any)        { *h = append(*h, x.(*cursor)) }
func (h *cursors) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}

// merger merges sorted runs into report order.
type merger struct {
	heap cursors
	open []*runReader
}

// openMerger opens the runs at paths and reads the first batch of each.
func openMerger(ctx context.Context, paths []string, format *runFormat) (*merger, error) {
	m := &merger{}
	for _, p := range paths {
		rd, err := openRun(p, format)
		if err != nil {
			m.close()
			return nil, err
		}
		m.open = append(m.open, rd)
		ok, err := rd.next(ctx)
		if err != nil {
			m.close()
			return nil, err
		}
		if ok {
			c := &cursor{rd: rd}
			c.setKey()
			m.heap = append(m.heap, c)
		}
	}
	heap.Init(&m.heap)
	return m, nil
}

// head returns the run holding the first match in report order, or nil
// when every run is through.
func (m *merger) head() *cursor {
	if len(m.heap) == 0 {
		return nil
	}
	return m.heap[0]
}

// pop moves past the first match.
func (m *merger) pop(ctx context.Context) error {
	ok, err := m.heap[0].advance(ctx)
	if err != nil {
		return err
	}
	if ok {
		heap.Fix(&m.heap, 0)
	} else {
		heap.Pop(&m.heap)
	}
	return nil
}

func (m *merger) close() error {
	var errs []error
	for _, rd := range m.open {
		errs = append(errs, rd.close())
	}
	m.open, m.heap = nil, nil
	return errors.Join(errs...)
}

// mergeRuns merges the sorted runs at paths into one at out.
func mergeRuns(ctx context.Context, paths []string, out string, format *runFormat, batchRows int) (err error) {
	m, err := openMerger(ctx, paths, format)
	if err != nil {
		return err
	}
	defer func() {
		if e := m.close(); err == nil && e != nil {
			err = fmt.Errorf("sorted run: %w", e)
		}
	}()
	return writeRunFile(out, format, batchRows, func(w *runWriter) error {
		for n := 0; ; n++ {
			c := m.head()
			if c == nil {
				return nil
			}
			if n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			b, i := c.rd.cur, c.rd.i
			if err := w.add(&b.ms[i], b.left, i, b.right, i, b.rows[0][i], b.rows[1][i]); err != nil {
				return err
			}
			if err := m.pop(ctx); err != nil {
				return err
			}
		}
	})
}

// narrowRuns merges runs until at most width are left, and returns them:
// each time the smallest runs, as few as it takes and at most width, so
// that as few matches as can be are written twice. The runs merged are
// removed; the runs written are named in dir and added to made, so that
// the caller can remove them should anything fail.
func narrowRuns(ctx context.Context, runs []string, width int, dir string, format *runFormat, batchRows int, made *[]string) ([]string, error) {
	if len(runs) <= width {
		return runs, nil
	}
	size := map[string]int64{}
	for _, r := range runs {
		st, err := os.Stat(r)
		if err != nil {
			return nil, fmt.Errorf("sorted run: %w", err)
		}
		size[r] = st.Size()
	}
	runs = slices.Clone(runs)
	for n := 0; len(runs) > width; n++ {
		slices.SortStableFunc(runs, func(a, b string) int { return cmp.Compare(size[a], size[b]) })
		k := min(width, len(runs)-width+1)
		out := filepath.Join(dir, fmt.Sprintf("merged-%04d.arrow", n))
		if err := mergeRuns(ctx, runs[:k], out, format, batchRows); err != nil {
			return nil, err
		}
		*made = append(*made, out)
		removeFiles(runs[:k])
		st, err := os.Stat(out)
		if err != nil {
			return nil, fmt.Errorf("sorted run: %w", err)
		}
		size[out] = st.Size()
		runs = append(runs[k:], out)
	}
	return runs, nil
}

// bitset is a growable set of non-negative integers.
type bitset []uint64

func (s *bitset) has(i int64) bool {
	w := int(i >> 6)
	return w < len(*s) && (*s)[w]&(1<<(i&63)) != 0
}

func (s *bitset) add(i int64) {
	w := int(i >> 6)
	if w >= len(*s) {
		*s = append(*s, make([]uint64, w+1-len(*s)+len(*s)/2)...)
	}
	(*s)[w] |= 1 << (i & 63)
}
