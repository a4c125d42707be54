package extract

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// ErrUnknownEncoding is returned for a character encoding DecodeReader does
// not know.
var ErrUnknownEncoding = errors.New("unknown character encoding")

// Encodings lists the names DecodeReader knows, as a mapping file writes
// them.
var Encodings = []string{"auto", "utf-8", "utf-16", "windows-1252", "latin-1", "ebcdic-037", "ebcdic-285"}

// encodingAliases maps other common spellings onto the names in Encodings.
// Keys are lower case without spaces, hyphens or underscores.
var encodingAliases = map[string]string{
	"": "auto", "auto": "auto",
	"utf8": "utf-8", "utf16": "utf-16",
	"windows1252": "windows-1252", "cp1252": "windows-1252", "ansi": "windows-1252",
	"latin1": "latin-1", "iso88591": "latin-1",
	"ebcdic037": "ebcdic-037", "cp037": "ebcdic-037", "ibm037": "ebcdic-037", "ebcdic37": "ebcdic-037",
	"ebcdic285": "ebcdic-285", "cp285": "ebcdic-285", "ibm285": "ebcdic-285", "ebcdicuk": "ebcdic-285",
}

// detectPrefix is how much of a file "auto" looks at, in bytes.
const detectPrefix = 64 << 10

// DecodeReader returns r decoded from the named character encoding to UTF-8.
//
//   - "utf-8" passes the bytes through, less a byte order mark. Invalid bytes
//     stay as they are; the Reader reads a value that is not UTF-8 as
//     Windows-1252.
//   - "utf-16" reads UTF-16 with a byte order mark (little-endian without
//     one), as spreadsheets save "Unicode text". A UTF-8 byte order mark
//     overrides it.
//   - "windows-1252" and "latin-1" (ISO-8859-1) are the Windows and ISO
//     single-byte Western European sets.
//   - "ebcdic-037" (US/Canada) and "ebcdic-285" (UK and Ireland) are the
//     mainframe sets. Their record separators, NL (0x15) and LF (0x25), both
//     become "\n". Only text can be decoded: packed decimal or binary fields
//     must be unpacked to display digits before the file is sent.
//   - "auto", or "", looks at the first 64 KiB: a UTF-16 byte order mark
//     means UTF-16; valid UTF-8 (or plain ASCII), after any UTF-8 byte order
//     mark, means UTF-8; anything else Windows-1252. A Windows-1252 byte
//     after the first 64 KiB is passed through, and the Reader reads a value
//     that is not UTF-8 as Windows-1252. EBCDIC is never guessed: declare
//     it.
//
// Names are matched without regard to case, spaces, hyphens or underscores,
// and common aliases (cp1252, iso-8859-1, cp285, ibm037) are accepted. An
// unknown name is an error wrapping ErrUnknownEncoding that lists the known
// ones. DecodeReader reads nothing itself; read errors come from the returned
// reader.
func DecodeReader(r io.Reader, encoding string) (io.Reader, error) {
	name, err := canonicalEncoding(encoding)
	if err != nil {
		return nil, err
	}
	switch name {
	case "utf-8":
		return &bomReader{br: bufio.NewReaderSize(r, 1<<16)}, nil
	case "utf-16":
		return transform.NewReader(r, utf16Decoder()), nil
	case "windows-1252":
		return transform.NewReader(r, charmap.Windows1252.NewDecoder()), nil
	case "latin-1":
		return transform.NewReader(r, charmap.ISO8859_1.NewDecoder()), nil
	case "ebcdic-037":
		return transform.NewReader(r, ebcdicDecoder{&ebcdic037}), nil
	case "ebcdic-285":
		return transform.NewReader(r, ebcdicDecoder{&ebcdic285}), nil
	default:
		return &autoReader{br: bufio.NewReaderSize(r, detectPrefix)}, nil
	}
}

// canonicalEncoding returns the name in Encodings that encoding stands for.
func canonicalEncoding(encoding string) (string, error) {
	key := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '_' {
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(encoding)))
	if name, ok := encodingAliases[key]; ok {
		return name, nil
	}
	return "", fmt.Errorf("encoding %q: %w (known: %s)", encoding, ErrUnknownEncoding, strings.Join(Encodings, ", "))
}

// utf16Decoder reads UTF-16 by its byte order mark, little-endian without.
func utf16Decoder() transform.Transformer {
	return unicode.BOMOverride(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder())
}

// bomReader drops a UTF-8 byte order mark at the start of its input.
type bomReader struct {
	br      *bufio.Reader
	started bool
}

func (b *bomReader) Read(p []byte) (int, error) {
	if !b.started {
		b.started = true
		if head, _ := b.br.Peek(3); bytes.Equal(head, []byte("\ufeff")) {
			b.br.Discard(3)
		}
	}
	return b.br.Read(p)
}

// autoReader decides on the first Read how its input is encoded.
type autoReader struct {
	br *bufio.Reader
	r  io.Reader
}

func (a *autoReader) Read(p []byte) (int, error) {
	if a.r == nil {
		head, err := a.br.Peek(detectPrefix)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
			return 0, err
		}
		a.r = a.decoder(head, err == nil)
	}
	return a.r.Read(p)
}

// decoder picks the decoding of a file that starts with head; more says
// whether the file goes on past it.
func (a *autoReader) decoder(head []byte, more bool) io.Reader {
	switch {
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}), bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		return transform.NewReader(a.br, utf16Decoder())
	case bytes.HasPrefix(head, []byte("\ufeff")):
		// A byte order mark says UTF-8, but a file pasted together from
		// two systems may not be: the rest must still be valid.
		a.br.Discard(3)
		head = head[3:]
	}
	if more {
		head = trimPartialRune(head)
	}
	if utf8.Valid(head) {
		return a.br
	}
	return transform.NewReader(a.br, charmap.Windows1252.NewDecoder())
}

// trimPartialRune drops the start of a UTF-8 sequence cut off at the end of
// b, so that a prefix of a valid file is valid.
func trimPartialRune(b []byte) []byte {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			break
		}
	}
	return b
}
