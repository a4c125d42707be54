package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/nfimatch/nfimatch/batch"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// isTerminal reports whether w is a terminal, where progress bars can
// redraw themselves.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// bars shows each stage of a run as a progress bar on w: a bar when the
// stage knows its total, a spinner with a count when it does not.
type bars struct{ w io.Writer }

func (b bars) Begin(stage, unit string) batch.Meter {
	return &bar{w: b.w, stage: stage, unit: unit}
}

// bar is one stage's progress bar, made when the stage first reports, so
// that its kind (bar or spinner) follows what the stage knows.
type bar struct {
	w           io.Writer
	stage, unit string
	pb          *progressbar.ProgressBar
	total       int64
}

func (m *bar) Set(done, total int64) {
	if m.pb == nil || (total != m.total && total > 0) {
		if m.pb != nil {
			m.pb.Exit()
		}
		m.total = total
		m.pb = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(m.w),
			progressbar.OptionSetDescription(m.stage),
			progressbar.OptionSetItsString(m.unit),
			progressbar.OptionShowIts(),
			progressbar.OptionShowCount(),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionSetPredictTime(total > 0),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetWidth(30),
		)
	}
	m.pb.Set64(done)
}

func (m *bar) End() {
	if m.pb == nil {
		return
	}
	m.pb.Finish()
	fmt.Fprintln(m.w)
}
