package extract

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// line is one physical line of an input file with its 1-based number.
type line struct {
	n    int
	text []byte // with its line ending
}

// lineReader serves its input to a csv.Reader one physical line per Read
// call, so that the parser never reads past the record it is parsing, and
// keeps the lines of the record in progress. When a record turns out to be
// malformed (a stray quote can swallow the rows after it), the reader can
// reject its first line and replay the others through a fresh parser, so
// that no row is lost silently.
type lineReader struct {
	src     *bufio.Reader
	next    int    // number of the next line read from src
	replay  []line // lines to serve again before reading src
	kept    []line // lines served since the last take
	pending []byte // the rest of a line longer than the caller's buffer
}

func newLineReader(src *bufio.Reader) *lineReader { return &lineReader{src: src, next: 1} }

// Read serves at most one line.
func (l *lineReader) Read(p []byte) (int, error) {
	if len(l.pending) == 0 {
		var ln line
		if len(l.replay) > 0 {
			ln, l.replay = l.replay[0], l.replay[1:]
		} else {
			text, err := l.src.ReadBytes('\n')
			if len(text) == 0 {
				if err == nil {
					err = io.EOF
				}
				return 0, err
			}
			if err != nil && !errors.Is(err, io.EOF) {
				return 0, err
			}
			ln = line{n: l.next, text: text}
			l.next++
		}
		l.kept = append(l.kept, ln)
		l.pending = ln.text
	}
	n := copy(p, l.pending)
	l.pending = l.pending[n:]
	return n, nil
}

// take returns the lines of the record just parsed, without the blank lines
// the parser skips, and starts a new record.
func (l *lineReader) take() []line {
	kept := l.kept
	l.kept = nil
	for len(kept) > 0 && len(bytes.TrimSpace(kept[0].text)) == 0 {
		kept = kept[1:]
	}
	return kept
}

// replayLines queues lines to be served again, before anything else.
func (l *lineReader) replayLines(lines []line) {
	l.replay = append(append([]line(nil), lines...), l.replay...)
}

// rawText joins lines without their final line ending, as a reject shows
// them.
func rawText(lines []line) string {
	var b []byte
	for _, ln := range lines {
		b = append(b, ln.text...)
	}
	return string(bytes.TrimRight(b, "\r\n"))
}
