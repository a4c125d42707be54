package extract

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// maxRecordLines and maxRecordBytes bound one record: a quote left open
// would otherwise make the parser read, and hold, the rest of the file.
const (
	maxRecordLines = 200
	maxRecordBytes = 1 << 20
)

// errRecordTooLong stops a record that passes maxRecordLines or
// maxRecordBytes; the reader rejects its first line and reads on.
var errRecordTooLong = errors.New("a quoted field runs over too many lines: a quote was left open")

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
	src       *bufio.Reader
	next      int    // number of the next line read from src
	replay    []line // lines to serve again before reading src
	kept      []line // lines served since the last take
	keptBytes int
	pending   []byte // the rest of a line longer than the caller's buffer
}

func newLineReader(src *bufio.Reader) *lineReader { return &lineReader{src: src, next: 1} }

// Read serves at most one line.
func (l *lineReader) Read(p []byte) (int, error) {
	if len(l.pending) == 0 {
		if len(l.kept) >= maxRecordLines || l.keptBytes >= maxRecordBytes {
			return 0, errRecordTooLong
		}
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
		l.keptBytes += len(ln.text)
		l.pending = ln.text
	}
	n := copy(p, l.pending)
	l.pending = l.pending[n:]
	return n, nil
}

// take returns the lines of the record just parsed, without the empty lines
// the parser skips, and starts a new record. A line of spaces is not empty:
// the parser reads it as a row, which is then rejected.
func (l *lineReader) take() []line {
	kept := l.kept
	l.kept, l.keptBytes = nil, 0
	for len(kept) > 0 && len(bytes.TrimRight(kept[0].text, "\r\n")) == 0 {
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
