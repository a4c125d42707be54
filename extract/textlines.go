package extract

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// tooLongReason is the reject reason for a line cut at maxRecordBytes.
var tooLongReason = fmt.Sprintf("line is longer than %d bytes", maxRecordBytes)

// textLines reads text one line at a time for the sources that take a line
// per record (fixed-width, JSON Lines). Lines end with LF or CRLF; a UTF-8
// byte order mark before the first line is dropped. A line longer than
// maxRecordBytes is cut there and the rest of it skipped, so that a file
// without line breaks is not held in memory whole.
type textLines struct {
	br      *bufio.Reader
	next    int // number of the next line, from 1
	buf     []byte
	started bool
}

func newTextLines(r io.Reader) *textLines {
	return &textLines{br: bufio.NewReaderSize(r, 1<<16), next: 1}
}

// read returns the next line without its line ending, its number, and
// whether it was cut. It returns io.EOF after the last line, and any other
// error of the input as it is.
func (l *textLines) read() (text string, n int, cut bool, err error) {
	if !l.started {
		l.started = true
		if head, _ := l.br.Peek(3); bytes.Equal(head, []byte("\ufeff")) {
			l.br.Discard(3)
		}
	}
	l.buf = l.buf[:0]
	for {
		chunk, err := l.br.ReadSlice('\n')
		if len(l.buf)+len(chunk) <= maxRecordBytes {
			l.buf = append(l.buf, chunk...)
		} else {
			if !cut {
				l.buf = append(l.buf, chunk[:maxRecordBytes-len(l.buf)]...)
			}
			cut = true
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if errors.Is(err, io.EOF) && (len(l.buf) > 0 || cut) {
			err = nil
		}
		if err != nil {
			return "", 0, false, err
		}
		break
	}
	n = l.next
	l.next++
	line := l.buf
	if !cut {
		line = bytes.TrimSuffix(line, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
	}
	return string(line), n, cut, nil
}

// isBlankRecord reports a line or block with nothing but spaces, tabs or
// the Ctrl-Z that old DOS tools write at the end of a file: padding, not a
// record.
func isBlankRecord(s string) bool {
	return strings.Trim(s, " \t\x1a") == ""
}
