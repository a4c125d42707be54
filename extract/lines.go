package extract

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
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
	text string // with its line ending
}

// lineReader cuts its input into physical lines. A DelimitedSource takes
// lines without quotes straight from it (nextLine); the rest it serves to
// a csv.Reader one physical line per Read call, so that the parser never
// reads past the record it is parsing, and keeps the lines of the record in
// progress. When a record turns out to be malformed (a stray quote can
// swallow the rows after it), the reader can reject its first line and
// replay the others through a fresh parser, so that no row is lost
// silently.
//
// Lines are cut from chunks of whole lines, each one string converted from
// the input buffer at once, so that a line costs no allocation of its own;
// a line shares its chunk's memory until every part of it is dropped.
type lineReader struct {
	src       *bufio.Reader
	next      int    // number of the next line read from src
	chunk     string // whole lines read from src and not yet served
	replay    []line // lines to serve again before reading src
	kept      []line // lines served to the parser since the last take
	keptBytes int
	pending   string // the rest of a line longer than the caller's buffer
	err       error  // a read error to return once the lines before it are served
}

func newLineReader(src *bufio.Reader) *lineReader { return &lineReader{src: src, next: 1} }

// nextLine returns the next physical line, replayed or read.
func (l *lineReader) nextLine() (line, error) {
	if len(l.replay) > 0 {
		ln := l.replay[0]
		l.replay = l.replay[1:]
		return ln, nil
	}
	if l.chunk == "" {
		if err := l.fill(); err != nil {
			return line{}, err
		}
	}
	text := l.chunk
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		text = text[:i+1]
	}
	l.chunk = l.chunk[len(text):]
	ln := line{n: l.next, text: text}
	l.next++
	return ln, nil
}

// fill reads the next chunk of whole lines from src: all the whole lines
// its buffer holds, else one line longer than the buffer, else the last
// line of the input, which has no line ending. It returns io.EOF at the
// end.
func (l *lineReader) fill() error {
	if l.err != nil {
		return l.err
	}
	buf, err := l.src.Peek(l.src.Size())
	atEOF := errors.Is(err, io.EOF)
	if err != nil && !atEOF {
		l.err = err
	}
	switch i := bytes.LastIndexByte(buf, '\n'); {
	case i >= 0:
		l.chunk = string(buf[:i+1])
		l.src.Discard(i + 1)
	case l.err != nil:
		return l.err
	case len(buf) == 0:
		return io.EOF
	case atEOF:
		l.chunk = string(buf)
		l.src.Discard(len(buf))
	default: // a line longer than the buffer
		text, err := l.src.ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			l.err = err
			return err
		}
		l.chunk = text
	}
	return nil
}

// unread puts ln back to be read again next.
func (l *lineReader) unread(ln line) {
	l.replay = append([]line{ln}, l.replay...)
}

// Read serves at most one line, for the csv parser.
func (l *lineReader) Read(p []byte) (int, error) {
	if len(l.pending) == 0 {
		if len(l.kept) >= maxRecordLines || l.keptBytes >= maxRecordBytes {
			return 0, errRecordTooLong
		}
		ln, err := l.nextLine()
		if err != nil {
			return 0, err
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
	for len(kept) > 0 && blankLine(kept[0].text) {
		kept = kept[1:]
	}
	return kept
}

// blankLine reports a line of nothing but line-ending characters.
func blankLine(text string) bool { return len(strings.TrimRight(text, "\r\n")) == 0 }

// replayLines queues lines to be served again, before anything else.
func (l *lineReader) replayLines(lines []line) {
	l.replay = append(append([]line(nil), lines...), l.replay...)
}

// rawText joins lines without their final line ending, as a reject shows
// them.
func rawText(lines []line) string {
	var b strings.Builder
	for _, ln := range lines {
		b.WriteString(ln.text)
	}
	return strings.TrimRight(b.String(), "\r\n")
}
